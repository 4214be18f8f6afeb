//! Requests to professionals: presets, the rate limit per recipient with an injected
//! clock, the state machine with its times, the outbox; messages from professionals; and
//! questions for an appointment.

#[path = "rules_support.rs"]
mod support;

use chrono::Duration;
use phr_core::ApiError;
use phr_core::messages::{Direction, InboundKind, MessageState, PRESETS_VERSION, request_presets};
use phr_core::model::*;
use phr_core::rules::{Category, ids};
use support::*;

#[test]
fn a_request_moves_forward_with_a_time_for_each_state() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T09:00:00Z"));
    let draft = fx
        .record
        .create_request(
            "look_at_readings",
            "Riverside Surgery",
            &[],
            Some("Since the new tablets".into()),
        )
        .expect("draft");
    assert_eq!(draft.state, MessageState::Draft);
    assert_eq!(draft.direction, Direction::Outbound);
    assert_eq!(draft.topic_version, PRESETS_VERSION);
    assert!(
        fx.record.outbox().expect("outbox").is_empty(),
        "drafts are not sent"
    );

    let queued = fx.record.queue_request(draft.id).expect("queue");
    assert_eq!(fx.record.outbox().expect("outbox"), vec![queued.clone()]);
    fx.clock.advance(Duration::minutes(5));
    fx.record.mark_sent(draft.id).expect("sent");
    assert!(fx.record.outbox().expect("outbox").is_empty());
    fx.clock.advance(Duration::hours(3));
    // A read receipt implies delivery.
    let read = fx.record.mark_read(draft.id).expect("read");
    assert_eq!(read.state, MessageState::Read);
    assert_eq!(read.times.delivered_at, read.times.read_at);
    assert_eq!(read.times.queued_at, Some(utc("2026-11-24T09:00:00Z")));
    assert_eq!(read.times.sent_at, Some(utc("2026-11-24T09:05:00Z")));
    assert_eq!(read.times.read_at, Some(utc("2026-11-24T12:05:00Z")));

    let answered = fx
        .record
        .mark_answered(draft.id, Some("Readings look fine; keep going.".into()))
        .expect("answered");
    assert_eq!(answered.state, MessageState::Answered);
    let due = fx.due();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].category, Category::Message);
    assert!(
        due[0].detail.contains("Readings look fine"),
        "{}",
        due[0].detail
    );
}

#[test]
fn invalid_transitions_are_typed_errors_and_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T09:00:00Z"));
    let id = fx
        .record
        .create_request("repeat_prescription", "Riverside Surgery", &[], None)
        .expect("draft")
        .id;
    let err = fx.record.mark_sent(id).unwrap_err();
    assert!(
        matches!(&err, ApiError::Conflict { reason } if reason.contains("draft cannot become sent")),
        "{err}"
    );
    fx.record.queue_request(id).expect("queue");
    fx.record.mark_delivered(id).expect("delivered");
    for (attempt, to) in [
        (fx.record.mark_sent(id), MessageState::Sent),
        (fx.record.cancel_request(id), MessageState::Cancelled),
        (fx.record.queue_request(id), MessageState::Queued),
    ] {
        let err = attempt.unwrap_err();
        let want = format!("delivered cannot become {to}");
        assert!(
            matches!(&err, ApiError::Conflict { reason } if reason.contains(&want)),
            "{err}"
        );
    }
    assert_eq!(
        fx.record.message(id).expect("get").state,
        MessageState::Delivered
    );
    assert!(matches!(
        fx.record.mark_read(404).unwrap_err(),
        ApiError::NotFound { what } if what == "request or message 404"
    ));
}

#[test]
fn one_open_request_per_recipient_per_24_hours() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T09:00:00Z"));
    let request = |fx: &mut Fixture, to: &str| {
        let id = fx
            .record
            .create_request("look_at_readings", to, &[], None)
            .expect("draft")
            .id;
        (id, fx.record.queue_request(id))
    };
    let (first, queued) = request(&mut fx, "Riverside Surgery");
    queued.expect("first request");
    fx.clock.advance(Duration::hours(2));
    let (second, refused) = request(&mut fx, "  riverside   SURGERY ");
    match refused.unwrap_err() {
        ApiError::RateLimited { retry_after, .. } => {
            assert_eq!(retry_after, utc("2026-11-25T09:00:00Z"));
        }
        other => panic!("{other}"),
    }
    assert_eq!(
        fx.record.message(second).expect("get").state,
        MessageState::Draft,
        "kept as a draft"
    );
    let (_, other_recipient) = request(&mut fx, "Diabetes nurse");
    other_recipient.expect("another recipient has its own limit");

    fx.clock.set(utc("2026-11-25T08:59:59Z"));
    assert!(matches!(
        fx.record.queue_request(second),
        Err(ApiError::RateLimited { .. })
    ));
    fx.clock.set(utc("2026-11-25T09:00:00Z"));
    fx.record.queue_request(second).expect("24 hours later");

    // An answered or cancelled request no longer counts.
    let (third, refused) = request(&mut fx, "Riverside Surgery");
    assert!(refused.is_err());
    fx.record.cancel_request(second).expect("cancel");
    fx.record
        .queue_request(third)
        .expect("after the open one was cancelled");
    let _ = first;
}

#[test]
fn the_limit_is_a_rule_the_person_can_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T09:00:00Z"));
    fx.record
        .change_rule(
            ids::REQUEST_LIMIT,
            &[("max_open_per_recipient".into(), "2".into())],
            Author::Person,
            false,
        )
        .expect("change");
    for expect_ok in [true, true, false] {
        let id = fx
            .record
            .create_request("explain_results", "Riverside Surgery", &[], None)
            .expect("draft")
            .id;
        assert_eq!(fx.record.queue_request(id).is_ok(), expect_ok);
    }
}

#[test]
fn requests_carry_only_live_entries_and_short_notes_from_known_presets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T09:00:00Z"));
    assert_eq!(request_presets().len(), 5);
    let med = fx.entry(EntryBody::Medication(Medication {
        name: "Ramipril 5 mg capsules".into(),
        dose: None,
        reason: None,
        origin: MedicationOrigin::Prescribed,
        status: MedicationStatus::Taking,
        code: None,
    }));
    let ok = fx
        .record
        .create_request("repeat_prescription", "Riverside Surgery", &[med], None)
        .expect("with entry");
    assert_eq!(ok.entries, vec![med]);
    assert!(matches!(
        fx.record
            .create_request("call_me_now", "Riverside Surgery", &[], None),
        Err(ApiError::NotFound { .. })
    ));
    let err = fx
        .record
        .create_request(
            "repeat_prescription",
            "Riverside Surgery",
            &[EntryId::new()],
            None,
        )
        .unwrap_err();
    assert!(
        matches!(err, ApiError::Invalid { ref field, .. } if field == "entries"),
        "{err}"
    );
    let err = fx
        .record
        .create_request(
            "look_at_readings",
            "Riverside Surgery",
            &[],
            Some("x".repeat(281)),
        )
        .unwrap_err();
    assert!(
        matches!(err, ApiError::Invalid { ref field, .. } if field == "note"),
        "{err}"
    );
    let err = fx
        .record
        .create_request("look_at_readings", " ", &[], None)
        .unwrap_err();
    assert!(
        matches!(err, ApiError::Invalid { ref field, .. } if field == "recipient"),
        "{err}"
    );
}

#[test]
fn messages_from_professionals_are_delivered_notified_and_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T09:00:00Z"));
    let m = fx
        .record
        .receive_message(
            "Riverside Surgery",
            InboundKind::ResultsArrived,
            "Your blood test results are back.",
        )
        .expect("receive");
    assert_eq!(m.direction, Direction::Inbound);
    assert_eq!(m.state, MessageState::Delivered);
    let due = fx.due();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].title, "Your results have arrived");
    let read = fx.record.mark_read(m.id).expect("read");
    assert_eq!(read.times.read_at, Some(fx.now()));
    assert_eq!(
        fx.record
            .messages(Some(Direction::Inbound))
            .expect("inbox")
            .len(),
        1
    );
    assert!(
        fx.record
            .messages(Some(Direction::Outbound))
            .expect("sent")
            .is_empty()
    );
    let fx = fx.reopen();
    assert_eq!(
        fx.record.message(m.id).expect("kept").state,
        MessageState::Read
    );
}

#[test]
fn questions_for_an_appointment_can_be_added_listed_asked_and_removed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fx = Fixture::new(dir.path(), utc("2026-11-24T09:00:00Z"));
    let appt = fx.entry(appointment(
        "Diabetes review",
        at("2026-12-01T10:00:00+00:00"),
    ));
    let other = fx.entry(appointment("Foot check", at("2026-12-08T10:00:00+00:00")));
    let q1 = fx
        .record
        .add_question(appt, "Can I drive after a hypo?")
        .expect("add");
    let q2 = fx
        .record
        .add_question(appt, "Should I change my evening dose?")
        .expect("add");
    fx.record
        .add_question(other, "Are my feet ok?")
        .expect("add");
    let list = fx.record.questions(appt).expect("list");
    assert_eq!(
        list.iter().map(|q| q.id).collect::<Vec<_>>(),
        vec![q1.id, q2.id]
    );

    let asked = fx.record.mark_question_asked(q1.id, true).expect("asked");
    assert_eq!(asked.asked_at, Some(fx.now()));
    fx.record.remove_question(q2.id).expect("remove");
    let mut fx = fx.reopen();
    let list = fx.record.questions(appt).expect("list");
    assert_eq!(list.len(), 1);
    assert!(list[0].asked_at.is_some());

    assert!(matches!(
        fx.record.remove_question(q2.id),
        Err(ApiError::NotFound { .. })
    ));
    let not_appointment = fx.entry(EntryBody::MyHistory(MyHistory { text: "x".into() }));
    for (id, text) in [(not_appointment, "Why?"), (appt, "  ")] {
        let err = fx.record.add_question(id, text).unwrap_err();
        assert!(matches!(err, ApiError::Invalid { .. }), "{err}");
    }
}
