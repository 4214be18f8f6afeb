//! The HTTP API: routes, shared state, and the small helpers every handler uses
//! (bearer tokens, client addresses, JSON bodies with plain-sentence errors).

mod links;
mod mailboxes;
mod shl;
mod upload;
mod viewer;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::routing::{get, post};
use serde::de::DeserializeOwned;
use tower_http::cors::{Any, CorsLayer};

use crate::clock::Clock;
use crate::config::Limits;
use crate::error::ApiError;
use crate::secrets::{SaltedHash, looks_like_token};
use crate::store::Store;

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) clock: Arc<dyn Clock>,
    /// Base URL without a trailing `/`.
    pub(crate) public_url: Arc<str>,
    pub(crate) limits: Limits,
    pub(crate) trust_forwarded_for: bool,
}

impl AppState {
    pub(crate) fn now(&self) -> i64 {
        self.clock.now()
    }

    /// The client's address: the peer, or behind a trusted load balancer the last
    /// `X-Forwarded-For` entry (the one the balancer itself appended).
    pub(crate) fn client_address(&self, headers: &HeaderMap, peer: SocketAddr) -> String {
        if self.trust_forwarded_for {
            let last = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .rfind(|s| !s.is_empty());
            if let Some(ip) = last.and_then(|s| s.parse::<std::net::IpAddr>().ok()) {
                return ip.to_string();
            }
        }
        peer.ip().to_string()
    }
}

/// The bearer token of a request, if it has one.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Checks the request's bearer token against a stored hash.
pub(crate) fn require_token(headers: &HeaderMap, stored: &SaltedHash) -> Result<(), ApiError> {
    match bearer(headers) {
        Some(t) if looks_like_token(t) && stored.verify(t) => Ok(()),
        _ => Err(ApiError::Unauthorized),
    }
}

/// Parses a JSON body, answering a plain sentence for a body that is too large or
/// not what the endpoint expects.
pub(crate) fn parse_json<T: DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
) -> Result<T, ApiError> {
    let bytes = body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge("The request body is too large.".into())
        } else {
            ApiError::BadRequest("The request body could not be read.".into())
        }
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::BadRequest(format!(
            "The request body is not valid for this request: {e}."
        ))
    })
}

/// The whole router.
pub(crate) fn router(state: AppState) -> Router {
    // SHL endpoints are fetched by viewers running in other origins' pages.
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE]);
    let shl = Router::new()
        .route("/m/{id}", post(shl::manifest).get(shl::direct_file))
        .route("/f/{token}", get(shl::location))
        .layer(DefaultBodyLimit::max(shl::MAX_MANIFEST_REQUEST))
        .layer(cors);
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route(
            "/links",
            post(links::create).layer(DefaultBodyLimit::max(links::MAX_BODY)),
        )
        .route("/links/{id}", get(links::status).delete(links::revoke))
        .route(
            "/links/{id}/files",
            axum::routing::put(links::replace_files).layer(DefaultBodyLimit::max(links::MAX_BODY)),
        )
        .route("/links/{id}/log", get(links::log))
        .route("/mailboxes", post(mailboxes::create))
        .route(
            "/mailboxes/{id}/messages",
            post(mailboxes::send)
                .get(mailboxes::fetch)
                .layer(DefaultBodyLimit::max(mailboxes::MAX_REQUEST)),
        )
        .route(
            "/mailboxes/{id}/messages/{message_id}/read",
            post(mailboxes::mark_read),
        )
        .route("/mailboxes/{id}/receipts", get(mailboxes::receipts))
        .merge(viewer::routes())
        .merge(shl)
        .fallback(|| async { ApiError::NotFound("There is nothing at this address.") })
        .with_state(state)
}
