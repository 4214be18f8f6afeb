//! Which key unlocks a record, and where a new record's key is kept.
//!
//! 1. `PHR_PASSPHRASE` set: the key file `<record>.key`, the key wrapped with that
//!    passphrase (Argon2id + AES-256-GCM, [`PassphraseKeyFile`]).
//! 2. Otherwise a system keyring that keeps keys across reboots (Secret Service or the
//!    macOS Keychain), under the record's absolute path. The Linux kernel keyring forgets
//!    keys at reboot, which would lose the record, so it is not used for new keys.
//! 3. Otherwise the key file, with the passphrase asked for on the terminal (twice for a
//!    new one); without a terminal, an error saying to set `PHR_PASSPHRASE`.
//!
//! When a record has a key file, it is used (the record was made with a passphrase). The
//! key is always unlocked before the record is opened, so a wrong passphrase changes
//! nothing. The plain key is never written to disk.

use phr_core::keys::{
    DatabaseKey, KdfParams, KeyError, KeyStore, OsKeyringKind, OsKeyringStore, PassphraseKeyFile,
};
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

use crate::error::{CliError, CliResult};

/// The passphrase-wrapped key file of a record: `<record path>.key`.
pub fn key_file_path(record: &Path) -> PathBuf {
    let mut s: OsString = record.as_os_str().to_os_string();
    s.push(".key");
    PathBuf::from(s)
}

/// The record's id in a keyring: its absolute path (directory resolved, so the same
/// record always has the same id however it was named).
pub fn record_id(record: &Path) -> CliResult<String> {
    let name = record
        .file_name()
        .ok_or_else(|| CliError::usage(format!("{} is not a file name", record.display())))?;
    let dir = match record.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = dir
        .canonicalize()
        .map_err(|e| CliError::failed(format!("cannot reach the folder {}: {e}", dir.display())))?;
    Ok(dir.join(name).to_string_lossy().into_owned())
}

/// The passphrase of the record's key file.
pub const PASSPHRASE_ENV: &str = "PHR_PASSPHRASE";
/// The passphrase of a backup.
pub const BACKUP_PASSPHRASE_ENV: &str = "PHR_BACKUP_PASSPHRASE";
/// `fast` selects cheap key derivation: for tests only.
pub const KDF_ENV: &str = "PHR_KDF";

/// Key derivation settings for new key files and backups: RFC 9106's second recommended
/// option, or with `PHR_KDF=fast` the cheap settings meant for tests only.
pub fn kdf_params() -> KdfParams {
    match std::env::var(KDF_ENV).as_deref() {
        Ok("fast") => KdfParams::for_tests(),
        _ => KdfParams::default(),
    }
}

fn env_secret(name: &str) -> Option<Zeroizing<String>> {
    std::env::var(name).ok().map(Zeroizing::new)
}

fn interactive() -> bool {
    std::io::stdin().is_terminal()
}

fn prompt(text: &str) -> CliResult<Zeroizing<String>> {
    rpassword::prompt_password(text)
        .map(Zeroizing::new)
        .map_err(|e| CliError::failed(format!("could not read the passphrase: {e}")))
}

/// A new passphrase from `env`, else asked twice on the terminal, else an error.
fn new_passphrase(env: &str, what: &str) -> CliResult<Zeroizing<String>> {
    if let Some(p) = env_secret(env) {
        return Ok(p);
    }
    if !interactive() {
        return Err(CliError::usage(format!(
            "no {what}: set {env} (there is no terminal to ask on)"
        )));
    }
    let first = prompt(&format!("New {what}: "))?;
    let second = prompt(&format!("The {what} again: "))?;
    if *first != *second {
        return Err(CliError::usage(format!(
            "the two {what}s differ; nothing was written"
        )));
    }
    Ok(first)
}

/// An existing passphrase from `env`, else asked once on the terminal, else an error.
fn existing_passphrase(env: &str, what: &str) -> CliResult<Zeroizing<String>> {
    if let Some(p) = env_secret(env) {
        return Ok(p);
    }
    if !interactive() {
        return Err(CliError::usage(format!(
            "no {what}: set {env} (there is no terminal to ask on)"
        )));
    }
    let mut label = what.to_string();
    if let Some(first) = label.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    prompt(&format!("{label}: "))
}

/// The passphrase of the record's key file (`PHR_PASSPHRASE`, else asked once).
pub fn record_passphrase() -> CliResult<Zeroizing<String>> {
    existing_passphrase(PASSPHRASE_ENV, "passphrase")
}

/// The duress passphrase (`PHR_DURESS_PASSPHRASE`, else asked twice).
pub fn new_duress_passphrase() -> CliResult<Zeroizing<String>> {
    new_passphrase(DURESS_PASSPHRASE_ENV, "duress passphrase")
}

/// A new duress passphrase.
pub const DURESS_PASSPHRASE_ENV: &str = "PHR_DURESS_PASSPHRASE";

/// The passphrase for a new backup (`PHR_BACKUP_PASSPHRASE`, else asked twice).
pub fn new_backup_passphrase() -> CliResult<Zeroizing<String>> {
    new_passphrase(BACKUP_PASSPHRASE_ENV, "backup passphrase")
}

/// The passphrase of an existing backup (`PHR_BACKUP_PASSPHRASE`, else asked once).
pub fn backup_passphrase() -> CliResult<Zeroizing<String>> {
    existing_passphrase(BACKUP_PASSPHRASE_ENV, "Backup passphrase")
}

/// The keyrings worth trying, most durable first.
fn keyring_kinds() -> Vec<OsKeyringKind> {
    let mut kinds = Vec::new();
    // The Secret Service lives on the session bus; without one, asking would only fail.
    if cfg!(target_os = "linux") && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        kinds.push(OsKeyringKind::SecretService);
    }
    kinds.extend(OsKeyringKind::platform_default());
    kinds
}

/// A working keyring that keeps keys across reboots, if this machine has one.
fn durable_keyring() -> Option<OsKeyringStore> {
    keyring_kinds()
        .into_iter()
        .filter_map(|kind| OsKeyringStore::probe_kind(kind).ok())
        .find(OsKeyringStore::survives_reboot)
}

/// The key file of a record seen as a key store: the key is kept wrapped with the
/// passphrase (Argon2id + AES-256-GCM), so the core's new-record lifecycle (never
/// replace a key, forget a new one when the record cannot be made) works the same for it
/// as for a keyring.
struct KeyFileStore {
    path: PathBuf,
    passphrase: Zeroizing<String>,
    params: KdfParams,
}

impl KeyStore for KeyFileStore {
    fn load(&self, _record_id: &str) -> Result<Option<DatabaseKey>, KeyError> {
        if std::fs::symlink_metadata(&self.path).is_err() {
            return Ok(None);
        }
        PassphraseKeyFile::unlock(&self.path, &self.passphrase).map(Some)
    }

    fn save(&self, _record_id: &str, key: &DatabaseKey) -> Result<(), KeyError> {
        PassphraseKeyFile::create(&self.path, &self.passphrase, key, self.params)
    }

    fn delete(&self, _record_id: &str) -> Result<(), KeyError> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }
}

/// Where a new record's key will be kept: a key store and the record's id in it.
pub struct NewKeyHome {
    /// The store.
    pub store: Box<dyn KeyStore>,
    /// The record's id in it.
    pub id: String,
    /// Where that is, in words.
    pub describe: String,
}

/// Chooses where the key of a new record at `record` will be kept (see the module
/// doc). Refuses when a key file is already there (it may open another record).
pub fn new_key_home(record: &Path) -> CliResult<NewKeyHome> {
    let key_file = key_file_path(record);
    if std::fs::symlink_metadata(&key_file).is_ok() {
        return Err(CliError::failed(format!(
            "a key file already exists at {}; it was left as it is (remove it only if it belongs to no record)",
            key_file.display()
        )));
    }
    if std::env::var_os(PASSPHRASE_ENV).is_none()
        && let Some(store) = durable_keyring()
    {
        let describe = format!("system keyring ({})", store.vendor());
        return Ok(NewKeyHome {
            store: Box::new(store),
            id: record_id(record)?,
            describe,
        });
    }
    let passphrase = new_passphrase(PASSPHRASE_ENV, "passphrase")?;
    Ok(NewKeyHome {
        describe: format!("key file {} (passphrase-protected)", key_file.display()),
        id: key_file.display().to_string(),
        store: Box::new(KeyFileStore {
            path: key_file,
            passphrase,
            params: kdf_params(),
        }),
    })
}

/// The key of the existing record at `record`, from its key file or the keyring.
pub fn unlock(record: &Path) -> CliResult<DatabaseKey> {
    let key_file = key_file_path(record);
    if key_file.exists() {
        let passphrase = existing_passphrase(PASSPHRASE_ENV, "passphrase")?;
        return Ok(PassphraseKeyFile::unlock(&key_file, &passphrase)?);
    }
    let id = record_id(record)?;
    for kind in keyring_kinds() {
        let Ok(store) = OsKeyringStore::open(kind) else {
            continue;
        };
        // A keyring that cannot be read here simply does not hold this record's key.
        if let Ok(Some(key)) = store.load(&id) {
            return Ok(key);
        }
    }
    Err(CliError::failed(format!(
        "no key for this record: no key file at {} and no key in a system keyring",
        key_file.display()
    )))
}
