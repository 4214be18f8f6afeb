//! Appointments, imported from a booking system or added by the person, with reminders.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::error::{
    NOTE_TEXT, SHORT_TEXT, Validation, ValidationError, optional_text, required_text, utc_offset,
};

/// Default reminders: one day and two hours before (issue 4: "default one day and two
/// hours before"), in minutes.
pub const DEFAULT_REMINDER_MINUTES: [u32; 2] = [24 * 60, 2 * 60];

/// Where an appointment stands (a subset of FHIR Appointment.status that a person sees).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    /// Offered, not yet confirmed.
    Proposed,
    /// Booked.
    #[default]
    Booked,
    /// Went.
    Attended,
    /// Did not go.
    Missed,
    /// Cancelled.
    Cancelled,
}

/// An appointment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Appointment {
    /// What it is, e.g. "Diabetes review".
    pub title: String,
    /// When it starts, with the UTC offset where it takes place.
    pub start: DateTime<FixedOffset>,
    /// How long, in minutes.
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    /// Who with.
    #[serde(default)]
    pub with: Option<String>,
    /// Where.
    #[serde(default)]
    pub location: Option<String>,
    /// Booked, attended ...
    #[serde(default)]
    pub status: AppointmentStatus,
    /// Reminders, in minutes before the start.
    #[serde(default = "default_reminders")]
    pub reminder_minutes_before: Vec<u32>,
    /// Anything else.
    #[serde(default)]
    pub notes: Option<String>,
}

fn default_reminders() -> Vec<u32> {
    DEFAULT_REMINDER_MINUTES.to_vec()
}

impl Appointment {
    /// Checks every field.
    pub fn validate(&self) -> Validation {
        required_text("title", &self.title, SHORT_TEXT)?;
        utc_offset("start", &self.start)?;
        optional_text("with", &self.with, SHORT_TEXT)?;
        optional_text("location", &self.location, 500)?;
        if self.duration_minutes == Some(0) || self.duration_minutes > Some(24 * 60) {
            return Err(ValidationError::new(
                "duration_minutes",
                "must be between 1 minute and 24 hours",
            ));
        }
        if self.reminder_minutes_before.len() > 5 {
            return Err(ValidationError::new(
                "reminder_minutes_before",
                "at most 5 reminders",
            ));
        }
        // Four weeks ahead is the longest reminder a person would want.
        if self
            .reminder_minutes_before
            .iter()
            .any(|m| *m > 28 * 24 * 60)
        {
            return Err(ValidationError::new(
                "reminder_minutes_before",
                "a reminder can be at most 4 weeks before",
            ));
        }
        optional_text("notes", &self.notes, NOTE_TEXT)
    }
}
