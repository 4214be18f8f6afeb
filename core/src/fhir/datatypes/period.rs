//! Period and Annotation (R4 datatypes). Dates and times stay text: FHIR allows partial
//! dates (`2019`, `2019-08`) and any UTC offset, and the text is what round-trips.

use crate::fhir::datatypes::Reference;
use crate::fhir::macros::fhir_struct;

fhir_struct! {
    /// A span of time (R4 `Period`).
    pub struct Period {
        /// Start (a FHIR dateTime).
        opt start: String,
        /// End (a FHIR dateTime).
        opt end: String,
    }
}

fhir_struct! {
    /// A note with who wrote it and when (R4 `Annotation`).
    pub struct Annotation {
        /// Who wrote it, as a reference.
        opt author_reference: Reference,
        /// Who wrote it, in words.
        opt author_string: String,
        /// When it was written.
        opt time: String,
        /// The note (markdown).
        req text: String,
    }
}
