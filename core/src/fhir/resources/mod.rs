//! FHIR R4 resources the record maps, and [`Resource`] over them and every other type.
//!
//! | file | resources |
//! |---|---|
//! | `resource.rs` | [`Resource`] (typed or [`Resource::Other`] raw JSON), [`RawJson`] |
//! | `resource_json.rs` | reading a `Resource` by its `resourceType`, wherever it comes |
//! | `bundle.rs` | [`Bundle`], its entries, links, search and request |
//! | `patient.rs` | [`Patient`], [`RelatedPerson`] |
//! | `organization.rs` | [`Organization`], [`Practitioner`], [`Device`] |
//! | `condition.rs` | [`Condition`], [`Procedure`] |
//! | `allergy.rs` | [`AllergyIntolerance`] |
//! | `immunization.rs` | [`Immunization`] |
//! | `medication.rs` | [`Medication`], [`MedicationStatement`], [`MedicationRequest`], [`Dosage`] |
//! | `observation.rs` | [`Observation`] with components and reference ranges |
//! | `diagnostic_report.rs` | [`DiagnosticReport`] |
//! | `appointment.rs` | [`Appointment`] |
//! | `goal.rs` | [`Goal`] |
//! | `consent.rs` | [`Consent`] |
//! | `composition.rs` | [`Composition`] with sections |
//! | `questionnaire_response.rs` | [`QuestionnaireResponse`] |
//! | `provenance.rs` | [`Provenance`] |

mod allergy;
mod appointment;
mod bundle;
mod composition;
mod condition;
mod consent;
mod diagnostic_report;
mod goal;
mod immunization;
mod medication;
mod observation;
mod organization;
mod patient;
mod provenance;
mod questionnaire_response;
mod resource;
mod resource_json;

pub use allergy::{AllergyIntolerance, AllergyReaction};
pub use appointment::{Appointment, AppointmentParticipant};
pub use bundle::{
    Bundle, BundleEntry, BundleEntryRequest, BundleEntrySearch, BundleLink, BundleType,
};
pub use composition::{Composition, CompositionSection};
pub use condition::{Condition, Procedure};
pub use consent::Consent;
pub use diagnostic_report::DiagnosticReport;
pub use goal::{Goal, GoalTarget};
pub use immunization::{Immunization, ImmunizationPerformer, ImmunizationProtocolApplied};
pub use medication::{Dosage, DoseAndRate, Medication, MedicationRequest, MedicationStatement};
pub use observation::{Observation, ObservationComponent, ObservationReferenceRange};
pub use organization::{Device, DeviceName, Organization, Practitioner};
pub use patient::{Patient, PatientContact, RelatedPerson};
pub use provenance::{Provenance, ProvenanceAgent};
pub use questionnaire_response::{
    QuestionnaireResponse, QuestionnaireResponseAnswer, QuestionnaireResponseItem,
};
pub use resource::{MODELLED_TYPES, RawJson, Resource};
