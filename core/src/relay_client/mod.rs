//! The record's side of the relay's HTTP API (`docs/sharing.md`, "Relay API"): upload,
//! replace and revoke a link's encrypted files, read its status and its access log, and,
//! for a link someone else made, fetch its manifest and files. Blocking calls, each on a
//! small runtime of its own, so the use cases stay synchronous; every failure is a plain
//! [`RelayClientError`]. Nothing here sees plaintext: files go up already encrypted.

mod links;
mod manifest;

use std::time::Duration;

use serde::de::DeserializeOwned;

pub use links::{AccessLogEntry, CreatedLink, LinkFile, LinkStatus, NewLink};
pub use manifest::{ManifestFile, fetch_manifest_files};

/// How long one request to a relay may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The largest answer read from a relay: a manifest or a file (the relay caps files at
/// 5 MiB; a base64 JSON answer of four is under this).
const MAX_ANSWER_BYTES: usize = 32 * 1024 * 1024;

/// Why a call to a relay failed, in words a person understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RelayClientError {
    /// The relay could not be reached, or answered with something that is not its API.
    #[error("the sharing service at {url} could not be used: {reason}")]
    Unreachable {
        /// The relay's base URL.
        url: String,
        /// What happened.
        reason: String,
    },
    /// The relay refused the request; `status` is the HTTP status.
    #[error("the sharing service refused: {reason}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// The relay's sentence.
        reason: String,
    },
    /// A passcode was needed and was wrong (or missing).
    #[error("the passcode is not right; {remaining} tries left")]
    WrongPasscode {
        /// Tries left before the link locks for good.
        remaining: u32,
    },
    /// The link was withdrawn, has expired, or locked after too many wrong passcodes.
    #[error("this link has been withdrawn or has expired")]
    Gone,
    /// Too many requests; try again after this many seconds.
    #[error("the sharing service is busy; try again in {retry_after} seconds")]
    Busy {
        /// Seconds to wait.
        retry_after: u64,
    },
}

/// A relay at `base` (its public URL, e.g. `https://relay.example.org`).
#[derive(Debug, Clone)]
pub struct RelayClient {
    base: String,
}

impl RelayClient {
    /// A client for the relay at `base`: https, or http to this device only.
    pub fn new(base: &str) -> Result<Self, RelayClientError> {
        let base = base.trim().trim_end_matches('/').to_owned();
        crate::share::check_link_url(&base).map_err(|reason| RelayClientError::Unreachable {
            url: base.clone(),
            reason,
        })?;
        Ok(Self { base })
    }

    /// The relay's base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The viewer's address on this relay, for a `shlink:/` to follow after `#`.
    pub fn viewer_url(&self) -> String {
        format!("{}/viewer/", self.base)
    }

    fn unreachable(&self, reason: impl std::fmt::Display) -> RelayClientError {
        RelayClientError::Unreachable {
            url: self.base.clone(),
            reason: reason.to_string(),
        }
    }

    /// Runs `request` (built on a fresh client) on a runtime of its own and reads the
    /// answer: JSON of `T` on success, the relay's `{"error": ...}` sentence otherwise.
    fn call<T: DeserializeOwned>(
        &self,
        request: impl FnOnce(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<Option<T>, RelayClientError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| self.unreachable(e))?;
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| self.unreachable(e))?;
        let builder = request(&client);
        runtime.block_on(async {
            let response = builder.send().await.map_err(|e| self.unreachable(e))?;
            let status = response.status();
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok());
            let bytes = response.bytes().await.map_err(|e| self.unreachable(e))?;
            if bytes.len() > MAX_ANSWER_BYTES {
                return Err(self.unreachable("its answer is too large"));
            }
            answer(status.as_u16(), &bytes, retry_after).map_err(|e| match e {
                Answer::Error(e) => e,
                Answer::NotJson(why) => self.unreachable(why),
            })
        })
    }
}

impl RelayClient {
    /// Runs `request` and reads a text answer (a JWE served as `application/jose`).
    fn text(
        &self,
        request: impl FnOnce(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<String, RelayClientError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| self.unreachable(e))?;
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| self.unreachable(e))?;
        let builder = request(&client);
        runtime.block_on(async {
            let response = builder.send().await.map_err(|e| self.unreachable(e))?;
            let status = response.status().as_u16();
            let bytes = response.bytes().await.map_err(|e| self.unreachable(e))?;
            if bytes.len() > MAX_ANSWER_BYTES {
                return Err(self.unreachable("its answer is too large"));
            }
            if !(200..300).contains(&status) {
                return match answer::<serde_json::Value>(status, &bytes, None) {
                    Err(Answer::Error(e)) => Err(e),
                    _ => Err(self.unreachable(format!("HTTP {status}"))),
                };
            }
            String::from_utf8(bytes.to_vec()).map_err(|_| self.unreachable("the file is not text"))
        })
    }
}

enum Answer {
    Error(RelayClientError),
    NotJson(String),
}

/// The relay's answer as `T`, `None` for an empty success (204), or the error it means.
fn answer<T: DeserializeOwned>(
    status: u16,
    bytes: &[u8],
    retry_after: Option<u64>,
) -> Result<Option<T>, Answer> {
    let sentence = || {
        serde_json::from_slice::<serde_json::Value>(bytes)
            .ok()
            .and_then(|v| v["error"].as_str().map(str::to_owned))
            .unwrap_or_else(|| format!("HTTP {status}"))
    };
    match status {
        200..=299 if bytes.is_empty() => Ok(None),
        200..=299 => serde_json::from_slice(bytes)
            .map(Some)
            .map_err(|e| Answer::NotJson(format!("its answer is not what was expected ({e})"))),
        401 => {
            let remaining = serde_json::from_slice::<serde_json::Value>(bytes)
                .ok()
                .and_then(|v| v["remainingAttempts"].as_u64());
            match remaining {
                Some(n) => Err(Answer::Error(RelayClientError::WrongPasscode {
                    remaining: u32::try_from(n).unwrap_or(u32::MAX),
                })),
                None => Err(Answer::Error(RelayClientError::Refused {
                    status,
                    reason: sentence(),
                })),
            }
        }
        404 | 410 => Err(Answer::Error(RelayClientError::Gone)),
        429 => Err(Answer::Error(RelayClientError::Busy {
            retry_after: retry_after.unwrap_or(60),
        })),
        _ => Err(Answer::Error(RelayClientError::Refused {
            status,
            reason: sentence(),
        })),
    }
}
