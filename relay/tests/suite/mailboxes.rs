//! End-to-end-encrypted messages with delivered and read receipts.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{Backend, START, TestRelay};

async fn mailbox(relay: &TestRelay) -> (String, String) {
    let r = relay.post("/mailboxes", json!({}), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.json["id"].as_str().expect("id").to_owned();
    let token = r.json["token"].as_str().expect("token").to_owned();
    assert_eq!((id.len(), token.len()), (43, 43));
    (id, token)
}

fn kinds(receipts: &Value) -> Vec<(String, String)> {
    receipts["receipts"]
        .as_array()
        .expect("receipts")
        .iter()
        .map(|r| {
            (
                r["messageId"].as_str().unwrap_or("").to_owned(),
                r["kind"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

pub async fn a_message_round_trip_gives_delivered_then_read_receipts(b: &Backend) {
    let relay = b.start().await;
    let (person, person_token) = mailbox(&relay).await;
    let (gp, gp_token) = mailbox(&relay).await;
    let body = "eyJhbGciOiJFQ0RILUVTIn0.opaque-ciphertext";
    let sent = relay
        .post(
            &format!("/mailboxes/{gp}/messages"),
            json!({ "from": person, "body": body }),
            Some(&person_token),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    assert_eq!(sent.json["seq"], 1);
    let message_id = sent.json["messageId"]
        .as_str()
        .expect("messageId")
        .to_owned();

    let receipts_path = format!("/mailboxes/{person}/receipts");
    let none = relay.get(&receipts_path, Some(&person_token)).await;
    assert_eq!(kinds(&none.json), vec![], "nothing delivered yet");

    relay.clock.advance(30);
    let inbox = relay
        .get(&format!("/mailboxes/{gp}/messages"), Some(&gp_token))
        .await;
    assert_eq!(inbox.status, StatusCode::OK);
    let m = &inbox.json["messages"][0];
    assert_eq!(m["messageId"], json!(message_id));
    assert_eq!(m["from"], json!(person));
    assert_eq!(m["body"], body);
    assert_eq!(m["seq"], 1);
    assert_eq!(m["receivedAt"], json!(START));

    let r = relay.get(&receipts_path, Some(&person_token)).await;
    assert_eq!(
        kinds(&r.json),
        vec![(message_id.clone(), "delivered".to_owned())]
    );
    assert_eq!(r.json["receipts"][0]["at"], json!(START + 30));

    // Fetching again delivers nothing new.
    relay
        .get(&format!("/mailboxes/{gp}/messages"), Some(&gp_token))
        .await;
    relay.clock.advance(30);
    let read = format!("/mailboxes/{gp}/messages/{message_id}/read");
    assert_eq!(
        relay.post(&read, json!({}), Some(&gp_token)).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        relay.post(&read, json!({}), Some(&gp_token)).await.status,
        StatusCode::NO_CONTENT
    );

    let r = relay.get(&receipts_path, Some(&person_token)).await;
    assert_eq!(
        kinds(&r.json),
        vec![
            (message_id.clone(), "delivered".to_owned()),
            (message_id.clone(), "read".to_owned())
        ]
    );
    assert_eq!(r.json["receipts"][1]["at"], json!(START + 60));
    let after = r.json["receipts"][0]["seq"].as_i64().expect("seq");
    let r = relay
        .get(
            &format!("{receipts_path}?after={after}"),
            Some(&person_token),
        )
        .await;
    assert_eq!(kinds(&r.json), vec![(message_id, "read".to_owned())]);
    // The recipient has no receipts of its own: it sent nothing.
    let r = relay
        .get(&format!("/mailboxes/{gp}/receipts"), Some(&gp_token))
        .await;
    assert_eq!(kinds(&r.json), vec![]);
    relay.stop().await;
}

pub async fn messages_page_by_seq_and_unknown_recipients_are_404(b: &Backend) {
    let relay = b.start().await;
    let (a, a_token) = mailbox(&relay).await;
    let (c, c_token) = mailbox(&relay).await;
    for i in 1..=3 {
        let r = relay
            .post(
                &format!("/mailboxes/{c}/messages"),
                json!({ "from": a, "body": format!("m{i}") }),
                Some(&a_token),
            )
            .await;
        assert_eq!(r.json["seq"], i);
    }
    let r = relay
        .get(&format!("/mailboxes/{c}/messages?after=1"), Some(&c_token))
        .await;
    let bodies: Vec<&str> = r.json["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter_map(|m| m["body"].as_str())
        .collect();
    assert_eq!(bodies, ["m2", "m3"]);
    // Only the two fetched were delivered.
    let r = relay
        .get(&format!("/mailboxes/{a}/receipts"), Some(&a_token))
        .await;
    assert_eq!(r.json["receipts"].as_array().map(Vec::len), Some(2));

    let nobody = format!("/mailboxes/{}/messages", "E".repeat(43));
    let r = relay
        .post(&nobody, json!({ "from": a, "body": "x" }), Some(&a_token))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = relay
        .get(&format!("/mailboxes/{c}/messages?after=x"), Some(&c_token))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    relay.stop().await;
}
