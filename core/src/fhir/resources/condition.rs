//! Condition and Procedure: diagnoses and significant surgeries.

use crate::fhir::datatypes::{
    Annotation, CodeableConcept, Identifier, Period, Quantity, Reference,
};
use crate::fhir::macros::domain_resource;

domain_resource! {
    /// A diagnosis, problem or health concern (R4 `Condition`). `stage`, `evidence` and
    /// the other `onset[x]`/`abatement[x]` types (Range) stay in `extra`.
    pub struct Condition {
        /// Identifiers.
        list identifier: Identifier,
        /// active | recurrence | relapse | inactive | remission | resolved.
        opt clinical_status: CodeableConcept,
        /// unconfirmed | provisional | differential | confirmed | refuted | entered-in-error.
        opt verification_status: CodeableConcept,
        /// problem-list-item | encounter-diagnosis (and profiles' own).
        list category: CodeableConcept,
        /// How severe.
        opt severity: CodeableConcept,
        /// What it is (SNOMED CT in the UK).
        opt code: CodeableConcept,
        /// Where in the body.
        list body_site: CodeableConcept,
        /// Whose condition.
        req subject: Reference,
        /// The encounter it was recorded in.
        opt encounter: Reference,
        /// When it started.
        opt onset_date_time: String,
        /// When it started, as an age.
        opt onset_age: Quantity,
        /// When it started, as a period.
        opt onset_period: Period,
        /// When it started, in words.
        opt onset_string: String,
        /// When it ended.
        opt abatement_date_time: String,
        /// When it ended, as an age.
        opt abatement_age: Quantity,
        /// When it ended, as a period.
        opt abatement_period: Period,
        /// When it ended, in words.
        opt abatement_string: String,
        /// When it was first recorded.
        opt recorded_date: String,
        /// Who recorded it.
        opt recorder: Reference,
        /// Who said so.
        opt asserter: Reference,
        /// Notes.
        list note: Annotation,
    }
}

domain_resource! {
    /// An operation or other procedure (R4 `Procedure`). `performer`, `focalDevice`
    /// and `usedCode` stay in `extra`.
    pub struct Procedure {
        /// Identifiers.
        list identifier: Identifier,
        /// preparation | in-progress | not-done | on-hold | stopped | completed |
        /// entered-in-error | unknown.
        req status: String,
        /// Why it was not done, or stopped.
        opt status_reason: CodeableConcept,
        /// What kind of procedure.
        opt category: CodeableConcept,
        /// What was done.
        opt code: CodeableConcept,
        /// On whom.
        req subject: Reference,
        /// The encounter.
        opt encounter: Reference,
        /// When.
        opt performed_date_time: String,
        /// When, as a period.
        opt performed_period: Period,
        /// When, in words.
        opt performed_string: String,
        /// When, as an age.
        opt performed_age: Quantity,
        /// Who recorded it.
        opt recorder: Reference,
        /// Who said so.
        opt asserter: Reference,
        /// Why.
        list reason_code: CodeableConcept,
        /// Why (a Condition, Observation ...).
        list reason_reference: Reference,
        /// Where in the body.
        list body_site: CodeableConcept,
        /// How it went.
        opt outcome: CodeableConcept,
        /// Reports about it.
        list report: Reference,
        /// Complications.
        list complication: CodeableConcept,
        /// Instructions afterwards.
        list follow_up: CodeableConcept,
        /// Notes.
        list note: Annotation,
    }
}
