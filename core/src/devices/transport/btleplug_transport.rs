//! The desktop transport, through btleplug (BlueZ on Linux, CoreBluetooth on macOS,
//! WinRT on Windows). Pairing is left to the operating system: it asks when the meter
//! demands an encrypted link. btleplug reports a notification by characteristic UUID
//! only, so each one is mapped back to the service it was subscribed in: a vendor
//! service's second 0x2A52 is never subscribed, so never confused with the RACP.

use std::collections::HashMap;
use std::pin::Pin;

use btleplug::api::{
    Central, CentralEvent, Characteristic, Manager as _, Peripheral as _, ScanFilter,
    ValueNotification, WriteType,
};
use btleplug::platform::{Adapter, Manager, Peripheral};
use futures::future::{Either, select};
use futures::{Stream, StreamExt};
use uuid::Uuid;

use super::{Connection, FoundDevice, ScanOptions, Transport, TransportEvent};
use crate::devices::session::{DeviceError, DeviceKind, GattId, Subscription};

type Notifications = Pin<Box<dyn Stream<Item = ValueNotification> + Send>>;
type CentralEvents = Pin<Box<dyn Stream<Item = CentralEvent> + Send>>;

/// How long `connect` scans for a device it has not seen yet.
const CONNECT_SCAN: std::time::Duration = std::time::Duration::from_secs(5);

/// The system's first Bluetooth adapter.
pub struct BtleplugTransport {
    adapter: Adapter,
    peripheral: Option<Peripheral>,
    characteristics: Vec<Characteristic>,
    subscribed: HashMap<Uuid, Uuid>,
    notifications: Option<Notifications>,
    events: Option<CentralEvents>,
}

impl BtleplugTransport {
    /// Opens the system's Bluetooth. Without an adapter: [`DeviceError::NoAdapter`];
    /// without a Bluetooth service or system bus: [`DeviceError::NoBluetooth`].
    pub async fn new() -> Result<Self, DeviceError> {
        let manager = Manager::new().await.map_err(|e| unavailable(&e))?;
        let adapters = manager.adapters().await.map_err(|e| unavailable(&e))?;
        let adapter = adapters.into_iter().next().ok_or(DeviceError::NoAdapter)?;
        Ok(Self {
            adapter,
            peripheral: None,
            characteristics: Vec::new(),
            subscribed: HashMap::new(),
            notifications: None,
            events: None,
        })
    }

    async fn find(&self, device_id: &str) -> Result<Option<Peripheral>, DeviceError> {
        let peripherals = self
            .adapter
            .peripherals()
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(peripherals.into_iter().find(|p| {
            p.id().to_string().eq_ignore_ascii_case(device_id)
                || p.address().to_string().eq_ignore_ascii_case(device_id)
        }))
    }

    fn characteristic(&self, id: GattId) -> Result<&Characteristic, DeviceError> {
        self.characteristics
            .iter()
            .find(|c| c.service_uuid == id.service && c.uuid == id.characteristic)
            .ok_or_else(|| DeviceError::MissingCharacteristic {
                service: id.service.to_string(),
                characteristic: id.characteristic.to_string(),
            })
    }

    fn connected(&self) -> Result<&Peripheral, DeviceError> {
        self.peripheral
            .as_ref()
            .ok_or_else(|| DeviceError::Connection {
                reason: "not connected".into(),
            })
    }
}

/// The typed error for a btleplug failure to reach Bluetooth at all: one line a
/// person understands (the CLI prints it and exits non-zero).
pub fn unavailable(e: &btleplug::Error) -> DeviceError {
    use btleplug::Error as E;
    let reason = match e {
        E::PermissionDenied => "permission to use Bluetooth was refused".to_owned(),
        E::NotSupported(what) => format!("not supported on this system ({what})"),
        E::DeviceNotFound => return DeviceError::NoAdapter,
        other => explain(&other.to_string()),
    };
    DeviceError::NoBluetooth { reason }
}

/// Turns a stack's message into one line, naming the usual cause on Linux.
fn explain(message: &str) -> String {
    let line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = line.to_ascii_lowercase();
    if lower.contains("org.bluez") || lower.contains("serviceunknown") {
        format!("the Bluetooth service (BlueZ) is not running ({line})")
    } else if lower.contains("dbus") || lower.contains("d-bus") || lower.contains("system bus") {
        format!("cannot reach the system Bluetooth service over D-Bus ({line})")
    } else {
        line
    }
}

fn gatt(operation: String) -> impl FnOnce(btleplug::Error) -> DeviceError {
    move |e| DeviceError::Gatt {
        operation,
        reason: e.to_string(),
    }
}

impl Transport for BtleplugTransport {
    async fn scan(&mut self, options: &ScanOptions) -> Result<Vec<FoundDevice>, DeviceError> {
        let filter = ScanFilter {
            services: options.services.clone(),
        };
        self.adapter
            .start_scan(filter)
            .await
            .map_err(|e| unavailable(&e))?;
        tokio::time::sleep(options.duration).await;
        // Stopping can fail if the adapter went away; the results are still good.
        let _ = self.adapter.stop_scan().await;
        let mut found = Vec::new();
        for p in self
            .adapter
            .peripherals()
            .await
            .map_err(|e| unavailable(&e))?
        {
            let Ok(Some(props)) = p.properties().await else {
                continue;
            };
            let kind = DeviceKind::from_services(&props.services);
            // BlueZ also lists devices it knew before: keep those the filter asked for.
            if kind.is_none() && !options.services.is_empty() {
                continue;
            }
            found.push(FoundDevice {
                id: p.id().to_string(),
                name: props.local_name,
                kind,
                rssi: props.rssi,
            });
        }
        Ok(found)
    }

    async fn connect(&mut self, device_id: &str) -> Result<Connection, DeviceError> {
        let mut peripheral = self.find(device_id).await?;
        if peripheral.is_none() {
            let options = ScanOptions {
                duration: CONNECT_SCAN,
                ..ScanOptions::default()
            };
            self.scan(&options).await?;
            peripheral = self.find(device_id).await?;
        }
        let p = peripheral.ok_or_else(|| DeviceError::NotFound {
            id: device_id.to_owned(),
        })?;
        let connection = |e: btleplug::Error| DeviceError::Connection {
            reason: e.to_string(),
        };
        self.events = Some(self.adapter.events().await.map_err(connection)?);
        p.connect().await.map_err(connection)?;
        p.discover_services().await.map_err(connection)?;
        self.notifications = Some(p.notifications().await.map_err(connection)?);
        self.characteristics = p.characteristics().into_iter().collect();
        self.subscribed.clear();
        let advertised_name = p
            .properties()
            .await
            .ok()
            .flatten()
            .and_then(|p| p.local_name);
        let characteristics = self
            .characteristics
            .iter()
            .map(|c| GattId {
                service: c.service_uuid,
                characteristic: c.uuid,
            })
            .collect();
        self.peripheral = Some(p);
        Ok(Connection {
            characteristics,
            advertised_name,
        })
    }

    async fn read(&mut self, id: GattId) -> Result<Vec<u8>, DeviceError> {
        let c = self.characteristic(id)?;
        self.connected()?
            .read(c)
            .await
            .map_err(gatt(format!("read {id}")))
    }

    async fn write(
        &mut self,
        id: GattId,
        value: &[u8],
        with_response: bool,
    ) -> Result<(), DeviceError> {
        let c = self.characteristic(id)?;
        let kind = if with_response {
            WriteType::WithResponse
        } else {
            WriteType::WithoutResponse
        };
        let p = self.connected()?;
        p.write(c, value, kind)
            .await
            .map_err(gatt(format!("write {id}")))
    }

    async fn subscribe(&mut self, id: GattId, _kind: Subscription) -> Result<(), DeviceError> {
        // btleplug enables indications or notifications by the characteristic's
        // properties, which is what the session asks for.
        let c = self.characteristic(id)?.clone();
        let p = self.connected()?;
        p.subscribe(&c)
            .await
            .map_err(gatt(format!("subscribe to {id}")))?;
        self.subscribed.insert(id.characteristic, id.service);
        Ok(())
    }

    async fn next_event(&mut self) -> Option<TransportEvent> {
        let me = self.peripheral.as_ref().map(|p| p.id());
        loop {
            let (Some(notifications), Some(events)) = (&mut self.notifications, &mut self.events)
            else {
                return None;
            };
            match select(notifications.next(), events.next()).await {
                Either::Left((Some(n), _)) => {
                    if let Some(service) = self.subscribed.get(&n.uuid) {
                        let id = GattId {
                            service: *service,
                            characteristic: n.uuid,
                        };
                        return Some(TransportEvent::Value { id, value: n.value });
                    }
                }
                Either::Right((Some(CentralEvent::DeviceDisconnected(id)), _))
                    if Some(&id) == me.as_ref() =>
                {
                    return Some(TransportEvent::Disconnected);
                }
                Either::Right((Some(_), _)) => {}
                Either::Left((None, _)) | Either::Right((None, _)) => return None,
            }
        }
    }

    async fn disconnect(&mut self) -> Result<(), DeviceError> {
        self.notifications = None;
        self.events = None;
        if let Some(p) = self.peripheral.take() {
            p.disconnect().await.map_err(|e| DeviceError::Connection {
                reason: e.to_string(),
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_system_bus_is_a_typed_one_line_error() {
        let io = std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "D-Bus error: Failed to connect to socket /run/dbus/system_bus_socket:\nNo such file or directory",
        );
        let e = unavailable(&btleplug::Error::Other(Box::new(io)));
        assert!(matches!(e, DeviceError::NoBluetooth { .. }));
        let text = e.to_string();
        assert!(
            text.starts_with(
                "Bluetooth is not available: cannot reach the system Bluetooth service"
            )
        );
        assert!(!text.contains('\n'));
        assert!(e.is_bluetooth_unavailable());
    }

    #[test]
    fn refusals_and_missing_adapters_are_typed() {
        assert!(matches!(
            unavailable(&btleplug::Error::PermissionDenied),
            DeviceError::NoBluetooth { .. }
        ));
        assert!(matches!(
            unavailable(&btleplug::Error::DeviceNotFound),
            DeviceError::NoAdapter
        ));
        let bluez = btleplug::Error::RuntimeError(
            "org.freedesktop.DBus.Error.ServiceUnknown: The name org.bluez was not provided".into(),
        );
        assert!(
            unavailable(&bluez)
                .to_string()
                .contains("BlueZ) is not running")
        );
    }
}
