//! `phr duress` end to end: with the duress passphrase the record opens a view with only
//! the chosen entries (no trace of the rest in what it shows, counts or says), the view's
//! `phr message sync` quietly sends an alert that reaches the chosen contact's inbox
//! through a relay on loopback, and the next normal open tells the person, once.

mod common;

use common::relay::{Inbox, Relay};
use common::*;

const SERVICE: &str = "Leeds Women's Aid";
const DURESS: &str = "blue umbrella tuesday";

fn as_duress(phr: &Phr, args: &[&str]) -> Run {
    phr.run_with(args, &[("PHR_PASSPHRASE", DURESS)])
}

fn id_of(phr: &Phr, text: &str) -> String {
    let shown = phr.run(&["show", "--json"]).assert_ok().stdout.clone();
    let v: serde_json::Value = serde_json::from_str(&shown).expect("json");
    let mut found = None;
    for section in v["sections"].as_array().expect("sections") {
        for e in section["entries"].as_array().into_iter().flatten() {
            if e["summary"].as_str().is_some_and(|s| s.contains(text)) {
                found = e["entry"]["id"]
                    .as_str()
                    .or(e["id"].as_str())
                    .map(str::to_owned);
            }
        }
    }
    found.unwrap_or_else(|| panic!("no entry with {text}: {shown}"))
}

#[test]
fn the_duress_passphrase_shows_only_the_chosen_entries_and_alerts_the_contact_through_the_relay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let relay = Relay::sqlite(dir.path());
    let service = Phr::new();
    let aid = Inbox::new(&service, "aid.inbox");
    let inbox = |args: &[&str]| aid.run(args);
    let card = aid.init(&relay.url, SERVICE);

    let phr = Phr::new();
    phr.run(&["demo"]).assert_ok();
    phr.run(&["message", "add-contact", &card]).assert_ok();
    let identity = id_of(&phr, "NHS number");
    let allergy = id_of(&phr, "Penicillin");
    let hidden = id_of(&phr, "Metformin");
    phr.run_with(
        &[
            "duress",
            "set",
            "--keep",
            &format!("{identity},{allergy}"),
            "--alert",
            "Nobody",
        ],
        &[("PHR_DURESS_PASSPHRASE", DURESS)],
    )
    .assert_error(2, "not one of your contacts");
    phr.run_with(
        &[
            "duress",
            "set",
            "--keep",
            &format!("{identity},{allergy}"),
            "--alert",
            SERVICE,
        ],
        &[("PHR_DURESS_PASSPHRASE", DURESS)],
    )
    .assert_ok();

    // Opened with the duress passphrase: only the two entries, no readings, no alerts.
    let shown = as_duress(&phr, &["show"]).assert_ok().stdout.clone();
    assert!(shown.contains("Penicillin"), "{shown}");
    assert!(shown.contains("NHS number"), "{shown}");
    for absent in ["Metformin", "Type 2 diabetes", "bus driver", "Priya Shah"] {
        assert!(
            !shown.contains(absent),
            "{absent} in the limited view:\n{shown}"
        );
    }
    let readings = as_duress(&phr, &["readings", "list", "--json"])
        .assert_ok()
        .json();
    assert_eq!(readings.as_array().map(Vec::len), Some(0), "{readings}");
    let alerts = as_duress(&phr, &["alerts", "--json"]).assert_ok().json();
    assert_eq!(alerts.as_array().map(Vec::len), Some(0), "{alerts}");
    // A hidden entry is "not found", in the words any unknown id gets.
    let missing = as_duress(&phr, &["history", &hidden]);
    const NEVER: &str = "0f0e0d0c-0b0a-4908-8706-050403020100";
    let unknown = as_duress(&phr, &["history", NEVER]);
    assert_eq!(missing.code, unknown.code);
    assert_eq!(
        missing.stderr.replace(&hidden, "ID"),
        unknown.stderr.replace(NEVER, "ID")
    );
    // Its sync says what a record with no messages says, and sends the alert quietly.
    let synced = as_duress(&phr, &["message", "sync"])
        .assert_ok()
        .stdout
        .clone();
    assert_eq!(synced.trim(), "Nothing new.");
    let contacts = as_duress(&phr, &["message", "contacts", "--json"])
        .assert_ok()
        .json();
    assert_eq!(contacts.as_array().map(Vec::len), Some(0), "{contacts}");

    let got = inbox(&["list", "--json"]).assert_ok().json();
    let alert = got
        .as_array()
        .expect("list")
        .iter()
        .find(|m| m["kind"] == "duress_alert")
        .unwrap_or_else(|| panic!("no alert reached the service: {got}"));
    assert_eq!(alert["from"]["name"], "Alex Morgan");
    assert!(
        alert["text"]
            .as_str()
            .is_some_and(|t| t.contains("made to open it")),
        "{alert}"
    );

    // The next normal open tells the person, and the alert is not sent twice.
    let alerts = phr.run(&["alerts", "--json"]).assert_ok().json();
    assert!(
        alerts
            .as_array()
            .expect("alerts")
            .iter()
            .any(|a| a["title"] == "Your record was opened with your second passphrase"),
        "{alerts}"
    );
    phr.run(&["message", "sync"]).assert_ok();
    let got = inbox(&["list", "--json"]).assert_ok().json();
    let alerts_sent = got
        .as_array()
        .expect("list")
        .iter()
        .filter(|m| m["kind"] == "duress_alert")
        .count();
    assert_eq!(alerts_sent, 1, "{got}");
    // The full record is untouched by the view's open.
    let shown = phr.run(&["show"]).assert_ok().stdout.clone();
    assert!(shown.contains("Metformin"), "{shown}");
    // Any other passphrase is the same wrong passphrase as ever.
    phr.run_with(&["show"], &[("PHR_PASSPHRASE", "neither of the two")])
        .assert_error(1, "the passphrase is wrong");

    // Cleared: the duress passphrase opens nothing.
    phr.run(&["duress", "clear"]).assert_ok();
    as_duress(&phr, &["show"]).assert_error(1, "the passphrase is wrong");
}
