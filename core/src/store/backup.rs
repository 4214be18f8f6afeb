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

use rusqlite::Connection;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::Database;
use super::error::{StoreError, StoreResult};
use super::schema::APPLICATION_ID;
use crate::keys::passphrase::{self, KdfParams, NONCE_LEN, SALT_LEN};
use crate::keys::{DatabaseKey, KEY_LEN};

const MAGIC: &[u8; 11] = b"PHR-BACKUP\n";
const FORMAT_VERSION: u8 = 1;
const HEADER_LEN: usize = MAGIC.len() + 1 + 12 + SALT_LEN + 8;
const SEALED_KEY_LEN: usize = KEY_LEN + 16;

/// A sibling path for a temporary file, in the same directory so a rename is atomic.
fn temp_sibling(path: &Path, tag: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".{tag}-{}.tmp", uuid::Uuid::new_v4().simple()));
    path.with_file_name(name)
}

/// Removes a SQLite file and its sidecars, ignoring ones that do not exist.
fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_os_string();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
}

/// Copies the database behind `conn` into a new SQLCipher file at `dest` keyed with `key`.
fn export(conn: &Connection, dest: &Path, key: &DatabaseKey) -> StoreResult<()> {
    let dest_text = dest.to_str().ok_or_else(|| {
        StoreError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the path is not valid Unicode",
        ))
    })?;
    // SQLite treats an empty file as an empty database; making it here means the
    // connection needs no permission to create files, and nothing is ever overwritten.
    fs::File::create_new(dest)?;
    conn.execute(
        "ATTACH DATABASE ?1 AS export KEY ?2",
        [dest_text, key.sqlcipher_literal().as_str()],
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

fn write_new_file(path: &Path, bytes: &[u8]) -> StoreResult<()> {
    let tmp = temp_sibling(path, "write");
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::File::create_new(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        // A hard link never replaces an existing file, even one that appeared while
        // writing; file systems without links get a check and a rename instead.
        match fs::hard_link(&tmp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
            Err(_) if path.exists() => Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "the file appeared while writing",
            )),
            Err(_) => fs::rename(&tmp, path),
        }
    })();
    let _ = fs::remove_file(&tmp);
    result.map_err(|e| match e.raw_os_error() {
        Some(28) => StoreError::DiskFull, // ENOSPC
        _ => StoreError::Io(e),
    })
}

/// Writes the whole record to `dest` as one file protected by `passphrase` (Argon2id
/// with `params`). Refuses to overwrite an existing file.
pub fn backup_to(
    db: &Database,
    dest: &Path,
    passphrase: &str,
    params: &KdfParams,
) -> StoreResult<()> {
    passphrase::check_new_passphrase(passphrase)?;
    if dest.exists() {
        return Err(StoreError::AlreadyExists {
            path: dest.display().to_string(),
        });
    }
    db.checkpoint()?;
    let backup_key = DatabaseKey::generate();
    let image_path = temp_sibling(dest, "image");
    let image =
        export(db.conn(), &image_path, &backup_key).and_then(|()| Ok(fs::read(&image_path)?));
    remove_db_files(&image_path);
    let image = image?;

    let salt = passphrase::random_salt();
    let kek = passphrase::derive(passphrase, &salt, params)?;
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(MAGIC);
    header.push(FORMAT_VERSION);
    for n in [params.memory_kib, params.iterations, params.parallelism] {
        header.extend_from_slice(&n.to_le_bytes());
    }
    header.extend_from_slice(&salt);
    header.extend_from_slice(&(image.len() as u64).to_le_bytes());
    let (nonce, sealed) = passphrase::seal(&kek, backup_key.as_bytes(), &header)?;

    let mut file = header;
    file.extend_from_slice(&nonce);
    file.extend_from_slice(&sealed);
    file.extend_from_slice(&image);
    write_new_file(dest, &file)
}

/// Restores the backup at `backup` into a new record at `dest`, encrypted with `key`.
/// A wrong passphrase, a file that is not a backup, or a damaged backup is a typed
/// error and nothing is left at `dest`. Refuses to overwrite an existing record.
pub fn restore_from(
    backup: &Path,
    passphrase: &str,
    dest: &Path,
    key: &DatabaseKey,
) -> StoreResult<Database> {
    if dest.exists() {
        return Err(StoreError::AlreadyExists {
            path: dest.display().to_string(),
        });
    }
    let bytes = fs::read(backup)?;
    let not_backup = |reason: &str| StoreError::NotARecord {
        reason: format!("{} is not a record backup: {reason}", backup.display()),
    };
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(not_backup("it does not start like one"));
    }
    if bytes.len() < HEADER_LEN + NONCE_LEN + SEALED_KEY_LEN {
        return Err(StoreError::Corrupt {
            reason: "the backup is truncated".into(),
        });
    }
    if bytes[MAGIC.len()] != FORMAT_VERSION {
        return Err(not_backup(&format!(
            "format version {} is not known to this app",
            bytes[MAGIC.len()]
        )));
    }
    let u32_at =
        |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let p = MAGIC.len() + 1;
    let params = KdfParams {
        memory_kib: u32_at(p),
        iterations: u32_at(p + 4),
        parallelism: u32_at(p + 8),
    };
    let mut salt = [0u8; SALT_LEN];
    salt.copy_from_slice(&bytes[p + 12..p + 12 + SALT_LEN]);
    let len_at = p + 12 + SALT_LEN;
    let mut len_bytes = [0u8; 8];
    len_bytes.copy_from_slice(&bytes[len_at..len_at + 8]);
    let image_len = u64::from_le_bytes(len_bytes);
    let mut nonce = [0u8; NONCE_LEN];
    nonce.copy_from_slice(&bytes[HEADER_LEN..HEADER_LEN + NONCE_LEN]);
    let sealed_at = HEADER_LEN + NONCE_LEN;
    let image = &bytes[sealed_at + SEALED_KEY_LEN..];

    let kek = passphrase::derive(passphrase, &salt, &params)?;
    let backup_key = passphrase::open(
        &kek,
        &nonce,
        &bytes[sealed_at..sealed_at + SEALED_KEY_LEN],
        &bytes[..HEADER_LEN],
    )?;
    if image.len() as u64 != image_len {
        return Err(StoreError::Corrupt {
            reason: format!(
                "the backup is truncated ({} of {image_len} bytes of the record)",
                image.len()
            ),
        });
    }
    let backup_key = DatabaseKey::from_bytes(&backup_key).ok_or_else(|| StoreError::Corrupt {
        reason: "the backup's key has the wrong length".into(),
    })?;

    let image_path = temp_sibling(dest, "restore");
    let staged = temp_sibling(dest, "staged");
    let result = (|| -> StoreResult<()> {
        write_new_file(&image_path, image)?;
        let from_backup = Database::open(&image_path, &backup_key)?;
        from_backup.check_integrity()?;
        export(from_backup.conn(), &staged, key)?;
        from_backup.close()?;
        match fs::hard_link(&staged, dest) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e.into()),
            Err(_) if dest.exists() => Err(StoreError::AlreadyExists {
                path: dest.display().to_string(),
            }),
            Err(_) => Ok(fs::rename(&staged, dest)?),
        }
    })();
    remove_db_files(&image_path);
    remove_db_files(&staged);
    result?;
    Database::open(dest, key)
}
