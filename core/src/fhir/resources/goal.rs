//! Goal: what the person wants to achieve.

use crate::fhir::datatypes::{Annotation, CodeableConcept, Identifier, Quantity, Range, Reference};
use crate::fhir::macros::{domain_resource, fhir_struct};

domain_resource! {
    /// A goal (R4 `Goal`). The record's barriers to a goal map to `note` (SHARING.md).
    /// `outcomeReference` stays in `extra`.
    pub struct Goal {
        /// Identifiers.
        list identifier: Identifier,
        /// proposed | planned | accepted | active | on-hold | completed | cancelled |
        /// entered-in-error | rejected.
        req lifecycle_status: String,
        /// in-progress | improving | worsening | no-change | achieved ...
        opt achievement_status: CodeableConcept,
        /// Dietary, safety, behavioural ...
        list category: CodeableConcept,
        /// high | medium | low.
        opt priority: CodeableConcept,
        /// The goal in words or as a code.
        req description: CodeableConcept,
        /// Whose goal.
        req subject: Reference,
        /// When work on it starts.
        opt start_date: String,
        /// What counts as achieving it.
        list target: GoalTarget,
        /// When the status last changed.
        opt status_date: String,
        /// Why it has this status.
        opt status_reason: String,
        /// Who set it.
        opt expressed_by: Reference,
        /// The conditions it addresses.
        list addresses: Reference,
        /// Notes.
        list note: Annotation,
        /// What happened.
        list outcome_code: CodeableConcept,
    }
}

fhir_struct! {
    /// A target for a goal (`Goal.target`). `detailRatio` and the other `detail[x]`
    /// types stay in `extra`.
    pub struct GoalTarget {
        /// What is measured.
        opt measure: CodeableConcept,
        /// The target amount.
        opt detail_quantity: Quantity,
        /// The target range.
        opt detail_range: Range,
        /// The target in words.
        opt detail_string: String,
        /// The target as a concept.
        opt detail_codeable_concept: CodeableConcept,
        /// When it is due.
        opt due_date: String,
    }
}
