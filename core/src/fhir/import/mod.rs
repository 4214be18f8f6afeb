//! Importing FHIR R4: a Bundle (collection, searchset, transaction, batch or an IPS
//! document) or a single resource, from a file or from a server, into the record's
//! entries and readings. This layer maps; the façade (`api::fhir`) compares with what the
//! record holds and writes everything in one transaction. docs/fhir.md has the mapping
//! table both ways.
//!
//! | file | what |
//! |---|---|
//! | `options.rs` | [`ImportOptions`]: visibility of what is new, dry run, the source system |
//! | `report.rs` | [`ImportReport`]: what happened to each resource |
//! | `error.rs` | [`ImportError`]: why nothing could be imported |
//! | `plan.rs` | keys, the source system, which mapping reads which resource type |
//! | `candidate.rs` | [`Candidate`]: a resource mapped, before anything is stored |
//! | `walk.rs` | the resources of an input, references between them |
//! | `resource_types.rs` | the resource types of FHIR R4 |
//! | `patient.rs` | Patient: identity, contact details, contacts, GP |
//! | `clinical.rs` | Condition, Procedure, AllergyIntolerance, Immunization |
//! | `medication.rs` | MedicationStatement, MedicationRequest |
//! | `observation.rs`, `reading.rs` | Observation: test results, readings |
//! | `appointment.rs` | Appointment |
//! | `about_me.rs` | Goal, RelatedPerson, Consent, a document's "nil known" sections |
//! | `text.rs` | names, addresses, notes, fitting text to the record's limits |
//! | `merge.rs` | a re-import merged with the person's own changes |
//! | `server.rs` | [`fetch_from_server`]: a patient's record from a FHIR server |

mod about_me;
mod appointment;
pub mod candidate;
mod clinical;
mod error;
mod medication;
pub mod merge;
mod observation;
mod options;
mod patient;
pub mod plan;
mod reading;
mod report;
pub mod resource_types;
mod server;
mod text;
mod walk;

pub use candidate::{Candidate, MappedEntry, Planned};
pub use error::ImportError;
pub use options::{ImportOptions, UNKNOWN_SYSTEM};
pub use patient::{ODS_ORGANIZATION, PRONOUNS_EXTENSION};
pub use plan::{Plan, plan};
pub use report::{ImportItem, ImportOutcome, ImportReport, ImportTarget};
pub use server::{FetchError, FetchLimits, fetch_from_server};
