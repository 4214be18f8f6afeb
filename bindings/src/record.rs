//! `PersonHeldRecord`: one open record. Create, open (with key bytes or through the
//! shell's `KeyStore`), close, back up and restore. Entries, readings, alerts and
//! devices add their methods in `record_entries.rs`, `record_readings.rs`, `alerts.rs`
//! and `devices.rs`.
//!
//! uniffi objects are shared between threads, so the core's single-writer `Record`
//! sits behind a `Mutex`; `None` once closed.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use phr_core::keys::{DatabaseKey, KdfParams, KeyStore as CoreKeyStore};
use phr_core::store::Record as CoreRecord;

use crate::error::{Closed, RecordError};
use crate::keys::{ForeignKeyStore, KeyStore, database_key};

/// An open Person Held Record: one encrypted file on the device.
#[derive(uniffi::Object)]
pub struct PersonHeldRecord {
    inner: Mutex<Option<CoreRecord>>,
}

impl std::fmt::Debug for PersonHeldRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonHeldRecord").finish_non_exhaustive()
    }
}

impl PersonHeldRecord {
    fn wrap(record: CoreRecord) -> Arc<Self> {
        log::info!(target: "phr_ffi::record", "record open");
        Arc::new(Self {
            inner: Mutex::new(Some(record)),
        })
    }

    /// The lock, even after a panic in another call: a panic unwinds through the
    /// core's write, whose SQLite transaction rolls back on drop, so the record is
    /// consistent and the next call may use it.
    fn lock(&self) -> MutexGuard<'_, Option<CoreRecord>> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on the open record; `Closed` once closed.
    pub(crate) fn with<T, E: From<Closed>>(
        &self,
        f: impl FnOnce(&mut CoreRecord) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut guard = self.lock();
        let record = guard.as_mut().ok_or(Closed)?;
        f(record)
    }
}

#[uniffi::export]
impl PersonHeldRecord {
    /// Creates a new, empty record at `path`, encrypted with the 32-byte `key`. Fails
    /// with `AlreadyExists` when anything is at `path` (which is left as it is).
    #[uniffi::constructor]
    pub fn create(path: String, key: Vec<u8>) -> Result<Arc<Self>, RecordError> {
        let key = database_key(key)?;
        Ok(Self::wrap(CoreRecord::create(&path, &key)?))
    }

    /// Opens the record at `path` with the 32-byte `key`. A wrong key is `WrongKey`, a
    /// file that is not a record `NotARecord`; neither changes the file.
    #[uniffi::constructor]
    pub fn open(path: String, key: Vec<u8>) -> Result<Arc<Self>, RecordError> {
        let key = database_key(key)?;
        Ok(Self::wrap(CoreRecord::open(&path, &key)?))
    }

    /// Creates a new record at `path` with a fresh random key kept by the shell's
    /// `key_store` under `record_id`. Refuses (`AlreadyExists`) when the store already
    /// holds a key for `record_id`, so no key is ever replaced; if the record cannot be
    /// made, the key just stored is forgotten again.
    #[uniffi::constructor]
    pub fn create_with_key_store(
        path: String,
        record_id: String,
        key_store: Arc<dyn KeyStore>,
    ) -> Result<Arc<Self>, RecordError> {
        let store = ForeignKeyStore(key_store);
        if store.load(&record_id)?.is_some() {
            return Err(RecordError::AlreadyExists { path: record_id });
        }
        let key = DatabaseKey::generate();
        store.save(&record_id, &key)?;
        match CoreRecord::create(&path, &key) {
            Ok(record) => Ok(Self::wrap(record)),
            Err(e) => {
                if let Err(forget) = store.delete(&record_id) {
                    log::warn!(target: "phr_ffi::keys", "could not forget the unused key: {forget}");
                }
                Err(e.into())
            }
        }
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
        let key = ForeignKeyStore(key_store)
            .load(&record_id)?
            .ok_or(RecordError::NoKey)?;
        Ok(Self::wrap(CoreRecord::open(&path, &key)?))
    }

    /// Restores the backup at `backup_path` (made with `backup_to`) into a new record at
    /// `path`, encrypted with the 32-byte `key`. A wrong passphrase is
    /// `WrongPassphrase`; nothing is left at `path` on failure, and an existing record
    /// is never overwritten.
    #[uniffi::constructor]
    pub fn restore_from(
        backup_path: String,
        passphrase: String,
        path: String,
        key: Vec<u8>,
    ) -> Result<Arc<Self>, RecordError> {
        let key = database_key(key)?;
        Ok(Self::wrap(CoreRecord::restore_from(
            Path::new(&backup_path),
            &passphrase,
            Path::new(&path),
            &key,
        )?))
    }

    /// Closes the record, writing its log into the main file. Every later call is
    /// `Closed`; closing twice is harmless. (Not `close`: in Kotlin every uniffi object
    /// already has `close()`, from `AutoCloseable`, which frees the object.)
    pub fn close_record(&self) -> Result<(), RecordError> {
        match self.lock().take() {
            Some(record) => {
                log::info!(target: "phr_ffi::record", "record closed");
                Ok(record.close()?)
            }
            None => Ok(()),
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
        self.with(|r| Ok(r.schema_version()?))
    }

    /// Checks every page's authentication code and SQLite's structure: `Corrupt` when
    /// damaged.
    pub fn check_integrity(&self) -> Result<(), RecordError> {
        self.with(|r| Ok(r.check_integrity()?))
    }

    /// Writes the log into the main file (call when the app goes to the background).
    pub fn checkpoint(&self) -> Result<(), RecordError> {
        self.with(|r| Ok(r.checkpoint()?))
    }

    /// Writes the whole record to `dest_path` as one file protected by `passphrase`
    /// (Argon2id with RFC 9106's second recommended settings, AES-256-GCM). Refuses to
    /// overwrite an existing file; a passphrase under 8 characters is
    /// `PassphraseTooShort`.
    pub fn backup_to(&self, dest_path: String, passphrase: String) -> Result<(), RecordError> {
        self.with(|r| Ok(r.backup_to(Path::new(&dest_path), &passphrase, &KdfParams::default())?))
    }

    /// Panics while holding the record's lock, for the tests that prove a panic never
    /// crosses the FFI and the record still works afterwards. Not for apps.
    #[doc(hidden)]
    pub fn test_support_panic_while_locked(&self, message: String) -> Result<(), RecordError> {
        self.with(|_| -> Result<(), RecordError> { panic!("{message}") })
    }
}
