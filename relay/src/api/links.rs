//! The owner API: create, refresh, revoke and inspect SHL links, and read who looked.
//! Every call but `POST /links` needs the link's management token as a bearer token.

use std::net::SocketAddr;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::upload::{FileIn, MAX_FILE_BYTES, MAX_FILES, check_files};
use super::{AppState, parse_json, require_token};
use crate::error::ApiError;
use crate::rate_limit;
use crate::secrets::{SaltedHash, looks_like_token, random_token};
use crate::store::{Link, LinkState, NewLink};

/// Largest request body for creating or refreshing a link: every file at its cap,
/// plus room for the JSON around them.
pub(crate) const MAX_BODY: usize = MAX_FILES * MAX_FILE_BYTES + 64 * 1024;

/// Wrong passcodes allowed when the owner does not say.
const DEFAULT_MAX_ATTEMPTS: i64 = 5;
/// Most wrong passcodes an owner may allow.
const MAX_MAX_ATTEMPTS: i64 = 100;
/// Longest passcode, in bytes.
const MAX_PASSCODE: usize = 256;
/// Most access-log lines per page.
const LOG_PAGE: i64 = 500;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreateLink {
    files: Vec<FileIn>,
    #[serde(default)]
    passcode: Option<String>,
    #[serde(default)]
    max_attempts: Option<i64>,
    #[serde(default)]
    expires_at: Option<i64>,
    #[serde(default)]
    direct: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ReplaceFiles {
    files: Vec<FileIn>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct After {
    #[serde(default)]
    after: Option<i64>,
}

fn manifest_url(state: &AppState, id: &str) -> String {
    format!("{}/m/{id}", state.public_url)
}

/// `POST /links`
pub(crate) async fn create(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let now = state.now();
    let address = state.client_address(&headers, peer);
    rate_limit::check(
        state.store.as_ref(),
        &format!("create-link:{address}"),
        state.limits.create_link_per_address,
        now,
    )
    .await?;
    let req: CreateLink = parse_json(body)?;
    let files = check_files(req.files)?;
    let passcode = match req.passcode {
        None => None,
        Some(p) if p.is_empty() || p.len() > MAX_PASSCODE => {
            return Err(ApiError::BadRequest(format!(
                "A passcode must be between 1 and {MAX_PASSCODE} bytes long."
            )));
        }
        Some(p) => Some(SaltedHash::new(&p)),
    };
    let max_attempts = req.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS);
    if !(1..=MAX_MAX_ATTEMPTS).contains(&max_attempts) {
        return Err(ApiError::BadRequest(format!(
            "maxAttempts must be between 1 and {MAX_MAX_ATTEMPTS}."
        )));
    }
    if req.expires_at.is_some_and(|exp| exp <= now) {
        return Err(ApiError::BadRequest(
            "expiresAt is in the past (it is in seconds since 1970).".into(),
        ));
    }
    if req.direct && (files.len() != 1 || passcode.is_some()) {
        return Err(ApiError::BadRequest(
            "A direct link (U flag) holds exactly one file and has no passcode.".into(),
        ));
    }
    let id = random_token();
    let token = random_token();
    state
        .store
        .create_link(NewLink {
            id: id.clone(),
            management: SaltedHash::new(&token),
            passcode,
            max_attempts,
            expires_at: req.expires_at,
            direct: req.direct,
            created_at: now,
            files,
        })
        .await?;
    let body = json!({
        "id": id,
        "url": manifest_url(&state, &id),
        "managementToken": token,
        "expiresAt": req.expires_at,
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// The link named in the path, if the request carries its management token.
async fn owned_link(state: &AppState, id: &str, headers: &HeaderMap) -> Result<Link, ApiError> {
    const UNKNOWN: &str = "There is no link with this id.";
    if !looks_like_token(id) {
        return Err(ApiError::NotFound(UNKNOWN));
    }
    let link = state
        .store
        .link(id)
        .await?
        .ok_or(ApiError::NotFound(UNKNOWN))?;
    require_token(headers, &link.management)?;
    Ok(link)
}

/// `PUT /links/{id}/files`
pub(crate) async fn replace_files(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let link = owned_link(&state, &id, &headers).await?;
    let req: ReplaceFiles = parse_json(body)?;
    let files = check_files(req.files)?;
    if link.revoked_at.is_some() {
        return Err(ApiError::Gone("This link has been revoked."));
    }
    if link.direct && files.len() != 1 {
        return Err(ApiError::BadRequest(
            "A direct link (U flag) holds exactly one file.".into(),
        ));
    }
    let count = files.len();
    state.store.replace_files(&id, files).await?;
    let body = json!({ "id": id, "url": manifest_url(&state, &id), "files": count });
    Ok(Json(body).into_response())
}

/// `DELETE /links/{id}`
pub(crate) async fn revoke(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    owned_link(&state, &id, &headers).await?;
    state.store.revoke_link(&id, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /links/{id}`
pub(crate) async fn status(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let link = owned_link(&state, &id, &headers).await?;
    let state_now: LinkState = link.state(state.now());
    let remaining = link.passcode.as_ref().map(|_| link.failures_remaining);
    let body = json!({
        "status": state_now.as_str(),
        "remainingAttempts": remaining,
        "expiresAt": link.expires_at,
        "createdAt": link.created_at,
        "direct": link.direct,
    });
    Ok(Json(body).into_response())
}

/// `GET /links/{id}/log?after=<seq>`
pub(crate) async fn log(
    State(state): State<AppState>,
    Path(id): Path<String>,
    query: Result<Query<After>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    owned_link(&state, &id, &headers).await?;
    let Query(q) =
        query.map_err(|_| ApiError::BadRequest("after must be a whole number (a seq).".into()))?;
    let entries = state
        .store
        .access_log(&id, q.after.unwrap_or(0), LOG_PAGE)
        .await?;
    let entries: Vec<_> = entries
        .into_iter()
        .map(|e| {
            json!({
                "seq": e.seq,
                "at": e.at,
                "recipient": e.recipient,
                "outcome": e.outcome,
                "address": e.address,
            })
        })
        .collect();
    Ok(Json(json!({ "entries": entries })).into_response())
}
