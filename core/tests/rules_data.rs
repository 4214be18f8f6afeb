//! Rules as data: the shipped rules validate and survive JSON, settings change one value
//! at a time and are checked, and no text the person reads implies that anyone is
//! watching.

use phr_core::messages::{InboundKind, MESSAGE_ADVICE, NOT_URGENT_NOTICE, request_presets};
use phr_core::model::ReadingKind;
use phr_core::rules::{Rule, RuleBody, default_rules, ids, parse_setting};

/// Phrases that would lead a person to believe someone is monitoring them in real time.
const WATCHING: &[&str] = &[
    "has been told",
    "have been told",
    "has been notified",
    "have been notified",
    "has been informed",
    "has been alerted",
    "have been alerted",
    "we have told",
    "we've told",
    "we have let",
    "we will let",
    "we'll let",
    "has been sent to your",
    "sent to your gp",
    "your gp knows",
    "your gp will",
    "your doctor will",
    "your nurse will",
    "your care team will",
    "your diabetes team will",
    "will contact you",
    "will call you",
    "will be in touch",
    "is watching",
    "are watching",
    "is monitoring",
    "are monitoring",
    "monitoring you",
    "keeping an eye",
    "someone will",
    "help is on its way",
    "help is coming",
];

fn person_facing_texts() -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for rule in default_rules() {
        texts.push((format!("{} title", rule.id), rule.title.clone()));
        match &rule.body {
            RuleBody::Threshold(t) => {
                for b in &t.bands {
                    texts.push((format!("{}.{} title", rule.id, b.id), b.title.clone()));
                    texts.push((format!("{}.{} advice", rule.id, b.id), b.advice.clone()));
                }
            }
            RuleBody::Trend(t) => texts.push((rule.id.clone(), t.advice.clone())),
            RuleBody::Missed(m) => texts.push((rule.id.clone(), m.advice.clone())),
            RuleBody::AppointmentReminder(a) => texts.push((rule.id.clone(), a.advice.clone())),
            RuleBody::MedicationReminder(m) => texts.push((rule.id.clone(), m.advice.clone())),
            RuleBody::GoalCheckIn(g) => texts.push((rule.id.clone(), g.advice.clone())),
            RuleBody::RequestLimit(_) => {}
        }
    }
    for p in request_presets() {
        texts.push((p.id.to_string(), format!("{} {}", p.title, p.text)));
    }
    for k in [
        InboundKind::ResultsArrived,
        InboundKind::BookAppointment,
        InboundKind::PrescriptionReady,
        InboundKind::Answer,
        InboundKind::Other,
    ] {
        texts.push((k.as_str().to_string(), k.title().to_string()));
    }
    texts.push(("message advice".into(), MESSAGE_ADVICE.into()));
    texts.push(("not urgent notice".into(), NOT_URGENT_NOTICE.into()));
    texts
}

#[test]
fn no_advice_ever_implies_that_someone_is_watching() {
    let texts = person_facing_texts();
    assert!(texts.len() > 25);
    for (whose, text) in texts {
        let lower = text.to_lowercase().replace('\u{2019}', "'");
        for phrase in WATCHING {
            assert!(!lower.contains(phrase), "{whose} says '{phrase}': {text}");
        }
    }
}

#[test]
fn severe_lows_and_highs_say_when_to_call_999_and_nhs_111() {
    for rule in default_rules() {
        if let RuleBody::Threshold(t) = &rule.body {
            for band in &t.bands {
                if band.severity >= phr_core::rules::Severity::Urgent {
                    assert!(band.advice.contains("999"), "{}.{}", rule.id, band.id);
                    assert!(
                        band.advice.contains("NHS 111") || band.advice.contains("GP"),
                        "{}.{}",
                        rule.id,
                        band.id
                    );
                }
            }
        }
    }
    let low = phr_core::rules::default_rule(ids::GLUCOSE_LOW).expect("rule");
    let RuleBody::Threshold(t) = low.body else {
        panic!()
    };
    assert!(
        t.bands[1]
            .advice
            .contains("If you feel unwell or confused, or cannot treat this yourself, call 999")
    );
}

#[test]
fn every_shipped_rule_validates_cites_a_source_and_survives_json() {
    let rules = default_rules();
    let mut seen = std::collections::HashSet::new();
    for rule in &rules {
        rule.validate()
            .unwrap_or_else(|e| panic!("{}: {e}", rule.id));
        assert!(!rule.source.trim().is_empty(), "{} has no source", rule.id);
        assert!(seen.insert(rule.id.clone()), "{} twice", rule.id);
        let json = serde_json::to_string(rule).expect("json");
        let back: Rule = serde_json::from_str(&json).expect("back");
        assert_eq!(&back, rule);
    }
    for id in [
        ids::GLUCOSE_LOW,
        ids::BP_HOME_AVERAGE,
        ids::WEIGHT_LOSS,
        ids::REQUEST_LIMIT,
    ] {
        assert!(seen.contains(id), "{id}");
    }
}

#[test]
fn settings_change_one_value_and_are_checked() {
    let rule = phr_core::rules::default_rule(ids::BP_HOME_AVERAGE).expect("rule");
    let set = |pairs: &[&str]| {
        let pairs: Vec<_> = pairs
            .iter()
            .map(|p| parse_setting(p).expect("k=v"))
            .collect();
        rule.with_settings(&pairs)
    };
    let changed = set(&["window_days=14", "test.when.0.value=140", "enabled=false"]).expect("ok");
    let RuleBody::Trend(t) = &changed.body else {
        panic!()
    };
    assert_eq!(t.window_days, 14);
    assert!(!changed.enabled);
    assert_eq!(changed.id, rule.id);

    for (bad, field) in [
        (&["window_days=0"][..], "window_days"),
        (&["test.when.0.value=\"high\""][..], "rule"),
        (&["id=other"][..], "id"),
        (&["type=threshold"][..], "rule"),
        (&["colour=red"][..], "colour"),
        (&["test.when.9.value=1"][..], "test.when.9.value"),
        // A safety rule keeps its reading kind.
        (
            &["reading_kind=\"weight\"", "test.when.1.value=80"][..],
            "reading_kind",
        ),
    ] {
        let err = set(bad).unwrap_err();
        assert_eq!(err.field, field, "{bad:?}: {err}");
    }
    assert!(parse_setting("no-equals").is_err());
    let _ = ReadingKind::Weight;
}
