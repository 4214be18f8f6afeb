//! Documents the tests build: a full summary, and one with nothing in it. The person and
//! the numbers are made up; the SNOMED CT and dm+d codes are those of the UK Core and
//! NHS API examples in the fixtures, the LOINC and UCUM codes those of SHARING.md.

use chrono::{DateTime, FixedOffset};
use phr_core::fhir::codes::{self, EmptyReason, IpsSection};
use phr_core::fhir::datatypes::{
    CodeableConcept, Coding, Decimal, HumanName, Identifier, Narrative, Quantity, Reference,
};
use phr_core::fhir::resources::{
    AllergyIntolerance, AllergyReaction, Condition, Consent, Immunization, Medication,
    MedicationStatement, Observation, ObservationComponent, Patient, Procedure,
};
use phr_core::fhir::{Bundle, DocumentBuilder};

pub const PATIENT_ID: &str = "3f1c6a52-9d0e-4c8b-a7e4-2b5d9c0f1e63";

pub fn when() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-12-01T09:30:00+00:00").expect("a time")
}

pub fn patient() -> Patient {
    Patient {
        id: Some(PATIENT_ID.into()),
        identifier: vec![Identifier::new(codes::NHS_NUMBER, "9434765919")],
        name: vec![HumanName {
            family: Some("Jones".into()),
            given: vec![Some("Alex".into())],
            ..HumanName::default()
        }],
        gender: Some("female".into()),
        birth_date: Some("1961-04-12".into()),
        ..Patient::default()
    }
}

fn concept(system: &str, code: &str, display: &str) -> CodeableConcept {
    CodeableConcept::from_coding(Coding::new(system, code, display))
}

fn status(system: &str, code: &str) -> Option<CodeableConcept> {
    Some(CodeableConcept::from_coding(Coding {
        system: Some(system.into()),
        code: Some(code.into()),
        ..Coding::default()
    }))
}

fn me() -> Reference {
    Reference::to(&format!("urn:uuid:{PATIENT_ID}"))
}

fn vital_signs() -> Vec<CodeableConcept> {
    vec![concept(
        codes::OBSERVATION_CATEGORY,
        "vital-signs",
        "Vital Signs",
    )]
}

fn quantity(value: &str, unit: &str) -> Option<Quantity> {
    Some(Quantity::ucum(
        value.parse::<Decimal>().expect("a decimal"),
        unit,
    ))
}

/// A summary with every section the record fills.
pub fn full_document() -> Bundle {
    let mut doc = DocumentBuilder::new(patient(), when());
    doc.identifier(
        "d6a1a0f2-6a3e-4c55-9b1f-0e7c2a4b5d68"
            .parse()
            .expect("a UUID"),
    );
    doc.add(
        IpsSection::Problems,
        Condition {
            id: Some("0b8e7c36-2f4a-4d1b-9e55-6c3a7d8f9012".into()),
            clinical_status: status(
                "http://terminology.hl7.org/CodeSystem/condition-clinical",
                "active",
            ),
            code: Some(concept(
                codes::SNOMED_CT,
                "44054006",
                "Diabetes mellitus type 2",
            )),
            subject: me(),
            onset_date_time: Some("2015-03".into()),
            ..Condition::default()
        },
    );
    doc.add(
        IpsSection::Allergies,
        AllergyIntolerance {
            id: Some("5e2d4c1b-8a7f-4e3d-b2c1-9f8e7d6c5b4a".into()),
            clinical_status: status(
                "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
                "active",
            ),
            code: Some(concept(codes::SNOMED_CT, "227493005", "Cashew nut")),
            patient: me(),
            reaction: vec![AllergyReaction {
                manifestation: vec![concept(codes::SNOMED_CT, "247472004", "Urticarial rash")],
                severity: Some("severe".into()),
                ..AllergyReaction::default()
            }],
            ..AllergyIntolerance::default()
        },
    );
    let aspirin = Medication {
        id: Some("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d".into()),
        code: Some(concept(
            codes::DMD,
            "329526003",
            "Aspirin 300mg dispersible tablets",
        )),
        ..Medication::default()
    };
    doc.add(
        IpsSection::Medication,
        MedicationStatement {
            id: Some("1d2c3b4a-5f6e-4d7c-8b9a-0f1e2d3c4b5a".into()),
            status: "active".into(),
            medication_reference: Some(Reference::to(
                "urn:uuid:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            )),
            subject: me(),
            ..MedicationStatement::default()
        },
    );
    doc.supporting(aspirin);
    doc.add(
        IpsSection::Immunizations,
        Immunization {
            id: Some("7f6e5d4c-3b2a-4190-8e7d-6c5b4a392817".into()),
            status: "completed".into(),
            vaccine_code: concept(
                codes::SNOMED_CT,
                "39114911000001105",
                "COVID-19 Vaccine Vaxzevria",
            ),
            patient: me(),
            occurrence_date_time: Some("2026-10-02".into()),
            lot_number: Some("AB1234".into()),
            ..Immunization::default()
        },
    );
    doc.add(
        IpsSection::Procedures,
        Procedure {
            id: Some("2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f".into()),
            status: "completed".into(),
            code: Some(concept(
                codes::SNOMED_CT,
                "52734007",
                "Total hip replacement",
            )),
            subject: me(),
            performed_date_time: Some("2019-06-14".into()),
            ..Procedure::default()
        },
    );
    let glucose = codes::GLUCOSE_CAPILLARY_MMOL;
    doc.add(
        IpsSection::VitalSigns,
        Observation {
            id: Some("4b5c6d7e-8f90-4a1b-b2c3-d4e5f6a7b8c9".into()),
            status: "final".into(),
            category: vital_signs(),
            code: concept(codes::LOINC, glucose.loinc, glucose.display),
            subject: Some(me()),
            effective_date_time: Some("2026-11-30T07:45:00+00:00".into()),
            value_quantity: quantity("5.40", glucose.ucum),
            ..Observation::default()
        },
    );
    let component = |code: codes::ReadingCode, value: &str| ObservationComponent {
        code: concept(codes::LOINC, code.loinc, code.display),
        value_quantity: quantity(value, code.ucum),
        ..ObservationComponent::default()
    };
    doc.add(
        IpsSection::VitalSigns,
        Observation {
            id: Some("6d7e8f90-a1b2-4c3d-94e5-f6a7b8c9d0e1".into()),
            status: "final".into(),
            category: vital_signs(),
            code: concept(
                codes::LOINC,
                codes::BLOOD_PRESSURE_PANEL.loinc,
                codes::BLOOD_PRESSURE_PANEL.display,
            ),
            subject: Some(me()),
            effective_date_time: Some("2026-11-30T07:50:00+00:00".into()),
            component: vec![
                component(codes::SYSTOLIC, "128"),
                component(codes::DIASTOLIC, "82"),
            ],
            ..Observation::default()
        },
    );
    doc.add(
        IpsSection::AdvanceDirectives,
        Consent {
            id: Some("8f90a1b2-c3d4-4e5f-a6b7-c8d9e0f1a2b3".into()),
            text: Some(Narrative {
                status: "generated".into(),
                div:
                    "<div xmlns=\"http://www.w3.org/1999/xhtml\">I want to donate my organs.</div>"
                        .into(),
                ..Narrative::default()
            }),
            status: "active".into(),
            scope: concept(
                "http://terminology.hl7.org/CodeSystem/consentscope",
                "adr",
                "Advanced Care Directive",
            ),
            category: vec![concept("http://loinc.org", "59284-0", "Patient Consent")],
            patient: Some(me()),
            ..Consent::default()
        },
    );
    doc.build().expect("the full document builds")
}

/// A summary of someone who has said they have no allergies and nothing else.
pub fn sparse_document() -> Bundle {
    let mut doc = DocumentBuilder::new(patient(), when());
    doc.empty(IpsSection::Allergies, EmptyReason::NilKnown);
    doc.build().expect("the sparse document builds")
}
