//! The encrypted store: one SQLCipher file per record, opened with a raw 256-bit key, and
//! one module per table with typed queries that run inside a caller's transaction.
//! Nothing here knows about rules, devices or the façade above; they compose these.
//!
//! | file | what |
//! |---|---|
//! | `open.rs` | create / open: key proven read-only, check, migrate; never touches a file it cannot read |
//! | `staging.rs` | new records, restores and backups made under staging names, linked into place whole |
//! | `integrity.rs` | the full check (SQLCipher's page HMACs, SQLite's structure) and the damage marker |
//! | `schema.rs` | versioned migrations (`PRAGMA user_version`) |
//! | `entries.rs` | the entries table: load, write, list, page |
//! | `history.rs` | the append-only entry history and the entries' part of the changes feed |
//! | `imports.rs` | what each FHIR import took from each resource, and resources kept unmapped |
//! | `templates.rs` | module templates stored in the record |
//! | `readings.rs` | the readings table: batch insert, queries, samples for rules, changes |
//! | `reading_columns.rs` | how a reading is stored: codes, flag bits, typed columns |
//! | `reading_counts.rs` | readings per kind and visibility, and those with an untrusted time, kept by every write |
//! | `reading_days.rs` | per-day summaries, kept up to date by every reading write |
//! | `reading_overview.rs` | what a first screen shows of each kind: counts, the latest, the last 30 days |
//! | `reading_changes.rs` | the readings' change log (the feed) and their earlier versions |
//! | `origins.rs` | devices and apps readings come from; device sync sessions and clocks |
//! | `meta.rs` | small key/value settings of the record |
//! | `mailbox.rs` | messaging contacts (relay, mailbox, public key) and which relay message each stored message is |
//! | `backup.rs` | the whole record as one passphrase-protected file, its header checked before any key is derived, and restore |
//! | `codec.rs` | times and JSON to and from columns |
//! | `error.rs` | [`StoreError`] |

mod backup;
pub mod codec;
pub mod entries;
pub mod error;
pub mod grants;
pub mod history;
pub mod imports;
pub mod integrity;
pub mod mailbox;
pub mod meta;
mod open;
pub mod origins;
pub mod reading_changes;
mod reading_columns;
mod reading_counts;
pub mod reading_days;
pub mod reading_overview;
pub mod readings;
pub mod schema;
mod staging;
pub mod templates;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};

pub use backup::{BackupHeader, backup_to, open_backup_key, parse_header, restore_from};
pub use error::{StoreError, StoreResult};
pub(crate) use open::with_suffix;
pub use reading_columns::untrusted_time_mask;
pub use staging::is_staging_name;

use crate::keys::DatabaseKey;

/// What writing the log into the main file came to. Either way everything committed is
/// saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checkpoint {
    /// The main file holds everything; the log is empty.
    Done,
    /// The log stays beside the main file (it is replayed on the next open).
    Deferred {
        /// Because the disk is (nearly) full.
        low_space: bool,
    },
}

/// What a checkpoint's result means for what was committed: nothing is lost by a
/// checkpoint that fails, so only damage is an error.
pub(crate) fn checkpoint_outcome(result: rusqlite::Result<bool>) -> StoreResult<Checkpoint> {
    match result {
        Ok(false) => Ok(Checkpoint::Done),
        // Another connection was reading: the log is written in later.
        Ok(true) => Ok(Checkpoint::Deferred { low_space: false }),
        Err(e) => match StoreError::from(e) {
            StoreError::DiskFull | StoreError::NoSpace { .. } => {
                log::warn!(target: "phr_core::store", "the log could not be written into the record file: the disk is full; it is kept and replayed on the next open");
                Ok(Checkpoint::Deferred { low_space: true })
            }
            e @ StoreError::Corrupt { .. } => Err(e),
            other => {
                log::warn!(target: "phr_core::store", "the log could not be written into the record file ({other}); it is kept and replayed on the next open");
                Ok(Checkpoint::Deferred { low_space: false })
            }
        },
    }
}

/// A file error in words: out of space is [`StoreError::DiskFull`].
pub(crate) fn io_error(e: std::io::Error) -> StoreError {
    match e.kind() {
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => StoreError::DiskFull,
        _ => StoreError::Io(e),
    }
}

/// An open record file: one connection, one writer. Every write runs in one IMMEDIATE
/// transaction that commits only when the whole operation succeeded.
pub struct Database {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("path", &self.path)
            .finish()
    }
}

impl Database {
    /// Creates a new, empty record at `path`, encrypted with `key`. Refuses
    /// ([`StoreError::AlreadyExists`]) when anything of a record is there: the file, its
    /// write-ahead log or lock files, even a dangling link.
    pub fn create(path: &Path, key: &DatabaseKey) -> StoreResult<Self> {
        let conn = open::create(path, key)?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens the record at `path`. A wrong key is [`StoreError::WrongKey`]; a file that is
    /// not a record is [`StoreError::NotARecord`]; neither changes any file.
    pub fn open(path: &Path, key: &DatabaseKey) -> StoreResult<Self> {
        let conn = open::open(path, key)?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Makes a new record under a staging name beside `path`, hands it to `fill`, and only
    /// when `fill` succeeds links it into place whole. A process killed before then
    /// leaves only staging files, which the next create, restore or `create_with` at
    /// `path` removes; `path` itself never holds a half-made record.
    pub fn create_with<E: From<StoreError>>(
        path: &Path,
        key: &DatabaseKey,
        fill: impl FnOnce(Self) -> Result<Self, E>,
    ) -> Result<Self, E> {
        let (new, conn) = open::NewRecord::begin(path, key)?;
        let staged = Self {
            conn,
            path: new.staged_path().to_path_buf(),
        };
        let filled = fill(staged)?;
        let conn = new.publish(filled.conn, key)?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Whether anything of a record is at `path`: the file, its write-ahead log, its
    /// shared-memory or journal file, or a link (even a dangling one) by one of those
    /// names. A new record is never made where any of them is.
    pub fn anything_at(path: &Path) -> Option<PathBuf> {
        open::leftover_at(path)
    }

    /// Where the record lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one IMMEDIATE transaction, committing only when it returns `Ok`; any
    /// error rolls everything back. Generic over the caller's error type, so each layer
    /// keeps its own errors.
    pub fn write<T, E: From<rusqlite::Error>>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// The schema version of the open record.
    pub fn schema_version(&self) -> StoreResult<u32> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Checks every page's authentication code and SQLite's own structure. A damaged
    /// record is [`StoreError::Corrupt`].
    pub fn check_integrity(&self) -> StoreResult<()> {
        let findings = integrity::full_check(&self.conn)?;
        if findings.is_whole() {
            return Ok(());
        }
        Err(StoreError::Corrupt {
            reason: findings.lines().join("; "),
        })
    }

    /// Writes everything in the write-ahead log into the main file (before the app goes
    /// to the background). Everything committed is saved whatever this returns: a log
    /// that could not be written into the main file stays beside it and is replayed on
    /// the next open, so a full disk is [`Checkpoint::Deferred`], never an error.
    pub fn checkpoint(&self) -> StoreResult<Checkpoint> {
        let busy = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                r.get::<_, i64>(0)
            });
        checkpoint_outcome(busy.map(|b| b != 0))
    }

    /// Closes the record, writing the log into the main file when it can (see
    /// [`Self::checkpoint`]: a log left beside the file is no loss).
    pub fn close(self) -> StoreResult<Checkpoint> {
        let outcome = self.checkpoint()?;
        match self.conn.close() {
            Ok(()) => Ok(outcome),
            Err((_, e)) => {
                // The connection is dropped (and closed) anyway; what was committed stays.
                log::warn!(target: "phr_core::store", "closing the record: {}", StoreError::from(e));
                Ok(Checkpoint::Deferred { low_space: false })
            }
        }
    }

    /// Refuses every write on this connection from now on (SQLite's `query_only`): for a
    /// record known to be damaged, behind the façade's own refusal.
    pub fn refuse_writes(&self) -> StoreResult<()> {
        self.conn.execute_batch("PRAGMA query_only = ON;")?;
        Ok(())
    }

    /// Caps the file at `pages` pages so that tests can see what a full disk does.
    #[doc(hidden)]
    pub fn limit_pages_for_tests(&self, pages: u32) -> StoreResult<()> {
        self.conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))?;
        Ok(())
    }
}
