//! Write grants end to end over a relay on loopback: a support worker with the person's
//! leave fills in their care, support and resilience plan, recorded as its author; the
//! same worker's answers to another module, or after the leave is withdrawn, are not
//! taken; and the leave reads nothing.

mod common;

use common::relay::{Inbox, Relay};
use common::*;

const WORKER: &str = "Sam Patel, support worker";

#[test]
fn a_support_worker_fills_in_only_the_module_the_person_allowed_and_only_while_allowed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let relay = Relay::sqlite(dir.path());
    let worker = Phr::new();
    let sam = Inbox::new(&worker, "sam.inbox");
    let inbox = |args: &[&str]| sam.run(args);
    let card = sam.init(&relay.url, WORKER);
    let person = Phr::new();
    person.run(&["init"]).assert_ok();
    person
        .run(&["add", "identity", "name=Robin Lee"])
        .assert_ok();
    person.run(&["message", "add-contact", &card]).assert_ok();
    person
        .run(&[
            "message",
            "grant-write",
            "--to",
            "Nobody",
            "--module",
            "resilience-plan",
        ])
        .assert_error(2, "not one of your contacts");
    person
        .run(&[
            "message",
            "grant-write",
            "--to",
            WORKER,
            "--module",
            "no-such-module",
        ])
        .assert_error(2, "there is no module");
    let grant = person
        .run(&[
            "message",
            "grant-write",
            "--to",
            WORKER,
            "--module",
            "resilience-plan",
            "--json",
        ])
        .assert_ok()
        .json();
    let grant_id = grant["id"].as_str().expect("id").to_owned();
    person
        .run(&[
            "message",
            "send",
            "--to",
            WORKER,
            "--text",
            "Could you help me write my plan?",
        ])
        .assert_ok();

    let got = inbox(&["list", "--json"]).assert_ok().json();
    let msg = got[0]["id"].as_str().expect("id").to_owned();
    inbox(&[
        "fill",
        &msg,
        "--module",
        "resilience-plan",
        "keeps_me_well=Walking the dog and seeing my sister",
        "early_signs=Not sleeping, skipping meals",
    ])
    .assert_ok();
    // Not allowed: another module.
    inbox(&[
        "fill",
        &msg,
        "--module",
        "advance-wishes",
        "what_matters=Nothing you asked",
    ])
    .assert_ok();
    let synced = person
        .run(&["message", "sync", "--json"])
        .assert_ok()
        .json();
    assert_eq!(synced["refused"], 1, "{synced}");

    let shown = person
        .run(&["show", "modules", "--json"])
        .assert_ok()
        .json();
    let text = shown.to_string();
    assert!(
        text.contains("Walking the dog and seeing my sister"),
        "{text}"
    );
    assert!(!text.contains("Nothing you asked"), "{text}");
    assert!(text.contains(WORKER), "the worker is the author: {text}");
    let list = person.run(&["message", "list"]).assert_ok().stdout.clone();
    assert!(
        list.contains("filled in your My care, support and resilience plan"),
        "{list}"
    );

    // Withdrawn: nothing more is taken.
    person
        .run(&["message", "revoke-write-grant", &grant_id[..8]])
        .assert_ok();
    inbox(&[
        "fill",
        &msg,
        "--module",
        "resilience-plan",
        "crisis=Call the crisis team",
    ])
    .assert_ok();
    let synced = person
        .run(&["message", "sync", "--json"])
        .assert_ok()
        .json();
    assert_eq!(synced["refused"], 1, "{synced}");
    let text = person
        .run(&["show", "modules", "--json"])
        .assert_ok()
        .stdout
        .clone();
    assert!(!text.contains("Call the crisis team"), "{text}");
    let grants = person
        .run(&["message", "write-grants", "--json"])
        .assert_ok()
        .json();
    assert_eq!(grants[0]["status"], "revoked", "{grants}");
}
