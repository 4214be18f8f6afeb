//! People: how someone in the person's life is related to them (RelatedPerson), and
//! which contacts are next of kin or emergency contacts (Patient.contact).

use crate::fhir::datatypes::CodeableConcept;
use crate::model::{ContactRole, Relationship};

/// HL7 v3 RoleCode (R4 value set `relatedperson-relationshiptype` draws on it).
pub const V3_ROLE_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
/// HL7 v2 table 0131, contact role (R4 value set `patient-contactrelationship`).
pub const V2_CONTACT_ROLE: &str = "http://terminology.hl7.org/CodeSystem/v2-0131";

/// A v3 RoleCode code and its display.
pub type RoleCode = (&'static str, &'static str);

/// Each relationship in the record's words (as its one-line summaries say them), with
/// the v3 RoleCode where one means the same ("family member", "unrelated friend").
pub const RELATIONSHIPS: [(Relationship, &str, Option<RoleCode>); 8] = [
    (Relationship::CaresForMe, "cares for me", None),
    (Relationship::ICareFor, "I care for", None),
    (
        Relationship::Family,
        "family",
        Some(("FAMMEMB", "family member")),
    ),
    (
        Relationship::Friend,
        "friend",
        Some(("FRND", "unrelated friend")),
    ),
    (Relationship::Professional, "professional", None),
    (Relationship::Organisation, "organisation", None),
    (Relationship::Volunteer, "volunteer", None),
    (Relationship::Animal, "animal", None),
];

/// v3 RoleCode codes for family members (v3 RoleCode, `FAMMEMB` and its children).
const FAMILY_CODES: [&str; 23] = [
    "FAMMEMB",
    "CHILD",
    "DAU",
    "SON",
    "PRN",
    "MTH",
    "FTH",
    "SIB",
    "BRO",
    "SIS",
    "SPS",
    "HUSB",
    "WIFE",
    "DOMPART",
    "GRPRN",
    "GRMTH",
    "GRFTH",
    "GRNDCHILD",
    "AUNT",
    "UNCLE",
    "COUSN",
    "NIECE",
    "NEPHEW",
];

/// Words in a relationship's text that say which it is, when it is not in the record's
/// own words.
const WORDS: [(&str, Relationship); 12] = [
    ("carer", Relationship::CaresForMe),
    ("caregiver", Relationship::CaresForMe),
    ("friend", Relationship::Friend),
    ("neighbour", Relationship::Friend),
    ("neighbor", Relationship::Friend),
    ("volunteer", Relationship::Volunteer),
    ("mother", Relationship::Family),
    ("father", Relationship::Family),
    ("wife", Relationship::Family),
    ("husband", Relationship::Family),
    ("partner", Relationship::Family),
    ("family", Relationship::Family),
];

/// The words the export writes for a relationship.
pub fn relationship_words(relationship: Relationship) -> &'static str {
    RELATIONSHIPS
        .iter()
        .find(|(r, _, _)| *r == relationship)
        .map(|(_, w, _)| *w)
        .unwrap_or_default()
}

/// The concept the export writes for a relationship.
pub fn relationship_concept(relationship: Relationship) -> CodeableConcept {
    let row = RELATIONSHIPS.iter().find(|(r, _, _)| *r == relationship);
    let mut concept = CodeableConcept::from_text(relationship_words(relationship));
    if let Some((_, _, Some((code, display)))) = row {
        concept.coding = vec![crate::fhir::datatypes::Coding::new(
            V3_ROLE_CODE,
            code,
            display,
        )];
    }
    concept
}

/// Which relationship a concept says: the record's own words, then v3 RoleCode codes,
/// then words in its text.
pub fn relationship_of(concept: &CodeableConcept) -> Option<Relationship> {
    let text = concept
        .text
        .as_deref()
        .unwrap_or_default()
        .trim()
        .to_lowercase();
    if let Some((r, _, _)) = RELATIONSHIPS
        .iter()
        .find(|(_, w, _)| w.to_lowercase() == text)
    {
        return Some(*r);
    }
    for coding in &concept.coding {
        if coding.system.as_deref() != Some(V3_ROLE_CODE) {
            continue;
        }
        match coding.code.as_deref() {
            Some(c) if FAMILY_CODES.contains(&c) => return Some(Relationship::Family),
            Some("FRND" | "NBOR") => return Some(Relationship::Friend),
            _ => {}
        }
    }
    let words = [
        text,
        concept
            .coding
            .iter()
            .filter_map(|c| c.display.as_deref())
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    ];
    WORDS
        .iter()
        .find(|(w, _)| words.iter().any(|t| t.contains(w)))
        .map(|(_, r)| *r)
}

/// Contact roles as v2-0131 codes: next of kin `N`, emergency contact `C`.
pub const CONTACT_ROLES: [(&str, ContactRole); 2] = [
    ("N", ContactRole::NextOfKin),
    ("C", ContactRole::EmergencyContact),
];

/// The display v2-0131 gives each contact role code.
pub fn contact_role_display(role: ContactRole) -> &'static str {
    match role {
        ContactRole::NextOfKin => "Next-of-Kin",
        ContactRole::EmergencyContact => "Emergency Contact",
        ContactRole::Gp => "",
    }
}
