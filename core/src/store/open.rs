//! Creating and opening a record: key it, check it, migrate it. The opener never deletes,
//! recreates or writes to a file it cannot read: the key is proven on a read-only
//! connection first, so a wrong key changes no byte of the record or its log. A new
//! record is made under a staging name and linked into place whole (`staging.rs`).

use rusqlite::{Connection, OpenFlags};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::error::{StoreError, StoreResult};
use super::schema::{APPLICATION_ID, latest_version, migrations};
use super::staging::{Staging, private_file};
use crate::keys::{DatabaseKey, RECORD_SALT_MARK, SQLCIPHER_SALT_LEN};

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
///
/// Then it hands SQLCipher the page cryptography of `phr-sqlcipher-provider`: the same
/// algorithms and file format as SQLCipher's OpenSSL provider (AES-256-CBC,
/// HMAC-SHA512, PBKDF2-HMAC-SHA512), without OpenSSL 3's set-up on every page
/// (BENCHMARKS.md). Should SQLCipher refuse it, the records stay on OpenSSL, which
/// reads and writes the same files.
fn ensure_sqlcipher_initialized() {
    static INIT: std::sync::Once = std::sync::Once::new();
    INIT.call_once(|| {
        let _ = Connection::open_in_memory();
        if let Err(e) = phr_sqlcipher_provider::register() {
            log::warn!(target: "phr_core::store", "pages stay encrypted through OpenSSL: {e}");
        }
    });
}

/// How a connection is opened.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Proving a key where there is no log: the main file only, read-only and
    /// `immutable` (SQLite makes no `-wal` or `-shm`, takes no lock, never checkpoints).
    Probe,
    /// Proving a key where a log is there: read-only, through the log (the main file may
    /// be half way through a checkpoint that a full disk stopped). Never writes the file
    /// or the log and never checkpoints; SQLite may rebuild the `-shm` index from the
    /// log, which holds no data.
    ProbeWithLog,
    /// Reads and writes an existing file.
    ReadWrite,
}

/// `path` as a SQLite URI (`file:` and the path, with every byte outside a safe set
/// percent-encoded, so `?`, `#` and `%` in a folder name stay part of it).
fn file_uri(path: &Path, query: &str) -> Option<String> {
    let text = path.to_str()?;
    let mut uri = String::from("file:");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push('?');
    uri.push_str(query);
    Some(uri)
}

/// Opens a connection to `path` keyed with `literal`, without creating anything.
fn keyed_connection(path: &Path, literal: &str, access: Access) -> StoreResult<Connection> {
    ensure_sqlcipher_initialized();
    let conn = match access {
        Access::Probe => {
            let flags = OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI;
            match file_uri(path, "immutable=1") {
                Some(uri) => Connection::open_with_flags(uri, flags)?,
                // Not Unicode: no URI; read-only still never writes the file or its log.
                None => Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_READ_ONLY,
                )?,
            }
        }
        Access::ProbeWithLog => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?,
        Access::ReadWrite => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_READ_WRITE,
        )?,
    };
    // SQLCipher logs HMAC failures (a wrong key) to stderr; the typed error says it all.
    // Older builds may not know the pragma, which is harmless.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    conn.pragma_update(None, "key", literal)?;
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

/// Looks at a file's first bytes, size and permissions before SQLite does, to say
/// clearly what it is when it cannot be a record, and so that SQLite never makes a
/// read-only `-shm` beside a read-only record (it would block every later open).
fn inspect_existing(path: &Path) -> StoreResult<()> {
    let mut file = File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::Missing {
            path: path.display().to_string(),
        },
        _ => StoreError::Io(e),
    })?;
    let meta = file.metadata()?;
    let len = meta.len();
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
    if meta.permissions().readonly() {
        return Err(StoreError::ReadOnly {
            path: path.display().to_string(),
        });
    }
    repair_shared_memory_mode(path);
    Ok(())
}

/// A `-shm` file left read-only (by a run on a read-only record, or another user's umask)
/// makes SQLite open the index read-only, and then every later open fails. It holds no
/// data of the record, only an index of the log, so making it writable again is safe.
#[cfg(unix)]
fn repair_shared_memory_mode(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let shm = with_suffix(path, "-shm");
    if let Ok(meta) = std::fs::symlink_metadata(&shm)
        && meta.is_file()
        && meta.permissions().mode() & 0o600 != 0o600
    {
        match std::fs::set_permissions(&shm, std::fs::Permissions::from_mode(0o600)) {
            Ok(()) => {
                log::info!(target: "phr_core::store", "made a read-only -shm file writable again")
            }
            Err(e) => {
                log::warn!(target: "phr_core::store", "a read-only -shm file could not be made writable: {e}")
            }
        }
    }
}

#[cfg(not(unix))]
fn repair_shared_memory_mode(_path: &Path) {}

/// `path` with `suffix` appended to its file name.
pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
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

/// The 16 salt bytes at the start of a record file (SQLCipher keeps them in plain): they
/// are random for every file, so they tell one file from another of the same name.
pub(crate) fn file_salt(path: &Path) -> std::io::Result<[u8; SQLCIPHER_SALT_LEN]> {
    let mut salt = [0u8; SQLCIPHER_SALT_LEN];
    File::open(path)?.read_exact(&mut salt)?;
    Ok(salt)
}

/// Makes an empty, private (0600) file at `staged` and a new SQLCipher database in it
/// under `key`, with the record's application id, schema and a marked salt; rollback
/// journal, so that the closed file is whole on its own.
pub(crate) fn create_file(staged: &Path, key: &DatabaseKey) -> StoreResult<Connection> {
    // SQLite treats an empty file as a new database and gives its log and index the
    // file's own mode: 0600 whatever the umask.
    private_file(staged, true).map_err(super::io_error)?;
    ensure_sqlcipher_initialized();
    let mut conn = keyed_connection(
        staged,
        key.sqlcipher_new_file_literal().as_str(),
        Access::ReadWrite,
    )?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA foreign_keys = ON;")?;
    migrations().to_latest(&mut conn)?;
    Ok(conn)
}

/// Creates a new record at `path`: made whole under a staging name, then linked into
/// place. Fails if anything of a record exists there; what a killed earlier attempt left
/// under the staging names is removed first.
pub(crate) fn create(path: &Path, key: &DatabaseKey) -> StoreResult<Connection> {
    let staging = Staging::begin(path)?;
    if let Some(found) = leftover_at(path) {
        return Err(StoreError::AlreadyExists {
            path: found.display().to_string(),
        });
    }
    let staged = staging.path("record");
    let conn = create_file(&staged, key)?;
    conn.close().map_err(|(_, e)| StoreError::from(e))?;
    staging.publish(&staged)?;
    drop(staging);
    open(path, key)
}

/// A new record being made under its staging name, not yet at its path.
pub(crate) struct NewRecord {
    staging: Staging,
    staged: PathBuf,
    path: PathBuf,
}

impl NewRecord {
    /// Takes the staging lock for `path` (removing what a killed attempt left), refuses
    /// if anything of a record is there, and makes the new record under its staging name;
    /// returns it with a connection to it for filling.
    pub fn begin(path: &Path, key: &DatabaseKey) -> StoreResult<(Self, Connection)> {
        let staging = Staging::begin(path)?;
        if let Some(found) = leftover_at(path) {
            return Err(StoreError::AlreadyExists {
                path: found.display().to_string(),
            });
        }
        let staged = staging.path("record");
        let mut conn = create_file(&staged, key)?;
        configure(&conn)?;
        migrations().to_latest(&mut conn)?;
        Ok((
            Self {
                staging,
                staged,
                path: path.to_path_buf(),
            },
            conn,
        ))
    }

    /// Where the record is being made.
    pub fn staged_path(&self) -> &Path {
        &self.staged
    }

    /// Folds the log into the file, closes it, links it into place and opens it there.
    pub fn publish(self, conn: Connection, key: &DatabaseKey) -> StoreResult<Connection> {
        // Back to a rollback journal: the log is written into the file and removed, so
        // the one file linked into place holds everything.
        conn.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
        conn.close().map_err(|(_, e)| StoreError::from(e))?;
        self.staging.publish(&self.staged)?;
        drop(self.staging);
        open(&self.path, key)
    }
}

/// Opens the record at `path` with `key`: a wrong key is [`StoreError::WrongKey`] and no
/// byte of the file or its log changes (the key is proven on a read-only connection); a
/// file that is not a record is [`StoreError::NotARecord`].
pub(crate) fn open(path: &Path, key: &DatabaseKey) -> StoreResult<Connection> {
    inspect_existing(path)?;
    prove_key(path, key)?;
    let mut conn = keyed_connection(path, key.sqlcipher_literal().as_str(), Access::ReadWrite)?;
    // The log may hold a newer schema version than the main file's page 1.
    check_version(&conn)?;
    configure(&conn)?;
    migrations().to_latest(&mut conn)?;
    Ok(conn)
}

fn check_version(conn: &Connection) -> StoreResult<()> {
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > latest_version() {
        return Err(StoreError::TooNew {
            found: version,
            known: latest_version(),
        });
    }
    Ok(())
}

/// Reads page 1 on a read-only connection (immutable when there is no log): its HMAC
/// proves the key, then the application id and schema version say whether this build
/// may open it. Nothing of the record or its log is written or checkpointed, so a hot
/// log stays as it was.
fn prove_key(path: &Path, key: &DatabaseKey) -> StoreResult<()> {
    let log = std::fs::metadata(with_suffix(path, "-wal")).is_ok_and(|m| m.len() > 0);
    let access = if log {
        Access::ProbeWithLog
    } else {
        Access::Probe
    };
    let conn = keyed_connection(path, key.sqlcipher_literal().as_str(), access)?;
    let app_id: i32 = match conn.query_row("PRAGMA application_id", [], |r| r.get(0)) {
        Ok(id) => id,
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            return Err(why_the_key_fails(path));
        }
        Err(e) => return Err(e.into()),
    };
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotARecord {
            reason: "it is an encrypted database of another application".into(),
        });
    }
    check_version(&conn)
}

/// Page 1 failed its HMAC: a wrong key for a record, or a file that is no record at all
/// (zeros, random bytes). A record made by this app starts with its marked salt.
fn why_the_key_fails(path: &Path) -> StoreError {
    match file_salt(path) {
        Ok(salt) if salt.starts_with(RECORD_SALT_MARK) => StoreError::WrongKey,
        Ok(salt) if salt.iter().all(|b| *b == 0) => StoreError::NotARecord {
            reason: "it begins with zeros where a record begins with its marker".into(),
        },
        Ok(_) => StoreError::NotARecord {
            reason: "the key does not open it, and it does not begin like a record".into(),
        },
        Err(e) => StoreError::Io(e),
    }
}
