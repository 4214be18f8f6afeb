//! The errors a screen acts on, one enum per area, each mapped once from the core's
//! detailed errors with a plain `From`.
//!
//! The core's errors carry context (which migration, which SQLite call); the shells get
//! only the cases they act on, with text meant for a person. Anything raw (a SQLite or
//! file-system message) never reaches a screen: it goes to the log (see `logger.rs`) and
//! the screen gets a fixed sentence. Kotlin sees these as `RecordException`,
//! `KeyException`, `AlertException` and `DeviceException` (uniffi renames `Error`).

use std::time::SystemTime;

use phr_core::devices::DeviceError as CoreDeviceError;
use phr_core::keys::KeyError as CoreKeyError;
use phr_core::model::ValidationError;
use phr_core::rules::RulesError;
use phr_core::store::StoreError;

use crate::entry::EntryKind;
use crate::time::instant;

/// What a screen says when storage failed for a reason it cannot act on; the details
/// go to the log.
const STORAGE_FAILED: &str = "the record could not be read or written; nothing was changed";

/// What the log may say about a validation error: the field, not the reason, which can
/// quote what the person typed (a phone number, a note).
fn loggable(v: &ValidationError) -> String {
    format!("invalid {}", v.field)
}

/// A call on a record that was closed (the object outlived `close_record()`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Closed;

/// Why a call on a record failed.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum RecordError {
    /// The key does not open this record. Nothing was written.
    #[error("this key does not open the record (nothing was changed)")]
    WrongKey,
    /// There is no record at the path.
    #[error("there is no record at {path}")]
    NoRecord {
        /// The path looked at.
        path: String,
    },
    /// The file (or backup) is not a Person Held Record.
    #[error("not a record: {reason}")]
    NotARecord {
        /// What was found instead.
        reason: String,
    },
    /// Something already exists where a new record (or key) was to be made.
    #[error("something already exists at {path}; it was left as it is")]
    AlreadyExists {
        /// The existing file, or the record id whose key is stored.
        path: String,
    },
    /// The record was written by a newer version of the app.
    #[error("the record was written by a newer version of this app")]
    TooNew,
    /// The record (or backup) is damaged; restoring a backup is the way back.
    #[error("the record is damaged")]
    Corrupt,
    /// No entry or reading with that id (or not visible to this viewer).
    #[error("not found: {id}")]
    NotFound {
        /// The id asked for.
        id: String,
    },
    /// An entry, reading or argument is not valid; `field` names it (`items[2]`,
    /// `entries[3].name`, `readings[7].mmol_per_l`).
    #[error("{field}: {reason}")]
    Invalid {
        /// The path of the field that is wrong.
        field: String,
        /// Why, in words a person understands.
        reason: String,
    },
    /// A kind the record holds once already has a live entry: edit that one.
    #[error("the record already has an entry of this kind ({existing_id})")]
    OnlyOneAllowed {
        /// The kind.
        kind: EntryKind,
        /// The existing entry.
        existing_id: String,
    },
    /// Nothing left to undo for that entry.
    #[error("nothing to undo")]
    NothingToUndo,
    /// A changes-feed token older than the purged history: read everything again.
    #[error("the changes token has expired; read everything again")]
    TokenExpired,
    /// The disk is full; the change was not made and the record is intact.
    #[error("the disk is full: the change was not saved and the record is unchanged")]
    DiskFull,
    /// The backup passphrase is wrong.
    #[error("the passphrase is wrong")]
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
    /// The key store could not give the key (locked, biometrics cancelled, failed).
    #[error("the key could not be read: {reason}")]
    KeyUnavailable {
        /// The key store's reason.
        reason: String,
    },
    /// The record was closed.
    #[error("the record is closed")]
    Closed,
    /// Storage failed for another reason (details in the log).
    #[error("{reason}")]
    Storage {
        /// A sentence for the screen.
        reason: String,
    },
}

impl From<Closed> for RecordError {
    fn from(_: Closed) -> Self {
        Self::Closed
    }
}

impl From<ValidationError> for RecordError {
    fn from(e: ValidationError) -> Self {
        Self::Invalid {
            field: e.field,
            reason: e.reason,
        }
    }
}

impl From<StoreError> for RecordError {
    fn from(e: StoreError) -> Self {
        match &e {
            StoreError::Invalid(v) => {
                log::debug!(target: "phr_ffi::record", "record error: {}", loggable(v))
            }
            other => log::debug!(target: "phr_ffi::record", "record error: {other}"),
        }
        match e {
            StoreError::WrongKey => Self::WrongKey,
            StoreError::NotARecord { reason } => Self::NotARecord { reason },
            StoreError::Corrupt { reason } => {
                log::warn!(target: "phr_ffi::record", "the record is damaged: {reason}");
                Self::Corrupt
            }
            StoreError::Missing { path } => Self::NoRecord { path },
            StoreError::AlreadyExists { path } => Self::AlreadyExists { path },
            StoreError::TooNew { .. } => Self::TooNew,
            StoreError::NotFound(id) => Self::NotFound { id: id.to_string() },
            StoreError::ReadingNotFound(id) => Self::NotFound { id: id.to_string() },
            StoreError::Invalid(v) => v.into(),
            StoreError::SingletonExists { kind, existing } => Self::OnlyOneAllowed {
                kind: kind.into(),
                existing_id: existing.to_string(),
            },
            e @ StoreError::KindMismatch { .. } => Self::Invalid {
                field: "kind".into(),
                reason: e.to_string(),
            },
            StoreError::NothingToUndo(_) => Self::NothingToUndo,
            StoreError::TokenExpired => Self::TokenExpired,
            StoreError::DiskFull => Self::DiskFull,
            StoreError::Key(k) => k.into(),
            e @ (StoreError::Storage(_) | StoreError::Io(_)) => {
                log::warn!(target: "phr_ffi::record", "storage failed: {e}");
                Self::Storage {
                    reason: STORAGE_FAILED.into(),
                }
            }
        }
    }
}

impl From<CoreKeyError> for RecordError {
    fn from(e: CoreKeyError) -> Self {
        match e {
            CoreKeyError::WrongPassphrase => Self::WrongPassphrase,
            CoreKeyError::PassphraseTooShort { min_chars } => Self::PassphraseTooShort {
                min_chars: u32::try_from(min_chars).unwrap_or(u32::MAX),
            },
            CoreKeyError::NotFound { .. } => Self::NoKey,
            CoreKeyError::AlreadyExists { path } => Self::AlreadyExists {
                path: path.display().to_string(),
            },
            e @ (CoreKeyError::Unavailable { .. }
            | CoreKeyError::Platform { .. }
            | CoreKeyError::Corrupt { .. }) => Self::KeyUnavailable {
                reason: e.to_string(),
            },
            other => {
                log::warn!(target: "phr_ffi::keys", "key error: {other}");
                Self::Storage {
                    reason: STORAGE_FAILED.into(),
                }
            }
        }
    }
}

/// Why a key could not be kept, found or unwrapped: thrown by the shell's `KeyStore`
/// (Android Keystore, iOS Keychain) and by the passphrase key file functions.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum KeyError {
    /// The passphrase does not open this key file.
    #[error("the passphrase is wrong")]
    WrongPassphrase,
    /// A new passphrase is too short.
    #[error("the passphrase is too short: use at least {min_chars} characters")]
    PassphraseTooShort {
        /// The minimum number of characters.
        min_chars: u32,
    },
    /// No key file where one was expected.
    #[error("there is no key file at {path}")]
    NotFound {
        /// Where it was expected.
        path: String,
    },
    /// A key file already exists there (it was left untouched).
    #[error("a key file already exists at {path}")]
    AlreadyExists {
        /// The existing file.
        path: String,
    },
    /// A stored key is damaged or not a key.
    #[error("the stored key is unreadable: {reason}")]
    Corrupt {
        /// What is wrong.
        reason: String,
    },
    /// The key store cannot be used now (locked, biometrics cancelled or failed, no
    /// hardware). A shell's `KeyStore` throws this.
    #[error("the key store is not available: {reason}")]
    Unavailable {
        /// Why, in words.
        reason: String,
    },
    /// Reading or writing a key file failed (details in the log).
    #[error("{reason}")]
    Storage {
        /// A sentence for the screen.
        reason: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for KeyError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Unavailable { reason: e.reason }
    }
}

impl From<CoreKeyError> for KeyError {
    fn from(e: CoreKeyError) -> Self {
        match e {
            CoreKeyError::WrongPassphrase => Self::WrongPassphrase,
            CoreKeyError::PassphraseTooShort { min_chars } => Self::PassphraseTooShort {
                min_chars: u32::try_from(min_chars).unwrap_or(u32::MAX),
            },
            CoreKeyError::NotFound { path } => Self::NotFound {
                path: path.display().to_string(),
            },
            CoreKeyError::AlreadyExists { path } => Self::AlreadyExists {
                path: path.display().to_string(),
            },
            CoreKeyError::Corrupt { reason } => Self::Corrupt { reason },
            CoreKeyError::Unavailable { reason } | CoreKeyError::Platform { reason } => {
                Self::Unavailable { reason }
            }
            other => {
                log::warn!(target: "phr_ffi::keys", "key error: {other}");
                Self::Storage {
                    reason: "the key file could not be read or written".into(),
                }
            }
        }
    }
}

/// What the shell's `KeyStore` threw, as the core's key error (so the core's callers
/// see one error type whoever keeps the key).
impl From<KeyError> for CoreKeyError {
    fn from(e: KeyError) -> Self {
        match e {
            KeyError::WrongPassphrase => Self::WrongPassphrase,
            KeyError::PassphraseTooShort { min_chars } => Self::PassphraseTooShort {
                min_chars: min_chars as usize,
            },
            KeyError::NotFound { path } => Self::NotFound { path: path.into() },
            KeyError::AlreadyExists { path } => Self::AlreadyExists { path: path.into() },
            KeyError::Corrupt { reason } => Self::Corrupt { reason },
            KeyError::Unavailable { reason } => Self::Unavailable { reason },
            KeyError::Storage { reason } => Self::Platform { reason },
        }
    }
}

/// Why a call about notifications, requests to professionals or questions failed.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum AlertError {
    /// No notification, request, message, question, rule or preset with that id.
    #[error("not found: {what}")]
    NotFound {
        /// What was looked for, e.g. `notification 12`.
        what: String,
    },
    /// A request, question, rule or snooze time is not valid; `field` names it.
    #[error("{field}: {reason}")]
    Invalid {
        /// The field that is wrong.
        field: String,
        /// Why.
        reason: String,
    },
    /// The change is not possible from where the notification or request stands (an
    /// acknowledged notification cannot be snoozed; a sent request cannot be cancelled).
    #[error("{reason}")]
    NotAllowed {
        /// Why, in words.
        reason: String,
    },
    /// The recipient already has an open request; another can be queued after
    /// `retry_after`. `reason` says so and where urgent help is.
    #[error("{reason}")]
    RateLimited {
        /// Who the request was for.
        recipient: String,
        /// When another request can be queued.
        retry_after: SystemTime,
        /// The sentence for the screen.
        reason: String,
    },
    /// The disk is full; nothing was changed.
    #[error("the disk is full: the change was not saved and the record is unchanged")]
    DiskFull,
    /// The record was closed.
    #[error("the record is closed")]
    Closed,
    /// Storage failed for another reason (details in the log).
    #[error("{reason}")]
    Storage {
        /// A sentence for the screen.
        reason: String,
    },
}

impl From<Closed> for AlertError {
    fn from(_: Closed) -> Self {
        Self::Closed
    }
}

impl From<ValidationError> for AlertError {
    fn from(e: ValidationError) -> Self {
        Self::Invalid {
            field: e.field,
            reason: e.reason,
        }
    }
}

impl From<StoreError> for AlertError {
    fn from(e: StoreError) -> Self {
        match RecordError::from(e) {
            RecordError::NotFound { id } => Self::NotFound {
                what: format!("entry {id}"),
            },
            RecordError::Invalid { field, reason } => Self::Invalid { field, reason },
            RecordError::DiskFull => Self::DiskFull,
            RecordError::Closed => Self::Closed,
            other => Self::Storage {
                reason: other.to_string(),
            },
        }
    }
}

impl From<RulesError> for AlertError {
    fn from(e: RulesError) -> Self {
        match &e {
            RulesError::Invalid(v) | RulesError::Store(StoreError::Invalid(v)) => {
                log::debug!(target: "phr_ffi::alerts", "alert error: {}", loggable(v))
            }
            other => log::debug!(target: "phr_ffi::alerts", "alert error: {other}"),
        }
        match e {
            RulesError::Store(s) => s.into(),
            RulesError::Invalid(v) => v.into(),
            RulesError::UnknownRule(id) => Self::NotFound {
                what: format!("rule {id}"),
            },
            RulesError::NotificationNotFound(id) => Self::NotFound {
                what: format!("notification {id}"),
            },
            RulesError::MessageNotFound(id) => Self::NotFound {
                what: format!("request or message {id}"),
            },
            RulesError::QuestionNotFound(id) => Self::NotFound {
                what: format!("question {id}"),
            },
            RulesError::UnknownPreset(id) => Self::NotFound {
                what: format!("request preset {id}"),
            },
            e @ (RulesError::InvalidNotificationTransition { .. }
            | RulesError::InvalidTransition { .. }) => Self::NotAllowed {
                reason: e.to_string(),
            },
            ref e @ RulesError::RateLimited {
                ref recipient,
                retry_after,
            } => Self::RateLimited {
                recipient: recipient.clone(),
                retry_after: instant(retry_after),
                reason: e.to_string(),
            },
        }
    }
}

/// Why a device sync (or a step of one) failed.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum DeviceError {
    /// Bluetooth cannot be used (no adapter, switched off, permission refused).
    #[error("Bluetooth is not available: {reason}")]
    BluetoothUnavailable {
        /// Why, in words.
        reason: String,
    },
    /// No such device nearby.
    #[error("no device \"{id}\" found nearby")]
    NotFound {
        /// The id asked for.
        id: String,
    },
    /// Connecting failed or the link dropped.
    #[error("could not connect to the device: {reason}")]
    Connection {
        /// What went wrong.
        reason: String,
    },
    /// The device does not offer what the transfer needs, or sent what cannot be read.
    #[error("{reason}")]
    Unsupported {
        /// Why, in words.
        reason: String,
    },
    /// A value given by the shell is not valid (a UUID, a quirk name); `field` names it.
    #[error("{field}: {reason}")]
    Invalid {
        /// The argument that is wrong.
        field: String,
        /// Why.
        reason: String,
    },
    /// The device stopped answering.
    #[error("the device stopped answering while {during}")]
    Timeout {
        /// What was going on.
        during: String,
    },
    /// The record was closed.
    #[error("the record is closed")]
    Closed,
    /// Storing the readings failed (details in the log).
    #[error("{reason}")]
    Storage {
        /// A sentence for the screen.
        reason: String,
    },
}

impl From<Closed> for DeviceError {
    fn from(_: Closed) -> Self {
        Self::Closed
    }
}

impl From<ValidationError> for DeviceError {
    fn from(e: ValidationError) -> Self {
        Self::Invalid {
            field: e.field,
            reason: e.reason,
        }
    }
}

impl From<CoreDeviceError> for DeviceError {
    fn from(e: CoreDeviceError) -> Self {
        match &e {
            CoreDeviceError::Store(StoreError::Invalid(v)) => {
                log::debug!(target: "phr_ffi::devices", "device error: {}", loggable(v))
            }
            other => log::debug!(target: "phr_ffi::devices", "device error: {other}"),
        }
        match e {
            e @ (CoreDeviceError::NoAdapter | CoreDeviceError::NoBluetooth { .. }) => {
                Self::BluetoothUnavailable {
                    reason: e.to_string(),
                }
            }
            CoreDeviceError::NotFound { id } => Self::NotFound { id },
            CoreDeviceError::Connection { reason } => Self::Connection { reason },
            e @ (CoreDeviceError::MissingCharacteristic { .. }
            | CoreDeviceError::Decode { .. }
            | CoreDeviceError::Gatt { .. }
            | CoreDeviceError::Unsupported(_)) => Self::Unsupported {
                reason: e.to_string(),
            },
            CoreDeviceError::Timeout { during } => Self::Timeout { during },
            e @ CoreDeviceError::InvalidUuid { .. } => Self::Invalid {
                field: "uuid".into(),
                reason: e.to_string(),
            },
            e @ CoreDeviceError::UnknownQuirk { .. } => Self::Invalid {
                field: "quirks".into(),
                reason: e.to_string(),
            },
            CoreDeviceError::Store(s) => match RecordError::from(s) {
                RecordError::Invalid { field, reason } => Self::Invalid { field, reason },
                other => Self::Storage {
                    reason: other.to_string(),
                },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raw_sqlite_message_never_reaches_the_screen() {
        let raw = "near \"SELEC\": syntax error in SELEC * FROM entries";
        match RecordError::from(StoreError::Storage(raw.into())) {
            RecordError::Storage { reason } => assert_eq!(reason, STORAGE_FAILED),
            other => panic!("{other:?}"),
        }
        let corrupt = StoreError::Corrupt {
            reason: "file is not a database".into(),
        };
        assert!(matches!(RecordError::from(corrupt), RecordError::Corrupt));
    }

    #[test]
    fn validation_errors_keep_their_field_in_every_area() {
        let v = ValidationError::new("readings[7].mmol_per_l", "540 is outside the range");
        assert!(matches!(
            RecordError::from(StoreError::Invalid(v.clone())),
            RecordError::Invalid { field, .. } if field == "readings[7].mmol_per_l"
        ));
        assert!(matches!(
            AlertError::from(RulesError::Invalid(v.clone())),
            AlertError::Invalid { field, .. } if field == "readings[7].mmol_per_l"
        ));
        assert!(matches!(
            DeviceError::from(CoreDeviceError::Store(StoreError::Invalid(v))),
            DeviceError::Invalid { field, .. } if field == "readings[7].mmol_per_l"
        ));
    }

    #[test]
    fn a_key_store_error_survives_the_round_trip_through_the_core() {
        let thrown = KeyError::Unavailable {
            reason: "biometrics cancelled".into(),
        };
        match RecordError::from(CoreKeyError::from(thrown)) {
            RecordError::KeyUnavailable { reason } => {
                assert!(reason.contains("biometrics cancelled"))
            }
            other => panic!("{other:?}"),
        }
    }
}
