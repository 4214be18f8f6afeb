//! The record's files: where they are, and opening, creating and restoring a record with
//! the key chosen by [`key_selection`](crate::key_selection).

use phr_core::Record;
use std::path::{Path, PathBuf};

use crate::error::{CliError, CliResult};
use crate::key_selection;

/// The record used when `--record` is not given: `record.db` in the platform's data
/// directory (e.g. `~/.local/share/phr/record.db` on Linux).
pub fn default_record_path() -> CliResult<PathBuf> {
    directories::ProjectDirs::from("org", "phr", "phr")
        .map(|dirs| dirs.data_dir().join("record.db"))
        .ok_or_else(|| {
            CliError::failed("cannot find a home directory for the record; use --record PATH")
        })
}

/// Whether anything of a record is at `path` (the file, its log, a lock file, a link).
pub fn record_exists(path: &Path) -> bool {
    Record::leftover_at(path).is_some()
}

/// Opens the existing record at `path`, unlocking its key first.
pub fn open_record(path: &Path) -> CliResult<Record> {
    if !record_exists(path) {
        return Err(CliError::failed(format!(
            "no record at {}; make one with `phr init` or `phr demo`",
            path.display()
        )));
    }
    let key_file = key_selection::key_file_path(path);
    if key_file.exists() {
        // The record's passphrase opens it; a duress passphrase opens its limited view.
        let passphrase = key_selection::record_passphrase()?;
        return Ok(Record::open_with_passphrase(path, &key_file, &passphrase)?);
    }
    let key = key_selection::unlock(path)?;
    Ok(Record::open(path, &key)?)
}

/// Refuses when anything of a record is at `path` (the core refuses too; asked first,
/// so that no passphrase is asked for in vain).
fn refuse_existing(path: &Path) -> CliResult {
    if let Some(found) = Record::leftover_at(path) {
        return Err(CliError::failed(format!(
            "{} already exists; it was left as it is",
            found.display()
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

/// Creates a new, empty record at `path` with a new key. Returns where the key is kept.
pub fn create_record(path: &Path) -> CliResult<(Record, String)> {
    refuse_existing(path)?;
    make_folder(path)?;
    let home = key_selection::new_key_home(path)?;
    let record = Record::create_with_key_store(path, &home.id, home.store.as_ref())?;
    Ok((record, home.describe))
}

/// Creates a new record at `path` with a new key, filled by `fill` before it appears
/// there. Returns where the key is kept.
pub fn create_record_with(
    path: &Path,
    fill: impl FnOnce(&mut Record) -> phr_core::ApiResult<()>,
) -> CliResult<(Record, String)> {
    refuse_existing(path)?;
    make_folder(path)?;
    let home = key_selection::new_key_home(path)?;
    let record = Record::create_filled_with_key_store(path, &home.id, home.store.as_ref(), fill)?;
    Ok((record, home.describe))
}

/// Restores `backup` into a new record at `path` with a new key.
pub fn restore_record(path: &Path, backup: &Path, passphrase: &str) -> CliResult<(Record, String)> {
    if !backup.is_file() {
        return Err(CliError::failed(format!(
            "no backup file at {}",
            backup.display()
        )));
    }
    refuse_existing(path)?;
    make_folder(path)?;
    let home = key_selection::new_key_home(path)?;
    let record =
        Record::restore_with_key_store(backup, passphrase, path, &home.id, home.store.as_ref())?;
    Ok((record, home.describe))
}
