//! "About my health" entry bodies: identity, conditions, allergies, vaccinations,
//! medications, social prescriptions and test results, mirroring
//! `phr_core::model::health`.

use phr_core::model::{
    Allergy as CoreAllergy, Coding as CoreCoding, Condition as CoreCondition,
    ConditionKind as CoreConditionKind, ConditionStatus as CoreConditionStatus,
    Identity as CoreIdentity, Medication as CoreMedication,
    MedicationOrigin as CoreMedicationOrigin, MedicationStatus as CoreMedicationStatus, NhsNumber,
    ReferenceRange as CoreReferenceRange, ResultValue as CoreResultValue, Severity as CoreSeverity,
    SocialPrescription as CoreSocialPrescription, TestResult as CoreTestResult,
    Vaccination as CoreVaccination, ValidationError,
};

use crate::mirror::mirror_enum;
use crate::time::{date_from, date_text, optional_date_from};

/// A code from a code system, as in FHIR `Coding` (SNOMED CT, LOINC, dm+d).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Coding {
    /// The code system's URI, e.g. `http://snomed.info/sct`.
    pub system: String,
    /// The code.
    pub code: String,
    /// Its human-readable name.
    #[uniffi(default)]
    pub display: Option<String>,
}

impl From<CoreCoding> for Coding {
    fn from(c: CoreCoding) -> Self {
        Self {
            system: c.system,
            code: c.code,
            display: c.display,
        }
    }
}

impl From<Coding> for CoreCoding {
    fn from(c: Coding) -> Self {
        Self {
            system: c.system,
            code: c.code,
            display: c.display,
        }
    }
}

/// Who the record is about. One per record.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Identity {
    /// Name as the person wants professionals to see it.
    pub name: String,
    /// What they like to be called.
    #[uniffi(default)]
    pub preferred_name: Option<String>,
    /// Date of birth, `YYYY-MM-DD`.
    #[uniffi(default)]
    pub date_of_birth: Option<String>,
    /// NHS number, ten digits (spaces allowed when given; checked with Modulus 11).
    #[uniffi(default)]
    pub nhs_number: Option<String>,
    /// Pronouns, in the person's own words.
    #[uniffi(default)]
    pub pronouns: Option<String>,
}

impl From<CoreIdentity> for Identity {
    fn from(x: CoreIdentity) -> Self {
        Self {
            name: x.name,
            preferred_name: x.preferred_name,
            date_of_birth: x.date_of_birth.map(date_text),
            nhs_number: x.nhs_number.map(|n| n.as_str().to_string()),
            pronouns: x.pronouns,
        }
    }
}

impl TryFrom<Identity> for CoreIdentity {
    type Error = ValidationError;
    fn try_from(x: Identity) -> Result<Self, Self::Error> {
        Ok(Self {
            name: x.name,
            preferred_name: x.preferred_name,
            date_of_birth: optional_date_from("date_of_birth", x.date_of_birth)?,
            nhs_number: x.nhs_number.as_deref().map(NhsNumber::parse).transpose()?,
            pronouns: x.pronouns,
        })
    }
}

mirror_enum! {
    /// Whether a condition entry is a diagnosis or a significant surgery.
    pub enum ConditionKind mirrors CoreConditionKind {
        /// A diagnosis (FHIR Condition).
        Diagnosis,
        /// A significant operation (FHIR Procedure).
        SignificantSurgery,
    }
}

mirror_enum! {
    /// Whether a condition is current.
    pub enum ConditionStatus mirrors CoreConditionStatus {
        /// Current.
        Active,
        /// In remission or resolved.
        Resolved,
    }
}

/// A diagnosis or a significant surgery.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Condition {
    /// What it is called, e.g. "Type 2 diabetes".
    pub name: String,
    /// Diagnosis or surgery.
    pub category: ConditionKind,
    /// Active or resolved.
    pub status: ConditionStatus,
    /// Clinical code (SNOMED CT in the UK) when known.
    #[uniffi(default)]
    pub code: Option<Coding>,
    /// When it started or when the operation was, `YYYY-MM-DD`.
    #[uniffi(default)]
    pub since: Option<String>,
    /// Anything else.
    #[uniffi(default)]
    pub notes: Option<String>,
}

impl From<CoreCondition> for Condition {
    fn from(x: CoreCondition) -> Self {
        Self {
            name: x.name,
            category: x.category.into(),
            status: x.status.into(),
            code: x.code.map(Into::into),
            since: x.since.map(date_text),
            notes: x.notes,
        }
    }
}

impl TryFrom<Condition> for CoreCondition {
    type Error = ValidationError;
    fn try_from(x: Condition) -> Result<Self, Self::Error> {
        Ok(Self {
            name: x.name,
            category: x.category.into(),
            status: x.status.into(),
            code: x.code.map(Into::into),
            since: optional_date_from("since", x.since)?,
            notes: x.notes,
        })
    }
}

mirror_enum! {
    /// How severe a reaction is (FHIR AllergyIntolerance.reaction.severity).
    pub enum ReactionSeverity mirrors CoreSeverity {
        /// Mild.
        Mild,
        /// Moderate.
        Moderate,
        /// Severe, e.g. anaphylaxis.
        Severe,
    }
}

/// An allergy or intolerance.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Allergy {
    /// What causes it, e.g. "Penicillin".
    pub substance: String,
    /// What happens, e.g. "Hives".
    #[uniffi(default)]
    pub reaction: Option<String>,
    /// How bad the reaction is.
    #[uniffi(default)]
    pub severity: Option<ReactionSeverity>,
    /// Clinical code for the substance when known.
    #[uniffi(default)]
    pub code: Option<Coding>,
    /// Anything else.
    #[uniffi(default)]
    pub notes: Option<String>,
}

impl From<CoreAllergy> for Allergy {
    fn from(x: CoreAllergy) -> Self {
        Self {
            substance: x.substance,
            reaction: x.reaction,
            severity: x.severity.map(Into::into),
            code: x.code.map(Into::into),
            notes: x.notes,
        }
    }
}

impl TryFrom<Allergy> for CoreAllergy {
    type Error = ValidationError;
    fn try_from(x: Allergy) -> Result<Self, Self::Error> {
        Ok(Self {
            substance: x.substance,
            reaction: x.reaction,
            severity: x.severity.map(Into::into),
            code: x.code.map(Into::into),
            notes: x.notes,
        })
    }
}

/// A vaccination the person has had.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Vaccination {
    /// What vaccine, e.g. "Influenza (seasonal)".
    pub vaccine: String,
    /// When it was given, `YYYY-MM-DD`.
    pub date: String,
    /// Which dose in a course (1, 2, booster as 3 ...).
    #[uniffi(default)]
    pub dose_number: Option<u32>,
    /// Batch or lot number.
    #[uniffi(default)]
    pub batch: Option<String>,
    /// Where it was given (pharmacy, GP practice ...).
    #[uniffi(default)]
    pub given_by: Option<String>,
    /// Clinical code when known.
    #[uniffi(default)]
    pub code: Option<Coding>,
}

impl From<CoreVaccination> for Vaccination {
    fn from(x: CoreVaccination) -> Self {
        Self {
            vaccine: x.vaccine,
            date: date_text(x.date),
            dose_number: x.dose_number,
            batch: x.batch,
            given_by: x.given_by,
            code: x.code.map(Into::into),
        }
    }
}

impl TryFrom<Vaccination> for CoreVaccination {
    type Error = ValidationError;
    fn try_from(x: Vaccination) -> Result<Self, Self::Error> {
        Ok(Self {
            vaccine: x.vaccine,
            date: date_from("date", &x.date)?,
            dose_number: x.dose_number,
            batch: x.batch,
            given_by: x.given_by,
            code: x.code.map(Into::into),
        })
    }
}

mirror_enum! {
    /// Whether a medicine was prescribed or bought.
    pub enum MedicationOrigin mirrors CoreMedicationOrigin {
        /// Prescribed by a professional.
        Prescribed,
        /// Bought over the counter.
        OverTheCounter,
    }
}

/// Whether the person is taking a medicine. Dates are `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum MedicationStatus {
    /// Taking it.
    Taking,
    /// "I have stopped taking this": the person's own decision.
    StoppedByMe {
        /// When they stopped.
        on: String,
        /// Why, in their words.
        reason: Option<String>,
    },
    /// Stopped by a professional.
    StoppedByProfessional {
        /// When it was stopped.
        on: String,
    },
    /// A course that has finished.
    Completed {
        /// When the course finished.
        on: String,
    },
}

impl From<CoreMedicationStatus> for MedicationStatus {
    fn from(x: CoreMedicationStatus) -> Self {
        match x {
            CoreMedicationStatus::Taking => Self::Taking,
            CoreMedicationStatus::StoppedByMe { on, reason } => Self::StoppedByMe {
                on: date_text(on),
                reason,
            },
            CoreMedicationStatus::StoppedByProfessional { on } => {
                Self::StoppedByProfessional { on: date_text(on) }
            }
            CoreMedicationStatus::Completed { on } => Self::Completed { on: date_text(on) },
        }
    }
}

impl TryFrom<MedicationStatus> for CoreMedicationStatus {
    type Error = ValidationError;
    fn try_from(x: MedicationStatus) -> Result<Self, Self::Error> {
        Ok(match x {
            MedicationStatus::Taking => Self::Taking,
            MedicationStatus::StoppedByMe { on, reason } => Self::StoppedByMe {
                on: date_from("status.on", &on)?,
                reason,
            },
            MedicationStatus::StoppedByProfessional { on } => Self::StoppedByProfessional {
                on: date_from("status.on", &on)?,
            },
            MedicationStatus::Completed { on } => Self::Completed {
                on: date_from("status.on", &on)?,
            },
        })
    }
}

/// A medicine.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Medication {
    /// Name and strength, e.g. "Metformin 500 mg tablets".
    pub name: String,
    /// Prescribed or over the counter.
    pub origin: MedicationOrigin,
    /// Taking, or stopped.
    pub status: MedicationStatus,
    /// How much and how often, e.g. "1 tablet twice a day".
    #[uniffi(default)]
    pub dose: Option<String>,
    /// What it is for, e.g. "Type 2 diabetes".
    #[uniffi(default)]
    pub reason: Option<String>,
    /// Clinical code (dm+d in the UK) when known.
    #[uniffi(default)]
    pub code: Option<Coding>,
}

impl From<CoreMedication> for Medication {
    fn from(x: CoreMedication) -> Self {
        Self {
            name: x.name,
            origin: x.origin.into(),
            status: x.status.into(),
            dose: x.dose,
            reason: x.reason,
            code: x.code.map(Into::into),
        }
    }
}

impl TryFrom<Medication> for CoreMedication {
    type Error = ValidationError;
    fn try_from(x: Medication) -> Result<Self, Self::Error> {
        Ok(Self {
            name: x.name,
            origin: x.origin.into(),
            status: x.status.try_into()?,
            dose: x.dose,
            reason: x.reason,
            code: x.code.map(Into::into),
        })
    }
}

/// A social prescription: a non-medical activity the person was referred to.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SocialPrescription {
    /// The activity.
    pub activity: String,
    /// Who runs it.
    #[uniffi(default)]
    pub organisation: Option<String>,
    /// Who referred the person.
    #[uniffi(default)]
    pub referred_by: Option<String>,
    /// When it starts, `YYYY-MM-DD`.
    #[uniffi(default)]
    pub start: Option<String>,
    /// Anything else.
    #[uniffi(default)]
    pub notes: Option<String>,
}

impl From<CoreSocialPrescription> for SocialPrescription {
    fn from(x: CoreSocialPrescription) -> Self {
        Self {
            activity: x.activity,
            organisation: x.organisation,
            referred_by: x.referred_by,
            start: x.start.map(date_text),
            notes: x.notes,
        }
    }
}

impl TryFrom<SocialPrescription> for CoreSocialPrescription {
    type Error = ValidationError;
    fn try_from(x: SocialPrescription) -> Result<Self, Self::Error> {
        Ok(Self {
            activity: x.activity,
            organisation: x.organisation,
            referred_by: x.referred_by,
            start: optional_date_from("start", x.start)?,
            notes: x.notes,
        })
    }
}

/// The value of a test result: a number with a UCUM unit, or text ("negative").
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum ResultValue {
    /// A measured quantity.
    Quantity {
        /// The number.
        value: f64,
        /// Its UCUM unit, e.g. `mmol/mol`.
        unit: String,
    },
    /// A text result.
    Text {
        /// The result as reported.
        text: String,
    },
}

impl From<CoreResultValue> for ResultValue {
    fn from(x: CoreResultValue) -> Self {
        match x {
            CoreResultValue::Quantity { value, unit } => Self::Quantity { value, unit },
            CoreResultValue::Text { text } => Self::Text { text },
        }
    }
}

impl From<ResultValue> for CoreResultValue {
    fn from(x: ResultValue) -> Self {
        match x {
            ResultValue::Quantity { value, unit } => Self::Quantity { value, unit },
            ResultValue::Text { text } => Self::Text { text },
        }
    }
}

/// A reference range from the reporting laboratory.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ReferenceRange {
    /// Lowest normal value.
    #[uniffi(default)]
    pub low: Option<f64>,
    /// Highest normal value.
    #[uniffi(default)]
    pub high: Option<f64>,
}

/// A test result (blood test, urine test ...).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TestResult {
    /// Test name, e.g. "HbA1c".
    pub name: String,
    /// The result.
    pub value: ResultValue,
    /// When the sample was taken, `YYYY-MM-DD`.
    pub date: String,
    /// LOINC code, e.g. `4548-4` (its check digit is checked).
    #[uniffi(default)]
    pub loinc: Option<String>,
    /// The laboratory's normal range.
    #[uniffi(default)]
    pub reference_range: Option<ReferenceRange>,
    /// Anything else (the professional's comment).
    #[uniffi(default)]
    pub notes: Option<String>,
}

impl From<CoreTestResult> for TestResult {
    fn from(x: CoreTestResult) -> Self {
        Self {
            name: x.name,
            value: x.value.into(),
            date: date_text(x.date),
            loinc: x.loinc,
            reference_range: x.reference_range.map(|r| ReferenceRange {
                low: r.low,
                high: r.high,
            }),
            notes: x.notes,
        }
    }
}

impl TryFrom<TestResult> for CoreTestResult {
    type Error = ValidationError;
    fn try_from(x: TestResult) -> Result<Self, Self::Error> {
        Ok(Self {
            name: x.name,
            value: x.value.into(),
            date: date_from("date", &x.date)?,
            loinc: x.loinc,
            reference_range: x.reference_range.map(|r| CoreReferenceRange {
                low: r.low,
                high: r.high,
            }),
            notes: x.notes,
        })
    }
}
