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
    #[uniffi(default)]
    pub preferred_name: Option<String>,
    #[uniffi(default)]
    pub date_of_birth: Option<LocalDate>,
    #[uniffi(default)]
    pub nhs_number: Option<NhsNumber>,
    #[uniffi(default)]
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
    #[uniffi(default)]
    pub code: Option<Coding>,
    #[uniffi(default)]
    pub since: Option<LocalDate>,
    pub status: ConditionStatus,
    #[uniffi(default)]
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
    #[uniffi(default)]
    pub reaction: Option<String>,
    #[uniffi(default)]
    pub severity: Option<Severity>,
    #[uniffi(default)]
    pub code: Option<Coding>,
    #[uniffi(default)]
    pub notes: Option<String>,
}

/// A vaccination the person has had.
#[uniffi::remote(Record)]
pub struct Vaccination {
    pub vaccine: String,
    pub date: LocalDate,
    #[uniffi(default)]
    pub dose_number: Option<u32>,
    #[uniffi(default)]
    pub batch: Option<String>,
    #[uniffi(default)]
    pub given_by: Option<String>,
    #[uniffi(default)]
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
    #[uniffi(default)]
    pub dose: Option<String>,
    #[uniffi(default)]
    pub reason: Option<String>,
    pub origin: MedicationOrigin,
    pub status: MedicationStatus,
    #[uniffi(default)]
    pub code: Option<Coding>,
}

/// A social prescription: a non-medical activity a link worker or professional referred
/// the person to (a walking group, a community garden, debt advice).
#[uniffi::remote(Record)]
pub struct SocialPrescription {
    pub activity: String,
    #[uniffi(default)]
    pub organisation: Option<String>,
    #[uniffi(default)]
    pub referred_by: Option<String>,
    #[uniffi(default)]
    pub start: Option<LocalDate>,
    #[uniffi(default)]
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
    #[uniffi(default)]
    pub low: Option<f64>,
    #[uniffi(default)]
    pub high: Option<f64>,
}

/// A test result (blood test, urine test ...).
#[uniffi::remote(Record)]
pub struct TestResult {
    pub name: String,
    #[uniffi(default)]
    pub loinc: Option<String>,
    pub value: ResultValue,
    #[uniffi(default)]
    pub reference_range: Option<ReferenceRange>,
    pub date: LocalDate,
    #[uniffi(default)]
    pub notes: Option<String>,
}
