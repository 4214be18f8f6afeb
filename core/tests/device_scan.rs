//! `phr devices scan` without Bluetooth: a typed error with one line a person
//! understands, never a panic or a raw D-Bus message over several lines.

use phr_core::devices::session::DeviceError;
use phr_core::devices::transport::ScanOptions;
use phr_core::devices::transport::btleplug_transport::unavailable;

#[test]
fn no_system_bus_maps_to_no_bluetooth_with_one_line() {
    let io = std::io::Error::new(
        std::io::ErrorKind::NotFound,
        "D-Bus error: Failed to connect to socket /run/dbus/system_bus_socket: No such file or directory",
    );
    let e = unavailable(&btleplug::Error::Other(Box::new(io)));
    assert!(matches!(e, DeviceError::NoBluetooth { .. }), "{e:?}");
    assert!(e.is_bluetooth_unavailable());
    let text = e.to_string();
    assert!(!text.contains('\n'));
    assert!(text.starts_with("Bluetooth is not available"), "{text}");
}

#[test]
fn no_adapter_is_its_own_error() {
    let e = unavailable(&btleplug::Error::DeviceNotFound);
    assert!(matches!(e, DeviceError::NoAdapter));
    assert_eq!(e.to_string(), "no Bluetooth adapter found on this machine");
}

/// On a machine without a system bus (containers, CI) the real scan fails with the
/// typed error; on a machine with Bluetooth this test has nothing to prove.
#[test]
fn scanning_without_a_system_bus_gives_the_typed_error() {
    let has_bus = std::path::Path::new("/run/dbus/system_bus_socket").exists()
        || std::env::var_os("DBUS_SYSTEM_BUS_ADDRESS").is_some();
    if !cfg!(target_os = "linux") || has_bus {
        return;
    }
    let options = ScanOptions {
        duration: std::time::Duration::from_millis(10),
        ..ScanOptions::default()
    };
    let e = phr_core::devices::transport::blocking::scan(&options).expect_err("no Bluetooth here");
    assert!(e.is_bluetooth_unavailable(), "{e:?}");
    assert!(!e.to_string().contains('\n'));
}
