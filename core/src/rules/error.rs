//! Rules errors: typed, one clear line each.

use chrono::{DateTime, Utc};

use super::requests::MessageState;
use crate::record::ValidationError;
use crate::store::StoreError;

/// Everything that can go wrong with rules, notifications, requests and questions.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The record could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A rule, request or question is not valid.
    #[error("invalid {0}")]
    Invalid(#[from] ValidationError),
    /// No rule with that id.
    #[error("no rule '{0}'")]
    UnknownRule(String),
    /// No notification with that id.
    #[error("no notification {0}")]
    NotificationNotFound(i64),
    /// No request or message with that id.
    #[error("no request or message {0}")]
    MessageNotFound(i64),
    /// No question with that id.
    #[error("no question {0}")]
    QuestionNotFound(i64),
    /// No preset with that id.
    #[error("no request preset '{0}'")]
    UnknownPreset(String),
    /// The notification cannot make that change from its state.
    #[error("a notification that is {from} cannot be {action}")]
    InvalidNotificationTransition {
        /// Its state.
        from: &'static str,
        /// What was asked.
        action: &'static str,
    },
    /// The request or message cannot move to that state from its state.
    #[error("a request that is {from} cannot become {to}")]
    InvalidTransition {
        /// Its state.
        from: MessageState,
        /// The state asked for.
        to: MessageState,
    },
    /// The recipient already has as many open requests as the limit allows.
    #[error(
        "{recipient} already has an open request from you; you can send another after {} (for anything urgent call NHS 111, or 999 in an emergency)",
        retry_after.format("%-d %b %Y %H:%M UTC")
    )]
    RateLimited {
        /// Who the request was for.
        recipient: String,
        /// When another request can be queued at the latest.
        retry_after: DateTime<Utc>,
    },
}

impl From<rusqlite::Error> for RulesError {
    fn from(err: rusqlite::Error) -> Self {
        Self::Store(err.into())
    }
}

/// Result of a rules operation.
pub type RulesResult<T> = Result<T, RulesError>;
