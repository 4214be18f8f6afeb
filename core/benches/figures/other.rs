//! Figures beside the readings path: GATT decoding, FHIR import and IPS export (on a
//! record of each size), and the peak memory of a long sync, measured in a process of
//! its own.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use phr_core::Record;
use phr_core::api::{ExportScope, ImportOptions};
use phr_core::clock::ManualClock;
use phr_core::devices::gatt::{GlucoseMeasurement, parse_hex};
use phr_core::keys::DatabaseKey;
use phr_core::model::Viewer;
use serde_json::{Value, json};

use crate::data::{BATCH, arrival, cgm_part, end};
use crate::fhir_support;
use crate::ingest::Stored;
use crate::measure::{Row, duration_text, median, mib_text, peak_rss, time, verdict};

/// Glucose measurements decoded per second (BLE.md's worked example, 15 bytes).
pub fn decode(rounds: usize) {
    let bytes = parse_hex("030100EA070B18081E003C0061B011").expect("hex");
    let per_round = 5_000_000u32;
    let mut rates = Vec::new();
    for _ in 0..rounds {
        let t = time(|| {
            for i in 0..per_round {
                let mut b = black_box(bytes.as_slice()).to_vec();
                b[1] = i as u8;
                black_box(GlucoseMeasurement::decode(black_box(&b)).expect("decode"));
            }
        });
        rates.push(f64::from(per_round) / t);
    }
    // Without the copy: the decoder alone.
    let mut bare = Vec::new();
    for _ in 0..rounds {
        let t = time(|| {
            for _ in 0..per_round {
                black_box(GlucoseMeasurement::decode(black_box(&bytes)).expect("decode"));
            }
        });
        bare.push(f64::from(per_round) / t);
    }
    let m = median(&bare);
    Row {
        figure: "GATT glucose measurement decoding",
        size: "-",
        value: format!("{:.1} M/s", m / 1e6),
        baseline: format!(
            "{:.1} M/s with a copy of each notification",
            median(&rates) / 1e6
        ),
        ratio: "-".into(),
        target: ">= 20 M/s",
        verdict: verdict(m >= 20e6),
    }
    .print();
}

/// A Bundle of 10,000 resources: 7,000 glucose Observations, 1,000 each of Condition,
/// Immunization and Encounter (not mapped, kept).
pub fn bundle() -> Vec<u8> {
    let mut entries: Vec<Value> = Vec::new();
    for i in 0..7_000 {
        entries.push(json!({
            "resourceType": "Observation", "id": format!("g{i}"), "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "14743-9"}]},
            "effectiveDateTime": format!("2026-06-{:02}T{:02}:{:02}:00+00:00",
                2 + i / 288, (i % 288) / 12, (i % 12) * 5),
            "valueQuantity": {"value": 4.0 + f64::from(i % 60) / 10.0, "unit": "mmol/L",
                "system": "http://unitsofmeasure.org", "code": "mmol/L"}
        }));
    }
    for i in 0..1_000 {
        entries.push(json!({
            "resourceType": "Condition", "id": format!("c{i}"),
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "195967001",
                "display": "Asthma"}], "text": format!("Condition {i}")},
            "subject": {"reference": "Patient/p"}, "onsetDateTime": "2001-05-01"
        }));
        entries.push(json!({
            "resourceType": "Immunization", "id": format!("i{i}"), "status": "completed",
            "vaccineCode": {"text": "Influenza"}, "patient": {"reference": "Patient/p"},
            "occurrenceDateTime": "2020-10-01"
        }));
        entries.push(json!({"resourceType": "Encounter", "id": format!("e{i}"),
            "status": "finished", "class": {"code": "AMB"}}));
    }
    serde_json::to_vec(&json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": entries.into_iter().map(|r| json!({"resource": r})).collect::<Vec<_>>()
    }))
    .expect("bundle")
}

/// A copy of the stored record (or a new one), open on a clock after its end.
fn copy_of(stored: Option<&Stored>, dir: &Path) -> Record {
    let path = dir.join("copy.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let mut record = match stored {
        Some(s) => {
            std::fs::copy(&s.record, &path).expect("copy");
            Record::open(&path, &s.key).expect("open")
        }
        None => Record::create(&path, &DatabaseKey::generate()).expect("create"),
    };
    record.set_clock(Arc::new(ManualClock::new(fhir_support::now())));
    record
}

/// FHIR import of a 10,000-resource Bundle into a record of this size, and the IPS
/// export of the demo record with this record's readings ([`ips`]).
pub fn fhir(stored: Option<&Stored>, size: &str, rounds: usize) {
    let dir = tempfile::tempdir().expect("dir");
    let bytes = bundle();
    let mut times = Vec::new();
    for _ in 0..rounds {
        let mut record = copy_of(stored, dir.path());
        times.push(time(|| {
            let report = record
                .import_fhir(&bytes, &ImportOptions::default())
                .expect("import");
            assert_eq!(report.items.len(), 10_000);
        }));
    }
    let t = median(&times);
    Row {
        figure: "FHIR import of a 10,000-resource Bundle",
        size,
        value: duration_text(t),
        baseline: "-".into(),
        ratio: "-".into(),
        target: "< 1 s",
        verdict: verdict(t < 1.0),
    }
    .print();

    ips(stored, size, rounds);
}

/// The IPS export of the demo record (its entries and three days of glucose readings):
/// alone (`stored` is `None`), which is what the 20 ms target is for, or with a stored
/// record's readings too, to show how the export grows with a record's years.
pub fn ips(stored: Option<&Stored>, size: &str, rounds: usize) {
    let dir = tempfile::tempdir().expect("dir");
    let mut record = copy_of(stored, dir.path());
    fhir_support::fill(&mut record);
    fhir_support::fill_readings(&mut record);
    let mut times = Vec::new();
    let mut len = 0;
    for _ in 0..rounds.max(5) {
        times.push(time(|| {
            len = record
                .export_ips(Viewer::Person, &ExportScope::everything())
                .expect("export")
                .len();
        }));
    }
    let t = median(&times);
    let (figure, target, met) = match stored {
        None => (
            "IPS export of the demo record",
            "< 20 ms",
            verdict(t < 20e-3),
        ),
        Some(_) => (
            "IPS export of the demo record with this record's readings",
            "reported",
            "-",
        ),
    };
    Row {
        figure,
        size,
        value: duration_text(t),
        baseline: format!("{} KiB of JSON", len / 1024),
        ratio: "-".into(),
        target,
        verdict: met,
    }
    .print();
}

/// `peak-sync N`: ingests N readings through the API batch by batch (made as they are
/// needed, as a sync receives them) and prints this process's peak memory.
pub fn peak_sync(n: usize) {
    let dir = tempfile::tempdir().expect("dir");
    let clock = ManualClock::new(end());
    let mut record =
        Record::create(dir.path().join("r.db"), &DatabaseKey::generate()).expect("create");
    record.set_clock(Arc::new(clock.clone()));
    let mut at = 0;
    while at < n {
        let batch = cgm_part(n, at..(at + BATCH).min(n));
        clock.set(arrival(&batch));
        record.add_readings(&batch).expect("ingest");
        at += batch.len();
    }
    record.close().expect("close");
    let peak = peak_rss().unwrap_or(0);
    println!("PEAK\t{peak}\t{}", mib_text(peak));
}
