//! `phr devices`: a simulated meter syncs through the same path as a real one, twice
//! without duplicates; a mistyped quirk is a usage error; no Bluetooth is one clear line.

mod common;

use common::*;

fn glucose_count(phr: &Phr) -> usize {
    let list = phr
        .run(&[
            "readings",
            "list",
            "--kind",
            "blood_glucose",
            "--limit",
            "100000",
            "--json",
        ])
        .assert_ok()
        .json();
    list.as_array().map_or(0, Vec::len)
}

#[test]
fn a_simulated_meter_with_every_quirk_syncs_500_readings_twice_without_duplicates() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    let args = [
        "devices",
        "simulate",
        "glucose",
        "--records",
        "500",
        "--quirk",
        "all",
        "--contexts",
        "--json",
    ];
    let first = phr.run(&args).assert_ok().json();
    assert_eq!(first["added"], 500, "{first}");
    assert_eq!(glucose_count(&phr), 500);
    let second = phr.run(&args).assert_ok().json();
    assert_eq!(second["added"], 0, "{second}");
    assert_eq!(glucose_count(&phr), 500);
}

#[test]
fn a_mistyped_quirk_is_a_usage_error_naming_the_known_ones() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    let run = phr.run(&["devices", "simulate", "glucose", "--quirk", "sticky"]);
    run.assert_error(2, "battery-restart");
}

#[test]
fn scan_without_a_system_bus_is_one_clear_line_and_a_non_zero_exit() {
    if std::path::Path::new("/run/dbus/system_bus_socket").exists() {
        eprintln!("skipped: this machine has a system bus, so Bluetooth may be there");
        return;
    }
    let phr = Phr::new();
    let run = phr.run(&["devices", "scan", "--seconds", "1"]);
    run.assert_error(1, "Bluetooth is not available");
}
