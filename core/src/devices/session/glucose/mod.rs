//! The glucose meter transfer (Glucose Profile 1.0, 4.x; BLE.md "Transfer flows"):
//! read Glucose Feature, Device Information and, where the meter has one, its Current
//! Time (0x2A2B, so ingestion can tell a clock that is off), enable notifications on 0x2A18 and
//! 0x2A34 and indications on the RACP, ask how many records the meter holds, then ask
//! for the records not yet stored; the RACP response code ends the transfer, after a
//! short grace period for notifications a stack delivers late.
//!
//! Resuming: with a last stored sequence number L, the session first asks for the
//! meter's newest record ("report last record"). Newest = L with the same time:
//! nothing new. Newest below L, or = L with another time: the numbering restarted
//! (battery change, reset) and everything is asked for; ingestion tells old records
//! from new ones by sequence number *and* time. Otherwise the records after L are asked
//! for, starting at L itself when its time is known: one record of overlap that shows
//! whether record L is still the one stored (a meter wiped by a reset whose new
//! numbering has passed L sends another time for it). If it is not, or the transfer
//! shows one sequence number with two times, the numbering restarted in between and
//! everything is asked for once more. After 65535 the numbering wraps, so L = 65535
//! asks for everything too (BLE.md, "Sequence numbers").

use chrono::{DateTime, NaiveDateTime, Utc};

mod racp;
mod timeouts;

use super::device_info::DeviceInfo;
use super::event::{Action, EndReason, Event, Phase, Progress, Skipped, Subscription};
use super::gatt_id::GattId;
use super::glucose_records::{Added, Collected, GlucoseRecord};
use super::ops::GattQueue;
use super::{SessionConfig, SessionTimings};
use crate::devices::gatt::{
    CurrentTime, GlucoseContext, GlucoseFeature, GlucoseMeasurement, RacpRequest, RacpResponse,
    RecordSelection,
};
use crate::model::DeviceIdentity;

/// Where the last sync with this meter ended, looked up by the driver once the meter
/// is identified.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GlucoseHistory {
    /// Last stored sequence number in the current epoch (`None`: first sync).
    pub last_sequence: Option<u16>,
    /// The device time of that record, to recognise it when the meter sends it again.
    pub last_time: Option<NaiveDateTime>,
}

/// The meter's own clock, read during the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceClock {
    /// The wall-clock time the meter gave (Current Time 0x2A2B).
    pub device_time: NaiveDateTime,
    /// When it was read.
    pub read_at: DateTime<Utc>,
}

/// What a glucose session collected.
#[derive(Debug, Clone, Default)]
pub struct GlucoseTransfer {
    /// The meter, once identified.
    pub device: Option<DeviceIdentity>,
    /// The meter's clock, when it has a Current Time characteristic.
    pub clock: Option<DeviceClock>,
    /// Its Glucose Feature, if read.
    pub feature: Option<GlucoseFeature>,
    /// Distinct records, in the order they arrived (a record sent again counts where
    /// it came last).
    pub records: Vec<GlucoseRecord>,
    /// Records expected, when known.
    pub expected: Option<u32>,
    /// Notifications dropped as repeats.
    pub duplicates: u32,
    /// Values not kept, with the reason.
    pub skipped: Vec<Skipped>,
    /// How the session ended (`None` while running).
    pub end: Option<EndReason>,
}

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Idle,
    Preparing,
    AwaitingHistory,
    Counting {
        sent_at: DateTime<Utc>,
        retries: u32,
    },
    Checking {
        sent_at: DateTime<Utc>,
        retries: u32,
    },
    Transferring(Transfer),
    Grace {
        until: DateTime<Utc>,
        end: EndReason,
    },
    Aborting {
        until: DateTime<Utc>,
        then: EndReason,
    },
    Done,
}

#[derive(Debug, Clone, PartialEq)]
struct Transfer {
    selection: RecordSelection,
    last_progress: DateTime<Utc>,
    retries: u32,
    received: u32,
}

/// The glucose meter state machine. Sans-IO: events in, actions out.
#[derive(Debug)]
pub struct GlucoseSession {
    config: SessionConfig,
    timings: SessionTimings,
    stage: Stage,
    queue: GattQueue,
    info: DeviceInfo,
    device: Option<DeviceIdentity>,
    feature: Option<GlucoseFeature>,
    clock: Option<DeviceClock>,
    history: GlucoseHistory,
    count: Option<u32>,
    newest: Option<(u16, Option<NaiveDateTime>)>,
    expected: Option<u32>,
    anchor_changed: bool,
    followed_up: bool,
    collected: Collected,
    skipped: Vec<Skipped>,
    connected_at: Option<DateTime<Utc>>,
    end: Option<EndReason>,
}

impl GlucoseSession {
    /// A session for one connection to a meter.
    pub fn new(config: SessionConfig) -> Self {
        Self {
            timings: config.timings,
            config,
            stage: Stage::Idle,
            queue: GattQueue::default(),
            info: DeviceInfo::default(),
            device: None,
            feature: None,
            clock: None,
            history: GlucoseHistory::default(),
            count: None,
            newest: None,
            expected: None,
            anchor_changed: false,
            followed_up: false,
            collected: Collected::default(),
            skipped: Vec::new(),
            connected_at: None,
            end: None,
        }
    }

    /// Handles one event at time `now`.
    pub fn handle(&mut self, event: Event, now: DateTime<Utc>) -> Vec<Action> {
        let mut out = Vec::new();
        if self.stage == Stage::Done {
            return out;
        }
        match event {
            Event::Connected { characteristics } => self.connected(&characteristics, now, &mut out),
            Event::ReadResult { id, value } => {
                if id == GattId::GLUCOSE_FEATURE {
                    match GlucoseFeature::decode(&value) {
                        Ok(f) => self.feature = Some(f),
                        Err(e) => self.skip(id, None, e.to_string()),
                    }
                } else if id == GattId::CURRENT_TIME {
                    match CurrentTime::decode(&value) {
                        Ok(t) => {
                            self.clock = t.date_time.to_naive().map(|device_time| DeviceClock {
                                device_time,
                                read_at: now,
                            });
                        }
                        Err(e) => self.skip(id, None, e.to_string()),
                    }
                } else {
                    self.info.accept(id, &value);
                }
                self.op_done(id, now, &mut out);
            }
            // Device Information and the feature are optional: carry on without them.
            Event::ReadFailed { id, .. } => self.op_done(id, now, &mut out),
            Event::Subscribed { id } => self.op_done(id, now, &mut out),
            Event::SubscribeFailed { id, reason } => {
                if id == GattId::GLUCOSE_CONTEXT {
                    // Some meters have no contexts (BLE.md): not a failure.
                    self.op_done(id, now, &mut out);
                } else {
                    let reason = format!("enabling {id} failed: {reason} (is the meter paired?)");
                    self.finish(EndReason::Failed { reason }, true, &mut out);
                }
            }
            Event::WriteAcknowledged { id } => {
                self.queue.done(id, &mut out);
            }
            Event::WriteFailed { id, reason } => {
                let reason = format!("the meter refused a write to {id}: {reason} (is it paired?)");
                self.finish(EndReason::Failed { reason }, true, &mut out);
            }
            Event::Value { id, value } => self.value(id, &value, now, &mut out),
            Event::Tick => {}
            Event::Disconnected => {
                self.queue.clear();
                let end = match &self.stage {
                    Stage::Grace { end, .. } => end.clone(),
                    Stage::Aborting { then, .. } => then.clone(),
                    Stage::Counting { .. } | Stage::Checking { .. } | Stage::Transferring(_) => {
                        EndReason::Disconnected {
                            during_transfer: true,
                        }
                    }
                    _ => EndReason::Disconnected {
                        during_transfer: false,
                    },
                };
                self.finish(end, false, &mut out);
            }
        }
        self.check_time(now, &mut out);
        out
    }

    /// Answers [`Action::NeedHistory`]: where the last sync ended.
    pub fn provide_history(&mut self, history: GlucoseHistory, now: DateTime<Utc>) -> Vec<Action> {
        let mut out = Vec::new();
        if self.stage != Stage::AwaitingHistory {
            return out;
        }
        self.history = history;
        self.write_racp(
            RacpRequest::ReportNumberOfStoredRecords(RecordSelection::All),
            &mut out,
        );
        self.stage = Stage::Counting {
            sent_at: now,
            retries: 0,
        };
        self.progress(Phase::Counting, &mut out);
        out
    }

    /// Cancels: asks the meter to abort a running procedure, keeps what arrived.
    pub fn abort(&mut self, now: DateTime<Utc>) -> Vec<Action> {
        let mut out = Vec::new();
        match self.stage {
            Stage::Counting { .. } | Stage::Checking { .. } | Stage::Transferring(_) => {
                self.start_abort(EndReason::Aborted, now, &mut out);
            }
            Stage::Done => {}
            _ => self.finish(EndReason::Aborted, true, &mut out),
        }
        out
    }

    /// When the session next needs an [`Event::Tick`], if ever.
    pub fn next_deadline(&self) -> Option<DateTime<Utc>> {
        let t = &self.timings;
        let stage = match &self.stage {
            Stage::Counting { sent_at, .. } | Stage::Checking { sent_at, .. } => {
                Some(*sent_at + t.count_retry)
            }
            Stage::Transferring(x) => Some(x.last_progress + t.records_retry),
            Stage::Grace { until, .. } | Stage::Aborting { until, .. } => Some(*until),
            Stage::Done => return None,
            _ => None,
        };
        let overall = self.connected_at.map(|c| c + t.overall);
        match (stage, overall) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Progress now.
    pub fn progress_now(&self) -> Progress {
        Progress {
            phase: self.phase(),
            received: u32::try_from(self.collected.len()).unwrap_or(u32::MAX),
            expected: self.expected,
            cuff_pressure_mmhg: None,
        }
    }

    /// Whether the session has ended.
    pub fn is_finished(&self) -> bool {
        self.stage == Stage::Done
    }

    /// What was collected (records so far, while running).
    pub fn transfer(&self) -> GlucoseTransfer {
        GlucoseTransfer {
            device: self.device.clone(),
            clock: self.clock,
            feature: self.feature,
            records: self.collected.in_order(),
            expected: self.expected,
            duplicates: self.collected.duplicates,
            skipped: self.skipped.clone(),
            end: self.end.clone(),
        }
    }

    fn phase(&self) -> Phase {
        match self.stage {
            Stage::Idle => Phase::Connecting,
            Stage::Preparing | Stage::AwaitingHistory => Phase::Preparing,
            Stage::Counting { .. } => Phase::Counting,
            Stage::Checking { .. } => Phase::Checking,
            Stage::Transferring(_) => Phase::Transferring,
            Stage::Grace { .. } | Stage::Aborting { .. } => Phase::Finishing,
            Stage::Done => Phase::Done,
        }
    }

    fn connected(&mut self, offered: &[GattId], now: DateTime<Utc>, out: &mut Vec<Action>) {
        self.connected_at = Some(now);
        for needed in [GattId::GLUCOSE_MEASUREMENT, GattId::RACP] {
            if !offered.contains(&needed) {
                let end = EndReason::MissingCharacteristic { id: needed.label() };
                self.finish(end, true, out);
                return;
            }
        }
        self.stage = Stage::Preparing;
        self.progress(Phase::Preparing, out);
        if offered.contains(&GattId::GLUCOSE_FEATURE) {
            self.queue.push(
                Action::Read {
                    id: GattId::GLUCOSE_FEATURE,
                },
                out,
            );
        }
        for id in DeviceInfo::reads(offered) {
            self.queue.push(Action::Read { id }, out);
        }
        if offered.contains(&GattId::CURRENT_TIME) {
            self.queue.push(
                Action::Read {
                    id: GattId::CURRENT_TIME,
                },
                out,
            );
        }
        let mut subscribe = |id, kind, out: &mut Vec<Action>| {
            self.queue.push(Action::Subscribe { id, kind }, out);
        };
        subscribe(GattId::GLUCOSE_MEASUREMENT, Subscription::Notify, out);
        if offered.contains(&GattId::GLUCOSE_CONTEXT) {
            subscribe(GattId::GLUCOSE_CONTEXT, Subscription::Notify, out);
        }
        subscribe(GattId::RACP, Subscription::Indicate, out);
    }

    fn op_done(&mut self, id: GattId, _now: DateTime<Utc>, out: &mut Vec<Action>) {
        self.queue.done(id, out);
        if self.stage == Stage::Preparing && self.queue.is_idle() {
            let device = self.info.identity(&self.config.peripheral_id);
            self.device = Some(device.clone());
            self.stage = Stage::AwaitingHistory;
            out.push(Action::NeedHistory { device });
        }
    }

    fn value(&mut self, id: GattId, value: &[u8], now: DateTime<Utc>, out: &mut Vec<Action>) {
        match id {
            GattId::GLUCOSE_MEASUREMENT => match GlucoseMeasurement::decode(value) {
                Ok(m) => self.measurement(m, now, out),
                Err(e) => self.skip(id, sequence_of(value), e.to_string()),
            },
            GattId::GLUCOSE_CONTEXT => match GlucoseContext::decode(value) {
                Ok(c) => {
                    self.collected.add_context(c);
                    if let Stage::Grace { until, .. } = &mut self.stage {
                        *until = now + self.timings.grace;
                    }
                }
                Err(e) => self.skip(id, sequence_of(value), e.to_string()),
            },
            GattId::RACP => match RacpResponse::decode(value) {
                Ok(r) => self.racp(r, now, out),
                Err(e) => self.skip(id, None, e.to_string()),
            },
            // Same UUIDs in another service (a vendor RACP) are not ours: ignored.
            _ => {}
        }
    }

    fn measurement(&mut self, m: GlucoseMeasurement, now: DateTime<Utc>, out: &mut Vec<Action>) {
        if self.collected.add_measurement(m, now) == Added::Duplicate {
            return;
        }
        let time = m.user_facing_time();
        let h = self.history;
        if h.last_sequence == Some(m.sequence_number)
            && h.last_time.is_some()
            && time != h.last_time
        {
            self.anchor_changed = true;
        }
        match &mut self.stage {
            Stage::Checking { .. } => {
                self.newest = Some((m.sequence_number, m.user_facing_time()));
            }
            Stage::Transferring(x) => {
                x.received += 1;
                x.last_progress = now;
            }
            Stage::Grace { until, .. } => *until = now + self.timings.grace,
            _ => {}
        }
        self.progress(self.phase(), out);
    }

    fn finish(&mut self, end: EndReason, disconnect: bool, out: &mut Vec<Action>) {
        self.queue.clear();
        self.stage = Stage::Done;
        self.end = Some(end.clone());
        self.progress(Phase::Done, out);
        if disconnect {
            out.push(Action::Disconnect);
        }
        out.push(Action::Finished { end });
    }

    fn progress(&self, phase: Phase, out: &mut Vec<Action>) {
        let mut p = self.progress_now();
        p.phase = phase;
        out.push(Action::Progress(p));
    }

    fn skip(&mut self, id: GattId, sequence: Option<u32>, reason: String) {
        self.skipped.push(Skipped {
            source: id.label(),
            sequence,
            reason,
        });
    }
}

/// The sequence number of a measurement or context that failed to decode, if its
/// first three bytes arrived (flags, then the u16).
fn sequence_of(value: &[u8]) -> Option<u32> {
    match value {
        [_, lo, hi, ..] => Some(u32::from(u16::from_le_bytes([*lo, *hi]))),
        _ => None,
    }
}
