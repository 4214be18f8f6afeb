//! Notifications and rules. The core decides what fires and when, and the order of the
//! inbox; a shell asks what is due, shows it, and says what the person did.

use chrono::{DateTime, Utc};
use phr_core::api::RuleView;
use phr_core::model::Author;
use phr_core::rules::{Notification, Rule, StoredRule};

use super::PersonHeldRecord;
use crate::error::RecordError;

/// One setting of a rule to change: a path into the rule and its new value
/// (`enabled` = `false`, `bands.0.when.0.value` = `4.5`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RuleSetting {
    /// The path, as the rule's fields nest.
    pub key: String,
    /// The value (JSON, or text).
    pub value: String,
}

#[uniffi::export]
impl PersonHeldRecord {
    /// What to notify the person of at `now` (OS notifications), most urgent first. Call
    /// `mark_shown` once they are on screen.
    pub fn due_notifications(&self, now: DateTime<Utc>) -> Result<Vec<Notification>, RecordError> {
        self.with(|r| r.due_notifications(now))
    }

    /// The alerts inbox at `now` (a snoozed one only once it is due again), or with
    /// `all` every notification: open first, then the most severe, then the newest.
    pub fn inbox(&self, now: DateTime<Utc>, all: bool) -> Result<Vec<Notification>, RecordError> {
        self.with(|r| r.inbox(now, all))
    }

    /// The next time something falls due, for the shell's scheduler
    /// (WorkManager, `UNUserNotificationCenter`); `null`/`nil` when nothing is.
    pub fn next_due_time(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, RecordError> {
        self.with(|r| r.next_due_time(now))
    }

    /// One notification.
    pub fn notification(&self, id: i64) -> Result<Notification, RecordError> {
        self.with(|r| r.notification(id))
    }

    /// The person has seen and dealt with it.
    pub fn acknowledge(&self, id: i64) -> Result<Notification, RecordError> {
        self.with(|r| r.acknowledge(id))
    }

    /// Puts it off until `until`.
    pub fn snooze(&self, id: i64, until: DateTime<Utc>) -> Result<Notification, RecordError> {
        self.with(|r| r.snooze(id, until))
    }

    /// These are on screen now.
    pub fn mark_shown(&self, ids: Vec<i64>) -> Result<(), RecordError> {
        self.with(|r| r.mark_shown(&ids))
    }

    /// Every rule as the rules screen lists it: whether it keeps the person safe, and
    /// since when and by whom it is off.
    pub fn rule_views(&self) -> Result<Vec<RuleView>, RecordError> {
        self.with(|r| r.rule_views())
    }

    /// Every version of a rule, oldest first.
    pub fn rule_history(&self, rule_id: String) -> Result<Vec<StoredRule>, RecordError> {
        self.with(|r| r.rule_history(&rule_id))
    }

    /// Stores `rule` as its next version. A change that makes a safety rule
    /// meaningless is `Invalid` naming the allowed range; turning one off without
    /// `confirmed` is `NeedsConfirmation`.
    pub fn set_rule(
        &self,
        rule: Rule,
        author: Author,
        confirmed: bool,
    ) -> Result<StoredRule, RecordError> {
        self.with(|r| r.set_rule(rule, author, confirmed))
    }

    /// Changes settings of a rule and stores the result as its next version (the same
    /// checks as `set_rule`).
    pub fn change_rule(
        &self,
        rule_id: String,
        settings: Vec<RuleSetting>,
        author: Author,
        confirmed: bool,
    ) -> Result<StoredRule, RecordError> {
        let pairs: Vec<(String, String)> = settings.into_iter().map(|s| (s.key, s.value)).collect();
        self.with(|r| r.change_rule(&rule_id, &pairs, author, confirmed))
    }
}
