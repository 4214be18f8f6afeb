//! Property: for any sequence of readings (in any time order) split into any batches,
//! evaluating each batch as it arrives gives exactly the notifications that evaluating
//! everything at once gives.

#[path = "rules_support.rs"]
mod support;

use phr_core::model::*;
use phr_core::rules::{RuleBody, ids};
use proptest::prelude::*;
use support::*;

#[derive(Debug, Clone)]
enum Value {
    Glucose(f64),
    Pressure(f64, f64),
    Weight(f64),
    Pulse(f64),
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        (20u32..170).prop_map(|v| Value::Glucose(f64::from(v) / 10.0)),
        (85u32..190, 10u32..60).prop_map(|(s, gap)| Value::Pressure(
            f64::from(s),
            f64::from(s.saturating_sub(gap).clamp(45, 125))
        )),
        (700u32..860).prop_map(|v| Value::Weight(f64::from(v) / 10.0)),
        (35u32..140).prop_map(|v| Value::Pulse(f64::from(v))),
    ]
}

/// (day of November, minute of day, value)
fn reading() -> impl Strategy<Value = (i64, i64, Value)> {
    (1i64..=24, 0i64..1440, value())
}

fn to_reading((day, minute, v): &(i64, i64, Value)) -> NewReading {
    let when = nov(*day, 0) + chrono::Duration::minutes(*minute);
    match v {
        Value::Glucose(x) => glucose(*x, when),
        Value::Pressure(s, d) => bp(*s, *d, when),
        Value::Weight(x) => weight(*x, when),
        Value::Pulse(x) => pulse(*x, when),
    }
}

/// Makes every reading rule look back far enough that the whole month is live.
fn widen(fx: &mut Fixture) {
    for id in [
        ids::GLUCOSE_LOW,
        ids::GLUCOSE_HIGH,
        ids::BP_VERY_HIGH,
        ids::BP_LOW,
        ids::HEART_RATE_LOW,
        ids::HEART_RATE_HIGH,
        ids::BP_HOME_AVERAGE,
        ids::WEIGHT_LOSS,
    ] {
        let mut rule = fx.record.rule(id).expect("rule").rule;
        match &mut rule.body {
            RuleBody::Threshold(t) => t.max_age_hours = 24 * 60,
            RuleBody::Trend(t) => t.max_age_days = 60,
            _ => {}
        }
        fx.record
            .set_rule(rule, Author::Person, false)
            .expect("widen");
    }
}

type Seen = Vec<(String, u32, String, String, String, Vec<i64>)>;

fn seen(fx: &Fixture) -> Seen {
    let mut all: Seen = fx
        .record
        .notifications(true)
        .expect("notifications")
        .into_iter()
        .map(|n| {
            (
                n.rule_id,
                n.rule_version,
                n.key,
                n.severity.to_string(),
                n.detail,
                n.readings,
            )
        })
        .collect();
    all.sort();
    all
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn incremental_evaluation_matches_evaluating_everything_at_once(
        raw in prop::collection::vec(reading(), 1..80),
        cuts in prop::collection::vec(any::<bool>(), 80),
        wide in any::<bool>(),
    ) {
        let readings: Vec<NewReading> = raw.iter().map(to_reading).collect();
        let now = nov(25, 6).to_utc();
        let (dir_a, dir_b) = (tempfile::tempdir().expect("tempdir"), tempfile::tempdir().expect("tempdir"));
        let mut batched = Fixture::new(dir_a.path(), now);
        let mut at_once = Fixture::new(dir_b.path(), now);
        if wide {
            widen(&mut batched);
            widen(&mut at_once);
        }

        let mut batch = Vec::new();
        for (i, r) in readings.iter().enumerate() {
            batch.push(r.clone());
            if cuts[i] || i + 1 == readings.len() {
                batched.record.add_readings(&batch).expect("batch");
                batch.clear();
            }
        }
        at_once.record.add_readings(&readings).expect("all at once");

        prop_assert_eq!(seen(&batched), seen(&at_once));
    }
}

#[test]
fn the_property_sees_real_alerts() {
    // Guard against a vacuous property: a plain sequence makes alerts of several rules.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), nov(25, 6).to_utc());
    widen(&mut fx);
    let mut readings: Vec<NewReading> = (1..=10).map(|d| bp(150.0, 95.0, nov(d, 8))).collect();
    readings.push(glucose(3.1, nov(3, 9)));
    readings.push(weight(80.0, nov(1, 7)));
    readings.push(weight(75.0, nov(20, 7)));
    fx.record.add_readings(&readings).expect("add");
    let rules: std::collections::BTreeSet<String> = seen(&fx).into_iter().map(|s| s.0).collect();
    assert_eq!(
        rules.into_iter().collect::<Vec<_>>(),
        vec![ids::BP_HOME_AVERAGE, ids::GLUCOSE_LOW, ids::WEIGHT_LOSS]
    );
}
