//! Input that cannot be imported: each case is a typed error naming the file, the
//! element and the resource, and leaves the record byte for byte as it was (the database
//! file and its write-ahead log, compared after a checkpoint). A dry run leaves it so too.
#![allow(clippy::unwrap_used)] // helpers, like the tests themselves, may unwrap

mod common;

use common::*;
use phr_core::api::{ApiError, ImportOptions, Record};
use serde_json::{Value, json};

fn observation(id: &str) -> Value {
    json!({
        "resourceType": "Observation", "id": id, "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
        "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
        "effectiveDateTime": "2026-11-30T08:00:00+00:00",
        "valueQuantity": {"value": 64, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min"}
    })
}

fn condition(id: &str, onset: &str) -> Value {
    json!({
        "resourceType": "Condition", "id": id,
        "code": {"text": "Asthma"},
        "subject": {"reference": "Patient/p"},
        "onsetDateTime": onset
    })
}

fn bundle(resources: Vec<Value>) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "resourceType": "Bundle", "id": "b", "type": "collection",
        "entry": resources.into_iter().map(|r| json!({"resource": r})).collect::<Vec<_>>()
    }))
    .unwrap()
}

fn options() -> ImportOptions {
    ImportOptions {
        file_name: Some("gp-record.json".into()),
        ..ImportOptions::default()
    }
}

/// A record with something in it, checkpointed, and its files' bytes.
fn record(dir: &std::path::Path) -> (Record, std::path::PathBuf) {
    let (mut record, path, _) = new_record(dir);
    record
        .add_entry(
            allergy("Penicillin"),
            opts(phr_core::model::Visibility::Shared),
        )
        .unwrap();
    record
        .add_reading(glucose(5.4, "2026-11-30T07:00:00+00:00"))
        .unwrap();
    record
        .import_fhir(&bundle(vec![observation("o0")]), &options())
        .unwrap();
    record.checkpoint().unwrap();
    (record, path)
}

/// The typed error an input gives, with the record's files unchanged.
fn refused(input: &[u8]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let (mut record, path) = record(dir.path());
    let before = record_files(&path);
    let error = record.import_fhir(input, &options()).expect_err("refused");
    let files = record_files(&path);
    assert_eq!(
        files.iter().find(|(p, _)| p == &path),
        before.iter().find(|(p, _)| p == &path),
        "the database file changed"
    );
    let wal = |f: &Vec<(std::path::PathBuf, Vec<u8>)>| {
        f.iter()
            .find(|(p, _)| p.to_string_lossy().ends_with("-wal"))
            .map(|(_, b)| b.clone())
    };
    assert_eq!(wal(&files), wal(&before), "the write-ahead log changed");
    match error {
        ApiError::Invalid { field, reason } => (field, reason),
        other => panic!("not an Invalid error: {other:?}"),
    }
}

#[test]
fn a_wrong_type_names_the_file_the_element_and_the_resource() {
    let mut bad = observation("o4");
    bad["code"]["coding"][0]["system"] = json!(3);
    let (field, reason) = refused(&bundle(vec![
        observation("o1"),
        observation("o2"),
        observation("o3"),
        bad,
    ]));
    assert_eq!(
        field,
        "gp-record.json: entry[3].resource.code.coding[0].system"
    );
    assert_eq!(
        reason,
        "expected a string, found a number (in Observation/o4)"
    );
}

#[test]
fn a_missing_required_element_is_named() {
    let mut bad = observation("o2");
    bad.as_object_mut().unwrap().remove("status");
    let (field, reason) = refused(&bundle(vec![observation("o1"), bad]));
    assert_eq!(field, "gp-record.json: entry[1].resource");
    assert!(
        reason.contains("missing required element `status`") && reason.contains("Observation/o2"),
        "{reason}"
    );
}

#[test]
fn a_resource_type_fhir_r4_does_not_have_is_refused() {
    let (field, reason) = refused(&bundle(vec![
        observation("o1"),
        json!({"resourceType": "Foo", "id": "f"}),
    ]));
    assert_eq!(field, "gp-record.json: entry[1].resource.resourceType");
    assert!(reason.contains("not a FHIR R4 resource type"), "{reason}");
}

#[test]
fn ten_megabyte_strings_are_refused_where_they_cannot_be() {
    let huge = "x".repeat(10 * 1024 * 1024);
    let (field, _) = refused(&bundle(vec![observation(&huge)]));
    assert_eq!(field, "gp-record.json: entry[0].resource.id");
    let mut in_a_number = observation("o1");
    in_a_number["valueQuantity"]["value"] = json!(huge);
    let (field, reason) = refused(&bundle(vec![in_a_number]));
    assert_eq!(
        field,
        "gp-record.json: entry[0].resource.valueQuantity.value"
    );
    assert!(
        reason.starts_with("expected a decimal number, found a string") && reason.len() < 200,
        "{}",
        &reason[..80]
    );
    let (field, _) = refused(&bundle(vec![json!({"resourceType": huge})]));
    assert_eq!(field, "gp-record.json: entry[0].resource.resourceType");
}

#[test]
fn deep_nesting_is_refused_before_it_is_read() {
    let deep = format!(
        r#"{{"resourceType":"Bundle","type":"collection","entry":[{{"resource":{{"resourceType":"Basic","extension":{}1{}}}}}]}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (field, reason) = refused(deep.as_bytes());
    assert_eq!(field, "gp-record.json");
    assert!(
        reason.contains("nests objects and arrays more than"),
        "{reason}"
    );
}

#[test]
fn what_is_not_json_is_refused() {
    for input in [
        &b"{\"resourceType\": \"Bundle\", \"type\""[..],
        b"",
        b"\xff\xfe",
        b"[1, 2]",
    ] {
        let (field, _) = refused(input);
        assert_eq!(field, "gp-record.json");
    }
}

#[test]
fn a_value_the_record_refuses_stops_the_whole_import_at_its_element() {
    // Two good conditions, then one said to start in 2099: nothing of the three is kept.
    let (field, reason) = refused(&bundle(vec![
        condition("c1", "2015-03-01"),
        condition("c2", "2016-03-01"),
        condition("c3", "2099-01-01"),
    ]));
    assert_eq!(field, "gp-record.json: entry[2].resource.onsetDateTime");
    assert!(
        reason.contains("in the future") && reason.ends_with("(in Condition/c3)"),
        "{reason}"
    );
}

#[test]
fn a_dry_run_writes_nothing_and_says_what_would_happen() {
    let dir = tempfile::tempdir().unwrap();
    let (mut record, path) = record(dir.path());
    let before = record_files(&path);
    let dry = ImportOptions {
        dry_run: true,
        ..options()
    };
    let report = record
        .import_fhir(
            &bundle(vec![
                observation("o0"),
                observation("o1"),
                condition("c1", "2015-03-01"),
                json!({"resourceType": "Encounter", "id": "e"}),
            ]),
            &dry,
        )
        .unwrap();
    assert!(report.dry_run);
    let outcomes: Vec<_> = report
        .items
        .iter()
        .map(|i| (i.resource.as_str(), i.outcome))
        .collect();
    use phr_core::api::ImportOutcome::*;
    assert_eq!(
        outcomes,
        vec![
            ("Observation/o0", Unchanged),
            ("Observation/o1", Added),
            ("Condition/c1", Added),
            ("Encounter/e", NotMapped)
        ]
    );
    let files = record_files(&path);
    let main_and_log = |f: &Vec<(std::path::PathBuf, Vec<u8>)>| {
        f.iter()
            .filter(|(p, _)| !p.to_string_lossy().ends_with("-shm"))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        main_and_log(&files),
        main_and_log(&before),
        "a dry run changed the files"
    );
    assert_eq!(
        record
            .entries(&Default::default(), phr_core::model::Viewer::Person)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn what_is_too_long_for_the_record_is_shortened_with_a_note_not_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut record, _, _) = new_record(dir.path());
    let long = "Asthma ".repeat(60);
    let goal = json!({
        "resourceType": "Goal", "id": "g", "lifecycleStatus": "active",
        "description": {"text": "walk ".repeat(100)},
        "subject": {"reference": "Patient/p"},
        "note": (0..12).map(|i| json!({"text": format!("barrier {i}")})).collect::<Vec<_>>()
    });
    let report = record
        .import_fhir(
            &bundle(vec![
                condition("c", "2015-03-01").pipe(|mut c| {
                    c["code"]["text"] = json!(long);
                    c
                }),
                goal,
            ]),
            &options(),
        )
        .unwrap();
    assert!(
        report
            .items
            .iter()
            .all(|i| i.outcome == phr_core::api::ImportOutcome::Added)
    );
    assert!(
        report.items.iter().all(|i| i
            .notes
            .iter()
            .any(|n| n.contains("shortened") || n.contains("left out"))),
        "{report:#?}"
    );
    let entries = record
        .entries(&Default::default(), phr_core::model::Viewer::Person)
        .unwrap();
    for entry in &entries {
        match &entry.body {
            phr_core::model::EntryBody::Condition(c) => {
                assert!(c.name.ends_with('…') && c.name.chars().count() == 200)
            }
            phr_core::model::EntryBody::Goal(g) => {
                assert!(
                    g.goal.ends_with('…') && g.goal.chars().count() == 280,
                    "{}",
                    g.goal.chars().count()
                );
                assert_eq!(g.barriers.len(), 10);
            }
            other => panic!("{other:?}"),
        }
    }
}

trait Pipe: Sized {
    fn pipe<T>(self, f: impl FnOnce(Self) -> T) -> T {
        f(self)
    }
}
impl<T> Pipe for T {}
