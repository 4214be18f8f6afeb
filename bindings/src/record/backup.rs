//! The long operations on a whole record, as `async` calls: backup, restore and the
//! integrity check. A cancelled backup or restore leaves nothing behind.

use std::path::PathBuf;
use std::sync::Arc;

use phr_core::Record;
use phr_core::keys::KdfParams;

use super::PersonHeldRecord;
use super::worker;
use crate::error::RecordError;
use crate::platform::keys::{ForeignKeyStore, KeyStore, database_key};
use phr_core::api::IntegrityReport;

/// Removes a file made by work whose caller has gone.
fn undo_file(path: &std::path::Path) {
    if let Err(e) = std::fs::remove_file(path) {
        log::warn!(target: "phr_ffi::backup", "could not remove a cancelled operation's file: {e}");
    }
}

#[uniffi::export]
impl PersonHeldRecord {
    /// Writes the whole record to `dest_path` as one file protected by `passphrase`
    /// (Argon2id with RFC 9106's second recommended settings, AES-256-GCM). Refuses to
    /// overwrite a file; a passphrase under 8 characters is `PassphraseTooShort`.
    /// Cancelled, it leaves no file.
    pub async fn backup_to(
        self: Arc<Self>,
        dest_path: String,
        passphrase: String,
    ) -> Result<(), RecordError> {
        worker::run(move |cancel| {
            let dest = PathBuf::from(dest_path);
            self.with(|r| r.backup_to(&dest, &passphrase, &KdfParams::default()))?;
            if cancel.is_cancelled() {
                undo_file(&dest);
                return Err(RecordError::Cancelled);
            }
            Ok(())
        })
        .await
    }

    /// Checks every page's authentication code and the record's structure, and says in
    /// plain words what is damaged. A damaged record refuses writes from then on, until
    /// a backup is restored.
    pub async fn check(self: Arc<Self>) -> Result<IntegrityReport, RecordError> {
        worker::run(move |_| self.with(|r| r.check())).await
    }
}

/// Restores the backup at `backup_path` into a new record at `path`, encrypted with the
/// 32-byte `key`. A wrong passphrase is `WrongPassphrase`; nothing is left at `path` on
/// failure or when cancelled, and an existing record is never overwritten.
#[uniffi::export]
pub async fn restore_record(
    backup_path: String,
    passphrase: String,
    path: String,
    key: Vec<u8>,
) -> Result<Arc<PersonHeldRecord>, RecordError> {
    let key = database_key(key)?;
    worker::run(move |cancel| {
        let dest = PathBuf::from(path);
        let record = Record::restore_from(&PathBuf::from(backup_path), &passphrase, &dest, &key)?;
        if cancel.is_cancelled() {
            record.close()?;
            undo_file(&dest);
            return Err(RecordError::Cancelled);
        }
        Ok(PersonHeldRecord::wrap(record))
    })
    .await
}

/// Restores the backup at `backup_path` into a new record at `path`, with a fresh key
/// kept by the shell's `key_store` under `record_id` (the core's key lifecycle, as in
/// `create_with_key_store`). Cancelled, it leaves no record; the key stays in the
/// store, and the next attempt uses it again.
#[uniffi::export]
pub async fn restore_record_with_key_store(
    backup_path: String,
    passphrase: String,
    path: String,
    record_id: String,
    key_store: Arc<dyn KeyStore>,
) -> Result<Arc<PersonHeldRecord>, RecordError> {
    worker::run(move |cancel| {
        let store = ForeignKeyStore(key_store);
        let dest = PathBuf::from(path);
        let record = Record::restore_with_key_store(
            &PathBuf::from(backup_path),
            &passphrase,
            &dest,
            &record_id,
            &store,
        )?;
        if cancel.is_cancelled() {
            record.close()?;
            undo_file(&dest);
            return Err(RecordError::Cancelled);
        }
        Ok(PersonHeldRecord::wrap(record))
    })
    .await
}
