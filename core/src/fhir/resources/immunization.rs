//! Immunization: vaccinations given.

use crate::fhir::datatypes::{Annotation, CodeableConcept, Identifier, Quantity, Reference};
use crate::fhir::macros::{domain_resource, fhir_struct};

domain_resource! {
    /// A vaccination (R4 `Immunization`). `education`, `reaction`, `fundingSource`,
    /// `programEligibility` and `subpotentReason` stay in `extra`.
    pub struct Immunization {
        /// Identifiers.
        list identifier: Identifier,
        /// completed | entered-in-error | not-done.
        req status: String,
        /// Why it was not done.
        opt status_reason: CodeableConcept,
        /// The vaccine (SNOMED CT or dm+d in the UK, CVX in the US).
        req vaccine_code: CodeableConcept,
        /// Who was vaccinated.
        req patient: Reference,
        /// The encounter.
        opt encounter: Reference,
        /// When (one of `occurrence[x]` is required by R4).
        opt occurrence_date_time: String,
        /// When, in words.
        opt occurrence_string: String,
        /// When it was recorded.
        opt recorded: String,
        /// Whether the record comes from whoever gave it.
        opt primary_source: bool,
        /// Where the information came from otherwise.
        opt report_origin: CodeableConcept,
        /// Where it was given.
        opt location: Reference,
        /// Who made the vaccine.
        opt manufacturer: Reference,
        /// Batch (lot) number.
        opt lot_number: String,
        /// When the batch expires.
        opt expiration_date: String,
        /// Where on the body.
        opt site: CodeableConcept,
        /// How it was given.
        opt route: CodeableConcept,
        /// How much.
        opt dose_quantity: Quantity,
        /// Who gave it.
        list performer: ImmunizationPerformer,
        /// Notes.
        list note: Annotation,
        /// Why it was given.
        list reason_code: CodeableConcept,
        /// Why it was given (a Condition, Observation ...).
        list reason_reference: Reference,
        /// Whether the dose counts.
        opt is_subpotent: bool,
        /// The dose within a series.
        list protocol_applied: ImmunizationProtocolApplied,
    }
}

fhir_struct! {
    /// Who gave the vaccine (`Immunization.performer`).
    pub struct ImmunizationPerformer {
        /// What they did.
        opt function: CodeableConcept,
        /// Who.
        req actor: Reference,
    }
}

fhir_struct! {
    /// Which dose of which series (`Immunization.protocolApplied`).
    pub struct ImmunizationProtocolApplied {
        /// The series' name.
        opt series: String,
        /// Who recommends it.
        opt authority: Reference,
        /// The diseases it protects against.
        list target_disease: CodeableConcept,
        /// The dose number (one of `doseNumber[x]` is required by R4).
        opt dose_number_positive_int: u32,
        /// The dose number, in words.
        opt dose_number_string: String,
        /// How many doses the series has.
        opt series_doses_positive_int: u32,
        /// How many doses, in words.
        opt series_doses_string: String,
    }
}
