//! FHIR R4: the resources the record maps, reading them from files and servers, mapping
//! them into the record's entries and readings and back, and writing an IPS-style
//! document. It reads the model and never the store, rules or devices: the façade
//! (`api::fhir`) compares what an import maps with the record and writes it, and gives
//! the export what a viewer may see (the store's `DailySummary` is the one store type
//! used, as data). ADR 0003 explains why the types are hand-written and minimal, ADR
//! 0004 how import and export work.
//!
//! | file | what |
//! |---|---|
//! | `resources/` | [`Resource`] and the modelled resource types (table in its `mod.rs`) |
//! | `datatypes/` | CodeableConcept, Identifier, Reference, Quantity, [`Decimal`] ... |
//! | `macros.rs` | `fhir_struct!` / `domain_resource!`: element tables to serde structs |
//! | `parse/` | [`parse_input`]: any Bundle or resource, typed errors with paths, limits |
//! | `error.rs` | [`FhirError`] |
//! | `codes.rs` | code system URIs, IPS section codes, reading LOINC/UCUM codes |
//! | `document/` | [`DocumentBuilder`]: an IPS-style `document` Bundle |
//! | `references.rs` | [`unresolved_references`]: references that do not resolve in a Bundle |
//! | `ips_rules.rs` | [`ips_problems`]: the IPS rules a document must keep |
//! | `mapping/` | what import and export share: code tables both ways, dates, ids |
//! | `import/` | FHIR into the record: mapping each resource, fetching from a server |
//! | `export/` | the record as an IPS-style document for one viewer and scope |

pub mod codes;
pub mod datatypes;
pub mod document;
pub mod error;
pub mod export;
pub mod import;
mod ips_rules;
mod macros;
pub mod mapping;
pub mod parse;
mod references;
pub mod resources;

pub use codes::{EmptyReason, IpsSection};
pub use datatypes::Decimal;
pub use document::{DocumentBuilder, DocumentError};
pub use error::{FhirError, ResourceRef};
pub use ips_rules::ips_problems;
pub use parse::{
    FhirInput, MAX_DEPTH, MAX_INPUT_BYTES, ParseLimits, parse_input, parse_input_with,
    parse_resource, parse_resource_with,
};
pub use references::unresolved_references;
pub use resources::{Bundle, BundleEntry, BundleType, Resource};
