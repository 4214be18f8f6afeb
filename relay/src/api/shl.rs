//! The SMART Health Links protocol side: the manifest (`POST /m/{id}`), short-lived
//! file locations (`GET /f/{token}`) and direct files for `U` links
//! (`GET /m/{id}?recipient=...`). Every request for a known link is written to its
//! access log with its outcome.

use std::net::SocketAddr;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{AppState, parse_json};
use crate::error::ApiError;
use crate::rate_limit;
use crate::secrets::{looks_like_token, random_token, token_key};
use crate::store::{Link, LinkState, NewAccess, Outcome};

/// Largest manifest request body.
pub(crate) const MAX_MANIFEST_REQUEST: usize = 8 * 1024;
/// A location URL lives at most this long (SHL: "short-lived", at most one hour).
pub(crate) const LOCATION_LIFETIME_SECS: i64 = 3600;
/// Longest recipient text kept in the log.
const MAX_RECIPIENT: usize = 200;
/// The FHIR version of `application/fhir+json` files (R4).
const FHIR_VERSION: &str = "4.0.1";

const GONE: &str = "This link has been withdrawn or has expired.";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ManifestRequest {
    #[serde(default)]
    recipient: Option<String>,
    #[serde(default)]
    passcode: Option<String>,
    #[serde(default)]
    embedded_length_max: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct DirectQuery {
    #[serde(default)]
    recipient: Option<String>,
}

fn check_recipient(recipient: Option<String>) -> Result<String, ApiError> {
    match recipient {
        Some(r) if !r.trim().is_empty() && r.len() <= MAX_RECIPIENT => Ok(r.trim().to_owned()),
        Some(r) if r.len() > MAX_RECIPIENT => Err(ApiError::BadRequest(format!(
            "recipient must be at most {MAX_RECIPIENT} bytes."
        ))),
        _ => Err(ApiError::BadRequest(
            "recipient is required: say who you are and where you work.".into(),
        )),
    }
}

/// One request for a known link: who asked, from where, when.
struct Asking<'a> {
    state: &'a AppState,
    link: &'a Link,
    recipient: String,
    address: String,
    now: i64,
}

impl Asking<'_> {
    async fn log(&self, outcome: Outcome) -> Result<(), ApiError> {
        self.state
            .store
            .append_access(NewAccess {
                link_id: self.link.id.clone(),
                at: self.now,
                recipient: self.recipient.clone(),
                outcome,
                address: self.address.clone(),
            })
            .await?;
        Ok(())
    }

    /// Rate limits, then the link's state; logs and refuses an inactive link.
    async fn admit(&self) -> Result<(), ApiError> {
        let limits = &self.state.limits;
        let store = self.state.store.as_ref();
        let limited = match rate_limit::check(
            store,
            &format!("manifest-address:{}", self.address),
            limits.manifest_per_address,
            self.now,
        )
        .await
        {
            Ok(()) => {
                rate_limit::check(
                    store,
                    &format!("manifest-link:{}", self.link.id),
                    limits.manifest_per_link,
                    self.now,
                )
                .await
            }
            Err(e) => Err(e),
        };
        if let Err(e) = limited {
            if matches!(e, ApiError::TooManyRequests { .. }) {
                self.log(Outcome::RateLimited).await?;
            }
            return Err(e);
        }
        match self.link.state(self.now) {
            LinkState::Active => Ok(()),
            LinkState::Locked => {
                self.log(Outcome::Locked).await?;
                Err(ApiError::NotFound(GONE))
            }
            LinkState::Revoked | LinkState::Expired => {
                self.log(Outcome::Inactive).await?;
                Err(ApiError::NotFound(GONE))
            }
        }
    }
}

async fn known_link(state: &AppState, id: &str) -> Result<Link, ApiError> {
    if !looks_like_token(id) {
        return Err(ApiError::NotFound(GONE));
    }
    state.store.link(id).await?.ok_or(ApiError::NotFound(GONE))
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn jose(jwe: String) -> Response {
    let mut r = jwe.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/jose"),
    );
    no_store(r)
}

/// `POST /m/{id}`: the manifest.
pub(crate) async fn manifest(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let req: ManifestRequest = parse_json(body)?;
    let recipient = check_recipient(req.recipient)?;
    let link = known_link(&state, &id).await?;
    let asking = Asking {
        state: &state,
        link: &link,
        recipient,
        address: state.client_address(&headers, peer),
        now: state.now(),
    };
    asking.admit().await?;

    if let Some(stored) = &link.passcode {
        match req.passcode.as_deref() {
            Some(p) if stored.verify(p) => {}
            Some(_) => {
                // The lifetime count, spent atomically in the database.
                return match state.store.spend_attempt(&id).await? {
                    Some(remaining) => {
                        asking.log(Outcome::WrongPasscode).await?;
                        Err(ApiError::WrongPasscode { remaining })
                    }
                    None => {
                        asking.log(Outcome::Locked).await?;
                        Err(ApiError::NotFound(GONE))
                    }
                };
            }
            None => {
                // No guess was made, so no attempt is spent.
                asking.log(Outcome::WrongPasscode).await?;
                return Err(ApiError::WrongPasscode {
                    remaining: link.failures_remaining,
                });
            }
        }
    }

    let files = state.store.files(&id).await?;
    if files.is_empty() {
        // Revoked between the state check and now.
        asking.log(Outcome::Inactive).await?;
        return Err(ApiError::NotFound(GONE));
    }
    let location_expiry = match link.expires_at {
        Some(exp) => exp.min(asking.now + LOCATION_LIFETIME_SECS),
        None => asking.now + LOCATION_LIFETIME_SECS,
    };
    let mut out: Vec<Value> = Vec::with_capacity(files.len());
    for f in files {
        let mut entry = json!({ "contentType": f.content_type });
        let embed = req
            .embedded_length_max
            .is_some_and(|max| u64::try_from(f.jwe.len()).is_ok_and(|len| len <= max));
        if embed {
            entry["embedded"] = Value::String(f.jwe);
        } else {
            let token = random_token();
            state
                .store
                .add_location(&token_key(&token), &id, f.index, location_expiry)
                .await?;
            entry["location"] = Value::String(format!("{}/f/{token}", state.public_url));
        }
        if f.content_type == "application/fhir+json" {
            entry["fhirVersion"] = Value::String(FHIR_VERSION.into());
        }
        out.push(entry);
    }
    asking.log(Outcome::Ok).await?;
    // Every link can be refreshed by its owner (`PUT /links/{id}/files`).
    let body = json!({ "status": "can-change", "files": out });
    Ok(no_store(Json(body).into_response()))
}

/// `GET /f/{token}`: a file behind a location handed out by a manifest.
pub(crate) async fn location(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let now = state.now();
    let address = state.client_address(&headers, peer);
    rate_limit::check(
        state.store.as_ref(),
        &format!("file-address:{address}"),
        state.limits.file_per_address,
        now,
    )
    .await?;
    if !looks_like_token(&token) {
        return Err(ApiError::NotFound(GONE));
    }
    match state
        .store
        .file_at_location(&token_key(&token), now)
        .await?
    {
        Some(jwe) => Ok(jose(jwe)),
        None => Err(ApiError::NotFound(GONE)),
    }
}

/// `GET /m/{id}?recipient=...`: the single file of a `U` link.
pub(crate) async fn direct_file(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    query: Result<Query<DirectQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let link = known_link(&state, &id).await?;
    if !link.direct {
        return Err(ApiError::NotFound(
            "This link is not a direct-file link; POST to it for its manifest.",
        ));
    }
    let Query(q) = query.map_err(|_| ApiError::BadRequest("The query is not valid.".into()))?;
    let asking = Asking {
        state: &state,
        link: &link,
        recipient: check_recipient(q.recipient)?,
        address: state.client_address(&headers, peer),
        now: state.now(),
    };
    asking.admit().await?;
    let files = state.store.files(&id).await?;
    let Some(file) = files.into_iter().next() else {
        asking.log(Outcome::Inactive).await?;
        return Err(ApiError::NotFound(GONE));
    };
    asking.log(Outcome::Ok).await?;
    Ok(jose(file.jwe))
}
