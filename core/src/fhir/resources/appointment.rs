//! Appointment: a booked meeting with a professional.

use crate::fhir::datatypes::{CodeableConcept, Identifier, Period, Reference};
use crate::fhir::macros::{domain_resource, fhir_struct};

domain_resource! {
    /// A booked appointment (R4 `Appointment`).
    pub struct Appointment {
        /// Identifiers.
        list identifier: Identifier,
        /// proposed | pending | booked | arrived | fulfilled | cancelled | noshow |
        /// entered-in-error | checked-in | waitlist.
        req status: String,
        /// Why it was cancelled.
        opt cancelation_reason: CodeableConcept,
        /// The broad kind of service.
        list service_category: CodeableConcept,
        /// The service.
        list service_type: CodeableConcept,
        /// The specialty.
        list specialty: CodeableConcept,
        /// Routine, walk-in, follow-up ...
        opt appointment_type: CodeableConcept,
        /// Why.
        list reason_code: CodeableConcept,
        /// Why (a Condition, Procedure ...).
        list reason_reference: Reference,
        /// Priority (0 = undefined, 1 highest).
        opt priority: u32,
        /// Shown on a list of appointments.
        opt description: String,
        /// Supporting information.
        list supporting_information: Reference,
        /// When it starts (a FHIR instant, with its UTC offset).
        opt start: String,
        /// When it ends.
        opt end: String,
        /// How long, in minutes.
        opt minutes_duration: u32,
        /// The slots it uses.
        list slot: Reference,
        /// When it was made.
        opt created: String,
        /// A comment.
        opt comment: String,
        /// Instructions for the patient.
        opt patient_instruction: String,
        /// The request it fulfils.
        list based_on: Reference,
        /// Who takes part.
        req_list participant: AppointmentParticipant,
        /// Times asked for.
        list requested_period: Period,
    }
}

fhir_struct! {
    /// Someone or something taking part (`Appointment.participant`).
    pub struct AppointmentParticipant {
        /// Their role.
        list type_: CodeableConcept,
        /// Who or what.
        opt actor: Reference,
        /// required | optional | information-only.
        opt required: String,
        /// accepted | declined | tentative | needs-action.
        req status: String,
        /// When they take part.
        opt period: Period,
    }
}
