//! Notifications (alerts, reminders, messages) with their advice and states, and the
//! notification rules they come from, mirroring `phr_core::rules`. The core decides what
//! fires and when; a shell asks what is due, shows it, and reports what the person did.

use std::time::SystemTime;

use phr_core::rules::{
    Category as CoreCategory, Notification as CoreNotification,
    NotificationState as CoreNotificationState, Severity as CoreSeverity,
    StoredRule as CoreStoredRule,
};

use crate::entry::{Author, author_or_person};
use crate::error::AlertError;
use crate::mirror::mirror_enum;
use crate::model::PersonHeldRecord;
use crate::time::{instant, utc};

mirror_enum! {
    /// What a notification is about.
    pub enum NotificationCategory mirrors CoreCategory {
        /// A reading or a trend left its range.
        Alert,
        /// An appointment, a medicine, a goal, a missed measurement.
        Reminder,
        /// A message from a professional, or an answer to a request.
        Message,
    }
}

mirror_enum! {
    /// How much a notification matters, in rising order.
    pub enum NotificationSeverity mirrors CoreSeverity {
        /// Good to know.
        Info,
        /// Worth acting on soon.
        Warning,
        /// Act now; the advice says whom to contact.
        Urgent,
        /// Get help now (999).
        Emergency,
    }
}

/// Where a notification stands. It only moves as the person acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum NotificationState {
    /// Not yet shown.
    New,
    /// Shown, not yet acknowledged.
    Shown,
    /// The person has seen it and said so; it never comes back.
    Acknowledged,
    /// Put off until a time; due again then.
    Snoozed {
        /// When it is due again.
        until: SystemTime,
    },
    /// No longer current (superseded, passed, or no longer borne out by the data).
    Resolved,
}

impl From<CoreNotificationState> for NotificationState {
    fn from(s: CoreNotificationState) -> Self {
        match s {
            CoreNotificationState::New => Self::New,
            CoreNotificationState::Shown => Self::Shown,
            CoreNotificationState::Acknowledged => Self::Acknowledged,
            CoreNotificationState::Snoozed { until } => Self::Snoozed {
                until: instant(until),
            },
            CoreNotificationState::Resolved => Self::Resolved,
        }
    }
}

/// A stored notification: what fired, why, what to do, and where it stands.
/// (`HealthNotification`, not `Notification`: Foundation has one.)
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HealthNotification {
    /// Its id within the record.
    pub id: i64,
    /// The rule that made it, e.g. `glucose.low` (`message` for messages).
    pub rule_id: String,
    /// The version of that rule.
    pub rule_version: u32,
    /// What it fired for, unique per rule version (`reading:42`, `day:20781` ...).
    pub key: String,
    /// Alert, reminder or message.
    pub category: NotificationCategory,
    /// How much it matters.
    pub severity: NotificationSeverity,
    /// Heading.
    pub title: String,
    /// What was found, with the numbers.
    pub detail: String,
    /// What to do and whom to contact.
    pub advice: String,
    /// The readings that caused it.
    pub readings: Vec<i64>,
    /// The entries that caused it (appointment, medication, goal).
    pub entries: Vec<String>,
    /// When it was stored.
    pub created_at: SystemTime,
    /// When it is for.
    pub due_at: SystemTime,
    /// Where it stands.
    pub state: NotificationState,
    /// When the state last changed.
    pub state_changed_at: SystemTime,
}

impl From<CoreNotification> for HealthNotification {
    fn from(n: CoreNotification) -> Self {
        Self {
            id: n.id,
            rule_id: n.rule_id,
            rule_version: n.rule_version,
            key: n.key,
            category: n.category.into(),
            severity: n.severity.into(),
            title: n.title,
            detail: n.detail,
            advice: n.advice,
            readings: n.readings,
            entries: n.entries.iter().map(ToString::to_string).collect(),
            created_at: instant(n.created_at),
            due_at: instant(n.due_at),
            state: n.state.into(),
            state_changed_at: instant(n.state_changed_at),
        }
    }
}

/// A notification rule as stored: what a settings screen lists. Rules are data; their
/// full form is `rule_json`, and `change_rule` changes it one setting at a time.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RuleInfo {
    /// Stable id, e.g. `glucose.low`.
    pub id: String,
    /// Name shown to people.
    pub title: String,
    /// Whether it is on.
    pub enabled: bool,
    /// Where its numbers come from (guideline and recommendation).
    pub source: String,
    /// What kind of rule (`threshold`, `trend`, `missed`, ...).
    pub rule_type: String,
    /// 1 for the shipped default, then one more per change.
    pub version: u32,
    /// When this version was written.
    pub changed_at: SystemTime,
    /// The rule as the core's JSON, whose dotted paths `change_rule` takes
    /// (`bands.0.when.0.value`).
    pub rule_json: String,
}

impl From<CoreStoredRule> for RuleInfo {
    fn from(s: CoreStoredRule) -> Self {
        Self {
            rule_json: serde_json::to_string(&s.rule).unwrap_or_default(),
            id: s.rule.id,
            title: s.rule.title,
            enabled: s.rule.enabled,
            source: s.rule.source,
            rule_type: s.rule.body.type_name().to_string(),
            version: s.version,
            changed_at: instant(s.changed_at),
        }
    }
}

/// One setting of a rule: a dotted path into its JSON form and a value (read as JSON
/// when it parses, else as text): `enabled` = `false`, `bands.0.when.0.value` = `3.5`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RuleSetting {
    /// The dotted path.
    pub path: String,
    /// The new value.
    pub value: String,
}

#[uniffi::export]
impl PersonHeldRecord {
    /// What to put in front of the person at `now`: new notifications and snoozed ones
    /// whose time has come, most severe first. Call `mark_shown` once they are shown.
    pub fn due_notifications(
        &self,
        now: SystemTime,
    ) -> Result<Vec<HealthNotification>, AlertError> {
        self.with(|r| {
            Ok(r.due_notifications(utc(now))?
                .into_iter()
                .map(Into::into)
                .collect())
        })
    }

    /// The next time after `now` at which something falls due, to schedule an OS
    /// notification (then call `due_notifications`); `null`/`nil` when nothing is.
    pub fn next_due_time(&self, now: SystemTime) -> Result<Option<SystemTime>, AlertError> {
        self.with(|r| Ok(r.next_due_time(utc(now))?.map(instant)))
    }

    /// Notifications, newest first: the open ones, or all with `all`.
    pub fn notifications(&self, all: bool) -> Result<Vec<HealthNotification>, AlertError> {
        self.with(|r| Ok(r.notifications(all)?.into_iter().map(Into::into).collect()))
    }

    /// One notification.
    pub fn notification(&self, id: i64) -> Result<HealthNotification, AlertError> {
        self.with(|r| Ok(r.notification(id)?.into()))
    }

    /// The person has seen it; an acknowledged notification never comes back.
    pub fn acknowledge(&self, id: i64) -> Result<HealthNotification, AlertError> {
        self.with(|r| Ok(r.acknowledge(id)?.into()))
    }

    /// Puts a notification off until `until` (at most a week ahead).
    pub fn snooze(&self, id: i64, until: SystemTime) -> Result<HealthNotification, AlertError> {
        self.with(|r| Ok(r.snooze(id, utc(until))?.into()))
    }

    /// Records that these notifications were put in front of the person.
    pub fn mark_shown(&self, ids: Vec<i64>) -> Result<(), AlertError> {
        self.with(|r| Ok(r.mark_shown(&ids)?))
    }

    /// The active version of every rule.
    pub fn rules(&self) -> Result<Vec<RuleInfo>, AlertError> {
        self.with(|r| Ok(r.rules()?.into_iter().map(Into::into).collect()))
    }

    /// Changes settings of a rule and stores the result as a new version (old versions
    /// stay); the rule is evaluated again over the readings.
    #[uniffi::method(default(author = None))]
    pub fn change_rule(
        &self,
        rule_id: String,
        settings: Vec<RuleSetting>,
        author: Option<Author>,
    ) -> Result<RuleInfo, AlertError> {
        let settings: Vec<(String, String)> =
            settings.into_iter().map(|s| (s.path, s.value)).collect();
        self.with(|r| {
            Ok(
                r.change_rule(&rule_id, &settings, author_or_person(author))?
                    .into(),
            )
        })
    }
}
