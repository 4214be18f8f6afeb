//! Rate limits: 429 with Retry-After, counted in the database.

use phr_relay::{Limits, Rate};
use reqwest::StatusCode;
use serde_json::json;

use crate::common::{Backend, Options, RECIPIENT, Reply, TestRelay, fhir_file};

fn retry_after(r: &Reply) -> i64 {
    r.header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After header in seconds")
}

async fn start(b: &Backend, limits: Limits) -> TestRelay {
    b.start_with(Options {
        limits,
        trust_forwarded_for: true,
        clock: None,
    })
    .await
}

async fn from(relay: &TestRelay, address: &str, url: &str) -> Reply {
    relay
        .send(
            relay
                .http
                .post(url)
                .header("x-forwarded-for", address)
                .json(&json!({ "recipient": RECIPIENT })),
        )
        .await
}

pub async fn manifest_requests_are_limited_per_link_with_retry_after(b: &Backend) {
    let relay = start(
        b,
        Limits {
            manifest_per_link: Rate::per_minute(3),
            ..Limits::unlimited()
        },
    )
    .await;
    let link = relay
        .create_link(json!({ "files": [fhir_file(100)] }))
        .await;
    relay.clock.advance(15);
    for i in 0..3 {
        // From different addresses: the link's own count still applies.
        let r = from(&relay, &format!("192.0.2.{i}"), &link.url).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    let r = from(&relay, "192.0.2.9", &link.url).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let wait = retry_after(&r);
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    assert!(!r.error().is_empty());
    relay.clock.advance(wait);
    assert_eq!(
        from(&relay, "192.0.2.9", &link.url).await.status,
        StatusCode::OK
    );
    let log = relay.log(&link).await;
    assert_eq!(log[3]["outcome"], "rate_limited");
    assert_eq!(log[3]["address"], "192.0.2.9");
    relay.stop().await;
}

pub async fn manifest_requests_are_limited_per_address(b: &Backend) {
    let relay = start(
        b,
        Limits {
            manifest_per_address: Rate::per_minute(2),
            ..Limits::unlimited()
        },
    )
    .await;
    let one = relay
        .create_link(json!({ "files": [fhir_file(100)] }))
        .await;
    let two = relay
        .create_link(json!({ "files": [fhir_file(100)] }))
        .await;
    assert_eq!(
        from(&relay, "198.51.100.7", &one.url).await.status,
        StatusCode::OK
    );
    assert_eq!(
        from(&relay, "198.51.100.7", &two.url).await.status,
        StatusCode::OK
    );
    let r = from(&relay, "198.51.100.7", &one.url).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    retry_after(&r);
    // Another address is not held back.
    assert_eq!(
        from(&relay, "198.51.100.8", &one.url).await.status,
        StatusCode::OK
    );
    relay.stop().await;
}

pub async fn link_creation_is_limited_per_address(b: &Backend) {
    let relay = start(
        b,
        Limits {
            create_link_per_address: Rate::per_hour(2),
            ..Limits::unlimited()
        },
    )
    .await;
    for _ in 0..2 {
        relay
            .create_link(json!({ "files": [fhir_file(100)] }))
            .await;
    }
    let r = relay
        .post("/links", json!({ "files": [fhir_file(100)] }), None)
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!((1..=3600).contains(&retry_after(&r)));
    relay.stop().await;
}

pub async fn messages_are_limited_per_sender_and_per_recipient(b: &Backend) {
    let relay = start(
        b,
        Limits {
            message_per_sender: Rate::per_minute(2),
            message_per_recipient: Rate::per_minute(3),
            ..Limits::unlimited()
        },
    )
    .await;
    let mut boxes = Vec::new();
    for _ in 0..4 {
        let r = relay.post("/mailboxes", json!({}), None).await;
        assert_eq!(r.status, StatusCode::CREATED);
        boxes.push((
            r.json["id"].as_str().expect("id").to_owned(),
            r.json["token"].as_str().expect("token").to_owned(),
        ));
    }
    let send = |from: usize, to: usize| {
        let (from_id, from_token) = boxes[from].clone();
        let to_id = boxes[to].0.clone();
        let relay = &relay;
        async move {
            relay
                .post(
                    &format!("/mailboxes/{to_id}/messages"),
                    json!({ "from": from_id, "body": "c2VjcmV0" }),
                    Some(&from_token),
                )
                .await
        }
    };
    assert_eq!(send(0, 3).await.status, StatusCode::CREATED);
    assert_eq!(send(0, 3).await.status, StatusCode::CREATED);
    let r = send(0, 3).await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "third from one sender"
    );
    retry_after(&r);
    assert_eq!(send(1, 3).await.status, StatusCode::CREATED);
    let r = send(2, 3).await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "fourth to one recipient"
    );
    retry_after(&r);
    assert_eq!(send(2, 1).await.status, StatusCode::CREATED);
    relay.stop().await;
}
