//! Simulated peripherals: a glucose meter and a blood-pressure cuff that speak bytes
//! through the real encoders, answer RACP requests like a meter (count, report >= N,
//! last, abort), and can be switched to every quirk the sessions must survive. Map:
//!
//! - [`quirks`]: the quirk names (`--quirk ...`);
//! - [`meter_memory`]: a meter's stored records (values, times, numbering);
//! - [`meter`]: [`SimulatedMeter`], GATT and RACP; [`cuff`]: [`SimulatedCuff`];
//! - [`link`]: [`SimulatedLink`], a virtual-time link that drives a sync in
//!   microseconds of real time (tests, timeouts included);
//! - [`transport`]: [`SimulatedTransport`], the async [`super::Transport`] over a
//!   simulated peripheral (what `phr devices simulate` uses, like a real device).

pub mod cuff;
pub mod link;
pub mod meter;
pub mod meter_memory;
pub mod quirks;
pub mod transport;

use std::collections::VecDeque;

use super::TransportEvent;
use crate::devices::session::{DeviceKind, GattId};

pub use cuff::SimulatedCuff;
pub use link::SimulatedLink;
pub use meter::SimulatedMeter;
pub use quirks::{CuffQuirk, MeterQuirk};
pub use transport::SimulatedTransport;

/// A simulated device, as the link or the transport sees it. Times are milliseconds
/// of simulated time.
pub trait SimulatedPeripheral {
    /// Transport id.
    fn id(&self) -> String;
    /// Advertised name.
    fn name(&self) -> Option<String>;
    /// Meter or cuff.
    fn kind(&self) -> DeviceKind;
    /// A central connects: the characteristics it discovers.
    fn connect(&mut self, now_ms: u64) -> Vec<GattId>;
    /// Reads a characteristic.
    fn read(&mut self, id: GattId) -> Result<Vec<u8>, String>;
    /// Writes a characteristic.
    fn write(&mut self, id: GattId, value: &[u8], now_ms: u64) -> Result<(), String>;
    /// Enables notifications or indications.
    fn subscribe(&mut self, id: GattId, now_ms: u64) -> Result<(), String>;
    /// The central disconnects.
    fn disconnect(&mut self);
    /// What the peripheral sends on its own.
    fn outbox(&mut self) -> &mut Outbox;
}

/// What a peripheral will send, each at a simulated time; a procedure's values are
/// tagged so an abort can drop the rest.
#[derive(Debug, Default)]
pub struct Outbox {
    queue: VecDeque<(u64, bool, TransportEvent)>,
}

impl Outbox {
    /// Queues `event` at `at_ms`; `procedure` marks values an RACP abort cancels.
    pub fn push(&mut self, at_ms: u64, procedure: bool, event: TransportEvent) {
        self.queue.push_back((at_ms, procedure, event));
    }

    /// When the next event is due.
    pub fn next_due(&self) -> Option<u64> {
        self.queue.iter().map(|(t, _, _)| *t).min()
    }

    /// The next event due at or before `now_ms`.
    pub fn poll(&mut self, now_ms: u64) -> Option<TransportEvent> {
        let (at, _) = self
            .queue
            .iter()
            .enumerate()
            .filter(|(_, (t, _, _))| *t <= now_ms)
            .min_by_key(|(i, (t, _, _))| (*t, *i))
            .map(|(i, (t, _, _))| (i, *t))?;
        self.queue.remove(at).map(|(_, _, e)| e)
    }

    /// The next event, whenever it is due (for a transport without simulated time).
    pub fn take_next(&mut self) -> Option<TransportEvent> {
        let due = self.next_due()?;
        self.poll(due)
    }

    /// Drops the values of a running procedure (RACP abort).
    pub fn cancel_procedure(&mut self) {
        self.queue.retain(|(_, procedure, _)| !procedure);
    }

    /// Drops everything (disconnection).
    pub fn clear(&mut self) {
        self.queue.clear();
    }

    /// The time of the last queued event, or `now_ms`.
    pub fn last_at(&self, now_ms: u64) -> u64 {
        self.queue
            .iter()
            .map(|(t, _, _)| *t)
            .max()
            .unwrap_or(now_ms)
            .max(now_ms)
    }
}
