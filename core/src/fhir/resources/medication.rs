//! Medication, MedicationStatement and MedicationRequest, with the Dosage they share.

use crate::fhir::datatypes::{
    Annotation, CodeableConcept, Identifier, Period, Quantity, Range, Reference,
};
use crate::fhir::macros::{domain_resource, fhir_struct};

domain_resource! {
    /// A medicine, contained in or referenced by a statement or request (R4
    /// `Medication`). `amount`, `ingredient` and `batch` stay in `extra`.
    pub struct Medication {
        /// Identifiers.
        list identifier: Identifier,
        /// What it is (dm+d in the UK).
        opt code: CodeableConcept,
        /// active | inactive | entered-in-error.
        opt status: String,
        /// Who makes it.
        opt manufacturer: Reference,
        /// Tablet, capsule, solution ...
        opt form: CodeableConcept,
    }
}

domain_resource! {
    /// A medicine the person takes or took, as they or a professional report it (R4
    /// `MedicationStatement`). One of `medication[x]` is required by R4.
    pub struct MedicationStatement {
        /// Identifiers.
        list identifier: Identifier,
        /// What it fulfils.
        list based_on: Reference,
        /// What it is part of.
        list part_of: Reference,
        /// active | completed | entered-in-error | intended | stopped | on-hold | unknown
        /// | not-taken.
        req status: String,
        /// Why it was stopped or not taken.
        list status_reason: CodeableConcept,
        /// Where it is taken (inpatient, community, patient-specified ...).
        opt category: CodeableConcept,
        /// The medicine as a code.
        opt medication_codeable_concept: CodeableConcept,
        /// The medicine as a reference (often `#id` to a contained Medication).
        opt medication_reference: Reference,
        /// Who takes it.
        req subject: Reference,
        /// The encounter or episode.
        opt context: Reference,
        /// When it is taken.
        opt effective_date_time: String,
        /// When it is taken, as a period.
        opt effective_period: Period,
        /// When this was said.
        opt date_asserted: String,
        /// Who said it.
        opt information_source: Reference,
        /// What it was worked out from.
        list derived_from: Reference,
        /// What it is for.
        list reason_code: CodeableConcept,
        /// What it is for (a Condition, Observation ...).
        list reason_reference: Reference,
        /// Notes.
        list note: Annotation,
        /// How it is taken.
        list dosage: Dosage,
    }
}

domain_resource! {
    /// A prescription or other order for a medicine (R4 `MedicationRequest`).
    /// `dispenseRequest`, `substitution`, `reported[x]` and `performer` stay in `extra`.
    pub struct MedicationRequest {
        /// Identifiers.
        list identifier: Identifier,
        /// active | on-hold | cancelled | completed | entered-in-error | stopped | draft |
        /// unknown.
        req status: String,
        /// Why it is in this status.
        opt status_reason: CodeableConcept,
        /// proposal | plan | order | original-order | reflex-order | filler-order |
        /// instance-order | option.
        req intent: String,
        /// Where it is taken (inpatient, outpatient, community, discharge).
        list category: CodeableConcept,
        /// routine | urgent | asap | stat.
        opt priority: String,
        /// The medicine as a code.
        opt medication_codeable_concept: CodeableConcept,
        /// The medicine as a reference.
        opt medication_reference: Reference,
        /// For whom.
        req subject: Reference,
        /// The encounter.
        opt encounter: Reference,
        /// When it was written.
        opt authored_on: String,
        /// Who wrote it.
        opt requester: Reference,
        /// Who recorded it.
        opt recorder: Reference,
        /// What it is for.
        list reason_code: CodeableConcept,
        /// What it is for (a Condition, Observation).
        list reason_reference: Reference,
        /// What it fulfils.
        list based_on: Reference,
        /// Notes.
        list note: Annotation,
        /// How to take it.
        list dosage_instruction: Dosage,
    }
}

fhir_struct! {
    /// How a medicine is taken (R4 `Dosage`). `timing`, `asNeededCodeableConcept`,
    /// `maxDosePer*` stay in `extra`.
    pub struct Dosage {
        /// Order among several dosages.
        opt sequence: i32,
        /// The instruction in words.
        opt text: String,
        /// Extra instructions ("with food").
        list additional_instruction: CodeableConcept,
        /// Instructions for the person.
        opt patient_instruction: String,
        /// Whether it is taken only when needed.
        opt as_needed_boolean: bool,
        /// Where on the body.
        opt site: CodeableConcept,
        /// How it is taken (by mouth ...).
        opt route: CodeableConcept,
        /// How it enters the body.
        opt method: CodeableConcept,
        /// How much, how fast.
        list dose_and_rate: DoseAndRate,
    }
}

fhir_struct! {
    /// An amount of medicine (`Dosage.doseAndRate`). `rateRatio` stays in `extra`.
    pub struct DoseAndRate {
        /// calculated | ordered ...
        opt type_: CodeableConcept,
        /// The dose as a range.
        opt dose_range: Range,
        /// The dose.
        opt dose_quantity: Quantity,
        /// The rate as a range.
        opt rate_range: Range,
        /// The rate.
        opt rate_quantity: Quantity,
    }
}
