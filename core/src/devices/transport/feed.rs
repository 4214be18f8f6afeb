//! The feed API: for shells that talk to the device through the platform's own
//! Bluetooth stack (Android `BluetoothGatt`, iOS CoreBluetooth). The shell pushes what
//! its stack reports (connection, read results, notifications and indications as
//! service UUID + characteristic UUID + bytes, write acknowledgements, disconnection)
//! and performs the commands it gets back, one GATT operation at a time. When a
//! connection's transfer ends the readings are already in the sink. Synchronous and
//! plain, so the bindings can expose it as it is.
//!
//! ```text
//! feed = DeviceFeed::new(kind, address, name, options)
//! on connected + services discovered: perform(feed.connected(sink, chars))
//! on read / write / descriptor callback: perform(feed.read_result(...)) ...
//! on characteristic changed:           perform(feed.value(sink, s, c, bytes))
//! every tick_after_ms:                 perform(feed.tick(sink))
//! on disconnected:                     perform(feed.disconnected(sink))
//! response.finished: show feed.report(); if response.resume_possible, reconnect and
//! call feed.connected(...) again (feed.reconnect() first)
//! ```

use serde::Serialize;

use crate::devices::ingest::SyncSink;
use crate::devices::ingest::{SyncDriver, SyncOptions, SyncReport};
use crate::devices::session::{
    Action, DeviceError, DeviceKind, Event, GattId, Progress, SessionConfig, Subscription,
    parse_uuid,
};

/// A GATT operation for the shell to perform, UUIDs as lower-case strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum FeedCommand {
    /// Read; answer with `read_result` or `read_failed`.
    Read {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
    },
    /// Enable notifications (write 0x0001 to the CCCD); answer with `subscribed`.
    EnableNotifications {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
    },
    /// Enable indications (write 0x0002 to the CCCD); answer with `subscribed`.
    EnableIndications {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
    },
    /// Write; answer with `write_acknowledged` or `write_failed`.
    Write {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
        /// The bytes.
        value: Vec<u8>,
        /// Write with response.
        with_response: bool,
    },
    /// Close the connection.
    Disconnect,
}

/// What the shell does and shows after each call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedResponse {
    /// Operations to perform, in order (at most one GATT operation at a time).
    pub commands: Vec<FeedCommand>,
    /// Received / expected, phase, live cuff pressure.
    pub progress: Progress,
    /// This connection's transfer is over and its readings are stored.
    pub finished: bool,
    /// The link dropped mid-transfer and a reconnect would fetch the rest.
    pub resume_possible: bool,
    /// Call `tick` after this many milliseconds (timeouts, grace period).
    pub tick_after_ms: Option<u64>,
}

/// One sync driven by the shell's own Bluetooth stack.
#[derive(Debug)]
pub struct DeviceFeed {
    driver: SyncDriver,
}

impl DeviceFeed {
    /// A sync of a `kind` device known to the shell as `peripheral_id` (its address),
    /// advertising `advertised_name`.
    pub fn new(
        kind: DeviceKind,
        peripheral_id: &str,
        advertised_name: Option<&str>,
        options: SyncOptions,
    ) -> Self {
        let config = SessionConfig::new(peripheral_id, advertised_name.map(str::to_owned));
        Self {
            driver: SyncDriver::new(kind, config, options),
        }
    }

    /// The kind of device advertising these service UUIDs, if one the core syncs.
    pub fn kind_for_services<S: AsRef<str>>(services: &[S]) -> Option<DeviceKind> {
        let uuids: Vec<_> = services
            .iter()
            .filter_map(|s| parse_uuid(s.as_ref()).ok())
            .collect();
        DeviceKind::from_services(&uuids)
    }

    /// Connected and services discovered: every (service UUID, characteristic UUID).
    pub fn connected<S: AsRef<str>>(
        &mut self,
        sink: &mut dyn SyncSink,
        characteristics: &[(S, S)],
    ) -> Result<FeedResponse, DeviceError> {
        let characteristics = characteristics
            .iter()
            .map(|(s, c)| GattId::parse(s.as_ref(), c.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        self.push(sink, Event::Connected { characteristics })
    }

    /// A read finished.
    pub fn read_result(
        &mut self,
        sink: &mut dyn SyncSink,
        service: &str,
        characteristic: &str,
        value: &[u8],
    ) -> Result<FeedResponse, DeviceError> {
        self.push_on(sink, service, characteristic, |id| Event::ReadResult {
            id,
            value: value.to_vec(),
        })
    }

    /// A read failed.
    pub fn read_failed(
        &mut self,
        sink: &mut dyn SyncSink,
        service: &str,
        characteristic: &str,
        reason: &str,
    ) -> Result<FeedResponse, DeviceError> {
        self.push_on(sink, service, characteristic, |id| Event::ReadFailed {
            id,
            reason: reason.to_owned(),
        })
    }

    /// Notifications or indications are enabled.
    pub fn subscribed(
        &mut self,
        sink: &mut dyn SyncSink,
        service: &str,
        characteristic: &str,
    ) -> Result<FeedResponse, DeviceError> {
        self.push_on(sink, service, characteristic, |id| Event::Subscribed { id })
    }

    /// Enabling notifications or indications failed.
    pub fn subscribe_failed(
        &mut self,
        sink: &mut dyn SyncSink,
        service: &str,
        characteristic: &str,
        reason: &str,
    ) -> Result<FeedResponse, DeviceError> {
        self.push_on(sink, service, characteristic, |id| Event::SubscribeFailed {
            id,
            reason: reason.to_owned(),
        })
    }

    /// A write was acknowledged.
    pub fn write_acknowledged(
        &mut self,
        sink: &mut dyn SyncSink,
        service: &str,
        characteristic: &str,
    ) -> Result<FeedResponse, DeviceError> {
        self.push_on(sink, service, characteristic, |id| {
            Event::WriteAcknowledged { id }
        })
    }

    /// A write failed.
    pub fn write_failed(
        &mut self,
        sink: &mut dyn SyncSink,
        service: &str,
        characteristic: &str,
        reason: &str,
    ) -> Result<FeedResponse, DeviceError> {
        self.push_on(sink, service, characteristic, |id| Event::WriteFailed {
            id,
            reason: reason.to_owned(),
        })
    }

    /// A notification or indication arrived.
    pub fn value(
        &mut self,
        sink: &mut dyn SyncSink,
        service: &str,
        characteristic: &str,
        value: &[u8],
    ) -> Result<FeedResponse, DeviceError> {
        self.push_on(sink, service, characteristic, |id| Event::Value {
            id,
            value: value.to_vec(),
        })
    }

    /// Time passed (call after `tick_after_ms`).
    pub fn tick(&mut self, sink: &mut dyn SyncSink) -> Result<FeedResponse, DeviceError> {
        self.push(sink, Event::Tick)
    }

    /// The link is gone.
    pub fn disconnected(&mut self, sink: &mut dyn SyncSink) -> Result<FeedResponse, DeviceError> {
        self.push(sink, Event::Disconnected)
    }

    /// The person cancelled: what arrived is kept.
    pub fn cancel(&mut self, sink: &mut dyn SyncSink) -> Result<FeedResponse, DeviceError> {
        let actions = self.driver.abort(sink)?;
        Ok(self.respond(sink, actions))
    }

    /// Prepares for another connection after `resume_possible`; returns false if no
    /// attempt is left.
    pub fn reconnect(&mut self) -> bool {
        let ok = self.driver.should_reconnect();
        if ok {
            self.driver.reconnect();
        }
        ok
    }

    /// What the sync did so far.
    pub fn report(&self) -> &SyncReport {
        self.driver.report()
    }

    /// The report, ending the sync.
    pub fn into_report(self) -> SyncReport {
        self.driver.into_report()
    }

    /// Pushes the event made for the characteristic named by `service` and
    /// `characteristic` (either may be `2a18`, `0x2A18` or a full UUID).
    fn push_on(
        &mut self,
        sink: &mut dyn SyncSink,
        service: &str,
        characteristic: &str,
        event: impl FnOnce(GattId) -> Event,
    ) -> Result<FeedResponse, DeviceError> {
        let id = GattId::parse(service, characteristic)?;
        self.push(sink, event(id))
    }

    fn push(&mut self, sink: &mut dyn SyncSink, event: Event) -> Result<FeedResponse, DeviceError> {
        if self.driver.is_finished() {
            return Ok(self.respond(sink, Vec::new()));
        }
        let actions = self.driver.handle(sink, event)?;
        Ok(self.respond(sink, actions))
    }

    fn respond(&self, sink: &dyn SyncSink, actions: Vec<Action>) -> FeedResponse {
        let commands = actions.into_iter().filter_map(command).collect();
        let now = sink.now();
        FeedResponse {
            commands,
            progress: self.driver.progress(),
            finished: self.driver.is_finished(),
            resume_possible: self.driver.should_reconnect(),
            tick_after_ms: self
                .driver
                .next_deadline()
                .map(|d| u64::try_from((d - now).num_milliseconds().max(0)).unwrap_or(0)),
        }
    }
}

fn command(action: Action) -> Option<FeedCommand> {
    let names = |id: GattId| (id.service.to_string(), id.characteristic.to_string());
    Some(match action {
        Action::Read { id } => {
            let (service, characteristic) = names(id);
            FeedCommand::Read {
                service,
                characteristic,
            }
        }
        Action::Subscribe { id, kind } => {
            let (service, characteristic) = names(id);
            match kind {
                Subscription::Notify => FeedCommand::EnableNotifications {
                    service,
                    characteristic,
                },
                Subscription::Indicate => FeedCommand::EnableIndications {
                    service,
                    characteristic,
                },
            }
        }
        Action::Write {
            id,
            value,
            with_response,
        } => {
            let (service, characteristic) = names(id);
            FeedCommand::Write {
                service,
                characteristic,
                value,
                with_response,
            }
        }
        Action::Disconnect => FeedCommand::Disconnect,
        Action::Progress(_) | Action::NeedHistory { .. } | Action::Finished { .. } => return None,
    })
}
