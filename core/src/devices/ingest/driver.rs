//! `SyncDriver`: one sync of one device, a session plus the record (a [`SyncSink`]). It
//! answers the session's history lookup from the record, stores what arrived when a
//! connection's session ends, and starts a fresh session for a reconnect. The btleplug
//! runner, the feed API and the simulator all drive a sync through it, so there is one
//! path into the record.

use chrono::{DateTime, Utc};

use super::{SyncOptions, SyncReport};
use crate::devices::session::{
    Action, DeviceError, DeviceKind, EndReason, Event, GlucoseHistory, Progress, Session,
    SessionConfig, TransferResult,
};
use crate::model::DeviceIdentity;

/// Where a sync keeps what it receives: the record. The façade implements it, running
/// each store in one write transaction together with the rules, so the readings and the
/// alerts they raise are stored together.
pub trait SyncSink {
    /// Now, on the record's clock.
    fn now(&self) -> DateTime<Utc>;
    /// Where the last sync of this meter ended.
    fn glucose_history(&mut self, device: &DeviceIdentity) -> Result<GlucoseHistory, DeviceError>;
    /// Stores what one connection collected, adding to `report`.
    fn store_transfer(
        &mut self,
        transfer: &TransferResult,
        options: &SyncOptions,
        report: &mut SyncReport,
    ) -> Result<(), DeviceError>;
}

/// One sync of one device, over one or more connections.
#[derive(Debug)]
pub struct SyncDriver {
    kind: DeviceKind,
    config: SessionConfig,
    options: SyncOptions,
    session: Session,
    report: SyncReport,
    ingested: bool,
}

impl SyncDriver {
    /// A sync of a `kind` device; `config` names the peripheral.
    pub fn new(kind: DeviceKind, mut config: SessionConfig, options: SyncOptions) -> Self {
        config.timings = options.timings;
        Self {
            kind,
            session: Session::new(kind, config.clone(), options.cuff_quirks, options.zone),
            config,
            options,
            report: SyncReport::new(kind),
            ingested: false,
        }
    }

    /// The kind of device.
    pub fn kind(&self) -> DeviceKind {
        self.kind
    }

    /// Handles an event at the record clock's time; returns the actions for the
    /// transport. History lookups are answered here and never returned.
    pub fn handle(
        &mut self,
        sink: &mut dyn SyncSink,
        event: Event,
    ) -> Result<Vec<Action>, DeviceError> {
        let now = sink.now();
        let actions = self.session.handle(event, now);
        self.follow(sink, actions, now)
    }

    /// Cancels the running connection's transfer (what arrived is kept).
    pub fn abort(&mut self, sink: &mut dyn SyncSink) -> Result<Vec<Action>, DeviceError> {
        let now = sink.now();
        let actions = self.session.abort(now);
        self.follow(sink, actions, now)
    }

    /// Starts a fresh session for another connection (after a drop mid-transfer).
    /// The report keeps adding up.
    pub fn reconnect(&mut self) {
        self.session = Session::new(
            self.kind,
            self.config.clone(),
            self.options.cuff_quirks,
            self.options.zone,
        );
        self.ingested = false;
    }

    /// When the session next needs a tick.
    pub fn next_deadline(&self) -> Option<DateTime<Utc>> {
        self.session.next_deadline()
    }

    /// Progress of the current connection.
    pub fn progress(&self) -> Progress {
        self.session.progress()
    }

    /// Whether the current connection's session has ended (and was ingested).
    pub fn is_finished(&self) -> bool {
        self.session.is_finished() && self.ingested
    }

    /// How the current connection ended, once it has.
    pub fn end(&self) -> Option<EndReason> {
        self.session.result().end().cloned()
    }

    /// Whether another connection could fetch the rest (dropped mid-transfer and
    /// attempts left).
    pub fn should_reconnect(&self) -> bool {
        self.is_finished()
            && self.end().is_some_and(|e| e.is_resumable())
            && self.report.attempts < self.options.max_attempts
    }

    /// What the sync did so far.
    pub fn report(&self) -> &SyncReport {
        &self.report
    }

    /// The report, ending the sync.
    pub fn into_report(self) -> SyncReport {
        self.report
    }

    fn follow(
        &mut self,
        sink: &mut dyn SyncSink,
        actions: Vec<Action>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Action>, DeviceError> {
        let mut out = Vec::with_capacity(actions.len());
        let mut pending = std::collections::VecDeque::from(actions);
        while let Some(action) = pending.pop_front() {
            match action {
                Action::NeedHistory { device } => {
                    let history = sink.glucose_history(&device)?;
                    if let Session::Glucose(s) = &mut self.session {
                        pending.extend(s.provide_history(history, now));
                    }
                }
                Action::Finished { end } => {
                    self.ingest(sink)?;
                    out.push(Action::Finished { end });
                }
                other => out.push(other),
            }
        }
        Ok(out)
    }

    fn ingest(&mut self, sink: &mut dyn SyncSink) -> Result<(), DeviceError> {
        if self.ingested {
            return Ok(());
        }
        self.ingested = true;
        let result = self.session.result();
        sink.store_transfer(&result, &self.options, &mut self.report)
    }
}
