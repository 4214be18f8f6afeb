//! A 10,000-resource Bundle imports whole, keyed so that a second import adds nothing.
//! The time is printed, not asserted (`cargo test --release -p phr-core --test
//! fhir_import_scale -- --nocapture` for the number that counts).
#![allow(clippy::unwrap_used)] // helpers, like the tests themselves, may unwrap

mod common;

use std::time::Instant;

use common::ClockedRecord;
use phr_core::api::{ImportOptions, ImportOutcome};
use serde_json::{Value, json};

fn bundle() -> Vec<u8> {
    let mut entries: Vec<Value> = Vec::new();
    for i in 0..7_000 {
        entries.push(json!({
            "resourceType": "Observation", "id": format!("g{i}"), "status": "final",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": "14743-9"}]},
            "effectiveDateTime": format!("2026-11-{:02}T{:02}:{:02}:00+00:00", 1 + i / 288, (i % 288) / 12, (i % 12) * 5),
            "valueQuantity": {"value": 4.0 + f64::from(i % 60) / 10.0, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"}
        }));
    }
    for i in 0..1_000 {
        entries.push(json!({
            "resourceType": "Condition", "id": format!("c{i}"),
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "195967001", "display": "Asthma"}], "text": format!("Condition {i}")},
            "subject": {"reference": "Patient/p"}, "onsetDateTime": "2001-05-01"
        }));
        entries.push(json!({
            "resourceType": "Immunization", "id": format!("i{i}"), "status": "completed",
            "vaccineCode": {"text": "Influenza"}, "patient": {"reference": "Patient/p"},
            "occurrenceDateTime": "2020-10-01"
        }));
        entries.push(
            json!({"resourceType": "Encounter", "id": format!("e{i}"), "status": "finished",
            "class": {"code": "AMB"}}),
        );
    }
    serde_json::to_vec(&json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": entries.into_iter().map(|r| json!({"resource": r})).collect::<Vec<_>>()
    }))
    .unwrap()
}

#[test]
fn ten_thousand_resources_import_whole_and_again_add_nothing() {
    let bytes = bundle();
    let mut r = ClockedRecord::at(common::utc(2026, 12, 1, 9));
    let started = Instant::now();
    let report = r
        .record
        .import_fhir(&bytes, &ImportOptions::default())
        .unwrap();
    let first = started.elapsed();
    assert_eq!(report.items.len(), 10_000);
    assert_eq!(report.count(ImportOutcome::Added), 9_000);
    assert_eq!(report.count(ImportOutcome::NotMapped), 1_000);
    let started = Instant::now();
    let again = r
        .record
        .import_fhir(&bytes, &ImportOptions::default())
        .unwrap();
    let second = started.elapsed();
    assert!(!again.changed_anything());
    println!(
        "10,000 resources ({} bytes): first import {first:?}, second {second:?}",
        bytes.len()
    );
}

/// Parsing and mapping alone, for profiling (`--include-ignored`).
#[test]
#[ignore]
fn where_the_time_goes() {
    let bytes = bundle();
    let t = Instant::now();
    let input = phr_core::fhir::parse_input(&bytes).unwrap();
    println!("parse {:?}", t.elapsed());
    let t = Instant::now();
    let plan =
        phr_core::fhir::import::plan(&input, &ImportOptions::default(), "urn:uuid:x").unwrap();
    println!(
        "plan {:?} ({} candidates)",
        t.elapsed(),
        plan.candidates.len()
    );
}
