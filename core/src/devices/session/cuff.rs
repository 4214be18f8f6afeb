//! The blood-pressure cuff transfer (Blood Pressure Profile 1.0; BLE.md "Transfer
//! flows"): set the cuff's clock through Current Time where it has one, enable
//! indications on 0x2A35 and notifications on 0x2A36, collect stored measurements from
//! the indications. Cuffs have no RACP: the transfer ends when the cuff disconnects or
//! after a few seconds without a value. Intermediate cuff pressure is progress only.

use chrono::{DateTime, Utc};

use super::cuff_quirks::quirks_for_name;
use super::device_info::DeviceInfo;
use super::event::{Action, EndReason, Event, Phase, Progress, Skipped, Subscription};
use super::gatt_id::GattId;
use super::ops::GattQueue;
use super::zone::Zone;
use super::{SessionConfig, SessionTimings};
use crate::devices::gatt::{
    AdjustReason, BloodPressureMeasurement, BpQuirks, CurrentTime, IntermediateCuffPressure,
};
use crate::model::DeviceIdentity;

/// One stored measurement as received.
#[derive(Debug, Clone, PartialEq)]
pub struct CuffRecord {
    /// The measurement, decoded with the cuff's quirks.
    pub measurement: BloodPressureMeasurement,
    /// When its indication arrived.
    pub received_at: DateTime<Utc>,
}

/// What a cuff session collected.
#[derive(Debug, Clone, Default)]
pub struct CuffTransfer {
    /// The cuff, once identified.
    pub device: Option<DeviceIdentity>,
    /// The quirks used to decode it.
    pub quirks: BpQuirks,
    /// Whether its clock was set.
    pub clock_set: bool,
    /// Distinct measurements, in arrival order.
    pub records: Vec<CuffRecord>,
    /// Indications dropped as repeats.
    pub duplicates: u32,
    /// Values not kept, with the reason.
    pub skipped: Vec<Skipped>,
    /// How it ended (`None` while running).
    pub end: Option<EndReason>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Idle,
    Preparing,
    Collecting,
    Done,
}

/// The cuff state machine. Sans-IO: events in, actions out.
#[derive(Debug)]
pub struct CuffSession {
    config: SessionConfig,
    timings: SessionTimings,
    zone: Zone,
    quirks: BpQuirks,
    stage: Stage,
    queue: GattQueue,
    info: DeviceInfo,
    transfer: CuffTransfer,
    connected_at: Option<DateTime<Utc>>,
    last_activity: Option<DateTime<Utc>>,
    cuff_pressure: Option<f64>,
}

impl CuffSession {
    /// A session for one connection. Quirks come from the advertised name unless given.
    pub fn new(config: SessionConfig, quirks: Option<BpQuirks>, zone: Zone) -> Self {
        let quirks = quirks.unwrap_or_else(|| quirks_for_name(config.advertised_name.as_deref()));
        Self {
            timings: config.timings,
            config,
            zone,
            quirks,
            stage: Stage::Idle,
            queue: GattQueue::default(),
            info: DeviceInfo::default(),
            transfer: CuffTransfer {
                quirks,
                ..CuffTransfer::default()
            },
            connected_at: None,
            last_activity: None,
            cuff_pressure: None,
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
                self.info.accept(id, &value);
                self.op_done(id, now, &mut out);
            }
            Event::ReadFailed { id, .. } | Event::Subscribed { id } => {
                self.op_done(id, now, &mut out);
            }
            Event::WriteAcknowledged { id } => {
                if id == GattId::CURRENT_TIME {
                    self.transfer.clock_set = true;
                }
                self.op_done(id, now, &mut out);
            }
            // A cuff that refuses the time keeps its own: its readings are still good.
            Event::WriteFailed { id, .. } => self.op_done(id, now, &mut out),
            Event::SubscribeFailed { id, reason } => {
                if id == GattId::BP_MEASUREMENT {
                    let reason = format!("enabling {id} failed: {reason} (is the cuff paired?)");
                    self.finish(EndReason::Failed { reason }, true, &mut out);
                } else {
                    self.op_done(id, now, &mut out);
                }
            }
            Event::Value { id, value } => self.value(id, &value, now, &mut out),
            Event::Tick => {}
            Event::Disconnected => {
                self.queue.clear();
                // Cuffs end a transfer by disconnecting (BLE.md).
                let end = match self.stage {
                    Stage::Collecting if self.transfer.records.is_empty() => EndReason::NoRecords,
                    Stage::Collecting => EndReason::Complete,
                    _ if !self.transfer.records.is_empty() => EndReason::Complete,
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

    /// Cancels, keeping what arrived.
    pub fn abort(&mut self, _now: DateTime<Utc>) -> Vec<Action> {
        let mut out = Vec::new();
        if self.stage != Stage::Done {
            self.finish(EndReason::Aborted, true, &mut out);
        }
        out
    }

    /// When the session next needs an [`Event::Tick`], if ever.
    pub fn next_deadline(&self) -> Option<DateTime<Utc>> {
        match self.stage {
            Stage::Collecting => self.last_activity.map(|t| t + self.timings.cuff_idle),
            Stage::Preparing | Stage::Idle => self.connected_at.map(|t| t + self.timings.overall),
            Stage::Done => None,
        }
    }

    /// Progress now.
    pub fn progress_now(&self) -> Progress {
        Progress {
            phase: match self.stage {
                Stage::Idle => Phase::Connecting,
                Stage::Preparing => Phase::Preparing,
                Stage::Collecting => Phase::Transferring,
                Stage::Done => Phase::Done,
            },
            received: u32::try_from(self.transfer.records.len()).unwrap_or(u32::MAX),
            expected: None,
            cuff_pressure_mmhg: self.cuff_pressure,
        }
    }

    /// Whether the session has ended.
    pub fn is_finished(&self) -> bool {
        self.stage == Stage::Done
    }

    /// What was collected.
    pub fn transfer(&self) -> CuffTransfer {
        let mut t = self.transfer.clone();
        t.device = Some(self.info.identity(&self.config.peripheral_id));
        t
    }

    fn connected(&mut self, offered: &[GattId], now: DateTime<Utc>, out: &mut Vec<Action>) {
        self.connected_at = Some(now);
        if !offered.contains(&GattId::BP_MEASUREMENT) {
            let end = EndReason::MissingCharacteristic {
                id: GattId::BP_MEASUREMENT.label(),
            };
            return self.finish(end, true, out);
        }
        self.stage = Stage::Preparing;
        out.push(Action::Progress(self.progress_now()));
        for id in DeviceInfo::reads(offered) {
            self.queue.push(Action::Read { id }, out);
        }
        // Many cuffs keep wrong time unless told (BLE.md): set it where they let us.
        let local = self.zone.now_local(now);
        let time = CurrentTime::from_naive(&local, AdjustReason::EXTERNAL_REFERENCE_TIME_UPDATE);
        if let (true, Some(time)) = (offered.contains(&GattId::CURRENT_TIME), time) {
            let value = time.encode().to_vec();
            let write = Action::Write {
                id: GattId::CURRENT_TIME,
                value,
                with_response: true,
            };
            self.queue.push(write, out);
        }
        if offered.contains(&GattId::INTERMEDIATE_CUFF_PRESSURE) {
            let id = GattId::INTERMEDIATE_CUFF_PRESSURE;
            let kind = Subscription::Notify;
            self.queue.push(Action::Subscribe { id, kind }, out);
        }
        let id = GattId::BP_MEASUREMENT;
        let kind = Subscription::Indicate;
        self.queue.push(Action::Subscribe { id, kind }, out);
    }

    fn op_done(&mut self, id: GattId, now: DateTime<Utc>, out: &mut Vec<Action>) {
        self.queue.done(id, out);
        if self.stage == Stage::Preparing && self.queue.is_idle() {
            self.stage = Stage::Collecting;
            self.last_activity = Some(now);
            out.push(Action::Progress(self.progress_now()));
        }
    }

    fn value(&mut self, id: GattId, value: &[u8], now: DateTime<Utc>, out: &mut Vec<Action>) {
        match id {
            GattId::BP_MEASUREMENT => {
                self.last_activity = Some(now);
                match BloodPressureMeasurement::decode_with_quirks(value, self.quirks) {
                    Ok(measurement) => {
                        let seen = self
                            .transfer
                            .records
                            .iter()
                            .any(|r| r.measurement == measurement);
                        if seen {
                            self.transfer.duplicates += 1;
                        } else {
                            self.transfer.records.push(CuffRecord {
                                measurement,
                                received_at: now,
                            });
                            self.cuff_pressure = None;
                        }
                    }
                    Err(e) => self.transfer.skipped.push(Skipped {
                        source: id.label(),
                        sequence: None,
                        reason: e.to_string(),
                    }),
                }
                out.push(Action::Progress(self.progress_now()));
            }
            GattId::INTERMEDIATE_CUFF_PRESSURE => {
                self.last_activity = Some(now);
                if let Ok(icp) = IntermediateCuffPressure::decode_with_quirks(value, self.quirks) {
                    self.cuff_pressure = icp.unit.to_mmhg(icp.cuff_pressure);
                    out.push(Action::Progress(self.progress_now()));
                }
            }
            _ => {}
        }
    }

    fn check_time(&mut self, now: DateTime<Utc>, out: &mut Vec<Action>) {
        let Some(deadline) = self.next_deadline() else {
            return;
        };
        if now < deadline {
            return;
        }
        match self.stage {
            Stage::Collecting if self.transfer.records.is_empty() => {
                self.finish(EndReason::NoRecords, true, out);
            }
            Stage::Collecting => self.finish(EndReason::Complete, true, out),
            Stage::Idle | Stage::Preparing => {
                let end = EndReason::TimedOut {
                    phase: Phase::Preparing,
                };
                self.finish(end, true, out);
            }
            Stage::Done => {}
        }
    }

    fn finish(&mut self, end: EndReason, disconnect: bool, out: &mut Vec<Action>) {
        self.queue.clear();
        self.stage = Stage::Done;
        self.transfer.end = Some(end.clone());
        self.cuff_pressure = None;
        out.push(Action::Progress(self.progress_now()));
        if disconnect {
            out.push(Action::Disconnect);
        }
        out.push(Action::Finished { end });
    }
}
