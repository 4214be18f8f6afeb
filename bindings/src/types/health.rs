//! About my health as uniffi sees the core's types (remote definitions).

use phr_core::model::{
    Allergy, Coding, Condition, ConditionKind, ConditionStatus, Identity, Medication,
    MedicationOrigin, MedicationStatus, NhsNumber, ReferenceRange, ResultValue, Severity,
    SocialPrescription, TestResult, Vaccination,
};

use super::custom::LocalDate;

/// Who the record is about. One per record.
#[uniffi::remote(Record)]
pub struct Identity {
    pub name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: Option<LocalDate>,
    pub nhs_number: Option<NhsNumber>,
    pub pronouns: Option<String>,
}

/// Whether a condition entry is a diagnosis or a significant surgery.
#[uniffi::remote(Enum)]
pub enum ConditionKind {
    Diagnosis,
    SignificantSurgery,
}

/// Whether a condition is current.
#[uniffi::remote(Enum)]
pub enum ConditionStatus {
    Active,
    Resolved,
}

/// A diagnosis or a significant surgery.
#[uniffi::remote(Record)]
pub struct Condition {
    pub name: String,
    pub category: ConditionKind,
    pub code: Option<Coding>,
    pub since: Option<LocalDate>,
    pub status: ConditionStatus,
    pub notes: Option<String>,
}

/// How severe a reaction is (FHIR AllergyIntolerance.reaction.severity).
#[uniffi::remote(Enum)]
pub enum Severity {
    Mild,
    Moderate,
    Severe,
}

/// An allergy or intolerance.
#[uniffi::remote(Record)]
pub struct Allergy {
    pub substance: String,
    pub reaction: Option<String>,
    pub severity: Option<Severity>,
    pub code: Option<Coding>,
    pub notes: Option<String>,
}

/// A vaccination the person has had.
#[uniffi::remote(Record)]
pub struct Vaccination {
    pub vaccine: String,
    pub date: LocalDate,
    pub dose_number: Option<u32>,
    pub batch: Option<String>,
    pub given_by: Option<String>,
    pub code: Option<Coding>,
}

/// Whether a medicine was prescribed or bought.
#[uniffi::remote(Enum)]
pub enum MedicationOrigin {
    Prescribed,
    OverTheCounter,
}

/// Whether the person is taking a medicine.
#[uniffi::remote(Enum)]
pub enum MedicationStatus {
    Taking,
    StoppedByMe {
        on: LocalDate,
        reason: Option<String>,
    },
    StoppedByProfessional {
        on: LocalDate,
    },
    Completed {
        on: LocalDate,
    },
}

/// A medicine.
#[uniffi::remote(Record)]
pub struct Medication {
    pub name: String,
    pub dose: Option<String>,
    pub reason: Option<String>,
    pub origin: MedicationOrigin,
    pub status: MedicationStatus,
    pub code: Option<Coding>,
}

/// A social prescription: a non-medical activity a link worker or professional referred
/// the person to (a walking group, a community garden, debt advice).
#[uniffi::remote(Record)]
pub struct SocialPrescription {
    pub activity: String,
    pub organisation: Option<String>,
    pub referred_by: Option<String>,
    pub start: Option<LocalDate>,
    pub notes: Option<String>,
}

/// The value of a test result: a number with a UCUM unit, or text ("negative").
#[uniffi::remote(Enum)]
pub enum ResultValue {
    Quantity { value: f64, unit: String },
    Text { text: String },
}

/// A reference range from the reporting laboratory.
#[uniffi::remote(Record)]
pub struct ReferenceRange {
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// A test result (blood test, urine test ...).
#[uniffi::remote(Record)]
pub struct TestResult {
    pub name: String,
    pub loinc: Option<String>,
    pub value: ResultValue,
    pub reference_range: Option<ReferenceRange>,
    pub date: LocalDate,
    pub notes: Option<String>,
}
