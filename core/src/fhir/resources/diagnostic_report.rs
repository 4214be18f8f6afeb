//! DiagnosticReport: a set of results with their interpretation.

use crate::fhir::datatypes::{CodeableConcept, Identifier, Period, Reference};
use crate::fhir::macros::domain_resource;

domain_resource! {
    /// A report of tests, such as a pathology report of an HbA1c (R4
    /// `DiagnosticReport`). `media` and `presentedForm` stay in `extra`.
    pub struct DiagnosticReport {
        /// Identifiers.
        list identifier: Identifier,
        /// What it fulfils.
        list based_on: Reference,
        /// registered | partial | preliminary | final | amended | corrected | appended |
        /// cancelled | entered-in-error | unknown.
        req status: String,
        /// Which service (haematology, chemistry ...).
        list category: CodeableConcept,
        /// What the report is (LOINC).
        req code: CodeableConcept,
        /// Whose.
        opt subject: Reference,
        /// The encounter.
        opt encounter: Reference,
        /// When (clinically relevant time).
        opt effective_date_time: String,
        /// When, as a period.
        opt effective_period: Period,
        /// When it was released.
        opt issued: String,
        /// Who is responsible.
        list performer: Reference,
        /// Who interpreted the results.
        list results_interpreter: Reference,
        /// The specimens.
        list specimen: Reference,
        /// The results (Observations).
        list result: Reference,
        /// Imaging studies.
        list imaging_study: Reference,
        /// The conclusion in words.
        opt conclusion: String,
        /// The conclusion as codes.
        list conclusion_code: CodeableConcept,
    }
}
