//! `phr message` and `phr inbox` end to end through a relay on loopback: a practice
//! makes an inbox and hands out its card; the person adds it and sends a request; the
//! relay holds only ciphertext; the request moves to delivered when the practice's inbox
//! fetches it and to read when the practice reads it, and the person is told plainly;
//! the practice's answer and "your results have arrived" arrive as notifications. The
//! same on PostgreSQL when `PHR_TEST_POSTGRES_URL` is set.

mod common;

use common::relay::{Inbox, Relay};
use common::*;

const PRACTICE: &str = "Parkside Medical Practice";

fn state_of(phr: &Phr, id: i64) -> String {
    let list = phr.run(&["message", "list", "--json"]).assert_ok().json();
    list.as_array()
        .expect("messages")
        .iter()
        .find(|m| m["id"] == id)
        .map(|m| m["state"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_else(|| panic!("no message {id}: {list}"))
}

fn alert_titles(phr: &Phr) -> Vec<String> {
    let alerts = phr.run(&["alerts", "--json"]).assert_ok().json();
    alerts
        .as_array()
        .expect("alerts")
        .iter()
        .map(|a| {
            format!(
                "{} | {}",
                a["title"].as_str().unwrap_or(""),
                a["detail"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn round_trip(db: &str, relay_file: Option<&std::path::Path>) {
    let relay = Relay::start(db);
    let practice = Phr::new();
    let pk = Inbox::new(&practice, "parkside.inbox");
    let file = pk.file();
    let card = pk.init(&relay.url, PRACTICE);
    assert!(card.starts_with("phr-contact:"), "{card}");
    // A wrong passphrase opens nothing.
    practice
        .run_with(
            &["inbox", "--inbox", file, "list"],
            &[("PHR_INBOX_PASSPHRASE", "not it at all")],
        )
        .assert_error(1, "passphrase");

    let person = Phr::new();
    person.run(&["demo"]).assert_ok();
    person.run(&["message", "add-contact", &card]).assert_ok();
    let sent = person
        .run(&[
            "message",
            "send",
            "--to",
            PRACTICE,
            "--preset",
            "look_at_readings",
            "--note",
            "my sugars have been high this week",
            "--json",
        ])
        .assert_ok()
        .json();
    let id = sent["message"]["id"].as_i64().expect("id");
    assert_eq!(sent["message"]["state"], "sent", "{sent}");

    if let Some(path) = relay_file {
        // The relay holds routing ids and ciphertext, never the words.
        let mut bytes = std::fs::read(path).expect("relay db");
        let wal = path.with_extension("db-wal");
        bytes.extend(std::fs::read(&wal).unwrap_or_default());
        assert!(bytes.len() > 4096, "the relay's files were read");
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("sugars have been high"),
            "plaintext at the relay"
        );
        assert!(
            !text.contains("look at my recent readings"),
            "plaintext at the relay"
        );
    }

    // The practice's inbox fetches it: delivered.
    let list = pk.run(&["list", "--json"]).assert_ok().json();
    let got = &list[0];
    assert_eq!(got["title"], "Please look at my readings", "{list}");
    assert_eq!(got["note"], "my sugars have been high this week");
    assert_eq!(got["from"]["name"], "Alex Morgan");
    let relay_id = got["id"].as_str().expect("id").to_owned();
    person.run(&["message", "sync"]).assert_ok();
    assert_eq!(state_of(&person, id), "delivered");

    // Read by the practice: read, and the person is told in words.
    let read = pk
        .run(&["read", &relay_id[..10]])
        .assert_ok()
        .stdout
        .clone();
    assert!(read.contains("my sugars have been high"), "{read}");
    let synced = person.run(&["message", "sync"]).assert_ok().stdout.clone();
    assert!(synced.contains("1 read"), "{synced}");
    assert_eq!(state_of(&person, id), "read");
    let titles = alert_titles(&person);
    assert!(
        titles.iter().any(
            |t| t.starts_with(&format!("{PRACTICE} read your request |"))
                && t.contains(&format!("{PRACTICE} read your request on "))
        ),
        "{titles:?}"
    );

    // The answer moves the request on; "your results have arrived" is a notification.
    pk.run(&["reply", &relay_id[..10], "Dr Lee will look on Friday."])
        .assert_ok();
    pk.run(&[
        "reply",
        &relay_id[..10],
        "--kind",
        "results-arrived",
        "Your HbA1c result is in.",
    ])
    .assert_ok();
    let synced = person
        .run(&["message", "sync", "--json"])
        .assert_ok()
        .json();
    assert_eq!(
        synced["received"], 2,
        "the answer and the results: {synced}"
    );
    assert_eq!(state_of(&person, id), "answered");
    let titles = alert_titles(&person);
    assert!(
        titles
            .iter()
            .any(|t| t.contains("Dr Lee will look on Friday")),
        "{titles:?}"
    );
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Your results have arrived |")),
        "{titles:?}"
    );

    // Reading the results message sends a read receipt the practice can see.
    let list = person
        .run(&["message", "list", "--json"])
        .assert_ok()
        .json();
    let results = list
        .as_array()
        .expect("list")
        .iter()
        .find(|m| m["direction"] == "inbound" && m["topic"] == "results_arrived")
        .unwrap_or_else(|| panic!("{list}"));
    let rid = results["id"].as_i64().expect("id").to_string();
    let shown = person
        .run(&["message", "read", &rid])
        .assert_ok()
        .stdout
        .clone();
    assert!(shown.contains("Your HbA1c result is in."), "{shown}");
    assert_eq!(state_of(&person, rid.parse().expect("n")), "read");
}

#[test]
fn a_request_is_delivered_read_and_answered_through_a_relay_on_sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db_path = dir.path().join("relay.db");
    round_trip(&format!("sqlite://{}", db_path.display()), Some(&db_path));
}

#[test]
fn the_same_through_a_relay_on_postgresql() {
    let Some(url) = std::env::var_os("PHR_TEST_POSTGRES_URL").filter(|u| !u.is_empty()) else {
        println!("skipped: PHR_TEST_POSTGRES_URL is not set (scripts/test.sh sets it)");
        return;
    };
    round_trip(&url.to_string_lossy(), None);
}

#[test]
fn messages_wait_for_an_address_and_strangers_are_not_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let relay = Relay::sqlite(dir.path());
    let person = Phr::new();
    person.run(&["demo"]).assert_ok();
    // No contact yet: the message is saved in the outbox, and says why it waits.
    person
        .run(&["message", "add-contact", "phr-contact:bm90IGEgY2FyZA"])
        .assert_error(2, "contact card");
    let practice = Phr::new();
    let card = Inbox::new(&practice, "p.inbox").init(&relay.url, PRACTICE);
    person.run(&["message", "add-contact", &card]).assert_ok();
    let out = person
        .run(&["message", "send", "--to", "Dr Nobody", "--text", "hello"])
        .assert_ok()
        .stdout
        .clone();
    assert!(out.contains("no address for Dr Nobody"), "{out}");
    let list = person
        .run(&["message", "list", "--json"])
        .assert_ok()
        .json();
    assert_eq!(list[0]["state"], "queued", "saved, not lost: {list}");

    // Someone the person removed from their contacts cannot get a message kept.
    let other = Phr::new();
    let old = Inbox::new(&other, "o.inbox");
    let other_card = old.init(&relay.url, "Old Clinic");
    person
        .run(&["message", "add-contact", &other_card])
        .assert_ok();
    person
        .run(&[
            "message",
            "send",
            "--to",
            "Old Clinic",
            "--text",
            "please stop writing to me",
        ])
        .assert_ok();
    let got = old.run(&["list", "--json"]).assert_ok().json();
    let rid = got[0]["id"].as_str().expect("id").to_owned();
    person
        .run(&["message", "remove-contact", "Old Clinic"])
        .assert_ok();
    old.run(&["reply", &rid, "--kind", "message", "we will keep writing"])
        .assert_ok();
    let synced = person
        .run(&["message", "sync", "--json"])
        .assert_ok()
        .json();
    assert_eq!(synced["refused"], 1, "{synced}");
    assert_eq!(synced["received"], 0, "{synced}");
    let list = person.run(&["message", "list"]).assert_ok().stdout.clone();
    assert!(!list.contains("we will keep writing"), "{list}");
}
