//! Notifications: every firing of a rule, stored with what caused it, its advice and its
//! state. States only move as the person acts: new, shown, acknowledged, snoozed until a
//! time, or resolved (superseded by a newer reminder, or no longer borne out by the data).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

use super::error::RulesError;
use super::rule::Severity;
use crate::model::EntryId;

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A reading or a trend left its range.
    Alert,
    /// An appointment, a medicine, a goal, a missed measurement.
    Reminder,
    /// A message from a professional, or an answer to a request.
    Message,
}

impl Category {
    /// The lower-case name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Alert => "alert",
            Self::Reminder => "reminder",
            Self::Message => "message",
        }
    }

    /// The category stored as `s`.
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "alert" => Some(Self::Alert),
            "reminder" => Some(Self::Reminder),
            "message" => Some(Self::Message),
            _ => None,
        }
    }
}

/// Where a notification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum NotificationState {
    /// Not yet shown to the person.
    New,
    /// Shown (on a screen or as an OS notification), not yet acknowledged.
    Shown,
    /// The person has seen it and said so. It never comes back.
    Acknowledged,
    /// Put off until a time; due again then.
    Snoozed {
        /// When it is due again.
        until: DateTime<Utc>,
    },
    /// No longer current: a newer reminder replaced it, the appointment has passed, or
    /// later readings no longer show what it said.
    Resolved,
}

impl NotificationState {
    /// The lower-case name used in storage and on screens.
    pub fn name(&self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Shown => "shown",
            Self::Acknowledged => "acknowledged",
            Self::Snoozed { .. } => "snoozed",
            Self::Resolved => "resolved",
        }
    }

    /// Whether the person still has something to do with it.
    pub fn is_open(&self) -> bool {
        matches!(self, Self::New | Self::Shown | Self::Snoozed { .. })
    }

    /// Whether it still needs the person at `now`: new, shown and not yet acknowledged,
    /// or snoozed until a time that has come.
    pub fn needs_attention(&self, now: DateTime<Utc>) -> bool {
        match self {
            Self::New | Self::Shown => true,
            Self::Snoozed { until } => *until <= now,
            _ => false,
        }
    }

    /// Whether it should be put in front of the person at `now`.
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        match self {
            Self::New => true,
            Self::Snoozed { until } => *until <= now,
            _ => false,
        }
    }

    /// The state after the person acknowledges it. Acknowledging twice is harmless.
    pub fn acknowledge(self) -> Result<Self, RulesError> {
        match self {
            Self::New | Self::Shown | Self::Snoozed { .. } | Self::Acknowledged => {
                Ok(Self::Acknowledged)
            }
            Self::Resolved => Err(RulesError::InvalidNotificationTransition {
                from: self.name(),
                action: "acknowledged",
            }),
        }
    }

    /// The state after the person snoozes it until `until`, which must be after `now`.
    pub fn snooze(self, until: DateTime<Utc>, now: DateTime<Utc>) -> Result<Self, RulesError> {
        if until <= now {
            return Err(RulesError::Invalid(crate::model::ValidationError::new(
                "until",
                "a snooze must end in the future",
            )));
        }
        if until > now + chrono::Duration::days(MAX_SNOOZE_DAYS) {
            return Err(RulesError::Invalid(crate::model::ValidationError::new(
                "until",
                format!("a snooze can last at most {MAX_SNOOZE_DAYS} days"),
            )));
        }
        match self {
            Self::New | Self::Shown | Self::Snoozed { .. } => Ok(Self::Snoozed { until }),
            Self::Acknowledged | Self::Resolved => Err(RulesError::InvalidNotificationTransition {
                from: self.name(),
                action: "snoozed",
            }),
        }
    }

    /// The state after it was shown. Only a due notification changes.
    pub fn show(self, now: DateTime<Utc>) -> Self {
        if self.is_due(now) { Self::Shown } else { self }
    }
}

/// The longest snooze, in days: an alert put off for longer is an alert lost.
pub const MAX_SNOOZE_DAYS: i64 = 7;

impl fmt::Display for NotificationState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Snoozed { until } => {
                write!(f, "snoozed until {}", until.format("%-d %b %Y %H:%M UTC"))
            }
            other => f.write_str(other.name()),
        }
    }
}

/// A stored notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    /// Its id within the record.
    pub id: i64,
    /// The rule that made it (`message` for messages, with version 0).
    pub rule_id: String,
    /// The version of that rule.
    pub rule_version: u32,
    /// What it fired for, unique per rule version: `reading:42`, `day:20781`,
    /// `appointment:<id>:<start>:<minutes>` ...
    pub key: String,
    /// Alert, reminder or message.
    pub category: Category,
    /// How much it matters.
    pub severity: Severity,
    /// Heading.
    pub title: String,
    /// What was found, with the numbers: "3.5 mmol/L at 24 Nov 2026 08:30 (below 4)".
    pub detail: String,
    /// What to do and whom to contact.
    pub advice: String,
    /// The readings that caused it.
    pub readings: Vec<i64>,
    /// The entries that caused it (appointment, medication, goal).
    pub entries: Vec<EntryId>,
    /// When it was stored.
    pub created_at: DateTime<Utc>,
    /// When it is for (a reminder's time; an alert's creation).
    pub due_at: DateTime<Utc>,
    /// Where it stands.
    pub state: NotificationState,
    /// When the state last changed.
    pub state_changed_at: DateTime<Utc>,
}

/// A notification a rule wants to exist, before it is stored.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Firing {
    pub key: String,
    /// The time the key stands for (reading time, window day, reminder time), so that
    /// evaluation over a time range finds the notifications it may revise.
    pub key_time_ms: i64,
    pub category: Category,
    pub severity: Severity,
    pub title: String,
    pub detail: String,
    pub advice: String,
    pub readings: Vec<i64>,
    pub entries: Vec<EntryId>,
    pub due_at_ms: i64,
}

/// What a message-kind notification says: one event, not about readings or entries.
pub(crate) struct MessageText {
    /// Its title.
    pub title: String,
    /// What happened, in a sentence or two.
    pub detail: String,
    /// What the person may do about it.
    pub advice: String,
}

impl Firing {
    /// A notification in the messages category about one event (a share looked at, a
    /// message read, a request answered, an unlock with the second passphrase): keyed
    /// by `key` at `key_time_ms`, due at `due_at_ms`, pointing at no reading or entry.
    pub(crate) fn message(
        key: String,
        key_time_ms: i64,
        due_at_ms: i64,
        severity: Severity,
        text: MessageText,
    ) -> Firing {
        Firing {
            key,
            key_time_ms,
            category: Category::Message,
            severity,
            title: text.title,
            detail: text.detail,
            advice: text.advice,
            readings: Vec::new(),
            entries: Vec::new(),
            due_at_ms,
        }
    }
}
