//! The IPS export: the demo record and records made by importing each fixture give
//! documents that keep the IPS rules and pass the independent R4 checkers; long series
//! become day summaries; readings whose time cannot be trusted stay out; the required
//! sections say "nil known" only when a statement says so; the scope narrows.
#![allow(clippy::unwrap_used)] // helpers, like the tests themselves, may unwrap

mod checkers;
mod common;
mod fhir_support;

use std::path::PathBuf;

use common::ClockedRecord;
use fhir_support::*;
use phr_core::api::{ExportScope, ImportOptions, Record};
use phr_core::fhir::codes::{IpsSection, LIST_EMPTY_REASON, LOINC};
use phr_core::fhir::{Bundle, Resource, ips_problems};
use phr_core::model::{
    EntryKind, NewReading, ReadingFlag, ReadingValue, Section, Viewer, Visibility,
};

fn demo() -> ClockedRecord {
    let mut r = ClockedRecord::at(now());
    fill(&mut r.record);
    fill_readings(&mut r.record);
    r
}

fn export(record: &Record, viewer: Viewer, scope: &ExportScope) -> Bundle {
    let bundle = record.export_ips_bundle(viewer, scope).expect("export");
    let problems = ips_problems(&bundle);
    assert!(problems.is_empty(), "{problems:?}");
    bundle
}

fn resources<'a>(bundle: &'a Bundle, kind: &str) -> Vec<&'a Resource> {
    bundle
        .entry
        .iter()
        .filter_map(|e| e.resource.as_ref())
        .filter(|r| r.resource_type() == kind)
        .collect()
}

fn section_reason(bundle: &Bundle, section: IpsSection) -> Option<String> {
    let Some(Resource::Composition(c)) = bundle.entry[0].resource.as_ref() else {
        panic!("no Composition first")
    };
    let s = c.section.iter().find(|s| {
        s.code
            .as_ref()
            .is_some_and(|k| k.has_code(LOINC, section.loinc().code))
    })?;
    s.empty_reason
        .as_ref()
        .and_then(|r| {
            r.coding
                .iter()
                .find(|c| c.system.as_deref() == Some(LIST_EMPTY_REASON))
        })
        .and_then(|c| c.code.clone())
}

#[test]
fn the_demo_record_exports_for_every_viewer_keeping_the_ips_rules() {
    let r = demo();
    let person = export(&r.record, Viewer::Person, &ExportScope::everything());
    let shared = export(&r.record, Viewer::Shared, &ExportScope::everything());
    let emergency = export(&r.record, Viewer::Emergency, &ExportScope::everything());
    assert!(resources(&person, "Condition").len() > resources(&shared, "Condition").len());
    assert_eq!(resources(&emergency, "AllergyIntolerance").len(), 1);
    assert_eq!(resources(&shared, "MedicationStatement").len(), 4);
    assert_eq!(resources(&shared, "Immunization").len(), 1);
    assert_eq!(resources(&shared, "Goal").len(), 2);
    assert_eq!(resources(&shared, "RelatedPerson").len(), 2);
    assert_eq!(resources(&shared, "Consent").len(), 2);
    assert_eq!(resources(&shared, "QuestionnaireResponse").len(), 2);
    assert_eq!(resources(&shared, "CarePlan").len(), 1);
    let text = serde_json::to_string(&Resource::Bundle(Box::new(shared.clone()))).unwrap();
    assert!(
        text.contains("9434765919") && text.contains("reasonCode"),
        "NHS number and reasons go out"
    );
    assert!(!text.contains("PRIVATE-"), "a private entry went out");
}

#[test]
fn a_long_series_goes_out_as_day_summaries_and_short_ones_reading_by_reading() {
    let r = demo();
    let shared = export(&r.record, Viewer::Shared, &ExportScope::everything());
    let observations = resources(&shared, "Observation");
    let glucose: Vec<_> = observations
        .iter()
        .filter_map(|r| match r {
            Resource::Observation(o) if o.code.has_code(LOINC, "15074-8") => Some(o),
            _ => None,
        })
        .collect();
    // 3 days of a sensor every 15 minutes: 3 summaries, no single readings.
    assert_eq!(glucose.len(), 3, "{glucose:?}");
    assert!(
        glucose
            .iter()
            .all(|o| o.effective_period.is_some() && o.value_quantity.is_none())
    );
    assert!(glucose.iter().all(|o| o.component.len() == 4));
    let bp: Vec<_> = observations
        .iter()
        .filter(|r| matches!(r, Resource::Observation(o) if o.code.has_code(LOINC, "85354-9")))
        .collect();
    assert_eq!(bp.len(), 4);
    // The emergency viewer sees only the heart rates.
    let emergency = export(&r.record, Viewer::Emergency, &ExportScope::everything());
    assert_eq!(resources(&emergency, "Observation").len(), 4);
}

#[test]
fn readings_whose_time_cannot_be_trusted_stay_out() {
    let mut r = ClockedRecord::at(now());
    fill(&mut r.record);
    let mut ahead = NewReading::manual(
        ReadingValue::Weight { kg: 70.0 },
        time("2026-11-30T08:00:00+00:00"),
    );
    ahead.visibility = Visibility::Shared;
    ahead.flags.push(ReadingFlag::TimeUncertain);
    ahead.source = phr_core::model::ReadingSource::Device;
    ahead.device = Some(phr_core::model::DeviceIdentity {
        id: "scale-1".into(),
        manufacturer: None,
        model: None,
    });
    r.record.add_readings(&[ahead]).unwrap();
    let shared = export(&r.record, Viewer::Shared, &ExportScope::everything());
    assert!(
        resources(&shared, "Observation")
            .iter()
            .all(|o| !matches!(o, Resource::Observation(o) if o.code.has_code(LOINC, "29463-7")))
    );
}

#[test]
fn required_sections_say_nil_known_only_when_a_statement_says_so() {
    let mut r = ClockedRecord::at(now());
    let empty = export(&r.record, Viewer::Person, &ExportScope::everything());
    for section in IpsSection::REQUIRED {
        assert_eq!(
            section_reason(&empty, section).as_deref(),
            Some("unavailable")
        );
    }
    let nka = std::fs::read(checkers::fixture(
        "uk-core/ukcore-ig/UKCore-AllergyIntolerance-Sn-NegHandlNoKnownAllergies-Example.json",
    ))
    .unwrap();
    let options = ImportOptions {
        default_visibility: Visibility::Shared,
        ..ImportOptions::default()
    };
    r.record.import_fhir(&nka, &options).unwrap();
    let shared = export(&r.record, Viewer::Shared, &ExportScope::everything());
    assert_eq!(
        section_reason(&shared, IpsSection::Allergies).as_deref(),
        Some("nilknown")
    );
    assert_eq!(
        section_reason(&shared, IpsSection::Problems).as_deref(),
        Some("unavailable")
    );
    // The emergency viewer may not see the statement.
    let emergency = export(&r.record, Viewer::Emergency, &ExportScope::everything());
    assert_eq!(
        section_reason(&emergency, IpsSection::Allergies).as_deref(),
        Some("unavailable")
    );
    // An allergy the viewer may see replaces the statement.
    fhir_support::add(&mut r.record, common::allergy("Latex"), Visibility::Shared);
    let shared = export(&r.record, Viewer::Shared, &ExportScope::everything());
    assert_eq!(section_reason(&shared, IpsSection::Allergies), None);
}

#[test]
fn the_scope_narrows_what_goes_out() {
    let r = demo();
    let allergies_only = ExportScope {
        kinds: vec![EntryKind::Allergy],
        readings: false,
        ..ExportScope::everything()
    };
    let b = export(&r.record, Viewer::Shared, &allergies_only);
    assert_eq!(resources(&b, "AllergyIntolerance").len(), 2);
    assert!(resources(&b, "Condition").is_empty() && resources(&b, "Observation").is_empty());
    let about_me = ExportScope {
        sections: vec![Section::AboutMe],
        readings: false,
        ..ExportScope::everything()
    };
    let b = export(&r.record, Viewer::Shared, &about_me);
    assert_eq!(resources(&b, "Goal").len(), 2);
    assert!(resources(&b, "MedicationStatement").is_empty());
    let since = ExportScope {
        kinds: vec![EntryKind::Allergy],
        readings: true,
        readings_since: Some(time("2026-11-29T00:00:00+00:00").to_utc()),
        ..ExportScope::everything()
    };
    let b = export(&r.record, Viewer::Shared, &since);
    let observations = resources(&b, "Observation");
    assert!(!observations.is_empty());
    assert!(observations.iter().all(|o| {
        match o {
            Resource::Observation(o) => o
                .effective_date_time
                .as_deref()
                .or(o.effective_period.as_ref().and_then(|p| p.start.as_deref()))
                .is_some_and(|t| t >= "2026-11-29"),
            _ => false,
        }
    }));
}

/// The demo's exports for each viewer, and the export of a record made by importing
/// each fixture.
fn documents(dir: &std::path::Path) -> Vec<PathBuf> {
    let r = demo();
    let mut files = Vec::new();
    for viewer in [Viewer::Person, Viewer::Shared, Viewer::Emergency] {
        let json = r
            .record
            .export_ips(viewer, &ExportScope::everything())
            .unwrap();
        files.push(checkers::write_temp(
            dir,
            &format!("demo-{viewer:?}.json"),
            &json,
        ));
    }
    for (i, path) in checkers::fhir_fixtures().into_iter().enumerate() {
        let mut fresh = ClockedRecord::at(now());
        let bytes = std::fs::read(&path).unwrap();
        fresh
            .record
            .import_fhir(&bytes, &ImportOptions::default())
            .unwrap();
        let json = fresh
            .record
            .export_ips(Viewer::Person, &ExportScope::everything())
            .unwrap();
        let name = format!(
            "fixture-{i:02}-{}",
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .replace(' ', "_")
        );
        files.push(checkers::write_temp(dir, &name, &json));
    }
    files
}

fn accepted(checker: &str, verdicts: &checkers::Verdicts) {
    let rejected: Vec<_> = verdicts.iter().filter(|(_, p)| !p.is_empty()).collect();
    assert!(rejected.is_empty(), "{checker} rejects: {rejected:#?}");
}

#[test]
fn exports_pass_the_independent_checkers_and_the_ips_invariants() {
    let (Some(modules), Some(python)) = (
        checkers::node_modules("exports against the checkers"),
        checkers::python("exports against the checkers"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = documents(dir.path());
    accepted(
        "FHIR.js",
        &checkers::run(&mut checkers::node(&modules, "fhirjs.mjs"), &files),
    );
    accepted(
        "the R4 JSON schema",
        &checkers::run(&mut checkers::node(&modules, "json_schema.mjs"), &files),
    );
    accepted(
        "fhir.resources",
        &checkers::run(
            &mut checkers::python_checker(&python, "fhir_resources.py"),
            &files,
        ),
    );
    let mut ips = checkers::python_checker(&python, "ips_invariants.py");
    ips.env("PHR_CHECKERS_NODE_MODULES", &modules);
    accepted("the IPS invariants", &checkers::run(&mut ips, &files));
    println!(
        "{} documents accepted by FHIR.js, the R4 JSON schema, fhir.resources and the IPS invariants",
        files.len()
    );
}
