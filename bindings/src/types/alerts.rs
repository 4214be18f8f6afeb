//! Notifications and rules as uniffi sees the core's types (remote definitions).

use phr_core::api::RuleView;
use phr_core::model::Author;
use phr_core::model::sample::Measure;
use phr_core::model::{EntryId, ReadingKind};
use phr_core::rules::{
    AppointmentReminderRule, Band, Category, Comparison, GoalCheckInRule, Limit,
    MedicationReminderRule, MedicationSchedule, MissedRule, Notification, NotificationState,
    RequestLimitRule, Rule, RuleBody, Severity, StoredRule, ThresholdRule, TrendRule, TrendTest,
};

use super::custom::{TimeOfDay, UtcTime};

/// How much a notification matters. (`AlertSeverity`: an allergy has a `Severity` too.)
pub type AlertSeverity = Severity;
/// A notification. (`HealthNotification`, not `Notification`: Foundation has one.)
pub type HealthNotification = Notification;

/// How much a notification matters, in rising order.
#[uniffi::remote(Enum)]
pub enum AlertSeverity {
    Info,
    Warning,
    Urgent,
    Emergency,
}

/// How a value is compared with a limit.
#[uniffi::remote(Enum)]
pub enum Comparison {
    Below,
    AtOrBelow,
    Above,
    AtOrAbove,
}

/// One limit: a measure compared with a value in the kind's storage unit.
#[uniffi::remote(Record)]
pub struct Limit {
    pub measure: Measure,
    pub is: Comparison,
    pub value: f64,
}

/// One band of a threshold rule: when any of its limits holds, the reading is in it.
#[uniffi::remote(Record)]
pub struct Band {
    pub id: String,
    pub severity: Severity,
    #[uniffi(default)]
    pub when: Vec<Limit>,
    pub title: String,
    pub advice: String,
}

/// A threshold rule: single readings of one kind, in bands of rising severity.
#[uniffi::remote(Record)]
pub struct ThresholdRule {
    pub reading_kind: ReadingKind,
    #[uniffi(default)]
    pub bands: Vec<Band>,
    pub repeat_after_minutes: u32,
    pub max_age_hours: u32,
}

/// What a trend rule computes over its window.
#[uniffi::remote(Enum)]
pub enum TrendTest {
    Mean { when: Vec<Limit> },
    PercentChange { is: Comparison, percent: f64 },
}

/// A trend rule: a statistic over a rolling window of days.
#[uniffi::remote(Record)]
pub struct TrendRule {
    pub reading_kind: ReadingKind,
    pub window_days: u32,
    pub min_days_with_readings: u32,
    pub max_age_days: u32,
    pub test: TrendTest,
    pub severity: Severity,
    pub advice: String,
}

/// A missed-measurement rule: a kind the person monitors has had no reading for a while.
#[uniffi::remote(Record)]
pub struct MissedRule {
    pub reading_kind: ReadingKind,
    pub after_days: u32,
    pub monitored_min_readings: u32,
    pub monitored_within_days: u32,
    pub advice: String,
}

/// Reminders before appointments, at the times each appointment's
/// `reminder_minutes_before` gives (one day and two hours before unless changed).
#[uniffi::remote(Record)]
pub struct AppointmentReminderRule {
    pub advice: String,
}

/// When to remind the person of one medication.
#[uniffi::remote(Record)]
pub struct MedicationSchedule {
    pub medication: EntryId,
    #[uniffi(default)]
    pub times: Vec<TimeOfDay>,
    pub utc_offset_minutes: i32,
}

/// Medication reminders, one schedule per medication.
#[uniffi::remote(Record)]
pub struct MedicationReminderRule {
    #[uniffi(default)]
    pub schedules: Vec<MedicationSchedule>,
    pub advice: String,
}

/// Check-ins on active goals.
#[uniffi::remote(Record)]
pub struct GoalCheckInRule {
    pub every_days: u32,
    pub advice: String,
}

/// The limit on requests to professionals, which protects them from floods.
#[uniffi::remote(Record)]
pub struct RequestLimitRule {
    pub max_open_per_recipient: u32,
    pub window_hours: u32,
}

/// What a rule does.
#[uniffi::remote(Enum)]
pub enum RuleBody {
    Threshold(ThresholdRule),
    Trend(TrendRule),
    Missed(MissedRule),
    AppointmentReminder(AppointmentReminderRule),
    MedicationReminder(MedicationReminderRule),
    GoalCheckIn(GoalCheckInRule),
    RequestLimit(RequestLimitRule),
}

/// A rule: its identity, whether it is on, where its numbers come from, and what it does.
#[uniffi::remote(Record)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub enabled: bool,
    pub source: String,
    pub body: RuleBody,
}

/// A version of a rule as stored: the highest version of an id is the active one, and
/// older versions stay so that every notification can show the rule that made it.
#[uniffi::remote(Record)]
pub struct StoredRule {
    pub rule: Rule,
    pub version: u32,
    pub changed_at: UtcTime,
    #[uniffi(default)]
    pub author: Option<Author>,
}

/// A rule as the rules screen shows it.
#[uniffi::remote(Record)]
pub struct RuleView {
    pub stored: StoredRule,
    pub safety: bool,
    #[uniffi(default)]
    pub off_since: Option<UtcTime>,
    #[uniffi(default)]
    pub off_by: Option<Author>,
}

/// What a notification is about.
#[uniffi::remote(Enum)]
pub enum Category {
    Alert,
    Reminder,
    Message,
}

/// Where a notification stands.
#[uniffi::remote(Enum)]
pub enum NotificationState {
    New,
    Shown,
    Acknowledged,
    Snoozed { until: UtcTime },
    Resolved,
}

/// A stored notification.
#[uniffi::remote(Record)]
pub struct HealthNotification {
    pub id: i64,
    pub rule_id: String,
    pub rule_version: u32,
    pub key: String,
    pub category: Category,
    pub severity: Severity,
    pub title: String,
    pub detail: String,
    pub advice: String,
    #[uniffi(default)]
    pub readings: Vec<i64>,
    #[uniffi(default)]
    pub entries: Vec<EntryId>,
    pub created_at: UtcTime,
    pub due_at: UtcTime,
    pub state: NotificationState,
    pub state_changed_at: UtcTime,
}

/// Which number of a reading a limit looks at.
#[uniffi::remote(Enum)]
pub enum Measure {
    Primary,
    Secondary,
    Pulse,
}
