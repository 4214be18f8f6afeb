//! The encrypted store: one SQLCipher file per record, opened with a raw 256-bit key.
//!
//! | file | what |
//! |---|---|
//! | `open.rs` | create / open: key, check, migrate; never touches a file it cannot read |
//! | `schema.rs` | versioned migrations (`PRAGMA user_version`) |
//! | `entries.rs` | add, edit, privacy, delete, read entries; cross-entry rules |
//! | `history.rs` | append-only history, undo, purge, the changes feed |
//! | `readings.rs` | batch ingest of readings, queries, per-day summaries |
//! | `reading_columns.rs` | how a reading is stored: flag bits, visibility codes, typed columns |
//! | `devices.rs` | device identity and sync position (last sequence, epoch) |
//! | `backup.rs` | the whole record as one passphrase-protected file, and restore |
//! | `error.rs` | [`StoreError`] |

mod backup;
mod codec;
mod devices;
mod entries;
pub mod error;
mod history;
mod open;
mod reading_columns;
mod readings;
pub mod schema;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use devices::DeviceSyncState;
pub use entries::{EntryFilter, NewEntryOptions};
pub use error::{StoreError, StoreResult};
pub use history::{ChangeOp, ChangesPage, EntryChange};
pub(crate) use reading_columns::flag_bit;
pub use readings::{DailySummary, IngestReport, ReadingQuery};

use crate::clock::{Clock, SystemClock};
use crate::keys::DatabaseKey;

/// An open record. One writer; every write runs in one transaction that commits only
/// when the whole operation succeeded.
pub struct Record {
    conn: Connection,
    path: PathBuf,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Record").field("path", &self.path).finish()
    }
}

impl Record {
    /// Creates a new, empty record at `path`, encrypted with `key`. Fails with
    /// [`StoreError::AlreadyExists`] if anything is at `path`.
    pub fn create(path: impl AsRef<Path>, key: &DatabaseKey) -> StoreResult<Self> {
        let path = path.as_ref();
        let conn = open::create(path, key)?;
        Ok(Self::wrap(conn, path))
    }

    /// Opens the record at `path`. A wrong key is [`StoreError::WrongKey`]; a file that is
    /// not a record is [`StoreError::NotARecord`]; neither changes the file.
    pub fn open(path: impl AsRef<Path>, key: &DatabaseKey) -> StoreResult<Self> {
        let path = path.as_ref();
        let conn = open::open(path, key)?;
        Ok(Self::wrap(conn, path))
    }

    fn wrap(conn: Connection, path: &Path) -> Self {
        Self {
            conn,
            path: path.to_path_buf(),
            clock: Arc::new(SystemClock),
        }
    }

    /// Replaces the clock (tests, and shells that want one clock for everything).
    pub fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.clock = clock;
    }

    /// The clock this record uses.
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    /// Where the record lives.
    pub fn path(&self) -> &Path {
        &self.path
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

    /// Runs `f` in one IMMEDIATE transaction, committing only when it returns `Ok`.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &dyn Clock) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let clock = self.clock.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx, clock.as_ref())?;
        tx.commit()?;
        Ok(value)
    }

    /// The connection, for reads.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}
