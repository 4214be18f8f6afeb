//! A whole sync over the feed API, for a shell whose Bluetooth stack can be driven one
//! blocking call at a time (a worker thread on the phone, a test, the simulator): the
//! shell implements [`FeedLink`] and [`sync_over_link`] performs each command, hands
//! back what the stack reported, waits for notifications, ticks the session when it
//! asked to, reconnects while a transfer can resume, and stops when cancelled.

use super::TransportEvent;
use super::feed::{DeviceFeed, FeedCommand, FeedResponse};
use super::simulated::SimulatedTransport;
use crate::devices::ingest::{SyncReport, SyncSink};
use crate::devices::session::{DeviceError, GattId, Progress};

/// What a platform Bluetooth stack reports, one case per [`DeviceFeed`] call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StackEvent {
    /// A read finished.
    ReadResult {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
        /// The value.
        value: Vec<u8>,
    },
    /// A read failed.
    ReadFailed {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
        /// What the stack said.
        reason: String,
    },
    /// Notifications or indications enabled.
    Subscribed {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
    },
    /// Enabling them failed.
    SubscribeFailed {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
        /// What the stack said.
        reason: String,
    },
    /// A write was acknowledged.
    WriteAcknowledged {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
    },
    /// A write failed.
    WriteFailed {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
        /// What the stack said.
        reason: String,
    },
    /// A notification or indication.
    Value {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
        /// The bytes.
        value: Vec<u8>,
    },
    /// The link is gone.
    Disconnected,
}

impl DeviceFeed {
    /// Hands one thing the stack reported to the session.
    pub fn deliver(
        &mut self,
        sink: &mut dyn SyncSink,
        event: &StackEvent,
    ) -> Result<FeedResponse, DeviceError> {
        use StackEvent as E;
        match event {
            E::ReadResult {
                service,
                characteristic,
                value,
            } => self.read_result(sink, service, characteristic, value),
            E::ReadFailed {
                service,
                characteristic,
                reason,
            } => self.read_failed(sink, service, characteristic, reason),
            E::Subscribed {
                service,
                characteristic,
            } => self.subscribed(sink, service, characteristic),
            E::SubscribeFailed {
                service,
                characteristic,
                reason,
            } => self.subscribe_failed(sink, service, characteristic, reason),
            E::WriteAcknowledged {
                service,
                characteristic,
            } => self.write_acknowledged(sink, service, characteristic),
            E::WriteFailed {
                service,
                characteristic,
                reason,
            } => self.write_failed(sink, service, characteristic, reason),
            E::Value {
                service,
                characteristic,
                value,
            } => self.value(sink, service, characteristic, value),
            E::Disconnected => self.disconnected(sink),
        }
    }
}

/// A Bluetooth link driven one blocking call at a time.
pub trait FeedLink {
    /// Connects and discovers services: every (service UUID, characteristic UUID).
    fn connect(&mut self) -> Result<Vec<(String, String)>, DeviceError>;
    /// Performs one GATT command and returns what the stack reported.
    fn perform(&mut self, command: &FeedCommand) -> StackEvent;
    /// The next notification, indication or disconnection, waiting at most `wait_ms`;
    /// `None` when nothing came in that time.
    fn next_event(&mut self, wait_ms: u64) -> Option<StackEvent>;
}

/// Syncs over `link` until the transfer is over, reconnecting while one can resume.
/// `cancelled` is asked between steps: once it says yes the session is ended (what
/// arrived is kept) and the result is [`DeviceError::Cancelled`]. `on_progress` sees
/// every response's progress.
pub fn sync_over_link(
    feed: &mut DeviceFeed,
    sink: &mut dyn SyncSink,
    link: &mut dyn FeedLink,
    cancelled: &dyn Fn() -> bool,
    on_progress: &mut dyn FnMut(&Progress),
) -> Result<SyncReport, DeviceError> {
    loop {
        if cancelled() {
            return Err(DeviceError::Cancelled);
        }
        let characteristics = link.connect()?;
        let last = one_connection(feed, sink, link, characteristics, cancelled, on_progress)?;
        if !(last.resume_possible && feed.reconnect()) {
            return Ok(feed.report().clone());
        }
    }
}

fn one_connection(
    feed: &mut DeviceFeed,
    sink: &mut dyn SyncSink,
    link: &mut dyn FeedLink,
    characteristics: Vec<(String, String)>,
    cancelled: &dyn Fn() -> bool,
    on_progress: &mut dyn FnMut(&Progress),
) -> Result<FeedResponse, DeviceError> {
    let mut response = feed.connected(sink, &characteristics)?;
    let mut pending: std::collections::VecDeque<FeedCommand> =
        response.commands.drain(..).collect();
    // Once cancelled, the session is asked to stop and then driven to its end, so that
    // a meter's abort is answered and what arrived is stored, before Cancelled.
    let mut cancelling = false;
    loop {
        on_progress(&response.progress);
        if !cancelling && cancelled() {
            cancelling = true;
            pending.clear();
            response = feed.cancel(sink)?;
            pending.extend(response.commands.drain(..));
            continue;
        }
        response = if let Some(command) = pending.pop_front() {
            let reported = link.perform(&command);
            feed.deliver(sink, &reported)?
        } else if response.finished {
            return if cancelling {
                Err(DeviceError::Cancelled)
            } else {
                Ok(response)
            };
        } else {
            let wait = response.tick_after_ms.unwrap_or(1_000);
            match link.next_event(wait) {
                Some(event) => feed.deliver(sink, &event)?,
                None => feed.tick(sink)?,
            }
        };
        pending.extend(response.commands.drain(..));
    }
}

fn names(id: GattId) -> (String, String) {
    (id.service.to_string(), id.characteristic.to_string())
}

impl SimulatedTransport {
    fn parse(service: &str, characteristic: &str) -> Result<GattId, String> {
        GattId::parse(service, characteristic).map_err(|e| e.to_string())
    }
}

impl FeedLink for SimulatedTransport {
    fn connect(&mut self) -> Result<Vec<(String, String)>, DeviceError> {
        let now = self.now_ms();
        Ok(self
            .peripheral
            .connect(now)
            .into_iter()
            .map(names)
            .collect())
    }

    fn perform(&mut self, command: &FeedCommand) -> StackEvent {
        let now = self.now_ms();
        let device = &mut self.peripheral;
        match command.clone() {
            FeedCommand::Read {
                service,
                characteristic,
            } => match Self::parse(&service, &characteristic).and_then(|id| device.read(id)) {
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
            } => {
                match Self::parse(&service, &characteristic)
                    .and_then(|id| device.subscribe(id, now))
                {
                    Ok(()) => StackEvent::Subscribed {
                        service,
                        characteristic,
                    },
                    Err(reason) => StackEvent::SubscribeFailed {
                        service,
                        characteristic,
                        reason,
                    },
                }
            }
            FeedCommand::Write {
                service,
                characteristic,
                value,
                ..
            } => {
                match Self::parse(&service, &characteristic)
                    .and_then(|id| device.write(id, &value, now))
                {
                    Ok(()) => StackEvent::WriteAcknowledged {
                        service,
                        characteristic,
                    },
                    Err(reason) => StackEvent::WriteFailed {
                        service,
                        characteristic,
                        reason,
                    },
                }
            }
            FeedCommand::Disconnect => {
                device.disconnect();
                StackEvent::Disconnected
            }
        }
    }

    /// What the device sends next, without waiting for its simulated time; with nothing
    /// to send, `wait_ms` of real time passes (a session's timeouts run on real time).
    fn next_event(&mut self, wait_ms: u64) -> Option<StackEvent> {
        match self.peripheral.outbox().take_next() {
            Some(TransportEvent::Value { id, value }) => {
                let (service, characteristic) = names(id);
                Some(StackEvent::Value {
                    service,
                    characteristic,
                    value,
                })
            }
            Some(TransportEvent::Disconnected) => {
                self.peripheral.disconnect();
                Some(StackEvent::Disconnected)
            }
            None => {
                std::thread::sleep(std::time::Duration::from_millis(wait_ms));
                None
            }
        }
    }
}
