//! Scheduling for shells: what is due now, what the inbox shows, when the next thing
//! falls due (so Android and iOS can schedule an OS notification), and the person's
//! answers: shown, acknowledged, snoozed. Time-based rules (reminders, missed
//! measurements) are turned into stored notifications here, when their time has come.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};

use super::error::{RulesError, RulesResult};
use super::notification::{Firing, Notification, NotificationState};
use super::notification_store as sql;
use super::reminders::{self, Gap, Plan};
use super::rule::{RuleBody, StoredRule};
use super::store::{active_rules, seeded_active_rules};
use crate::model::day::DAY_MS;
use crate::model::{Entry, EntryKind, Viewer};
use crate::store::entries::{self, EntryFilter};
use crate::store::readings;
use crate::store::{StoreError, StoreResult};

/// The entries time-based rules look at.
struct Subjects {
    appointments: Vec<Entry>,
    medications: Vec<Entry>,
    goals: Vec<Entry>,
}

fn subjects(conn: &Connection) -> StoreResult<Subjects> {
    let of = |kind| {
        entries::list(
            conn,
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

fn plan(
    conn: &Connection,
    stored: &StoredRule,
    subjects: &Subjects,
    now_ms: i64,
) -> StoreResult<Option<Plan>> {
    Ok(Some(match &stored.rule.body {
        RuleBody::AppointmentReminder(r) => {
            reminders::appointments(r, &subjects.appointments, now_ms)
        }
        RuleBody::MedicationReminder(r) => reminders::medication(
            r,
            stored.changed_at.timestamp_millis(),
            &subjects.medications,
            now_ms,
        ),
        RuleBody::GoalCheckIn(r) => reminders::goals(r, &subjects.goals, now_ms),
        RuleBody::Missed(r) => {
            // Only readings that count: one dated years ahead by a wrong meter clock
            // must never look like "measured recently".
            let gap = match readings::last_counted(conn, r.reading_kind)? {
                Some((last_id, last_ms)) => {
                    let from = last_ms - i64::from(r.monitored_within_days) * DAY_MS;
                    Some(Gap {
                        last_id,
                        last_ms,
                        recent_count: readings::count_counted_between(
                            conn,
                            r.reading_kind,
                            from,
                            last_ms,
                        )?,
                    })
                }
                None => None,
            };
            reminders::missed(r, &stored.rule.title, gap, now_ms)
        }
        _ => return Ok(None),
    }))
}

/// Stores the reminders due at `now` and resolves the ones they replace.
pub fn materialise(tx: &Transaction<'_>, now: DateTime<Utc>) -> RulesResult<()> {
    let rules = seeded_active_rules(tx)?;
    let subjects = subjects(tx)?;
    let now_ms = now.timestamp_millis();
    for stored in rules.iter().filter(|r| r.rule.enabled) {
        let Some(plan) = plan(tx, stored, &subjects, now_ms)? else {
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

/// Stores a notification the core itself raises (a device's clock found off, a module
/// answer that needs attention, a message), once per `rule_id` and key.
pub(crate) fn notify_once(
    tx: &Transaction<'_>,
    rule_id: &str,
    firing: &Firing,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    if sql::key_fired(tx, rule_id, &firing.key)? {
        return Ok(false);
    }
    sql::insert_notification(tx, rule_id, 0, firing, now.timestamp_millis())?;
    Ok(true)
}

/// The order every shell shows notifications in: open ones first, then the most severe,
/// then the newest.
pub fn by_urgency(mut list: Vec<Notification>) -> Vec<Notification> {
    list.sort_by(|a, b| {
        b.state
            .is_open()
            .cmp(&a.state.is_open())
            .then(b.severity.cmp(&a.severity))
            .then(b.due_at.cmp(&a.due_at))
            .then(b.id.cmp(&a.id))
    });
    list
}

/// What to notify the person of at `now` (as an OS notification, say): new ones, and
/// snoozed ones whose time has come, in [`by_urgency`] order. Call [`materialise`]
/// first, in the same transaction, so reminders whose time has come are stored.
pub fn due(conn: &Connection, now: DateTime<Utc>) -> RulesResult<Vec<Notification>> {
    let due = sql::notifications(conn, false)?
        .into_iter()
        .filter(|n| n.state.is_due(now) && n.due_at <= now)
        .collect();
    Ok(by_urgency(due))
}

/// What the alerts inbox lists at `now`: every open notification that needs the person
/// (new, shown, or snoozed until a time that has come; a snoozed one is not listed until
/// it is due again), or with `all` every notification ever made. [`by_urgency`] order.
pub fn inbox(conn: &Connection, now: DateTime<Utc>, all: bool) -> RulesResult<Vec<Notification>> {
    let list = sql::notifications(conn, all)?
        .into_iter()
        .filter(|n| all || n.state.needs_attention(now))
        .filter(|n| all || n.due_at <= now)
        .collect();
    Ok(by_urgency(list))
}

/// The next time after `now` at which something falls due (a reminder, the end of a
/// snooze, a missed measurement). `None` when nothing is scheduled.
pub fn next_due_time(conn: &Connection, now: DateTime<Utc>) -> RulesResult<Option<DateTime<Utc>>> {
    let subjects = subjects(conn)?;
    let now_ms = now.timestamp_millis();
    let mut next = sql::next_snooze_end(conn, now_ms)?;
    for stored in active_rules(conn)?.iter().filter(|r| r.rule.enabled) {
        if let Some(plan) = plan(conn, stored, &subjects, now_ms)?
            && let Some(t) = plan.next_ms
        {
            next = Some(next.map_or(t, |n| n.min(t)));
        }
    }
    Ok(next
        .map(|ms| {
            DateTime::from_timestamp_millis(ms).ok_or(StoreError::Corrupt {
                reason: format!("stored time {ms} is out of range"),
            })
        })
        .transpose()?)
}

/// Notifications, newest first: open ones (new, shown, snoozed), or all with `all`.
pub fn notifications(conn: &Connection, all: bool) -> RulesResult<Vec<Notification>> {
    Ok(sql::notifications(conn, all)?)
}

/// One notification.
pub fn notification(conn: &Connection, id: i64) -> RulesResult<Notification> {
    sql::notification(conn, id)?.ok_or(RulesError::NotificationNotFound(id))
}

fn change(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    id: i64,
    to: impl FnOnce(NotificationState) -> RulesResult<NotificationState>,
) -> RulesResult<Notification> {
    let current = notification(tx, id)?;
    let state = to(current.state)?;
    if state != current.state {
        sql::set_state(tx, id, state, now.timestamp_millis())?;
    }
    notification(tx, id)
}

/// The person has seen it. An acknowledged notification never comes back.
pub fn acknowledge(tx: &Transaction<'_>, now: DateTime<Utc>, id: i64) -> RulesResult<Notification> {
    change(tx, now, id, |s| s.acknowledge())
}

/// Puts a notification off until `until` (at most a week ahead).
pub fn snooze(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    id: i64,
    until: DateTime<Utc>,
) -> RulesResult<Notification> {
    change(tx, now, id, |s| s.snooze(until, now))
}

/// Records that these notifications were put in front of the person (on a screen or
/// as an OS notification), so they are not due again.
pub fn mark_shown(tx: &Transaction<'_>, now: DateTime<Utc>, ids: &[i64]) -> RulesResult<()> {
    for &id in ids {
        change(tx, now, id, |s| Ok(s.show(now)))?;
    }
    Ok(())
}
