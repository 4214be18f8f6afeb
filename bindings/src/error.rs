//! The errors Kotlin and Swift see.
//!
//! `RecordError` is the core's public `ApiError`, case for case, so a screen can act on
//! a case (`Invalid` names the field, `RateLimited` says until when) and show
//! `message()`, the sentence for the person. It is declared here, not remotely, because
//! uniffi can only give a method to a type of this crate; one list below makes the
//! enum and both conversions, so the two cannot drift. The core's detailed errors never
//! cross: `ApiError` has already turned them into plain words and logged the details.
//!
//! `KeyError` is what the shell's `KeyStore` throws.

use phr_core::ApiError;
use phr_core::keys::KeyError as CoreKeyError;

use crate::types::custom::UtcTime;

/// Declares `RecordError` with the cases of `ApiError`, and the conversions both ways.
macro_rules! record_error {
    ($( $(#[doc = $doc:literal])* $case:ident $({ $($field:ident: $ty:ty),* $(,)? })? ),* $(,)?) => {
        /// Why a call failed. `message()` is the sentence to show the person.
        #[derive(Debug, Clone, PartialEq, uniffi::Error)]
        pub enum RecordError {
            $( $(#[doc = $doc])* $case $({ $(#[allow(missing_docs)] $field: $ty),* })?, )*
        }

        impl From<ApiError> for RecordError {
            fn from(e: ApiError) -> Self {
                log::debug!(target: "phr_ffi::error", "to the shell: {e}");
                match e { $( ApiError::$case $({ $($field),* })? => Self::$case $({ $($field),* })?, )* }
            }
        }

        impl From<RecordError> for ApiError {
            fn from(e: RecordError) -> Self {
                match e { $( RecordError::$case $({ $($field),* })? => Self::$case $({ $($field),* })?, )* }
            }
        }
    };
}

record_error! {
    /// The key does not open this record; nothing was written.
    WrongKey,
    /// There is no record at the path.
    NoRecord { path: String },
    /// The file is not a Person Held Record.
    NotARecord { reason: String },
    /// Something already exists where a new record, backup or key was to be made.
    AlreadyExists { what: String },
    /// The record was written by a newer version of the app.
    TooNew,
    /// The record is damaged; restoring a backup is the way back.
    Damaged { reason: String },
    /// No such entry, reading, notification, rule, request or question (or not visible).
    NotFound { what: String },
    /// A value is not valid; `field` names it.
    Invalid { field: String, reason: String },
    /// A typed glucose value could be mmol/L with a slipped decimal point, or mg/dL.
    GlucoseUnitQuestion { typed: f64, if_mmol_per_l: f64, if_mg_per_dl_in_mmol_per_l: f64 },
    /// The change conflicts with the record (one identity, five active goals ...).
    Conflict { reason: String },
    /// The change needs the person to confirm it (turning a safety rule off).
    NeedsConfirmation { reason: String },
    /// Nothing left to undo for that entry.
    NothingToUndo,
    /// A changes-feed token older than the purged history: read everything again.
    TokenExpired,
    /// The recipient already has as many open requests as the limit allows.
    RateLimited { reason: String, retry_after: UtcTime },
    /// The disk is full: the change was not saved and the record is unchanged.
    DiskFull,
    /// There is not enough space for a backup or restore; nothing was left behind.
    NoSpace { reason: String },
    /// The file is not a backup of a record.
    NotABackup { reason: String },
    /// The backup is damaged or was altered.
    BackupDamaged { reason: String },
    /// A key file is damaged or was altered.
    KeyDamaged { reason: String },
    /// The passphrase is wrong; nothing was changed.
    WrongPassphrase,
    /// A new passphrase is too short.
    PassphraseTooShort { min_chars: u32 },
    /// The key store holds no key for this record.
    NoKey,
    /// The key store could not give the key (locked, biometrics cancelled).
    KeyUnavailable { reason: String },
    /// Bluetooth is off or missing, or the device could not be reached or understood.
    Device { reason: String, bluetooth_unavailable: bool },
    /// A shared link was withdrawn, has expired, or is locked.
    LinkEnded,
    /// The record was closed; unlock it again.
    Closed,
    /// A FHIR server could not be used (unreachable, an error status, not FHIR).
    Server { reason: String },
    /// Cancelled; what was saved before stays.
    Cancelled,
    /// Reading or writing the record failed for another reason (details in the log).
    Storage { reason: String },
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        ApiError::from(self.clone()).fmt(f)
    }
}

impl std::error::Error for RecordError {}

#[uniffi::export]
impl RecordError {
    /// The sentence to show the person.
    pub fn message(&self) -> String {
        self.to_string()
    }
}

impl From<phr_core::model::ValidationError> for RecordError {
    fn from(e: phr_core::model::ValidationError) -> Self {
        ApiError::from(e).into()
    }
}

impl From<phr_core::devices::DeviceError> for RecordError {
    fn from(e: phr_core::devices::DeviceError) -> Self {
        ApiError::from(e).into()
    }
}

impl From<CoreKeyError> for RecordError {
    fn from(e: CoreKeyError) -> Self {
        ApiError::from(e).into()
    }
}

/// What the shell's `KeyStore` throws.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum KeyError {
    /// The key cannot be had now: the person cancelled the biometric prompt, the device
    /// is locked, or a new fingerprint or face was enrolled (which invalidates the key).
    #[error("the key could not be used: {reason}")]
    Unavailable {
        /// Why, in words.
        reason: String,
    },
    /// The store failed for another reason.
    #[error("the key store failed: {reason}")]
    Failed {
        /// Why, in words.
        reason: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for RecordError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Device {
            reason: format!("the Bluetooth link failed: {}", e.reason),
            bluetooth_unavailable: false,
        }
    }
}

impl From<uniffi::UnexpectedUniFFICallbackError> for KeyError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Failed { reason: e.reason }
    }
}

impl From<KeyError> for CoreKeyError {
    fn from(e: KeyError) -> Self {
        match e {
            KeyError::Unavailable { reason } => Self::Unavailable { reason },
            KeyError::Failed { reason } => Self::Unavailable {
                reason: format!("the key store failed: {reason}"),
            },
        }
    }
}
