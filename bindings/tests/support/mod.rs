//! What a shell provides to the core, as the Rust acceptance test provides it: the Rust
//! twin of `tests/kotlin/tests/TestSupport.kt` and
//! `tests/swift/Tests/PhrFFITests/TestSupport.swift`. A `KeyStore` (here, a map), a
//! time source, a progress listener, and the Bluetooth callbacks that feed a
//! `DeviceSession` (here answered by the core's simulated meter).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use phr_ffi::clock::TimeSource;
use phr_ffi::devices::{DeviceSession, SyncListener};
use phr_ffi::error::{DeviceError, KeyError};
use phr_ffi::feed::{FeedResponse, SyncProgress};
use phr_ffi::keys::KeyStore;
use phr_ffi::simulator::{SimulatedDevice, StackEvent};

/// Keys in memory (the apps keep them in the Android Keystore or the iOS Keychain).
#[derive(Debug, Default)]
pub struct MemoryKeyStore {
    keys: Mutex<HashMap<String, Vec<u8>>>,
}

impl MemoryKeyStore {
    fn keys(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<u8>>> {
        self.keys.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The key stored for `record_id`, as the test sees it.
    pub fn stored(&self, record_id: &str) -> Option<Vec<u8>> {
        self.keys().get(record_id).cloned()
    }
}

impl KeyStore for MemoryKeyStore {
    fn load(&self, record_id: String) -> Result<Option<Vec<u8>>, KeyError> {
        Ok(self.keys().get(&record_id).cloned())
    }

    fn save(&self, record_id: String, key: Vec<u8>) -> Result<(), KeyError> {
        self.keys().insert(record_id, key);
        Ok(())
    }

    fn delete(&self, record_id: String) -> Result<(), KeyError> {
        self.keys().remove(&record_id);
        Ok(())
    }
}

/// A clock that starts at `start` and runs at the speed of real time.
#[derive(Debug)]
pub struct ClockFrom {
    start: SystemTime,
    began: Instant,
}

impl ClockFrom {
    /// A clock showing `start` now.
    pub fn new(start: SystemTime) -> Self {
        Self {
            start,
            began: Instant::now(),
        }
    }
}

impl TimeSource for ClockFrom {
    fn now(&self) -> SystemTime {
        self.start + self.began.elapsed()
    }
}

/// A progress bar's view of the sync.
#[derive(Debug, Default)]
pub struct ProgressLog {
    progress: Mutex<Vec<SyncProgress>>,
}

impl ProgressLog {
    /// Every progress the session reported, in order.
    pub fn seen(&self) -> Vec<SyncProgress> {
        self.progress
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl SyncListener for ProgressLog {
    fn on_progress(&self, progress: SyncProgress) {
        self.progress
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(progress);
    }
}

/// Hands one thing the platform stack reported to the session: one method per callback.
pub fn deliver(session: &DeviceSession, event: StackEvent) -> Result<FeedResponse, DeviceError> {
    match event {
        StackEvent::ReadResult {
            service,
            characteristic,
            value,
        } => session.read_result(service, characteristic, value),
        StackEvent::ReadFailed {
            service,
            characteristic,
            reason,
        } => session.read_failed(service, characteristic, reason),
        StackEvent::Subscribed {
            service,
            characteristic,
        } => session.subscribed(service, characteristic),
        StackEvent::SubscribeFailed {
            service,
            characteristic,
            reason,
        } => session.subscribe_failed(service, characteristic, reason),
        StackEvent::WriteAcknowledged {
            service,
            characteristic,
        } => session.write_acknowledged(service, characteristic),
        StackEvent::WriteFailed {
            service,
            characteristic,
            reason,
        } => session.write_failed(service, characteristic, reason),
        StackEvent::Value {
            service,
            characteristic,
            value,
        } => session.value(service, characteristic, value),
        StackEvent::Disconnected => session.disconnected(),
    }
}

/// One connection, as an app's Bluetooth callbacks drive it: perform each command, hand
/// back what the stack reports, hand over notifications as they arrive, and call
/// `tick()` when the session asked for it. Returns the response that says the transfer
/// is over.
pub fn sync_one_connection(
    session: &Arc<DeviceSession>,
    device: &Arc<SimulatedDevice>,
) -> Result<FeedResponse, DeviceError> {
    let mut response = session.connected(device.connect()?)?;
    let mut pending: VecDeque<_> = response.commands.iter().cloned().collect();
    loop {
        if let Some(command) = pending.pop_front() {
            response = deliver(session, device.perform(command)?)?;
            pending.extend(response.commands.iter().cloned());
            continue;
        }
        if response.finished {
            return Ok(response);
        }
        response = match device.next_notification()? {
            Some(notification) => deliver(session, notification)?,
            None => {
                let wait = response
                    .tick_after_ms
                    .ok_or_else(|| DeviceError::Connection {
                        reason: "the session waits for nothing".into(),
                    })?;
                std::thread::sleep(Duration::from_millis(wait));
                session.tick()?
            }
        };
        pending.extend(response.commands.iter().cloned());
    }
}
