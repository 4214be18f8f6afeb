//! The core's simulated meter and cuff behind the feed API, for the binding tests and a
//! shell's demo mode: a `SimulatedDevice` answers `FeedCommand`s as a platform stack
//! would report them (`StackEvent`s) and hands out the notifications the device sends,
//! so a test drives a `DeviceSession` exactly as an app's Bluetooth callbacks do.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use phr_core::devices::session::GattId;
use phr_core::devices::transport::TransportEvent;
use phr_core::devices::transport::simulated::{
    CuffQuirk, MeterQuirk, SimulatedCuff, SimulatedMeter, SimulatedPeripheral,
};

use crate::error::DeviceError;
use crate::feed::{DeviceKind, FeedCommand, GattCharacteristic};

/// What a platform Bluetooth stack reports, one variant per `DeviceSession` method.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum StackEvent {
    /// A read finished (`read_result`).
    ReadResult {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
        /// The value.
        value: Vec<u8>,
    },
    /// A read failed (`read_failed`).
    ReadFailed {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
        /// What the stack said.
        reason: String,
    },
    /// Notifications or indications enabled (`subscribed`).
    Subscribed {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
    },
    /// Enabling them failed (`subscribe_failed`).
    SubscribeFailed {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
        /// What the stack said.
        reason: String,
    },
    /// A write was acknowledged (`write_acknowledged`).
    WriteAcknowledged {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
    },
    /// A write failed (`write_failed`).
    WriteFailed {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
        /// What the stack said.
        reason: String,
    },
    /// A notification or indication (`value`).
    Value {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
        /// The bytes.
        value: Vec<u8>,
    },
    /// The link is gone (`disconnected`).
    Disconnected,
}

fn names(id: GattId) -> (String, String) {
    (id.service.to_string(), id.characteristic.to_string())
}

/// A simulated glucose meter or blood-pressure cuff from the core, answering GATT
/// commands with the real encoders. Not a real device: for tests and demo mode.
#[derive(uniffi::Object)]
pub struct SimulatedDevice {
    peripheral: Mutex<Box<dyn SimulatedPeripheral + Send>>,
    started: Instant,
}

impl std::fmt::Debug for SimulatedDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimulatedDevice").finish_non_exhaustive()
    }
}

impl SimulatedDevice {
    fn wrap(peripheral: Box<dyn SimulatedPeripheral + Send>) -> Arc<Self> {
        Arc::new(Self {
            peripheral: Mutex::new(peripheral),
            started: Instant::now(),
        })
    }

    fn peripheral(&self) -> std::sync::MutexGuard<'_, Box<dyn SimulatedPeripheral + Send>> {
        self.peripheral
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

#[uniffi::export]
impl SimulatedDevice {
    /// A glucose meter holding `records` records (with meal contexts), switched to the
    /// named quirks (`lo-hi`, `duplicates`, `disconnect`, ... or `all`).
    #[uniffi::constructor]
    pub fn glucose_meter(records: u32, quirks: Vec<String>) -> Result<Arc<Self>, DeviceError> {
        let quirks = MeterQuirk::parse_list(&quirks)?;
        Ok(Self::wrap(Box::new(SimulatedMeter::new(
            records as usize,
            &quirks,
            true,
        ))))
    }

    /// A blood-pressure cuff holding `records` readings, switched to the named quirks
    /// (`big-endian`, `map-zero`, ... or `all`).
    #[uniffi::constructor]
    pub fn blood_pressure_cuff(
        records: u32,
        quirks: Vec<String>,
    ) -> Result<Arc<Self>, DeviceError> {
        let quirks = CuffQuirk::parse_list(&quirks)?;
        Ok(Self::wrap(Box::new(SimulatedCuff::new(
            records as usize,
            &quirks,
        ))))
    }

    /// Its id (what the stack would call its address).
    pub fn peripheral_id(&self) -> String {
        self.peripheral().id()
    }

    /// Its advertised name.
    pub fn advertised_name(&self) -> Option<String> {
        self.peripheral().name()
    }

    /// Meter or cuff.
    pub fn kind(&self) -> DeviceKind {
        self.peripheral().kind().into()
    }

    /// A central connects: the characteristics it discovers.
    pub fn connect(&self) -> Result<Vec<GattCharacteristic>, DeviceError> {
        let now = self.now_ms();
        Ok(self
            .peripheral()
            .connect(now)
            .into_iter()
            .map(|id| {
                let (service, characteristic) = names(id);
                GattCharacteristic {
                    service,
                    characteristic,
                }
            })
            .collect())
    }

    /// Performs a command as the device would, and returns what the stack reports.
    pub fn perform(&self, command: FeedCommand) -> Result<StackEvent, DeviceError> {
        let now = self.now_ms();
        let mut device = self.peripheral();
        Ok(match command {
            FeedCommand::Read {
                service,
                characteristic,
            } => match device.read(GattId::parse(&service, &characteristic)?) {
                Ok(value) => StackEvent::ReadResult {
                    service,
                    characteristic,
                    value,
                },
                Err(reason) => StackEvent::ReadFailed {
                    service,
                    characteristic,
                    reason,
                },
            },
            FeedCommand::EnableNotifications {
                service,
                characteristic,
            }
            | FeedCommand::EnableIndications {
                service,
                characteristic,
            } => match device.subscribe(GattId::parse(&service, &characteristic)?, now) {
                Ok(()) => StackEvent::Subscribed {
                    service,
                    characteristic,
                },
                Err(reason) => StackEvent::SubscribeFailed {
                    service,
                    characteristic,
                    reason,
                },
            },
            FeedCommand::Write {
                service,
                characteristic,
                value,
                ..
            } => match device.write(GattId::parse(&service, &characteristic)?, &value, now) {
                Ok(()) => StackEvent::WriteAcknowledged {
                    service,
                    characteristic,
                },
                Err(reason) => StackEvent::WriteFailed {
                    service,
                    characteristic,
                    reason,
                },
            },
            FeedCommand::Disconnect => {
                device.disconnect();
                StackEvent::Disconnected
            }
        })
    }

    /// The next notification, indication or disconnection the device sends on its own,
    /// in order, without waiting for its simulated time; `null`/`nil` when it has
    /// nothing more to send.
    pub fn next_notification(&self) -> Result<Option<StackEvent>, DeviceError> {
        let mut device = self.peripheral();
        let Some(event) = device.outbox().take_next() else {
            return Ok(None);
        };
        Ok(match event {
            TransportEvent::Value { id, value } => {
                let (service, characteristic) = names(id);
                Some(StackEvent::Value {
                    service,
                    characteristic,
                    value,
                })
            }
            TransportEvent::Disconnected => {
                device.disconnect();
                Some(StackEvent::Disconnected)
            }
        })
    }
}
