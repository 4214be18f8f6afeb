//! The FHIR layer on real data written by others: every fixture parses, writes back
//! exactly what it read, holds the resources SOURCES.md says, and gives typed access
//! to what the record will map.

mod checkers;

use std::collections::BTreeMap;
use std::path::Path;

use phr_core::fhir::codes::{self, NHS_NUMBER, NHS_NUMBER_VERIFICATION_STATUS_EXTENSION};
use phr_core::fhir::resources::MODELLED_TYPES;
use phr_core::fhir::{Bundle, FhirInput, Resource, ips_problems, parse_input, parse_resource};
use serde_json::Value;

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse(path: &Path) -> Resource {
    parse_resource(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", checkers::short(path)))
}

/// The text of every number in a JSON text, outside strings, sorted: what "exactly"
/// means for numbers (`4.0` stays `4.0`).
fn number_texts(json: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut chars = json.char_indices().peekable();
    let mut in_string = false;
    let mut escaped = false;
    while let Some((at, c)) = chars.next() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if c == '"' {
            in_string = true;
        } else if c == '-' || c.is_ascii_digit() {
            let mut end = at + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if d.is_ascii_digit() || matches!(d, '.' | 'e' | 'E' | '+' | '-') {
                    end = i + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            found.push(json[at..end].to_owned());
        }
    }
    found.sort();
    found
}

/// Parse, write, parse again: the same resource, the same JSON value, the same numbers.
fn assert_lossless(path: &Path) {
    let original = String::from_utf8(read(path)).expect("UTF-8");
    let resource = parse(path);
    let written = serde_json::to_string(&resource).expect("write");
    let again = parse_resource(written.as_bytes()).expect("read what was written");
    assert_eq!(
        again,
        resource,
        "{}: parse(write(x)) differs",
        checkers::short(path)
    );
    let before: Value = serde_json::from_str(&original).expect("JSON");
    let after: Value = serde_json::from_str(&written).expect("JSON");
    assert!(
        before == after,
        "{}: the JSON changed",
        checkers::short(path)
    );
    assert_eq!(
        number_texts(&original),
        number_texts(&written),
        "{}: a number's text changed",
        checkers::short(path)
    );
}

/// Every resource in it, entries of nested Bundles and contained resources included.
fn count_types(resource: &Resource, counts: &mut BTreeMap<String, usize>) {
    *counts
        .entry(resource.resource_type().to_owned())
        .or_default() += 1;
    let json = serde_json::to_value(resource).expect("write");
    if let Some(contained) = json.get("contained").and_then(Value::as_array) {
        for c in contained {
            let inner: Resource = serde_json::from_value(c.clone()).expect("contained resource");
            count_types(&inner, counts);
        }
    }
    if let Resource::Bundle(bundle) = resource {
        for r in bundle.entry.iter().filter_map(|e| e.resource.as_ref()) {
            count_types(r, counts);
        }
    }
}

fn counts(relative: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    count_types(&parse(&checkers::fixture(relative)), &mut counts);
    counts
}

fn bundle(relative: &str) -> Bundle {
    match parse(&checkers::fixture(relative)) {
        Resource::Bundle(b) => *b,
        other => panic!("{relative} is a {}", other.resource_type()),
    }
}

#[test]
fn every_fhir_fixture_is_accepted_as_input() {
    let mut resources = 0;
    for path in checkers::fhir_fixtures() {
        let input =
            parse_input(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", checkers::short(&path)));
        resources += input.resources().len();
    }
    // The top-level resources of the fixtures whose SHA-256 SOURCES.md lists (one
    // Bundle, "NoAllergyData", is an empty search set).
    assert_eq!(resources, 617);
}

#[test]
fn every_fhir_fixture_writes_back_exactly_what_it_read() {
    for path in checkers::fhir_fixtures() {
        assert_lossless(&path);
    }
}

#[test]
fn the_official_ips_examples_write_back_exactly_what_they_read() {
    let Some(modules) = checkers::node_modules("IPS example round trip") else {
        return;
    };
    for path in checkers::ips_examples(&modules) {
        assert_lossless(&path);
    }
}

#[test]
fn modelled_types_are_never_left_as_raw_json() {
    fn check(resource: &Resource, path: &Path) {
        if let Resource::Other { resource_type, .. } = resource {
            assert!(
                !MODELLED_TYPES.contains(&resource_type.as_str()),
                "{}: {resource_type}",
                checkers::short(path)
            );
        }
        if let Resource::Bundle(b) = resource {
            b.entry
                .iter()
                .filter_map(|e| e.resource.as_ref())
                .for_each(|r| check(r, path));
        }
    }
    for path in checkers::fhir_fixtures() {
        check(&parse(&path), &path);
    }
}

#[test]
fn resource_counts_match_sources_md() {
    let expect = |relative: &str, wanted: &[(&str, usize)]| {
        let got = counts(relative);
        for (kind, n) in wanted {
            assert_eq!(
                got.get(*kind).copied().unwrap_or(0),
                *n,
                "{relative}: {kind} in {got:?}"
            );
        }
    };
    expect(
        "synthea/Marcos_Delagarza_4acb6705-25a7-430a-b799-a4ad8d7fbb38.json",
        &[
            ("AllergyIntolerance", 7),
            ("Immunization", 7),
            ("Condition", 4),
            ("MedicationRequest", 4),
            ("Observation", 82),
        ],
    );
    expect(
        "synthea/Louis_Maggio_2e275d4b-855a-4eb2-9021-5410aa8acd4f.json",
        &[
            ("Condition", 12),
            ("Immunization", 9),
            ("MedicationRequest", 5),
            ("Observation", 66),
        ],
    );
    expect(
        "synthea/Reyna_Ziemann_08f8bfce-34cf-4b5a-a398-8e49650c6e3c.json",
        &[
            ("AllergyIntolerance", 10),
            ("Condition", 9),
            ("Immunization", 8),
            ("Observation", 102),
        ],
    );
    expect(
        "uk-core/ukcore-ig/UKCore-Bundle-NEWS2Observations-Example.json",
        &[("Observation", 8)],
    );
    expect(
        "uk-core/bars-api/appointment/GET-success.json",
        &[("Appointment", 2)],
    );
    // A searchset holding a collection Bundle with four MedicationRequests.
    expect(
        "uk-core/prescriptions-for-patients/success.json",
        &[("Bundle", 2), ("MedicationRequest", 4)],
    );
    // Immunisation API events contain their Patient and Practitioner.
    expect(
        "uk-core/immunisation-api/completed_covid_immunization_event.json",
        &[("Immunization", 1), ("Patient", 1), ("Practitioner", 1)],
    );
    expect(
        "uk-core/ukcore-ig/UKCore-Bundle-AllergyList-Example.json",
        &[("List", 1), ("AllergyIntolerance", 1)],
    );
}

#[test]
fn synthea_bundles_are_transactions_of_urn_uuid_posts() {
    let b = bundle("synthea/Louis_Maggio_2e275d4b-855a-4eb2-9021-5410aa8acd4f.json");
    assert_eq!(b.type_.as_str(), "transaction");
    for entry in &b.entry {
        assert!(
            entry
                .full_url
                .as_deref()
                .is_some_and(|u| u.starts_with("urn:uuid:"))
        );
        assert_eq!(
            entry.request.as_ref().map(|r| r.method.as_str()),
            Some("POST")
        );
    }
    assert!(phr_core::fhir::unresolved_references(&b).is_empty());
}

#[test]
fn nhs_numbers_and_both_verification_status_systems_are_typed() {
    for (relative, system) in [
        (
            "uk-core/pds-api/Patient.json",
            codes::NHS_NUMBER_VERIFICATION_STATUS,
        ),
        (
            "uk-core/ukcore-ig/UKCore-Patient-RichardSmith-Example.json",
            codes::NHS_NUMBER_VERIFICATION_STATUS_ENGLAND,
        ),
    ] {
        let Resource::Patient(patient) = parse(&checkers::fixture(relative)) else {
            panic!("{relative} is not a Patient");
        };
        let nhs = patient
            .identifier
            .iter()
            .find(|i| i.system.as_deref() == Some(NHS_NUMBER))
            .expect("NHS number");
        assert_eq!(nhs.value.as_deref().map(str::len), Some(10));
        let status = nhs
            .extension
            .iter()
            .find(|e| e.url == NHS_NUMBER_VERIFICATION_STATUS_EXTENSION)
            .expect("status");
        let (name, value) = status.value().expect("a value");
        assert_eq!(name, "valueCodeableConcept");
        assert_eq!(value["coding"][0]["system"], system);
        assert!(codes::NHS_NUMBER_VERIFICATION_STATUS_SYSTEMS.contains(&system));
    }
}

#[test]
fn readings_and_results_keep_their_codes_values_and_ranges() {
    let Resource::Observation(bp) = parse(&checkers::fixture(
        "uk-core/ukcore-ig/UKCore-Observation-VitalSigns-BloodPressure-Example.json",
    )) else {
        panic!("not an Observation");
    };
    let part = |loinc: &str| {
        bp.component
            .iter()
            .find(|c| c.code.has_code(codes::LOINC, loinc))
            .and_then(|c| c.value_quantity.as_ref())
    };
    let systolic = part(codes::SYSTOLIC.loinc).expect("systolic");
    assert_eq!(
        (
            systolic.value.as_ref().map(|v| v.as_str()),
            systolic.code.as_deref()
        ),
        (Some("142"), Some("mm[Hg]"))
    );
    assert_eq!(
        part(codes::DIASTOLIC.loinc)
            .and_then(|q| q.value.as_ref())
            .map(|v| v.to_f64()),
        Some(94.0)
    );

    let Resource::Observation(wcc) = parse(&checkers::fixture(
        "uk-core/ukcore-ig/UKCore-Observation-Lab-WhiteCellCount-Example.json",
    )) else {
        panic!("not an Observation");
    };
    let range = &wcc.reference_range[0];
    let text = |q: &Option<phr_core::fhir::datatypes::Quantity>| {
        q.as_ref()
            .and_then(|q| q.value.as_ref())
            .map(|v| v.as_str().to_owned())
    };
    assert_eq!(
        (text(&range.low).as_deref(), text(&range.high).as_deref()),
        (Some("4.0"), Some("17.0"))
    );

    let Resource::Observation(glucose) = parse(&checkers::fixture(
        "uk-core/ukcore-ig/UKCore-Observation-FastingTest-Example.json",
    )) else {
        panic!("not an Observation");
    };
    let q = glucose.value_quantity.as_ref().expect("a value");
    assert_eq!(
        (q.value.as_ref().map(|v| v.as_str()), q.code.as_deref()),
        (Some("3.9"), Some("mmol/L"))
    );
}

#[test]
fn contained_resources_are_typed_and_their_references_are_fragments() {
    let Resource::Immunization(imm) = parse(&checkers::fixture(
        "uk-core/immunisation-api/completed_covid_immunization_event.json",
    )) else {
        panic!("not an Immunization");
    };
    assert_eq!(imm.patient.reference.as_deref(), Some("#Pat1"));
    assert!(
        imm.contained
            .iter()
            .any(|r| matches!(r, Resource::Patient(p) if p.id.as_deref() == Some("Pat1")))
    );
    assert!(imm.lot_number.is_some() && imm.dose_quantity.is_some());
}

#[test]
fn a_single_resource_is_input_as_itself() {
    let input = parse_input(&read(&checkers::fixture(
        "uk-core/bars-api/appointment/id/GET-success.json",
    )))
    .unwrap();
    let FhirInput::Resource(Resource::Appointment(appointment)) = input else {
        panic!("not an Appointment");
    };
    assert!(!appointment.participant.is_empty());
}

#[test]
fn the_ips_bundle_of_the_shl_example_keeps_the_ips_rules() {
    let b = bundle("shl/IPS_IG-bundle-01.json");
    assert_eq!(ips_problems(&b), Vec::<String>::new());
}

#[test]
fn the_official_ips_examples_keep_the_ips_rules() {
    let Some(modules) = checkers::node_modules("IPS rules on the IPS examples") else {
        return;
    };
    for path in checkers::ips_examples(&modules) {
        let Resource::Bundle(b) = parse(&path) else {
            panic!("not a Bundle")
        };
        assert_eq!(
            ips_problems(&b),
            Vec::<String>::new(),
            "{}",
            checkers::short(&path)
        );
    }
}
