//! Re-imports and merges: a newer version updates what the import wrote and never the
//! person's notes or privacy choice; what the person deleted is not brought back (also
//! after a purge); a second Patient merges into the same person's identity or is
//! reported, never a second identity; the five-active-goals limit holds.
#![allow(clippy::unwrap_used)] // helpers, like the tests themselves, may unwrap

mod checkers;
mod common;

use common::ClockedRecord;
use phr_core::api::{EntryFilter, ImportOptions, ImportOutcome, ImportTarget, Record};
use phr_core::model::{
    Author, EntryBody, EntryKind, Goal, GoalStatus, Identity, Provenance, Viewer, Visibility,
};
use serde_json::{Value, json};

fn now() -> chrono::DateTime<chrono::Utc> {
    common::utc(2026, 12, 1, 9)
}

fn import(record: &mut Record, value: &Value) -> phr_core::api::ImportReport {
    let options = ImportOptions {
        system: Some("https://gp.example.org/fhir".into()),
        ..ImportOptions::default()
    };
    record
        .import_fhir(&serde_json::to_vec(value).unwrap(), &options)
        .unwrap()
}

fn condition(version: &str, name: &str, note: &str) -> Value {
    json!({
        "resourceType": "Condition", "id": "asthma", "meta": {"versionId": version},
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "195967001", "display": "Asthma"}], "text": name},
        "subject": {"reference": "Patient/p"},
        "onsetDateTime": "2001-05-01",
        "note": [{"text": note}]
    })
}

fn only_condition(record: &Record) -> phr_core::model::Entry {
    let mut found = record
        .entries(
            &EntryFilter {
                kind: Some(EntryKind::Condition),
                include_deleted: true,
                ..Default::default()
            },
            Viewer::Person,
        )
        .unwrap();
    assert_eq!(found.len(), 1, "{found:#?}");
    found.remove(0)
}

#[test]
fn a_newer_version_updates_what_the_import_wrote_but_not_the_persons_notes_or_privacy() {
    let mut r = ClockedRecord::at(now());
    let first = import(&mut r.record, &condition("1", "Asthma", "Seen in clinic"));
    assert_eq!(first.count(ImportOutcome::Added), 1);
    let entry = only_condition(&r.record);
    assert_eq!(
        entry.meta.visibility,
        Visibility::Private,
        "imports start private"
    );
    let Provenance::Imported {
        system,
        resource_id,
        version,
        mapping_version,
        raw,
    } = &entry.meta.provenance
    else {
        panic!("{:?}", entry.meta.provenance)
    };
    assert_eq!(
        (system.as_str(), resource_id.as_str(), version.as_deref()),
        ("https://gp.example.org/fhir", "Condition/asthma", Some("1"))
    );
    assert_eq!(*mapping_version, Some(1));
    assert_eq!(raw.as_ref().and_then(|r| r["id"].as_str()), Some("asthma"));
    // The person writes their own note and shares it.
    let EntryBody::Condition(mut mine) = entry.body.clone() else {
        panic!()
    };
    mine.notes = Some("Worse in winter".into());
    r.record
        .update_entry(entry.meta.id, EntryBody::Condition(mine), Author::Person)
        .unwrap();
    r.record
        .set_visibility(entry.meta.id, Visibility::Shared, Author::Person)
        .unwrap();
    // The same version again: nothing changes.
    let same = import(&mut r.record, &condition("1", "Asthma", "Seen in clinic"));
    assert_eq!(same.count(ImportOutcome::Unchanged), 1);
    // A newer version renames it and changes the GP's note.
    let newer = import(
        &mut r.record,
        &condition("2", "Allergic asthma", "Reviewed"),
    );
    assert_eq!(newer.count(ImportOutcome::Updated), 1);
    let after = only_condition(&r.record);
    let EntryBody::Condition(c) = &after.body else {
        panic!()
    };
    assert_eq!(c.name, "Allergic asthma");
    assert_eq!(
        c.notes.as_deref(),
        Some("Worse in winter"),
        "the person's note stays"
    );
    assert_eq!(
        after.meta.visibility,
        Visibility::Shared,
        "the person's choice stays"
    );
    assert!(
        matches!(&after.meta.provenance, Provenance::Imported { version: Some(v), .. } if v == "2")
    );
}

#[test]
fn what_the_person_deleted_is_not_brought_back_even_after_a_purge() {
    let mut r = ClockedRecord::at(now());
    import(&mut r.record, &condition("1", "Asthma", "Seen"));
    let entry = only_condition(&r.record);
    r.record
        .delete_entry(entry.meta.id, Author::Person)
        .unwrap();
    let again = import(&mut r.record, &condition("2", "Asthma", "Seen again"));
    assert_eq!(again.count(ImportOutcome::NotImported), 1, "{again:#?}");
    assert!(only_condition(&r.record).meta.deleted_at.is_some());
    r.record.purge_deleted().unwrap();
    let after_purge = import(&mut r.record, &condition("3", "Asthma", "Seen once more"));
    assert_eq!(after_purge.count(ImportOutcome::NotImported), 1);
    assert!(
        r.record
            .entries(&EntryFilter::default(), Viewer::Person)
            .unwrap()
            .is_empty()
    );
}

fn pds_patient() -> Value {
    serde_json::from_slice(
        &std::fs::read(checkers::fixture("uk-core/pds-api/Patient.json")).unwrap(),
    )
    .unwrap()
}

#[test]
fn a_patient_fills_the_empty_fields_of_the_same_persons_identity_and_never_overwrites_them() {
    let mut r = ClockedRecord::at(now());
    let mine = r
        .record
        .add_entry(
            EntryBody::Identity(Identity {
                name: "Jane Smith".into(),
                preferred_name: Some("Janie".into()),
                date_of_birth: None,
                nhs_number: None,
                pronouns: None,
            }),
            Default::default(),
        )
        .unwrap();
    let report = import(&mut r.record, &pds_patient());
    let merged = report
        .items
        .iter()
        .find(|i| i.resource == "Patient/9000000009")
        .unwrap();
    assert_eq!(merged.outcome, ImportOutcome::Updated);
    assert!(matches!(&merged.target, Some(ImportTarget::Entry { id, .. }) if *id == mine.meta.id));
    let identities = r
        .record
        .entries(
            &EntryFilter {
                kind: Some(EntryKind::Identity),
                ..Default::default()
            },
            Viewer::Person,
        )
        .unwrap();
    assert_eq!(identities.len(), 1);
    let EntryBody::Identity(i) = &identities[0].body else {
        panic!()
    };
    assert_eq!(i.name, "Jane Smith");
    assert_eq!(
        i.preferred_name.as_deref(),
        Some("Janie"),
        "what the person wrote stays"
    );
    assert_eq!(i.date_of_birth, "2010-10-22".parse().ok());
    assert_eq!(
        i.nhs_number.as_ref().map(|n| n.as_str()),
        Some("9000000009")
    );
    assert_eq!(identities[0].meta.provenance, Provenance::SelfEntered);
    // Another person's Patient is reported, with none of its parts imported.
    let other: Value = serde_json::from_slice(
        &std::fs::read(checkers::fixture(
            "uk-core/ukcore-ig/UKCore-Patient-RichardSmith-Example.json",
        ))
        .unwrap(),
    )
    .unwrap();
    let report = import(&mut r.record, &other);
    assert!(
        report
            .items
            .iter()
            .all(|i| i.outcome == ImportOutcome::NotImported),
        "{report:#?}"
    );
    assert!(
        report.items[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("another person")
    );
    assert_eq!(
        r.record
            .entries(
                &EntryFilter {
                    kind: Some(EntryKind::Identity),
                    ..Default::default()
                },
                Viewer::Person
            )
            .unwrap()
            .len(),
        1
    );
    assert!(
        r.record
            .entries(
                &EntryFilter {
                    kind: Some(EntryKind::MyContactDetails),
                    ..Default::default()
                },
                Viewer::Person
            )
            .unwrap()
            .len()
            <= 1
    );
}

#[test]
fn entered_in_error_and_no_known_allergies_are_reported_not_stored_as_allergies() {
    let mut r = ClockedRecord::at(now());
    for name in [
        "uk-core/ukcore-ig/UKCore-AllergyIntolerance-EnteredInError-Example.json",
        "uk-core/ukcore-ig/UKCore-AllergyIntolerance-Sn-NegHandlNoKnownAllergies-Example.json",
    ] {
        let report = r
            .record
            .import_fhir(
                &std::fs::read(checkers::fixture(name)).unwrap(),
                &ImportOptions::default(),
            )
            .unwrap();
        let item = &report.items[0];
        assert!(item.reason.is_some(), "{item:?}");
        assert!(
            matches!(item.outcome, ImportOutcome::NotImported)
                || matches!(&item.target, Some(ImportTarget::Statement { section }) if section == "allergies"),
            "{item:?}"
        );
    }
    assert!(
        r.record
            .entries(&EntryFilter::default(), Viewer::Person)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_default_visibility_is_the_persons_choice() {
    let mut r = ClockedRecord::at(now());
    let options = ImportOptions {
        default_visibility: Visibility::Shared,
        ..ImportOptions::default()
    };
    r.record
        .import_fhir(
            &serde_json::to_vec(&condition("1", "Asthma", "x")).unwrap(),
            &options,
        )
        .unwrap();
    assert_eq!(
        only_condition(&r.record).meta.visibility,
        Visibility::Shared
    );
}

#[test]
fn goals_beyond_five_active_are_kept_not_added() {
    let mut r = ClockedRecord::at(now());
    for i in 0..4 {
        r.record
            .add_entry(
                EntryBody::Goal(Goal {
                    goal: format!("goal {i}"),
                    barriers: vec![],
                    status: GoalStatus::Active,
                    target_date: None,
                    support: None,
                }),
                Default::default(),
            )
            .unwrap();
    }
    let path =
        checkers::fixture("synthea/Marcos_Delagarza_4acb6705-25a7-430a-b799-a4ad8d7fbb38.json");
    let report = r
        .record
        .import_fhir(&std::fs::read(path).unwrap(), &ImportOptions::default())
        .unwrap();
    let goals: Vec<_> = report
        .items
        .iter()
        .filter(|i| i.resource.starts_with("Goal/"))
        .collect();
    assert_eq!(
        goals
            .iter()
            .filter(|g| g.outcome == ImportOutcome::Added)
            .count(),
        1
    );
    assert_eq!(
        goals
            .iter()
            .filter(|g| g.outcome == ImportOutcome::NotMapped)
            .count(),
        4
    );
    assert!(goals.iter().any(|g| {
        g.reason
            .as_deref()
            .is_some_and(|r| r.contains("five") || r.contains('5'))
    }));
    assert!(
        r.record
            .kept_fhir_resources()
            .unwrap()
            .iter()
            .any(|k| k.source_key.contains("Goal/"))
    );
}

#[test]
fn the_listeners_hear_of_an_import_once_and_of_a_dry_run_never() {
    use std::sync::{Arc, Mutex};
    struct Heard(Mutex<Vec<phr_core::api::RecordChange>>);
    impl phr_core::api::ChangeListener for Heard {
        fn on_change(&self, change: &phr_core::api::RecordChange) {
            self.0.lock().unwrap().push(change.clone());
        }
    }
    let mut r = ClockedRecord::at(now());
    let heard = Arc::new(Heard(Mutex::new(Vec::new())));
    let _subscription = r.record.observe(heard.clone());
    let dry = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    r.record
        .import_fhir(
            &serde_json::to_vec(&condition("1", "Asthma", "x")).unwrap(),
            &dry,
        )
        .unwrap();
    assert!(heard.0.lock().unwrap().is_empty());
    import(&mut r.record, &condition("1", "Asthma", "x"));
    let changes = heard.0.lock().unwrap().clone();
    assert_eq!(changes.len(), 1);
    use phr_core::api::ChangeArea::*;
    assert_eq!(changes[0].areas, vec![Entries, Readings, Alerts]);
}
