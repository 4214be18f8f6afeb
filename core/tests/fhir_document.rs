//! The IPS-style document builder: what it writes, what it refuses.

mod checkers;

use checkers::sample::{self, PATIENT_ID};
use phr_core::fhir::codes::{self, EmptyReason, IpsSection, LIST_EMPTY_REASON, LOINC};
use phr_core::fhir::datatypes::{CodeableConcept, Reference};
use phr_core::fhir::resources::{
    AllergyIntolerance, Composition, Condition, Observation, Practitioner,
};
use phr_core::fhir::{
    Bundle, BundleType, DocumentBuilder, DocumentError, FhirInput, Resource, ips_problems,
    parse_input, unresolved_references,
};

fn composition(bundle: &Bundle) -> &Composition {
    match bundle.entry.first().and_then(|e| e.resource.as_ref()) {
        Some(Resource::Composition(c)) => c,
        _ => panic!("the first entry is not a Composition"),
    }
}

fn section_codes(bundle: &Bundle) -> Vec<String> {
    composition(bundle)
        .section
        .iter()
        .map(|s| {
            s.code
                .as_ref()
                .and_then(|c| c.coding[0].code.clone())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn a_full_summary_keeps_every_ips_rule() {
    let bundle = sample::full_document();
    assert_eq!(ips_problems(&bundle), Vec::<String>::new());
    assert_eq!(bundle.type_, BundleType::Document);
    assert_eq!(bundle.timestamp.as_deref(), Some("2026-12-01T09:30:00Z"));
    let identifier = bundle.identifier.as_ref().expect("an identifier");
    assert_eq!(identifier.system.as_deref(), Some(codes::URI_IDENTIFIER));
    assert_eq!(
        identifier.value.as_deref(),
        Some("urn:uuid:d6a1a0f2-6a3e-4c55-9b1f-0e7c2a4b5d68")
    );

    let c = composition(&bundle);
    assert!(c.type_.has_code(LOINC, "60591-5"));
    assert_eq!(c.status, "final");
    assert_eq!(c.date, "2026-12-01T09:30:00Z");
    let me = format!("urn:uuid:{PATIENT_ID}");
    assert_eq!(
        c.subject.as_ref().and_then(|s| s.reference.as_deref()),
        Some(me.as_str())
    );
    // The person keeps their own record: they are its author.
    assert_eq!(c.author[0].reference.as_deref(), Some(me.as_str()));
    // Required sections first, then the others in the IPS IG's order.
    assert_eq!(
        section_codes(&bundle),
        [
            "11450-4", "48765-2", "10160-0", "11369-6", "47519-4", "8716-3", "42348-3"
        ]
    );
    for section in &c.section {
        let div = &section.text.as_ref().expect("text").div;
        assert!(
            div.starts_with("<div xmlns=\"http://www.w3.org/1999/xhtml\">"),
            "{div}"
        );
        assert!(section.empty_reason.is_none() && !section.entry.is_empty());
    }
}

#[test]
fn every_entry_has_a_urn_uuid_and_every_reference_uses_one() {
    let bundle = sample::full_document();
    // Composition, Patient, 8 section entries, the supporting Medication.
    assert_eq!(bundle.entry.len(), 11);
    for entry in &bundle.entry {
        let url = entry.full_url.as_deref().expect("a fullUrl");
        let uuid = url.strip_prefix("urn:uuid:").expect("a urn:uuid");
        assert!(uuid.parse::<uuid::Uuid>().is_ok(), "{url}");
        // A resource whose id is a UUID has exactly that in its fullUrl.
        let resource = entry.resource.as_ref().expect("a resource");
        assert_eq!(resource.id(), Some(uuid));
    }
    assert_eq!(unresolved_references(&bundle), Vec::<String>::new());
    let text = serde_json::to_string(&bundle).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut references = Vec::new();
    collect(&value, &mut references);
    // Composition: subject, author, 8 section entries; 8 resources' subject or patient;
    // the statement's medication.
    assert_eq!(references.len(), 19);
    for r in references {
        assert!(r.starts_with("urn:uuid:"), "{r}");
    }
}

fn collect(value: &serde_json::Value, found: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match v {
                    serde_json::Value::String(s) if k == "reference" => found.push(s.clone()),
                    _ => collect(v, found),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect(i, found)),
        _ => {}
    }
}

#[test]
fn what_the_builder_writes_reads_back_as_the_same_bundle() {
    let bundle = sample::full_document();
    let text = serde_json::to_vec_pretty(&Resource::Bundle(Box::new(bundle.clone()))).unwrap();
    let FhirInput::Bundle(read) = parse_input(&text).unwrap() else {
        panic!("not a Bundle")
    };
    assert_eq!(*read, bundle);
    // The reading's decimal keeps its trailing zero.
    assert!(String::from_utf8(text).unwrap().contains("\"value\": 5.40"));
}

#[test]
fn required_sections_without_anything_say_there_is_no_information() {
    let bundle = DocumentBuilder::new(sample::patient(), sample::when())
        .build()
        .unwrap();
    assert_eq!(ips_problems(&bundle), Vec::<String>::new());
    assert_eq!(section_codes(&bundle), ["11450-4", "48765-2", "10160-0"]);
    for section in &composition(&bundle).section {
        let reason = section.empty_reason.as_ref().expect("an emptyReason");
        assert!(reason.has_code(LIST_EMPTY_REASON, "unavailable"));
        assert_eq!(reason.coding[0].display.as_deref(), Some("Unavailable"));
        assert!(
            section
                .text
                .as_ref()
                .unwrap()
                .div
                .contains("No information available.")
        );
    }
    // Only the Composition and the Patient.
    assert_eq!(bundle.entry.len(), 2);
}

#[test]
fn no_known_allergies_is_nil_known_not_no_information() {
    let bundle = sample::sparse_document();
    let sections = &composition(&bundle).section;
    let allergies = sections
        .iter()
        .find(|s| s.title.as_deref() == Some("Allergies and Intolerances"))
        .unwrap();
    let reason = allergies.empty_reason.as_ref().unwrap();
    assert!(reason.has_code(LIST_EMPTY_REASON, "nilknown"));
    assert_eq!(reason.coding[0].display.as_deref(), Some("Nil Known"));
    assert!(
        allergies
            .text
            .as_ref()
            .unwrap()
            .div
            .contains("No known allergies.")
    );
    let problems = &sections[0];
    assert!(
        problems
            .empty_reason
            .as_ref()
            .unwrap()
            .has_code(LIST_EMPTY_REASON, "unavailable")
    );
    assert_eq!(ips_problems(&bundle), Vec::<String>::new());
}

#[test]
fn the_builder_refuses_what_would_break_the_document() {
    let me = Reference::to(&format!("urn:uuid:{PATIENT_ID}"));
    let allergy = AllergyIntolerance {
        id: Some("a1".into()),
        code: Some(CodeableConcept::from_text("Latex")),
        patient: me.clone(),
        ..AllergyIntolerance::default()
    };

    let mut doc = DocumentBuilder::new(sample::patient(), sample::when());
    doc.add(IpsSection::Allergies, allergy.clone())
        .empty(IpsSection::Allergies, EmptyReason::NilKnown);
    assert_eq!(
        doc.build(),
        Err(DocumentError::EntriesAndEmptyReason(
            "Allergies and Intolerances"
        ))
    );

    let mut doc = DocumentBuilder::new(sample::patient(), sample::when());
    doc.add(IpsSection::Problems, allergy.clone());
    assert!(
        matches!(doc.build(), Err(DocumentError::NotAllowedInSection { resource_type, .. }) if resource_type == "AllergyIntolerance")
    );

    let mut doc = DocumentBuilder::new(sample::patient(), sample::when());
    doc.add(
        IpsSection::Allergies,
        AllergyIntolerance {
            patient: Reference::to("Patient/elsewhere"),
            ..allergy.clone()
        },
    );
    let Err(DocumentError::UnresolvedReferences(unresolved)) = doc.build() else {
        panic!("built")
    };
    assert_eq!(
        unresolved,
        ["entry[2] (AllergyIntolerance/a1): Patient/elsewhere"]
    );

    let mut doc = DocumentBuilder::new(sample::patient(), sample::when());
    doc.add(IpsSection::Allergies, allergy.clone());
    doc.add(
        IpsSection::Allergies,
        AllergyIntolerance {
            criticality: Some("high".into()),
            ..allergy.clone()
        },
    );
    assert_eq!(
        doc.build(),
        Err(DocumentError::DuplicateId("AllergyIntolerance/a1".into()))
    );

    let mut doc = DocumentBuilder::new(sample::patient(), sample::when());
    doc.author(Observation::default());
    assert_eq!(
        doc.build(),
        Err(DocumentError::NotAnAuthor("Observation".into()))
    );
}

#[test]
fn one_resource_in_two_places_is_one_entry_and_ids_are_given_when_missing() {
    let me = Reference::to(&format!("urn:uuid:{PATIENT_ID}"));
    let condition = Condition {
        id: Some("c1".into()),
        code: Some(CodeableConcept::from_text("Knee pain")),
        subject: me.clone(),
        ..Condition::default()
    };
    let mut doc = DocumentBuilder::new(sample::patient(), sample::when());
    doc.add(IpsSection::Problems, condition.clone());
    doc.add(IpsSection::FunctionalStatus, condition);
    doc.add(
        IpsSection::Problems,
        Condition {
            code: Some(CodeableConcept::from_text("No id")),
            subject: me,
            ..Condition::default()
        },
    );
    doc.author(Practitioner {
        id: Some("p1".into()),
        ..Practitioner::default()
    });
    let bundle = doc.build().unwrap();
    // Composition, Patient, the Practitioner, c1 once, the condition without an id.
    assert_eq!(bundle.entry.len(), 5);
    let c = composition(&bundle);
    assert_eq!(c.section[0].entry.len(), 2);
    let functional = c
        .section
        .iter()
        .find(|s| s.title.as_deref() == Some("Functional Status"))
        .unwrap();
    assert_eq!(functional.entry[0], c.section[0].entry[0]);
    let given = bundle.entry[4].resource.as_ref().unwrap();
    assert!(
        given
            .id()
            .is_some_and(|id| id.parse::<uuid::Uuid>().is_ok())
    );
    // A non-UUID id keeps its id and gets a fresh urn:uuid.
    assert_eq!(bundle.entry[2].resource.as_ref().unwrap().id(), Some("p1"));
    assert!(
        bundle.entry[2]
            .full_url
            .as_deref()
            .unwrap()
            .starts_with("urn:uuid:")
    );
    assert_eq!(ips_problems(&bundle), Vec::<String>::new());
}

#[test]
fn text_from_the_record_is_escaped_in_the_narrative() {
    let mut doc = DocumentBuilder::new(sample::patient(), sample::when());
    doc.add(
        IpsSection::Problems,
        Condition {
            id: Some("c1".into()),
            code: Some(CodeableConcept::from_text(
                "<script>alert('x')</script> & co",
            )),
            subject: Reference::to(&format!("urn:uuid:{PATIENT_ID}")),
            ..Condition::default()
        },
    );
    doc.title("Alex's <summary>");
    let bundle = doc.build().unwrap();
    let c = composition(&bundle);
    let div = &c.section[0].text.as_ref().unwrap().div;
    assert!(
        div.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"),
        "{div}"
    );
    assert!(!div.contains("<script>"));
    assert_eq!(c.title, "Alex's <summary>");
}

#[test]
fn the_ips_rules_check_finds_what_is_wrong() {
    let mut bundle = sample::full_document();
    bundle.identifier = None;
    bundle.entry.swap(0, 1);
    let problems = ips_problems(&bundle);
    assert!(problems.iter().any(|p| p.contains("bdl-9")), "{problems:?}");
    assert!(
        problems.iter().any(|p| p.contains("not a Composition")),
        "{problems:?}"
    );

    let mut bundle = sample::full_document();
    let Some(Resource::Composition(c)) = bundle.entry[0].resource.as_mut() else {
        panic!()
    };
    c.section.remove(1);
    c.section[0].empty_reason = Some(CodeableConcept::from_text("both"));
    bundle.entry.pop();
    let problems = ips_problems(&bundle);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("48765-2") && p.contains("0 times")),
        "{problems:?}"
    );
    assert!(problems.iter().any(|p| p.contains("cmp-2")), "{problems:?}");
    assert!(
        problems.iter().any(|p| p.contains("unresolved reference")),
        "{problems:?}"
    );
}
