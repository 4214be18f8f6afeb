//! `phr readings add | list | trend`.

mod common;

use common::*;

#[test]
fn readings_add_list_and_trend() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    let glucose = phr.run(&[
        "readings",
        "add",
        "glucose",
        "97mg/dL",
        "--note",
        "after tea",
        "--json",
    ]);
    glucose.assert_ok();
    // 97 mg/dL / 18.016 = 5.38 mmol/L.
    assert_eq!(glucose.json()["value"]["mmol_per_l"], 5.38);
    phr.run(&[
        "readings",
        "add",
        "glucose",
        "6.1",
        "--at",
        "2026-01-05T07:30:00+00:00",
    ])
    .assert_ok();
    let bp = phr.run(&[
        "readings",
        "add",
        "bp",
        "135/85",
        "--pulse",
        "72",
        "--visibility",
        "shared",
        "--json",
    ]);
    assert_eq!(bp.json()["value"]["systolic_mmhg"], 135.0);
    assert_eq!(bp.json()["visibility"], "shared");
    for args in [
        ["weight", "82.5"],
        ["steps", "8000"],
        ["sleep", "420"],
        ["mood", "7"],
        ["menstrual_cycle", "light"],
    ] {
        phr.run(&["readings", "add", args[0], args[1]]).assert_ok();
    }

    let list = phr.run(&["readings", "list", "--json"]).json();
    assert_eq!(list.as_array().expect("list").len(), 8);
    let recent = phr
        .run(&[
            "readings", "list", "--kind", "glucose", "--days", "30", "--json",
        ])
        .json();
    assert_eq!(
        recent.as_array().expect("list").len(),
        1,
        "the January reading is older"
    );
    let text = phr.run(&["readings", "list", "--limit", "2"]);
    text.assert_ok();
    assert_eq!(text.stdout.lines().count(), 2);

    let trend = phr
        .run(&["readings", "trend", "bp", "--days", "7", "--json"])
        .json();
    assert_eq!(trend["days"].as_array().expect("days").len(), 1);
    assert_eq!(trend["mean_7_days"]["mean"], 135.0);
    assert_eq!(trend["mean_7_days"]["mean_secondary"], 85.0);
    let text = phr.run(&["readings", "trend", "glucose"]);
    text.assert_ok();
    assert!(text.stdout.contains("5.4 mmol/L"), "{}", text.stdout);
}

#[test]
fn impossible_readings_are_refused_with_exit_2() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    phr.run(&["readings", "add", "mood", "11"])
        .assert_error(2, "score");
    phr.run(&["readings", "add", "glucose", "540"])
        .assert_error(2, "mmol_per_l");
    phr.run(&["readings", "add", "bp", "80/120"])
        .assert_error(2, "diastolic");
    phr.run(&["readings", "add", "bp", "135"])
        .assert_error(2, "135/85");
    phr.run(&["readings", "add", "weight", "heavy"])
        .assert_error(2, "not a number");
    phr.run(&["readings", "add", "glucose", "5", "--at", "yesterday"])
        .assert_error(2, "--at");
    phr.run(&["readings", "add", "cholesterol", "5"])
        .assert_error(2, "not a reading kind");
    assert_eq!(
        phr.run(&["readings", "list", "--json"])
            .json()
            .as_array()
            .expect("list")
            .len(),
        0
    );
}
