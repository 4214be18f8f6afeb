//! A virtual-time link between a simulated peripheral and a [`SyncDriver`]: GATT
//! operations complete at once, notifications arrive at their simulated times, and
//! when nothing is due the clock jumps to the session's next deadline. A sync that
//! waits out a 5 s retry or a grace period takes microseconds, deterministically.

use chrono::{DateTime, TimeDelta, Utc};
use std::collections::VecDeque;

use super::SimulatedPeripheral;
use crate::clock::{Clock, ManualClock};
use crate::devices::ingest::SyncSink;
use crate::devices::ingest::{SyncDriver, SyncOptions, SyncReport};
use crate::devices::session::{Action, DeviceError, Event, Progress, SessionConfig};
use crate::devices::transport::TransportEvent;

/// Steps after which a connection is declared stuck (a bug, not a device behaviour).
const MAX_STEPS: usize = 1_000_000;

/// Drives syncs with a simulated peripheral on a manual clock (the sink's clock
/// should be the same `ManualClock`).
pub struct SimulatedLink<'p> {
    peripheral: &'p mut dyn SimulatedPeripheral,
    clock: ManualClock,
    start: DateTime<Utc>,
}

impl<'p> SimulatedLink<'p> {
    /// A link to `peripheral`; `clock` is moved on as simulated time passes.
    pub fn new(peripheral: &'p mut dyn SimulatedPeripheral, clock: ManualClock) -> Self {
        let start = clock.now();
        Self {
            peripheral,
            clock,
            start,
        }
    }

    /// One sync (reconnecting after a drop mid-transfer), into `sink`.
    pub fn sync(
        &mut self,
        sink: &mut dyn SyncSink,
        options: SyncOptions,
    ) -> Result<SyncReport, DeviceError> {
        self.sync_with(sink, options, &mut |_| true)
    }

    /// As [`Self::sync`], calling `on_progress` with every progress; returning `false`
    /// cancels the sync (as a person pressing "stop").
    pub fn sync_with(
        &mut self,
        sink: &mut dyn SyncSink,
        options: SyncOptions,
        on_progress: &mut dyn FnMut(&Progress) -> bool,
    ) -> Result<SyncReport, DeviceError> {
        let config = SessionConfig::new(self.peripheral.id(), self.peripheral.name());
        let mut driver = SyncDriver::new(self.peripheral.kind(), config, options);
        loop {
            self.connection(sink, &mut driver, on_progress)?;
            if !driver.should_reconnect() {
                return Ok(driver.into_report());
            }
            self.clock.advance(TimeDelta::seconds(1));
            driver.reconnect();
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from((self.clock.now() - self.start).num_milliseconds()).unwrap_or(0)
    }

    fn connection(
        &mut self,
        sink: &mut dyn SyncSink,
        driver: &mut SyncDriver,
        on_progress: &mut dyn FnMut(&Progress) -> bool,
    ) -> Result<(), DeviceError> {
        let characteristics = self.peripheral.connect(self.now_ms());
        let mut queue: VecDeque<Action> = driver
            .handle(sink, Event::Connected { characteristics })?
            .into();
        let mut cancelled = false;
        for _ in 0..MAX_STEPS {
            while let Some(action) = queue.pop_front() {
                let now = self.now_ms();
                let event = match action {
                    Action::Read { id } => Some(match self.peripheral.read(id) {
                        Ok(value) => Event::ReadResult { id, value },
                        Err(reason) => Event::ReadFailed { id, reason },
                    }),
                    Action::Subscribe { id, .. } => {
                        Some(match self.peripheral.subscribe(id, now) {
                            Ok(()) => Event::Subscribed { id },
                            Err(reason) => Event::SubscribeFailed { id, reason },
                        })
                    }
                    Action::Write { id, value, .. } => {
                        Some(match self.peripheral.write(id, &value, now) {
                            Ok(()) => Event::WriteAcknowledged { id },
                            Err(reason) => Event::WriteFailed { id, reason },
                        })
                    }
                    Action::Progress(p) => {
                        if !on_progress(&p) && !cancelled {
                            cancelled = true;
                            queue.extend(driver.abort(sink)?);
                        }
                        None
                    }
                    Action::Disconnect => {
                        self.peripheral.disconnect();
                        None
                    }
                    Action::Finished { .. } => {
                        self.peripheral.disconnect();
                        return Ok(());
                    }
                    Action::NeedHistory { .. } => None,
                };
                if let Some(event) = event {
                    self.clock.advance(TimeDelta::milliseconds(1));
                    queue.extend(driver.handle(sink, event)?);
                }
            }
            let due = self.peripheral.outbox().next_due();
            let deadline = driver
                .next_deadline()
                .map(|d| u64::try_from((d - self.start).num_milliseconds()).unwrap_or(0));
            let event = match (due, deadline) {
                (Some(d), Some(t)) if t < d => self.tick_at(t),
                (Some(d), _) => {
                    self.move_to(d);
                    match self.peripheral.outbox().poll(d) {
                        Some(TransportEvent::Value { id, value }) => Event::Value { id, value },
                        Some(TransportEvent::Disconnected) => {
                            self.peripheral.disconnect();
                            Event::Disconnected
                        }
                        None => Event::Tick,
                    }
                }
                (None, Some(t)) => self.tick_at(t),
                // Nothing will ever happen again: the link is as good as gone.
                (None, None) => Event::Disconnected,
            };
            queue.extend(driver.handle(sink, event)?);
        }
        Err(DeviceError::Unsupported(
            "the simulated link made no progress (a session bug)".into(),
        ))
    }

    fn tick_at(&mut self, at_ms: u64) -> Event {
        self.move_to(at_ms);
        Event::Tick
    }

    fn move_to(&mut self, at_ms: u64) {
        let now = self.now_ms();
        if at_ms > now {
            let by = i64::try_from(at_ms - now).unwrap_or(i64::MAX);
            self.clock.advance(TimeDelta::milliseconds(by));
        }
    }
}
