//! About me and appointments as uniffi sees the core's types (remote definitions).

use phr_core::model::{
    Appointment, AppointmentStatus, Barrier, Contact, ContactMethod, ContactPoints, ContactRole,
    Goal, GoalStatus, MyContactDetails, MyHistory, OrganDonation, OrganDonationDecision,
    OtherTreatment, PersonInMyLife, Relationship, ThingsToKnow, TreatmentKind,
};

use super::custom::{LocalDate, LocalTime};

/// Three short statements everyone who helps me should know. One per record.
#[uniffi::remote(Record)]
pub struct ThingsToKnow {
    #[uniffi(default)]
    pub items: Vec<String>,
}

/// What matters to my health and wellbeing now. One per record.
#[uniffi::remote(Record)]
pub struct MyHistory {
    pub text: String,
}

/// Something in the way of a goal, and how to get past it.
#[uniffi::remote(Record)]
pub struct Barrier {
    pub barrier: String,
    #[uniffi(default)]
    pub how_to_overcome: Option<String>,
}

/// Where a goal stands.
#[uniffi::remote(Enum)]
pub enum GoalStatus {
    Active,
    Achieved,
    Paused,
}

/// A goal for my future ("lose weight", "find better housing").
#[uniffi::remote(Record)]
pub struct Goal {
    pub goal: String,
    #[uniffi(default)]
    pub barriers: Vec<Barrier>,
    pub status: GoalStatus,
    #[uniffi(default)]
    pub target_date: Option<LocalDate>,
    #[uniffi(default)]
    pub support: Option<String>,
}

/// How someone is part of the person's life.
#[uniffi::remote(Enum)]
pub enum Relationship {
    CaresForMe,
    ICareFor,
    Family,
    Friend,
    Professional,
    Organisation,
    Volunteer,
    Animal,
}

/// Someone (or some animal) in the person's life.
#[uniffi::remote(Record)]
pub struct PersonInMyLife {
    pub name: String,
    pub relationship: Relationship,
    #[uniffi(default)]
    pub role: Option<String>,
    #[uniffi(default)]
    pub contact: Option<String>,
    #[uniffi(default)]
    pub notes: Option<String>,
}

/// How the person prefers to be contacted.
#[uniffi::remote(Enum)]
pub enum ContactMethod {
    Phone,
    Text,
    Email,
    Letter,
    InPerson,
}

/// Ways to reach someone.
#[uniffi::remote(Record)]
pub struct ContactPoints {
    #[uniffi(default)]
    pub phone: Option<String>,
    #[uniffi(default)]
    pub email: Option<String>,
    #[uniffi(default)]
    pub address: Option<String>,
}

/// The person's own contact details. One per record.
#[uniffi::remote(Record)]
pub struct MyContactDetails {
    pub points: ContactPoints,
    #[uniffi(default)]
    pub preferred_method: Option<ContactMethod>,
}

/// Why a contact is in the record.
#[uniffi::remote(Enum)]
pub enum ContactRole {
    Gp,
    NextOfKin,
    EmergencyContact,
}

/// A contact: my GP, next of kin, an emergency contact.
#[uniffi::remote(Record)]
pub struct Contact {
    pub role: ContactRole,
    pub name: String,
    #[uniffi(default)]
    pub relationship: Option<String>,
    pub points: ContactPoints,
    #[uniffi(default)]
    pub ods_code: Option<String>,
}

/// The person's organ donation decision (NHS Organ Donor Register choices).
#[uniffi::remote(Enum)]
pub enum OrganDonationDecision {
    Donate,
    DoNotDonate,
    NominatedRepresentative,
    Undecided,
}

/// Organ donation wishes. One per record.
#[uniffi::remote(Record)]
pub struct OrganDonation {
    pub decision: OrganDonationDecision,
    #[uniffi(default)]
    pub organs: Vec<String>,
    pub registered: bool,
    #[uniffi(default)]
    pub notes: Option<String>,
}

/// Kinds of other treatment and services.
#[uniffi::remote(Enum)]
pub enum TreatmentKind {
    Physiotherapy,
    Counselling,
    SupportGroup,
    Complementary,
    Other,
}

/// Other treatment and services the person uses.
#[uniffi::remote(Record)]
pub struct OtherTreatment {
    pub name: String,
    pub category: TreatmentKind,
    #[uniffi(default)]
    pub provider: Option<String>,
    #[uniffi(default)]
    pub frequency: Option<String>,
    #[uniffi(default)]
    pub notes: Option<String>,
}

/// Where an appointment stands (a subset of FHIR Appointment.status that a person sees).
#[uniffi::remote(Enum)]
pub enum AppointmentStatus {
    Proposed,
    Booked,
    Attended,
    Missed,
    Cancelled,
}

/// An appointment.
#[uniffi::remote(Record)]
pub struct Appointment {
    pub title: String,
    pub start: LocalTime,
    #[uniffi(default)]
    pub duration_minutes: Option<u32>,
    #[uniffi(default)]
    pub with: Option<String>,
    #[uniffi(default)]
    pub location: Option<String>,
    pub status: AppointmentStatus,
    #[uniffi(default)]
    pub reminder_minutes_before: Vec<u32>,
    #[uniffi(default)]
    pub notes: Option<String>,
}
