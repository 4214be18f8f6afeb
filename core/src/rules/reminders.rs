//! Reminders that come from time, not readings: appointments, medication, goal check-ins
//! and missed measurements. Pure functions: for each subject (an appointment, a medicine,
//! a goal, a kind of reading) the reminder due now, if any, and the next time one falls
//! due, so that shells can schedule OS notifications.

use chrono::{DateTime, Duration, FixedOffset, Utc};

use super::notification::{Category, Firing};
use super::rule::{
    AppointmentReminderRule, GoalCheckInRule, MedicationReminderRule, MissedRule, Severity,
};
use crate::model::day::DAY_MS;
use crate::model::{AppointmentStatus, Entry, EntryBody, GoalStatus, ReadingKind};

/// One subject's reminders: every open reminder whose key starts with `prefix` other than
/// `due`'s is no longer current and is resolved.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub prefix: String,
    pub due: Option<Firing>,
}

/// What a reminder rule gives at a time.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    pub slots: Vec<Slot>,
    /// The next time after now that a reminder falls due.
    pub next_ms: Option<i64>,
}

impl Plan {
    fn next(&mut self, t: i64) {
        self.next_ms = Some(self.next_ms.map_or(t, |n| n.min(t)));
    }
}

fn reminder(
    key: String,
    at_ms: i64,
    title: String,
    detail: String,
    advice: &str,
    entry: &Entry,
) -> Firing {
    Firing {
        key,
        key_time_ms: at_ms,
        category: Category::Reminder,
        severity: Severity::Info,
        title,
        detail,
        advice: advice.to_string(),
        readings: Vec::new(),
        entries: vec![entry.meta.id],
        due_at_ms: at_ms,
    }
}

/// Appointment reminders at each appointment's `reminder_minutes_before`. Only the latest
/// reminder already due before the start is given: opening the app an hour before an
/// appointment shows one reminder, not two. Once an appointment starts, or is cancelled,
/// its reminders are resolved.
pub(crate) fn appointments(rule: &AppointmentReminderRule, entries: &[Entry], now_ms: i64) -> Plan {
    let mut plan = Plan::default();
    for entry in entries {
        let EntryBody::Appointment(a) = &entry.body else {
            continue;
        };
        let prefix = format!("appointment:{}:", entry.meta.id);
        let start = a.start.timestamp_millis();
        let active = entry.meta.deleted_at.is_none()
            && matches!(
                a.status,
                AppointmentStatus::Booked | AppointmentStatus::Proposed
            );
        let mut due: Option<(i64, u32)> = None;
        for &m in a
            .reminder_minutes_before
            .iter()
            .filter(|m| **m > 0 && active)
        {
            let at = start - i64::from(m) * 60_000;
            if at <= now_ms && now_ms < start {
                if due.is_none_or(|(t, _)| at > t) {
                    due = Some((at, m));
                }
            } else if at > now_ms {
                plan.next(at);
            }
        }
        let due = due.map(|(at, m)| {
            let mut detail = format!("{} at {}", a.title, a.start.format("%H:%M on %A %-d %b %Y"));
            if let Some(with) = &a.with {
                detail.push_str(&format!(", with {with}"));
            }
            if let Some(place) = &a.location {
                detail.push_str(&format!(", {place}"));
            }
            reminder(
                format!("{prefix}{start}:{m}"),
                at,
                format!("Appointment: {}", a.title),
                detail,
                &rule.advice,
                entry,
            )
        });
        plan.slots.push(Slot { prefix, due });
    }
    plan
}

/// Medication reminders at the schedule's times of day. Only the latest time already
/// passed (and after the schedule was set) is given; it supersedes the one before, so a
/// missed morning dose does not pile up under the evening one. Stopped or deleted
/// medicines remind no more.
pub(crate) fn medication(
    rule: &MedicationReminderRule,
    since_ms: i64,
    entries: &[Entry],
    now_ms: i64,
) -> Plan {
    let mut plan = Plan::default();
    for schedule in &rule.schedules {
        let prefix = format!("medication:{}:", schedule.medication);
        let medicine = entries.iter().find_map(|e| match &e.body {
            EntryBody::Medication(m)
                if e.meta.id == schedule.medication
                    && m.is_current()
                    && e.meta.deleted_at.is_none() =>
            {
                Some((e, m))
            }
            _ => None,
        });
        let Some((entry, med)) = medicine else {
            plan.slots.push(Slot { prefix, due: None });
            continue;
        };
        let Some(offset) = FixedOffset::east_opt(schedule.utc_offset_minutes * 60) else {
            continue;
        };
        let Some(now) = DateTime::<Utc>::from_timestamp_millis(now_ms) else {
            continue;
        };
        let today = now.with_timezone(&offset).date_naive();
        let mut due: Option<i64> = None;
        for day in [today - Duration::days(1), today, today + Duration::days(1)] {
            for time in &schedule.times {
                let Some(local) = day.and_time(*time).and_local_timezone(offset).single() else {
                    continue;
                };
                let at = local.timestamp_millis();
                if at <= now_ms && at >= since_ms {
                    due = Some(due.map_or(at, |d| d.max(at)));
                } else if at > now_ms {
                    plan.next(at);
                }
            }
        }
        let due = due.map(|at| {
            let local =
                DateTime::<Utc>::from_timestamp_millis(at).map(|t| t.with_timezone(&offset));
            let when = local
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default();
            let dose = med
                .dose
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default();
            reminder(
                format!("{prefix}{at}"),
                at,
                format!("Time for {}", med.name),
                format!("{}{dose}, due at {when}", med.name),
                &rule.advice,
                entry,
            )
        });
        plan.slots.push(Slot { prefix, due });
    }
    plan
}

/// Goal check-ins every `every_days` days from when each active goal was written. Only
/// the latest check-in is given; paused, achieved and deleted goals check in no more.
pub(crate) fn goals(rule: &GoalCheckInRule, entries: &[Entry], now_ms: i64) -> Plan {
    let mut plan = Plan::default();
    let every = i64::from(rule.every_days.max(1)) * DAY_MS;
    for entry in entries {
        let EntryBody::Goal(goal) = &entry.body else {
            continue;
        };
        let prefix = format!("goal:{}:", entry.meta.id);
        if goal.status != GoalStatus::Active || entry.meta.deleted_at.is_some() {
            plan.slots.push(Slot { prefix, due: None });
            continue;
        }
        let created = entry.meta.created_at.timestamp_millis();
        let k = (now_ms - created).div_euclid(every);
        plan.next(created + (k + 1) * every);
        let due = (k >= 1).then(|| {
            let at = created + k * every;
            reminder(
                format!("{prefix}{k}"),
                at,
                "Goal check-in".into(),
                goal.goal.clone(),
                &rule.advice,
                entry,
            )
        });
        plan.slots.push(Slot { prefix, due });
    }
    plan
}

/// The reading the gap follows, and how many readings came before it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Gap {
    pub last_id: i64,
    pub last_ms: i64,
    /// Readings in the `monitored_within_days` up to and including the last one.
    pub recent_count: u64,
}

/// A missed-measurement reminder: the kind is monitored (enough readings before the
/// last) and nothing came for `after_days`. One per gap; a new reading resolves it.
pub(crate) fn missed(rule: &MissedRule, title: &str, gap: Option<Gap>, now_ms: i64) -> Plan {
    let mut plan = Plan::default();
    let prefix = "since:".to_string();
    let Some(gap) = gap.filter(|g| g.recent_count >= u64::from(rule.monitored_min_readings)) else {
        plan.slots.push(Slot { prefix, due: None });
        return plan;
    };
    let at = gap.last_ms + i64::from(rule.after_days) * DAY_MS;
    if at > now_ms {
        plan.next(at);
        plan.slots.push(Slot { prefix, due: None });
        return plan;
    }
    let last = DateTime::<Utc>::from_timestamp_millis(gap.last_ms)
        .map(|t| t.format("%-d %b %Y").to_string())
        .unwrap_or_default();
    let what = match rule.reading_kind {
        ReadingKind::BloodPressure => "blood pressure reading".to_string(),
        ReadingKind::BloodGlucose => "glucose reading".to_string(),
        other => format!("{} reading", other.as_str().replace('_', " ")),
    };
    let due = Firing {
        key: format!("{prefix}{}", gap.last_id),
        key_time_ms: gap.last_ms,
        category: Category::Reminder,
        severity: Severity::Info,
        title: title.to_string(),
        detail: format!("Your last {what} was on {last}"),
        advice: rule.advice.clone(),
        readings: vec![gap.last_id],
        entries: Vec::new(),
        due_at_ms: at,
    };
    plan.slots.push(Slot {
        prefix,
        due: Some(due),
    });
    plan
}
