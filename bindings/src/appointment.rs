//! Appointments with reminders, mirroring `phr_core::model::appointment`.

use phr_core::model::{
    Appointment as CoreAppointment, AppointmentStatus as CoreAppointmentStatus, ValidationError,
};

use crate::mirror::mirror_enum;
use crate::time::{local_time_from, local_time_text};

mirror_enum! {
    /// Where an appointment stands.
    pub enum AppointmentStatus mirrors CoreAppointmentStatus {
        /// Offered, not yet confirmed.
        Proposed,
        /// Booked.
        Booked,
        /// Went.
        Attended,
        /// Did not go.
        Missed,
        /// Cancelled.
        Cancelled,
    }
}

/// An appointment.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Appointment {
    /// What it is, e.g. "Diabetes review".
    pub title: String,
    /// When it starts, RFC 3339 with the UTC offset where it takes place
    /// (`2026-12-01T09:30:00+00:00`).
    pub start: String,
    /// Booked, attended ...
    pub status: AppointmentStatus,
    /// Reminders, in minutes before the start; the core's default is
    /// [`default_appointment_reminders`] (one day and two hours before).
    pub reminder_minutes_before: Vec<u32>,
    /// How long, in minutes.
    #[uniffi(default)]
    pub duration_minutes: Option<u32>,
    /// Who with.
    #[uniffi(default)]
    pub with: Option<String>,
    /// Where.
    #[uniffi(default)]
    pub location: Option<String>,
    /// Anything else.
    #[uniffi(default)]
    pub notes: Option<String>,
}

/// The core's default reminders (one day and two hours before), for shells that want to
/// start a new appointment with them.
#[uniffi::export]
pub fn default_appointment_reminders() -> Vec<u32> {
    phr_core::model::DEFAULT_REMINDER_MINUTES.to_vec()
}

impl From<CoreAppointment> for Appointment {
    fn from(x: CoreAppointment) -> Self {
        Self {
            title: x.title,
            start: local_time_text(x.start),
            status: x.status.into(),
            reminder_minutes_before: x.reminder_minutes_before,
            duration_minutes: x.duration_minutes,
            with: x.with,
            location: x.location,
            notes: x.notes,
        }
    }
}

impl TryFrom<Appointment> for CoreAppointment {
    type Error = ValidationError;
    fn try_from(x: Appointment) -> Result<Self, Self::Error> {
        Ok(Self {
            title: x.title,
            start: local_time_from("start", &x.start)?,
            status: x.status.into(),
            reminder_minutes_before: x.reminder_minutes_before,
            duration_minutes: x.duration_minutes,
            with: x.with,
            location: x.location,
            notes: x.notes,
        })
    }
}
