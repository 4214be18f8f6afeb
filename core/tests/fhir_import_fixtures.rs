//! Every third-party FHIR fixture imports without error into a new record; every
//! resource is in the report, each one not mapped with its reason; a second import of
//! the same file adds and updates nothing.
#![allow(clippy::unwrap_used)] // helpers, like the tests themselves, may unwrap

mod checkers;
mod common;

use common::*;
use phr_core::api::{ImportOptions, ImportOutcome, ImportReport, Record};
use phr_core::model::{EntryBody, EntryKind, Viewer};

fn import(record: &mut Record, path: &std::path::Path) -> ImportReport {
    let bytes = std::fs::read(path).expect("read fixture");
    let options = ImportOptions {
        file_name: Some(checkers::short(path)),
        ..ImportOptions::default()
    };
    record
        .import_fhir(&bytes, &options)
        .unwrap_or_else(|e| panic!("{}: {e}", checkers::short(path)))
}

#[test]
fn every_fixture_imports_and_reports_every_resource_not_mapped_with_a_reason() {
    for path in checkers::fhir_fixtures() {
        let dir = tempfile::tempdir().unwrap();
        let (mut record, _, _) = new_record(dir.path());
        let report = import(&mut record, &path);
        let name = checkers::short(&path);
        let bundle_entries =
            serde_json::from_slice::<serde_json::Value>(&std::fs::read(&path).unwrap())
                .ok()
                .map(|v| {
                    v.get("entry")
                        .and_then(|e| e.as_array())
                        .map_or(0, Vec::len)
                });
        assert!(
            !report.items.is_empty() || bundle_entries == Some(0),
            "{name}: nothing reported"
        );
        for item in &report.items {
            if matches!(
                item.outcome,
                ImportOutcome::NotMapped | ImportOutcome::NotImported
            ) {
                assert!(
                    item.reason.as_deref().is_some_and(|r| !r.is_empty()),
                    "{name}: {} without a reason",
                    item.resource
                );
            }
        }
        if std::env::var_os("PHR_SHOW_REPORTS").is_some() {
            println!("== {name}: {} items", report.items.len());
            for item in report
                .items
                .iter()
                .filter(|i| i.outcome != ImportOutcome::Added || !i.notes.is_empty())
            {
                println!(
                    "  {:?} {} {:?} {:?} {:?}",
                    item.outcome,
                    item.resource,
                    item.target.as_ref().map(|_| "->"),
                    item.reason,
                    item.notes
                );
            }
        }
        let again = import(&mut record, &path);
        assert!(
            !again.changed_anything(),
            "{name}: a second import changed {:?}",
            again
                .items
                .iter()
                .filter(|i| matches!(i.outcome, ImportOutcome::Added | ImportOutcome::Updated))
                .collect::<Vec<_>>()
        );
        // Invariants: one identity at most.
        let identities = record
            .entries(
                &phr_core::api::EntryFilter {
                    kind: Some(EntryKind::Identity),
                    ..Default::default()
                },
                Viewer::Person,
            )
            .unwrap();
        assert!(identities.len() <= 1, "{name}");
        // Nothing imported is visible to anyone but the person.
        assert!(
            record
                .entries(&Default::default(), Viewer::Shared)
                .unwrap()
                .is_empty(),
            "{name}"
        );
        let _ = EntryBody::summary;
    }
}
