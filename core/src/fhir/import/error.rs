//! [`ImportError`]: why a FHIR input cannot be imported at all. Nothing is imported then.

use crate::fhir::FhirError;

/// Why an input cannot be imported. The façade names the file in front of the path.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The input is not the FHIR it claims to be (`FhirError` has the path).
    #[error(transparent)]
    Fhir(#[from] FhirError),
    /// A resource that reads as FHIR but cannot be imported: an id that is not a FHIR
    /// id, a resource type FHIR R4 does not have, a value the record's checks refuse.
    #[error("{path}: {reason}")]
    Invalid {
        /// Where: `entry[3].resource.code.text`.
        path: String,
        /// The resource it is in: `Condition/abc`.
        resource: Option<String>,
        /// What is wrong.
        reason: String,
    },
}
