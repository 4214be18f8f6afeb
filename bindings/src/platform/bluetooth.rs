//! The phone's Bluetooth stack as a blocking link the core drives through a whole sync
//! (`PersonHeldRecord::sync_device`): the shell connects, performs one GATT command at a
//! time and hands over notifications, each call on the sync's own thread, so a shell
//! can wrap `BluetoothGatt` callbacks or CoreBluetooth delegates in a queue and block.

use std::sync::Arc;

use phr_core::devices::DeviceError;
use phr_core::devices::transport::{FeedCommand, FeedLink, StackEvent};

use crate::error::RecordError;

/// A characteristic by service UUID and characteristic UUID, as the stack names them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct GattCharacteristic {
    /// Service UUID (`1808`, `0x1808` or the full UUID).
    pub service: String,
    /// Characteristic UUID.
    pub characteristic: String,
}

/// One device's Bluetooth link, implemented by the shell. Every call may block.
#[uniffi::export(foreign)]
pub trait BluetoothLink: Send + Sync {
    /// Connects, discovers services (bonding first where the device needs it) and
    /// returns every characteristic the device offers. Throw `Device` when it fails.
    fn connect(&self) -> Result<Vec<GattCharacteristic>, RecordError>;
    /// Performs one GATT command and returns what the stack reported.
    fn perform(&self, command: FeedCommand) -> StackEvent;
    /// The next notification, indication or disconnection, waiting at most `wait_ms`;
    /// `null`/`nil` when nothing came in that time.
    fn next_event(&self, wait_ms: u64) -> Option<StackEvent>;
}

/// The shell's link seen through the core's trait.
pub(crate) struct ForeignLink(pub(crate) Arc<dyn BluetoothLink>);

impl FeedLink for ForeignLink {
    fn connect(&mut self) -> Result<Vec<(String, String)>, DeviceError> {
        match self.0.connect() {
            Ok(list) => Ok(list
                .into_iter()
                .map(|c| (c.service, c.characteristic))
                .collect()),
            Err(e) => Err(DeviceError::Connection {
                reason: e.to_string(),
            }),
        }
    }

    fn perform(&mut self, command: &FeedCommand) -> StackEvent {
        self.0.perform(command.clone())
    }

    fn next_event(&mut self, wait_ms: u64) -> Option<StackEvent> {
        self.0.next_event(wait_ms)
    }
}
