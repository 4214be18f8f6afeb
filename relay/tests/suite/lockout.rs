//! The lifetime passcode count: exact under parallel guesses, never reset.

use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

use crate::common::{Backend, RECIPIENT, TestRelay, fhir_file};

/// Sends `n` wrong guesses at once, spread over `relays`; returns (401s with their
/// remainingAttempts, number of 404s).
pub async fn guess_in_parallel(relays: &[&TestRelay], url: &str, n: usize) -> (Vec<i64>, usize) {
    let guesses = (0..n).map(|i| {
        let relay = relays[i % relays.len()];
        // The same link through whichever instance this guess goes to.
        let path = url.replacen(&relays[0].base, &relay.base, 1);
        async move {
            relay
                .post(
                    &path,
                    json!({ "recipient": RECIPIENT, "passcode": format!("wrong-{i}") }),
                    None,
                )
                .await
        }
    });
    let replies = join_all(guesses).await;
    let mut remaining = Vec::new();
    let mut not_found = 0;
    for r in replies {
        match r.status {
            StatusCode::UNAUTHORIZED => remaining.push(
                r.json["remainingAttempts"]
                    .as_i64()
                    .expect("remainingAttempts"),
            ),
            StatusCode::NOT_FOUND => not_found += 1,
            other => panic!("unexpected {other}: {}", r.text),
        }
    }
    remaining.sort_unstable();
    (remaining, not_found)
}

pub async fn passcode_lockout_is_exact_under_parallel_guesses(b: &Backend) {
    let relay = b.start().await;
    let link = relay
        .create_link(
            json!({ "files": [fhir_file(100)], "passcode": "correct horse", "maxAttempts": 5 }),
        )
        .await;
    assert_eq!(relay.status(&link).await.json["remainingAttempts"], 5);
    let (remaining, not_found) = guess_in_parallel(&[&relay], &link.url, 50).await;
    assert_eq!(
        remaining,
        [0, 1, 2, 3, 4],
        "exactly five 401s, each attempt counted once"
    );
    assert_eq!(not_found, 45);
    let status = relay.status(&link).await;
    assert_eq!(status.json["status"], "locked");
    assert_eq!(status.json["remainingAttempts"], 0);
    // Locked for good, even with the right passcode.
    let r = relay
        .manifest(
            &link,
            json!({ "recipient": RECIPIENT, "passcode": "correct horse" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let log = relay.log(&link).await;
    assert_eq!(log.len(), 51);
    let wrong = log
        .iter()
        .filter(|e| e["outcome"] == "wrong_passcode")
        .count();
    let locked = log.iter().filter(|e| e["outcome"] == "locked").count();
    assert_eq!((wrong, locked), (5, 46));
    relay.stop().await;
}

pub async fn a_correct_passcode_does_not_reset_the_count(b: &Backend) {
    let relay = b.start().await;
    let link = relay
        .create_link(json!({ "files": [fhir_file(100)], "passcode": "1234", "maxAttempts": 3 }))
        .await;
    let with = |p: &str| json!({ "recipient": RECIPIENT, "passcode": p });
    let r = relay.manifest(&link, with("0000")).await;
    assert_eq!(
        (r.status, r.json["remainingAttempts"].as_i64()),
        (StatusCode::UNAUTHORIZED, Some(2))
    );
    assert_eq!(
        relay.manifest(&link, with("1234")).await.status,
        StatusCode::OK
    );
    let r = relay.manifest(&link, with("0000")).await;
    assert_eq!(
        r.json["remainingAttempts"], 1,
        "the right passcode did not give attempts back"
    );
    // No passcode at all is refused without spending an attempt.
    let r = relay
        .manifest(&link, json!({ "recipient": RECIPIENT }))
        .await;
    assert_eq!(
        (r.status, r.json["remainingAttempts"].as_i64()),
        (StatusCode::UNAUTHORIZED, Some(1))
    );
    assert_eq!(relay.status(&link).await.json["remainingAttempts"], 1);
    assert_eq!(relay.status(&link).await.json["status"], "active");
    relay.stop().await;
}
