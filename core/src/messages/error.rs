//! Messages errors: the detailed level, one clear line each.

use chrono::{DateTime, Utc};

use super::requests::MessageState;
use crate::model::ValidationError;
use crate::rules::RulesError;
use crate::store::StoreError;

/// Everything that can go wrong with requests, messages and questions.
#[derive(Debug, thiserror::Error)]
pub enum MessagesError {
    /// The record could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The rules (the request limit, notifications) could not be used.
    #[error(transparent)]
    Rules(#[from] RulesError),
    /// A request, message or question is not valid.
    #[error("invalid {0}")]
    Invalid(#[from] ValidationError),
    /// No request or message with that id.
    #[error("no request or message {0}")]
    MessageNotFound(i64),
    /// No question with that id.
    #[error("no question {0}")]
    QuestionNotFound(i64),
    /// No preset with that id.
    #[error("no request preset '{0}'")]
    UnknownPreset(String),
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

impl From<rusqlite::Error> for MessagesError {
    fn from(err: rusqlite::Error) -> Self {
        Self::Store(err.into())
    }
}

/// Result of a messages operation.
pub type MessagesResult<T> = Result<T, MessagesError>;
