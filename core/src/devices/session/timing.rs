//! Timeouts, from the timing a mature uploader uses (BLE.md, "Timing"): a retry after
//! 1 s without an answer to a count request and 5 s without a new record, 30 s overall.

use chrono::TimeDelta;

/// How long a session waits before it retries or gives up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionTimings {
    /// No answer to a count (or "last record") request: ask again (BLE.md: 1 s).
    pub count_retry: TimeDelta,
    /// No new record during a transfer: ask again (BLE.md: 5 s).
    pub records_retry: TimeDelta,
    /// How often to ask again before giving up.
    pub max_retries: u32,
    /// The whole session (BLE.md: 30 s). A transfer still delivering records is not cut
    /// off: there the no-progress rule above decides.
    pub overall: TimeDelta,
    /// After the meter's final RACP response, wait this long for notifications that
    /// a stack delivers late (BLE.md, "Transfer flows": a short grace period).
    pub grace: TimeDelta,
    /// A cuff has no end-of-transfer message: it is done after this long without a value
    /// (BLE.md: "after a few seconds idle").
    pub cuff_idle: TimeDelta,
    /// Waiting for the meter to confirm an abort.
    pub abort_wait: TimeDelta,
}

impl Default for SessionTimings {
    fn default() -> Self {
        Self {
            count_retry: TimeDelta::seconds(1),
            records_retry: TimeDelta::seconds(5),
            max_retries: 2,
            overall: TimeDelta::seconds(30),
            grace: TimeDelta::milliseconds(500),
            cuff_idle: TimeDelta::seconds(5),
            abort_wait: TimeDelta::seconds(1),
        }
    }
}
