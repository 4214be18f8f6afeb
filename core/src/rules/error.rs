//! Rules errors: the detailed level, one clear line each, the store's source kept.

use crate::model::ValidationError;
use crate::store::StoreError;

/// Everything that can go wrong with rules and notifications.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The record could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A rule or a setting is not valid.
    #[error("invalid {0}")]
    Invalid(#[from] ValidationError),
    /// No rule with that id.
    #[error("no rule '{0}'")]
    UnknownRule(String),
    /// No notification with that id.
    #[error("no notification {0}")]
    NotificationNotFound(i64),
    /// The notification cannot make that change from its state.
    #[error("a notification that is {from} cannot be {action}")]
    InvalidNotificationTransition {
        /// Its state.
        from: &'static str,
        /// What was asked.
        action: &'static str,
    },
    /// Turning a safety rule off needs the person to say they are sure.
    #[error(
        "'{title}' keeps you safe: turning it off means no alert for it at all. Confirm to turn it off anyway"
    )]
    NeedsConfirmation {
        /// The rule.
        rule_id: String,
        /// Its title.
        title: String,
    },
}

impl From<rusqlite::Error> for RulesError {
    fn from(err: rusqlite::Error) -> Self {
        Self::Store(err.into())
    }
}

/// Result of a rules operation.
pub type RulesResult<T> = Result<T, RulesError>;
