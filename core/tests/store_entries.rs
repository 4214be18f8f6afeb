//! Entries through the store: validation rules that need the record, privacy per viewer.

mod common;

use common::*;
use phr_core::record::modules::builtin_template;
use phr_core::record::*;
use phr_core::store::{EntryFilter, StoreError};

fn goal(text: &str, status: GoalStatus) -> EntryBody {
    EntryBody::Goal(Goal {
        goal: text.into(),
        barriers: vec![Barrier {
            barrier: "Time".into(),
            how_to_overcome: Some("Mornings".into()),
        }],
        status,
        target_date: None,
        support: None,
    })
}

#[test]
fn invalid_entries_are_refused_naming_the_field_and_nothing_is_stored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let cases: Vec<(EntryBody, &str)> = vec![
        (
            EntryBody::ThingsToKnow(ThingsToKnow {
                items: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            }),
            "items",
        ),
        (
            EntryBody::ThingsToKnow(ThingsToKnow {
                items: vec!["x".repeat(141)],
            }),
            "items[0]",
        ),
        (
            EntryBody::MyHistory(MyHistory {
                text: "y".repeat(2001),
            }),
            "text",
        ),
        (allergy("  "), "substance"),
        (
            EntryBody::Contact(Contact {
                role: ContactRole::NextOfKin,
                name: "Sam".into(),
                relationship: None,
                points: ContactPoints {
                    phone: Some("call me".into()),
                    ..Default::default()
                },
                ods_code: None,
            }),
            "phone",
        ),
        (
            EntryBody::TestResult(TestResult {
                name: "HbA1c".into(),
                loinc: Some("4548-5".into()),
                value: ResultValue::Quantity {
                    value: 48.0,
                    unit: "mmol/mol".into(),
                },
                reference_range: None,
                date: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).expect("date"),
                notes: None,
            }),
            "loinc",
        ),
    ];
    for (body, field) in cases {
        match record.add_entry(body, opts(Visibility::Private)) {
            Err(StoreError::Invalid(e)) => assert_eq!(e.field, field, "{e}"),
            other => panic!("expected invalid {field}, got {other:?}"),
        }
    }
    assert!(
        record
            .entries(&EntryFilter::default(), Viewer::Person)
            .expect("list")
            .is_empty()
    );
}

#[test]
fn an_invalid_nhs_number_cannot_sneak_in_through_json() {
    let json = r#"{"kind":"identity","name":"Ann","nhs_number":"9434765918"}"#;
    let err = serde_json::from_str::<EntryBody>(json).unwrap_err();
    assert!(err.to_string().contains("check digit"), "{err}");
}

#[test]
fn singleton_kinds_hold_one_live_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let history = |t: &str| EntryBody::MyHistory(MyHistory { text: t.into() });
    let first = record
        .add_entry(history("First"), opts(Visibility::Private))
        .expect("add");
    match record.add_entry(history("Second"), opts(Visibility::Private)) {
        Err(StoreError::SingletonExists { existing, .. }) => assert_eq!(existing, first.meta.id),
        other => panic!("{other:?}"),
    }
    // Editing the one entry is fine, and after deleting it a new one may be added.
    record
        .update_entry(first.meta.id, history("Edited"), Author::Person)
        .expect("edit");
    record
        .delete_entry(first.meta.id, Author::Person)
        .expect("delete");
    record
        .add_entry(history("New"), opts(Visibility::Private))
        .expect("add again");
}

#[test]
fn at_most_five_active_goals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let mut ids = Vec::new();
    for i in 0..5 {
        let e = record
            .add_entry(
                goal(&format!("Goal {i}"), GoalStatus::Active),
                opts(Visibility::Private),
            )
            .expect("add");
        ids.push(e.meta.id);
    }
    match record.add_entry(goal("Sixth", GoalStatus::Active), opts(Visibility::Private)) {
        Err(StoreError::Invalid(e)) => assert_eq!(e.field, "status"),
        other => panic!("{other:?}"),
    }
    // A paused goal does not count; achieving one makes room.
    record
        .add_entry(
            goal("Someday", GoalStatus::Paused),
            opts(Visibility::Private),
        )
        .expect("paused goal");
    record
        .update_entry(ids[0], goal("Goal 0", GoalStatus::Achieved), Author::Person)
        .expect("achieve");
    record
        .add_entry(goal("Sixth", GoalStatus::Active), opts(Visibility::Private))
        .expect("room now");
    // Editing an active goal while five are active is not blocked by itself.
    record
        .update_entry(
            ids[1],
            goal("Goal 1 reworded", GoalStatus::Active),
            Author::Person,
        )
        .expect("edit active goal");
}

#[test]
fn edits_cannot_change_kind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let e = record
        .add_entry(allergy("Nuts"), opts(Visibility::Private))
        .expect("add");
    let err = record
        .update_entry(
            e.meta.id,
            EntryBody::MyHistory(MyHistory { text: "x".into() }),
            Author::Person,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::KindMismatch { .. }), "{err}");
}

#[test]
fn module_answers_are_checked_against_builtin_and_stored_templates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let gad = builtin_template("gad-7").expect("gad-7");
    let mut answers = ModuleInstance {
        template_id: gad.id.clone(),
        template_version: gad.version,
        answers: Default::default(),
        completed_on: None,
    };
    answers
        .answers
        .insert("q1".into(), AnswerValue::Text("several_days".into()));
    record
        .add_entry(
            EntryBody::Module(answers.clone()),
            opts(Visibility::Private),
        )
        .expect("partial GAD-7");

    let mut unknown = answers.clone();
    unknown.template_id = "pain-scale".into();
    match record.add_entry(
        EntryBody::Module(unknown.clone()),
        opts(Visibility::Private),
    ) {
        Err(StoreError::Invalid(e)) => assert_eq!(e.field, "template_id"),
        other => panic!("{other:?}"),
    }

    // A new module added as data.
    let mut pain = gad.clone();
    pain.id = "pain-scale".into();
    pain.title = "Pain".into();
    record.add_module_template(&pain).expect("store template");
    record
        .add_entry(EntryBody::Module(unknown), opts(Visibility::Private))
        .expect("instance of stored template");
    assert!(
        record
            .module_templates()
            .expect("templates")
            .iter()
            .any(|t| t.id == "pain-scale")
    );
    assert!(
        record.add_module_template(&pain).is_err(),
        "id + version is never replaced"
    );
}

#[test]
fn private_entries_do_not_exist_for_other_viewers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let private = record
        .add_entry(allergy("Private one"), opts(Visibility::Private))
        .expect("add");
    let shared = record
        .add_entry(allergy("Shared one"), opts(Visibility::Shared))
        .expect("add");
    let emergency = record
        .add_entry(allergy("Emergency one"), opts(Visibility::Emergency))
        .expect("add");
    let ids = |viewer| -> Vec<EntryId> {
        record
            .entries(&EntryFilter::default(), viewer)
            .expect("list")
            .into_iter()
            .map(|e| e.meta.id)
            .collect()
    };
    assert_eq!(
        ids(Viewer::Person),
        vec![private.meta.id, shared.meta.id, emergency.meta.id]
    );
    assert_eq!(ids(Viewer::Shared), vec![shared.meta.id, emergency.meta.id]);
    assert_eq!(ids(Viewer::Emergency), vec![emergency.meta.id]);
    assert!(matches!(
        record.entry(private.meta.id, Viewer::Shared),
        Err(StoreError::NotFound(_))
    ));

    record
        .set_visibility(private.meta.id, Visibility::Emergency, Author::Person)
        .expect("privacy");
    assert!(record.entry(private.meta.id, Viewer::Emergency).is_ok());
}

#[test]
fn filters_by_kind_and_section() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    record
        .add_entry(allergy("Nuts"), opts(Visibility::Private))
        .expect("add");
    record
        .add_entry(goal("Walk", GoalStatus::Active), opts(Visibility::Private))
        .expect("add");
    let by_section = record
        .entries(
            &EntryFilter {
                section: Some(Section::AboutMe),
                ..Default::default()
            },
            Viewer::Person,
        )
        .expect("list");
    assert_eq!(by_section.len(), 1);
    assert_eq!(by_section[0].kind(), EntryKind::Goal);
    let by_kind = record
        .entries(
            &EntryFilter {
                kind: Some(EntryKind::Allergy),
                ..Default::default()
            },
            Viewer::Person,
        )
        .expect("list");
    assert_eq!(by_kind.len(), 1);
}
