//! Scheduling for shells: what is due now, when the next thing falls due (so Android and
//! iOS can schedule an OS notification), and the person's answers: shown, acknowledged,
//! snoozed. Time-based rules (reminders, missed measurements) are turned into stored
//! notifications here, when their time has come.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use super::error::{RulesError, RulesResult};
use super::notification::Notification;
use super::reminders::{self, Gap, Plan};
use super::rule::{RuleBody, StoredRule};
use super::store::{self as sql, DAY_MS, ms, time};
use crate::record::{Entry, EntryKind, Viewer};
use crate::store::{EntryFilter, Record, StoreResult};

/// The entries time-based rules look at.
struct Subjects {
    appointments: Vec<Entry>,
    medications: Vec<Entry>,
    goals: Vec<Entry>,
}

fn plan(
    conn: &rusqlite::Connection,
    stored: &StoredRule,
    subjects: &Subjects,
    now_ms: i64,
) -> StoreResult<Option<Plan>> {
    Ok(Some(match &stored.rule.body {
        RuleBody::AppointmentReminder(r) => {
            reminders::appointments(r, &subjects.appointments, now_ms)
        }
        RuleBody::MedicationReminder(r) => {
            reminders::medication(r, ms(stored.changed_at), &subjects.medications, now_ms)
        }
        RuleBody::GoalCheckIn(r) => reminders::goals(r, &subjects.goals, now_ms),
        RuleBody::Missed(r) => {
            let gap = match sql::last_reading(conn, r.reading_kind)? {
                Some((last_id, last_ms)) => {
                    let from = last_ms - i64::from(r.monitored_within_days) * DAY_MS;
                    Some(Gap {
                        last_id,
                        last_ms,
                        recent_count: sql::count_between(conn, r.reading_kind, from, last_ms)?,
                    })
                }
                None => None,
            };
            reminders::missed(r, &stored.rule.title, gap, now_ms)
        }
        _ => return Ok(None),
    }))
}

/// Stores the reminders due at `now_ms` and resolves the ones they replace.
fn materialise(tx: &Transaction<'_>, subjects: &Subjects, now_ms: i64) -> StoreResult<()> {
    sql::seed_defaults(tx)?;
    for stored in sql::active_rules(tx)?.iter().filter(|r| r.rule.enabled) {
        let Some(plan) = plan(tx, stored, subjects, now_ms)? else {
            continue;
        };
        for slot in plan.slots {
            if let Some(f) = &slot.due
                && !sql::key_fired(tx, &stored.rule.id, &f.key)?
            {
                sql::insert_notification(tx, &stored.rule.id, stored.version, f, now_ms)?;
            }
            let keep = slot.due.as_ref().map(|f| f.key.as_str());
            sql::resolve_open(tx, &stored.rule.id, &slot.prefix, keep, now_ms)?;
        }
    }
    Ok(())
}

fn by_urgency(mut list: Vec<Notification>) -> Vec<Notification> {
    list.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.due_at.cmp(&b.due_at))
            .then(a.id.cmp(&b.id))
    });
    list
}

impl Record {
    fn subjects(&self) -> StoreResult<Subjects> {
        let of = |kind| {
            self.entries(
                &EntryFilter {
                    kind: Some(kind),
                    // Deleted entries too, so that their open reminders are resolved.
                    include_deleted: true,
                    ..Default::default()
                },
                Viewer::Person,
            )
        };
        Ok(Subjects {
            appointments: of(EntryKind::Appointment)?,
            medications: of(EntryKind::Medication)?,
            goals: of(EntryKind::Goal)?,
        })
    }

    /// What to put in front of the person at `now`: new notifications and snoozed ones
    /// whose time has come, most severe first. Reminders whose time has come are stored
    /// first, so a shell that calls this after a restart loses nothing. Call
    /// [`Record::mark_shown`] once they are on screen.
    pub fn due_notifications(&mut self, now: DateTime<Utc>) -> RulesResult<Vec<Notification>> {
        let subjects = self.subjects()?;
        let now_ms = ms(now);
        self.write(|tx, _| materialise(tx, &subjects, now_ms))?;
        let due = sql::notifications(self.conn(), false)?
            .into_iter()
            .filter(|n| n.state.is_due(now) && n.due_at <= now)
            .collect();
        Ok(by_urgency(due))
    }

    /// The next time after `now` at which something falls due (a reminder, the end of a
    /// snooze, a missed measurement), for the shell to schedule an OS notification and
    /// then call [`Record::due_notifications`]. `None` when nothing is scheduled.
    pub fn next_due_time(&self, now: DateTime<Utc>) -> RulesResult<Option<DateTime<Utc>>> {
        let subjects = self.subjects()?;
        let now_ms = ms(now);
        let mut next = sql::next_snooze_end(self.conn(), now_ms)?;
        for stored in sql::active_rules(self.conn())?
            .iter()
            .filter(|r| r.rule.enabled)
        {
            if let Some(plan) = plan(self.conn(), stored, &subjects, now_ms)?
                && let Some(t) = plan.next_ms
            {
                next = Some(next.map_or(t, |n| n.min(t)));
            }
        }
        Ok(next.map(time).transpose()?)
    }

    /// Notifications, newest first: open ones (new, shown, snoozed), or all with `all`.
    pub fn notifications(&self, all: bool) -> RulesResult<Vec<Notification>> {
        Ok(sql::notifications(self.conn(), all)?)
    }

    /// One notification.
    pub fn notification(&self, id: i64) -> RulesResult<Notification> {
        sql::notification(self.conn(), id)?.ok_or(RulesError::NotificationNotFound(id))
    }

    fn change_notification(
        &mut self,
        id: i64,
        change: impl FnOnce(
            Notification,
            DateTime<Utc>,
        ) -> RulesResult<super::notification::NotificationState>,
    ) -> RulesResult<Notification> {
        self.write_rules(|tx, clock| {
            let now = clock.now();
            let current = sql::notification(tx, id)?.ok_or(RulesError::NotificationNotFound(id))?;
            let state = change(current.clone(), now)?;
            if state != current.state {
                sql::set_state(tx, id, state, ms(now))?;
            }
            Ok(())
        })?;
        self.notification(id)
    }

    /// The person has seen it. An acknowledged notification never comes back.
    pub fn acknowledge(&mut self, id: i64) -> RulesResult<Notification> {
        self.change_notification(id, |n, _| n.state.acknowledge())
    }

    /// Puts a notification off until `until` (at most a week ahead).
    pub fn snooze(&mut self, id: i64, until: DateTime<Utc>) -> RulesResult<Notification> {
        self.change_notification(id, |n, now| n.state.snooze(until, now))
    }

    /// Records that these notifications were put in front of the person (on a screen or
    /// as an OS notification), so they are not due again.
    pub fn mark_shown(&mut self, ids: &[i64]) -> RulesResult<()> {
        self.write_rules(|tx, clock| {
            let now = clock.now();
            for &id in ids {
                let n = sql::notification(tx, id)?.ok_or(RulesError::NotificationNotFound(id))?;
                let state = n.state.show(now);
                if state != n.state {
                    sql::set_state(tx, id, state, ms(now))?;
                }
            }
            Ok(())
        })
    }
}
