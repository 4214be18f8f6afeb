//! Creating and opening a record: key it, check it, migrate it. The opener never deletes,
//! recreates or writes to a file it cannot read.

use rusqlite::{Connection, OpenFlags};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::error::{StoreError, StoreResult};
use super::schema::{APPLICATION_ID, latest_version, migrations};
use crate::keys::DatabaseKey;

/// SQLCipher's page size (its default, 4096 bytes): a record file is a whole number of
/// pages.
const PAGE_SIZE: u64 = 4096;
/// The header of an unencrypted SQLite file.
const PLAIN_SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Makes sure SQLCipher has finished initialising before any record connection opens.
///
/// SQLite runs SQLCipher's extra initialisation (which registers `sqlcipher_export` for
/// every later connection) after it has marked itself initialised and released its
/// lock, so a connection opened by another thread at that moment misses the function and
/// backups from it fail. Opening one throwaway connection under a `Once` closes that
/// window for the whole process.
fn ensure_sqlcipher_initialized() {
    static INIT: std::sync::Once = std::sync::Once::new();
    INIT.call_once(|| {
        let _ = Connection::open_in_memory();
    });
}

/// Opens a connection to `path` keyed with `key`, without creating anything.
fn keyed_connection(path: &Path, key: &DatabaseKey, create: bool) -> StoreResult<Connection> {
    ensure_sqlcipher_initialized();
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher logs HMAC failures (a wrong key) to stderr; the typed error says it all.
    // Older builds may not know the pragma, which is harmless.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    conn.pragma_update(None, "key", key.sqlcipher_literal().as_str())?;
    Ok(conn)
}

/// Settings every connection gets once keyed.
fn configure(conn: &Connection) -> StoreResult<()> {
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA busy_timeout = 5000;",
    )?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// Looks at a file's first bytes and size before SQLCipher does, to say clearly what it
/// is when it cannot be a record.
fn inspect_existing(path: &Path) -> StoreResult<()> {
    let mut file = File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::Missing {
            path: path.display().to_string(),
        },
        _ => StoreError::Io(e),
    })?;
    let len = file.metadata()?.len();
    if len == 0 {
        return Err(StoreError::NotARecord {
            reason: "the file is empty".into(),
        });
    }
    let mut header = [0u8; 16];
    let read = file.read(&mut header)?;
    if read == 16 && &header == PLAIN_SQLITE_HEADER {
        return Err(StoreError::NotARecord {
            reason: "it is an unencrypted SQLite database".into(),
        });
    }
    if len % PAGE_SIZE != 0 {
        return Err(StoreError::NotARecord {
            reason: format!("its size ({len} bytes) is not a whole number of pages"),
        });
    }
    Ok(())
}

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// The first file of a record found at `path`: the database, its write-ahead log,
/// shared-memory or rollback journal, or a link by one of those names, even a dangling
/// one. A stale `-wal` next to a new database would be replayed into it, and a dangling
/// link would make SQLite create the file wherever it points.
pub(crate) fn leftover_at(path: &Path) -> Option<PathBuf> {
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| with_suffix(path, suffix))
        .find(|p| std::fs::symlink_metadata(p).is_ok())
}

/// Creates a new record at `path`. Fails if anything of a record exists there.
pub(crate) fn create(path: &Path, key: &DatabaseKey) -> StoreResult<Connection> {
    if let Some(found) = leftover_at(path) {
        return Err(StoreError::AlreadyExists {
            path: found.display().to_string(),
        });
    }
    let mut conn = keyed_connection(path, key, true)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    configure(&conn)?;
    migrations().to_latest(&mut conn)?;
    Ok(conn)
}

/// Opens the record at `path` with `key`: a wrong key is [`StoreError::WrongKey`] and the
/// file stays byte-identical; a file that is not a record is [`StoreError::NotARecord`].
pub(crate) fn open(path: &Path, key: &DatabaseKey) -> StoreResult<Connection> {
    inspect_existing(path)?;
    let mut conn = keyed_connection(path, key, false)?;
    // The first read decrypts page 1: with a wrong key its HMAC fails (NOTADB). Nothing
    // has been written before this point.
    let app_id: i32 = match conn.query_row("PRAGMA application_id", [], |r| r.get(0)) {
        Ok(id) => id,
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            return Err(StoreError::WrongKey);
        }
        Err(e) => return Err(e.into()),
    };
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotARecord {
            reason: "it is an encrypted database of another application".into(),
        });
    }
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > latest_version() {
        return Err(StoreError::TooNew {
            found: version,
            known: latest_version(),
        });
    }
    configure(&conn)?;
    migrations().to_latest(&mut conn)?;
    Ok(conn)
}
