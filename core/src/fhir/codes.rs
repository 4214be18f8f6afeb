//! Code systems and the codes the record uses, each with its source.
//!
//! System URIs are those of the FHIR R4 terminology pages and the NHS/HL7 UK
//! publications named beside them; the IPS section codes are from the IPS IG 2.0.0
//! Composition profile (`Composition-uv-ips`, the section slices' `code` patterns); the
//! reading codes are the LOINC/UCUM table in SHARING.md ("Codes for readings").

/// SNOMED CT (R4 terminologies, "SNOMED CT").
pub const SNOMED_CT: &str = "http://snomed.info/sct";
/// NHS Dictionary of medicines and devices, dm+d (NHS England, "dm+d in FHIR").
pub const DMD: &str = "https://dmd.nhs.uk";
/// LOINC (R4 terminologies, "LOINC").
pub const LOINC: &str = "http://loinc.org";
/// ICD-10 (R4 terminologies, "ICD-10").
pub const ICD_10: &str = "http://hl7.org/fhir/sid/icd-10";
/// CVX vaccine codes (R4 terminologies, "CVX").
pub const CVX: &str = "http://hl7.org/fhir/sid/cvx";
/// UCUM units (R4 terminologies, "UCUM").
pub const UCUM: &str = "http://unitsofmeasure.org";
/// The NHS number identifier system (NHS England, UK Core `Identifier.system`).
pub const NHS_NUMBER: &str = "https://fhir.nhs.uk/Id/nhs-number";
/// The UK Core extension carrying an NHS number's verification status.
pub const NHS_NUMBER_VERIFICATION_STATUS_EXTENSION: &str =
    "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";
/// NHS number verification status codes as the UK Core IG examples write them.
pub const NHS_NUMBER_VERIFICATION_STATUS_ENGLAND: &str =
    "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland";
/// NHS number verification status codes as the PDS API and older UK Core JSON write
/// them; a reader must accept both (SOURCES.md, "Things a test writer may trip on").
pub const NHS_NUMBER_VERIFICATION_STATUS: &str =
    "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus";
/// Both verification status systems, for readers.
pub const NHS_NUMBER_VERIFICATION_STATUS_SYSTEMS: [&str; 2] = [
    NHS_NUMBER_VERIFICATION_STATUS_ENGLAND,
    NHS_NUMBER_VERIFICATION_STATUS,
];
/// HL7 `list-empty-reason` (R4 value set `list-empty-reason`), for `Composition.section.emptyReason`.
pub const LIST_EMPTY_REASON: &str = "http://terminology.hl7.org/CodeSystem/list-empty-reason";
/// HL7 observation categories (R4 code system `observation-category`).
pub const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
/// The identifier system for a Bundle identifier that is itself a URI (`urn:uuid:`):
/// RFC 3986 (R4 "Identifier": `urn:ietf:rfc:3986`).
pub const URI_IDENTIFIER: &str = "urn:ietf:rfc:3986";

/// A LOINC code with its display, as the IPS IG writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoincCode {
    /// The LOINC code.
    pub code: &'static str,
    /// LOINC's display name.
    pub display: &'static str,
}

/// The IPS document type: "Patient summary Document" (IPS `Composition.type`).
pub const IPS_DOCUMENT: LoincCode = LoincCode {
    code: "60591-5",
    display: "Patient summary Document",
};

/// The IPS sections the record fills, coded by LOINC (IPS IG 2.0.0, Composition
/// section slices; SHARING.md "FHIR R4 resources per section").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IpsSection {
    /// Problems (required).
    Problems,
    /// Allergies and intolerances (required).
    Allergies,
    /// Medication summary (required).
    Medication,
    /// Immunizations.
    Immunizations,
    /// Results.
    Results,
    /// History of procedures.
    Procedures,
    /// Vital signs.
    VitalSigns,
    /// Advance directives.
    AdvanceDirectives,
    /// Plan of care.
    PlanOfCare,
    /// Social history.
    SocialHistory,
    /// Functional status.
    FunctionalStatus,
}

impl IpsSection {
    /// Every section, in the order the IPS IG lists them: required ones first.
    pub const ALL: [IpsSection; 11] = [
        Self::Problems,
        Self::Allergies,
        Self::Medication,
        Self::Immunizations,
        Self::Results,
        Self::Procedures,
        Self::VitalSigns,
        Self::AdvanceDirectives,
        Self::PlanOfCare,
        Self::SocialHistory,
        Self::FunctionalStatus,
    ];

    /// The sections every IPS has, with entries or an `emptyReason` (IPS ips-comp-1).
    pub const REQUIRED: [IpsSection; 3] = [Self::Problems, Self::Allergies, Self::Medication];

    /// The section's LOINC code and display.
    pub fn loinc(self) -> LoincCode {
        let (code, display) = match self {
            Self::Problems => ("11450-4", "Problem list - Reported"),
            Self::Allergies => ("48765-2", "Allergies and adverse reactions Document"),
            Self::Medication => ("10160-0", "History of Medication use Narrative"),
            Self::Immunizations => ("11369-6", "History of Immunization note"),
            Self::Results => ("30954-2", "Relevant diagnostic tests/laboratory data note"),
            Self::Procedures => ("47519-4", "History of Procedures Document"),
            Self::VitalSigns => ("8716-3", "Vital signs note"),
            Self::AdvanceDirectives => ("42348-3", "Advance healthcare directives"),
            Self::PlanOfCare => ("18776-5", "Plan of care note"),
            Self::SocialHistory => ("29762-2", "Social history note"),
            Self::FunctionalStatus => ("47420-5", "Functional status assessment note"),
        };
        LoincCode { code, display }
    }

    /// The heading the IPS examples use.
    pub fn title(self) -> &'static str {
        match self {
            Self::Problems => "Problem List",
            Self::Allergies => "Allergies and Intolerances",
            Self::Medication => "Medication Summary",
            Self::Immunizations => "Immunizations",
            Self::Results => "Results",
            Self::Procedures => "History of Procedures",
            Self::VitalSigns => "Vital Signs",
            Self::AdvanceDirectives => "Advance Directives",
            Self::PlanOfCare => "Plan of Care",
            Self::SocialHistory => "Social History",
            Self::FunctionalStatus => "Functional Status",
        }
    }

    /// The section with this LOINC code.
    pub fn from_loinc(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.loinc().code == code)
    }

    /// The resource types its entries may be (IPS IG 2.0.0, the section slices'
    /// `entry` target profiles; DocumentReference is allowed in every one).
    pub fn entry_types(self) -> &'static [&'static str] {
        match self {
            Self::Problems => &["Condition", "DocumentReference"],
            Self::Allergies => &["AllergyIntolerance", "DocumentReference"],
            Self::Medication => &[
                "MedicationStatement",
                "MedicationRequest",
                "MedicationAdministration",
                "MedicationDispense",
                "DocumentReference",
            ],
            Self::Immunizations => &["Immunization", "DocumentReference"],
            Self::Results => &["Observation", "DiagnosticReport", "DocumentReference"],
            Self::Procedures => &["Procedure", "DocumentReference"],
            Self::VitalSigns | Self::SocialHistory => &["Observation", "DocumentReference"],
            Self::AdvanceDirectives => &["Consent", "DocumentReference"],
            Self::PlanOfCare => &[
                "CarePlan",
                "ImmunizationRecommendation",
                "DocumentReference",
            ],
            Self::FunctionalStatus => &["Condition", "ClinicalImpression", "DocumentReference"],
        }
    }

    /// Whether every IPS must have this section.
    pub fn is_required(self) -> bool {
        Self::REQUIRED.contains(&self)
    }
}

/// Why a section has no entries (HL7 `list-empty-reason`; IPS IG 2.0.0, "Empty Sections
/// and Missing Data": generally `unavailable` or `notasked` when there is no
/// information; `nilknown` is a positive statement that there is none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmptyReason {
    /// "Nil Known": the person has said there are none (no known allergies).
    NilKnown,
    /// "Not Asked": nobody has asked.
    NotAsked,
    /// "Unavailable": there is no information. The default for a required section the
    /// person has not filled in; also what a section whose entries are all private
    /// should say, so that a private entry stays indistinguishable from none.
    Unavailable,
}

impl EmptyReason {
    /// The code and the display from the code system.
    pub fn code_and_display(self) -> (&'static str, &'static str) {
        match self {
            Self::NilKnown => ("nilknown", "Nil Known"),
            Self::NotAsked => ("notasked", "Not Asked"),
            Self::Unavailable => ("unavailable", "Unavailable"),
        }
    }
}

/// A reading's LOINC code and UCUM unit (SHARING.md, "Codes for readings").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingCode {
    /// The LOINC code.
    pub loinc: &'static str,
    /// LOINC's short name.
    pub display: &'static str,
    /// The UCUM unit (empty for a panel, which has no value of its own).
    pub ucum: &'static str,
}

const fn reading(loinc: &'static str, display: &'static str, ucum: &'static str) -> ReadingCode {
    ReadingCode {
        loinc,
        display,
        ucum,
    }
}

/// Glucose in capillary blood by glucometer, mmol/L: a home meter's reading.
pub const GLUCOSE_CAPILLARY_MMOL: ReadingCode = reading(
    "14743-9",
    "Glucose [Moles/volume] in Capillary blood by Glucometer",
    "mmol/L",
);
/// Glucose in capillary blood by glucometer, mg/dL.
pub const GLUCOSE_CAPILLARY_MG: ReadingCode = reading(
    "41653-7",
    "Glucose [Mass/volume] in Capillary blood by Glucometer",
    "mg/dL",
);
/// Glucose in blood, mmol/L (the method not stated).
pub const GLUCOSE_BLOOD_MMOL: ReadingCode =
    reading("15074-8", "Glucose [Moles/volume] in Blood", "mmol/L");
/// Glucose in blood, mg/dL (the method not stated; Synthea's code).
pub const GLUCOSE_BLOOD_MG: ReadingCode =
    reading("2339-0", "Glucose [Mass/volume] in Blood", "mg/dL");
/// Blood pressure panel: systolic and diastolic as components, no value of its own.
pub const BLOOD_PRESSURE_PANEL: ReadingCode = reading(
    "85354-9",
    "Blood pressure panel with all children optional",
    "",
);
/// Systolic blood pressure.
pub const SYSTOLIC: ReadingCode = reading("8480-6", "Systolic blood pressure", "mm[Hg]");
/// Diastolic blood pressure.
pub const DIASTOLIC: ReadingCode = reading("8462-4", "Diastolic blood pressure", "mm[Hg]");
/// Mean blood pressure.
pub const MEAN_ARTERIAL: ReadingCode = reading("8478-0", "Mean blood pressure", "mm[Hg]");
/// Heart rate.
pub const HEART_RATE: ReadingCode = reading("8867-4", "Heart rate", "/min");
/// Body weight.
pub const BODY_WEIGHT: ReadingCode = reading("29463-7", "Body weight", "kg");
/// Steps in a period.
pub const STEPS: ReadingCode = reading(
    "55423-8",
    "Number of steps in unspecified time Pedometer",
    "{steps}",
);
/// HbA1c as a percentage (DCCT units).
pub const HBA1C_PERCENT: ReadingCode =
    reading("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%");
/// HbA1c in mmol/mol (IFCC units, the UK's).
pub const HBA1C_IFCC: ReadingCode = reading(
    "59261-8",
    "Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol",
    "mmol/mol",
);

/// Every reading code above.
pub const READING_CODES: [ReadingCode; 13] = [
    GLUCOSE_CAPILLARY_MMOL,
    GLUCOSE_CAPILLARY_MG,
    GLUCOSE_BLOOD_MMOL,
    GLUCOSE_BLOOD_MG,
    BLOOD_PRESSURE_PANEL,
    SYSTOLIC,
    DIASTOLIC,
    MEAN_ARTERIAL,
    HEART_RATE,
    BODY_WEIGHT,
    STEPS,
    HBA1C_PERCENT,
    HBA1C_IFCC,
];

/// The reading code for a LOINC code.
pub fn reading_code(loinc: &str) -> Option<ReadingCode> {
    READING_CODES.into_iter().find(|r| r.loinc == loinc)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// LOINC's Mod 10 check digit (LOINC Users' Guide, "Calculating Mod 10 Check
    /// Digits"), written again here so the table is checked independently.
    fn check_digit_holds(code: &str) -> bool {
        let Some((number, check)) = code.split_once('-') else {
            return false;
        };
        let sum: u32 = number
            .chars()
            .rev()
            .filter_map(|c| c.to_digit(10))
            .enumerate()
            .map(|(i, d)| {
                if i % 2 == 0 {
                    (d * 2) / 10 + (d * 2) % 10
                } else {
                    d
                }
            })
            .sum();
        check.parse::<u32>().ok() == Some((10 - sum % 10) % 10)
    }

    #[test]
    fn every_loinc_code_here_passes_its_check_digit() {
        let sections = IpsSection::ALL.map(|s| s.loinc().code);
        let readings = READING_CODES.map(|r| r.loinc);
        for code in sections
            .into_iter()
            .chain(readings)
            .chain([IPS_DOCUMENT.code])
        {
            assert!(check_digit_holds(code), "{code}");
        }
        assert!(!check_digit_holds("4548-5"));
    }

    #[test]
    fn sections_are_found_by_their_code() {
        for section in IpsSection::ALL {
            assert_eq!(IpsSection::from_loinc(section.loinc().code), Some(section));
        }
        assert_eq!(
            IpsSection::REQUIRED.map(|s| s.loinc().code),
            ["11450-4", "48765-2", "10160-0"]
        );
    }
}
