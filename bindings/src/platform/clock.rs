//! The shell's clock as the core's `Clock`: for tests that place a record in time
//! (reminders, snoozes, how old a reading is on arrival). `TimeSource`, not `Clock`:
//! Swift has a `Clock` protocol.

use std::sync::Arc;

use phr_core::clock::Clock;

use crate::types::custom::UtcTime;

/// A source of the current time, implemented by the shell. Called often (every write,
/// every device step) and from any thread: keep it quick.
#[uniffi::export(foreign)]
pub trait TimeSource: Send + Sync {
    /// Now.
    fn now(&self) -> UtcTime;
}

/// The shell's time source seen through the core's trait.
pub(crate) struct ForeignClock(pub(crate) Arc<dyn TimeSource>);

impl Clock for ForeignClock {
    fn now(&self) -> UtcTime {
        self.0.now()
    }
}
