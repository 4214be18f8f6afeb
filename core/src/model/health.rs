//! "About my health": identity, conditions, allergies, vaccinations, medications, social
//! prescriptions and test results. Shaped after the FHIR R4 UK Core resources they import
//! from and export to (Patient, Condition/Procedure, AllergyIntolerance, Immunization,
//! MedicationStatement, Observation).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::codes::{Coding, validate_loinc, validate_ucum};
use super::error::{
    NOTE_TEXT, SHORT_TEXT, Validation, ValidationError, optional_text, required_text,
};
use super::nhs_number::NhsNumber;

/// Who the record is about. One per record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    /// Name as the person wants professionals to see it.
    pub name: String,
    /// What they like to be called.
    #[serde(default)]
    pub preferred_name: Option<String>,
    /// Date of birth.
    #[serde(default)]
    pub date_of_birth: Option<NaiveDate>,
    /// NHS number (always valid: see [`NhsNumber`]).
    #[serde(default)]
    pub nhs_number: Option<NhsNumber>,
    /// Pronouns, in the person's own words.
    #[serde(default)]
    pub pronouns: Option<String>,
}

impl Identity {
    /// Checks every field.
    pub fn validate(&self) -> Validation {
        required_text("name", &self.name, SHORT_TEXT)?;
        optional_text("preferred_name", &self.preferred_name, SHORT_TEXT)?;
        optional_text("pronouns", &self.pronouns, 50)
    }
}

/// Whether a condition entry is a diagnosis or a significant surgery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ConditionKind {
    /// A diagnosis (FHIR Condition).
    #[default]
    Diagnosis,
    /// A significant operation (FHIR Procedure).
    SignificantSurgery,
}

/// Whether a condition is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ConditionStatus {
    /// Current.
    #[default]
    Active,
    /// In remission or resolved.
    Resolved,
}

/// A diagnosis or a significant surgery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    /// What it is called, e.g. "Type 2 diabetes".
    pub name: String,
    /// Diagnosis or surgery (FHIR Condition.category / Procedure).
    #[serde(default)]
    pub category: ConditionKind,
    /// Clinical code (SNOMED CT in the UK) when known.
    #[serde(default)]
    pub code: Option<Coding>,
    /// When it started or when the operation was.
    #[serde(default)]
    pub since: Option<NaiveDate>,
    /// Active or resolved.
    #[serde(default)]
    pub status: ConditionStatus,
    /// Anything else.
    #[serde(default)]
    pub notes: Option<String>,
}

impl Condition {
    /// Checks every field.
    pub fn validate(&self) -> Validation {
        required_text("name", &self.name, SHORT_TEXT)?;
        if let Some(code) = &self.code {
            code.validate("code")?;
        }
        optional_text("notes", &self.notes, NOTE_TEXT)
    }
}

/// How severe a reaction is (FHIR AllergyIntolerance.reaction.severity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Mild.
    Mild,
    /// Moderate.
    Moderate,
    /// Severe, e.g. anaphylaxis.
    Severe,
}

/// An allergy or intolerance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Allergy {
    /// What causes it, e.g. "Penicillin".
    pub substance: String,
    /// What happens, e.g. "Hives".
    #[serde(default)]
    pub reaction: Option<String>,
    /// How bad the reaction is.
    #[serde(default)]
    pub severity: Option<Severity>,
    /// Clinical code for the substance when known.
    #[serde(default)]
    pub code: Option<Coding>,
    /// Anything else.
    #[serde(default)]
    pub notes: Option<String>,
}

impl Allergy {
    /// Checks every field.
    pub fn validate(&self) -> Validation {
        required_text("substance", &self.substance, SHORT_TEXT)?;
        optional_text("reaction", &self.reaction, SHORT_TEXT)?;
        if let Some(code) = &self.code {
            code.validate("code")?;
        }
        optional_text("notes", &self.notes, NOTE_TEXT)
    }
}

/// A vaccination the person has had.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vaccination {
    /// What vaccine, e.g. "Influenza (seasonal)".
    pub vaccine: String,
    /// When it was given.
    pub date: NaiveDate,
    /// Which dose in a course (1, 2, booster as 3 ...).
    #[serde(default)]
    pub dose_number: Option<u32>,
    /// Batch or lot number.
    #[serde(default)]
    pub batch: Option<String>,
    /// Where it was given (pharmacy, GP practice ...).
    #[serde(default)]
    pub given_by: Option<String>,
    /// Clinical code when known.
    #[serde(default)]
    pub code: Option<Coding>,
}

impl Vaccination {
    /// Checks every field.
    pub fn validate(&self) -> Validation {
        required_text("vaccine", &self.vaccine, SHORT_TEXT)?;
        if self.dose_number == Some(0) {
            return Err(ValidationError::new("dose_number", "starts at 1"));
        }
        optional_text("batch", &self.batch, 50)?;
        optional_text("given_by", &self.given_by, SHORT_TEXT)?;
        if let Some(code) = &self.code {
            code.validate("code")?;
        }
        Ok(())
    }
}

/// Whether a medicine was prescribed or bought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MedicationOrigin {
    /// Prescribed by a professional.
    #[default]
    Prescribed,
    /// Bought over the counter.
    OverTheCounter,
}

/// Whether the person is taking a medicine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum MedicationStatus {
    /// Taking it.
    #[default]
    Taking,
    /// "I have stopped taking this": the person's own decision, which professionals
    /// need to know about.
    StoppedByMe {
        /// When they stopped.
        on: NaiveDate,
        /// Why, in their words.
        #[serde(default)]
        reason: Option<String>,
    },
    /// Stopped by a professional.
    StoppedByProfessional {
        /// When it was stopped.
        on: NaiveDate,
    },
    /// A course that has finished.
    Completed {
        /// When the course finished.
        on: NaiveDate,
    },
}

/// A medicine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Medication {
    /// Name and strength, e.g. "Metformin 500 mg tablets".
    pub name: String,
    /// How much and how often, e.g. "1 tablet twice a day".
    #[serde(default)]
    pub dose: Option<String>,
    /// What it is for, e.g. "Type 2 diabetes".
    #[serde(default)]
    pub reason: Option<String>,
    /// Prescribed or over the counter.
    #[serde(default)]
    pub origin: MedicationOrigin,
    /// Taking, or stopped.
    #[serde(default)]
    pub status: MedicationStatus,
    /// Clinical code (dm+d in the UK) when known.
    #[serde(default)]
    pub code: Option<Coding>,
}

impl Medication {
    /// Checks every field.
    pub fn validate(&self) -> Validation {
        required_text("name", &self.name, SHORT_TEXT)?;
        optional_text("dose", &self.dose, SHORT_TEXT)?;
        optional_text("reason", &self.reason, SHORT_TEXT)?;
        if let MedicationStatus::StoppedByMe { reason, .. } = &self.status {
            optional_text("status.reason", reason, NOTE_TEXT)?;
        }
        if let Some(code) = &self.code {
            code.validate("code")?;
        }
        Ok(())
    }

    /// Whether the person is taking it now.
    pub fn is_current(&self) -> bool {
        self.status == MedicationStatus::Taking
    }
}

/// A social prescription: a non-medical activity a link worker or professional referred
/// the person to (a walking group, a community garden, debt advice).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SocialPrescription {
    /// The activity.
    pub activity: String,
    /// Who runs it.
    #[serde(default)]
    pub organisation: Option<String>,
    /// Who referred the person.
    #[serde(default)]
    pub referred_by: Option<String>,
    /// When it starts.
    #[serde(default)]
    pub start: Option<NaiveDate>,
    /// Anything else.
    #[serde(default)]
    pub notes: Option<String>,
}

impl SocialPrescription {
    /// Checks every field.
    pub fn validate(&self) -> Validation {
        required_text("activity", &self.activity, SHORT_TEXT)?;
        optional_text("organisation", &self.organisation, SHORT_TEXT)?;
        optional_text("referred_by", &self.referred_by, SHORT_TEXT)?;
        optional_text("notes", &self.notes, NOTE_TEXT)
    }
}

/// The value of a test result: a number with a UCUM unit, or text ("negative").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ResultValue {
    /// A measured quantity.
    Quantity {
        /// The number.
        value: f64,
        /// Its UCUM unit, e.g. `mmol/mol`, `mmol/L`, `10*9/L`.
        unit: String,
    },
    /// A text result.
    Text {
        /// The result as reported.
        text: String,
    },
}

/// A reference range from the reporting laboratory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferenceRange {
    /// Lowest normal value.
    #[serde(default)]
    pub low: Option<f64>,
    /// Highest normal value.
    #[serde(default)]
    pub high: Option<f64>,
}

/// A test result (blood test, urine test ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestResult {
    /// Test name, e.g. "HbA1c".
    pub name: String,
    /// LOINC code, e.g. `4548-4`, checked with LOINC's Mod 10 check digit.
    #[serde(default)]
    pub loinc: Option<String>,
    /// The result.
    pub value: ResultValue,
    /// The laboratory's normal range.
    #[serde(default)]
    pub reference_range: Option<ReferenceRange>,
    /// When the sample was taken.
    pub date: NaiveDate,
    /// Anything else (the professional's comment).
    #[serde(default)]
    pub notes: Option<String>,
}

impl TestResult {
    /// Checks every field.
    pub fn validate(&self) -> Validation {
        required_text("name", &self.name, SHORT_TEXT)?;
        if let Some(loinc) = &self.loinc {
            validate_loinc("loinc", loinc)?;
        }
        match &self.value {
            ResultValue::Quantity { value, unit } => {
                if !value.is_finite() {
                    return Err(ValidationError::new("value.value", "must be a number"));
                }
                validate_ucum("value.unit", unit)?;
            }
            ResultValue::Text { text } => required_text("value.text", text, SHORT_TEXT)?,
        }
        if let Some(ReferenceRange {
            low: Some(low),
            high: Some(high),
        }) = &self.reference_range
            && low > high
        {
            return Err(ValidationError::new(
                "reference_range",
                "low must not be above high",
            ));
        }
        optional_text("notes", &self.notes, NOTE_TEXT)
    }

    /// Whether a numeric result lies outside its reference range.
    pub fn is_out_of_range(&self) -> bool {
        match (&self.value, &self.reference_range) {
            (ResultValue::Quantity { value, .. }, Some(range)) => {
                range.low.is_some_and(|low| *value < low)
                    || range.high.is_some_and(|high| *value > high)
            }
            _ => false,
        }
    }
}
