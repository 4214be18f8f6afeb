//! Observation: readings, test results and their parts.

use crate::fhir::datatypes::{
    Annotation, CodeableConcept, Identifier, Period, Quantity, Range, Reference,
};
use crate::fhir::macros::{domain_resource, fhir_struct};

domain_resource! {
    /// A measurement or finding: a reading from a meter, a lab result, a blood pressure
    /// panel with components (R4 `Observation`). The `value[x]` types not listed
    /// (Ratio, SampledData, time) stay in `extra`.
    pub struct Observation {
        /// Identifiers.
        list identifier: Identifier,
        /// What it fulfils.
        list based_on: Reference,
        /// What it is part of.
        list part_of: Reference,
        /// registered | preliminary | final | amended | corrected | cancelled |
        /// entered-in-error | unknown.
        req status: String,
        /// vital-signs | laboratory | survey | social-history ...
        list category: CodeableConcept,
        /// What was observed (LOINC, SNOMED CT).
        req code: CodeableConcept,
        /// Whose.
        opt subject: Reference,
        /// The encounter.
        opt encounter: Reference,
        /// When (clinically relevant time).
        opt effective_date_time: String,
        /// When, as a period.
        opt effective_period: Period,
        /// When, as an instant.
        opt effective_instant: String,
        /// When the result was released.
        opt issued: String,
        /// Who is responsible.
        list performer: Reference,
        /// The value as a quantity.
        opt value_quantity: Quantity,
        /// The value as a concept.
        opt value_codeable_concept: CodeableConcept,
        /// The value in words.
        opt value_string: String,
        /// The value as yes/no.
        opt value_boolean: bool,
        /// The value as a whole number.
        opt value_integer: i32,
        /// The value as a range.
        opt value_range: Range,
        /// The value as a date and time.
        opt value_date_time: String,
        /// The value as a period.
        opt value_period: Period,
        /// Why there is no value (e.g. the meter said LO).
        opt data_absent_reason: CodeableConcept,
        /// High, low, normal ...
        list interpretation: CodeableConcept,
        /// Notes.
        list note: Annotation,
        /// Where on the body.
        opt body_site: CodeableConcept,
        /// How it was measured.
        opt method: CodeableConcept,
        /// The specimen.
        opt specimen: Reference,
        /// The device that measured it.
        opt device: Reference,
        /// The normal range.
        list reference_range: ObservationReferenceRange,
        /// Observations grouped under this one.
        list has_member: Reference,
        /// What it was worked out from.
        list derived_from: Reference,
        /// Parts measured together (systolic and diastolic of a blood pressure).
        list component: ObservationComponent,
    }
}

fhir_struct! {
    /// A normal or target range (`Observation.referenceRange`).
    pub struct ObservationReferenceRange {
        /// The lower bound.
        opt low: Quantity,
        /// The upper bound.
        opt high: Quantity,
        /// normal | recommended | treatment ...
        opt type_: CodeableConcept,
        /// Who it applies to.
        list applies_to: CodeableConcept,
        /// The ages it applies to.
        opt age: Range,
        /// The range in words.
        opt text: String,
    }
}

fhir_struct! {
    /// One part of an observation (`Observation.component`).
    pub struct ObservationComponent {
        /// What this part is (LOINC).
        req code: CodeableConcept,
        /// The value as a quantity.
        opt value_quantity: Quantity,
        /// The value as a concept.
        opt value_codeable_concept: CodeableConcept,
        /// The value in words.
        opt value_string: String,
        /// The value as yes/no.
        opt value_boolean: bool,
        /// The value as a whole number.
        opt value_integer: i32,
        /// The value as a range.
        opt value_range: Range,
        /// The value as a date and time.
        opt value_date_time: String,
        /// The value as a period.
        opt value_period: Period,
        /// Why there is no value.
        opt data_absent_reason: CodeableConcept,
        /// High, low, normal ...
        list interpretation: CodeableConcept,
        /// The normal range.
        list reference_range: ObservationReferenceRange,
    }
}
