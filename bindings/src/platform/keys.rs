//! Keys: the shell's `KeyStore` (Android Keystore / iOS Keychain behind biometrics) as a
//! foreign trait adapted to the core's `KeyStore`, a fresh database key, and the
//! passphrase-wrapped key file for a recovery copy.

use std::path::Path;
use std::sync::Arc;

use phr_core::keys::PassphraseKeyFile;
use phr_core::keys::{DatabaseKey, KdfParams, KeyError as CoreKeyError, KeyStore as CoreKeyStore};
use zeroize::Zeroize;

use crate::error::{KeyError, RecordError};

/// Keeps database keys between sessions, one per record, implemented by the shell: the
/// Android Keystore or the iOS Keychain, behind biometrics. The core asks for a key only
/// when a record is opened or made.
#[uniffi::export(foreign)]
pub trait KeyStore: Send + Sync {
    /// The 32-byte key stored for `record_id`, or `null`/`nil` when none is stored.
    /// Throw `KeyError.Unavailable` when the person cancels the biometric prompt or a
    /// new enrolment invalidated the key.
    fn load(&self, record_id: String) -> Result<Option<Vec<u8>>, KeyError>;
    /// Stores `key` for `record_id` (the core never asks to replace a stored key).
    fn save(&self, record_id: String, key: Vec<u8>) -> Result<(), KeyError>;
    /// Forgets the key for `record_id`; succeeds when there was none.
    fn delete(&self, record_id: String) -> Result<(), KeyError>;
}

/// The shell's key store seen through the core's trait.
pub(crate) struct ForeignKeyStore(pub(crate) Arc<dyn KeyStore>);

impl CoreKeyStore for ForeignKeyStore {
    fn load(&self, record_id: &str) -> Result<Option<DatabaseKey>, CoreKeyError> {
        let Some(mut bytes) = self.0.load(record_id.to_string())? else {
            return Ok(None);
        };
        let key = DatabaseKey::from_bytes(&bytes);
        bytes.zeroize();
        key.map(Some).ok_or_else(|| CoreKeyError::Corrupt {
            reason: "the key store returned a key that is not 32 bytes".into(),
        })
    }

    fn save(&self, record_id: &str, key: &DatabaseKey) -> Result<(), CoreKeyError> {
        Ok(self
            .0
            .save(record_id.to_string(), key.as_bytes().to_vec())?)
    }

    fn delete(&self, record_id: &str) -> Result<(), CoreKeyError> {
        Ok(self.0.delete(record_id.to_string())?)
    }
}

/// A database key from bytes given by a shell; the given bytes are wiped.
pub(crate) fn database_key(mut bytes: Vec<u8>) -> Result<DatabaseKey, RecordError> {
    let key = DatabaseKey::from_bytes(&bytes);
    bytes.zeroize();
    key.ok_or_else(|| RecordError::Invalid {
        field: "key".into(),
        reason: "a key is 32 bytes".into(),
    })
}

/// A new random 256-bit database key (from the operating system's generator), for a
/// shell that keeps keys itself.
#[uniffi::export]
pub fn generate_database_key() -> Vec<u8> {
    DatabaseKey::generate().as_bytes().to_vec()
}

/// Wraps `key` with `passphrase` (Argon2id, RFC 9106's second recommended settings, and
/// AES-256-GCM) into a new key file at `path`: a recovery copy of the key. Never
/// replaces an existing file.
#[uniffi::export]
pub fn create_key_file(path: String, passphrase: String, key: Vec<u8>) -> Result<(), RecordError> {
    let key = database_key(key)?;
    Ok(PassphraseKeyFile::create(
        Path::new(&path),
        &passphrase,
        &key,
        KdfParams::default(),
    )?)
}

/// The key in the key file at `path`. A wrong passphrase is `WrongPassphrase`.
#[uniffi::export]
pub fn unlock_key_file(path: String, passphrase: String) -> Result<Vec<u8>, RecordError> {
    Ok(PassphraseKeyFile::unlock(Path::new(&path), &passphrase)?
        .as_bytes()
        .to_vec())
}

/// Re-wraps the key file at `path` under a new passphrase; the old one stops working.
#[uniffi::export]
pub fn change_key_file_passphrase(
    path: String,
    old_passphrase: String,
    new_passphrase: String,
) -> Result<(), RecordError> {
    Ok(PassphraseKeyFile::change_passphrase(
        Path::new(&path),
        &old_passphrase,
        &new_passphrase,
    )?)
}
