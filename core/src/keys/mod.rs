//! Keys: the database key type, the [`KeyStore`] trait and its stores.
//!
//! | file | what |
//! |---|---|
//! | `database_key.rs` | [`DatabaseKey`]: 256 random bits, zeroized on drop |
//! | `key_store.rs` | [`KeyStore`] trait, [`MemoryKeyStore`], [`KeyError`] |
//! | `os_keyring.rs` | [`OsKeyringStore`]: keyring-core with the platform's store |
//! | `passphrase_file.rs` | [`PassphraseKeyFile`]: the key wrapped with Argon2id + AES-256-GCM |
//! | `hex.rs` | the core's one lower-case hex: key literals, key files, salts, nonces (the store's `codec::hex` is it) |
//! | `passphrase.rs` | Argon2id key derivation and AES-256-GCM sealing shared with backups |

mod database_key;
pub(crate) mod hex;
mod key_store;
#[cfg(feature = "os-keyring")]
mod os_keyring;
pub mod passphrase;
mod passphrase_file;

pub use database_key::{DatabaseKey, KEY_LEN, RECORD_SALT_MARK, SQLCIPHER_SALT_LEN};
pub use key_store::{KeyError, KeyStore, MemoryKeyStore};
#[cfg(feature = "os-keyring")]
pub use os_keyring::{OsKeyringKind, OsKeyringStore, SERVICE as OS_KEYRING_SERVICE};
pub use passphrase::KdfParams;
pub use passphrase_file::PassphraseKeyFile;
