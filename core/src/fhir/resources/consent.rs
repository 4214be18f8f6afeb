//! Consent: organ donation wishes, advance decisions.

use crate::fhir::datatypes::{CodeableConcept, Identifier, Reference};
use crate::fhir::macros::domain_resource;

domain_resource! {
    /// A consent or directive, such as organ donation wishes or an advance decision
    /// (R4 `Consent`, scope `adr` or `treatment`). `provision` (recursive), `policy`,
    /// `verification` and `source[x]` stay in `extra`.
    pub struct Consent {
        /// Identifiers.
        list identifier: Identifier,
        /// draft | proposed | active | rejected | inactive | entered-in-error.
        req status: String,
        /// adr | research | patient-privacy | treatment.
        req scope: CodeableConcept,
        /// What kind of consent.
        req_list category: CodeableConcept,
        /// Whose consent.
        opt patient: Reference,
        /// When it was given.
        opt date_time: String,
        /// Who gave it.
        list performer: Reference,
        /// The organisations it is addressed to.
        list organization: Reference,
        /// The rule it follows.
        opt policy_rule: CodeableConcept,
    }
}
