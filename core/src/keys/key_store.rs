//! The [`KeyStore`] trait: whoever keeps a record's database key between sessions.
//!
//! Desktop: [`OsKeyringStore`](super::OsKeyringStore) (feature `os-keyring`). Phones: the
//! shells implement this trait through the bindings with the Android Keystore or the iOS
//! Keychain behind biometrics. Tests, and shells that hand over the key themselves, use
//! [`MemoryKeyStore`].

use super::DatabaseKey;
use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

/// Why a key could not be loaded, saved, wrapped or unwrapped.
///
/// Every message is one line meant for the person in front of the screen.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The passphrase does not open this key file or backup (or the file was altered).
    #[error("the passphrase is wrong")]
    WrongPassphrase,
    /// A new passphrase was refused before anything was written.
    #[error("the passphrase is too short: use at least {min_chars} characters")]
    PassphraseTooShort {
        /// The minimum number of characters.
        min_chars: usize,
    },
    /// No key store can be reached (no keyring service, no session keyring, no system bus).
    #[error("no system keyring is available: {reason}")]
    Unavailable {
        /// What is missing, in words.
        reason: String,
    },
    /// A stored key is damaged, cut short, or not a key at all.
    #[error("the stored key is unreadable: {reason}")]
    Corrupt {
        /// What is wrong with it, in words.
        reason: String,
    },
    /// A key file was asked for where there is none.
    #[error("there is no key file at {}", path.display())]
    NotFound {
        /// Where the key file was expected.
        path: PathBuf,
    },
    /// Creating a key file would have replaced an existing one (which is left untouched).
    #[error("a key file already exists at {}; it was left untouched", path.display())]
    AlreadyExists {
        /// The existing file.
        path: PathBuf,
    },
    /// Key derivation settings that this app cannot use.
    #[error("the key derivation settings cannot be used: {reason}")]
    KdfParams {
        /// Which setting is out of range.
        reason: String,
    },
    /// Reading or writing a key file failed.
    #[error("could not read or write the key file: {0}")]
    Io(#[from] std::io::Error),
    /// The operating system's keyring reported a failure.
    #[error("the system keyring failed: {reason}")]
    Platform {
        /// The keyring's own explanation.
        reason: String,
    },
}

/// Keeps database keys between sessions, one per record.
///
/// `load` returns `Ok(None)` when no key is stored for the record; `delete` of a key that
/// is not there succeeds, so forgetting a record can be retried safely.
pub trait KeyStore: Send + Sync {
    /// The key stored for `record_id`, if any.
    fn load(&self, record_id: &str) -> Result<Option<DatabaseKey>, KeyError>;
    /// Stores `key` for `record_id`, replacing any key stored before.
    fn save(&self, record_id: &str, key: &DatabaseKey) -> Result<(), KeyError>;
    /// Forgets the key for `record_id`. Succeeds when there was none.
    fn delete(&self, record_id: &str) -> Result<(), KeyError>;
}

/// Keys held in process memory only: for tests, and for shells that supply the key
/// directly each time. Keys are zeroized when removed or when the store is dropped.
#[derive(Default)]
pub struct MemoryKeyStore {
    keys: Mutex<HashMap<String, DatabaseKey>>,
}

impl MemoryKeyStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn keys(&self) -> MutexGuard<'_, HashMap<String, DatabaseKey>> {
        // A panic while the lock was held cannot leave a half-written key behind (each
        // operation is a single map call), so a poisoned lock is still safe to use.
        self.keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl KeyStore for MemoryKeyStore {
    fn load(&self, record_id: &str) -> Result<Option<DatabaseKey>, KeyError> {
        Ok(self.keys().get(record_id).cloned())
    }

    fn save(&self, record_id: &str, key: &DatabaseKey) -> Result<(), KeyError> {
        self.keys().insert(record_id.to_owned(), key.clone());
        Ok(())
    }

    fn delete(&self, record_id: &str) -> Result<(), KeyError> {
        self.keys().remove(record_id);
        Ok(())
    }
}

impl fmt::Debug for MemoryKeyStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryKeyStore")
            .field("records", &self.keys().len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_store_round_trips_and_forgets() {
        let store = MemoryKeyStore::new();
        assert!(store.load("a").expect("load").is_none());
        let key = DatabaseKey::generate();
        store.save("a", &key).expect("save");
        assert_eq!(store.load("a").expect("load"), Some(key.clone()));
        assert!(store.load("b").expect("load").is_none());
        store.delete("a").expect("delete");
        assert!(store.load("a").expect("load").is_none());
        store.delete("a").expect("deleting again is fine");
    }

    #[test]
    fn saving_again_replaces_the_key() {
        let store = MemoryKeyStore::new();
        let (first, second) = (DatabaseKey::generate(), DatabaseKey::generate());
        store.save("a", &first).expect("save");
        store.save("a", &second).expect("save");
        assert_eq!(store.load("a").expect("load"), Some(second));
    }

    #[test]
    fn debug_shows_no_keys_or_record_ids() {
        let store = MemoryKeyStore::new();
        store
            .save("secret-record", &DatabaseKey::generate())
            .expect("save");
        let shown = format!("{store:?}");
        assert_eq!(shown, "MemoryKeyStore { records: 1 }");
    }

    #[test]
    fn every_error_message_is_one_line() {
        let errors = [
            KeyError::WrongPassphrase,
            KeyError::PassphraseTooShort { min_chars: 8 },
            KeyError::Unavailable {
                reason: "no session keyring".into(),
            },
            KeyError::Corrupt {
                reason: "cut short".into(),
            },
            KeyError::NotFound {
                path: "/tmp/x.key".into(),
            },
            KeyError::AlreadyExists {
                path: "/tmp/x.key".into(),
            },
            KeyError::KdfParams {
                reason: "too little memory".into(),
            },
            KeyError::Io(std::io::Error::other("disk full")),
            KeyError::Platform {
                reason: "denied".into(),
            },
        ];
        for error in errors {
            let message = error.to_string();
            assert!(!message.contains('\n'), "{message}");
            assert!(!message.is_empty());
        }
    }

    #[test]
    fn store_is_usable_as_a_trait_object_across_threads() {
        let store: std::sync::Arc<dyn KeyStore> = std::sync::Arc::new(MemoryKeyStore::new());
        let key = DatabaseKey::generate();
        let writer = {
            let store = store.clone();
            let key = key.clone();
            std::thread::spawn(move || store.save("r", &key))
        };
        writer.join().expect("thread").expect("save");
        assert_eq!(store.load("r").expect("load"), Some(key));
    }
}
