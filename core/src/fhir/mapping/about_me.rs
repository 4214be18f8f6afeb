//! How "About me" entries are written in resources that have no element of their own for
//! some of their fields, so that the export and the import read them the same way.
//!
//! - A goal's barriers are `Goal.note`s (SHARING.md: "barriers as Goal.note"): the
//!   barrier, then, when there is one, [`HOW_TO_OVERCOME`] and how; the support that
//!   helps is a note starting [`SUPPORT`].
//! - Organ donation wishes are a Consent (scope `adr`, R4 `consentscope`: "actions to be
//!   taken if they are no longer able to make decisions for themselves") whose second
//!   category is the decision in words after [`ORGAN_DONATION`]; `provision.type` is
//!   `permit` to donate and `deny` not to, with the organs as `provision.code`; being on
//!   the register is an `organization` named [`ORGAN_DONOR_REGISTER`].

use crate::model::OrganDonationDecision;

/// Between a barrier and how to overcome it, in a Goal's note.
pub const HOW_TO_OVERCOME: &str = "\n\nHow to overcome it: ";
/// Before the support that helps, in a Goal's note.
pub const SUPPORT: &str = "Support that helps: ";
/// Before the decision, in an organ donation Consent's category text.
pub const ORGAN_DONATION: &str = "Organ donation: ";
/// The register, as an organ donation Consent's organization.
pub const ORGAN_DONOR_REGISTER: &str = "NHS Organ Donor Register";
/// LOINC 59284-0 "Patient Consent" (R4 value set `consent-category`).
pub const PATIENT_CONSENT: (&str, &str) = ("59284-0", "Patient Consent");
/// R4 CodeSystem `consentcategorycodes`, code `acd` "Advance Directive".
pub const ADVANCE_DIRECTIVE: (&str, &str, &str) = (
    "http://terminology.hl7.org/CodeSystem/consentcategorycodes",
    "acd",
    "Advance Directive",
);

/// Each decision in words (as the record's summaries say them).
pub const DECISIONS: [(&str, OrganDonationDecision); 4] = [
    ("I want to donate", OrganDonationDecision::Donate),
    (
        "I do not want to donate",
        OrganDonationDecision::DoNotDonate,
    ),
    (
        "Someone I nominated will decide",
        OrganDonationDecision::NominatedRepresentative,
    ),
    ("Not decided yet", OrganDonationDecision::Undecided),
];
