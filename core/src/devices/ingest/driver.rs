//! `SyncDriver`: one sync of one device, a session plus the record. It answers the
//! session's history lookup from the store, ingests when a connection's session ends,
//! and starts a fresh session for a reconnect. The btleplug runner, the feed API and
//! the simulator all drive a sync through it, so there is one path into the record.

use chrono::{DateTime, Utc};

use super::glucose_epochs::KnownRecords;
use super::{SyncOptions, SyncReport, ingest_cuff, ingest_glucose_with};
use crate::devices::session::{
    Action, DeviceError, DeviceKind, EndReason, Event, Progress, Session, SessionConfig,
    TransferResult,
};
use crate::store::Record;

/// One sync of one device, over one or more connections.
#[derive(Debug)]
pub struct SyncDriver {
    kind: DeviceKind,
    config: SessionConfig,
    options: SyncOptions,
    session: Session,
    known: Option<KnownRecords>,
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
            known: None,
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
        record: &mut Record,
        event: Event,
    ) -> Result<Vec<Action>, DeviceError> {
        let now = record.clock().now();
        let actions = self.session.handle(event, now);
        self.follow(record, actions, now)
    }

    /// Cancels the running connection's transfer (what arrived is kept).
    pub fn abort(&mut self, record: &mut Record) -> Result<Vec<Action>, DeviceError> {
        let now = record.clock().now();
        let actions = self.session.abort(now);
        self.follow(record, actions, now)
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
        record: &mut Record,
        actions: Vec<Action>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Action>, DeviceError> {
        let mut out = Vec::with_capacity(actions.len());
        let mut pending = std::collections::VecDeque::from(actions);
        while let Some(action) = pending.pop_front() {
            match action {
                Action::NeedHistory { device } => {
                    let known = KnownRecords::load(record, &device.id)?;
                    let state = record.device_sync_state(&device.id)?;
                    let history = known.history(state.as_ref());
                    self.known = Some(known);
                    if let Session::Glucose(s) = &mut self.session {
                        pending.extend(s.provide_history(history, now));
                    }
                }
                Action::Finished { end } => {
                    self.ingest(record)?;
                    out.push(Action::Finished { end });
                }
                other => out.push(other),
            }
        }
        Ok(out)
    }

    fn ingest(&mut self, record: &mut Record) -> Result<(), DeviceError> {
        if self.ingested {
            return Ok(());
        }
        self.ingested = true;
        match self.session.result() {
            TransferResult::Glucose(t) => {
                ingest_glucose_with(record, &t, &self.options, &mut self.report, &mut self.known)
            }
            TransferResult::Cuff(t) => ingest_cuff(record, &t, &self.options, &mut self.report),
        }
    }
}
