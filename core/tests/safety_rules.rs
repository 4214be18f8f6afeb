//! Rule edits that cannot hurt (issue 9, 2) and one order for the alerts list (issue 9,
//! 7): a safety rule keeps its reading kind, its limits stay within the body's range,
//! lows stay below highs, turning one off needs confirming and shows who and since when;
//! advice says the threshold in force; what is listed is what is due, in the core's order.

#[path = "rules_support.rs"]
mod support;

use chrono::Duration;
use phr_core::ApiError;
use phr_core::model::Author;
use phr_core::rules::{Severity, ids};
use support::*;

fn set(
    fx: &mut Fixture,
    rule: &str,
    pairs: &[(&str, &str)],
    confirmed: bool,
) -> Result<(), ApiError> {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    fx.record
        .change_rule(rule, &pairs, Author::Person, confirmed)
        .map(|_| ())
}

fn invalid(result: Result<(), ApiError>) -> (String, String) {
    match result {
        Err(ApiError::Invalid { field, reason }) => (field, reason),
        other => panic!("not refused as invalid: {other:?}"),
    }
}

#[test]
fn a_glucose_limit_outside_the_bodys_range_is_refused_naming_the_range() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T12:00:00Z"));
    let (field, reason) = invalid(set(
        &mut fx,
        ids::GLUCOSE_LOW,
        &[("bands.0.when.0.value", "9999")],
        false,
    ));
    assert_eq!(field, "bands[0].when[0].value");
    assert!(reason.contains("1 to 30 mmol/L"), "{reason}");
    let (_, reason) = invalid(set(
        &mut fx,
        ids::BP_VERY_HIGH,
        &[("bands.0.when.0.value", "300")],
        false,
    ));
    assert!(reason.contains("70 to 250"), "{reason}");
    let (_, reason) = invalid(set(
        &mut fx,
        ids::BP_VERY_HIGH,
        &[("bands.0.when.1.value", "30")],
        false,
    ));
    assert!(reason.contains("40 to 150"), "{reason}");
    // Nothing was stored.
    assert_eq!(fx.record.rule(ids::GLUCOSE_LOW).expect("rule").version, 1);
    // Inside the range, a change is a new version.
    set(
        &mut fx,
        ids::GLUCOSE_LOW,
        &[("bands.0.when.0.value", "4.5")],
        false,
    )
    .expect("4.5");
    assert_eq!(fx.record.rule(ids::GLUCOSE_LOW).expect("rule").version, 2);
}

#[test]
fn a_safety_rule_keeps_its_reading_kind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T12:00:00Z"));
    let (field, _) = invalid(set(
        &mut fx,
        ids::GLUCOSE_LOW,
        &[("reading_kind", "\"weight\"")],
        false,
    ));
    assert_eq!(field, "reading_kind");
}

#[test]
fn a_low_limit_above_the_high_one_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T12:00:00Z"));
    // glucose.high is "above 15": a low band at 16 would raise both for every 15-16.
    let (_, reason) = invalid(set(
        &mut fx,
        ids::GLUCOSE_LOW,
        &[("bands.0.when.0.value", "16")],
        false,
    ));
    assert!(reason.contains("below the high limit (15)"), "{reason}");
    let (_, reason) = invalid(set(
        &mut fx,
        ids::GLUCOSE_HIGH,
        &[("bands.0.when.0.value", "3.5")],
        false,
    ));
    assert!(reason.contains("above the low limit"), "{reason}");
    // Within one rule: the serious hypo band may not reach above the milder one.
    let (field, _) = invalid(set(
        &mut fx,
        ids::GLUCOSE_LOW,
        &[("bands.1.when.0.value", "4.2")],
        false,
    ));
    assert_eq!(field, "bands[1].when[0].value");
}

#[test]
fn turning_a_safety_rule_off_needs_confirming_and_shows_who_and_since_when() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T12:00:00Z"));
    match set(&mut fx, ids::GLUCOSE_LOW, &[("enabled", "false")], false) {
        Err(ApiError::NeedsConfirmation { reason }) => {
            assert!(reason.contains("Low blood glucose"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    assert!(fx.record.rule(ids::GLUCOSE_LOW).expect("rule").rule.enabled);
    set(&mut fx, ids::GLUCOSE_LOW, &[("enabled", "false")], true).expect("confirmed");
    let view = fx
        .record
        .rule_views()
        .expect("views")
        .into_iter()
        .find(|v| v.stored.rule.id == ids::GLUCOSE_LOW)
        .expect("rule");
    assert!(view.safety);
    assert!(!view.stored.rule.enabled);
    assert_eq!(view.off_by, Some(Author::Person));
    assert_eq!(view.off_since, Some(utc("2026-11-24T12:00:00Z")));
    // A reminder rule is not a safety rule: no confirmation needed.
    set(&mut fx, ids::GOAL_CHECK_IN, &[("enabled", "false")], false).expect("reminder off");
}

#[test]
fn advice_says_the_threshold_in_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T12:00:00Z"));
    set(
        &mut fx,
        ids::GLUCOSE_LOW,
        &[("bands.0.when.0.value", "4.5")],
        false,
    )
    .expect("4.5");
    fx.add(glucose(4.2, nov(24, 11)));
    let alert = &fx.of_rule(ids::GLUCOSE_LOW)[0];
    assert!(
        alert.advice.contains("below 4.5 mmol/L"),
        "{}",
        alert.advice
    );
    assert!(!alert.advice.contains("below 4 mmol/L"), "{}", alert.advice);
    assert!(
        alert.detail.contains("below 4.5 mmol/L"),
        "{}",
        alert.detail
    );
}

#[test]
fn the_inbox_lists_what_is_due_in_the_cores_order_and_hides_a_snooze_until_it_ends() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T12:00:00Z"));
    fx.add(glucose(3.5, nov(24, 8))); // warning
    fx.add(glucose(2.5, nov(24, 10))); // urgent
    fx.add(bp(185.0, 90.0, nov(24, 11))); // urgent, newer
    let now = fx.now();
    let inbox = fx.record.inbox(now, false).expect("inbox");
    let order: Vec<(Severity, i64)> = inbox
        .iter()
        .map(|n| (n.severity, n.due_at.timestamp()))
        .collect();
    let mut sorted = order.clone();
    sorted.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    assert_eq!(order, sorted, "most severe first, then newest");
    assert_eq!(inbox[0].severity, Severity::Urgent);
    // What is due is in the inbox, in the same order.
    let due = fx.record.due_notifications(now).expect("due");
    assert_eq!(
        due.iter().map(|n| n.id).collect::<Vec<_>>(),
        inbox.iter().map(|n| n.id).collect::<Vec<_>>()
    );
    // A snoozed alert is neither listed nor due until its time comes.
    let snoozed = inbox[0].id;
    fx.record
        .snooze(snoozed, now + Duration::hours(2))
        .expect("snooze");
    assert!(
        fx.record
            .inbox(now, false)
            .expect("inbox")
            .iter()
            .all(|n| n.id != snoozed)
    );
    let later = now + Duration::hours(3);
    fx.clock.set(later);
    assert!(
        fx.record
            .inbox(later, false)
            .expect("inbox")
            .iter()
            .any(|n| n.id == snoozed)
    );
}
