//! The shell's clock as the core's `Clock`: for a shell that wants one clock for
//! everything, and for tests that place a record in time (reminders, snoozes, how old a
//! reading is on arrival). `TimeSource`, not `Clock`: Swift has a `Clock` protocol.

use std::sync::Arc;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use phr_core::clock::Clock as CoreClock;

use crate::error::RecordError;
use crate::model::PersonHeldRecord;
use crate::time::utc;

/// A source of the current time, implemented by the shell. Called often (every write,
/// every device step) and from any thread: keep it quick.
#[uniffi::export(foreign)]
pub trait TimeSource: Send + Sync {
    /// Now.
    fn now(&self) -> SystemTime;
}

/// The shell's time source seen through the core's trait.
struct ForeignClock(Arc<dyn TimeSource>);

impl CoreClock for ForeignClock {
    fn now(&self) -> DateTime<Utc> {
        utc(self.0.now())
    }
}

#[uniffi::export]
impl PersonHeldRecord {
    /// Replaces the record's clock (the system clock) with the shell's `time_source`.
    pub fn set_time_source(&self, time_source: Arc<dyn TimeSource>) -> Result<(), RecordError> {
        self.with(|r| {
            r.set_clock(Arc::new(ForeignClock(time_source)));
            Ok(())
        })
    }
}
