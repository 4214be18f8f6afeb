//! The public error: what went wrong in words a person reads, with only the facts a
//! screen acts on (which field, which minimum, when to try again). Every error of the
//! layers below (the store's SQLite codes, a decoder's byte offset, a file error) is
//! converted here once; its details go to the log, never to a screen. Each shell maps
//! this one type: the CLI to an exit status, the bindings to Kotlin and Swift errors.

use chrono::{DateTime, Utc};

use crate::devices::DeviceError;
use crate::keys::KeyError;
use crate::messages::MessagesError;
use crate::model::{Conflict, InputError, ValidationError};
use crate::rules::RulesError;
use crate::store::StoreError;

/// Why a use case of the record failed. `Display` is the sentence to show.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The key does not open this record. Nothing was written.
    #[error("this key does not open the record (nothing was changed)")]
    WrongKey,
    /// There is no record at the path.
    #[error("there is no record at {path}")]
    NoRecord {
        /// The path looked at.
        path: String,
    },
    /// The file is not a Person Held Record (or a record backup).
    #[error("not a record: {reason}")]
    NotARecord {
        /// What was found instead.
        reason: String,
    },
    /// Something already exists where a new record, backup or key was to be made.
    #[error("{what} already exists; it was left as it is")]
    AlreadyExists {
        /// The file, or the record id whose key is stored.
        what: String,
    },
    /// The record was written by a newer version of the app.
    #[error("the record was written by a newer version of this app; update the app to open it")]
    TooNew,
    /// The record (or backup) is damaged; restoring a backup is the way back.
    #[error("the record is damaged ({reason}); restore it from a backup")]
    Damaged {
        /// What was found, in words.
        reason: String,
    },
    /// No entry, reading, notification, rule, request or question with that id (or not
    /// visible to this viewer).
    #[error("{what} was not found")]
    NotFound {
        /// What was asked for: "entry 1c2f...", "reading 42".
        what: String,
    },
    /// A value is not valid; `field` names it (`items[2]`, `readings[7].mmol_per_l`).
    #[error("{field}: {reason}")]
    Invalid {
        /// The path of the field that is wrong.
        field: String,
        /// Why, in words.
        reason: String,
    },
    /// A typed glucose value could be a slip of the decimal point or a value in mg/dL:
    /// the screen asks which was meant, offering both.
    #[error(
        "{typed} is higher than any meter reads in mmol/L: did you mean {if_mmol_per_l} mmol/L, or {typed} mg/dL? Type it again with its unit"
    )]
    GlucoseUnitQuestion {
        /// The number typed.
        typed: f64,
        /// The value if the decimal point slipped, mmol/L.
        if_mmol_per_l: f64,
        /// The value if it was mg/dL, converted to mmol/L.
        if_mg_per_dl_in_mmol_per_l: f64,
    },
    /// The change conflicts with the record: a kind held once, the goal limit, an undo
    /// that would break one, a request or notification that cannot make that move.
    #[error("{reason}")]
    Conflict {
        /// What conflicts, in words.
        reason: String,
    },
    /// The change needs the person to confirm it (turning a safety rule off).
    #[error("{reason}")]
    NeedsConfirmation {
        /// What would happen, in words.
        reason: String,
    },
    /// Nothing left to undo for that entry.
    #[error("there is nothing to undo")]
    NothingToUndo,
    /// A changes-feed token older than the purged history: read everything again.
    #[error("the changes token has expired; read everything again")]
    TokenExpired,
    /// The recipient already has as many open requests as the limit allows.
    #[error("{reason}")]
    RateLimited {
        /// The sentence to show, with the time.
        reason: String,
        /// When another request can be queued.
        retry_after: DateTime<Utc>,
    },
    /// The disk is full: the change was not saved and the record is unchanged.
    #[error("the disk is full: the change was not saved and the record is unchanged")]
    DiskFull,
    /// The disk is full and what was asked is not a change (a backup, a restore, even
    /// reading): nothing was changed. `reason` says what could not be done.
    #[error("the disk is full: {reason}")]
    NoSpace {
        /// What could not be done, in words.
        reason: String,
    },
    /// The file is not a record backup.
    #[error("not a backup: {reason}")]
    NotABackup {
        /// What was found instead.
        reason: String,
    },
    /// The backup file is damaged or was altered: nothing was restored.
    #[error("the backup is damaged ({reason}); nothing was restored")]
    BackupDamaged {
        /// What was found, in words.
        reason: String,
    },
    /// A stored key (a key file, a keyring entry) is damaged or was altered.
    #[error("the stored key is damaged ({reason}); nothing was changed")]
    KeyDamaged {
        /// What was found, in words.
        reason: String,
    },
    /// The passphrase is wrong (nothing was changed).
    #[error("the passphrase is wrong (nothing was changed)")]
    WrongPassphrase,
    /// A new passphrase is too short.
    #[error("the passphrase is too short: use at least {min_chars} characters")]
    PassphraseTooShort {
        /// The minimum number of characters.
        min_chars: u32,
    },
    /// The key store holds no key for this record.
    #[error("no key is stored for this record")]
    NoKey,
    /// The key store could not give the key (locked, biometrics cancelled, no keyring).
    #[error("the key could not be used: {reason}")]
    KeyUnavailable {
        /// Why, in words.
        reason: String,
    },
    /// Bluetooth is off or missing, or the device could not be reached or understood.
    #[error("{reason}")]
    Device {
        /// What happened, in words.
        reason: String,
        /// Whether it is that there is no usable Bluetooth (the screen says "turn it on").
        bluetooth_unavailable: bool,
    },
    /// A shared link was withdrawn, has expired, or locked after too many wrong
    /// passcodes.
    #[error("this link has been withdrawn, has expired or is locked")]
    LinkEnded,
    /// The record was closed (by the app, or when it locked); open it again.
    #[error("the record is closed; unlock it again")]
    Closed,
    /// A FHIR server could not be used: unreachable, too slow, an error status, an answer
    /// that is not FHIR, no such patient, too many pages.
    #[error("{reason}")]
    Server {
        /// What happened, in words.
        reason: String,
    },
    /// The operation was cancelled; what was saved before stays.
    #[error("cancelled; what was saved before stays")]
    Cancelled,
    /// Reading or writing the record failed for another reason (the details are in the
    /// log).
    #[error("{reason}")]
    Storage {
        /// What it means, in words.
        reason: String,
    },
}

/// Result of a use case.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// The sentence to show (the same as `Display`).
    pub fn message(&self) -> String {
        self.to_string()
    }

    /// Whether the person's input is what is wrong (the CLI exits with 2).
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            Self::Invalid { .. }
                | Self::GlucoseUnitQuestion { .. }
                | Self::NotFound { .. }
                | Self::Conflict { .. }
                | Self::NeedsConfirmation { .. }
                | Self::NothingToUndo
                | Self::PassphraseTooShort { .. }
        )
    }

    fn not_found(what: impl std::fmt::Display) -> Self {
        Self::NotFound {
            what: what.to_string(),
        }
    }
}

/// What a SQLite failure means, in words a person understands (never SQLite's text).
fn storage_reason(code: Option<rusqlite::ErrorCode>) -> &'static str {
    use rusqlite::ErrorCode;
    match code {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "the record is in use by another program; try again"
        }
        Some(ErrorCode::ReadOnly) => "the record file cannot be written (read-only)",
        Some(ErrorCode::CannotOpen) => "the record file could not be opened",
        Some(ErrorCode::PermissionDenied) => "no permission to use the record file",
        Some(ErrorCode::SystemIoFailure) => "the disk reported an error",
        Some(ErrorCode::OutOfMemory) => "there was not enough memory",
        Some(ErrorCode::ConstraintViolation) => "the change conflicts with what is stored",
        Some(ErrorCode::TooBig) => "the value is too large to store",
        _ => "the record could not be read or written",
    }
}

/// Logs the detailed error (its source chain, never a reason that may quote what the
/// person typed).
fn log_detail(err: &dyn std::error::Error) {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    log::warn!(target: "phr_core::api", "{text}");
}

impl From<ValidationError> for ApiError {
    fn from(v: ValidationError) -> Self {
        log::debug!(target: "phr_core::api", "invalid {}", v.field);
        Self::Invalid {
            field: v.field,
            reason: v.reason,
        }
    }
}

impl From<Conflict> for ApiError {
    fn from(c: Conflict) -> Self {
        Self::Conflict {
            reason: c.to_string(),
        }
    }
}

impl From<InputError> for ApiError {
    fn from(e: InputError) -> Self {
        match e {
            InputError::Invalid(v) => v.into(),
            InputError::GlucoseUnitQuestion {
                typed,
                if_mmol_per_l,
                if_mg_per_dl_in_mmol_per_l,
            } => Self::GlucoseUnitQuestion {
                typed,
                if_mmol_per_l,
                if_mg_per_dl_in_mmol_per_l,
            },
        }
    }
}

impl From<KeyError> for ApiError {
    fn from(e: KeyError) -> Self {
        match e {
            KeyError::WrongPassphrase => Self::WrongPassphrase,
            KeyError::PassphraseTooShort { min_chars } => Self::PassphraseTooShort {
                min_chars: u32::try_from(min_chars).unwrap_or(u32::MAX),
            },
            KeyError::Corrupt { reason } => Self::KeyDamaged { reason },
            KeyError::AlreadyExists { path } => Self::AlreadyExists {
                what: path.display().to_string(),
            },
            other => {
                log_detail(&other);
                Self::KeyUnavailable {
                    reason: match other {
                        KeyError::Io(_) => "the key file could not be read or written".into(),
                        e => e.to_string(),
                    },
                }
            }
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::from(e).into()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::WrongKey => Self::WrongKey,
            StoreError::NotARecord { reason } => Self::NotARecord { reason },
            StoreError::Corrupt { reason } => {
                log::warn!(target: "phr_core::api", "damaged record: {reason}");
                Self::Damaged {
                    reason: "a part of it failed its check".into(),
                }
            }
            StoreError::Missing { path } => Self::NoRecord { path },
            StoreError::AlreadyExists { path } => Self::AlreadyExists { what: path },
            StoreError::TooNew { .. } => Self::TooNew,
            StoreError::EntryNotFound(id) => Self::not_found(format!("entry {id}")),
            StoreError::ReadingNotFound(id) => Self::not_found(format!("reading {id}")),
            StoreError::NotFound(what) => Self::not_found(what),
            StoreError::Invalid(v) => v.into(),
            StoreError::Conflict(c) => c.into(),
            e @ (StoreError::UndoConflict(_) | StoreError::KindMismatch { .. }) => Self::Conflict {
                reason: e.to_string(),
            },
            StoreError::NothingToUndo(_) => Self::NothingToUndo,
            StoreError::TokenExpired => Self::TokenExpired,
            StoreError::DiskFull => Self::DiskFull,
            StoreError::NoSpace { reason } => Self::NoSpace { reason },
            StoreError::NotABackup { reason } => Self::NotABackup { reason },
            StoreError::BackupDamaged { reason } => {
                log::warn!(target: "phr_core::api", "damaged backup: {reason}");
                Self::BackupDamaged { reason }
            }
            StoreError::InUse { .. } => Self::Storage {
                reason: "the record is in use by another program; try again".into(),
            },
            StoreError::ReadOnly { .. } => Self::Storage {
                reason: "the record file is read-only: make it writable to open it (nothing was changed)"
                    .into(),
            },
            StoreError::Key(k) => k.into(),
            StoreError::Sqlite(err) => {
                let code = err.sqlite_error_code();
                log_detail(&err);
                Self::Storage {
                    reason: storage_reason(code).into(),
                }
            }
            StoreError::Io(err) => {
                log_detail(&err);
                match err.kind() {
                    std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                        Self::DiskFull
                    }
                    _ => Self::Storage {
                        reason: format!("a file could not be read or written ({})", err.kind()),
                    },
                }
            }
            e @ StoreError::Migration(_) => {
                log_detail(&e);
                Self::Storage {
                    reason: "the record could not be brought up to date".into(),
                }
            }
        }
    }
}

impl From<RulesError> for ApiError {
    fn from(e: RulesError) -> Self {
        match e {
            RulesError::Store(s) => s.into(),
            RulesError::Invalid(v) => v.into(),
            RulesError::UnknownRule(id) => Self::not_found(format!("rule '{id}'")),
            RulesError::NotificationNotFound(id) => Self::not_found(format!("notification {id}")),
            e @ RulesError::InvalidNotificationTransition { .. } => Self::Conflict {
                reason: e.to_string(),
            },
            e @ RulesError::NeedsConfirmation { .. } => Self::NeedsConfirmation {
                reason: e.to_string(),
            },
        }
    }
}

impl From<MessagesError> for ApiError {
    fn from(e: MessagesError) -> Self {
        match e {
            MessagesError::Store(s) => s.into(),
            MessagesError::Rules(r) => r.into(),
            MessagesError::Invalid(v) => v.into(),
            MessagesError::MessageNotFound(id) => {
                Self::not_found(format!("request or message {id}"))
            }
            MessagesError::QuestionNotFound(id) => Self::not_found(format!("question {id}")),
            MessagesError::UnknownPreset(id) => Self::not_found(format!("request preset '{id}'")),
            e @ MessagesError::InvalidTransition { .. } => Self::Conflict {
                reason: e.to_string(),
            },
            e @ MessagesError::RateLimited { retry_after, .. } => Self::RateLimited {
                reason: e.to_string(),
                retry_after,
            },
        }
    }
}

impl From<DeviceError> for ApiError {
    fn from(e: DeviceError) -> Self {
        match e {
            DeviceError::Store(s) => s.into(),
            DeviceError::Rules(r) => r.into(),
            DeviceError::Cancelled => Self::Cancelled,
            e @ (DeviceError::InvalidUuid { .. } | DeviceError::UnknownQuirk { .. }) => {
                Self::Invalid {
                    field: "device".into(),
                    reason: e.to_string(),
                }
            }
            e => {
                log_detail(&e);
                Self::Device {
                    bluetooth_unavailable: e.is_bluetooth_unavailable(),
                    reason: e.to_string(),
                }
            }
        }
    }
}

impl From<crate::fhir::import::FetchError> for ApiError {
    fn from(e: crate::fhir::import::FetchError) -> Self {
        use crate::fhir::import::FetchError;
        match e {
            e @ (FetchError::BadUrl { .. } | FetchError::NotHttps { .. }) => Self::Invalid {
                field: "base_url".into(),
                reason: e.to_string(),
            },
            FetchError::NhsNumber { reason } => Self::Invalid {
                field: "nhs_number".into(),
                reason,
            },
            e => {
                log_detail(&e);
                Self::Server {
                    reason: e.to_string(),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_sqlite_wording_never_reaches_the_person() {
        let sqlite = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(1),
            Some("near \"SELEC\": syntax error".into()),
        );
        let e: ApiError = StoreError::from(sqlite).into();
        assert_eq!(e.to_string(), "the record could not be read or written");
        let e: ApiError = StoreError::Corrupt {
            reason: "file is not a database".into(),
        }
        .into();
        assert!(!e.to_string().contains("file is not a database"));
    }

    #[test]
    fn input_errors_name_the_field() {
        let e: ApiError =
            StoreError::Invalid(ValidationError::new("substance", "must not be empty")).into();
        assert!(e.is_input());
        assert_eq!(e.to_string(), "substance: must not be empty");
    }
}
