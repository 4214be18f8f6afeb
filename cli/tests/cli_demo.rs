//! `phr demo` and `phr show`: every section, and nothing readable on disk.

mod common;

use common::*;

const HEADINGS: [&str; 5] = [
    "About my health",
    "About me",
    "Appointments",
    "Modules",
    "Readings",
];

#[test]
fn demo_then_show_prints_every_section_heading() {
    let phr = Phr::new();
    let demo = phr.run(&["demo"]);
    demo.assert_ok();
    let show = phr.run(&["show"]);
    show.assert_ok();
    for out in [&demo.stdout, &show.stdout] {
        for heading in HEADINGS {
            let underlined = format!("{heading}\n{}\n", "=".repeat(heading.len()));
            assert!(out.contains(&underlined), "{heading} in:\n{out}");
        }
    }
    for expected in [
        "NHS number 943 476 5919",
        "Penicillin",
        "I stopped taking this",
        "(over the counter)",
        "Biscuit (animal",
        "PHQ-9 (mood): score",
        "GAD-7 (anxiety): score",
        "blood_glucose",
        "blood_pressure",
        "daily mean: last 7 days",
    ] {
        assert!(
            show.stdout.contains(expected),
            "{expected} in:\n{}",
            show.stdout
        );
    }
}

#[test]
fn show_one_section_prints_only_that_heading() {
    let phr = Phr::new();
    phr.run(&["demo"]).assert_ok();
    let run = phr.run(&["show", "modules"]);
    run.assert_ok();
    assert!(run.stdout.contains("Modules\n======="));
    assert!(!run.stdout.contains("About my health"));
    assert!(!run.stdout.contains("Readings\n"));
}

#[test]
fn demo_refuses_a_record_that_is_not_empty() {
    let phr = Phr::new();
    phr.run(&["demo"]).assert_ok();
    let before = phr.run(&["show", "--json"]).json();
    phr.run(&["demo"]).assert_error(1, "not empty");
    assert_eq!(phr.run(&["show", "--json"]).json(), before, "no duplicates");
}

#[test]
fn demo_fills_an_empty_record_made_by_init() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    phr.run(&["demo"]).assert_ok();
}

#[test]
fn demo_blood_pressure_averages_above_135_over_85_in_the_last_week() {
    let phr = Phr::new();
    phr.run(&["demo"]).assert_ok();
    let show = phr.run(&["show", "readings", "--json"]).json();
    let bp = show["readings"]
        .as_array()
        .expect("readings")
        .iter()
        .find(|r| r["kind"] == "blood_pressure")
        .expect("blood pressure")
        .clone();
    let week = &bp["mean_7_days"];
    assert!(week["mean"].as_f64().expect("mean") > 135.0, "{week}");
    assert!(
        week["mean_secondary"].as_f64().expect("diastolic") > 85.0,
        "{week}"
    );
    let list = phr
        .run(&[
            "readings", "list", "--kind", "glucose", "--limit", "1000", "--json",
        ])
        .json();
    let low = list
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|r| r["value"]["mmol_per_l"].as_f64())
        .any(|v| v < 4.0);
    assert!(low, "a glucose value below 4.0 mmol/L");
}

#[test]
fn no_demo_text_appears_in_the_record_files() {
    let phr = Phr::new();
    let demo = phr.run(&["demo"]);
    demo.assert_ok();
    let readings = phr.run(&["readings", "list", "--limit", "1000"]);
    let visible = format!("{}{}", demo.stdout, readings.stdout);
    let secrets = [
        "Alex Morgan",
        "Biscuit",
        "Parkside",
        "Penicillin",
        "Metformin",
        "943 476 5919",
        "alex.morgan@example.org",
        "Felt shaky after gardening",
    ];
    for s in secrets {
        assert!(visible.contains(s), "the demo shows {s}");
    }
    let files = phr.record_files(&phr.record);
    assert!(
        files.iter().any(|(_, b)| b.len() > 4096),
        "the record has pages"
    );
    for (path, bytes) in &files {
        for s in secrets
            .iter()
            .copied()
            .chain(["9434765919", "SQLite format 3"])
        {
            assert!(
                !contains(bytes, s.as_bytes()),
                "{s} readable in {}",
                path.display()
            );
        }
    }
}
