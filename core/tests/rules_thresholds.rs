//! Every shipped threshold rule at, just above and just below each of its limits, and
//! the same through the store: one alert per qualifying reading, none for control
//! solution, LO and HI from a meter treated as beyond every limit.

#[path = "rules_support.rs"]
mod support;

use phr_core::model::*;
use phr_core::rules::{Rule, RuleBody, Severity, ThresholdRule, default_rule, ids};
use support::*;

fn threshold(id: &str) -> ThresholdRule {
    match default_rule(id).expect("shipped rule").body {
        RuleBody::Threshold(t) => t,
        other => panic!("{id} is {}", other.type_name()),
    }
}

/// The band id and severity a reading falls in under a shipped rule.
fn band(id: &str, reading: &NewReading) -> Option<(String, Severity)> {
    threshold(id)
        .band_for(&sample(reading))
        .map(|b| (b.id.clone(), b.severity))
}

fn t() -> chrono::DateTime<chrono::FixedOffset> {
    at("2026-11-24T08:30:00+00:00")
}

#[test]
fn low_glucose_bands_sit_at_4_and_3_mmol_per_litre() {
    let cases = [
        (4.1, None),
        (4.0, None),
        (3.99, Some(("level_1", Severity::Warning))),
        (3.5, Some(("level_1", Severity::Warning))),
        (3.01, Some(("level_1", Severity::Warning))),
        (3.0, Some(("level_1", Severity::Warning))),
        (2.99, Some(("level_2", Severity::Urgent))),
        (1.2, Some(("level_2", Severity::Urgent))),
    ];
    for (mmol, want) in cases {
        let got = band(ids::GLUCOSE_LOW, &glucose(mmol, t()));
        assert_eq!(got, want.map(|(b, s)| (b.to_string(), s)), "{mmol} mmol/L");
    }
}

#[test]
fn high_glucose_is_above_15_mmol_per_litre() {
    assert_eq!(band(ids::GLUCOSE_HIGH, &glucose(14.99, t())), None);
    assert_eq!(band(ids::GLUCOSE_HIGH, &glucose(15.0, t())), None);
    assert_eq!(
        band(ids::GLUCOSE_HIGH, &glucose(15.01, t())),
        Some(("high".into(), Severity::Warning))
    );
    assert_eq!(band(ids::GLUCOSE_LOW, &glucose(15.01, t())), None);
}

#[test]
fn a_meters_lo_is_a_serious_hypo_and_its_hi_is_high() {
    let mut lo = NewReading::manual(ReadingValue::BloodGlucose { mmol_per_l: None }, t());
    lo.flags.push(ReadingFlag::BelowDeviceRange);
    assert_eq!(
        band(ids::GLUCOSE_LOW, &lo),
        Some(("level_2".into(), Severity::Urgent))
    );
    assert_eq!(band(ids::GLUCOSE_HIGH, &lo), None);
    let mut hi = NewReading::manual(ReadingValue::BloodGlucose { mmol_per_l: None }, t());
    hi.flags.push(ReadingFlag::AboveDeviceRange);
    assert_eq!(
        band(ids::GLUCOSE_HIGH, &hi),
        Some(("high".into(), Severity::Warning))
    );
    assert_eq!(band(ids::GLUCOSE_LOW, &hi), None);
}

#[test]
fn control_solution_and_device_faults_never_alert() {
    for flag in [ReadingFlag::ControlSolution, ReadingFlag::DeviceFault] {
        let mut r = glucose(2.0, t());
        r.flags.push(flag);
        assert_eq!(band(ids::GLUCOSE_LOW, &r), None, "{flag:?}");
    }
}

#[test]
fn very_high_blood_pressure_is_180_over_120_or_higher_either_number() {
    let cases = [
        (179.0, 119.0, false),
        (179.9, 100.0, false),
        (180.0, 100.0, true),
        (181.0, 90.0, true),
        (150.0, 119.9, false),
        (150.0, 120.0, true),
        (170.0, 121.0, true),
    ];
    for (s, d, want) in cases {
        let got = band(ids::BP_VERY_HIGH, &bp(s, d, t()));
        assert_eq!(got.is_some(), want, "{s}/{d}");
        if want {
            assert_eq!(got.map(|g| g.1), Some(Severity::Urgent));
        }
    }
}

#[test]
fn low_blood_pressure_is_a_systolic_below_90() {
    assert_eq!(band(ids::BP_LOW, &bp(90.1, 60.0, t())), None);
    assert_eq!(band(ids::BP_LOW, &bp(90.0, 60.0, t())), None);
    assert_eq!(
        band(ids::BP_LOW, &bp(89.9, 60.0, t())),
        Some(("low".into(), Severity::Warning))
    );
}

#[test]
fn heart_rate_alerts_at_40_or_less_and_131_or_more() {
    assert!(band(ids::HEART_RATE_LOW, &pulse(39.0, t())).is_some());
    assert!(band(ids::HEART_RATE_LOW, &pulse(40.0, t())).is_some());
    assert!(band(ids::HEART_RATE_LOW, &pulse(41.0, t())).is_none());
    assert!(band(ids::HEART_RATE_HIGH, &pulse(130.0, t())).is_none());
    assert!(band(ids::HEART_RATE_HIGH, &pulse(131.0, t())).is_some());
    assert!(band(ids::HEART_RATE_HIGH, &pulse(132.0, t())).is_some());
    // A rule never looks at another kind.
    assert!(band(ids::HEART_RATE_HIGH, &glucose(200.0, t())).is_none());
}

#[test]
fn through_the_store_each_qualifying_reading_alerts_once_with_its_band() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T23:00:00Z"));
    // Hours apart, so each is its own episode.
    let readings = vec![
        glucose(4.0, nov(24, 1)),
        glucose(3.99, nov(24, 3)),
        glucose(3.0, nov(24, 5)),
        glucose(2.99, nov(24, 7)),
        glucose(15.0, nov(24, 9)),
        glucose(15.01, nov(24, 11)),
        bp(179.0, 119.0, nov(24, 13)),
        bp(180.0, 80.0, nov(24, 14)),
        bp(89.9, 50.0, nov(24, 15)),
        pulse(40.0, nov(24, 16)),
        pulse(131.0, nov(24, 18)),
    ];
    let report = fx.record.add_readings(&readings).expect("add");
    let id = |i: usize| report.ids[i];
    let due = fx.due();
    let mut got: Vec<(String, i64, Severity)> = due
        .iter()
        .map(|n| (n.rule_id.clone(), n.readings[0], n.severity))
        .collect();
    got.sort();
    let mut want = vec![
        (ids::GLUCOSE_LOW.to_string(), id(1), Severity::Warning),
        (ids::GLUCOSE_LOW.to_string(), id(2), Severity::Warning),
        (ids::GLUCOSE_LOW.to_string(), id(3), Severity::Urgent),
        (ids::GLUCOSE_HIGH.to_string(), id(5), Severity::Warning),
        (ids::BP_VERY_HIGH.to_string(), id(7), Severity::Urgent),
        (ids::BP_LOW.to_string(), id(8), Severity::Warning),
        (ids::HEART_RATE_LOW.to_string(), id(9), Severity::Warning),
        (ids::HEART_RATE_HIGH.to_string(), id(10), Severity::Warning),
    ];
    want.sort();
    assert_eq!(got, want);
    // Most severe first.
    assert!(due[0].severity == Severity::Urgent);
    let hypo = due
        .iter()
        .find(|n| n.readings == vec![id(3)])
        .expect("hypo");
    assert!(hypo.detail.contains("2.99 mmol/L"), "{}", hypo.detail);
    assert!(hypo.detail.contains("below 3 mmol/L"), "{}", hypo.detail);
    assert!(hypo.advice.contains("999"));
}

#[test]
fn a_sensor_run_of_lows_is_one_episode_but_a_deeper_low_still_alerts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T23:00:00Z"));
    // Every 5 minutes from 02:00: 3.8 for 40 minutes, then 2.8, then 3.9 again.
    let start = at("2026-11-24T02:00:00+00:00");
    let values = [3.8, 3.8, 3.8, 3.8, 3.8, 3.8, 3.8, 3.8, 2.8, 2.9, 3.9, 3.9];
    let readings: Vec<_> = values
        .iter()
        .enumerate()
        .map(|(i, v)| glucose(*v, start + chrono::Duration::minutes(5 * i as i64)))
        .collect();
    let report = fx.record.add_readings(&readings).expect("add");
    let low = fx.of_rule(ids::GLUCOSE_LOW);
    let fired: Vec<i64> = low.iter().map(|n| n.readings[0]).collect();
    assert_eq!(fired, vec![report.ids[0], report.ids[8]]);
    // 45 minutes after the last low, a new low is a new episode.
    fx.add(glucose(3.7, start + chrono::Duration::minutes(55 + 45)));
    assert_eq!(fx.of_rule(ids::GLUCOSE_LOW).len(), 3);
}

#[test]
fn readings_that_arrive_days_late_are_kept_but_do_not_alert() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T12:00:00Z"));
    fx.add(glucose(2.5, nov(20, 8)));
    assert!(fx.due().is_empty());
    fx.add(glucose(2.5, nov(24, 8)));
    assert_eq!(fx.due().len(), 1);
}

#[test]
fn a_disabled_rule_does_not_alert() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T12:00:00Z"));
    let mut rule: Rule = fx.record.rule(ids::GLUCOSE_HIGH).expect("rule").rule;
    rule.enabled = false;
    fx.record
        .set_rule(rule, Author::Person, true)
        .expect("set, confirmed");
    fx.add(glucose(22.0, nov(24, 11)));
    assert!(fx.of_rule(ids::GLUCOSE_HIGH).is_empty());
}
