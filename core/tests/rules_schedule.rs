//! What is due and when: alerts after reopening, acknowledge and snooze with an injected
//! clock, appointment and medication reminders, goal check-ins, missed measurements, and
//! idempotence across restarts and rule changes.

#[path = "rules_support.rs"]
mod support;

use chrono::{Duration, NaiveTime};
use phr_core::ApiError;
use phr_core::model::*;
use phr_core::rules::{Category, MedicationSchedule, NotificationState, RuleBody, Severity, ids};
use support::*;

#[test]
fn a_low_glucose_alert_is_due_with_advice_and_once_acknowledged_never_comes_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T09:00:00Z"));
    let reading = fx.add(glucose(3.5, at("2026-11-24T08:30:00+00:00")));

    let due = fx.due();
    assert_eq!(due.len(), 1);
    let alert = &due[0];
    assert_eq!(alert.rule_id, ids::GLUCOSE_LOW);
    assert_eq!(alert.rule_version, 1);
    assert_eq!(alert.category, Category::Alert);
    assert_eq!(alert.severity, Severity::Warning);
    assert_eq!(alert.readings, vec![reading]);
    assert_eq!(alert.state, NotificationState::New);
    assert!(alert.advice.contains("below 4 mmol/L"), "{}", alert.advice);
    assert!(alert.detail.contains("3.5 mmol/L"), "{}", alert.detail);
    assert!(fx.due().len() == 1, "asking again changes nothing");

    fx.record.acknowledge(alert.id).expect("ack");
    let mut fx = fx.reopen();
    assert!(fx.due().is_empty());
    fx.record.reevaluate_rules().expect("full evaluation");
    assert!(fx.due().is_empty(), "the same reading never fires twice");

    // A new reading below the threshold is a new alert.
    fx.clock.set(utc("2026-11-24T10:00:00Z"));
    let second = fx.add(glucose(3.6, at("2026-11-24T09:50:00+00:00")));
    let due = fx.due();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].readings, vec![second]);
    assert_ne!(due[0].id, alert.id);
}

#[test]
fn a_week_of_home_blood_pressure_over_135_over_85_is_due_as_a_trend_alert() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), nov(8, 9).to_utc());
    let week: Vec<NewReading> = (1..=7)
        .flat_map(|d| [bp(138.0, 88.0, nov(d, 7)), bp(140.0, 86.0, nov(d, 19))])
        .collect();
    fx.record.add_readings(&week).expect("add");
    let due = fx.due();
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(due[0].rule_id, ids::BP_HOME_AVERAGE);
    assert!(due[0].advice.contains("GP"));
    fx.record.acknowledge(due[0].id).expect("ack");
    let mut fx = fx.reopen();
    assert!(fx.due().is_empty());
}

#[test]
fn a_snoozed_alert_is_due_again_when_the_snooze_ends() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T09:00:00Z"));
    fx.add(glucose(2.8, at("2026-11-24T08:55:00+00:00")));
    let id = fx.due()[0].id;
    let until = fx.now() + Duration::minutes(30);
    let snoozed = fx.record.snooze(id, until).expect("snooze");
    assert_eq!(snoozed.state, NotificationState::Snoozed { until });
    assert!(fx.due().is_empty());
    assert_eq!(
        fx.record.next_due_time(fx.now()).expect("next"),
        Some(until)
    );

    fx.clock.advance(Duration::minutes(29));
    assert!(fx.due().is_empty());
    let mut fx = fx.reopen();
    fx.clock.advance(Duration::minutes(1));
    let due = fx.due();
    assert_eq!(due.len(), 1, "due exactly when the snooze ends");
    fx.record.mark_shown(&[id]).expect("shown");
    assert!(fx.due().is_empty());
    assert_eq!(
        fx.record.notification(id).expect("get").state,
        NotificationState::Shown
    );
}

#[test]
fn snoozes_must_end_in_the_future_within_a_week_and_acknowledged_alerts_cannot_snooze() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T09:00:00Z"));
    fx.add(glucose(3.2, at("2026-11-24T08:55:00+00:00")));
    let id = fx.due()[0].id;
    let now = fx.now();
    for until in [now, now - Duration::hours(1), now + Duration::days(8)] {
        let err = fx.record.snooze(id, until).unwrap_err();
        assert!(
            matches!(err, ApiError::Invalid { ref field, .. } if field == "until"),
            "{err}"
        );
    }
    fx.record.acknowledge(id).expect("ack");
    fx.record
        .acknowledge(id)
        .expect("acknowledging twice is harmless");
    let err = fx.record.snooze(id, now + Duration::hours(1)).unwrap_err();
    assert!(
        matches!(&err, ApiError::Conflict { reason } if reason.contains("that is acknowledged")),
        "{err}"
    );
    assert!(matches!(
        fx.record.acknowledge(9999).unwrap_err(),
        ApiError::NotFound { .. }
    ));
}

#[test]
fn appointment_reminders_come_a_day_and_two_hours_before_then_resolve() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-28T09:00:00Z"));
    let appt = fx.entry(appointment(
        "Diabetes review",
        at("2026-12-01T10:00:00+00:00"),
    ));
    assert!(fx.due().is_empty());
    let next = fx.record.next_due_time(fx.now()).expect("next");
    assert_eq!(next, Some(utc("2026-11-30T10:00:00Z")));

    fx.clock.set(utc("2026-11-30T10:05:00Z"));
    let due = fx.due();
    assert_eq!(due.len(), 1);
    let day_before = due[0].clone();
    assert_eq!(day_before.category, Category::Reminder);
    assert_eq!(day_before.entries, vec![appt]);
    assert!(
        day_before.detail.contains("Diabetes review"),
        "{}",
        day_before.detail
    );
    assert_eq!(
        fx.record.next_due_time(fx.now()).expect("next"),
        Some(utc("2026-12-01T08:00:00Z"))
    );

    fx.clock.set(utc("2026-12-01T08:01:00Z"));
    let due = fx.due();
    assert_eq!(due.len(), 1);
    assert_ne!(due[0].id, day_before.id);
    assert_eq!(
        fx.record.notification(day_before.id).expect("get").state,
        NotificationState::Resolved,
        "the two-hour reminder replaces the one-day reminder"
    );

    fx.clock.set(utc("2026-12-01T10:30:00Z"));
    assert!(fx.due().is_empty(), "the appointment has started");
    assert_eq!(
        fx.record.notification(due[0].id).expect("get").state,
        NotificationState::Resolved
    );
    assert_eq!(fx.record.next_due_time(fx.now()).expect("next"), None);
}

#[test]
fn deleting_an_appointment_resolves_its_open_reminder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-12-01T09:00:00Z"));
    let appt = fx.entry(appointment(
        "Eye screening",
        at("2026-12-01T10:00:00+00:00"),
    ));
    let reminder = fx.due()[0].id;
    fx.record
        .delete_entry(appt, Author::Person)
        .expect("delete");
    assert!(fx.due().is_empty());
    assert_eq!(
        fx.record.notification(reminder).expect("get").state,
        NotificationState::Resolved
    );
    assert_eq!(fx.record.next_due_time(fx.now()).expect("next"), None);
}

#[test]
fn opening_the_app_an_hour_before_gives_one_reminder_not_two() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-12-01T09:00:00Z"));
    fx.entry(appointment(
        "Eye screening",
        at("2026-12-01T10:00:00+00:00"),
    ));
    let due = fx.due();
    assert_eq!(due.len(), 1);
    assert!(due[0].key.ends_with(":120"), "{}", due[0].key);
}

#[test]
fn medication_reminders_follow_the_schedule_and_replace_the_previous_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T06:00:00Z"));
    let med = fx.entry(EntryBody::Medication(Medication {
        name: "Metformin 500 mg tablets".into(),
        dose: Some("1 tablet".into()),
        reason: Some("Type 2 diabetes".into()),
        origin: MedicationOrigin::Prescribed,
        status: MedicationStatus::Taking,
        code: None,
    }));
    let mut rule = fx.record.rule(ids::MEDICATION_REMINDER).expect("rule").rule;
    let RuleBody::MedicationReminder(m) = &mut rule.body else {
        panic!("medication rule")
    };
    m.schedules.push(MedicationSchedule {
        medication: med,
        times: vec![
            NaiveTime::from_hms_opt(8, 0, 0).expect("time"),
            NaiveTime::from_hms_opt(20, 0, 0).expect("time"),
        ],
        utc_offset_minutes: 0,
    });
    let stored = fx
        .record
        .set_rule(rule, Author::Person, false)
        .expect("set");
    assert_eq!(stored.version, 2);

    assert!(
        fx.due().is_empty(),
        "no reminder for times before the schedule was set"
    );
    assert_eq!(
        fx.record.next_due_time(fx.now()).expect("next"),
        Some(utc("2026-11-24T08:00:00Z"))
    );
    fx.clock.set(utc("2026-11-24T08:01:00Z"));
    let morning = fx.due();
    assert_eq!(morning.len(), 1);
    assert_eq!(morning[0].title, "Time for Metformin 500 mg tablets");
    fx.clock.set(utc("2026-11-24T20:02:00Z"));
    let evening = fx.due();
    assert_eq!(evening.len(), 1);
    assert_ne!(evening[0].id, morning[0].id);
    assert_eq!(
        fx.record.notification(morning[0].id).expect("get").state,
        NotificationState::Resolved
    );
    assert_eq!(
        fx.record.next_due_time(fx.now()).expect("next"),
        Some(utc("2026-11-25T08:00:00Z"))
    );
}

#[test]
fn active_goals_check_in_weekly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-02T18:00:00Z"));
    fx.entry(EntryBody::Goal(Goal {
        goal: "Walk to the shops twice a week".into(),
        barriers: Vec::new(),
        status: GoalStatus::Active,
        target_date: None,
        support: None,
    }));
    fx.clock.advance(Duration::days(6));
    assert!(fx.due().is_empty());
    assert_eq!(
        fx.record.next_due_time(fx.now()).expect("next"),
        Some(utc("2026-11-09T18:00:00Z"))
    );
    fx.clock.advance(Duration::days(1));
    let due = fx.due();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].rule_id, ids::GOAL_CHECK_IN);
    assert_eq!(due[0].detail, "Walk to the shops twice a week");
}

#[test]
fn a_week_without_blood_pressure_readings_reminds_once_and_a_new_reading_resolves_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), nov(1, 0).to_utc());
    for d in 1..=10 {
        fx.clock.set(nov(d, 21).to_utc());
        fx.add(bp(125.0, 78.0, nov(d, 8)));
    }
    fx.clock.set(nov(17, 7).to_utc());
    assert!(fx.due().is_empty(), "6 days and 23 hours");
    assert_eq!(
        fx.record.next_due_time(fx.now()).expect("next"),
        Some(nov(17, 8).to_utc())
    );
    fx.clock.set(nov(17, 9).to_utc());
    let due = fx.due();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].rule_id, ids::MISSED_BLOOD_PRESSURE);
    fx.clock.set(nov(19, 9).to_utc());
    assert_eq!(fx.due().len(), 1, "one reminder per gap");
    fx.add(bp(124.0, 77.0, nov(19, 8)));
    assert_eq!(
        fx.record.notification(due[0].id).expect("get").state,
        NotificationState::Resolved
    );
    assert!(fx.due().is_empty());
}

#[test]
fn a_kind_measured_only_now_and_then_is_not_reminded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), nov(1, 0).to_utc());
    for d in [1, 12] {
        fx.clock.set(nov(d, 9).to_utc());
        fx.add(glucose(6.0, nov(d, 8)));
    }
    fx.clock.set(nov(25, 9).to_utc());
    assert!(fx.due().is_empty());
}

#[test]
fn a_device_resync_adds_no_readings_and_no_alerts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T09:00:00Z"));
    let batch: Vec<NewReading> = (0..5)
        .map(|i| {
            let mut r = glucose(3.1, at("2026-11-24T02:00:00+00:00") + Duration::hours(i));
            r.source = ReadingSource::Device;
            r.device = Some(DeviceIdentity {
                id: "meter-1".into(),
                manufacturer: None,
                model: None,
            });
            r.sequence_number = Some(100 + i as u32);
            r
        })
        .collect();
    fx.record.add_readings(&batch).expect("sync");
    let first = fx.record.notifications(true).expect("all");
    assert_eq!(first.len(), 5);
    let mut fx = fx.reopen();
    let again = fx.record.add_readings(&batch).expect("resync");
    assert_eq!(again.duplicates, 5);
    assert_eq!(fx.record.notifications(true).expect("all"), first);
}

#[test]
fn a_changed_threshold_is_a_new_version_and_is_evaluated_in_full_without_repeats() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T12:00:00Z"));
    let low = fx.add(glucose(3.5, at("2026-11-24T08:00:00+00:00")));
    let borderline = fx.add(glucose(4.3, at("2026-11-24T10:00:00+00:00")));
    assert_eq!(fx.of_rule(ids::GLUCOSE_LOW).len(), 1);

    let delegate = Author::Delegate {
        grant_id: "g-1".into(),
        name: "Sam (carer)".into(),
    };
    let settings = vec![("bands.0.when.0.value".to_string(), "4.5".to_string())];
    let v2 = fx
        .record
        .change_rule(ids::GLUCOSE_LOW, &settings, delegate.clone(), false)
        .expect("change");
    assert_eq!(v2.version, 2);
    assert_eq!(v2.author, Some(delegate));

    let alerts = fx.of_rule(ids::GLUCOSE_LOW);
    let fired: Vec<(u32, Vec<i64>)> = alerts
        .iter()
        .map(|n| (n.rule_version, n.readings.clone()))
        .collect();
    assert_eq!(fired, vec![(1, vec![low]), (2, vec![borderline])]);

    let history = fx.record.rule_history(ids::GLUCOSE_LOW).expect("history");
    assert_eq!(
        history.iter().map(|r| r.version).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(history[0].author, None, "the shipped default");
    let fx = fx.reopen();
    assert_eq!(fx.record.rule(ids::GLUCOSE_LOW).expect("active").version, 2);
}
