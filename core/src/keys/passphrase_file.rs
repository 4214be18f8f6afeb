//! The database key wrapped with a passphrase, in a small JSON file: for machines
//! without an OS keyring, and as a recovery copy when the keyring forgets.
//!
//! ```json
//! {
//!   "format": "phr-key-file",
//!   "version": 1,
//!   "kdf": { "name": "argon2id", "version": 19, "memory_kib": 65536,
//!            "iterations": 3, "parallelism": 4, "salt": "<32 hex digits>" },
//!   "cipher": { "name": "aes-256-gcm", "nonce": "<24 hex digits>" },
//!   "wrapped_key": "<96 hex digits: 32-byte key + 16-byte tag>"
//! }
//! ```
//!
//! Every header field is bound into AES-GCM's associated data, so settings or salt cannot
//! be swapped without the file failing to open. The plaintext key is never written.

use super::hex;
use super::passphrase::{
    self, KdfParams, NONCE_LEN, SALT_LEN, TAG_LEN, check_new_passphrase, random_salt,
};
use super::{DatabaseKey, KEY_LEN, KeyError};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The `format` value that marks our key files.
const FORMAT: &str = "phr-key-file";
/// The only file version this code reads and writes.
const VERSION: u32 = 1;
const KDF_NAME: &str = "argon2id";
/// Argon2 version 0x13 (RFC 9106 section 3.1), the only one RFC 9106 specifies.
const ARGON2_VERSION: u32 = 0x13;
const CIPHER_NAME: &str = "aes-256-gcm";
/// A key file is a few hundred bytes; anything much larger is not one, and is not read.
const MAX_FILE_LEN: u64 = 64 * 1024;

/// A database key wrapped with a passphrase (Argon2id + AES-256-GCM), as read from its
/// file. Use the associated functions; the type carries no secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassphraseKeyFile {
    params: KdfParams,
    salt: [u8; SALT_LEN],
    nonce: [u8; NONCE_LEN],
    wrapped_key: Vec<u8>,
}

impl PassphraseKeyFile {
    /// Wraps `key` with `passphrase` and writes a new key file at `path` (mode 0600 on
    /// Unix), through a temporary file in the same directory so that a crash leaves either
    /// no file or a whole one.
    ///
    /// Refuses a passphrase shorter than
    /// [`MIN_PASSPHRASE_CHARS`](super::passphrase::MIN_PASSPHRASE_CHARS) characters
    /// ([`KeyError::PassphraseTooShort`]) and never replaces an existing file
    /// ([`KeyError::AlreadyExists`]). Use [`KdfParams::default`] outside tests.
    pub fn create(
        path: &Path,
        passphrase: &str,
        key: &DatabaseKey,
        params: KdfParams,
    ) -> Result<(), KeyError> {
        check_new_passphrase(passphrase)?;
        if fs::symlink_metadata(path).is_ok() {
            return Err(KeyError::AlreadyExists {
                path: path.to_owned(),
            });
        }
        let file = Self::wrap(passphrase, key, params)?;
        write_via_temp_file(path, &file.to_json()?, Replace::Never)
    }

    /// Unwraps the key in the file at `path`. A wrong passphrase is
    /// [`KeyError::WrongPassphrase`]; a damaged, cut-short or unknown-version file is
    /// [`KeyError::Corrupt`]; a missing file is [`KeyError::NotFound`]. Never writes.
    /// Any passphrase length is accepted here, so that old files keep opening.
    pub fn unlock(path: &Path, passphrase: &str) -> Result<DatabaseKey, KeyError> {
        Self::read(path)?.unwrap_key(passphrase)
    }

    /// Reads a key file from its bytes (a key file from outside: a recovery copy, a
    /// shell's import) and checks its header, its Argon2id settings included
    /// ([`KdfParams::validate`]), without deriving anything. Damaged or foreign bytes
    /// are [`KeyError::Corrupt`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        if bytes.len() as u64 > MAX_FILE_LEN {
            return Err(corrupt("the file is far too large to be a key file"));
        }
        Self::parse(bytes)
    }

    /// The Argon2id settings the file asks for (already within the bounds).
    pub fn params(&self) -> KdfParams {
        self.params
    }

    /// Unwraps the key with `passphrase`: Argon2id with the file's (bounded) settings.
    /// A wrong passphrase is [`KeyError::WrongPassphrase`].
    pub fn unwrap_with(&self, passphrase: &str) -> Result<DatabaseKey, KeyError> {
        self.unwrap_key(passphrase)
    }

    /// Re-wraps the key at `path` under `new_passphrase`, with a fresh salt and nonce and
    /// the file's existing Argon2id settings, replacing the file atomically. The old
    /// passphrase stops working. On any error (wrong `old_passphrase`, new one too short)
    /// the file is left as it was.
    pub fn change_passphrase(
        path: &Path,
        old_passphrase: &str,
        new_passphrase: &str,
    ) -> Result<(), KeyError> {
        check_new_passphrase(new_passphrase)?;
        let old = Self::read(path)?;
        let key = old.unwrap_key(old_passphrase)?;
        let new = Self::wrap(new_passphrase, &key, old.params)?;
        write_via_temp_file(path, &new.to_json()?, Replace::Yes)
    }

    fn wrap(passphrase: &str, key: &DatabaseKey, params: KdfParams) -> Result<Self, KeyError> {
        let salt = random_salt();
        let kek = passphrase::derive(passphrase, &salt, &params)?;
        let (nonce, wrapped_key) =
            passphrase::seal(&kek, key.as_bytes(), &associated_data(&params, &salt))?;
        Ok(Self {
            params,
            salt,
            nonce,
            wrapped_key,
        })
    }

    fn unwrap_key(&self, passphrase: &str) -> Result<DatabaseKey, KeyError> {
        let kek = passphrase::derive(passphrase, &self.salt, &self.params)?;
        let aad = associated_data(&self.params, &self.salt);
        let plaintext = passphrase::open(&kek, &self.nonce, &self.wrapped_key, &aad)?;
        DatabaseKey::from_bytes(&plaintext)
            .ok_or_else(|| corrupt("the wrapped key is not 32 bytes"))
    }

    fn read(path: &Path) -> Result<Self, KeyError> {
        let file = fs::File::open(path).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => KeyError::NotFound {
                path: path.to_owned(),
            },
            _ => KeyError::Io(e),
        })?;
        let mut bytes = Vec::new();
        file.take(MAX_FILE_LEN + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > MAX_FILE_LEN {
            return Err(corrupt("the file is far too large to be a key file"));
        }
        Self::parse(&bytes)
    }

    fn parse(bytes: &[u8]) -> Result<Self, KeyError> {
        // Format and version first, so that a newer file says so instead of failing on
        // whichever field changed.
        let head: FileHead = serde_json::from_slice(bytes).map_err(|e| json_error(&e))?;
        if head.format.as_deref() != Some(FORMAT) {
            return Err(corrupt("this is not a Person Held Record key file"));
        }
        match head.version {
            Some(v) if v == u64::from(VERSION) => {}
            Some(v) => {
                return Err(corrupt(&format!(
                    "key file version {v} is not supported by this version of the app"
                )));
            }
            None => return Err(corrupt("the key file has no version")),
        }
        let file: FileV1 = serde_json::from_slice(bytes).map_err(|e| json_error(&e))?;
        if file.kdf.name != KDF_NAME || file.kdf.version != ARGON2_VERSION {
            return Err(corrupt(&format!(
                "the key derivation {} version {} is not supported",
                file.kdf.name, file.kdf.version
            )));
        }
        if file.cipher.name != CIPHER_NAME {
            return Err(corrupt(&format!(
                "the cipher {} is not supported",
                file.cipher.name
            )));
        }
        let params = KdfParams {
            memory_kib: file.kdf.memory_kib,
            iterations: file.kdf.iterations,
            parallelism: file.kdf.parallelism,
        };
        params.validate().map_err(|e| match e {
            KeyError::KdfParams { reason } => corrupt(&format!(
                "its key derivation settings are unusable ({reason})"
            )),
            other => other,
        })?;
        let wrapped_key = hex::decode(&file.wrapped_key)
            .filter(|k| k.len() == KEY_LEN + TAG_LEN)
            .ok_or_else(|| corrupt("the wrapped key is damaged"))?;
        Ok(Self {
            params,
            salt: hex::decode_array(&file.kdf.salt)
                .ok_or_else(|| corrupt("the salt is damaged"))?,
            nonce: hex::decode_array(&file.cipher.nonce)
                .ok_or_else(|| corrupt("the nonce is damaged"))?,
            wrapped_key,
        })
    }

    fn to_json(&self) -> Result<Vec<u8>, KeyError> {
        let file = FileV1 {
            format: FORMAT.to_owned(),
            version: VERSION,
            kdf: KdfSection {
                name: KDF_NAME.to_owned(),
                version: ARGON2_VERSION,
                memory_kib: self.params.memory_kib,
                iterations: self.params.iterations,
                parallelism: self.params.parallelism,
                salt: hex::encode(&self.salt),
            },
            cipher: CipherSection {
                name: CIPHER_NAME.to_owned(),
                nonce: hex::encode(&self.nonce),
            },
            wrapped_key: hex::encode(&self.wrapped_key),
        };
        let mut json = serde_json::to_vec_pretty(&file).map_err(io::Error::from)?;
        json.push(b'\n');
        Ok(json)
    }
}

/// The header as AES-GCM associated data: everything that decides how the key is
/// derived and decrypted. The nonce needs no place here; GCM authenticates it already.
fn associated_data(params: &KdfParams, salt: &[u8; SALT_LEN]) -> Vec<u8> {
    format!(
        "{FORMAT} v{VERSION}; kdf={KDF_NAME} v={ARGON2_VERSION} m={} t={} p={} salt={}; cipher={CIPHER_NAME}",
        params.memory_kib,
        params.iterations,
        params.parallelism,
        hex::encode(salt)
    )
    .into_bytes()
}

fn corrupt(reason: &str) -> KeyError {
    KeyError::Corrupt {
        reason: reason.to_owned(),
    }
}

fn json_error(e: &serde_json::Error) -> KeyError {
    corrupt(match e.classify() {
        serde_json::error::Category::Eof => "the key file is cut short",
        serde_json::error::Category::Syntax => "this is not a key file (it is not JSON)",
        serde_json::error::Category::Data => "the key file is missing fields or has wrong ones",
        serde_json::error::Category::Io => "the key file could not be read",
    })
}

#[derive(Deserialize)]
struct FileHead {
    format: Option<String>,
    version: Option<u64>,
}

#[derive(Serialize, Deserialize)]
struct FileV1 {
    format: String,
    version: u32,
    kdf: KdfSection,
    cipher: CipherSection,
    wrapped_key: String,
}

#[derive(Serialize, Deserialize)]
struct KdfSection {
    name: String,
    version: u32,
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
    salt: String,
}

#[derive(Serialize, Deserialize)]
struct CipherSection {
    name: String,
    nonce: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Replace {
    Yes,
    Never,
}

/// Writes `contents` to a private temporary file next to `path`, flushes it to disk,
/// then moves it into place.
fn write_via_temp_file(path: &Path, contents: &[u8], replace: Replace) -> Result<(), KeyError> {
    let file_name = path.file_name().ok_or_else(|| {
        KeyError::Io(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the key file path has no file name",
        ))
    })?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut suffix = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut suffix);
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        file_name.to_string_lossy(),
        hex::encode(&suffix)
    ));
    let result = write_then_move(&temp, path, contents, replace);
    // The temporary name is gone after a rename; after a hard link or a failure it is
    // still there. It never holds anything but the wrapped key.
    if let Err(e) = fs::remove_file(&temp)
        && e.kind() != io::ErrorKind::NotFound
        && result.is_ok()
    {
        return Err(KeyError::Io(e));
    }
    if result.is_ok() {
        sync_dir(&dir);
    }
    result
}

fn write_then_move(
    temp: &Path,
    path: &Path,
    contents: &[u8],
    replace: Replace,
) -> Result<(), KeyError> {
    let mut file = private_new_file(temp)?;
    file.write_all(contents)?;
    file.sync_all()?;
    drop(file);
    match replace {
        Replace::Yes => fs::rename(temp, path)?,
        // A hard link fails if the target exists, closing the window in which another
        // process could create it between our check and the move.
        Replace::Never => match fs::hard_link(temp, path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Err(KeyError::AlreadyExists {
                    path: path.to_owned(),
                });
            }
            // Some file systems (FAT, some network shares) have no hard links.
            Err(_) => {
                if fs::symlink_metadata(path).is_ok() {
                    return Err(KeyError::AlreadyExists {
                        path: path.to_owned(),
                    });
                }
                fs::rename(temp, path)?;
            }
        },
    }
    Ok(())
}

#[cfg(unix)]
fn private_new_file(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_new_file(path: &Path) -> io::Result<fs::File> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// Makes the rename itself durable. Best effort: the file is already complete and in
/// place, and some platforms cannot open a directory for syncing.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PASS: &str = "correct horse battery staple";

    fn wrapped() -> (DatabaseKey, PassphraseKeyFile) {
        let key = DatabaseKey::generate();
        let file = PassphraseKeyFile::wrap(PASS, &key, KdfParams::for_tests()).expect("wrap");
        (key, file)
    }

    #[test]
    fn wrap_then_unwrap_gives_the_same_key() {
        let (key, file) = wrapped();
        assert_eq!(file.unwrap_key(PASS).expect("unwrap"), key);
    }

    #[test]
    fn json_round_trips() {
        let (key, file) = wrapped();
        let parsed = PassphraseKeyFile::parse(&file.to_json().expect("json")).expect("parse");
        assert_eq!(parsed, file);
        assert_eq!(parsed.unwrap_key(PASS).expect("unwrap"), key);
    }

    fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> Result<DatabaseKey, KeyError> {
        let (_, file) = wrapped();
        let mut value: serde_json::Value =
            serde_json::from_slice(&file.to_json().expect("json")).expect("value");
        edit(&mut value);
        let bytes = serde_json::to_vec(&value).expect("bytes");
        PassphraseKeyFile::parse(&bytes)?.unwrap_key(PASS)
    }

    #[test]
    fn swapping_header_fields_stops_the_file_opening() {
        // Argon2 settings and salt are bound twice: they change the derived key, and
        // they are in the associated data.
        let cases: [fn(&mut serde_json::Value); 3] = [
            |v| v["kdf"]["iterations"] = 2.into(),
            |v| v["kdf"]["memory_kib"] = 2048.into(),
            |v| v["kdf"]["salt"] = "00".repeat(SALT_LEN).into(),
        ];
        for edit in cases {
            assert!(matches!(edited(edit), Err(KeyError::WrongPassphrase)));
        }
    }

    #[test]
    fn unsupported_algorithms_and_bad_lengths_are_corrupt() {
        let cases: [fn(&mut serde_json::Value); 7] = [
            |v| v["kdf"]["name"] = "scrypt".into(),
            |v| v["kdf"]["version"] = 16.into(),
            |v| v["cipher"]["name"] = "chacha20-poly1305".into(),
            |v| v["cipher"]["nonce"] = "abcd".into(),
            |v| v["kdf"]["salt"] = "zz".repeat(SALT_LEN).into(),
            |v| v["wrapped_key"] = "00".into(),
            |v| v["kdf"]["memory_kib"] = u32::MAX.into(),
        ];
        for edit in cases {
            let result = edited(edit);
            assert!(
                matches!(result, Err(KeyError::Corrupt { .. })),
                "{result:?}"
            );
        }
    }

    #[test]
    fn the_associated_data_names_every_header_field() {
        let aad = associated_data(&KdfParams::default(), &[0xab; SALT_LEN]);
        let aad = String::from_utf8(aad).expect("text");
        assert_eq!(
            aad,
            format!(
                "phr-key-file v1; kdf=argon2id v=19 m=65536 t=3 p=4 salt={}; cipher=aes-256-gcm",
                "ab".repeat(SALT_LEN)
            )
        );
    }

    #[test]
    fn hex_rejects_odd_lengths_and_non_digits() {
        assert_eq!(hex::decode("0aFf"), Some(vec![0x0a, 0xff]));
        assert_eq!(hex::decode("abc"), None);
        assert_eq!(hex::decode("0g"), None);
        assert_eq!(hex::decode("+1"), None);
        assert_eq!(hex::decode_array::<2>("aabbcc"), None);
    }

    proptest! {
        #[test]
        fn hex_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            prop_assert_eq!(hex::decode(&hex::encode(&bytes)), Some(bytes));
        }

        #[test]
        fn parsing_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = PassphraseKeyFile::parse(&bytes);
        }
    }
}
