//! Mailboxes for end-to-end-encrypted messages with delivered and read receipts. The
//! relay sees routing ids, sizes, times and ciphertext; never a key or plaintext.

use std::net::SocketAddr;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::{AppState, parse_json, require_token};
use crate::error::ApiError;
use crate::rate_limit;
use crate::secrets::{SaltedHash, looks_like_token, random_token};
use crate::store::NewMessage;

/// Largest message body (opaque ciphertext), in bytes.
pub(crate) const MAX_MESSAGE_BODY: usize = 256 * 1024;
/// Largest request: the body plus room for JSON escaping and the other fields.
pub(crate) const MAX_REQUEST: usize = 2 * MAX_MESSAGE_BODY + 4096;
/// Most messages or receipts per page.
const PAGE: i64 = 100;

const NO_MAILBOX: &str = "There is no mailbox with this id.";

#[derive(Debug, Deserialize)]
pub(crate) struct Send {
    from: String,
    body: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct After {
    #[serde(default)]
    after: Option<i64>,
}

fn after(query: Result<Query<After>, QueryRejection>) -> Result<i64, ApiError> {
    let Query(q) =
        query.map_err(|_| ApiError::BadRequest("after must be a whole number (a seq).".into()))?;
    Ok(q.after.unwrap_or(0))
}

/// Checks that the request holds the token of mailbox `id`. An unknown mailbox is 404.
async fn authorise(state: &AppState, id: &str, headers: &HeaderMap) -> Result<(), ApiError> {
    if !looks_like_token(id) {
        return Err(ApiError::NotFound(NO_MAILBOX));
    }
    let stored = state
        .store
        .mailbox(id)
        .await?
        .ok_or(ApiError::NotFound(NO_MAILBOX))?;
    require_token(headers, &stored)
}

/// `POST /mailboxes`
pub(crate) async fn create(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let now = state.now();
    let address = state.client_address(&headers, peer);
    rate_limit::check(
        state.store.as_ref(),
        &format!("create-mailbox:{address}"),
        state.limits.create_mailbox_per_address,
        now,
    )
    .await?;
    let id = random_token();
    let token = random_token();
    state
        .store
        .create_mailbox(&id, &SaltedHash::new(&token), now)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": id, "token": token })),
    )
        .into_response())
}

/// `POST /mailboxes/{to}/messages` (bearer: the sender's token).
pub(crate) async fn send(
    State(state): State<AppState>,
    Path(to): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let req: Send = parse_json(body)?;
    // The sender proves who it is before anything about the recipient is revealed.
    if !looks_like_token(&req.from) {
        return Err(ApiError::Unauthorized);
    }
    let sender = state
        .store
        .mailbox(&req.from)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    require_token(&headers, &sender)?;
    if req.body.len() > MAX_MESSAGE_BODY {
        return Err(ApiError::BadRequest(format!(
            "A message body can be at most {} KiB.",
            MAX_MESSAGE_BODY / 1024
        )));
    }
    if !looks_like_token(&to) {
        return Err(ApiError::NotFound(NO_MAILBOX));
    }
    let now = state.now();
    let store = state.store.as_ref();
    rate_limit::check(
        store,
        &format!("message-from:{}", req.from),
        state.limits.message_per_sender,
        now,
    )
    .await?;
    rate_limit::check(
        store,
        &format!("message-to:{to}"),
        state.limits.message_per_recipient,
        now,
    )
    .await?;
    let message_id = random_token();
    let seq = state
        .store
        .post_message(NewMessage {
            to,
            from: req.from,
            message_id: message_id.clone(),
            body: req.body,
            at: now,
        })
        .await?
        .ok_or(ApiError::NotFound(NO_MAILBOX))?;
    let body = json!({ "messageId": message_id, "seq": seq });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `GET /mailboxes/{id}/messages?after=<seq>` (bearer: that mailbox's token).
pub(crate) async fn fetch(
    State(state): State<AppState>,
    Path(id): Path<String>,
    query: Result<Query<After>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorise(&state, &id, &headers).await?;
    let after = after(query)?;
    let messages = state
        .store
        .take_messages(&id, after, PAGE, state.now())
        .await?;
    let messages: Vec<_> = messages
        .into_iter()
        .map(|m| {
            json!({
                "seq": m.seq,
                "messageId": m.message_id,
                "from": m.from,
                "body": m.body,
                "receivedAt": m.received_at,
            })
        })
        .collect();
    Ok(Json(json!({ "messages": messages })).into_response())
}

/// `POST /mailboxes/{id}/messages/{message_id}/read` (bearer: the recipient's token).
pub(crate) async fn mark_read(
    State(state): State<AppState>,
    Path((id, message_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    authorise(&state, &id, &headers).await?;
    const NO_MESSAGE: &str = "There is no such message in this mailbox.";
    if !looks_like_token(&message_id) {
        return Err(ApiError::NotFound(NO_MESSAGE));
    }
    if state.store.mark_read(&id, &message_id, state.now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound(NO_MESSAGE))
    }
}

/// `GET /mailboxes/{id}/receipts?after=<seq>` (bearer: that mailbox's token, as the
/// sender of the messages the receipts are about).
pub(crate) async fn receipts(
    State(state): State<AppState>,
    Path(id): Path<String>,
    query: Result<Query<After>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorise(&state, &id, &headers).await?;
    let after = after(query)?;
    let receipts = state.store.receipts(&id, after, PAGE).await?;
    let receipts: Vec<_> = receipts
        .into_iter()
        .map(|r| json!({ "seq": r.seq, "messageId": r.message_id, "kind": r.kind, "at": r.at }))
        .collect();
    Ok(Json(json!({ "receipts": receipts })).into_response())
}
