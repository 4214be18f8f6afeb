//! `phr alerts` on the demo record: a low-glucose alert and a blood-pressure trend alert
//! with advice; an acknowledged alert stays gone after reopening; a new low brings a new
//! one.

mod common;

use common::*;

fn alert_titles(phr: &Phr) -> Vec<(i64, String, String)> {
    let json = phr.run(&["alerts", "--json"]).assert_ok().json();
    let list = json.as_array().cloned().expect("a list of notifications");
    list.iter()
        .map(|n| {
            (
                n["id"].as_i64().expect("id"),
                n["title"].as_str().unwrap_or_default().to_string(),
                n["advice"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_demo_record_shows_a_low_glucose_and_a_blood_pressure_trend_alert() {
    let phr = Phr::new();
    phr.run(&["demo"]).assert_ok();
    let text = phr.run(&["alerts"]).assert_ok().stdout.clone();
    assert!(text.contains("Low blood glucose"), "{text}");
    assert!(text.contains("Home blood pressure average"), "{text}");
    assert!(text.contains("glucose tablets"), "advice is shown:\n{text}");
    for phrase in ["has been told", "is watching", "will be notified"] {
        assert!(
            !text.to_lowercase().contains(phrase),
            "{phrase} in:\n{text}"
        );
    }

    let alerts = alert_titles(&phr);
    let (low_id, _, advice) = alerts
        .iter()
        .find(|(_, title, _)| title.contains("Low blood glucose"))
        .cloned()
        .expect("a low-glucose alert");
    assert!(!advice.is_empty());

    phr.run(&["alerts", "ack", &low_id.to_string()]).assert_ok();
    // Every command reopens the record: the acknowledged alert does not come back.
    let after_ack = alert_titles(&phr);
    assert!(
        after_ack.iter().all(|(id, _, _)| *id != low_id),
        "{after_ack:?}"
    );
    assert!(
        !after_ack
            .iter()
            .any(|(_, t, _)| t.contains("Low blood glucose"))
    );

    phr.run(&["readings", "add", "glucose", "3.1"]).assert_ok();
    let after_new_low = alert_titles(&phr);
    let new_low: Vec<_> = after_new_low
        .iter()
        .filter(|(_, t, _)| t.contains("Low blood glucose"))
        .collect();
    assert_eq!(new_low.len(), 1, "{after_new_low:?}");
    assert_ne!(new_low[0].0, low_id);
}

#[test]
fn a_bad_or_huge_snooze_is_a_usage_error_and_leaves_the_alert_open() {
    let phr = Phr::new();
    phr.run(&["demo"]).assert_ok();
    let (id, _, _) = alert_titles(&phr).into_iter().next().expect("an alert");
    let id = id.to_string();
    phr.run(&["alerts", "snooze", &id, "9999999999999999m"])
        .assert_error(2, "is not a duration");
    phr.run(&["alerts", "snooze", &id, "8d"])
        .assert_error(2, "at most 7 days");
    phr.run(&["alerts", "ack", "999999"])
        .assert_error(2, "notification 999999 was not found");
    assert!(
        alert_titles(&phr)
            .iter()
            .any(|(open, _, _)| open.to_string() == id)
    );
}
