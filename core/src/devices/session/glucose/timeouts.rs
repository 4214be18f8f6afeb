//! Timeouts of the glucose session (BLE.md, "Timing"): retry a count after 1 s and a
//! stalled transfer after 5 s, give up after 30 s unless records are still arriving.

use chrono::{DateTime, Utc};

use super::{GlucoseSession, Stage};
use crate::devices::gatt::{RacpRequest, RecordSelection};
use crate::devices::session::event::{Action, EndReason, Phase};

impl GlucoseSession {
    pub(super) fn check_time(&mut self, now: DateTime<Utc>, out: &mut Vec<Action>) {
        let t = self.timings;
        // Past the overall limit, a stall ends the session instead of a retry.
        let overdue = self.connected_at.is_some_and(|c| now >= c + t.overall);
        let flowing = matches!(&self.stage, Stage::Transferring(x) if now < x.last_progress + t.records_retry);
        if overdue && !flowing {
            let phase = self.phase();
            match self.stage {
                Stage::Counting { .. } | Stage::Checking { .. } | Stage::Transferring(_) => {
                    self.start_abort(EndReason::TimedOut { phase }, now, out);
                    return;
                }
                Stage::Grace { .. } | Stage::Aborting { .. } | Stage::Done => {}
                _ => return self.finish(EndReason::TimedOut { phase }, true, out),
            }
        }
        match self.stage.clone() {
            Stage::Counting { sent_at, retries } | Stage::Checking { sent_at, retries }
                if now >= sent_at + t.count_retry =>
            {
                let counting = matches!(self.stage, Stage::Counting { .. });
                if retries < t.max_retries {
                    self.queue.clear();
                    let request = if counting {
                        RacpRequest::ReportNumberOfStoredRecords(RecordSelection::All)
                    } else {
                        RacpRequest::ReportStoredRecords(RecordSelection::Last)
                    };
                    self.write_racp(request, out);
                    let (sent_at, retries) = (now, retries + 1);
                    self.stage = if counting {
                        Stage::Counting { sent_at, retries }
                    } else {
                        Stage::Checking { sent_at, retries }
                    };
                } else if counting {
                    self.queue.clear();
                    self.after_count(now, out);
                } else {
                    self.queue.clear();
                    self.without_check(now, out);
                }
            }
            Stage::Transferring(mut x) if now >= x.last_progress + t.records_retry => {
                if x.retries < t.max_retries {
                    self.queue.clear();
                    self.write_racp(RacpRequest::ReportStoredRecords(x.selection), out);
                    x.retries += 1;
                    x.last_progress = now;
                    self.stage = Stage::Transferring(x);
                } else {
                    let end = EndReason::TimedOut {
                        phase: Phase::Transferring,
                    };
                    self.start_abort(end, now, out);
                }
            }
            Stage::Grace { until, end } if now >= until => self.finish(end, true, out),
            Stage::Aborting { until, then } if now >= until => self.finish(then, true, out),
            _ => {}
        }
    }

    pub(super) fn start_abort(
        &mut self,
        then: EndReason,
        now: DateTime<Utc>,
        out: &mut Vec<Action>,
    ) {
        self.queue.clear();
        self.write_racp(RacpRequest::Abort, out);
        self.stage = Stage::Aborting {
            until: now + self.timings.abort_wait,
            then,
        };
        self.progress(Phase::Finishing, out);
    }
}
