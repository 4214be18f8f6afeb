//! Store errors: typed, one clear line each, never a raw SQLite message on a screen.

use crate::record::{EntryId, EntryKind, ValidationError};

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
    /// A record already exists where a new one was to be made.
    #[error("a record already exists at {path}; it was left as it is")]
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
    NotFound(EntryId),
    /// No reading with that id.
    #[error("no reading {0}")]
    ReadingNotFound(i64),
    /// The entry or reading is not valid.
    #[error("invalid {0}")]
    Invalid(#[from] ValidationError),
    /// A kind the record holds once already has an entry.
    #[error("the record already has {kind} (entry {existing}); edit that entry instead")]
    SingletonExists {
        /// The kind.
        kind: EntryKind,
        /// The existing entry.
        existing: EntryId,
    },
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
    /// A changes-feed token older than the purged history.
    #[error("the changes token has expired (history was purged); read everything again")]
    TokenExpired,
    /// The disk is full; the change was not made and the record is intact.
    #[error("the disk is full: the change was not saved and the record is unchanged")]
    DiskFull,
    /// Another SQLite failure.
    #[error("storage error: {0}")]
    Storage(String),
    /// A file error.
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    /// A key could not be used (backup passphrase, key file).
    #[error(transparent)]
    Key(#[from] crate::keys::KeyError),
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match err.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => Self::DiskFull,
            Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => Self::Corrupt {
                reason: "a page of the record failed its check".into(),
            },
            Some(code) => Self::Storage(storage_reason(code).into()),
            // Not from SQLite itself: a type or conversion problem in this program.
            None => Self::Storage(format!("unexpected stored data ({err})")),
        }
    }
}

/// What a SQLite failure means, in words a person understands (never SQLite's own text).
fn storage_reason(code: rusqlite::ErrorCode) -> &'static str {
    use rusqlite::ErrorCode;
    match code {
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
            "the record is in use by another program; try again"
        }
        ErrorCode::ReadOnly => "the record file cannot be written (read-only)",
        ErrorCode::CannotOpen => "the record file could not be opened",
        ErrorCode::PermissionDenied => "no permission to use the record file",
        ErrorCode::SystemIoFailure => "the disk reported an error",
        ErrorCode::OutOfMemory => "there was not enough memory",
        ErrorCode::ConstraintViolation => "the change conflicts with what is stored",
        ErrorCode::TooBig => "the value is too large to store",
        _ => "the record could not be read or written",
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(err: rusqlite_migration::Error) -> Self {
        match err {
            rusqlite_migration::Error::RusqliteError { err, .. } => err.into(),
            other => Self::Storage(format!("migration failed: {other}")),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(err: serde_json::Error) -> Self {
        Self::Corrupt {
            reason: format!("stored data could not be read: {err}"),
        }
    }
}

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;
