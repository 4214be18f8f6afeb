//! Rules as data: what each kind of rule says. Stored rules are versioned in the `rules`
//! table (see `store.rs`); checks and changes are in `validate.rs`; the numbers shipped
//! by default, with their sources, are in `defaults.rs`.

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub use crate::model::Measure;
use crate::model::{Author, EntryId, ReadingKind, ValidationError};

/// Longest advice text: a few short paragraphs, read on a phone.
pub const ADVICE_TEXT: usize = 1_000;

/// How much a notification matters, in rising order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Good to know: reminders, check-ins, answers.
    Info,
    /// Worth acting on soon.
    Warning,
    /// Act now; the advice says whom to contact.
    Urgent,
    /// Get help now (999).
    Emergency,
}

impl Severity {
    /// The lower-case name used in storage and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Urgent => "urgent",
            Self::Emergency => "emergency",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "info" => Ok(Self::Info),
            "warning" => Ok(Self::Warning),
            "urgent" => Ok(Self::Urgent),
            "emergency" => Ok(Self::Emergency),
            _ => Err(ValidationError::new(
                "severity",
                format!("'{s}' is not one of info, warning, urgent, emergency"),
            )),
        }
    }
}

/// How a value is compared with a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// Strictly below.
    Below,
    /// Below or equal.
    AtOrBelow,
    /// Strictly above.
    Above,
    /// Above or equal.
    AtOrAbove,
}

impl Comparison {
    /// Whether `value` compares so with `limit`.
    pub fn holds(self, value: f64, limit: f64) -> bool {
        match self {
            Self::Below => value < limit,
            Self::AtOrBelow => value <= limit,
            Self::Above => value > limit,
            Self::AtOrAbove => value >= limit,
        }
    }

    /// Words for a screen ("below", "at or above" ...).
    pub fn words(self) -> &'static str {
        match self {
            Self::Below => "below",
            Self::AtOrBelow => "at or below",
            Self::Above => "above",
            Self::AtOrAbove => "at or above",
        }
    }
}

/// One limit: a measure compared with a value in the kind's storage unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Limit {
    /// Which number of the reading.
    pub measure: Measure,
    /// How it is compared.
    pub is: Comparison,
    /// The limit, in the reading kind's unit (mmol/L, mm[Hg], /min, kg ...).
    pub value: f64,
}

impl Limit {
    /// Whether `value` is beyond this limit.
    pub fn holds(&self, value: f64) -> bool {
        self.is.holds(value, self.value)
    }
}

/// One band of a threshold rule: when any of its limits holds, the reading is in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// Stable name within the rule, e.g. `level_2`.
    pub id: String,
    /// How much it matters.
    pub severity: Severity,
    /// The reading is in the band when any of these holds.
    pub when: Vec<Limit>,
    /// Heading of the notification.
    pub title: String,
    /// What to do and whom to contact, in plain words.
    pub advice: String,
}

/// A threshold rule: single readings of one kind, in bands of rising severity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThresholdRule {
    /// The kind of reading it looks at.
    pub reading_kind: ReadingKind,
    /// The bands; a reading takes the most severe band it is in.
    pub bands: Vec<Band>,
    /// A reading in a band does not notify again when a reading in the same or a more
    /// severe band came less than this many minutes before it (one alert per episode,
    /// not one per sensor sample). 0 notifies for every reading.
    #[serde(default)]
    pub repeat_after_minutes: u32,
    /// Readings older than this when they reach the record (a meter synced days later)
    /// are kept but do not notify: advice to act now would no longer fit.
    pub max_age_hours: u32,
}

/// What a trend rule computes over its window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "statistic", rename_all = "snake_case")]
pub enum TrendTest {
    /// The mean of the readings in the window is beyond any of the limits.
    Mean {
        /// Limits on the mean of the primary and secondary values.
        when: Vec<Limit>,
    },
    /// The change of the day's mean from the earliest day in the window, in percent.
    PercentChange {
        /// How the change compares with `percent`.
        is: Comparison,
        /// The limit in percent (negative for a loss).
        percent: f64,
    },
}

/// A trend rule: a statistic over a rolling window of days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendRule {
    /// The kind of reading it looks at.
    pub reading_kind: ReadingKind,
    /// Length of the window in days, ending on the day of a reading.
    pub window_days: u32,
    /// Fewest days with readings in the window for the statistic to count.
    pub min_days_with_readings: u32,
    /// Windows ending longer ago than this (an old history imported today) do not notify.
    pub max_age_days: u32,
    /// What is computed and compared.
    pub test: TrendTest,
    /// How much it matters.
    pub severity: Severity,
    /// What to do, in plain words.
    pub advice: String,
}

/// A missed-measurement rule: a kind the person monitors has had no reading for a while.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissedRule {
    /// The kind of reading.
    pub reading_kind: ReadingKind,
    /// Days without a reading before the reminder.
    pub after_days: u32,
    /// The person counts as monitoring the kind with at least this many readings ...
    pub monitored_min_readings: u32,
    /// ... in this many days before the last one.
    pub monitored_within_days: u32,
    /// What to do, in plain words.
    pub advice: String,
}

/// Reminders before appointments, at the times each appointment's
/// `reminder_minutes_before` gives (one day and two hours before unless changed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppointmentReminderRule {
    /// Text of the reminder.
    pub advice: String,
}

/// When to remind the person of one medication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MedicationSchedule {
    /// The medication entry.
    pub medication: EntryId,
    /// Times of day, in the person's local time.
    pub times: Vec<NaiveTime>,
    /// The person's UTC offset in minutes (60 for British Summer Time).
    #[serde(default)]
    pub utc_offset_minutes: i32,
}

/// Medication reminders, one schedule per medication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MedicationReminderRule {
    /// The schedules.
    #[serde(default)]
    pub schedules: Vec<MedicationSchedule>,
    /// Text of the reminder.
    pub advice: String,
}

/// Check-ins on active goals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalCheckInRule {
    /// Days between check-ins, counted from when the goal was written.
    pub every_days: u32,
    /// Text of the check-in.
    pub advice: String,
}

/// The limit on requests to professionals, which protects them from floods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestLimitRule {
    /// Open requests allowed per recipient within the window.
    pub max_open_per_recipient: u32,
    /// The window, in hours.
    pub window_hours: u32,
}

/// What a rule does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RuleBody {
    /// Single readings beyond limits.
    Threshold(ThresholdRule),
    /// A statistic over days beyond a limit.
    Trend(TrendRule),
    /// No reading of a monitored kind for a while.
    Missed(MissedRule),
    /// Reminders before appointments.
    AppointmentReminder(AppointmentReminderRule),
    /// Reminders to take medication.
    MedicationReminder(MedicationReminderRule),
    /// Check-ins on goals.
    GoalCheckIn(GoalCheckInRule),
    /// The limit on requests to professionals.
    RequestLimit(RequestLimitRule),
}

impl RuleBody {
    /// The name of the rule's type, as stored.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Threshold(_) => "threshold",
            Self::Trend(_) => "trend",
            Self::Missed(_) => "missed",
            Self::AppointmentReminder(_) => "appointment_reminder",
            Self::MedicationReminder(_) => "medication_reminder",
            Self::GoalCheckIn(_) => "goal_check_in",
            Self::RequestLimit(_) => "request_limit",
        }
    }
}

/// A rule: its identity, whether it is on, where its numbers come from, and what it does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Stable id, e.g. `glucose.low`.
    pub id: String,
    /// Name shown to people.
    pub title: String,
    /// Whether it is on.
    pub enabled: bool,
    /// Where its numbers come from (guideline and recommendation).
    #[serde(default)]
    pub source: String,
    /// What it does.
    #[serde(flatten)]
    pub body: RuleBody,
}

/// A version of a rule as stored: the highest version of an id is the active one, and
/// older versions stay so that every notification can show the rule that made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredRule {
    /// The rule.
    pub rule: Rule,
    /// 1 for the shipped default, then one more per change.
    pub version: u32,
    /// When this version was written.
    pub changed_at: DateTime<Utc>,
    /// Who wrote it; `None` for the shipped default.
    pub author: Option<Author>,
}
