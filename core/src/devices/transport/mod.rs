//! Transports: how a session's actions reach a device. Map (see `README.md` here):
//!
//! - this file: the async [`Transport`] trait (scan, connect, read, write, subscribe,
//!   the stream of notifications) and what it returns;
//! - [`feed`]: the synchronous feed API for shells that use the platform's own
//!   Bluetooth stack (what the Kotlin/Swift bindings wrap);
//! - [`feed_link`]: a whole sync over the feed API through a blocking [`FeedLink`]
//!   (the bindings' async sync, the simulated device);
//! - [`simulated`]: simulated meter and cuff with switchable quirks, a virtual-time
//!   link for tests, and a `Transport` over them;
//! - `runner` and `blocking` (feature `btleplug-transport`): drive any `Transport`
//!   through a sync, with reconnects; blocking wrappers for the CLI;
//! - `btleplug_transport` (feature `btleplug-transport`): the desktop transport.

pub mod feed;
pub mod feed_link;
pub mod simulated;

#[cfg(feature = "btleplug-transport")]
pub mod blocking;
#[cfg(feature = "btleplug-transport")]
pub mod btleplug_transport;
#[cfg(feature = "btleplug-transport")]
pub mod runner;

use std::time::Duration;

use serde::Serialize;
use uuid::Uuid;

use crate::devices::session::{DeviceError, DeviceKind, GattId, Subscription, uuid16};

pub use feed::{DeviceFeed, FeedCommand, FeedResponse};
pub use feed_link::{FeedLink, StackEvent, sync_over_link};

/// What to scan for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanOptions {
    /// Only devices advertising one of these services.
    pub services: Vec<Uuid>,
    /// How long to listen.
    pub duration: Duration,
}

impl Default for ScanOptions {
    /// Glucose (0x1808) and blood pressure (0x1810) devices, for 5 seconds.
    fn default() -> Self {
        Self {
            services: vec![uuid16(0x1808), uuid16(0x1810)],
            duration: Duration::from_secs(5),
        }
    }
}

/// A device found by a scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundDevice {
    /// The transport's id for it (what `sync ID` takes).
    pub id: String,
    /// Its advertised name.
    pub name: Option<String>,
    /// Meter or cuff, from the advertised services.
    pub kind: Option<DeviceKind>,
    /// Signal strength, dBm.
    pub rssi: Option<i16>,
}

/// A connection: what the device offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// Every characteristic, by service and UUID.
    pub characteristics: Vec<GattId>,
    /// The advertised name, if known.
    pub advertised_name: Option<String>,
}

/// Something the device did on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportEvent {
    /// A notification or indication.
    Value {
        /// From which characteristic.
        id: GattId,
        /// The bytes.
        value: Vec<u8>,
    },
    /// The link dropped.
    Disconnected,
}

/// A Bluetooth LE central, async where IO waits. Implemented by the btleplug transport
/// and the simulator; a shell with its own stack uses [`DeviceFeed`] instead.
#[allow(async_fn_in_trait)] // driven on one thread by the runner: no `Send` needed
pub trait Transport {
    /// Devices advertising the given services.
    async fn scan(&mut self, options: &ScanOptions) -> Result<Vec<FoundDevice>, DeviceError>;
    /// Connects to `device_id` and discovers its services.
    async fn connect(&mut self, device_id: &str) -> Result<Connection, DeviceError>;
    /// Reads a characteristic.
    async fn read(&mut self, id: GattId) -> Result<Vec<u8>, DeviceError>;
    /// Writes a characteristic.
    async fn write(
        &mut self,
        id: GattId,
        value: &[u8],
        with_response: bool,
    ) -> Result<(), DeviceError>;
    /// Enables notifications or indications.
    async fn subscribe(&mut self, id: GattId, kind: Subscription) -> Result<(), DeviceError>;
    /// The next notification, indication or disconnection; waits until there is one
    /// (`None`: the stream ended, as good as a disconnection).
    async fn next_event(&mut self) -> Option<TransportEvent>;
    /// Closes the link.
    async fn disconnect(&mut self) -> Result<(), DeviceError>;
}
