//! Status codes, read both ways. The code systems are FHIR R4's (terminology.hl7.org);
//! each table's first row for a value is what the export writes.

use crate::model::{AppointmentStatus, ConditionStatus, GoalStatus, Severity};

/// R4 CodeSystem `condition-clinical`.
pub const CONDITION_CLINICAL: &str = "http://terminology.hl7.org/CodeSystem/condition-clinical";
/// R4 CodeSystem `condition-ver-status`.
pub const CONDITION_VERIFICATION: &str =
    "http://terminology.hl7.org/CodeSystem/condition-ver-status";
/// R4 CodeSystem `condition-category`.
pub const CONDITION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/condition-category";
/// R4 CodeSystem `allergyintolerance-clinical`.
pub const ALLERGY_CLINICAL: &str =
    "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
/// R4 CodeSystem `allergyintolerance-verification`.
pub const ALLERGY_VERIFICATION: &str =
    "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";
/// R4 CodeSystem `medication-statement-category`.
pub const MEDICATION_STATEMENT_CATEGORY: &str =
    "http://terminology.hl7.org/CodeSystem/medication-statement-category";
/// R4 CodeSystem `goal-achievement`.
pub const GOAL_ACHIEVEMENT: &str = "http://terminology.hl7.org/CodeSystem/goal-achievement";
/// R4 CodeSystem `consentscope`.
pub const CONSENT_SCOPE: &str = "http://terminology.hl7.org/CodeSystem/consentscope";

/// `Condition.clinicalStatus` (condition-clinical): the record says active or resolved.
pub const CONDITION_STATUS: [(&str, ConditionStatus); 6] = [
    ("active", ConditionStatus::Active),
    ("resolved", ConditionStatus::Resolved),
    ("recurrence", ConditionStatus::Active),
    ("relapse", ConditionStatus::Active),
    ("inactive", ConditionStatus::Resolved),
    ("remission", ConditionStatus::Resolved),
];

/// `AllergyIntolerance.reaction.severity` (R4 value set `reaction-event-severity`).
pub const SEVERITY: [(&str, Severity); 3] = [
    ("mild", Severity::Mild),
    ("moderate", Severity::Moderate),
    ("severe", Severity::Severe),
];

/// `Appointment.status` (R4 value set `appointmentstatus`), to what the person sees.
pub const APPOINTMENT_STATUS: [(&str, AppointmentStatus); 9] = [
    ("booked", AppointmentStatus::Booked),
    ("proposed", AppointmentStatus::Proposed),
    ("fulfilled", AppointmentStatus::Attended),
    ("noshow", AppointmentStatus::Missed),
    ("cancelled", AppointmentStatus::Cancelled),
    ("pending", AppointmentStatus::Proposed),
    ("waitlist", AppointmentStatus::Proposed),
    ("arrived", AppointmentStatus::Booked),
    ("checked-in", AppointmentStatus::Booked),
];

/// `Goal.lifecycleStatus` (R4 value set `goal-status`). `completed` with achievement
/// `achieved` is what the export writes for an achieved goal.
pub const GOAL_STATUS: [(&str, GoalStatus); 6] = [
    ("active", GoalStatus::Active),
    ("completed", GoalStatus::Achieved),
    ("on-hold", GoalStatus::Paused),
    ("accepted", GoalStatus::Active),
    ("planned", GoalStatus::Active),
    ("proposed", GoalStatus::Active),
];

/// What a medicine's status says (R4 value sets `medication-statement-status` and
/// `medicationrequest-status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MedicineState {
    /// Being taken (or about to be: intended, on hold, status unknown).
    Taking,
    /// Stopped.
    Stopped,
    /// A course that finished.
    Completed,
}

/// The statuses of MedicationStatement and MedicationRequest that are facts about the
/// person's medicines (the others are in [`NOT_FACTS`]).
pub const MEDICINE_STATUS: [(&str, MedicineState); 7] = [
    ("active", MedicineState::Taking),
    ("stopped", MedicineState::Stopped),
    ("completed", MedicineState::Completed),
    ("intended", MedicineState::Taking),
    ("on-hold", MedicineState::Taking),
    ("unknown", MedicineState::Taking),
    ("cancelled", MedicineState::Stopped),
];

/// Statuses that say a resource is not a fact about the person: it was entered in
/// error, refuted, not done, not taken, never started. Such resources are reported and
/// kept, never imported into the record. (resource type, element, code, why.)
pub const NOT_FACTS: [(&str, &str, &str, &str); 19] = [
    (
        "Condition",
        "verificationStatus",
        "entered-in-error",
        "it was entered in error",
    ),
    (
        "Condition",
        "verificationStatus",
        "refuted",
        "it was refuted",
    ),
    (
        "AllergyIntolerance",
        "verificationStatus",
        "entered-in-error",
        "it was entered in error",
    ),
    (
        "AllergyIntolerance",
        "verificationStatus",
        "refuted",
        "it was refuted",
    ),
    (
        "Procedure",
        "status",
        "entered-in-error",
        "it was entered in error",
    ),
    ("Procedure", "status", "not-done", "it was not done"),
    (
        "Immunization",
        "status",
        "entered-in-error",
        "it was entered in error",
    ),
    (
        "Immunization",
        "status",
        "not-done",
        "the vaccination was not given",
    ),
    (
        "MedicationStatement",
        "status",
        "entered-in-error",
        "it was entered in error",
    ),
    (
        "MedicationStatement",
        "status",
        "not-taken",
        "the medicine was not taken",
    ),
    (
        "MedicationRequest",
        "status",
        "entered-in-error",
        "it was entered in error",
    ),
    (
        "MedicationRequest",
        "status",
        "draft",
        "it is a draft prescription",
    ),
    (
        "Observation",
        "status",
        "entered-in-error",
        "it was entered in error",
    ),
    (
        "Observation",
        "status",
        "cancelled",
        "the test was cancelled",
    ),
    (
        "Appointment",
        "status",
        "entered-in-error",
        "it was entered in error",
    ),
    (
        "Goal",
        "lifecycleStatus",
        "entered-in-error",
        "it was entered in error",
    ),
    (
        "Goal",
        "lifecycleStatus",
        "rejected",
        "the goal was rejected",
    ),
    (
        "Goal",
        "lifecycleStatus",
        "cancelled",
        "the goal was cancelled",
    ),
    (
        "Consent",
        "status",
        "entered-in-error",
        "it was entered in error",
    ),
];

/// Why a resource whose `element` has `code` is not a fact, if it is not one.
pub fn not_a_fact(resource_type: &str, element: &str, code: &str) -> Option<&'static str> {
    NOT_FACTS
        .iter()
        .find(|(t, e, c, _)| *t == resource_type && *e == element && *c == code)
        .map(|(_, _, _, why)| *why)
}
