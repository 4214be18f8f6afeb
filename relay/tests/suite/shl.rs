//! The SHL protocol: manifests, locations, direct files, expiry, the access log.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{Backend, RECIPIENT, START, fake_jwe, fhir_file};

fn ask() -> Value {
    json!({ "recipient": RECIPIENT })
}

fn location_of(manifest: &Value, i: usize) -> String {
    manifest["files"][i]["location"]
        .as_str()
        .expect("a location")
        .to_owned()
}

pub async fn revocation_kills_the_manifest_and_every_location_at_once(b: &Backend) {
    let relay = b.start().await;
    let jwe = fake_jwe("application/fhir+json", 500);
    let link = relay
        .create_link(json!({ "files": [{ "contentType": "application/fhir+json", "jwe": jwe }] }))
        .await;
    let m = relay.manifest(&link, ask()).await;
    assert_eq!(m.status, StatusCode::OK);
    assert!(m.json["files"][0].get("embedded").is_none());
    let loc = location_of(&m.json, 0);
    assert!(loc.starts_with(&format!("{}/f/", relay.base)));
    let f = relay.get(&loc, None).await;
    assert_eq!(f.status, StatusCode::OK);
    assert_eq!(f.header("content-type"), Some("application/jose"));
    assert_eq!(f.text, jwe);

    let r = relay
        .delete(&format!("/links/{}", link.id), Some(&link.token))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(relay.get(&loc, None).await.status, StatusCode::NOT_FOUND);
    let m = relay.manifest(&link, ask()).await;
    assert_eq!(m.status, StatusCode::NOT_FOUND);
    assert!(!m.error().is_empty());
    relay.stop().await;
}

pub async fn an_expired_link_answers_404_and_reports_expired(b: &Backend) {
    let relay = b.start().await;
    let link = relay
        .create_link(json!({ "files": [fhir_file(200)], "expiresAt": START + 100 }))
        .await;
    assert_eq!(
        relay.status(&link).await.json["expiresAt"],
        json!(START + 100)
    );
    let m = relay.manifest(&link, ask()).await;
    assert_eq!(m.status, StatusCode::OK);
    let loc = location_of(&m.json, 0);
    relay.clock.advance(99);
    assert_eq!(relay.manifest(&link, ask()).await.status, StatusCode::OK);
    relay.clock.advance(1);
    assert_eq!(
        relay.manifest(&link, ask()).await.status,
        StatusCode::NOT_FOUND
    );
    // A location never outlives its link.
    assert_eq!(relay.get(&loc, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(relay.status(&link).await.json["status"], "expired");
    let outcomes: Vec<Value> = relay
        .log(&link)
        .await
        .iter()
        .map(|e| e["outcome"].clone())
        .collect();
    assert_eq!(outcomes, vec![json!("ok"), json!("ok"), json!("inactive")]);
    relay.stop().await;
}

pub async fn a_location_lives_at_most_one_hour(b: &Backend) {
    let relay = b.start().await;
    let link = relay
        .create_link(json!({ "files": [fhir_file(200)] }))
        .await;
    let loc = location_of(&relay.manifest(&link, ask()).await.json, 0);
    relay.clock.advance(3599);
    assert_eq!(relay.get(&loc, None).await.status, StatusCode::OK);
    relay.clock.advance(1);
    assert_eq!(relay.get(&loc, None).await.status, StatusCode::NOT_FOUND);
    // The link itself goes on: a new manifest gives a new, live location.
    let fresh = location_of(&relay.manifest(&link, ask()).await.json, 0);
    assert_ne!(fresh, loc);
    assert_eq!(relay.get(&fresh, None).await.status, StatusCode::OK);
    // Junk and unknown tokens are 404 too.
    assert_eq!(
        relay.get("/f/nope", None).await.status,
        StatusCode::NOT_FOUND
    );
    let unknown = format!("/f/{}", "A".repeat(43));
    assert_eq!(
        relay.get(&unknown, None).await.status,
        StatusCode::NOT_FOUND
    );
    relay.stop().await;
}

pub async fn files_are_embedded_only_within_embedded_length_max(b: &Backend) {
    let relay = b.start().await;
    let small = fake_jwe("application/fhir+json", 300);
    let card = fake_jwe("application/smart-health-card", 2000);
    let link = relay
        .create_link(json!({ "files": [
            { "contentType": "application/fhir+json", "jwe": small },
            { "contentType": "application/smart-health-card", "jwe": card },
        ] }))
        .await;
    let m = relay
        .manifest(
            &link,
            json!({ "recipient": RECIPIENT, "embeddedLengthMax": small.len() }),
        )
        .await;
    assert_eq!(m.status, StatusCode::OK, "{}", m.text);
    let files = &m.json["files"];
    assert_eq!(
        files[0]["embedded"],
        json!(small),
        "exactly at the maximum is embedded"
    );
    assert_eq!(files[0]["contentType"], "application/fhir+json");
    assert_eq!(files[0]["fhirVersion"], "4.0.1");
    assert!(files[0].get("location").is_none());
    assert!(files[1].get("embedded").is_none());
    assert_eq!(files[1]["contentType"], "application/smart-health-card");
    assert!(files[1].get("fhirVersion").is_none());
    assert_eq!(relay.get(&location_of(&m.json, 1), None).await.text, card);

    let m = relay
        .manifest(
            &link,
            json!({ "recipient": RECIPIENT, "embeddedLengthMax": small.len() - 1 }),
        )
        .await;
    assert!(m.json["files"][0].get("embedded").is_none());
    let m = relay.manifest(&link, ask()).await;
    assert!(
        m.json["files"]
            .as_array()
            .expect("files")
            .iter()
            .all(|f| f.get("location").is_some())
    );
    assert_eq!(m.header("cache-control"), Some("no-store"));
    relay.stop().await;
}

pub async fn a_direct_link_serves_its_single_file_by_get(b: &Backend) {
    let relay = b.start().await;
    let jwe = fake_jwe("application/fhir+json", 400);
    let link = relay
        .create_link(json!({ "files": [{ "contentType": "application/fhir+json", "jwe": jwe }], "direct": true }))
        .await;
    let r = relay
        .send(relay.http.get(&link.url).query(&[("recipient", RECIPIENT)]))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("application/jose"));
    assert_eq!(r.text, jwe);
    assert_eq!(
        relay.get(&link.url, None).await.status,
        StatusCode::BAD_REQUEST
    );
    let log = relay.log(&link).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["recipient"], RECIPIENT);
    assert_eq!(log[0]["outcome"], "ok");

    // A link that is not direct has no GET.
    let other = relay
        .create_link(json!({ "files": [fhir_file(100)] }))
        .await;
    let r = relay
        .send(
            relay
                .http
                .get(&other.url)
                .query(&[("recipient", RECIPIENT)]),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    relay
        .delete(&format!("/links/{}", link.id), Some(&link.token))
        .await;
    let r = relay
        .send(relay.http.get(&link.url).query(&[("recipient", RECIPIENT)]))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(relay.log(&link).await[1]["outcome"], "inactive");
    relay.stop().await;
}

pub async fn a_manifest_request_must_say_who_is_asking(b: &Backend) {
    let relay = b.start().await;
    let link = relay
        .create_link(json!({ "files": [fhir_file(100)] }))
        .await;
    for body in [
        json!({}),
        json!({ "recipient": "   " }),
        json!({ "recipient": "x".repeat(201) }),
    ] {
        let r = relay.manifest(&link, body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.error().contains("recipient"), "{}", r.text);
    }
    let unknown = format!("{}/m/{}", relay.base, "B".repeat(43));
    assert_eq!(
        relay.post(&unknown, ask(), None).await.status,
        StatusCode::NOT_FOUND
    );
    relay.stop().await;
}

pub async fn the_access_log_names_who_looked_and_how_it_ended(b: &Backend) {
    let relay = b.start().await;
    let link = relay
        .create_link(json!({ "files": [fhir_file(100)], "passcode": "4711", "maxAttempts": 2 }))
        .await;
    let with = |p: &str| json!({ "recipient": RECIPIENT, "passcode": p });
    assert_eq!(
        relay.manifest(&link, with("4711")).await.status,
        StatusCode::OK
    );
    relay.clock.advance(10);
    let r = relay.manifest(&link, with("0000")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json["remainingAttempts"], 1);
    relay.clock.advance(10);
    assert_eq!(
        relay.manifest(&link, with("0001")).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        relay.manifest(&link, with("4711")).await.status,
        StatusCode::NOT_FOUND
    );

    let log = relay.log(&link).await;
    let outcomes: Vec<&str> = log.iter().filter_map(|e| e["outcome"].as_str()).collect();
    assert_eq!(
        outcomes,
        ["ok", "wrong_passcode", "wrong_passcode", "locked"]
    );
    let seqs: Vec<i64> = log.iter().filter_map(|e| e["seq"].as_i64()).collect();
    assert_eq!(seqs, [1, 2, 3, 4]);
    assert_eq!(log[0]["at"], json!(START));
    assert_eq!(log[1]["at"], json!(START + 10));
    for e in &log {
        assert_eq!(e["recipient"], RECIPIENT);
        assert_eq!(e["address"], "127.0.0.1");
    }
    let page = relay
        .get(
            &format!("/links/{}/log?after=2", link.id),
            Some(&link.token),
        )
        .await;
    let seqs: Vec<i64> = page.json["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["seq"].as_i64())
        .collect();
    assert_eq!(seqs, [3, 4]);
    relay.stop().await;
}
