//! Creating, refreshing and revoking links; input checks.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{Backend, RECIPIENT, fake_jwe, fhir_file};

pub async fn creates_refreshes_and_revokes_a_link_at_the_same_url(b: &Backend) {
    let relay = b.start().await;
    let first = fake_jwe("application/fhir+json", 300);
    let link = relay
        .create_link(json!({ "files": [{ "contentType": "application/fhir+json", "jwe": first }] }))
        .await;
    assert_eq!(link.url, format!("{}/m/{}", relay.base, link.id));

    let status = relay.status(&link).await;
    assert_eq!(status.json["status"], "active");
    assert_eq!(status.json["remainingAttempts"], json!(null));
    assert_eq!(status.json["createdAt"], json!(crate::common::START));

    let ask = json!({ "recipient": RECIPIENT, "embeddedLengthMax": 100_000 });
    let m = relay.manifest(&link, ask.clone()).await;
    assert_eq!(m.status, StatusCode::OK, "{}", m.text);
    assert_eq!(m.json["files"][0]["embedded"], json!(first));

    // A refresh keeps the id and the URL and serves the new file.
    let second = fake_jwe("application/fhir+json", 400);
    let r = relay
        .put(
            &format!("/links/{}/files", link.id),
            json!({ "files": [{ "contentType": "application/fhir+json", "jwe": second }] }),
            Some(&link.token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["url"], json!(link.url));
    let m = relay.manifest(&link, ask.clone()).await;
    assert_eq!(m.json["files"][0]["embedded"], json!(second));
    assert_eq!(m.json["files"].as_array().map(Vec::len), Some(1));

    let r = relay
        .delete(&format!("/links/{}", link.id), Some(&link.token))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        relay.manifest(&link, ask).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(relay.status(&link).await.json["status"], "revoked");

    // Revoking twice is fine; refreshing a revoked link is refused.
    let r = relay
        .delete(&format!("/links/{}", link.id), Some(&link.token))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = relay
        .put(
            &format!("/links/{}/files", link.id),
            json!({ "files": [fhir_file(200)] }),
            Some(&link.token),
        )
        .await;
    assert_eq!(r.status, StatusCode::GONE);
    relay.stop().await;
}

pub async fn bad_uploads_are_refused_in_plain_words(b: &Backend) {
    let relay = b.start().await;
    let now = crate::common::START;
    let plain_json =
        json!({ "contentType": "application/fhir+json", "jwe": "{\"resourceType\":\"Bundle\"}" });
    let cases = [
        ("no files", json!({ "files": [] })),
        (
            "too many files",
            json!({ "files": [fhir_file(100), fhir_file(100), fhir_file(100), fhir_file(100), fhir_file(100)] }),
        ),
        (
            "unknown content type",
            json!({ "files": [{ "contentType": "text/plain", "jwe": fake_jwe("text/plain", 100) }] }),
        ),
        (
            "plaintext instead of a JWE",
            json!({ "files": [plain_json] }),
        ),
        (
            "maxAttempts 0",
            json!({ "files": [fhir_file(100)], "passcode": "1234", "maxAttempts": 0 }),
        ),
        (
            "maxAttempts 101",
            json!({ "files": [fhir_file(100)], "passcode": "1234", "maxAttempts": 101 }),
        ),
        (
            "empty passcode",
            json!({ "files": [fhir_file(100)], "passcode": "" }),
        ),
        (
            "expiry in the past",
            json!({ "files": [fhir_file(100)], "expiresAt": now - 1 }),
        ),
        (
            "direct with two files",
            json!({ "files": [fhir_file(100), fhir_file(100)], "direct": true }),
        ),
        (
            "direct with a passcode",
            json!({ "files": [fhir_file(100)], "direct": true, "passcode": "1234" }),
        ),
        ("files not a list", json!({ "files": "x" })),
        (
            "file over 5 MiB",
            json!({ "files": [fhir_file(5 * 1024 * 1024 + 10)] }),
        ),
    ];
    for (what, body) in cases {
        let r = relay.post("/links", body, None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{what}: {}", r.text);
        let sentence = r.error();
        assert!(
            sentence.ends_with('.') && sentence.len() > 10,
            "{what}: {sentence:?}"
        );
        assert!(
            !sentence.to_lowercase().contains("sql"),
            "{what}: {sentence:?}"
        );
    }
    let r = relay
        .send(
            relay
                .http
                .post(relay.url("/links"))
                .header("content-type", "application/json")
                .body("not json"),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(!r.error().is_empty());
    relay.stop().await;
}

pub async fn ids_and_tokens_are_43_characters_of_base64url(b: &Backend) {
    let relay = b.start().await;
    let a = relay
        .create_link(json!({ "files": [fhir_file(100)] }))
        .await;
    let c = relay
        .create_link(json!({ "files": [fhir_file(100)] }))
        .await;
    for s in [&a.id, &a.token, &c.id, &c.token] {
        assert_eq!(s.len(), 43);
        assert!(
            s.bytes()
                .all(|x| x.is_ascii_alphanumeric() || x == b'-' || x == b'_')
        );
    }
    assert_ne!(a.id, c.id);
    assert_ne!(a.token, c.token);
    assert!(a.url.len() <= 128, "SHL caps url at 128 characters");
    relay.stop().await;
}

pub async fn health_and_viewer_are_served(b: &Backend) {
    let relay = b.start().await;
    assert_eq!(relay.get("/health", None).await.status, StatusCode::OK);
    let page = relay.get("/viewer/", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.header("content-type")
            .is_some_and(|c| c.starts_with("text/html"))
    );
    assert!(
        page.header("content-security-policy")
            .is_some_and(|c| c.contains("script-src 'self'"))
    );
    assert!(page.text.contains("viewer.js"));
    assert_eq!(
        relay.get("/viewer/viewer.js", None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        relay.get("/viewer/viewer.css", None).await.status,
        StatusCode::OK
    );
    let missing = relay.get("/nothing-here", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(!missing.error().is_empty());
    relay.stop().await;
}
