//! Readings: batch ingest, device de-duplication, queries, and per-day summaries that
//! stay equal to what the rows say.

mod common;

use chrono::NaiveDate;
use common::*;
use phr_core::api::{ApiError, ReadingQuery};
use phr_core::model::*;

fn device() -> DeviceIdentity {
    DeviceIdentity {
        id: "SN-1234".into(),
        manufacturer: Some("Acme".into()),
        model: Some("Meter 1".into()),
    }
}

fn device_reading(seq: u32, mmol: f64, when: &str) -> NewReading {
    let mut r = glucose(mmol, when);
    r.source = ReadingSource::Device;
    r.device = Some(device());
    r.sequence_number = Some(seq);
    r
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("date")
}

#[test]
fn a_resync_adds_nothing_and_reports_duplicates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let batch: Vec<_> = (0..500)
        .map(|i| {
            device_reading(
                i,
                5.0 + f64::from(i % 30) / 10.0,
                "2026-11-20T08:00:00+00:00",
            )
        })
        .collect();
    let first = record.add_readings(&batch).expect("ingest");
    assert_eq!((first.added, first.duplicates), (500, 0));
    let second = record.add_readings(&batch).expect("re-sync");
    assert_eq!((second.added, second.duplicates), (0, 500));
    assert_eq!(
        record
            .reading_count(Some(ReadingKind::BloodGlucose), Viewer::Person)
            .expect("count"),
        500
    );
    let summary = record
        .daily_summaries(ReadingKind::BloodGlucose, day(20), day(20), Viewer::Person)
        .expect("summary");
    assert_eq!(summary[0].count, 500, "duplicates do not move the summary");
}

#[test]
fn a_new_epoch_keeps_records_with_reused_sequence_numbers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let old = device_reading(1, 6.0, "2026-11-01T08:00:00+00:00");
    let mut after_battery_change = device_reading(1, 7.0, "2026-11-10T08:00:00+00:00");
    after_battery_change.device_epoch = 1;
    let report = record
        .add_readings(&[old, after_battery_change])
        .expect("ingest");
    assert_eq!(report.added, 2);
}

#[test]
fn an_invalid_reading_in_a_batch_stores_none_and_names_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let batch = vec![
        glucose(5.0, "2026-11-20T08:00:00+00:00"),
        glucose(540.0, "2026-11-20T09:00:00+00:00"),
    ];
    match record.add_readings(&batch) {
        Err(ApiError::Invalid { field: f, .. }) => assert_eq!(f, "readings[1].mmol_per_l"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        record.reading_count(None, Viewer::Person).expect("count"),
        0
    );
}

#[test]
fn every_kind_round_trips_through_its_typed_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let values = vec![
        ReadingValue::BloodGlucose {
            mmol_per_l: Some(5.4),
        },
        ReadingValue::BloodPressure {
            systolic_mmhg: 128.0,
            diastolic_mmhg: 82.0,
            mean_arterial_mmhg: Some(97.0),
            pulse_per_min: Some(66.0),
        },
        ReadingValue::HeartRate { per_min: 61.0 },
        ReadingValue::Weight { kg: 82.35 },
        ReadingValue::Steps { count: 8123 },
        ReadingValue::Sleep {
            minutes: 412,
            quality: Some(7),
        },
        ReadingValue::Mood { score: 6 },
        ReadingValue::Alcohol { units: 2.1 },
        ReadingValue::Stress { score: 3 },
        ReadingValue::MenstrualCycle {
            flow: MenstrualFlow::Medium,
        },
        ReadingValue::SideEffect {
            description: "Dizzy after the new tablets".into(),
            severity: 4,
            medication: Some("Ramipril".into()),
        },
    ];
    for value in values {
        let mut new = NewReading::manual(value, at("2026-11-24T21:15:00+01:00"));
        // Flags come back in their canonical (bit) order.
        new.flags = vec![ReadingFlag::TimeUncertain, ReadingFlag::AfterMeal];
        new.note = Some("note".into());
        new.visibility = Visibility::Shared;
        let stored = record.add_reading(new.clone()).expect("add");
        assert_eq!(stored.reading, new);
        assert_eq!(record.reading(stored.id).expect("read back").reading, new);
    }
}

#[test]
fn lo_readings_are_kept_without_a_value_and_control_solution_is_not_summarised() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let mut lo = NewReading::manual(
        ReadingValue::BloodGlucose { mmol_per_l: None },
        at("2026-11-21T07:00:00+00:00"),
    );
    lo.flags.push(ReadingFlag::BelowDeviceRange);
    let mut control = glucose(10.0, "2026-11-21T08:00:00+00:00");
    control.flags.push(ReadingFlag::ControlSolution);
    let normal = glucose(6.0, "2026-11-21T09:00:00+00:00");
    record.add_readings(&[lo, control, normal]).expect("ingest");
    let s = record
        .daily_summaries(ReadingKind::BloodGlucose, day(21), day(21), Viewer::Person)
        .expect("summary");
    assert_eq!(
        s[0].count, 2,
        "LO counts as a reading, control solution does not"
    );
    assert_eq!(s[0].mean, Some(6.0));
    assert_eq!(s[0].min, Some(6.0));
}

#[test]
fn summaries_use_the_local_day_and_match_the_rows_after_deletes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    // 23:30 at UTC-05:00 is the 20th locally although the 21st in UTC.
    let late = record
        .add_reading(glucose(9.0, "2026-11-20T23:30:00-05:00"))
        .expect("add");
    record
        .add_reading(glucose(5.0, "2026-11-20T08:00:00-05:00"))
        .expect("add");
    record
        .add_reading(glucose(4.0, "2026-11-21T08:00:00+00:00"))
        .expect("add");
    let s = record
        .daily_summaries(ReadingKind::BloodGlucose, day(19), day(22), Viewer::Person)
        .expect("summary");
    assert_eq!(
        s.iter().map(|d| (d.date, d.count)).collect::<Vec<_>>(),
        vec![(day(20), 2), (day(21), 1)]
    );
    assert_eq!(
        (s[0].min, s[0].max, s[0].mean),
        (Some(5.0), Some(9.0), Some(7.0))
    );

    record
        .delete_reading(late.id, Author::Person)
        .expect("delete");
    let s = record
        .daily_summaries(ReadingKind::BloodGlucose, day(20), day(20), Viewer::Person)
        .expect("summary");
    assert_eq!(
        (s[0].count, s[0].max),
        (1, Some(5.0)),
        "max recomputed after delete"
    );
    assert!(matches!(
        record.delete_reading(late.id, Author::Person),
        Err(ApiError::NotFound { .. })
    ));
}

#[test]
fn a_hidden_reading_never_moves_a_shared_average() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let mut shared = glucose(6.0, "2026-11-22T08:00:00+00:00");
    shared.visibility = Visibility::Shared;
    let private = glucose(12.0, "2026-11-22T09:00:00+00:00");
    record.add_readings(&[shared, private]).expect("ingest");
    let mean = |record: &phr_core::api::Record, viewer| {
        record
            .daily_summaries(ReadingKind::BloodGlucose, day(22), day(22), viewer)
            .expect("summary")[0]
            .mean
    };
    assert_eq!(mean(&record, Viewer::Person), Some(9.0));
    assert_eq!(mean(&record, Viewer::Shared), Some(6.0));
    assert!(
        record
            .daily_summaries(
                ReadingKind::BloodGlucose,
                day(22),
                day(22),
                Viewer::Emergency
            )
            .expect("summary")
            .is_empty()
    );
    let listed = record
        .readings(&ReadingQuery::default(), Viewer::Shared)
        .expect("list");
    assert_eq!(listed.len(), 1);

    let id = record
        .readings(&ReadingQuery::default(), Viewer::Person)
        .expect("list")[1]
        .id;
    record
        .set_reading_visibility(id, Visibility::Shared, Author::Person)
        .expect("share");
    assert_eq!(mean(&record, Viewer::Shared), Some(9.0));
}

#[test]
fn queries_filter_by_kind_and_time_and_limit_newest_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    for h in 0..10 {
        record
            .add_reading(glucose(
                5.0 + f64::from(h) / 10.0,
                &format!("2026-11-23T{h:02}:00:00+00:00"),
            ))
            .expect("add");
    }
    record
        .add_reading(NewReading::manual(
            ReadingValue::Weight { kg: 80.0 },
            at("2026-11-23T05:30:00+00:00"),
        ))
        .expect("weight");
    let q = ReadingQuery {
        kind: Some(ReadingKind::BloodGlucose),
        from: Some(utc(2026, 11, 23, 2)),
        to: Some(utc(2026, 11, 23, 5)),
        limit: None,
    };
    let got: Vec<_> = record
        .readings(&q, Viewer::Person)
        .expect("list")
        .iter()
        .map(|r| r.reading.value.primary())
        .collect();
    assert_eq!(got, vec![Some(5.2), Some(5.3), Some(5.4)]);
    let latest = record
        .readings(
            &ReadingQuery {
                limit: Some(2),
                kind: Some(ReadingKind::BloodGlucose),
                ..Default::default()
            },
            Viewer::Person,
        )
        .expect("latest");
    assert_eq!(latest[0].reading.value.primary(), Some(5.9));
    assert_eq!(latest.len(), 2);
}

#[test]
fn device_identity_and_sync_state_are_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    record
        .add_reading(device_reading(7, 5.5, "2026-11-23T08:00:00+00:00"))
        .expect("add");
    // Where a sync ended is saved by syncs (device tests); a reading makes the device known.
    let state = record
        .device_sync_state("SN-1234")
        .expect("state")
        .expect("known device");
    assert_eq!(state.last_sequence, None);
    assert_eq!(state.device.model.as_deref(), Some("Meter 1"));
    assert_eq!(record.devices().expect("devices").len(), 1);
}
