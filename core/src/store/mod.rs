//! The encrypted store: one SQLCipher file per record, opened with a raw 256-bit key, and
//! one module per table with typed queries that run inside a caller's transaction.
//! Nothing here knows about rules, devices or the façade above; they compose these.
//!
//! | file | what |
//! |---|---|
//! | `open.rs` | create / open: key, check, migrate; never touches a file it cannot read |
//! | `schema.rs` | versioned migrations (`PRAGMA user_version`) |
//! | `entries.rs` | the entries table: load, write, list, page |
//! | `history.rs` | the append-only entry history and the entries' part of the changes feed |
//! | `imports.rs` | what each FHIR import took from each resource, and resources kept unmapped |
//! | `templates.rs` | module templates stored in the record |
//! | `readings.rs` | the readings table: batch insert, queries, samples for rules, changes |
//! | `reading_columns.rs` | how a reading is stored: codes, flag bits, typed columns |
//! | `reading_days.rs` | per-day summaries, kept up to date by every reading write |
//! | `reading_changes.rs` | the readings' change log (the feed) and their earlier versions |
//! | `origins.rs` | devices and apps readings come from; device sync sessions and clocks |
//! | `meta.rs` | small key/value settings of the record |
//! | `backup.rs` | the whole record as one passphrase-protected file, and restore |
//! | `codec.rs` | times and JSON to and from columns |
//! | `error.rs` | [`StoreError`] |

mod backup;
pub mod codec;
pub mod entries;
pub mod error;
pub mod history;
pub mod imports;
pub mod meta;
mod open;
pub mod origins;
pub mod reading_changes;
mod reading_columns;
pub mod reading_days;
pub mod readings;
pub mod schema;
pub mod templates;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};

pub use backup::{backup_to, restore_from};
pub use error::{StoreError, StoreResult};
pub use reading_columns::untrusted_time_mask;

use crate::keys::DatabaseKey;

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
        let mut stmt = self.conn.prepare("PRAGMA cipher_integrity_check")?;
        let problems: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        if !problems.is_empty() {
            return Err(StoreError::Corrupt {
                reason: problems.join("; "),
            });
        }
        let result: String = self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if result != "ok" {
            return Err(StoreError::Corrupt { reason: result });
        }
        Ok(())
    }

    /// Writes everything in the write-ahead log into the main file (before a backup or
    /// when the app goes to the background).
    pub fn checkpoint(&self) -> StoreResult<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Closes the record, writing the log into the main file.
    pub fn close(self) -> StoreResult<()> {
        self.checkpoint()?;
        self.conn.close().map_err(|(_, e)| e.into())
    }

    /// Caps the file at `pages` pages so that tests can see what a full disk does.
    #[doc(hidden)]
    pub fn limit_pages_for_tests(&self, pages: u32) -> StoreResult<()> {
        self.conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))?;
        Ok(())
    }
}
