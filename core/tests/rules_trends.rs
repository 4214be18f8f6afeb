//! Trend rules on synthetic month-long series: the home blood pressure average (NICE
//! NG136 1.2.7 and 1.2.8) and weight loss over 30 days. One alert per episode, at the
//! boundaries exactly, and readings arriving day by day as in life.

#[path = "rules_support.rs"]
mod support;

use chrono::Duration;
use phr_core::model::NewReading;
use phr_core::rules::{NotificationState, Severity, ids};
use support::*;

/// Adds each day's readings on that evening, as a cuff synced daily would.
fn daily(fx: &mut Fixture, days: impl IntoIterator<Item = (i64, Vec<NewReading>)>) {
    for (day, readings) in days {
        fx.clock.set(nov(day, 21).to_utc());
        fx.record.add_readings(&readings).expect("add");
    }
}

/// Two home readings a day (morning and evening, NG136 1.2.7) of `s`/`d` on `day`.
fn bp_day(day: i64, s: f64, d: f64) -> (i64, Vec<NewReading>) {
    (day, vec![bp(s, d, nov(day, 7)), bp(s, d, nov(day, 19))])
}

fn home_alert_days(fx: &Fixture) -> Vec<String> {
    fx.of_rule(ids::BP_HOME_AVERAGE)
        .iter()
        .map(|n| n.key.clone())
        .collect()
}

fn day_key(day: i64) -> String {
    let n = nov(day, 12).date_naive();
    format!("day:{}", phr_core::model::day::day_number(n))
}

#[test]
fn a_month_that_rises_above_135_over_85_alerts_once_on_the_crossing_day() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), nov(1, 0).to_utc());
    // 14 days at 128/80, then 142/90. A 7-day window with k high days averages
    // 128 + 2k / 80 + 10k/7: it first reaches 135/85 at k = 4, on day 18.
    let series = (1..=30).map(|d| {
        if d <= 14 {
            bp_day(d, 128.0, 80.0)
        } else {
            bp_day(d, 142.0, 90.0)
        }
    });
    daily(&mut fx, series);
    assert_eq!(home_alert_days(&fx), vec![day_key(18)]);
    let alert = &fx.of_rule(ids::BP_HOME_AVERAGE)[0];
    assert_eq!(alert.severity, Severity::Warning);
    assert!(
        alert.detail.starts_with("Average 136/85.7 mmHg"),
        "{}",
        alert.detail
    );
    assert_eq!(alert.readings.len(), 14, "two readings on each of 7 days");
    // The advice says the limits in force.
    assert!(
        alert
            .advice
            .contains("systolic at or above 135 mmHg or diastolic at or above 85 mmHg"),
        "{}",
        alert.advice
    );
}

#[test]
fn an_average_exactly_at_135_alerts_and_just_below_does_not() {
    for (s, d, alerts) in [
        (135.0, 80.0, true),
        (120.0, 85.0, true),
        (134.9, 84.9, false),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut fx = Fixture::new(dir.path(), nov(1, 0).to_utc());
        daily(&mut fx, (1..=10).map(|day| bp_day(day, s, d)));
        let got = home_alert_days(&fx);
        if alerts {
            // The first day with 4 days of readings (NG136 1.2.7's minimum).
            assert_eq!(got, vec![day_key(4)], "{s}/{d}");
        } else {
            assert!(got.is_empty(), "{s}/{d}: {got:?}");
        }
    }
}

#[test]
fn fewer_than_four_days_of_readings_never_make_an_average() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), nov(1, 0).to_utc());
    // High readings every other week-day pair: never 4 days within 7.
    daily(
        &mut fx,
        [1, 2, 9, 10, 17, 18].map(|d| bp_day(d, 150.0, 95.0)),
    );
    assert!(home_alert_days(&fx).is_empty());
    daily(&mut fx, [bp_day(19, 150.0, 95.0)]);
    assert!(home_alert_days(&fx).is_empty(), "3 days in the window");
    daily(&mut fx, [bp_day(20, 150.0, 95.0)]);
    assert_eq!(home_alert_days(&fx), vec![day_key(20)]);
}

#[test]
fn a_second_rise_after_the_average_came_down_is_a_new_episode() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), nov(1, 0).to_utc());
    let series = (1..=34).map(|d| match d {
        1..=8 => bp_day(d, 145.0, 92.0),
        9..=22 => bp_day(d, 120.0, 75.0),
        _ => bp_day(d, 145.0, 92.0),
    });
    daily(&mut fx, series);
    let days = home_alert_days(&fx);
    assert_eq!(days.len(), 2, "{days:?}");
    assert_eq!(days[0], day_key(4));
}

#[test]
fn a_month_of_high_readings_imported_at_once_alerts_once_and_old_history_not_at_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), nov(31, 9).to_utc());
    let month: Vec<NewReading> = (1..=30).flat_map(|d| bp_day(d, 150.0, 95.0).1).collect();
    fx.record.add_readings(&month).expect("import");
    let alerts = fx.of_rule(ids::BP_HOME_AVERAGE);
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    // The next daily readings continue the same episode.
    daily(&mut fx, [bp_day(31, 150.0, 95.0), bp_day(32, 150.0, 95.0)]);
    assert_eq!(fx.of_rule(ids::BP_HOME_AVERAGE).len(), 1);
    // A week-late sync that overlaps the live horizon does not alert again either.
    fx.clock.set(nov(40, 20).to_utc());
    let late: Vec<NewReading> = (33..=40).flat_map(|d| bp_day(d, 150.0, 95.0).1).collect();
    fx.record.add_readings(&late).expect("sync");
    assert_eq!(fx.of_rule(ids::BP_HOME_AVERAGE).len(), 1);

    let dir = tempfile::tempdir().expect("tempdir");
    let mut old = Fixture::new(dir.path(), nov(60, 9).to_utc());
    old.record.add_readings(&month).expect("import old history");
    assert!(old.of_rule(ids::BP_HOME_AVERAGE).is_empty());
}

#[test]
fn a_late_reading_that_ends_an_unseen_episode_removes_its_alert() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), nov(1, 0).to_utc());
    daily(&mut fx, (1..=4).map(|d| bp_day(d, 138.0, 80.0)));
    assert_eq!(home_alert_days(&fx), vec![day_key(4)]);
    // Low readings for day 3 arrive late: the average to day 4 falls below 135.
    fx.record
        .add_readings(&[bp(110.0, 70.0, nov(3, 12)), bp(110.0, 70.0, nov(3, 13))])
        .expect("late");
    assert!(
        home_alert_days(&fx).is_empty(),
        "nobody saw it, so it is gone"
    );

    // Once shown, an alert is resolved rather than removed.
    daily(&mut fx, (5..=8).map(|d| bp_day(d, 150.0, 95.0)));
    let shown = fx.due();
    assert_eq!(shown.len(), 1);
    fx.record.mark_shown(&[shown[0].id]).expect("shown");
    fx.record
        .add_readings(
            &(0..6)
                .map(|h| bp(100.0, 60.0, nov(5, 8 + h)))
                .collect::<Vec<_>>(),
        )
        .expect("late lows");
    let after = fx.record.notification(shown[0].id).expect("kept");
    assert_eq!(after.state, NotificationState::Resolved);
}

#[test]
fn weight_loss_of_more_than_5_percent_in_30_days_alerts_and_exactly_5_does_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), nov(1, 0).to_utc());
    let day = |d: i64, kg: f64| (d, vec![weight(kg, nov(d, 8))]);
    daily(
        &mut fx,
        [day(1, 80.0), day(11, 78.0), day(21, 77.0), day(30, 76.0)],
    );
    assert!(
        fx.of_rule(ids::WEIGHT_LOSS).is_empty(),
        "exactly 5% is not more than 5%"
    );
    daily(&mut fx, [day(31, 75.9)]);
    let alerts = fx.of_rule(ids::WEIGHT_LOSS);
    assert_eq!(alerts.len(), 1);
    assert!(
        alerts[0].detail.contains("down 5.1% from 80 kg"),
        "{}",
        alerts[0].detail
    );
    // A day later the 30 days start on day 11 (78 kg): 75.8 is 2.8% down.
    daily(&mut fx, [day(32, 75.8)]);
    assert_eq!(fx.of_rule(ids::WEIGHT_LOSS).len(), 1);
}

#[test]
fn a_gain_never_counts_as_a_loss() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), nov(1, 0).to_utc());
    daily(
        &mut fx,
        (0..30).map(|i| {
            (
                i + 1,
                vec![weight(
                    70.0 + 0.3 * i as f64,
                    nov(i + 1, 8) + Duration::minutes(1),
                )],
            )
        }),
    );
    assert!(fx.of_rule(ids::WEIGHT_LOSS).is_empty());
}
