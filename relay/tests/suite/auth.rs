//! Who may do what: owner tokens per link, mailbox tokens per mailbox.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{Backend, fhir_file};

pub async fn owner_calls_need_the_links_own_token(b: &Backend) {
    let relay = b.start().await;
    let mine = relay
        .create_link(json!({ "files": [fhir_file(100)] }))
        .await;
    let theirs = relay
        .create_link(json!({ "files": [fhir_file(100)] }))
        .await;
    let status = format!("/links/{}", mine.id);
    let log = format!("/links/{}/log", mine.id);
    let files = format!("/links/{}/files", mine.id);
    for token in [
        None,
        Some(theirs.token.as_str()),
        Some("not-a-token"),
        Some(""),
    ] {
        let r = relay.get(&status, token).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert!(!r.error().is_empty());
        assert_eq!(
            relay.get(&log, token).await.status,
            StatusCode::UNAUTHORIZED
        );
        let r = relay
            .put(&files, json!({ "files": [fhir_file(100)] }), token)
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            relay.delete(&status, token).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // Nothing above revoked the link.
    assert_eq!(relay.status(&mine).await.json["status"], "active");
    let r = relay
        .send(
            relay
                .http
                .get(relay.url(&status))
                .header("authorization", format!("Basic {}", mine.token)),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "only Bearer");

    let unknown = format!("/links/{}", "C".repeat(43));
    assert_eq!(
        relay.get(&unknown, Some(&mine.token)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        relay.delete(&unknown, Some(&mine.token)).await.status,
        StatusCode::NOT_FOUND
    );
    let r = relay
        .get(&format!("{unknown}/log"), Some(&mine.token))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        relay.get("/links/short", Some(&mine.token)).await.status,
        StatusCode::NOT_FOUND
    );
    relay.stop().await;
}

pub async fn mailbox_calls_need_the_right_token(b: &Backend) {
    let relay = b.start().await;
    let a = relay.post("/mailboxes", json!({}), None).await.json;
    let c = relay.post("/mailboxes", json!({}), None).await.json;
    let (a_id, a_token) = (
        a["id"].as_str().expect("id"),
        a["token"].as_str().expect("token"),
    );
    let (c_id, c_token) = (
        c["id"].as_str().expect("id"),
        c["token"].as_str().expect("token"),
    );
    let to_c = format!("/mailboxes/{c_id}/messages");

    // Sending as A with C's token, or with none, or naming an unknown sender.
    let r = relay
        .post(&to_c, json!({ "from": a_id, "body": "x" }), Some(c_token))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(!r.error().is_empty());
    let r = relay
        .post(&to_c, json!({ "from": a_id, "body": "x" }), None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = relay
        .post(
            &to_c,
            json!({ "from": "D".repeat(43), "body": "x" }),
            Some(a_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    let sent = relay
        .post(&to_c, json!({ "from": a_id, "body": "x" }), Some(a_token))
        .await;
    assert_eq!(sent.status, StatusCode::CREATED);
    let message_id = sent.json["messageId"].as_str().expect("messageId");

    // Only C reads C's mailbox and marks its messages read; only A reads A's receipts.
    assert_eq!(
        relay.get(&to_c, Some(a_token)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        relay.get(&to_c, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let read = format!("/mailboxes/{c_id}/messages/{message_id}/read");
    assert_eq!(
        relay.post(&read, json!({}), Some(a_token)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let receipts = format!("/mailboxes/{a_id}/receipts");
    assert_eq!(
        relay.get(&receipts, Some(c_token)).await.status,
        StatusCode::UNAUTHORIZED
    );
    // C cannot mark read a message that is not in C's mailbox.
    let not_mine = format!("/mailboxes/{a_id}/messages/{message_id}/read");
    assert_eq!(
        relay.post(&not_mine, json!({}), Some(a_token)).await.status,
        StatusCode::NOT_FOUND
    );
    // A body over 256 KiB is refused.
    let big = "A".repeat(256 * 1024 + 1);
    let r = relay
        .post(&to_c, json!({ "from": a_id, "body": big }), Some(a_token))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // A request over the body cap is 413, still in plain words.
    let huge = "A".repeat(600 * 1024);
    let r = relay
        .post(&to_c, json!({ "from": a_id, "body": huge }), Some(a_token))
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.error(), "The request body is too large.");
    relay.stop().await;
}
