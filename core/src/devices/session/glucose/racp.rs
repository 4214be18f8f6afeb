//! The RACP side of the glucose session: the meter's answers, and which records to
//! ask for next (see the module doc of `glucose` for the resume rules).

use chrono::{DateTime, Utc};

use super::{GlucoseSession, Stage, Transfer};
use crate::devices::gatt::{
    RacpOpCode, RacpRequest, RacpResponse, RacpResponseCode, RecordSelection,
};
use crate::devices::session::event::{Action, EndReason, Phase};
use crate::devices::session::gatt_id::GattId;

impl GlucoseSession {
    pub(super) fn racp(
        &mut self,
        response: RacpResponse,
        now: DateTime<Utc>,
        out: &mut Vec<Action>,
    ) {
        match (response, self.stage.clone()) {
            (RacpResponse::NumberOfStoredRecords(n), Stage::Counting { .. }) => {
                self.count = Some(n);
                if n == 0 {
                    self.expected = Some(0);
                    self.finish(EndReason::NoRecords, true, out);
                } else {
                    self.after_count(now, out);
                }
            }
            (RacpResponse::ResponseCode { .. }, Stage::Counting { .. }) => {
                // Count not supported: carry on without an expected number.
                self.after_count(now, out);
            }
            (
                RacpResponse::ResponseCode {
                    request_op_code: RacpOpCode::ReportStoredRecords,
                    response,
                },
                Stage::Checking { .. },
            ) => match response {
                RacpResponseCode::Success => self.after_check(now, out),
                RacpResponseCode::NoRecordsFound => self.finish(EndReason::NoRecords, true, out),
                _ => self.without_check(now, out),
            },
            (
                RacpResponse::ResponseCode {
                    request_op_code: RacpOpCode::ReportStoredRecords,
                    response,
                },
                Stage::Transferring(x),
            ) => match response {
                RacpResponseCode::Success | RacpResponseCode::NoRecordsFound => {
                    let restarted = self.collected.numbering_restarted || self.anchor_changed;
                    if restarted && x.selection != RecordSelection::All && !self.followed_up {
                        self.followed_up = true;
                        self.expected = self.count;
                        self.request(RecordSelection::All, now, out);
                        return;
                    }
                    let end = if x.received == 0 && response == RacpResponseCode::NoRecordsFound {
                        EndReason::NoRecords
                    } else {
                        EndReason::Complete
                    };
                    self.stage = Stage::Grace {
                        until: now + self.timings.grace,
                        end,
                    };
                    self.progress(Phase::Finishing, out);
                }
                other => self.finish(EndReason::refused(other), true, out),
            },
            (
                RacpResponse::ResponseCode {
                    request_op_code: RacpOpCode::AbortOperation,
                    ..
                },
                Stage::Aborting { then, .. },
            ) => self.finish(then, true, out),
            _ => {}
        }
    }

    pub(super) fn after_count(&mut self, now: DateTime<Utc>, out: &mut Vec<Action>) {
        match self.history.last_sequence {
            None | Some(u16::MAX) => {
                self.expected = self.count;
                self.request(RecordSelection::All, now, out);
            }
            Some(_) => {
                self.write_racp(RacpRequest::ReportStoredRecords(RecordSelection::Last), out);
                self.stage = Stage::Checking {
                    sent_at: now,
                    retries: 0,
                };
                self.progress(Phase::Checking, out);
            }
        }
    }

    pub(super) fn after_check(&mut self, now: DateTime<Utc>, out: &mut Vec<Action>) {
        let Some(last) = self.history.last_sequence else {
            return self.without_check(now, out);
        };
        match self.newest {
            None => self.without_check(now, out),
            Some((seq, time)) if seq == last => {
                let same = self.history.last_time.is_none() || time == self.history.last_time;
                if same {
                    self.finish(EndReason::NoRecords, true, out);
                } else {
                    self.expected = self.count;
                    self.request(RecordSelection::All, now, out);
                }
            }
            Some((seq, _)) if seq < last => {
                self.expected = self.count;
                self.request(RecordSelection::All, now, out);
            }
            Some((seq, _)) => {
                // Start at L itself when its time is known, to check it (module doc).
                let from = if self.history.last_time.is_some() {
                    last
                } else {
                    last + 1
                };
                self.expected = Some(u32::from(seq - from) + 1);
                self.request(RecordSelection::GreaterThanOrEqual(from), now, out);
            }
        }
    }

    /// The meter cannot report its last record: fall back on the count. A count at or
    /// below the last sequence number means the numbering no longer matches ours
    /// ("a count lower than expected"): ask for everything; duplicates are dropped.
    pub(super) fn without_check(&mut self, now: DateTime<Utc>, out: &mut Vec<Action>) {
        let last = self.history.last_sequence.unwrap_or(0);
        if self.count.is_some_and(|n| n <= u32::from(last)) || last == u16::MAX {
            self.expected = self.count;
            self.request(RecordSelection::All, now, out);
        } else {
            self.expected = None;
            self.request(RecordSelection::GreaterThanOrEqual(last + 1), now, out);
        }
    }

    pub(super) fn request(
        &mut self,
        selection: RecordSelection,
        now: DateTime<Utc>,
        out: &mut Vec<Action>,
    ) {
        self.write_racp(RacpRequest::ReportStoredRecords(selection), out);
        self.stage = Stage::Transferring(Transfer {
            selection,
            last_progress: now,
            retries: 0,
            received: 0,
        });
        self.progress(Phase::Transferring, out);
    }

    pub(super) fn write_racp(&mut self, request: RacpRequest, out: &mut Vec<Action>) {
        let action = Action::Write {
            id: GattId::RACP,
            value: request.encode(),
            with_response: true,
        };
        self.queue.push(action, out);
    }
}
