//! About my health as resources: conditions (Condition), significant surgeries
//! (Procedure), allergies (AllergyIntolerance), vaccinations (Immunization), medicines
//! (MedicationStatement, with what each is for and, when stopped, the status and date)
//! and test results (Observation, category laboratory). Each resource has its entry's id
//! and says in words what the entry says, with the entry's coding.

use crate::fhir::Resource;
use crate::fhir::codes::{LOINC, OBSERVATION_CATEGORY};
use crate::fhir::datatypes::{
    Annotation, CodeableConcept, Coding, Decimal, Extension, Period, Quantity, Reference,
};
use crate::fhir::mapping::coding::{coded, concept};
use crate::fhir::mapping::status::{
    ALLERGY_CLINICAL, ALLERGY_VERIFICATION, CONDITION_CATEGORY, CONDITION_CLINICAL,
    CONDITION_STATUS, MEDICATION_STATEMENT_CATEGORY, SEVERITY,
};
use crate::fhir::mapping::{code_of, dates};
use crate::fhir::resources::Dosage;
use crate::fhir::resources::{
    AllergyIntolerance, AllergyReaction, Condition, Immunization, ImmunizationPerformer,
    ImmunizationProtocolApplied, MedicationStatement, Observation, ObservationReferenceRange,
    Procedure,
};
use crate::model::{self, ConditionKind, EntryId, MedicationOrigin, MedicationStatus, ResultValue};

/// The R4 core extension saying why a value is missing (`data-absent-reason`).
const DATA_ABSENT_REASON: &str = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

fn note(text: &Option<String>) -> Vec<Annotation> {
    text.iter()
        .map(|t| Annotation {
            text: t.clone(),
            ..Annotation::default()
        })
        .collect()
}

fn status(system: &str, code: &str) -> Option<CodeableConcept> {
    Some(CodeableConcept::from_coding(Coding {
        system: Some(system.into()),
        code: Some(code.into()),
        ..Coding::default()
    }))
}

/// A condition or a significant surgery.
pub fn condition(id: EntryId, c: &model::Condition, me: &Reference) -> Resource {
    let code = Some(concept(&c.name, c.code.as_ref()));
    match c.category {
        ConditionKind::Diagnosis => Condition {
            id: Some(id.to_string()),
            clinical_status: status(
                CONDITION_CLINICAL,
                code_of(&CONDITION_STATUS, &c.status).unwrap_or("active"),
            ),
            category: vec![coded(
                CONDITION_CATEGORY,
                "problem-list-item",
                "Problem List Item",
            )],
            code,
            subject: me.clone(),
            onset_date_time: c.since.map(dates::date_text),
            note: note(&c.notes),
            ..Condition::default()
        }
        .into(),
        ConditionKind::SignificantSurgery => Procedure {
            id: Some(id.to_string()),
            status: "completed".into(),
            code,
            subject: me.clone(),
            performed_date_time: c.since.map(dates::date_text),
            note: note(&c.notes),
            ..Procedure::default()
        }
        .into(),
    }
}

/// An allergy. A severity without a reaction is written with a manifestation whose
/// value is absent (R4 `data-absent-reason` `unknown`): `manifestation` is required.
pub fn allergy(id: EntryId, a: &model::Allergy, me: &Reference) -> AllergyIntolerance {
    let reaction = match (&a.reaction, a.severity) {
        (None, None) => Vec::new(),
        (reaction, severity) => {
            let manifestation = match reaction {
                Some(r) => CodeableConcept::from_text(r),
                None => {
                    let mut absent = Extension {
                        url: DATA_ABSENT_REASON.into(),
                        ..Extension::default()
                    };
                    let _ = absent.extra.insert("valueCode", &"unknown");
                    let mut concept = CodeableConcept::default();
                    let _ = concept.extra.insert("extension", &[absent]);
                    concept
                }
            };
            vec![AllergyReaction {
                manifestation: vec![manifestation],
                severity: severity
                    .and_then(|s| code_of(&SEVERITY, &s))
                    .map(str::to_owned),
                ..AllergyReaction::default()
            }]
        }
    };
    AllergyIntolerance {
        id: Some(id.to_string()),
        clinical_status: status(ALLERGY_CLINICAL, "active"),
        verification_status: status(ALLERGY_VERIFICATION, "confirmed"),
        code: Some(concept(&a.substance, a.code.as_ref())),
        patient: me.clone(),
        note: note(&a.notes),
        reaction,
        ..AllergyIntolerance::default()
    }
}

/// A vaccination.
pub fn vaccination(id: EntryId, v: &model::Vaccination, me: &Reference) -> Immunization {
    Immunization {
        id: Some(id.to_string()),
        status: "completed".into(),
        vaccine_code: concept(&v.vaccine, v.code.as_ref()),
        patient: me.clone(),
        occurrence_date_time: Some(dates::date_text(v.date)),
        lot_number: v.batch.clone(),
        performer: v
            .given_by
            .iter()
            .map(|g| ImmunizationPerformer {
                actor: Reference {
                    display: Some(g.clone()),
                    ..Reference::default()
                },
                ..ImmunizationPerformer::default()
            })
            .collect(),
        protocol_applied: v
            .dose_number
            .map(|n| ImmunizationProtocolApplied {
                dose_number_positive_int: Some(n),
                ..ImmunizationProtocolApplied::default()
            })
            .into_iter()
            .collect(),
        ..Immunization::default()
    }
}

/// A medicine: `active`, or `stopped` / `completed` with the date as the end of its
/// effective period; stopped by the person, with the patient as the information source
/// and their reason as the status reason.
pub fn medication(id: EntryId, m: &model::Medication, me: &Reference) -> MedicationStatement {
    let (status, ended, by_me, why) = match &m.status {
        MedicationStatus::Taking => ("active", None, false, None),
        MedicationStatus::StoppedByMe { on, reason } => {
            ("stopped", Some(*on), true, reason.clone())
        }
        MedicationStatus::StoppedByProfessional { on } => ("stopped", Some(*on), false, None),
        MedicationStatus::Completed { on } => ("completed", Some(*on), false, None),
    };
    let category = match m.origin {
        MedicationOrigin::OverTheCounter => ("patientspecified", "Patient Specified"),
        MedicationOrigin::Prescribed => ("community", "Community"),
    };
    MedicationStatement {
        id: Some(id.to_string()),
        status: status.into(),
        status_reason: why.iter().map(|w| CodeableConcept::from_text(w)).collect(),
        category: Some(coded(MEDICATION_STATEMENT_CATEGORY, category.0, category.1)),
        medication_codeable_concept: Some(concept(&m.name, m.code.as_ref())),
        subject: me.clone(),
        effective_period: ended.map(|on| Period {
            end: Some(dates::date_text(on)),
            ..Period::default()
        }),
        information_source: by_me.then(|| me.clone()),
        reason_code: m
            .reason
            .iter()
            .map(|r| CodeableConcept::from_text(r))
            .collect(),
        dosage: m
            .dose
            .iter()
            .map(|d| Dosage {
                text: Some(d.clone()),
                ..Dosage::default()
            })
            .collect(),
        ..MedicationStatement::default()
    }
}

fn ucum(value: f64, unit: &str) -> Option<Quantity> {
    Some(Quantity::ucum(Decimal::from_f64(value)?, unit))
}

/// A test result.
pub fn test_result(id: EntryId, t: &model::TestResult, me: &Reference) -> Observation {
    let mut code = CodeableConcept::from_text(&t.name);
    code.coding = t
        .loinc
        .iter()
        .map(|l| Coding {
            system: Some(LOINC.into()),
            code: Some(l.clone()),
            ..Coding::default()
        })
        .collect();
    let (value_quantity, value_string, unit) = match &t.value {
        ResultValue::Quantity { value, unit } => (ucum(*value, unit), None, Some(unit.as_str())),
        ResultValue::Text { text } => (None, Some(text.clone()), None),
    };
    let bound = |v: Option<f64>| match unit {
        Some(u) => v.and_then(|v| ucum(v, u)),
        None => v.and_then(Decimal::from_f64).map(|d| Quantity {
            value: Some(d),
            ..Quantity::default()
        }),
    };
    Observation {
        id: Some(id.to_string()),
        status: "final".into(),
        category: vec![coded(OBSERVATION_CATEGORY, "laboratory", "Laboratory")],
        code,
        subject: Some(me.clone()),
        effective_date_time: Some(dates::date_text(t.date)),
        value_quantity,
        value_string,
        reference_range: t
            .reference_range
            .iter()
            .filter(|r| r.low.is_some() || r.high.is_some())
            .map(|r| ObservationReferenceRange {
                low: bound(r.low),
                high: bound(r.high),
                ..ObservationReferenceRange::default()
            })
            .collect(),
        note: note(&t.notes),
        ..Observation::default()
    }
}
