//! Composition: the table of contents of a document, such as an IPS.

use crate::fhir::datatypes::{CodeableConcept, Identifier, Narrative, Reference};
use crate::fhir::macros::{domain_resource, fhir_struct};

domain_resource! {
    /// The first resource of a document Bundle (R4 `Composition`). `attester`,
    /// `relatesTo` and `event` stay in `extra`.
    pub struct Composition {
        /// The document's identifier (one, in R4).
        opt identifier: Identifier,
        /// preliminary | final | amended | entered-in-error.
        req status: String,
        /// What kind of document (LOINC 60591-5 for a patient summary).
        req type_: CodeableConcept,
        /// Categories.
        list category: CodeableConcept,
        /// Who it is about.
        opt subject: Reference,
        /// The encounter.
        opt encounter: Reference,
        /// When it was written (a FHIR dateTime).
        req date: String,
        /// Who wrote it (the person themself, for their own summary).
        req_list author: Reference,
        /// Its title.
        req title: String,
        /// A v3 confidentiality code (N, R, V ...).
        opt confidentiality: String,
        /// Who keeps it.
        opt custodian: Reference,
        /// The sections.
        list section: CompositionSection,
    }
}

fhir_struct! {
    /// A section (`Composition.section`): a title, a LOINC code, text for people, and
    /// the entries, or why there are none (`emptyReason`).
    pub struct CompositionSection {
        /// The heading.
        opt title: String,
        /// What the section is (a LOINC code, see [`IpsSection`](crate::fhir::IpsSection)).
        opt code: CodeableConcept,
        /// Who wrote it.
        list author: Reference,
        /// Who it is about, when not the subject.
        opt focus: Reference,
        /// The section for people (required by the IPS).
        opt text: Narrative,
        /// working | snapshot | changes.
        opt mode: String,
        /// How the entries are ordered.
        opt ordered_by: CodeableConcept,
        /// The resources in the section.
        list entry: Reference,
        /// Why there are no entries (`list-empty-reason`).
        opt empty_reason: CodeableConcept,
        /// Sub-sections.
        list section: CompositionSection,
    }
}
