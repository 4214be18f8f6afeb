//! Identifier and Reference (R4 datatypes).

use crate::fhir::datatypes::{CodeableConcept, Extension, Period};
use crate::fhir::macros::fhir_struct;

fhir_struct! {
    /// An identifier such as an NHS number (R4 `Identifier`).
    pub struct Identifier {
        /// Extensions, e.g. UK Core's NHS number verification status.
        list extension: Extension,
        /// usual | official | temp | secondary | old.
        opt use_: String,
        /// What kind of identifier it is.
        opt type_: CodeableConcept,
        /// The namespace, e.g. [`NHS_NUMBER`](crate::fhir::codes::NHS_NUMBER).
        opt system: String,
        /// The identifier itself.
        opt value: String,
        /// When it was valid.
        opt period: Period,
        /// Who issued it.
        opt assigner: Box<Reference>,
    }
}

impl Identifier {
    /// An identifier in `system`.
    pub fn new(system: &str, value: &str) -> Self {
        Self {
            system: Some(system.into()),
            value: Some(value.into()),
            ..Self::default()
        }
    }
}

fhir_struct! {
    /// A reference from one resource to another (R4 `Reference`).
    pub struct Reference {
        /// Where the resource is: `Patient/123`, an absolute URL, `urn:uuid:...`, or `#id`
        /// for a contained resource.
        opt reference: String,
        /// The type of the target (a resource type name).
        opt type_: String,
        /// The target's identifier, when there is no literal reference.
        opt identifier: Box<Identifier>,
        /// Words for the target.
        opt display: String,
    }
}

impl Reference {
    /// A literal reference (`urn:uuid:...`, `Patient/123`, `#id`).
    pub fn to(reference: &str) -> Self {
        Self {
            reference: Some(reference.into()),
            ..Self::default()
        }
    }
}
