//! Store errors: the detailed level. Each keeps what a developer needs in a log (the
//! SQLite code and message, the file error) as its source; the façade turns them into
//! the plain words a person reads (`api::ApiError`), once.

use crate::keys::KeyError;
use crate::model::{Conflict, EntryId, EntryKind, ValidationError};

/// Everything that can go wrong reading or writing a record.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The key does not open this record. Nothing was written.
    #[error("wrong key: this key does not open the record (nothing was changed)")]
    WrongKey,
    /// The file is not a Person Held Record.
    #[error("not a record: {reason}")]
    NotARecord {
        /// What was found instead.
        reason: String,
    },
    /// The record is damaged.
    #[error("the record is damaged: {reason}")]
    Corrupt {
        /// What failed.
        reason: String,
    },
    /// There is no record at the path.
    #[error("no record at {path}")]
    Missing {
        /// The path looked at.
        path: String,
    },
    /// Something already exists where a new record was to be made.
    #[error("{path} already exists; it was left as it is")]
    AlreadyExists {
        /// The existing file.
        path: String,
    },
    /// The record was written by a newer version of the app.
    #[error(
        "the record was written by a newer version of this app (schema {found}, this app knows up to {known})"
    )]
    TooNew {
        /// The record's schema version.
        found: u32,
        /// The newest this build knows.
        known: u32,
    },
    /// No entry with that id (or not visible to this viewer).
    #[error("no entry {0}")]
    EntryNotFound(EntryId),
    /// No reading with that id (or not visible to this viewer).
    #[error("no reading {0}")]
    ReadingNotFound(i64),
    /// No such other thing (a share): what was asked for, in words.
    #[error("no {0}")]
    NotFound(String),
    /// The entry or reading is not valid.
    #[error("invalid {0}")]
    Invalid(#[from] ValidationError),
    /// The change would break a rule spanning entries (one identity, five active goals).
    #[error(transparent)]
    Conflict(#[from] Conflict),
    /// Undoing the change would break a rule spanning entries.
    #[error("this cannot be undone: {0}")]
    UndoConflict(Conflict),
    /// An edit tried to change an entry's kind.
    #[error("entry {id} is {expected}, not {found}")]
    KindMismatch {
        /// The entry.
        id: EntryId,
        /// Its kind.
        expected: EntryKind,
        /// The kind given.
        found: EntryKind,
    },
    /// Nothing left to undo.
    #[error("nothing to undo for entry {0}")]
    NothingToUndo(EntryId),
    /// A changes-feed token older than the purged history, or not one of ours.
    #[error("the changes token has expired (history was purged); read everything again")]
    TokenExpired,
    /// The disk is full; the change was not made and the record is intact.
    #[error("the disk is full: the change was not saved and the record is unchanged")]
    DiskFull,
    /// The file is not a record backup.
    #[error("not a backup: {reason}")]
    NotABackup {
        /// What was found instead.
        reason: String,
    },
    /// The backup file is damaged (or was altered): nothing was restored.
    #[error("the backup is damaged: {reason}")]
    BackupDamaged {
        /// What failed.
        reason: String,
    },
    /// Another attempt is making the same file right now.
    #[error("{path} is being made by another program right now")]
    InUse {
        /// The file being made.
        path: String,
    },
    /// The record file cannot be written (its permissions or the file system say so).
    /// Nothing was opened or created beside it.
    #[error("{path} is read-only")]
    ReadOnly {
        /// The record file.
        path: String,
    },
    /// The disk is full and something other than a change failed: nothing was changed.
    #[error("the disk is full: {reason}")]
    NoSpace {
        /// What could not be done, in words.
        reason: String,
    },
    /// A SQLite failure, with SQLite's own code and message (for logs only).
    #[error("SQLite: {0}")]
    Sqlite(#[source] rusqlite::Error),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migration(#[source] rusqlite_migration::Error),
    /// A file error.
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    /// A key could not be used (backup passphrase, key file).
    #[error(transparent)]
    Key(#[from] KeyError),
}

impl StoreError {
    /// A stored value that cannot be read back.
    pub(crate) fn unreadable(what: impl std::fmt::Display) -> Self {
        Self::Corrupt {
            reason: format!("stored data could not be read: {what}"),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        // SQLite maps a write that ran out of space to SQLITE_FULL; growing the shared
        // memory index beside a WAL file (32 KiB) reports IOERR_SHMSIZE instead, and then
        // even reads fail.
        const SQLITE_IOERR_SHMSIZE: i32 = rusqlite::ffi::SQLITE_IOERR_SHMSIZE;
        if let rusqlite::Error::SqliteFailure(e, _) = &err
            && e.extended_code == SQLITE_IOERR_SHMSIZE
        {
            return Self::NoSpace {
                reason: "there is not even room to read the record; free some space and try again (nothing was changed)".into(),
            };
        }
        match err.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => Self::DiskFull,
            Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => Self::Corrupt {
                reason: "a page of the record failed its check".into(),
            },
            _ => Self::Sqlite(err),
        }
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(err: rusqlite_migration::Error) -> Self {
        match err {
            rusqlite_migration::Error::RusqliteError { err, .. } => err.into(),
            other => Self::Migration(other),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(err: serde_json::Error) -> Self {
        Self::unreadable(err)
    }
}

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;
