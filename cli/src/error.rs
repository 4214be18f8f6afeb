//! The command's error: one line for the person, and an exit status (2 for a usage
//! mistake or invalid input, 1 for anything else). Core errors are converted here so that
//! no raw SQLite message reaches the screen.

use phr_core::keys::KeyError;
use phr_core::model::ValidationError;
use phr_core::rules::RulesError;
use phr_core::store::StoreError;
use std::fmt;
use std::process::ExitCode;

/// Why a command failed.
#[derive(Debug)]
pub enum CliError {
    /// The command line or its input is wrong (exit 2).
    Usage(String),
    /// Something else went wrong (exit 1).
    Failed(String),
}

impl CliError {
    /// A usage or input error.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::Usage(message.into())
    }

    /// Any other failure.
    pub fn failed(message: impl Into<String>) -> Self {
        Self::Failed(message.into())
    }

    /// The process exit status for this error.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Self::Usage(_) => ExitCode::from(2),
            Self::Failed(_) => ExitCode::from(1),
        }
    }

    /// The same error with `context` in front of its message.
    pub fn context(self, context: &str) -> Self {
        match self {
            Self::Usage(m) => Self::Usage(format!("{context}: {m}")),
            Self::Failed(m) => Self::Failed(format!("{context}: {m}")),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match self {
            Self::Usage(m) | Self::Failed(m) => m,
        };
        // One line, whatever the source said.
        f.write_str(&one_line(message))
    }
}

/// Joins the lines of `s` with spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a reason reads like SQLite's own wording, which means nothing to a person.
fn looks_like_sqlite(reason: &str) -> bool {
    let lower = reason.to_ascii_lowercase();
    [
        "sqlite",
        "sql ",
        "database",
        "disk",
        "error code",
        "no such",
        "constraint",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

impl From<ValidationError> for CliError {
    fn from(e: ValidationError) -> Self {
        Self::Usage(format!("{}: {}", e.field, e.reason))
    }
}

impl From<KeyError> for CliError {
    fn from(e: KeyError) -> Self {
        match e {
            KeyError::WrongPassphrase => {
                Self::Failed("the passphrase is wrong (nothing was changed)".into())
            }
            e @ KeyError::PassphraseTooShort { .. } => Self::Usage(e.to_string()),
            e => Self::Failed(e.to_string()),
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(v) => v.into(),
            e @ (StoreError::NotFound(_)
            | StoreError::ReadingNotFound(_)
            | StoreError::SingletonExists { .. }
            | StoreError::KindMismatch { .. }
            | StoreError::NothingToUndo(_)) => Self::Usage(e.to_string()),
            StoreError::WrongKey => {
                Self::Failed("the key does not open this record (nothing was changed)".into())
            }
            StoreError::Key(k) => k.into(),
            StoreError::Corrupt { reason } if looks_like_sqlite(&reason) => Self::Failed(
                "the record is damaged or is not a record; restore it from a backup".into(),
            ),
            StoreError::Storage(reason) if looks_like_sqlite(&reason) => {
                Self::Failed("the record could not be read or written".into())
            }
            e => Self::Failed(e.to_string()),
        }
    }
}

impl From<RulesError> for CliError {
    fn from(e: RulesError) -> Self {
        match e {
            RulesError::Store(e) => e.into(),
            RulesError::Invalid(v) => v.into(),
            e @ (RulesError::UnknownRule(_)
            | RulesError::NotificationNotFound(_)
            | RulesError::MessageNotFound(_)
            | RulesError::QuestionNotFound(_)
            | RulesError::UnknownPreset(_)
            | RulesError::InvalidNotificationTransition { .. }
            | RulesError::InvalidTransition { .. }) => Self::Usage(e.to_string()),
            e => Self::Failed(e.to_string()),
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        Self::Failed(format!("file error: {e}"))
    }
}

/// Result of a command.
pub type CliResult<T = ()> = Result<T, CliError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_sqlite_wording_never_reaches_the_screen() {
        let e: CliError = StoreError::Storage("near \"SELEC\": syntax error in SQL ".into()).into();
        assert_eq!(e.to_string(), "the record could not be read or written");
        let e: CliError = StoreError::Corrupt {
            reason: "file is not a database".into(),
        }
        .into();
        assert!(!e.to_string().contains("file is not a database"));
    }

    #[test]
    fn invalid_input_exits_2_and_names_the_field() {
        let e: CliError =
            StoreError::Invalid(ValidationError::new("substance", "must not be empty")).into();
        assert!(matches!(e, CliError::Usage(_)));
        assert_eq!(e.to_string(), "substance: must not be empty");
    }

    #[test]
    fn rules_errors_keep_sqlite_wording_off_the_screen_and_exit_2_on_bad_input() {
        let e: CliError =
            RulesError::Store(StoreError::Storage("disk I/O error in SQL ".into())).into();
        assert_eq!(e.to_string(), "the record could not be read or written");
        let e: CliError = RulesError::NotificationNotFound(7).into();
        assert!(matches!(e, CliError::Usage(_)));
        assert_eq!(e.to_string(), "no notification 7");
        let e: CliError =
            RulesError::Invalid(ValidationError::new("until", "must be in the future")).into();
        assert_eq!(e.to_string(), "until: must be in the future");
    }

    #[test]
    fn messages_are_one_line() {
        assert_eq!(CliError::failed("a\nb").to_string(), "a b");
    }
}
