//! Statements that there is none: "no known allergies", "no known drug allergy", "no
//! current problems". They are resources (an AllergyIntolerance whose code is a "no
//! known ..." concept, UK Core example `NegHandlNoKnownAllergies`), but not facts to
//! keep as entries: an allergy named "No known allergy" would be wrong. The import
//! records them as statements, and the export says "nil known" (`nilknown`) for the
//! section when the viewer may see one and no entry.

use crate::fhir::codes::{IpsSection, SNOMED_CT};
use crate::fhir::datatypes::CodeableConcept;

/// The IPS IG 1.x code system for absent and unknown data (`absent-unknown-uv-ips`).
pub const IPS_ABSENT_UNKNOWN: &str = "http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips";

/// What a concept says about a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absence {
    /// There is none ("no known allergies").
    NoneKnown(IpsSection),
    /// There is no information ("no allergy information").
    NoInformation(IpsSection),
}

/// The codes that say there is none, or no information. SNOMED CT situations ("No known
/// allergy" 716186003, "No known drug allergy" 409137002 as in UK Core's example, "No
/// known environmental allergy" 428607008, "No known food allergy" 429625007, "No known
/// insect allergy" 428197003, "No current problems or disability" 160245001) and the
/// IPS IG 1.x absent/unknown codes.
const CODES: [(&str, &str, Absence); 15] = [
    (
        SNOMED_CT,
        "716186003",
        Absence::NoneKnown(IpsSection::Allergies),
    ),
    (
        SNOMED_CT,
        "409137002",
        Absence::NoneKnown(IpsSection::Allergies),
    ),
    (
        SNOMED_CT,
        "428607008",
        Absence::NoneKnown(IpsSection::Allergies),
    ),
    (
        SNOMED_CT,
        "429625007",
        Absence::NoneKnown(IpsSection::Allergies),
    ),
    (
        SNOMED_CT,
        "428197003",
        Absence::NoneKnown(IpsSection::Allergies),
    ),
    (
        SNOMED_CT,
        "160245001",
        Absence::NoneKnown(IpsSection::Problems),
    ),
    (
        IPS_ABSENT_UNKNOWN,
        "no-known-allergies",
        Absence::NoneKnown(IpsSection::Allergies),
    ),
    (
        IPS_ABSENT_UNKNOWN,
        "no-known-medication-allergies",
        Absence::NoneKnown(IpsSection::Allergies),
    ),
    (
        IPS_ABSENT_UNKNOWN,
        "no-known-environmental-allergies",
        Absence::NoneKnown(IpsSection::Allergies),
    ),
    (
        IPS_ABSENT_UNKNOWN,
        "no-known-food-allergies",
        Absence::NoneKnown(IpsSection::Allergies),
    ),
    (
        IPS_ABSENT_UNKNOWN,
        "no-known-problems",
        Absence::NoneKnown(IpsSection::Problems),
    ),
    (
        IPS_ABSENT_UNKNOWN,
        "no-known-medications",
        Absence::NoneKnown(IpsSection::Medication),
    ),
    (
        IPS_ABSENT_UNKNOWN,
        "no-allergy-info",
        Absence::NoInformation(IpsSection::Allergies),
    ),
    (
        IPS_ABSENT_UNKNOWN,
        "no-problem-info",
        Absence::NoInformation(IpsSection::Problems),
    ),
    (
        IPS_ABSENT_UNKNOWN,
        "no-medication-info",
        Absence::NoInformation(IpsSection::Medication),
    ),
];

/// The section a resource type's statements of absence are about.
pub fn section_of(resource_type: &str) -> Option<IpsSection> {
    match resource_type {
        "AllergyIntolerance" => Some(IpsSection::Allergies),
        "Condition" => Some(IpsSection::Problems),
        "MedicationStatement" | "MedicationRequest" => Some(IpsSection::Medication),
        _ => None,
    }
}

/// What `concept`, the code of a `resource_type`, says about absence, if anything: one
/// of the codes above, or text that starts "no known".
pub fn absence(resource_type: &str, concept: &CodeableConcept) -> Option<Absence> {
    let coded = concept.coding.iter().find_map(|c| {
        CODES
            .iter()
            .find(|(s, code, _)| {
                c.system.as_deref() == Some(*s) && c.code.as_deref() == Some(*code)
            })
            .map(|(_, _, a)| *a)
    });
    coded.or_else(|| {
        let text = concept.label()?.trim().to_lowercase();
        let section = section_of(resource_type)?;
        text.starts_with("no known")
            .then_some(Absence::NoneKnown(section))
    })
}

/// The section's name in the imports ledger.
pub fn section_name(section: IpsSection) -> &'static str {
    match section {
        IpsSection::Problems => "problems",
        IpsSection::Allergies => "allergies",
        IpsSection::Medication => "medication",
        _ => "other",
    }
}
