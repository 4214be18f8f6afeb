//! [`FhirError`]: why FHIR input could not be read, in words for people, with the field
//! path in FHIR's own form (`entry[3].resource.code.coding[0].system`).

use std::fmt;

/// The resource an error is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceRef {
    /// Its `resourceType`.
    pub resource_type: String,
    /// Its `id`, when it has one.
    pub id: Option<String>,
}

impl fmt::Display for ResourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{}/{id}", self.resource_type),
            None => write!(f, "{} without an id", self.resource_type),
        }
    }
}

/// Why FHIR input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FhirError {
    /// The input is larger than [`MAX_INPUT_BYTES`](crate::fhir::MAX_INPUT_BYTES).
    #[error("the file is {size} bytes; at most {limit} bytes can be read")]
    TooLarge {
        /// Its size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// Objects and arrays nest deeper than [`MAX_DEPTH`](crate::fhir::MAX_DEPTH).
    #[error(
        "the file nests objects and arrays more than {limit} deep (line {line}, column {column})"
    )]
    TooDeep {
        /// The limit.
        limit: usize,
        /// Where it is first exceeded (1-based).
        line: usize,
        /// Where it is first exceeded (1-based).
        column: usize,
    },
    /// The input is not JSON (truncated, a stray character, not UTF-8 ...).
    #[error("the file is not valid JSON: {message} (line {line}, column {column})")]
    NotJson {
        /// What is wrong.
        message: String,
        /// Where (1-based).
        line: usize,
        /// Where (1-based).
        column: usize,
        /// serde_json's error.
        #[source]
        source: serde_json::Error,
    },
    /// The JSON is not the FHIR it claims to be: a wrong type, a missing required element.
    #[error("{}", invalid_text(path, message, resource.as_ref()))]
    Invalid {
        /// Where, in FHIR's form: `entry[3].resource.code.coding[0].system` (empty for
        /// the top level).
        path: String,
        /// What is wrong: `expected a string, found a number`.
        message: String,
        /// The innermost resource around the error, when known.
        resource: Option<ResourceRef>,
        /// serde_json's error.
        #[source]
        source: serde_json::Error,
    },
    /// A Bundle of a type that is not a set of resources to import (message, history,
    /// a transaction or batch response).
    #[error(
        "a Bundle of type {bundle_type} cannot be imported \
         (collection, searchset, transaction, batch and document can)"
    )]
    UnsupportedBundle {
        /// Its `type`.
        bundle_type: String,
    },
    /// Reading resources whose `resourceType` comes late needed more text held at once
    /// than the parse allows ([`ParseLimits`](crate::fhir::parse::ParseLimits)).
    #[error(
        "{}: at most {limit} bytes can be held",
        crate::fhir::parse::budget::HELD_EXHAUSTED
    )]
    TooMuchHeld {
        /// The limit in bytes.
        limit: usize,
    },
    /// The resources read would take more memory than the parse allows for a file of
    /// this size ([`ParseLimits`](crate::fhir::parse::ParseLimits)).
    #[error(
        "{}: at most {limit} bytes",
        crate::fhir::parse::budget::TYPED_EXHAUSTED
    )]
    TooMuchMemory {
        /// The limit in bytes.
        limit: usize,
    },
}

fn invalid_text(path: &str, message: &str, resource: Option<&ResourceRef>) -> String {
    let mut text = if path.is_empty() {
        message.to_owned()
    } else {
        format!("{path}: {message}")
    };
    if let Some(resource) = resource {
        text.push_str(&format!(" (in {resource})"));
    }
    text
}
