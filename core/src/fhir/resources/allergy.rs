//! AllergyIntolerance: allergies and intolerances.

use crate::fhir::datatypes::{
    Annotation, CodeableConcept, Identifier, Period, Quantity, Reference,
};
use crate::fhir::macros::{domain_resource, fhir_struct};

domain_resource! {
    /// An allergy or intolerance (R4 `AllergyIntolerance`). A "no known allergies"
    /// statement is one of these with a SNOMED CT "no known ..." code (UK Core example
    /// `NegHandlNoKnownAllergies`).
    pub struct AllergyIntolerance {
        /// Identifiers.
        list identifier: Identifier,
        /// active | inactive | resolved (absent when entered in error).
        opt clinical_status: CodeableConcept,
        /// unconfirmed | confirmed | refuted | entered-in-error.
        opt verification_status: CodeableConcept,
        /// allergy | intolerance.
        opt type_: String,
        /// food | medication | environment | biologic (a list of codes; `None` keeps the
        /// place of a `null` paired with `_category`).
        list category: Option<String>,
        /// low | high | unable-to-assess.
        opt criticality: String,
        /// The substance, or the negated statement.
        opt code: CodeableConcept,
        /// Whose allergy.
        req patient: Reference,
        /// The encounter.
        opt encounter: Reference,
        /// When it started.
        opt onset_date_time: String,
        /// When it started, as an age.
        opt onset_age: Quantity,
        /// When it started, as a period.
        opt onset_period: Period,
        /// When it started, in words.
        opt onset_string: String,
        /// When it was recorded.
        opt recorded_date: String,
        /// Who recorded it.
        opt recorder: Reference,
        /// Who said so.
        opt asserter: Reference,
        /// The last reaction.
        opt last_occurrence: String,
        /// Notes.
        list note: Annotation,
        /// Reactions.
        list reaction: AllergyReaction,
    }
}

fhir_struct! {
    /// A reaction (`AllergyIntolerance.reaction`).
    pub struct AllergyReaction {
        /// The specific substance.
        opt substance: CodeableConcept,
        /// What happened (hives, anaphylaxis ...).
        req_list manifestation: CodeableConcept,
        /// The reaction in words.
        opt description: String,
        /// When it began.
        opt onset: String,
        /// mild | moderate | severe.
        opt severity: String,
        /// How the person was exposed.
        opt exposure_route: CodeableConcept,
        /// Notes.
        list note: Annotation,
    }
}
