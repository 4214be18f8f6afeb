//! The professionals' viewer: static HTML, JavaScript and CSS compiled into the binary
//! (no build step). It runs in the browser and decrypts there; the relay only serves
//! the files. The link itself travels in the URL fragment, which browsers never send.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use super::AppState;

/// Every file of the viewer: name under `/viewer/`, content, content type.
const FILES: &[(&str, &str, &str)] = &[
    ("viewer.js", include_str!("../../viewer/viewer.js"), JS),
    ("shl.js", include_str!("../../viewer/shl.js"), JS),
    ("summary.js", include_str!("../../viewer/summary.js"), JS),
    ("render.js", include_str!("../../viewer/render.js"), JS),
    (
        "viewer.css",
        include_str!("../../viewer/viewer.css"),
        "text/css; charset=utf-8",
    ),
];
const INDEX: &str = include_str!("../../viewer/index.html");
const JS: &str = "text/javascript; charset=utf-8";

/// Scripts and styles only from here; data may be fetched from this relay or any
/// https relay named in a link; nothing may frame the page.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
                   connect-src 'self' https:; img-src 'self' data:; \
                   base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

pub(super) fn routes() -> Router<AppState> {
    let mut router = Router::new()
        .route("/viewer", get(|| async { Redirect::permanent("/viewer/") }))
        .route(
            "/viewer/",
            get(|| async { asset(INDEX, "text/html; charset=utf-8") }),
        );
    for &(name, body, content_type) in FILES {
        router = router.route(
            &format!("/viewer/{name}"),
            get(move || async move { asset(body, content_type) }),
        );
    }
    router
}
