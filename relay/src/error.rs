//! Errors. [`StoreError`] and [`RelayError`] keep their sources for logs; [`ApiError`]
//! is what an HTTP client sees: a status and a plain sentence, never a database message.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// A storage failure, with its source.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused or failed.
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL refused or failed.
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// A blocking database task panicked or was cancelled.
    #[error("database task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    /// The database holds a schema newer than this relay knows.
    #[error("the database schema is version {found}, newer than this relay's {known}")]
    SchemaTooNew {
        /// Version found in the database.
        found: i64,
        /// Newest version this build knows.
        known: i64,
    },
    /// A stored value is not what the schema promises (a bug or a hand-edited database).
    #[error("unexpected stored value: {0}")]
    Corrupt(String),
}

/// Why the relay could not start.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    /// The `--db` URL is not `sqlite://PATH`, `postgres://...` or `postgresql://...`.
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://user@host:port/db")]
    DatabaseUrl(String),
    /// The public URL is not an http(s) URL.
    #[error("the public URL must start with http:// or https:// (got {0:?})")]
    PublicUrl(String),
    /// The listen address does not parse.
    #[error("cannot parse listen address {0:?} (expected ADDR:PORT)")]
    ListenAddress(String),
    /// Could not listen on the address.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The database could not be opened or prepared.
    #[error("database: {0}")]
    Store(#[from] StoreError),
    /// The server stopped with an error.
    #[error("the server failed: {0}")]
    Serve(#[source] std::io::Error),
}

/// An error answered to an HTTP client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed; the sentence says how.
    #[error("{0}")]
    BadRequest(String),
    /// Missing or wrong bearer token.
    #[error("unauthorized")]
    Unauthorized,
    /// Wrong passcode on an SHL manifest request.
    #[error("wrong passcode, {remaining} attempts left")]
    WrongPasscode {
        /// Attempts left.
        remaining: i64,
    },
    /// Unknown, revoked, expired or locked.
    #[error("{0}")]
    NotFound(&'static str),
    /// The thing existed but is gone for good (a revoked link being changed).
    #[error("{0}")]
    Gone(&'static str),
    /// Too many requests; try again after this many seconds.
    #[error("too many requests, retry after {retry_after} s")]
    TooManyRequests {
        /// Seconds until the window ends.
        retry_after: i64,
    },
    /// The request body is too large.
    #[error("{0}")]
    TooLarge(String),
    /// The storage failed; logged with its source, answered as a plain 500.
    #[error("storage failed")]
    Store(#[from] StoreError),
}

fn plain(status: StatusCode, sentence: &str) -> Response {
    (status, Json(json!({ "error": sentence }))).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::BadRequest(s) => plain(StatusCode::BAD_REQUEST, &s),
            ApiError::Unauthorized => plain(
                StatusCode::UNAUTHORIZED,
                "The token is missing or not right for this resource.",
            ),
            ApiError::WrongPasscode { remaining } => (
                StatusCode::UNAUTHORIZED,
                Json(json!({
                    "remainingAttempts": remaining,
                    "error": "The passcode is not right.",
                })),
            )
                .into_response(),
            ApiError::NotFound(s) => plain(StatusCode::NOT_FOUND, s),
            ApiError::Gone(s) => plain(StatusCode::GONE, s),
            ApiError::TooManyRequests { retry_after } => {
                let mut r = plain(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Too many requests. Please wait and try again.",
                );
                let secs = retry_after.max(1).to_string();
                if let Ok(v) = HeaderValue::from_str(&secs) {
                    r.headers_mut().insert(header::RETRY_AFTER, v);
                }
                r
            }
            ApiError::TooLarge(s) => plain(StatusCode::PAYLOAD_TOO_LARGE, &s),
            ApiError::Store(err) => {
                tracing::error!(error = %err, source = ?std::error::Error::source(&err), "relay storage failed");
                plain(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The relay could not complete this request. Please try again later.",
                )
            }
        }
    }
}
