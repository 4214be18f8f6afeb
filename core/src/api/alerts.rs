//! Alerts and rules: the inbox every shell lists in the same order, what is due for an
//! OS notification, the person's answers (acknowledge, snooze, shown), when the next
//! thing falls due; the rules, their history, and changes to them.

use chrono::{DateTime, Utc};

use super::Record;
use super::error::ApiResult;
use super::observer::ChangeArea;
use super::views::RuleView;
use crate::model::Author;
use crate::rules::{self, Notification, Rule, StoredRule, manage, schedule};

impl Record {
    /// What to notify the person of at `now` (as OS notifications): new notifications and
    /// snoozed ones whose time has come, most urgent first. Reminders whose time has come
    /// are stored first, so a shell that calls this after a restart loses nothing. Call
    /// [`Record::mark_shown`] once they are on screen.
    pub fn due_notifications(&mut self, now: DateTime<Utc>) -> ApiResult<Vec<Notification>> {
        self.write(&[ChangeArea::Alerts], |tx, _| {
            schedule::materialise(tx, now)?;
            Ok(schedule::due(tx, now)?)
        })
    }

    /// The alerts inbox at `now`: every notification that needs the person (new, shown,
    /// or snoozed until a time that has come; a snoozed one is not listed until it is due
    /// again), or with `all` every notification; open ones first, then the most severe,
    /// then the newest. The same order in every shell.
    pub fn inbox(&mut self, now: DateTime<Utc>, all: bool) -> ApiResult<Vec<Notification>> {
        self.write(&[ChangeArea::Alerts], |tx, _| {
            schedule::materialise(tx, now)?;
            Ok(schedule::inbox(tx, now, all)?)
        })
    }

    /// The next time after `now` at which something falls due (a reminder, the end of a
    /// snooze, a missed measurement), for the shell to schedule an OS notification and
    /// then call [`Record::due_notifications`]. `None` when nothing is scheduled.
    pub fn next_due_time(&self, now: DateTime<Utc>) -> ApiResult<Option<DateTime<Utc>>> {
        Ok(schedule::next_due_time(self.conn(), now)?)
    }

    /// Notifications, newest first: open ones (new, shown, snoozed), or all with `all`.
    pub fn notifications(&self, all: bool) -> ApiResult<Vec<Notification>> {
        Ok(schedule::notifications(self.conn(), all)?)
    }

    /// One notification.
    pub fn notification(&self, id: i64) -> ApiResult<Notification> {
        Ok(schedule::notification(self.conn(), id)?)
    }

    /// The person has seen it. An acknowledged notification never comes back.
    pub fn acknowledge(&mut self, id: i64) -> ApiResult<Notification> {
        self.write(&[ChangeArea::Alerts], |tx, now| {
            Ok(schedule::acknowledge(tx, now, id)?)
        })
    }

    /// Puts a notification off until `until` (at most a week ahead).
    pub fn snooze(&mut self, id: i64, until: DateTime<Utc>) -> ApiResult<Notification> {
        self.write(&[ChangeArea::Alerts], |tx, now| {
            Ok(schedule::snooze(tx, now, id, until)?)
        })
    }

    /// Records that these notifications were put in front of the person (on a screen or
    /// as an OS notification), so they are not due again.
    pub fn mark_shown(&mut self, ids: &[i64]) -> ApiResult<()> {
        self.write(&[ChangeArea::Alerts], |tx, now| {
            Ok(schedule::mark_shown(tx, now, ids)?)
        })
    }

    /// The active version of every rule (shipped defaults until changed).
    pub fn rules(&self) -> ApiResult<Vec<StoredRule>> {
        Ok(manage::rules(self.conn())?)
    }

    /// The active version of one rule.
    pub fn rule(&self, rule_id: &str) -> ApiResult<StoredRule> {
        Ok(manage::rule(self.conn(), rule_id)?)
    }

    /// Every stored version of a rule, oldest first (the shipped default is version 1).
    pub fn rule_history(&self, rule_id: &str) -> ApiResult<Vec<StoredRule>> {
        Ok(manage::rule_history(self.conn(), rule_id)?)
    }

    /// Every rule as the rules screen shows it: whether it keeps the person safe, and
    /// for a rule that is off, since when and by whom.
    pub fn rule_views(&self) -> ApiResult<Vec<RuleView>> {
        self.rules()?
            .into_iter()
            .map(|stored| {
                let history = self.rule_history(&stored.rule.id)?;
                let since = manage::off_since(&history);
                Ok(RuleView {
                    safety: stored.rule.is_safety_rule(),
                    off_since: since.map(|v| v.changed_at),
                    off_by: since.and_then(|v| v.author.clone()),
                    stored,
                })
            })
            .collect()
    }

    /// Stores `rule` as a new version (old ones stay) and evaluates it over every
    /// reading. A change that would make a safety rule meaningless is refused; turning
    /// one off needs `confirmed`.
    pub fn set_rule(
        &mut self,
        rule: Rule,
        author: Author,
        confirmed: bool,
    ) -> ApiResult<StoredRule> {
        self.write(&[ChangeArea::Settings, ChangeArea::Alerts], |tx, now| {
            Ok(manage::set_rule(tx, now, rule, &author, confirmed)?)
        })
    }

    /// Changes settings of a rule (`key=value` pairs: `enabled=false`,
    /// `bands.0.when.0.value=4.5`) and stores the result as a new version.
    pub fn change_rule(
        &mut self,
        rule_id: &str,
        settings: &[(String, String)],
        author: Author,
        confirmed: bool,
    ) -> ApiResult<StoredRule> {
        self.write(&[ChangeArea::Settings, ChangeArea::Alerts], |tx, now| {
            Ok(manage::change_rule(
                tx, now, rule_id, settings, &author, confirmed,
            )?)
        })
    }

    /// Evaluates every enabled reading rule over every reading, as after a rule change.
    pub fn reevaluate_rules(&mut self) -> ApiResult<()> {
        self.write(&[ChangeArea::Alerts], |tx, now| {
            Ok(rules::reevaluate_all(tx, now)?)
        })
    }
}
