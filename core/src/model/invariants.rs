//! Rules that span entries: the kinds a record holds once, and at most five active
//! goals. They must hold after every change: add, edit, delete, undo, restore and
//! import. The store asks [`check_kind`] after applying a change inside its transaction,
//! so a change that would break one is refused and rolled back whole.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::about_me::{GoalStatus, MAX_ACTIVE_GOALS};
use super::entry::{Entry, EntryBody, EntryKind};
use super::error::ValidationError;
use super::meta::EntryId;

/// A change that would break a rule spanning entries.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    /// A kind held once already has a live entry.
    #[error("the record already has an entry for \"{}\" (entry {existing}); edit that entry instead", kind.title())]
    OnlyOne {
        /// The kind.
        kind: EntryKind,
        /// The entry that is there.
        existing: EntryId,
    },
    /// More goals would be active than the record allows.
    #[error("at most {MAX_ACTIVE_GOALS} goals can be active at once; achieve or pause one first")]
    TooManyActiveGoals,
}

/// Checks the live entries of one kind (every live entry of `kind` after the change).
pub fn check_kind(kind: EntryKind, live: &[Entry]) -> Result<(), Conflict> {
    let live: Vec<&Entry> = live
        .iter()
        .filter(|e| e.kind() == kind && e.meta.deleted_at.is_none())
        .collect();
    if kind.is_singleton() && live.len() > 1 {
        // The oldest is the one to edit.
        let existing = live
            .iter()
            .min_by_key(|e| (e.meta.created_at, e.meta.id))
            .map(|e| e.meta.id)
            .unwrap_or_default();
        return Err(Conflict::OnlyOne { kind, existing });
    }
    if kind == EntryKind::Goal {
        let active = live
            .iter()
            .filter(|e| matches!(&e.body, EntryBody::Goal(g) if g.status == GoalStatus::Active))
            .count();
        if active > MAX_ACTIVE_GOALS {
            return Err(Conflict::TooManyActiveGoals);
        }
    }
    Ok(())
}

/// Dates that describe the past (a vaccination given, a test taken, a birth, the onset
/// of a condition, when a medicine was stopped, a questionnaire completed) may not lie
/// in the future. Appointments, goals' target dates and the start of a social
/// prescription may. `now` is the record's clock; a date counts as the future only when
/// it is after today everywhere on Earth (UTC+14), so no time zone is refused its today.
pub fn check_dates_not_future(body: &EntryBody, now: DateTime<Utc>) -> Result<(), ValidationError> {
    let latest_today = (now + Duration::hours(14)).date_naive();
    let check = |field: &str, date: Option<NaiveDate>| -> Result<(), ValidationError> {
        match date {
            Some(d) if d > latest_today => Err(ValidationError::new(
                field,
                format!("{d} is in the future; enter the date it happened"),
            )),
            _ => Ok(()),
        }
    };
    use super::health::MedicationStatus;
    match body {
        EntryBody::Identity(x) => check("date_of_birth", x.date_of_birth),
        EntryBody::Condition(x) => check("since", x.since),
        EntryBody::Vaccination(x) => check("date", Some(x.date)),
        EntryBody::TestResult(x) => check("date", Some(x.date)),
        EntryBody::Medication(x) => match &x.status {
            MedicationStatus::Taking => Ok(()),
            MedicationStatus::StoppedByMe { on, .. }
            | MedicationStatus::StoppedByProfessional { on }
            | MedicationStatus::Completed { on } => check("status.on", Some(*on)),
        },
        EntryBody::Module(x) => check("completed_on", x.completed_on),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::meta::EntryMeta;
    use crate::model::{Goal, Identity};

    fn entry(body: EntryBody, minute: i64) -> Entry {
        let at = DateTime::<Utc>::UNIX_EPOCH + Duration::minutes(minute);
        Entry {
            meta: EntryMeta {
                id: EntryId::new(),
                created_at: at,
                updated_at: at,
                provenance: Default::default(),
                visibility: Default::default(),
                author: Default::default(),
                version: 1,
                deleted_at: None,
            },
            body,
        }
    }

    fn goal(status: GoalStatus) -> EntryBody {
        EntryBody::Goal(Goal {
            goal: "walk more".into(),
            barriers: Vec::new(),
            status,
            target_date: None,
            support: None,
        })
    }

    #[test]
    fn a_second_identity_names_the_first() {
        let identity = |name: &str| {
            EntryBody::Identity(Identity {
                name: name.into(),
                preferred_name: None,
                date_of_birth: None,
                nhs_number: None,
                pronouns: None,
            })
        };
        let first = entry(identity("Alex"), 1);
        let second = entry(identity("Sam"), 2);
        assert!(check_kind(EntryKind::Identity, std::slice::from_ref(&first)).is_ok());
        assert_eq!(
            check_kind(EntryKind::Identity, &[second, first.clone()]),
            Err(Conflict::OnlyOne {
                kind: EntryKind::Identity,
                existing: first.meta.id
            })
        );
    }

    #[test]
    fn six_active_goals_are_too_many_but_paused_ones_do_not_count() {
        let mut goals: Vec<Entry> = (0..5).map(|i| entry(goal(GoalStatus::Active), i)).collect();
        goals.push(entry(goal(GoalStatus::Paused), 9));
        assert!(check_kind(EntryKind::Goal, &goals).is_ok());
        goals.push(entry(goal(GoalStatus::Active), 10));
        assert_eq!(
            check_kind(EntryKind::Goal, &goals),
            Err(Conflict::TooManyActiveGoals)
        );
    }

    #[test]
    fn past_events_cannot_be_dated_in_the_future() {
        let now = DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .expect("t")
            .to_utc();
        let vaccination = |date: &str| {
            EntryBody::Vaccination(crate::model::Vaccination {
                vaccine: "Flu".into(),
                date: date.parse().expect("date"),
                dose_number: None,
                batch: None,
                given_by: None,
                code: None,
            })
        };
        assert!(check_dates_not_future(&vaccination("2026-12-01"), now).is_ok());
        // Already the 2nd in Kiribati (UTC+14).
        assert!(check_dates_not_future(&vaccination("2026-12-02"), now).is_ok());
        let err = check_dates_not_future(&vaccination("2027-06-01"), now).expect_err("future");
        assert_eq!(err.field, "date");
        assert!(err.reason.contains("in the future"));
    }
}
