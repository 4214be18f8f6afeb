//! Provenance: where a resource came from and who made it.

use crate::fhir::datatypes::{CodeableConcept, Period, Reference};
use crate::fhir::macros::{domain_resource, fhir_struct};

domain_resource! {
    /// Who did what to which resources, when (R4 `Provenance`). `policy`, `entity` and
    /// `signature` stay in `extra`.
    pub struct Provenance {
        /// The resources it is about.
        req_list target: Reference,
        /// When the activity happened.
        opt occurred_period: Period,
        /// When the activity happened.
        opt occurred_date_time: String,
        /// When it was recorded (a FHIR instant).
        req recorded: String,
        /// Where.
        opt location: Reference,
        /// Why.
        list reason: CodeableConcept,
        /// What was done (create, update ...).
        opt activity: CodeableConcept,
        /// Who took part.
        req_list agent: ProvenanceAgent,
    }
}

fhir_struct! {
    /// Someone or something that took part (`Provenance.agent`).
    pub struct ProvenanceAgent {
        /// How they took part (author, enterer, informant ...).
        opt type_: CodeableConcept,
        /// Their roles.
        list role: CodeableConcept,
        /// Who.
        req who: Reference,
        /// On whose behalf.
        opt on_behalf_of: Reference,
    }
}
