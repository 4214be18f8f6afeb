//! The safety holes of issue 9, as a person meets them through `phr`: a meter whose
//! clock is five years fast, a reading typed for next year, a rule limit of 9999, a
//! safety rule turned off without confirming, and readings corrected, hidden, deleted.

mod common;

use chrono::{Datelike, Utc};
use common::*;

fn alerts(phr: &Phr) -> Vec<serde_json::Value> {
    phr.run(&["alerts", "--json"])
        .assert_ok()
        .json()
        .as_array()
        .cloned()
        .expect("a list")
}

#[test]
fn a_meter_with_a_wrong_clock_raises_one_clock_alert_and_no_glucose_alert() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    let run = phr.run(&[
        "devices",
        "simulate",
        "glucose",
        "--records",
        "500",
        "--quirk",
        "wrong-clock",
        "--quirk",
        "lo-hi",
    ]);
    run.assert_ok();
    assert!(
        run.stdout.contains("clock is about 4 years 364 days ahead"),
        "{}",
        run.stdout
    );
    let list = alerts(&phr);
    let rules: Vec<&str> = list
        .iter()
        .map(|n| n["rule_id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(rules, vec!["device.clock"], "{list:#?}");
    assert!(
        list[0]["title"]
            .as_str()
            .unwrap_or_default()
            .contains("clock"),
        "{list:#?}"
    );

    // A second sync of the same meter says nothing new.
    phr.run(&[
        "devices",
        "simulate",
        "glucose",
        "--records",
        "500",
        "--quirk",
        "wrong-clock",
        "--quirk",
        "lo-hi",
    ])
    .assert_ok();
    assert_eq!(alerts(&phr).len(), 1);

    // The readings are kept and listed with their note.
    let listed = phr
        .run(&[
            "readings",
            "list",
            "--kind",
            "blood_glucose",
            "--limit",
            "5",
        ])
        .assert_ok()
        .stdout
        .clone();
    assert!(listed.contains("clock may be wrong"), "{listed}");
}

#[test]
fn a_reading_typed_for_next_year_is_refused_and_nothing_is_stored() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    let next_year = format!("{}-06-01T08:00:00+00:00", Utc::now().year() + 1);
    let run = phr.run(&["readings", "add", "glucose", "2.2", "--at", &next_year]);
    run.assert_error(2, "is in the future");
    let list = phr.run(&["readings", "list", "--json"]).assert_ok().json();
    assert_eq!(list.as_array().map(Vec::len), Some(0));
    assert!(alerts(&phr).is_empty(), "no alert from a refused reading");
}

#[test]
fn a_glucose_limit_of_9999_is_refused_naming_the_allowed_range() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    let run = phr.run(&["rules", "set", "glucose.low", "bands.0.when.0.value=9999"]);
    run.assert_error(2, "1 to 30 mmol/L");
    let run = phr.run(&["rules", "set", "glucose.low", "reading_kind=blood_pressure"]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stderr.contains("must watch blood glucose"),
        "{}",
        run.stderr
    );
    // The rule in force is unchanged.
    let rules = phr.run(&["rules", "show", "--json"]).assert_ok().json();
    let low = rules
        .as_array()
        .and_then(|l| {
            l.iter()
                .find(|r| r["stored"]["rule"]["id"] == "glucose.low")
        })
        .cloned()
        .expect("glucose.low listed");
    assert_eq!(low["stored"]["version"], 1, "{low}");
    assert_eq!(low["safety"], true, "{low}");
}

#[test]
fn turning_a_safety_rule_off_needs_really_and_the_list_says_who_and_since_when() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    let run = phr.run(&["rules", "set", "glucose.low", "enabled=false"]);
    run.assert_error(2, "--really");
    phr.run(&["rules", "set", "glucose.low", "enabled=false", "--really"])
        .assert_ok();
    let text = phr.run(&["rules", "show"]).assert_ok().stdout.clone();
    let line = text
        .lines()
        .find(|l| l.contains("glucose.low"))
        .expect("glucose.low listed");
    assert!(line.contains("OFF since"), "{line}");
    assert!(line.contains("by you"), "{line}");
}

fn first_reading_id(phr: &Phr) -> String {
    let list = phr.run(&["readings", "list", "--json"]).assert_ok().json();
    list[0]["id"].to_string()
}

#[test]
fn readings_can_be_corrected_hidden_and_deleted_with_history() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    phr.run(&[
        "readings",
        "add",
        "glucose",
        "5.0",
        "--at",
        "2026-11-30T08:00:00+00:00",
    ])
    .assert_ok();
    let id = first_reading_id(&phr);

    phr.run(&["readings", "edit", &id, "7.5"]).assert_ok();
    let list = phr.run(&["readings", "list", "--json"]).assert_ok().json();
    assert_eq!(list[0]["value"]["mmol_per_l"], 7.5, "{list}");
    assert_eq!(list[0]["version"], 2, "{list}");
    let history = phr
        .run(&["readings", "history", &id])
        .assert_ok()
        .stdout
        .clone();
    assert!(history.contains("5 mmol/L"), "{history}");

    phr.run(&["readings", "privacy", &id, "private"])
        .assert_ok();
    let list = phr.run(&["readings", "list", "--json"]).assert_ok().json();
    assert_eq!(list[0]["visibility"], "private", "{list}");

    let before = phr.run(&["changes", "--json"]).assert_ok().json();
    let token = before["next_token"].as_str().expect("token").to_string();
    phr.run(&["readings", "delete", &id]).assert_ok();
    let list = phr.run(&["readings", "list", "--json"]).assert_ok().json();
    assert_eq!(list.as_array().map(Vec::len), Some(0));
    let after = phr
        .run(&["changes", "--since", &token, "--json"])
        .assert_ok()
        .json();
    assert_eq!(after["readings_removed"][0].to_string(), id, "{after}");

    let run = phr.run(&["readings", "delete", "999"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("999"), "{}", run.stderr);
}

#[test]
fn glucose_that_reads_like_mg_per_dl_is_questioned() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    let run = phr.run(&["readings", "add", "glucose", "54"]);
    run.assert_error(2, "did you mean 5.4 mmol/L, or 54 mg/dL?");
    phr.run(&["readings", "add", "glucose", "54mg/dL"])
        .assert_ok();
    let list = phr.run(&["readings", "list", "--json"]).assert_ok().json();
    assert_eq!(list[0]["value"]["mmol_per_l"], 3.0, "{list}");
}
