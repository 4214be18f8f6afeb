//! `phr add`, `edit`, `history`, `undo`, `privacy`, `delete`, `purge` and `kinds`.

mod common;

use common::*;

fn added_id(run: &Run) -> String {
    run.assert_ok();
    run.json()["id"].as_str().expect("id").to_string()
}

#[test]
fn add_works_for_several_kinds() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    let adds: [&[&str]; 8] = [
        &[
            "add",
            "allergy",
            "substance=Penicillin",
            "reaction=Hives",
            "severity=severe",
            "--visibility",
            "emergency",
        ],
        &[
            "add",
            "identity",
            "name=Sam Lee",
            "nhs_number=9434765919",
            "date_of_birth=1980-02-29",
        ],
        &[
            "add",
            "medication",
            "name=Atorvastatin 20 mg",
            "status.state=stopped_by_me",
            "status.on=2026-01-10",
            "status.reason=Aches",
        ],
        &[
            "add",
            "appointment",
            "title=Review",
            "start=2030-05-01T10:30:00+01:00",
            "with=Practice nurse",
        ],
        &[
            "add",
            "goal",
            "goal=Walk daily",
            "barriers[0].barrier=Rain",
            "barriers[0].how_to_overcome=Coat",
        ],
        &[
            "add",
            "person",
            "name=Rex",
            "relationship=animal",
            "role=Therapy dog",
        ],
        &[
            "add",
            "organ_donation",
            "decision=donate",
            "organs=[\"kidneys\"]",
            "registered=true",
        ],
        &[
            "add",
            "module",
            "template_id=gad-7",
            "answers.q1=several_days",
            "answers.q2=not_at_all",
        ],
    ];
    for args in adds {
        phr.run(args).assert_ok();
    }
    let json = phr.run(&[
        "add",
        "vaccination",
        r#"{"vaccine": "Flu", "date": "2025-10-01"}"#,
        "--json",
    ]);
    assert_eq!(json.json()["kind"], "vaccination");
    let show = phr.run(&["show"]);
    for text in [
        "Sam Lee",
        "NHS number 943 476 5919",
        "I stopped taking this on 2026-01-10",
        "Rex (animal",
        "GAD-7",
    ] {
        assert!(show.stdout.contains(text), "{text} in {}", show.stdout);
    }
}

#[test]
fn a_validation_error_names_the_field_on_one_line_and_exits_2() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    phr.run(&["add", "allergy", "substance=Latex", "severity=sever"])
        .assert_error(2, "severity");
    phr.run(&["add", "allergy", "reaction=Hives"])
        .assert_error(2, "substance");
    phr.run(&["add", "identity", "name=Sam", "nhs_number=9434765918"])
        .assert_error(2, "nhs_number");
    phr.run(&["add", "allergy", "substance=Latex", "reacton=Hives"])
        .assert_error(2, "reacton");
    phr.run(&["add", "things_to_know", "items=[\"a\",\"b\",\"c\",\"d\"]"])
        .assert_error(2, "items");
    phr.run(&["add", "allergy", "substance"])
        .assert_error(2, "key=value");
    let show = phr.run(&["show", "--json"]).json();
    let total: usize = show["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| s["entries"].as_array().expect("entries").len())
        .sum();
    assert_eq!(total, 0, "nothing was added");
}

#[test]
fn edit_history_undo_and_privacy_work_on_a_short_id() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    let id = added_id(&phr.run(&[
        "add",
        "allergy",
        "substance=Penicillin",
        "reaction=Hives",
        "--json",
    ]));
    let short = &id[..6];

    let edited = phr.run(&[
        "edit",
        short,
        "reaction=Anaphylaxis",
        "severity=severe",
        "--json",
    ]);
    edited.assert_ok();
    assert_eq!(edited.json()["body"]["reaction"], "Anaphylaxis");
    assert_eq!(edited.json()["version"], 2);

    let privacy = phr.run(&["privacy", short, "emergency", "--json"]);
    assert_eq!(privacy.json()["visibility"], "emergency");

    let history = phr.run(&["history", &id, "--json"]).json();
    let ops: Vec<&str> = history["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["op"].as_str().expect("op"))
        .collect();
    assert_eq!(ops, ["create", "update", "privacy"]);

    let undone = phr.run(&["undo", short, "--json"]).json();
    assert_eq!(undone["visibility"], "private");
    let undone = phr.run(&["undo", short, "--json"]).json();
    assert_eq!(undone["body"]["reaction"], "Hives");
    let text = phr.run(&["history", short]);
    text.assert_ok();
    assert!(text.stdout.contains("undone"), "{}", text.stdout);

    phr.run(&["edit", short, "severity=bad"])
        .assert_error(2, "severity");
    phr.run(&["edit", "abc", "reaction=x"])
        .assert_error(2, "at least");
    phr.run(&["edit", "ffffffff", "reaction=x"])
        .assert_error(2, "no entry starts with");
}

#[test]
fn delete_can_be_undone_until_purged() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    let id = added_id(&phr.run(&["add", "allergy", "substance=Latex", "--json"]));
    phr.run(&["delete", &id]).assert_ok();
    assert!(!phr.run(&["show"]).stdout.contains("Latex"));
    phr.run(&["undo", &id]).assert_ok();
    assert!(phr.run(&["show"]).stdout.contains("Latex"));
    phr.run(&["delete", &id]).assert_ok();
    assert_eq!(phr.run(&["purge", "--json"]).json()["purged"], 1);
    phr.run(&["undo", &id]).assert_error(2, "was not found");
}

#[test]
fn kinds_and_examples_list_every_kind() {
    let phr = Phr::new();
    let kinds = phr.run(&["kinds"]);
    kinds.assert_ok();
    assert!(kinds.stdout.contains("severity"));
    assert!(kinds.stdout.contains("one of mild, moderate, severe"));
    let json = phr.run(&["kinds", "--json"]).json();
    assert_eq!(json["kinds"].as_array().expect("kinds").len(), 17);
    let example = phr
        .run(&["add", "test_result", "--example", "--json"])
        .json();
    assert_eq!(example["example"]["loinc"], "59261-8");
}
