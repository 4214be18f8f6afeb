//! Rules that span entries hold on every path (add, edit, delete, undo, purge), and the
//! safety text of a module reaches the person the moment it applies.

mod common;

use common::*;
use phr_core::api::{ApiError, EntryFilter, Record};
use phr_core::model::*;
use phr_core::rules::Category;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn goal(text: &str, status: GoalStatus) -> EntryBody {
    EntryBody::Goal(Goal {
        goal: text.into(),
        barriers: vec![],
        status,
        target_date: None,
        support: None,
    })
}

fn identity(name: &str) -> EntryBody {
    EntryBody::Identity(Identity {
        name: name.into(),
        preferred_name: None,
        date_of_birth: None,
        nhs_number: None,
        pronouns: None,
    })
}

fn history(text: &str) -> EntryBody {
    EntryBody::MyHistory(MyHistory { text: text.into() })
}

fn things(text: &str) -> EntryBody {
    EntryBody::ThingsToKnow(ThingsToKnow {
        items: vec![text.into()],
    })
}

fn live(record: &Record) -> Vec<Entry> {
    record
        .entries(&EntryFilter::default(), Viewer::Person)
        .expect("entries")
}

/// Every rule that spans entries, checked on what the record holds.
fn assert_invariants(record: &Record) {
    let entries = live(record);
    let mut per_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &entries {
        *per_kind.entry(e.kind().as_str()).or_default() += 1;
    }
    for kind in EntryKind::ALL.iter().filter(|k| k.is_singleton()) {
        let n = per_kind.get(kind.as_str()).copied().unwrap_or(0);
        assert!(n <= 1, "{n} live {} entries", kind.as_str());
    }
    let active = entries
        .iter()
        .filter(|e| matches!(&e.body, EntryBody::Goal(g) if g.status == GoalStatus::Active))
        .count();
    assert!(active <= MAX_ACTIVE_GOALS, "{active} active goals");
}

#[test]
fn undoing_a_delete_cannot_make_a_sixth_active_goal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let mut ids = Vec::new();
    for i in 0..5 {
        let e = record
            .add_entry(
                goal(&format!("goal {i}"), GoalStatus::Active),
                opts(Visibility::Private),
            )
            .expect("goal");
        ids.push(e.meta.id);
    }
    record.delete_entry(ids[0], Author::Person).expect("delete");
    record
        .add_entry(
            goal("a new goal", GoalStatus::Active),
            opts(Visibility::Private),
        )
        .expect("fifth active goal again");
    let before = live(&record);

    let err = record
        .undo(ids[0], Author::Person)
        .expect_err("a sixth active goal");
    assert!(matches!(err, ApiError::Conflict { .. }), "{err:?}");
    let message = err.message();
    assert!(message.contains("undo"), "{message}");
    assert!(message.contains("5 goals"), "{message}");
    assert_eq!(live(&record), before, "the refused undo changed nothing");
    assert_invariants(&record);
}

#[test]
fn undoing_a_delete_cannot_make_a_second_identity() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let first = record
        .add_entry(identity("Ann Example"), opts(Visibility::Shared))
        .expect("identity");
    record
        .delete_entry(first.meta.id, Author::Person)
        .expect("delete");
    record
        .add_entry(identity("Ann Other"), opts(Visibility::Shared))
        .expect("a new identity once the first is deleted");
    let err = record
        .undo(first.meta.id, Author::Person)
        .expect_err("two identities");
    let message = err.message();
    assert!(message.contains("Identity"), "{message}");
    assert_invariants(&record);
}

#[test]
fn undoing_an_edit_that_paused_a_goal_cannot_make_a_sixth_active_goal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let paused = record
        .add_entry(goal("walk", GoalStatus::Active), opts(Visibility::Private))
        .expect("goal");
    record
        .update_entry(
            paused.meta.id,
            goal("walk", GoalStatus::Paused),
            Author::Person,
        )
        .expect("pause");
    for i in 0..5 {
        record
            .add_entry(
                goal(&format!("g{i}"), GoalStatus::Active),
                opts(Visibility::Private),
            )
            .expect("goal");
    }
    assert!(
        record.undo(paused.meta.id, Author::Person).is_err(),
        "undoing the pause would make six active goals"
    );
    assert_invariants(&record);
}

/// One step of the random walk.
#[derive(Debug, Clone)]
enum Step {
    Add(u8),
    Edit(usize, u8),
    Delete(usize),
    Undo(usize),
    Purge,
}

fn body_for(choice: u8, n: usize) -> EntryBody {
    match choice % 7 {
        0 => identity(&format!("Person {n}")),
        1 => history(&format!("History {n}")),
        2 => things(&format!("Thing {n}")),
        3 => goal(&format!("Goal {n}"), GoalStatus::Paused),
        4 => EntryBody::OrganDonation(OrganDonation {
            decision: OrganDonationDecision::Donate,
            organs: vec![],
            registered: false,
            notes: None,
        }),
        _ => goal(&format!("Goal {n}"), GoalStatus::Active),
    }
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => any::<u8>().prop_map(Step::Add),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(i, c)| Step::Edit(i, c)),
        2 => any::<usize>().prop_map(Step::Delete),
        3 => any::<usize>().prop_map(Step::Undo),
        1 => Just(Step::Purge),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random add / edit / delete / undo / purge: after every step, accepted or refused,
    /// every invariant holds, and a refused step changes nothing.
    #[test]
    fn invariants_hold_after_every_step(steps in proptest::collection::vec(step(), 1..40)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut record, _, _) = new_record(dir.path());
        let mut ids: Vec<EntryId> = Vec::new();
        for (n, step) in steps.into_iter().enumerate() {
            let before = live(&record);
            let result = match &step {
                Step::Add(c) => record
                    .add_entry(body_for(*c, n), opts(Visibility::Private))
                    .map(|e| ids.push(e.meta.id)),
                Step::Edit(i, c) if !ids.is_empty() => {
                    let id = ids[i % ids.len()];
                    match record.entry(id, Viewer::Person) {
                        Ok(e) => {
                            // Same kind, other content (an edit can activate a goal).
                            let body = match e.body {
                                EntryBody::Goal(mut g) => {
                                    g.status = if c % 2 == 0 { GoalStatus::Active } else { GoalStatus::Paused };
                                    EntryBody::Goal(g)
                                }
                                other => other,
                            };
                            record.update_entry(id, body, Author::Person).map(drop)
                        }
                        Err(e) => Err(e),
                    }
                }
                Step::Delete(i) if !ids.is_empty() => record.delete_entry(ids[i % ids.len()], Author::Person),
                Step::Undo(i) if !ids.is_empty() => record.undo(ids[i % ids.len()], Author::Person).map(drop),
                Step::Purge => record.purge_deleted().map(drop),
                _ => Ok(()),
            };
            assert_invariants(&record);
            if let Err(e) = result {
                prop_assert!(!e.message().is_empty());
                prop_assert_eq!(live(&record), before, "refused {:?} changed the record", step);
            }
        }
    }
}

fn phq9(answers: &[(&str, &str)]) -> EntryBody {
    EntryBody::Module(ModuleInstance {
        template_id: "phq-9".into(),
        template_version: 1,
        answers: answers
            .iter()
            .map(|(q, a)| (q.to_string(), AnswerValue::Text(a.to_string())))
            .collect(),
        completed_on: None,
    })
}

#[test]
fn phq9_item_nine_advice_shows_at_once_on_a_partial_form_and_as_a_notification() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let now = record.now();

    let quiet = record
        .add_entry(phq9(&[("q1", "several_days")]), opts(Visibility::Private))
        .expect("partial form");
    let view = record.entry_view(quiet.clone()).expect("view");
    let module = view.module.expect("module view");
    assert_eq!((module.answered, module.questions), (1, 9));
    assert!(module.score.is_none(), "no score on a partial form");
    assert!(module.attention.is_none());
    assert!(
        record.due_notifications(now).expect("due").is_empty(),
        "nothing to say yet"
    );

    // Item 9 answered above zero, the other seven still blank.
    record
        .update_entry(
            quiet.meta.id,
            phq9(&[("q1", "several_days"), ("q9", "several_days")]),
            Author::Person,
        )
        .expect("answer item 9");
    let entry = record.entry(quiet.meta.id, Viewer::Person).expect("entry");
    let module = record
        .entry_view(entry)
        .expect("view")
        .module
        .expect("module");
    let advice = module
        .attention
        .expect("attention advice on a partial form");
    assert!(advice.contains("Samaritans on 116 123"), "{advice}");
    assert!(module.score.is_none());

    let due = record.due_notifications(record.now()).expect("due");
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(due[0].category, Category::Alert);
    assert!(due[0].advice.contains("116 123"), "{}", due[0].advice);
    assert_eq!(due[0].entries, vec![quiet.meta.id]);

    // Saving the same answers again does not say it twice.
    record
        .update_entry(
            quiet.meta.id,
            phq9(&[
                ("q1", "several_days"),
                ("q9", "several_days"),
                ("q2", "not_at_all"),
            ]),
            Author::Person,
        )
        .expect("another answer");
    assert_eq!(record.notifications(true).expect("all").len(), 1);
}

#[test]
fn a_complete_phq9_has_its_band_and_keeps_the_advice_with_the_score() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let mut answers: Vec<(String, &str)> = (1..=8)
        .map(|i| (format!("q{i}"), "more_than_half"))
        .collect();
    answers.push(("q9".into(), "nearly_every_day"));
    let pairs: Vec<(&str, &str)> = answers.iter().map(|(q, a)| (q.as_str(), *a)).collect();
    let entry = record
        .add_entry(phq9(&pairs), opts(Visibility::Private))
        .expect("complete form");
    let module = record
        .entry_view(entry)
        .expect("view")
        .module
        .expect("module");
    let score = module.score.expect("score");
    // 8 × 2 + 3 = 19: moderately severe (Kroenke 2001: 15–19).
    assert_eq!(score.total, 19);
    assert_eq!(score.band, "Moderately severe depression");
    assert!(score.attention.expect("advice").contains("116 123"));
}
