//! A person corrects, hides and deletes readings; typed glucose that reads like the
//! wrong unit is questioned; other apps' readings never duplicate; cumulative kinds are
//! summed per day.

mod common;

use chrono::NaiveDate;
use common::*;
use phr_core::api::{ApiError, ReadingsPageRequest, TypedReading};
use phr_core::model::*;

fn typed(kind: ReadingKind, text: &str, when: &str) -> TypedReading {
    TypedReading {
        kind,
        text: text.into(),
        extras: TypedExtras::default(),
        taken_at: Some(at(when)),
        ended_at: None,
        context: ReadingContext::default(),
        note: None,
        visibility: Visibility::Shared,
    }
}

fn glucose_of(reading: &Reading) -> Option<f64> {
    match reading.reading.value {
        ReadingValue::BloodGlucose { mmol_per_l } => mmol_per_l,
        _ => None,
    }
}

#[test]
fn glucose_typed_like_mg_per_dl_is_questioned_and_nothing_is_stored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let when = "2026-11-30T08:00:00+00:00";

    let err = record
        .add_typed_reading(typed(ReadingKind::BloodGlucose, "54", when))
        .expect_err("54 with no unit is a question");
    match &err {
        ApiError::GlucoseUnitQuestion { .. } => {}
        other => panic!("expected the unit question, got {other:?}"),
    }
    let message = err.message();
    assert!(message.contains("5.4 mmol/L"), "{message}");
    assert!(message.contains("54 mg/dL"), "{message}");
    assert!(err.is_input());
    assert_eq!(
        record.reading_count(None, Viewer::Person).expect("count"),
        0
    );

    // Said with its unit, each is stored as meant, converted once in the core.
    let as_mg = record
        .add_typed_reading(typed(ReadingKind::BloodGlucose, "54 mg/dL", when))
        .expect("mg/dL");
    assert_eq!(glucose_of(&as_mg), Some(3.0));
    let as_mmol = record
        .add_typed_reading(typed(
            ReadingKind::BloodGlucose,
            "5.4mmol/L",
            "2026-11-30T09:00:00+00:00",
        ))
        .expect("mmol/L");
    assert_eq!(glucose_of(&as_mmol), Some(5.4));
    // Plain, in range: mmol/L.
    let plain = record
        .add_typed_reading(typed(
            ReadingKind::BloodGlucose,
            "6.1",
            "2026-11-30T10:00:00+00:00",
        ))
        .expect("plain");
    assert_eq!(glucose_of(&plain), Some(6.1));
}

#[test]
fn a_correction_is_a_new_version_with_its_history_and_moves_the_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let first = record
        .add_reading(glucose(5.0, "2026-11-30T08:00:00+00:00"))
        .expect("add");
    let corrected = record
        .correct_typed_reading(
            first.id,
            "7.0",
            &TypedExtras::default(),
            Some("typed the wrong number".into()),
            Author::Person,
        )
        .expect("correct");
    assert_eq!(corrected.version, 2);
    assert_eq!(glucose_of(&corrected), Some(7.0));
    assert_eq!(
        glucose_of(&record.reading(first.id).expect("read")),
        Some(7.0)
    );
    let history = record.reading_history(first.id).expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(glucose_of(&history[0].reading), Some(5.0));
    assert_eq!(history[0].reading.version, 1);

    let day = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    let summary = record
        .daily_summaries(ReadingKind::BloodGlucose, day, day, Viewer::Person)
        .expect("summary");
    assert_eq!(
        summary[0].mean,
        Some(7.0),
        "the summary follows the correction"
    );
    assert_eq!(
        record.reading_count(None, Viewer::Person).expect("count"),
        1
    );
}

#[test]
fn privacy_hides_a_reading_from_a_viewer_and_its_summaries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let shared = |mmol, when| NewReading {
        visibility: Visibility::Shared,
        ..glucose(mmol, when)
    };
    let kept = record
        .add_reading(shared(5.0, "2026-11-30T08:00:00+00:00"))
        .expect("add");
    let hidden = record
        .add_reading(shared(15.0, "2026-11-30T09:00:00+00:00"))
        .expect("add");
    record
        .set_reading_visibility(hidden.id, Visibility::Private, Author::Person)
        .expect("private");
    let page = record
        .readings_page(
            &ReadingsPageRequest {
                limit: 10,
                ..Default::default()
            },
            Viewer::Shared,
        )
        .expect("page");
    let ids: Vec<i64> = page.readings.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![kept.id]);
    assert!(matches!(
        record.reading_for(hidden.id, Viewer::Shared),
        Err(ApiError::NotFound { .. })
    ));
    let day = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    let shared = record
        .daily_summaries(ReadingKind::BloodGlucose, day, day, Viewer::Shared)
        .expect("summary");
    assert_eq!((shared[0].count, shared[0].mean), (1, Some(5.0)));
    let history = record.reading_history(hidden.id).expect("history");
    assert_eq!(history.len(), 1, "the privacy change is a version");
}

#[test]
fn a_deleted_reading_leaves_a_tombstone_in_the_changes_feed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let a = record
        .add_reading(glucose(5.0, "2026-11-30T08:00:00+00:00"))
        .expect("add");
    let b = record
        .add_reading(glucose(6.0, "2026-11-30T09:00:00+00:00"))
        .expect("add");
    let start = record
        .changes_since("", Viewer::Person, 100)
        .expect("changes");
    assert_eq!(start.readings_upserted.len(), 2);

    record.delete_reading(a.id, Author::Person).expect("delete");
    record
        .correct_reading(
            b.id,
            ReadingValue::BloodGlucose {
                mmol_per_l: Some(6.5),
            },
            None,
            Author::Person,
        )
        .expect("correct");
    let next = record
        .changes_since(&start.next_token, Viewer::Person, 100)
        .expect("changes");
    assert_eq!(next.readings_removed, vec![a.id]);
    assert_eq!(next.readings_upserted.len(), 1);
    assert_eq!(glucose_of(&next.readings_upserted[0]), Some(6.5));
    assert!(matches!(
        record.reading(a.id),
        Err(ApiError::NotFound { .. })
    ));
    // From the start, a deleted reading is simply absent.
    let all = record
        .changes_since("", Viewer::Person, 100)
        .expect("changes");
    assert!(all.readings_upserted.iter().all(|r| r.id != a.id));
}

fn from_app(steps: u32, start: &str, end: &str, client_id: &str, version: i64) -> NewReading {
    let mut r = NewReading::manual(ReadingValue::Steps { count: steps }, at(start));
    r.ended_at = Some(at(end));
    r.source = ReadingSource::App {
        name: "com.example.steps".into(),
    };
    r.client_record_id = Some(client_id.into());
    r.client_record_version = Some(version);
    r
}

#[test]
fn another_apps_readings_never_duplicate_and_a_newer_version_replaces() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let batch = vec![
        from_app(
            3000,
            "2026-11-30T08:00:00+00:00",
            "2026-11-30T09:00:00+00:00",
            "a",
            1,
        ),
        from_app(
            2000,
            "2026-11-30T12:00:00+00:00",
            "2026-11-30T13:00:00+00:00",
            "b",
            1,
        ),
    ];
    record.add_readings(&batch).expect("first sync");
    let again = record.add_readings(&batch).expect("second sync");
    assert!(again.ids.is_empty(), "a re-sync adds nothing: {again:?}");
    assert_eq!(
        record.reading_count(None, Viewer::Person).expect("count"),
        2
    );

    let newer = vec![from_app(
        3500,
        "2026-11-30T08:00:00+00:00",
        "2026-11-30T09:00:00+00:00",
        "a",
        2,
    )];
    record.add_readings(&newer).expect("newer version");
    assert_eq!(
        record.reading_count(None, Viewer::Person).expect("count"),
        2
    );
    let older = vec![from_app(
        10,
        "2026-11-30T08:00:00+00:00",
        "2026-11-30T09:00:00+00:00",
        "a",
        1,
    )];
    record.add_readings(&older).expect("older version ignored");

    // Steps are summed per day, not averaged.
    let day = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    let summary = record
        .daily_summaries(ReadingKind::Steps, day, day, Viewer::Person)
        .expect("summary");
    assert_eq!(summary[0].total, Some(5500.0), "{summary:?}");
    let page = record
        .readings_page(
            &ReadingsPageRequest {
                kind: Some(ReadingKind::Steps),
                limit: 10,
                ..Default::default()
            },
            Viewer::Person,
        )
        .expect("page");
    assert!(page.readings.iter().all(|r| matches!(
        &r.reading.source,
        ReadingSource::App { name } if name == "com.example.steps"
    )));
}
