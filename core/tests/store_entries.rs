//! Entries through the store: validation rules that need the record, privacy per viewer.

mod common;

use common::*;
use phr_core::api::{ApiError, EntryFilter};
use phr_core::model::modules::builtin_template;
use phr_core::model::*;

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
            Err(ApiError::Invalid { field: f, .. }) => assert_eq!(f, field),
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
        Err(ApiError::Conflict { reason }) => {
            assert!(reason.contains(&first.meta.id.to_string()), "{reason}")
        }
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
        Err(ApiError::Conflict { reason }) => {
            assert!(reason.contains("at most 5 goals"), "{reason}")
        }
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
    assert!(matches!(err, ApiError::Conflict { .. }), "{err}");
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
        Err(ApiError::Invalid { field: f, .. }) => assert_eq!(f, "template_id"),
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
        Err(ApiError::NotFound { .. })
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

#[test]
fn every_entry_kind_round_trips_through_the_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, path, key) = new_record(dir.path());
    let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 4).expect("date");
    let bodies = vec![
        EntryBody::Identity(Identity {
            name: "Ann Example".into(),
            preferred_name: Some("Annie".into()),
            date_of_birth: Some(date),
            nhs_number: Some(NhsNumber::parse("943 476 5919").expect("nhs")),
            pronouns: None,
        }),
        EntryBody::Condition(Condition {
            name: "Hip replacement".into(),
            category: ConditionKind::SignificantSurgery,
            code: Some(Coding::snomed("52734007", "Total replacement of hip")),
            since: Some(date),
            status: ConditionStatus::Resolved,
            notes: None,
        }),
        allergy("Penicillin"),
        EntryBody::Vaccination(Vaccination {
            vaccine: "Influenza".into(),
            date,
            dose_number: Some(1),
            batch: Some("AB123".into()),
            given_by: None,
            code: None,
        }),
        EntryBody::Medication(Medication {
            name: "Ramipril 5 mg".into(),
            dose: Some("Once a day".into()),
            reason: Some("Blood pressure".into()),
            origin: MedicationOrigin::Prescribed,
            status: MedicationStatus::StoppedByMe {
                on: date,
                reason: Some("Cough".into()),
            },
            code: None,
        }),
        EntryBody::SocialPrescription(SocialPrescription {
            activity: "Walking group".into(),
            organisation: None,
            referred_by: None,
            start: None,
            notes: None,
        }),
        EntryBody::TestResult(TestResult {
            name: "HbA1c".into(),
            loinc: Some("59261-8".into()),
            value: ResultValue::Quantity {
                value: 52.0,
                unit: "mmol/mol".into(),
            },
            reference_range: Some(ReferenceRange {
                low: None,
                high: Some(48.0),
            }),
            date,
            notes: None,
        }),
        EntryBody::ThingsToKnow(ThingsToKnow {
            items: vec!["I am deaf in my left ear".into()],
        }),
        EntryBody::MyHistory(MyHistory {
            text: "History".into(),
        }),
        EntryBody::PersonInMyLife(PersonInMyLife {
            name: "Biscuit".into(),
            relationship: Relationship::Animal,
            role: Some("Dog".into()),
            contact: None,
            notes: None,
        }),
        EntryBody::MyContactDetails(MyContactDetails {
            points: ContactPoints {
                phone: Some("0113 496 0000".into()),
                email: None,
                address: None,
            },
            preferred_method: Some(ContactMethod::Text),
        }),
        EntryBody::Contact(Contact {
            role: ContactRole::Gp,
            name: "Leeds Practice".into(),
            relationship: None,
            points: ContactPoints {
                phone: Some("0113 496 0001".into()),
                ..Default::default()
            },
            ods_code: Some("B86001".into()),
        }),
        EntryBody::OrganDonation(OrganDonation {
            decision: OrganDonationDecision::Donate,
            organs: vec!["Kidneys".into()],
            registered: true,
            notes: None,
        }),
        EntryBody::OtherTreatment(OtherTreatment {
            name: "Physiotherapy".into(),
            category: TreatmentKind::Physiotherapy,
            provider: None,
            frequency: Some("Weekly".into()),
            notes: None,
        }),
        EntryBody::Appointment(Appointment {
            title: "Diabetes review".into(),
            start: at("2026-12-01T09:30:00+00:00"),
            duration_minutes: Some(20),
            with: None,
            location: None,
            status: AppointmentStatus::Booked,
            reminder_minutes_before: vec![1440, 120],
            notes: None,
        }),
        EntryBody::Module(ModuleInstance {
            template_id: "gad-7".into(),
            template_version: 1,
            answers: Default::default(),
            completed_on: None,
        }),
    ];
    let mut kinds: Vec<EntryKind> = bodies.iter().map(EntryBody::kind).collect();
    kinds.push(EntryKind::Goal); // added by the goal tests above; every other kind is here
    kinds.sort_by_key(|k| k.as_str());
    kinds.dedup();
    assert_eq!(kinds.len(), EntryKind::ALL.len(), "every kind is covered");

    let options = bodies.iter().map(|_| opts(Visibility::Shared));
    let added = record
        .add_entries(bodies.clone().into_iter().zip(options).collect())
        .expect("add all");
    record.close().expect("close");
    let record = phr_core::api::Record::open(&path, &key).expect("reopen");
    let read: Vec<EntryBody> = record
        .entries(&EntryFilter::default(), Viewer::Person)
        .expect("list")
        .into_iter()
        .map(|e| e.body)
        .collect();
    assert_eq!(read, bodies);
    assert_eq!(added.len(), read.len());
}

#[test]
fn a_batch_with_one_invalid_entry_stores_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let batch = vec![
        (allergy("Nuts"), opts(Visibility::Private)),
        (allergy(""), opts(Visibility::Private)),
    ];
    match record.add_entries(batch) {
        Err(ApiError::Invalid { field: f, .. }) => assert_eq!(f, "entries[1].substance"),
        other => panic!("{other:?}"),
    }
    assert!(
        record
            .entries(&EntryFilter::default(), Viewer::Person)
            .expect("list")
            .is_empty()
    );
}
