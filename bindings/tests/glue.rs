//! What the binding adds to the core, tested from Rust: futures that run on their own
//! thread and stop when dropped, listeners told on their own thread (and free to read
//! the record), the key lifecycle through a foreign key store, and errors that say what
//! the core says. The same scenario as a phone's runs in Kotlin and Swift
//! (`tests/kotlin`, `tests/swift`).

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::HashMap;
use std::future::Future;
use std::pin::pin;
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use phr_core::api::RecordChange;
use phr_core::devices::session::Progress;
use phr_core::model::Viewer;
use phr_core::{ApiError, model::ReadingKind};
use phr_ffi::error::{KeyError, RecordError};
use phr_ffi::platform::keys::{KeyStore, generate_database_key};
use phr_ffi::platform::listener::RecordListener;
use phr_ffi::record::devices::{SyncListener, SyncSettings};
use phr_ffi::record::{PersonHeldRecord, SimulatedDevice};

/// Wakes the thread that waits in `block_on`.
struct Unpark(std::thread::Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Polls `future` to its end on this thread (what Kotlin's and Swift's executors do).
fn block_on<F: Future>(future: F) -> F::Output {
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
        std::thread::park_timeout(Duration::from_millis(50));
    }
}

fn new_record(dir: &tempfile::TempDir) -> Arc<PersonHeldRecord> {
    let path = dir.path().join("record.db").display().to_string();
    PersonHeldRecord::create(path, generate_database_key()).expect("create")
}

fn settings() -> SyncSettings {
    SyncSettings {
        visibility: phr_core::model::Visibility::Private,
        utc_offset_minutes: Some(0),
    }
}

fn glucose_count(record: &PersonHeldRecord) -> u64 {
    record
        .reading_count(Some(ReadingKind::BloodGlucose), Viewer::Person)
        .expect("count")
}

/// Reads the record from inside the listener, as a screen refreshing itself does.
struct Refresh {
    record: Arc<PersonHeldRecord>,
    seen: Mutex<std::sync::mpsc::Sender<(RecordChange, u64)>>,
}

impl RecordListener for Refresh {
    fn on_change(&self, change: RecordChange) {
        let count = glucose_count(&self.record);
        let _ = self
            .seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .send((change, count));
    }
}

fn listen(
    record: &Arc<PersonHeldRecord>,
) -> (
    Receiver<(RecordChange, u64)>,
    Arc<phr_ffi::platform::listener::ListenerHandle>,
) {
    let (tx, rx) = channel();
    let handle = record
        .observe(Arc::new(Refresh {
            record: record.clone(),
            seen: Mutex::new(tx),
        }))
        .expect("observe");
    (rx, handle)
}

#[test]
fn a_listener_that_reads_the_record_is_told_of_each_change_and_nothing_after_cancel() {
    let dir = tempfile::tempdir().expect("tempdir");
    let record = new_record(&dir);
    let (seen, handle) = listen(&record);
    let device = SimulatedDevice::glucose_meter(30, vec![], None).expect("meter");
    let report = block_on(record.clone().sync_simulated(device, settings(), None)).expect("sync");
    assert_eq!(report.added, 30);

    let (change, count) = seen.recv_timeout(Duration::from_secs(10)).expect("told");
    assert!(
        change.areas.contains(&phr_core::api::ChangeArea::Readings),
        "{change:?}"
    );
    assert_eq!(count, 30, "the listener read the record after the commit");

    handle.cancel();
    assert!(handle.is_cancelled());
    while seen.try_recv().is_ok() {}
    let device = SimulatedDevice::glucose_meter(40, vec![], None).expect("meter");
    block_on(record.clone().sync_simulated(device, settings(), None)).expect("sync");
    assert!(
        seen.recv_timeout(Duration::from_millis(500)).is_err(),
        "no change reaches a cancelled listener"
    );
}

/// Remembers that progress was made, and how often.
#[derive(Default)]
struct Steps(Mutex<u32>);

impl SyncListener for Steps {
    fn on_progress(&self, _progress: Progress) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) += 1;
    }
}

#[test]
fn a_sync_whose_future_is_dropped_stops_and_keeps_what_arrived() {
    let dir = tempfile::tempdir().expect("tempdir");
    let record = new_record(&dir);
    let steps = Arc::new(Steps::default());
    let device = SimulatedDevice::glucose_meter(3_000, vec![], None).expect("meter");
    {
        let future = record
            .clone()
            .sync_simulated(device, settings(), Some(steps.clone()));
        let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
        let mut cx = Context::from_waker(&waker);
        let mut future = pin!(future);
        // Poll until the sync is under way, then let go of it, as a cancelled coroutine
        // or task does.
        while *steps.0.lock().unwrap_or_else(PoisonError::into_inner) < 5 {
            assert!(
                future.as_mut().poll(&mut cx).is_pending(),
                "finished too soon"
            );
            std::thread::park_timeout(Duration::from_millis(5));
        }
    }
    // The sync's thread stops at its next step; the count stops growing below 3,000.
    let mut last = u64::MAX;
    for _ in 0..100 {
        std::thread::sleep(Duration::from_millis(100));
        let now = glucose_count(&record);
        if now == last {
            break;
        }
        last = now;
    }
    assert!(
        last < 3_000,
        "the sync went on after it was dropped: {last}"
    );
    // What arrived stays, and the next sync of the meter fetches the rest.
    let device = SimulatedDevice::glucose_meter(3_000, vec![], None).expect("meter");
    let report = block_on(record.clone().sync_simulated(device, settings(), None)).expect("sync");
    assert_eq!(u64::from(report.added) + last, 3_000);
    assert_eq!(glucose_count(&record), 3_000);
}

/// Keys in memory, one of which the test can make unavailable.
#[derive(Default)]
struct MemoryKeys(Mutex<HashMap<String, Vec<u8>>>);

impl KeyStore for MemoryKeys {
    fn load(&self, record_id: String) -> Result<Option<Vec<u8>>, KeyError> {
        if record_id == "locked" {
            return Err(KeyError::Unavailable {
                reason: "the person cancelled the fingerprint prompt".into(),
            });
        }
        Ok(self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&record_id)
            .cloned())
    }

    fn save(&self, record_id: String, key: Vec<u8>) -> Result<(), KeyError> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(record_id, key);
        Ok(())
    }

    fn delete(&self, record_id: String) -> Result<(), KeyError> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&record_id);
        Ok(())
    }
}

#[test]
fn the_key_lifecycle_runs_through_the_shells_key_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("record.db").display().to_string();
    let keys = Arc::new(MemoryKeys::default());
    let record = PersonHeldRecord::create_with_key_store(path.clone(), "r1".into(), keys.clone())
        .expect("create");
    record.close_record().expect("close");
    let again = PersonHeldRecord::open_with_key_store(path.clone(), "r1".into(), keys.clone())
        .expect("unlock");
    assert_eq!(again.path().expect("path"), path);

    // A record that cannot be made leaves no key behind.
    let err = PersonHeldRecord::create_with_key_store(path.clone(), "r2".into(), keys.clone())
        .expect_err("a record is there");
    assert!(matches!(err, RecordError::AlreadyExists { .. }), "{err:?}");
    assert!(keys.load("r2".into()).expect("load").is_none());

    let err = PersonHeldRecord::open_with_key_store(path, "locked".into(), keys)
        .expect_err("cancelled prompt");
    assert!(matches!(err, RecordError::KeyUnavailable { .. }), "{err:?}");
    assert!(
        err.message().contains("cancelled the fingerprint prompt"),
        "{}",
        err.message()
    );
}

#[test]
fn every_error_says_what_the_core_says_and_converts_back_unchanged() {
    let errors = vec![
        ApiError::WrongKey,
        ApiError::Invalid {
            field: "taken_at".into(),
            reason: "1 Jun 2027 08:00 is in the future".into(),
        },
        ApiError::GlucoseUnitQuestion {
            typed: 54.0,
            if_mmol_per_l: 5.4,
            if_mg_per_dl_in_mmol_per_l: 3.0,
        },
        ApiError::RateLimited {
            reason: "wait".into(),
            retry_after: chrono::Utc::now(),
        },
        ApiError::Closed,
        ApiError::Cancelled,
    ];
    for e in errors {
        let ffi = RecordError::from(e.clone());
        assert_eq!(ffi.message(), e.to_string());
        assert_eq!(ApiError::from(ffi), e);
    }
}

#[test]
fn a_closed_record_says_so_and_a_second_close_is_harmless() {
    let dir = tempfile::tempdir().expect("tempdir");
    let record = new_record(&dir);
    assert!(record.close_record().expect("close").warning.is_none());
    assert!(record.close_record().is_ok());
    let err = record
        .reading_count(None, Viewer::Person)
        .expect_err("closed");
    assert!(matches!(err, RecordError::Closed), "{err:?}");
}
