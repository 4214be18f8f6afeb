//! The command's error: one line for the person, and an exit status (2 for a usage
//! mistake or invalid input, 1 for anything else). The core's public error already
//! speaks the person's words; this only chooses the exit status.

use phr_core::ApiError;
use phr_core::keys::KeyError;
use phr_core::model::ValidationError;
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

impl From<ApiError> for CliError {
    fn from(e: ApiError) -> Self {
        if e.is_input() {
            Self::Usage(e.to_string())
        } else {
            Self::Failed(e.to_string())
        }
    }
}

impl From<ValidationError> for CliError {
    fn from(e: ValidationError) -> Self {
        ApiError::from(e).into()
    }
}

impl From<KeyError> for CliError {
    fn from(e: KeyError) -> Self {
        ApiError::from(e).into()
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
    fn invalid_input_exits_2_and_names_the_field() {
        let e: CliError = ValidationError::new("substance", "must not be empty").into();
        assert!(matches!(e, CliError::Usage(_)));
        assert_eq!(e.to_string(), "substance: must not be empty");
    }

    #[test]
    fn a_failure_that_is_not_the_persons_input_exits_1() {
        let e: CliError = ApiError::DiskFull.into();
        assert!(matches!(e, CliError::Failed(_)));
        let e: CliError = ApiError::NotFound {
            what: "notification 7".into(),
        }
        .into();
        assert!(matches!(e, CliError::Usage(_)));
        assert_eq!(e.to_string(), "notification 7 was not found");
    }

    #[test]
    fn messages_are_one_line() {
        assert_eq!(CliError::failed("a\nb").to_string(), "a b");
    }
}
