//! Import, export, import: a fixed point. Importing a record's own export back changes
//! nothing, byte for byte in what the record holds; and what an export says reads back,
//! in another record, as the same entries (less what docs/fhir.md lists as not carried).
#![allow(clippy::unwrap_used)] // helpers, like the tests themselves, may unwrap

mod checkers;
mod common;
mod fhir_support;

use common::ClockedRecord;
use fhir_support::*;
use phr_core::api::{EntryFilter, ExportScope, ImportOptions, ImportOutcome, ReadingQuery, Record};
use phr_core::model::{Entry, EntryBody, EntryKind, Viewer};

/// What the record holds, as values that compare: entries with their metadata and
/// history, readings, kept resources.
fn snapshot(record: &Record) -> Vec<String> {
    let filter = EntryFilter {
        include_deleted: true,
        ..EntryFilter::default()
    };
    let entries = record.entries(&filter, Viewer::Person).unwrap();
    let mut out: Vec<String> = entries
        .iter()
        .map(|e| {
            format!(
                "{} history {}",
                serde_json::to_string(e).unwrap(),
                record.history(e.meta.id).unwrap().len()
            )
        })
        .collect();
    out.extend(
        record
            .readings(&ReadingQuery::default(), Viewer::Person)
            .unwrap()
            .iter()
            .map(|r| serde_json::to_string(r).unwrap()),
    );
    out.extend(
        record
            .kept_fhir_resources()
            .unwrap()
            .iter()
            .map(|k| format!("kept {}", k.source_key)),
    );
    out
}

fn assert_nothing_changes(record: &mut Record, name: &str) {
    let before = snapshot(record);
    let json = record
        .export_ips(Viewer::Person, &ExportScope::everything())
        .unwrap();
    let report = record
        .import_fhir(json.as_bytes(), &ImportOptions::default())
        .unwrap();
    let changed: Vec<_> = report
        .items
        .iter()
        .filter(|i| matches!(i.outcome, ImportOutcome::Added | ImportOutcome::Updated))
        .collect();
    assert!(
        changed.is_empty(),
        "{name}: importing its own export changed {changed:#?}"
    );
    let after = snapshot(record);
    let gone: Vec<_> = before.iter().filter(|b| !after.contains(b)).collect();
    let new: Vec<_> = after.iter().filter(|a| !before.contains(a)).collect();
    assert!(
        gone.is_empty() && new.is_empty(),
        "{name}: the record changed: was {gone:#?}, is {new:#?}"
    );
}

#[test]
fn importing_a_records_own_export_changes_nothing() {
    let mut demo = ClockedRecord::at(now());
    fill(&mut demo.record);
    fill_readings(&mut demo.record);
    assert_nothing_changes(&mut demo.record, "the demo record");
    for path in checkers::fhir_fixtures() {
        let mut r = ClockedRecord::at(now());
        r.record
            .import_fhir(&std::fs::read(&path).unwrap(), &ImportOptions::default())
            .unwrap();
        assert_nothing_changes(&mut r.record, &checkers::short(&path));
    }
}

/// The kinds an export carries, and their bodies, in a comparable order.
fn bodies(record: &Record) -> Vec<String> {
    let carried = [
        EntryKind::Identity,
        EntryKind::MyContactDetails,
        EntryKind::Contact,
        EntryKind::Condition,
        EntryKind::Allergy,
        EntryKind::Medication,
        EntryKind::Vaccination,
        EntryKind::TestResult,
        EntryKind::Goal,
        EntryKind::PersonInMyLife,
        EntryKind::OrganDonation,
    ];
    let mut out: Vec<String> = record
        .entries(&EntryFilter::default(), Viewer::Person)
        .unwrap()
        .into_iter()
        .filter(|e: &Entry| carried.contains(&e.kind()))
        .map(|e| serde_json::to_string(&e.body).unwrap())
        .collect();
    out.sort();
    out
}

#[test]
fn what_an_export_says_reads_back_as_the_same_entries_in_another_record() {
    let mut first = ClockedRecord::at(now());
    fill(&mut first.record);
    fill_readings(&mut first.record);
    let one = first
        .record
        .export_ips(Viewer::Person, &ExportScope::everything())
        .unwrap();
    let mut second = ClockedRecord::at(now());
    let report = second
        .record
        .import_fhir(one.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert!(report.count(ImportOutcome::Added) > 20, "{report:#?}");
    assert_eq!(bodies(&second.record), bodies(&first.record));
    // The readings of short series come back as readings; summaries are not readings.
    let readings = second
        .record
        .readings(&ReadingQuery::default(), Viewer::Person)
        .unwrap();
    assert_eq!(
        readings.len(),
        13,
        "blood pressures, weights, heart rates and the private weight"
    );
    // One more round gives the same again.
    let two = second
        .record
        .export_ips(Viewer::Person, &ExportScope::everything())
        .unwrap();
    let mut third = ClockedRecord::at(now());
    third
        .record
        .import_fhir(two.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert_eq!(bodies(&third.record), bodies(&second.record));
    let _ = EntryBody::summary;
}
