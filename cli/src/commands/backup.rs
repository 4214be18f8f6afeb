//! `phr backup FILE` and `phr restore FILE`: the whole record as one file protected by a
//! backup passphrase, and back into a new record with a new key.

use serde_json::json;
use std::path::Path;

use super::Ctx;
use crate::error::CliResult;
use crate::key_selection::{backup_passphrase, kdf_params, new_backup_passphrase};
use crate::record_file::restore_record;
use crate::say;

/// Writes the record to `file` (never over an existing file).
pub fn backup(ctx: &Ctx, file: &Path) -> CliResult {
    ctx.with_record(|record| {
        // Asked after the record opened, so a wrong record passphrase asks nothing more.
        let passphrase = new_backup_passphrase()?;
        Ok(record.backup_to(file, &passphrase, &kdf_params())?)
    })?;
    let file = file.display().to_string();
    ctx.out.either(
        || json!({ "backup": file }),
        || {
            say!("Backed up the record to {file}.");
            say!("Keep the backup passphrase safe: without it the backup cannot be opened.");
        },
    )
}

/// Restores `file` into a new record at `--record`, which must not exist yet.
pub fn restore(ctx: &Ctx, file: &Path) -> CliResult {
    let passphrase = backup_passphrase()?;
    let (record, key_home) = restore_record(&ctx.record, file, &passphrase)?;
    super::close(record)?;
    let path = ctx.record.display().to_string();
    ctx.out.either(
        || json!({ "record": path, "key": key_home, "restored_from": file.display().to_string() }),
        || {
            say!("Restored {} into a new record at {path}.", file.display());
            say!("Its new key is kept in the {key_home}.");
        },
    )
}
