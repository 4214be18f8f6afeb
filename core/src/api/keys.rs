//! A new record's key, kept by a key store (the OS keyring on a desktop, the Android
//! Keystore or iOS Keychain behind biometrics in the apps): one lifecycle for every
//! shell. A stored key is never replaced (it may open another record); a key stored for
//! a record that then could not be made is forgotten again.

use std::path::Path;

use super::Record;
use super::error::{ApiError, ApiResult};
use crate::keys::{DatabaseKey, KeyStore};

impl Record {
    /// Creates a new record at `path` with a fresh random key kept by `store` under
    /// `record_id`. Refuses ([`ApiError::AlreadyExists`]) when the store already holds a
    /// key for `record_id`, or anything of a record is at `path`; if the record cannot
    /// be made, the key just stored is forgotten again.
    pub fn create_with_key_store(
        path: &Path,
        record_id: &str,
        store: &dyn KeyStore,
    ) -> ApiResult<Self> {
        with_new_key(path, record_id, store, |key| Record::create(path, key))
    }

    /// Restores the backup at `backup` into a new record at `path`, with a fresh key kept
    /// by `store` under `record_id`: the same lifecycle as
    /// [`Record::create_with_key_store`] (a stored key is never replaced; the new key is
    /// forgotten when the restore fails).
    pub fn restore_with_key_store(
        backup: &Path,
        passphrase: &str,
        path: &Path,
        record_id: &str,
        store: &dyn KeyStore,
    ) -> ApiResult<Self> {
        with_new_key(path, record_id, store, |key| {
            Record::restore_from(backup, passphrase, path, key)
        })
    }

    /// Opens the record at `path` with the key `store` keeps under `record_id` (the
    /// store may ask for biometrics). No key stored is [`ApiError::NoKey`].
    pub fn open_with_key_store(
        path: &Path,
        record_id: &str,
        store: &dyn KeyStore,
    ) -> ApiResult<Self> {
        let key = store.load(record_id)?.ok_or(ApiError::NoKey)?;
        Record::open(path, &key)
    }
}

/// Makes a record at `path` with `make` and a fresh key kept by `store` under
/// `record_id`: refuses when anything of a record is at `path` or the store already
/// holds a key for `record_id`; forgets the key again when `make` fails.
fn with_new_key(
    path: &Path,
    record_id: &str,
    store: &dyn KeyStore,
    make: impl FnOnce(&DatabaseKey) -> ApiResult<Record>,
) -> ApiResult<Record> {
    if let Some(found) = Record::leftover_at(path) {
        return Err(ApiError::AlreadyExists {
            what: found.display().to_string(),
        });
    }
    if store.load(record_id)?.is_some() {
        return Err(ApiError::AlreadyExists {
            what: format!("a key for {record_id}"),
        });
    }
    let key = DatabaseKey::generate();
    store.save(record_id, &key)?;
    match make(&key) {
        Ok(record) => Ok(record),
        Err(e) => {
            if let Err(forget) = store.delete(record_id) {
                log::warn!(target: "phr_core::keys", "could not forget the unused key: {forget}");
            }
            Err(e)
        }
    }
}
