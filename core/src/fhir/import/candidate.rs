//! What the mapping makes of each resource before anything is stored: a
//! [`Candidate`] per resource (or part of one), with its key, its place in the file, its
//! exact JSON and what it maps to ([`Planned`]). The façade then compares each with what
//! the record holds and writes in one transaction.

use crate::fhir::codes::IpsSection;
use crate::model::{EntryBody, NewReading};

/// What a resource maps to.
#[derive(Debug, Clone, PartialEq)]
pub enum Planned {
    /// An entry.
    Entry(Box<MappedEntry>),
    /// A reading.
    Reading(Box<NewReading>),
    /// A statement that there is none, for a section ("no known allergies").
    Negation(IpsSection),
    /// Kept as it came, not imported into the record.
    Kept {
        /// Why.
        reason: String,
        /// Whether it is not a fact (entered in error, refuted, not done) rather than
        /// something the record does not map.
        not_a_fact: bool,
    },
}

impl Planned {
    /// An entry.
    pub fn entry(mapped: MappedEntry) -> Self {
        Self::Entry(Box::new(mapped))
    }

    /// Kept because the record does not map it.
    pub fn not_mapped(reason: impl Into<String>) -> Self {
        Self::Kept {
            reason: reason.into(),
            not_a_fact: false,
        }
    }

    /// Kept because it is not a fact about the person.
    pub fn not_a_fact(reason: impl Into<String>) -> Self {
        Self::Kept {
            reason: reason.into(),
            not_a_fact: true,
        }
    }
}

/// An entry made from a resource, with where each field came from, so that a check
/// that fails names the FHIR element (`code.coding[1].display`), not the entry's field.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedEntry {
    /// The entry's content.
    pub body: EntryBody,
    /// (entry field, FHIR path inside the resource), for the fields filled.
    pub fields: Vec<(String, String)>,
    /// What was left out and why.
    pub notes: Vec<String>,
    /// Whether a required field could not be filled (an identity without a name): then
    /// it can only fill the empty fields of an entry already there.
    pub incomplete: bool,
}

impl MappedEntry {
    /// An entry with no fields noted yet.
    pub fn new(body: EntryBody) -> Self {
        Self {
            body,
            fields: Vec::new(),
            notes: Vec::new(),
            incomplete: false,
        }
    }

    /// Notes that entry field `field` came from `path`.
    pub fn from(mut self, field: &str, path: impl Into<String>) -> Self {
        self.fields.push((field.to_owned(), path.into()));
        self
    }

    /// The FHIR path (inside the resource) of entry field `field`, when known: the
    /// longest field noted that is `field` or holds it, with the rest of `field` after
    /// it (`code.display` from `code` at `code.coding[2]` is `code.coding[2].display`).
    pub fn path_of(&self, field: &str) -> Option<String> {
        self.fields
            .iter()
            .filter(|(f, _)| {
                field == f
                    || field
                        .strip_prefix(f.as_str())
                        .is_some_and(|rest| rest.starts_with(['.', '[']))
            })
            .max_by_key(|(f, _)| f.len())
            .map(|(f, path)| format!("{path}{}", &field[f.len()..]))
    }
}

/// One resource (or part of one), mapped.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// `system|Type/id` (`store::entries::source_key` of its provenance).
    pub key: String,
    /// `Type/id`, with `#part` for a part (the provenance's `resource_id`).
    pub resource_id: String,
    /// The resource type.
    pub resource_type: String,
    /// The resource's own `id`.
    pub id: Option<String>,
    /// Where it is in the file: `entry[3].resource` (empty for a single resource).
    pub path: String,
    /// `meta.versionId`.
    pub version: Option<String>,
    /// The resource's exact JSON.
    pub raw: std::sync::Arc<str>,
    /// Whether this record's own export made it (`meta.source` is the record's URI).
    pub own: bool,
    /// What it maps to.
    pub planned: Planned,
}

impl Candidate {
    /// The resource as the report names it.
    pub fn label(&self) -> &str {
        &self.resource_id
    }

    /// Whether this is the resource itself rather than a part of it.
    pub fn is_whole(&self) -> bool {
        !self.resource_id.contains('#')
    }
}
