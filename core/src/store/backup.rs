//! Backup and restore: the whole record as one file protected by a passphrase, which
//! restores on another machine with equal content.
//!
//! Layout of a backup file (all integers little-endian):
//!
//! | bytes | what |
//! |---|---|
//! | 11 | magic `PHR-BACKUP\n` |
//! | 1 | format version (1) |
//! | 12 | Argon2id memory KiB, iterations, parallelism (u32 each) |
//! | 16 | salt |
//! | 8 | length of the database image |
//! | 12 | AES-256-GCM nonce |
//! | 48 | the backup's database key, sealed under the passphrase (32 + 16-byte tag) |
//! | n | the database image: a SQLCipher file encrypted with that backup key |
//!
//! Everything before the sealed key is authenticated as associated data, so a changed
//! header or a truncated image fails. The image is SQLCipher's own format, whose pages
//! carry their own authentication codes; restore checks every one of them.
//!
//! The header can only be authenticated once a key is derived from it, so
//! [`parse_header`] checks all it can first: the Argon2id settings must be within what
//! this app writes (`KdfParams::validate`: a tampered header cannot make it allocate
//! gigabytes), the image length must match the file. A header that fails is a damaged
//! backup, not a wrong passphrase. Backups and restores are made under staging names and
//! linked into place whole (`staging.rs`), so a killed one never blocks a retry.

use rusqlite::Connection;
use std::fs;
use std::io::Write;
use std::path::Path;

use super::error::{StoreError, StoreResult};
use super::schema::APPLICATION_ID;
use super::staging::{Staging, private_file};
use super::{Database, integrity};
use crate::keys::passphrase::{self, KdfParams, NONCE_LEN, SALT_LEN};
use crate::keys::{DatabaseKey, KEY_LEN, KeyError};

const MAGIC: &[u8; 11] = b"PHR-BACKUP\n";
const FORMAT_VERSION: u8 = 1;
const HEADER_LEN: usize = MAGIC.len() + 1 + 12 + SALT_LEN + 8;
const SEALED_KEY_LEN: usize = KEY_LEN + 16;
/// Where the database image starts.
const IMAGE_AT: usize = HEADER_LEN + NONCE_LEN + SEALED_KEY_LEN;

/// A backup file's header, read and checked before any key is derived from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupHeader {
    /// Argon2id settings (within [`KdfParams::validate`]'s bounds).
    pub params: KdfParams,
    /// Argon2id salt.
    pub salt: [u8; SALT_LEN],
    /// Length of the database image (equal to what follows the sealed key).
    pub image_len: u64,
    /// AES-256-GCM nonce of the sealed key.
    pub nonce: [u8; NONCE_LEN],
}

fn damaged(reason: impl Into<String>) -> StoreError {
    StoreError::BackupDamaged {
        reason: reason.into(),
    }
}

/// Reads and checks the header of the backup file whose bytes are `bytes`: magic,
/// format version, Argon2id settings within this app's bounds, and an image length
/// equal to what the file holds. Runs no key derivation. Not a backup is
/// [`StoreError::NotABackup`]; anything else wrong is [`StoreError::BackupDamaged`].
pub fn parse_header(bytes: &[u8]) -> StoreResult<BackupHeader> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(StoreError::NotABackup {
            reason: "it does not start like a backup made by this app".into(),
        });
    }
    let (Some(&version), Some(fixed)) = (bytes.get(MAGIC.len()), bytes.get(..IMAGE_AT)) else {
        return Err(damaged("it is cut short inside its header"));
    };
    if version != FORMAT_VERSION {
        return Err(StoreError::NotABackup {
            reason: format!("its format version {version} is not known to this app"),
        });
    }
    let u32_at =
        |at: usize| u32::from_le_bytes([fixed[at], fixed[at + 1], fixed[at + 2], fixed[at + 3]]);
    let p = MAGIC.len() + 1;
    let params = KdfParams {
        memory_kib: u32_at(p),
        iterations: u32_at(p + 4),
        parallelism: u32_at(p + 8),
    };
    params.validate().map_err(|e| match e {
        KeyError::KdfParams { reason } => damaged(format!(
            "its key derivation settings are not ones this app makes ({reason})"
        )),
        other => StoreError::Key(other),
    })?;
    let mut salt = [0u8; SALT_LEN];
    salt.copy_from_slice(&fixed[p + 12..p + 12 + SALT_LEN]);
    let len_at = p + 12 + SALT_LEN;
    let mut len_bytes = [0u8; 8];
    len_bytes.copy_from_slice(&fixed[len_at..len_at + 8]);
    let image_len = u64::from_le_bytes(len_bytes);
    let held = (bytes.len() - IMAGE_AT) as u64;
    if held != image_len {
        return Err(damaged(format!(
            "it holds {held} of the {image_len} bytes of the record"
        )));
    }
    let mut nonce = [0u8; NONCE_LEN];
    nonce.copy_from_slice(&fixed[HEADER_LEN..HEADER_LEN + NONCE_LEN]);
    Ok(BackupHeader {
        params,
        salt,
        image_len,
        nonce,
    })
}

/// [`parse_header`], then the backup's own database key, unsealed with `passphrase`. A
/// wrong passphrase (or a header altered within the bounds, which AES-GCM cannot tell
/// from it) is [`KeyError::WrongPassphrase`].
pub fn open_backup_key(bytes: &[u8], passphrase: &str) -> StoreResult<DatabaseKey> {
    let header = parse_header(bytes)?;
    let kek = passphrase::derive(passphrase, &header.salt, &header.params)?;
    let sealed = &bytes[HEADER_LEN + NONCE_LEN..IMAGE_AT];
    let key = passphrase::open(&kek, &header.nonce, sealed, &bytes[..HEADER_LEN])?;
    DatabaseKey::from_bytes(&key).ok_or_else(|| damaged("its key has the wrong length"))
}

/// Copies the database behind `conn` into a new private SQLCipher file at `dest` keyed
/// with `key` (with a marked salt, as every record file of this app).
fn export(conn: &Connection, dest: &Path, key: &DatabaseKey) -> StoreResult<()> {
    let dest_text = dest.to_str().ok_or_else(|| {
        StoreError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the path is not valid Unicode",
        ))
    })?;
    // SQLite treats an empty file as an empty database; making it here means the
    // connection needs no permission to create files, the file is 0600, and nothing is
    // ever overwritten.
    private_file(dest, true).map_err(super::io_error)?;
    conn.execute(
        "ATTACH DATABASE ?1 AS export KEY ?2",
        [dest_text, key.sqlcipher_new_file_literal().as_str()],
    )?;
    let result = (|| -> StoreResult<()> {
        conn.query_row("SELECT sqlcipher_export('export')", [], |_| Ok(()))?;
        let version: u32 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
        conn.execute_batch(&format!(
            "PRAGMA export.user_version = {version}; PRAGMA export.application_id = {APPLICATION_ID};"
        ))?;
        Ok(())
    })();
    let detached = conn.execute("DETACH DATABASE export", []);
    result?;
    detached?;
    Ok(())
}

/// An export that failed: when the record itself is damaged (`sqlcipher_export` reports
/// only a generic error then), say so.
fn export_failure(conn: &Connection, err: StoreError) -> StoreError {
    if matches!(err, StoreError::DiskFull | StoreError::NoSpace { .. }) {
        return err;
    }
    // `sqlcipher_export` reports an inner SQLITE_FULL as a generic error carrying
    // SQLite's own text for it.
    if let StoreError::Sqlite(rusqlite::Error::SqliteFailure(_, Some(message))) = &err
        && message.contains("database or disk is full")
    {
        return StoreError::DiskFull;
    }
    match integrity::full_check(conn) {
        Ok(findings) if !findings.is_whole() => StoreError::Corrupt {
            reason: findings.lines().join("; "),
        },
        Err(e @ StoreError::Corrupt { .. }) => e,
        _ => err,
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> StoreResult<()> {
    let mut f = private_file(path, true).map_err(super::io_error)?;
    f.write_all(bytes).map_err(super::io_error)?;
    f.sync_all().map_err(super::io_error)
}

/// Writes the whole record to `dest` as one file (0600) protected by `passphrase`
/// (Argon2id with `params`). Refuses to overwrite an existing file. A damaged record is
/// [`StoreError::Corrupt`]; a full disk is [`StoreError::NoSpace`] (nothing changed).
pub fn backup_to(
    db: &Database,
    dest: &Path,
    passphrase: &str,
    params: &KdfParams,
) -> StoreResult<()> {
    passphrase::check_new_passphrase(passphrase)?;
    params.validate()?;
    let staging = Staging::begin(dest)?;
    if fs::symlink_metadata(dest).is_ok() {
        return Err(StoreError::AlreadyExists {
            path: dest.display().to_string(),
        });
    }
    let result = (|| -> StoreResult<()> {
        // The export reads through the connection, log included: no checkpoint needed.
        let backup_key = DatabaseKey::generate();
        let image_path = staging.path("image");
        export(db.conn(), &image_path, &backup_key).map_err(|e| export_failure(db.conn(), e))?;
        let image = fs::read(&image_path)?;

        let salt = passphrase::random_salt();
        let kek = passphrase::derive(passphrase, &salt, params)?;
        let mut file = Vec::with_capacity(IMAGE_AT + image.len());
        file.extend_from_slice(MAGIC);
        file.push(FORMAT_VERSION);
        for n in [params.memory_kib, params.iterations, params.parallelism] {
            file.extend_from_slice(&n.to_le_bytes());
        }
        file.extend_from_slice(&salt);
        file.extend_from_slice(&(image.len() as u64).to_le_bytes());
        let (nonce, sealed) = passphrase::seal(&kek, backup_key.as_bytes(), &file)?;
        file.extend_from_slice(&nonce);
        file.extend_from_slice(&sealed);
        file.extend_from_slice(&image);
        let staged = staging.path("backup");
        write_private(&staged, &file)?;
        staging.publish(&staged)
    })();
    result.map_err(|e| match e {
        StoreError::DiskFull => StoreError::NoSpace {
            reason: "the backup was not written (the record is unchanged)".into(),
        },
        other => other,
    })
}

/// Restores the backup at `backup` into a new record at `dest`, encrypted with `key`.
/// A wrong passphrase, a file that is not a backup ([`StoreError::NotABackup`]), or a
/// damaged backup ([`StoreError::BackupDamaged`]) is a typed error and nothing is left
/// at `dest`. Refuses to overwrite an existing record. The record is made under a
/// staging name and linked into place whole; what a killed earlier restore left is
/// removed first.
pub fn restore_from(
    backup: &Path,
    passphrase: &str,
    dest: &Path,
    key: &DatabaseKey,
) -> StoreResult<Database> {
    let staging = Staging::begin(dest)?;
    if let Some(found) = super::open::leftover_at(dest) {
        return Err(StoreError::AlreadyExists {
            path: found.display().to_string(),
        });
    }
    let bytes = fs::read(backup).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::NotABackup {
            reason: format!("there is no file at {}", backup.display()),
        },
        _ => StoreError::Io(e),
    })?;
    let backup_key = open_backup_key(&bytes, passphrase)?;
    let result = (|| -> StoreResult<()> {
        let image_path = staging.path("image");
        write_private(&image_path, &bytes[IMAGE_AT..])?;
        let from_backup = Database::open(&image_path, &backup_key).map_err(|e| match e {
            StoreError::WrongKey | StoreError::NotARecord { .. } | StoreError::Corrupt { .. } => {
                damaged("the record inside it does not open")
            }
            other => other,
        })?;
        from_backup.check_integrity().map_err(|e| match e {
            StoreError::Corrupt { reason } => damaged(reason),
            other => other,
        })?;
        let staged = staging.path("record");
        export(from_backup.conn(), &staged, key)?;
        from_backup.close()?;
        staging.publish(&staged)
    })();
    drop(staging);
    result.map_err(|e| match e {
        StoreError::DiskFull => StoreError::NoSpace {
            reason: "the record was not restored and nothing was left behind".into(),
        },
        other => other,
    })?;
    Database::open(dest, key)
}
