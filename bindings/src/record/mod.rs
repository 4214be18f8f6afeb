//! `PersonHeldRecord`: one open record, the core's use-case façade (`phr_core::Record`)
//! on one uniffi object. Each method calls one use case and converts nothing by hand;
//! the long ones (backup, restore, device sync, integrity check) are `async`.
//!
//! | file | methods |
//! |---|---|
//! | `mod.rs` | create, open (key bytes or the shell's key store), close, checkpoint, clock, listeners |
//! | `backup.rs` | backup, restore, integrity check (async) |
//! | `entries.rs` | entries: add, edit, privacy, delete, undo, purge, history, list, page, views, templates, fields, changes feed |
//! | `readings.rs` | readings: add (typed, manual, batches), correct, privacy, delete, history, page, summaries, trend windows, overview |
//! | `alerts.rs` | notifications (due, inbox, acknowledge, snooze, shown) and rules |
//! | `fhir.rs` | FHIR import (bytes, a server) and IPS export (async) |
//! | `messages.rs` | requests, messages, questions |
//! | `share.rs` | shares: create, revoke, refresh, who looked, open a received link (async); QR codes |
//! | `devices.rs` | device sessions over the feed API, async syncs, clock corrections |
//! | `worker.rs` | futures of work that runs on its own thread, cancellable |
//!
//! uniffi objects are shared between threads, so the core's single-writer `Record`
//! sits behind a `Mutex`; `None` once closed.

pub mod alerts;
pub mod backup;
pub mod devices;
pub mod entries;
pub mod fhir;
pub mod messages;
pub mod readings;
pub mod share;
mod worker;

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use phr_core::{ApiError, ApiResult, Record};

use crate::error::RecordError;
use crate::platform::clock::{ForeignClock, TimeSource};
use crate::platform::keys::{ForeignKeyStore, KeyStore, database_key};
use crate::platform::listener::{ListenerHandle, RecordListener};
use phr_core::api::{SaveWarning, Saved};

pub use devices::{DeviceSession, SimulatedDevice};

/// An open Person Held Record: one encrypted file on the device.
#[derive(uniffi::Object)]
pub struct PersonHeldRecord {
    inner: Mutex<Option<Record>>,
}

impl std::fmt::Debug for PersonHeldRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonHeldRecord").finish_non_exhaustive()
    }
}

impl PersonHeldRecord {
    pub(crate) fn wrap(record: Record) -> Arc<Self> {
        log::info!(target: "phr_ffi::record", "record open");
        Arc::new(Self {
            inner: Mutex::new(Some(record)),
        })
    }

    /// The lock, even after a panic in another call: a panic unwinds through the core's
    /// write, whose transaction rolls back on drop, so the record is consistent.
    fn lock(&self) -> MutexGuard<'_, Option<Record>> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs one use case on the open record; `Closed` once closed.
    pub(crate) fn with<T>(
        &self,
        f: impl FnOnce(&mut Record) -> ApiResult<T>,
    ) -> Result<T, RecordError> {
        let mut guard = self.lock();
        let record = guard.as_mut().ok_or(ApiError::Closed)?;
        Ok(f(record)?)
    }
}

#[uniffi::export]
impl PersonHeldRecord {
    /// Creates a new, empty record at `path`, encrypted with the 32-byte `key`. Fails
    /// with `AlreadyExists` when anything of a record is at `path` (left as it is).
    #[uniffi::constructor]
    pub fn create(path: String, key: Vec<u8>) -> Result<Arc<Self>, RecordError> {
        let key = database_key(key)?;
        Ok(Self::wrap(Record::create(&path, &key)?))
    }

    /// Opens the record at `path` with the 32-byte `key`. A wrong key is `WrongKey`, a
    /// file that is not a record `NotARecord`; neither changes the file.
    #[uniffi::constructor]
    pub fn open(path: String, key: Vec<u8>) -> Result<Arc<Self>, RecordError> {
        let key = database_key(key)?;
        Ok(Self::wrap(Record::open(&path, &key)?))
    }

    /// Creates a new record at `path` with a fresh random key kept by the shell's
    /// `key_store` under `record_id` (the core's key lifecycle: a stored key is never
    /// replaced, a key stored for a record that could not be made is forgotten, a key
    /// left by a creation that did not finish is used again).
    #[uniffi::constructor]
    pub fn create_with_key_store(
        path: String,
        record_id: String,
        key_store: Arc<dyn KeyStore>,
    ) -> Result<Arc<Self>, RecordError> {
        let store = ForeignKeyStore(key_store);
        Ok(Self::wrap(Record::create_with_key_store(
            Path::new(&path),
            &record_id,
            &store,
        )?))
    }

    /// Opens the record at `path` with the key the shell's `key_store` keeps under
    /// `record_id` (the store may ask for biometrics). No key stored is `NoKey`; a store
    /// that cannot answer now is `KeyUnavailable`.
    #[uniffi::constructor]
    pub fn open_with_key_store(
        path: String,
        record_id: String,
        key_store: Arc<dyn KeyStore>,
    ) -> Result<Arc<Self>, RecordError> {
        let store = ForeignKeyStore(key_store);
        Ok(Self::wrap(Record::open_with_key_store(
            Path::new(&path),
            &record_id,
            &store,
        )?))
    }

    /// Closes the record (when the app locks it), writing its log into the main file.
    /// Everything committed is saved when this returns; `warning` says when the disk is
    /// nearly full. Every later call is `Closed`; closing twice is harmless. (Not
    /// `close`: in Kotlin every uniffi object has `close()`, which frees it.)
    pub fn close_record(&self) -> Result<Saved, RecordError> {
        match self.lock().take() {
            Some(record) => Ok(record.close()?),
            None => Ok(Saved { warning: None }),
        }
    }

    /// Whether `close_record()` was called.
    pub fn is_closed(&self) -> bool {
        self.lock().is_none()
    }

    /// Where the record lives.
    pub fn path(&self) -> Result<String, RecordError> {
        self.with(|r| Ok(r.path().display().to_string()))
    }

    /// The schema version of the open record.
    pub fn schema_version(&self) -> Result<u32, RecordError> {
        self.with(|r| r.schema_version())
    }

    /// Writes the log into the main file (when the app goes to the background).
    pub fn checkpoint(&self) -> Result<Saved, RecordError> {
        self.with(|r| r.checkpoint())
    }

    /// Replaces the record's clock (the system clock) with the shell's `time_source`.
    pub fn set_time_source(&self, time_source: Arc<dyn TimeSource>) -> Result<(), RecordError> {
        self.with(|r| {
            r.set_clock(Arc::new(ForeignClock(time_source)));
            Ok(())
        })
    }

    /// Tells `listener` which areas changed after every commit from now on, until the
    /// handle is cancelled or freed. Delivered on a thread of its own, in order.
    pub fn observe(
        &self,
        listener: Arc<dyn RecordListener>,
    ) -> Result<Arc<ListenerHandle>, RecordError> {
        self.with(|r| Ok(ListenerHandle::register(listener, |relay| r.observe(relay))))
    }

    /// Panics while holding the record's lock, for the tests that prove a panic never
    /// crosses the FFI and the record still works afterwards. Not for apps.
    #[doc(hidden)]
    pub fn test_support_panic_while_locked(&self, message: String) -> Result<(), RecordError> {
        self.with(|_| -> ApiResult<()> { panic!("{message}") })
    }
}

/// The sentence to show for a warning that came with `Saved`.
#[uniffi::export]
pub fn save_warning_message(warning: SaveWarning) -> String {
    warning.to_string()
}
