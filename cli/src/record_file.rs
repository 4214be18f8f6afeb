//! The record's files: where they are, and opening, creating and restoring a record with
//! the key chosen by [`key_selection`](crate::key_selection).

use phr_core::store::Record;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::error::{CliError, CliResult};
use crate::key_selection::{self, NewKey};

/// The record used when `--record` is not given: `record.db` in the platform's data
/// directory (e.g. `~/.local/share/phr/record.db` on Linux).
pub fn default_record_path() -> CliResult<PathBuf> {
    directories::ProjectDirs::from("org", "phr", "phr")
        .map(|dirs| dirs.data_dir().join("record.db"))
        .ok_or_else(|| {
            CliError::failed("cannot find a home directory for the record; use --record PATH")
        })
}

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s: OsString = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// The passphrase-wrapped key file of a record: `<record path>.key`.
pub fn key_file_path(record: &Path) -> PathBuf {
    with_suffix(record, ".key")
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

/// Whether anything of a record is at `path` (the file or its write-ahead log).
pub fn record_exists(path: &Path) -> bool {
    ["", "-wal", "-journal"]
        .iter()
        .any(|suffix| std::fs::symlink_metadata(with_suffix(path, suffix)).is_ok())
}

/// Opens the existing record at `path`, unlocking its key first.
pub fn open_record(path: &Path) -> CliResult<Record> {
    if !record_exists(path) {
        return Err(CliError::failed(format!(
            "no record at {}; make one with `phr init` or `phr demo`",
            path.display()
        )));
    }
    let key = key_selection::unlock(path)?;
    Ok(Record::open(path, &key)?)
}

/// Refuses when a record or its key file is at `path`.
fn refuse_existing(path: &Path) -> CliResult {
    if record_exists(path) {
        return Err(CliError::failed(format!(
            "a record already exists at {}; it was left as it is",
            path.display()
        )));
    }
    let key_file = key_file_path(path);
    if std::fs::symlink_metadata(&key_file).is_ok() {
        return Err(CliError::failed(format!(
            "a key file already exists at {}; it was left as it is (remove it only if it belongs to no record)",
            key_file.display()
        )));
    }
    Ok(())
}

/// Makes the folder for a new record.
fn make_folder(path: &Path) -> CliResult {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            CliError::failed(format!("cannot create the folder {}: {e}", dir.display()))
        })?;
    }
    Ok(())
}

/// Runs `make` with a new key for a new record at `path`; if it fails, the key is
/// forgotten again so that nothing is left behind. Returns where the key is kept.
fn with_new_key(
    path: &Path,
    make: impl FnOnce(&NewKey) -> CliResult<Record>,
) -> CliResult<(Record, String)> {
    refuse_existing(path)?;
    make_folder(path)?;
    let key = key_selection::new_key(path)?;
    match make(&key) {
        Ok(record) => Ok((record, key.describe())),
        Err(e) => {
            key.forget();
            Err(e)
        }
    }
}

/// Creates a new, empty record at `path` with a new key.
pub fn create_record(path: &Path) -> CliResult<(Record, String)> {
    with_new_key(path, |key| Ok(Record::create(path, &key.key)?))
}

/// Restores `backup` into a new record at `path` with a new key.
pub fn restore_record(path: &Path, backup: &Path, passphrase: &str) -> CliResult<(Record, String)> {
    if !backup.is_file() {
        return Err(CliError::failed(format!(
            "no backup file at {}",
            backup.display()
        )));
    }
    with_new_key(path, |key| {
        Ok(Record::restore_from(backup, passphrase, path, &key.key)?)
    })
}
