//! Readings from FHIR: Observations from another app (Health Connect, HealthKit exports
//! with `meta.source` and an identifier) become that app's readings with client record
//! ids, so a second import adds nothing and a newer version replaces the stored one;
//! vital signs from a GP system become readings from that system. A reading dated in the
//! future is stored flagged; an implausible one is reported, not stored; the rules run
//! on what is imported; the person's privacy choice and deletions hold.
#![allow(clippy::unwrap_used)] // helpers, like the tests themselves, may unwrap

mod common;

use common::ClockedRecord;
use phr_core::api::{ImportOptions, ImportOutcome, ImportTarget, ReadingQuery, Record};
use phr_core::model::{Author, ReadingFlag, ReadingSource, ReadingValue, Viewer, Visibility};
use serde_json::{Value, json};

fn now() -> chrono::DateTime<chrono::Utc> {
    common::utc(2026, 12, 1, 9)
}

const CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";

fn from_app(id: &str, version: &str, loinc: &str, value: f64, unit: &str, at: &str) -> Value {
    json!({
        "resourceType": "Observation", "id": id,
        "meta": {"versionId": version, "source": "com.example.glucose"},
        "identifier": [{"system": "https://apps.example.com/records", "value": format!("hc-{id}")}],
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "vital-signs"}]}],
        "code": {"coding": [{"system": "http://loinc.org", "code": loinc}]},
        "effectiveDateTime": at,
        "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}
    })
}

fn bundle(resources: Vec<Value>) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": resources.into_iter().map(|r| json!({"resource": r})).collect::<Vec<_>>()
    }))
    .unwrap()
}

fn import(record: &mut Record, bytes: &[u8]) -> phr_core::api::ImportReport {
    let options = ImportOptions {
        system: Some("https://gp.example.org/fhir".into()),
        ..ImportOptions::default()
    };
    record.import_fhir(bytes, &options).unwrap()
}

fn app_readings() -> Vec<Value> {
    vec![
        from_app(
            "1",
            "1",
            "14743-9",
            6.2,
            "mmol/L",
            "2026-11-30T07:30:00+00:00",
        ),
        from_app(
            "2",
            "1",
            "41653-7",
            97.0,
            "mg/dL",
            "2026-11-30T12:30:00+00:00",
        ),
        from_app(
            "3",
            "1",
            "8867-4",
            64.0,
            "/min",
            "2026-11-30T08:00:00+00:00",
        ),
    ]
}

#[test]
fn another_apps_readings_are_its_own_and_a_second_import_adds_nothing() {
    let mut r = ClockedRecord::at(now());
    let first = import(&mut r.record, &bundle(app_readings()));
    assert_eq!(first.count(ImportOutcome::Added), 3, "{first:#?}");
    let readings = r
        .record
        .readings(&ReadingQuery::default(), Viewer::Person)
        .unwrap();
    assert_eq!(readings.len(), 3);
    for reading in &readings {
        assert_eq!(
            reading.reading.source,
            ReadingSource::App {
                name: "com.example.glucose".into()
            }
        );
        assert!(
            reading
                .reading
                .client_record_id
                .as_deref()
                .is_some_and(|id| id.starts_with("hc-"))
        );
        assert_eq!(reading.reading.visibility, Visibility::Private);
    }
    let mg = readings
        .iter()
        .find(|r| r.reading.client_record_id.as_deref() == Some("hc-2"))
        .unwrap();
    assert_eq!(
        mg.reading.value,
        ReadingValue::BloodGlucose {
            mmol_per_l: Some(5.38)
        },
        "97 mg/dL through model::units"
    );
    let again = import(&mut r.record, &bundle(app_readings()));
    assert_eq!(again.count(ImportOutcome::Unchanged), 3, "{again:#?}");
    assert_eq!(
        r.record
            .readings(&ReadingQuery::default(), Viewer::Person)
            .unwrap()
            .len(),
        3
    );
    // The person shares one, then the app sends a newer version of it.
    r.record
        .set_reading_visibility(mg.id, Visibility::Shared, Author::Person)
        .unwrap();
    let mut newer = app_readings();
    newer[1] = from_app(
        "2",
        "2",
        "41653-7",
        99.0,
        "mg/dL",
        "2026-11-30T12:30:00+00:00",
    );
    let updated = import(&mut r.record, &bundle(newer));
    assert_eq!(updated.count(ImportOutcome::Updated), 1, "{updated:#?}");
    let now_stored = r.record.reading(mg.id).unwrap();
    assert_eq!(
        now_stored.reading.value,
        ReadingValue::BloodGlucose {
            mmol_per_l: Some(5.5)
        }
    );
    assert_eq!(
        now_stored.reading.visibility,
        Visibility::Shared,
        "the person's choice stays"
    );
    // A deleted reading is not brought back.
    r.record.delete_reading(mg.id, Author::Person).unwrap();
    let after = import(&mut r.record, &bundle(app_readings()));
    assert!(
        after
            .items
            .iter()
            .any(|i| i.outcome == ImportOutcome::NotImported)
    );
    assert_eq!(
        r.record
            .readings(&ReadingQuery::default(), Viewer::Person)
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn a_gp_systems_vital_signs_are_that_systems_readings() {
    let mut r = ClockedRecord::at(now());
    let bp = json!({
        "resourceType": "Observation", "id": "bp1", "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "vital-signs"}]}],
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "75367002"}]},
        "effectiveDateTime": "2026-11-29T10:00:00+00:00",
        "component": [
            {"code": {"coding": [{"system": "http://snomed.info/sct", "code": "72313002"}]},
             "valueQuantity": {"value": 16, "unit": "kPa", "system": "http://unitsofmeasure.org", "code": "kPa"}},
            {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
             "valueQuantity": {"value": 80, "unit": "mm[Hg]", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}
        ]
    });
    let report = import(&mut r.record, &bundle(vec![bp]));
    let Some(ImportTarget::Reading { id }) = report.items[0].target else {
        panic!("{report:#?}")
    };
    let reading = r.record.reading(id).unwrap();
    assert_eq!(
        reading.reading.source,
        ReadingSource::Imported {
            system: "https://gp.example.org/fhir".into()
        }
    );
    let ReadingValue::BloodPressure {
        systolic_mmhg,
        diastolic_mmhg,
        ..
    } = reading.reading.value
    else {
        panic!()
    };
    assert_eq!(
        (
            phr_core::model::units::round_to(systolic_mmhg, 1),
            diastolic_mmhg
        ),
        (120.0, 80.0)
    );
    assert_eq!(
        reading.reading.client_record_id.as_deref(),
        Some("Observation/bp1")
    );
}

#[test]
fn a_reading_in_the_future_is_stored_flagged_and_an_implausible_one_is_reported() {
    let mut r = ClockedRecord::at(now());
    let report = import(
        &mut r.record,
        &bundle(vec![
            from_app("f", "1", "29463-7", 80.0, "kg", "2027-06-01T08:00:00+00:00"),
            from_app(
                "x",
                "1",
                "15074-8",
                540.0,
                "mmol/L",
                "2026-11-30T08:00:00+00:00",
            ),
        ]),
    );
    assert_eq!(report.items[0].outcome, ImportOutcome::Added);
    let Some(ImportTarget::Reading { id }) = report.items[0].target else {
        panic!()
    };
    assert!(
        r.record
            .reading(id)
            .unwrap()
            .reading
            .flags
            .contains(&ReadingFlag::TimeAhead)
    );
    assert_eq!(report.items[1].outcome, ImportOutcome::NotMapped);
    assert!(
        report.items[1]
            .reason
            .as_deref()
            .unwrap()
            .contains("plausible"),
        "{:?}",
        report.items[1]
    );
    assert_eq!(
        r.record
            .readings(&ReadingQuery::default(), Viewer::Person)
            .unwrap()
            .len(),
        1
    );
    assert!(
        r.record
            .kept_fhir_resources()
            .unwrap()
            .iter()
            .any(|k| k.source_key.ends_with("Observation/x"))
    );
}

#[test]
fn the_rules_run_on_imported_readings_in_the_same_import() {
    let mut r = ClockedRecord::at(now());
    let low = from_app(
        "low",
        "1",
        "14743-9",
        2.4,
        "mmol/L",
        "2026-12-01T08:50:00+00:00",
    );
    import(&mut r.record, &bundle(vec![low]));
    let alerts = r.record.notifications(true).unwrap();
    assert!(
        !alerts.is_empty(),
        "a low glucose from an import raises its alert"
    );
}
