//! A new record's key, kept by a key store (the OS keyring on a desktop, the Android
//! Keystore or iOS Keychain behind biometrics in the apps): one lifecycle for every
//! shell. A stored key is never replaced (it may open another record); a key stored for
//! a record that then could not be made is forgotten again; a key left by a creation
//! that was killed before the record was in place is used again, so the next attempt
//! succeeds.

use std::path::Path;

use super::Record;
use super::error::{ApiError, ApiResult};
use crate::keys::{DatabaseKey, KeyStore};

impl Record {
    /// Creates a new record at `path` with a fresh random key kept by `store` under
    /// `record_id`. Refuses ([`ApiError::AlreadyExists`]) when anything of a record is
    /// at `path`. A key the store already holds for `record_id` is never replaced: with
    /// no record at `path` it is the key of a creation that did not finish, and the new
    /// record uses it. If the record cannot be made, a key stored for it is forgotten
    /// again.
    pub fn create_with_key_store(
        path: &Path,
        record_id: &str,
        store: &dyn KeyStore,
    ) -> ApiResult<Self> {
        with_new_key(path, record_id, store, |key| Record::create(path, key))
    }

    /// Like [`Record::create_with_key_store`], the new record filled by `fill` before it
    /// appears at `path` (see [`Record::create_with`]): a demo or first import killed
    /// half way leaves no half-filled record, and the next attempt starts afresh.
    pub fn create_filled_with_key_store(
        path: &Path,
        record_id: &str,
        store: &dyn KeyStore,
        fill: impl FnOnce(&mut Record) -> ApiResult<()>,
    ) -> ApiResult<Self> {
        with_new_key(path, record_id, store, |key| {
            Record::create_with(path, key, fill)
        })
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

/// Makes a record at `path` with `make` and a key kept by `store` under `record_id`:
/// refuses when anything of a record is at `path`; uses the key the store holds for
/// `record_id` (never replacing it), else stores a fresh one and forgets it again when
/// `make` fails.
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
    if let Some(key) = store.load(record_id)? {
        log::info!(target: "phr_core::keys", "a stored key with no record is used for the new record");
        return make(&key);
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
