//! Readings whose time cannot be trusted (issue 9, 1): a meter whose clock is five years
//! fast, a reading typed for next year, an app's reading dated ahead. They are kept and
//! shown with a note, but never fire a rule, never count as the latest reading, never
//! silence a missed-reading reminder and never move a summary; the sync tells the person
//! once; a clock correction moves them back.

mod common;

use chrono::{DateTime, Duration, Utc};
use phr_core::api::TypedReading;
use phr_core::devices::ingest::{SyncOptions, SyncReport};
use phr_core::devices::session::Zone;
use phr_core::devices::transport::simulated::{MeterQuirk, SimulatedLink, SimulatedMeter};
use phr_core::model::{
    Author, NewReading, ReadingFlag, ReadingKind, ReadingSource, ReadingValue, TypedExtras, Viewer,
};
use phr_core::rules::ids;
use phr_core::{ApiError, Record};

fn options() -> SyncOptions {
    SyncOptions {
        zone: Zone::utc(),
        ..SyncOptions::default()
    }
}

fn sync(fx: &mut common::ClockedRecord, meter: &mut SimulatedMeter) -> SyncReport {
    SimulatedLink::new(meter, fx.clock.clone())
        .sync(&mut fx.record, options())
        .expect("sync")
}

/// When a simulated meter took record `i` (UTC, as the zone above places it).
fn record_time(meter: &SimulatedMeter, i: usize) -> DateTime<Utc> {
    meter.memory.records[i]
        .measurement
        .user_facing_time()
        .expect("time")
        .and_utc()
}

fn of_rule(record: &Record, rule: &str) -> usize {
    record
        .notifications(true)
        .expect("notifications")
        .iter()
        .filter(|n| n.rule_id == rule)
        .count()
}

/// Records on the simulated meter: the last, record 460, is a LO (every 50th from 10).
const RECORDS: usize = 461;

/// The record's clock an hour after the simulated meter's last record was really taken,
/// so that its LO is recent enough to alert.
fn clock_for_lo_460() -> (SimulatedMeter, DateTime<Utc>) {
    let honest = SimulatedMeter::new(RECORDS, &[MeterQuirk::LoHi], false);
    let now = record_time(&honest, 460) + Duration::hours(1);
    (honest, now)
}

#[test]
fn an_honest_meters_recent_lo_alerts_so_the_next_test_can_fail() {
    let (mut meter, now) = clock_for_lo_460();
    let mut fx = common::ClockedRecord::at(now);
    sync(&mut fx, &mut meter);
    assert!(of_rule(&fx.record, ids::GLUCOSE_LOW) >= 1);
    assert_eq!(of_rule(&fx.record, ids::DEVICE_CLOCK), 0);
}

#[test]
fn a_meter_five_years_fast_raises_no_glucose_alert_and_one_clock_alert() {
    let (_, now) = clock_for_lo_460();
    let mut fx = common::ClockedRecord::at(now);
    let mut meter =
        SimulatedMeter::new(RECORDS, &[MeterQuirk::WrongClock, MeterQuirk::LoHi], false);
    let report = sync(&mut fx, &mut meter);
    assert_eq!(report.added as usize, RECORDS);
    assert!(report.clock.expect("clock").is_off());
    assert_eq!(of_rule(&fx.record, ids::GLUCOSE_LOW), 0);
    assert_eq!(of_rule(&fx.record, ids::GLUCOSE_HIGH), 0);
    assert_eq!(of_rule(&fx.record, ids::DEVICE_CLOCK), 1);
    let clock = fx
        .record
        .notifications(true)
        .expect("notifications")
        .into_iter()
        .find(|n| n.rule_id == ids::DEVICE_CLOCK)
        .expect("clock alert");
    assert!(clock.detail.contains("years"), "{}", clock.detail);
    // A second sync finds nothing new and tells the person nothing twice.
    let again = sync(&mut fx, &mut meter);
    assert_eq!(again.added, 0);
    assert_eq!(of_rule(&fx.record, ids::DEVICE_CLOCK), 1);
    // The readings are kept and shown with the note, but none counts.
    let overview = fx
        .record
        .overview(now.date_naive(), Viewer::Person)
        .expect("overview");
    let glucose = overview
        .iter()
        .find(|o| o.kind == ReadingKind::BloodGlucose)
        .expect("glucose");
    assert_eq!(glucose.count, RECORDS as u64);
    assert_eq!(glucose.time_untrusted, RECORDS as u64);
    assert!(glucose.latest.is_none(), "no reading of it is 'the latest'");
    assert_eq!(glucose.month.days_with_readings, 0, "nor moves a window");
    let any = fx.record.reading(1).expect("reading");
    let view = fx.record.reading_view(any);
    assert!(!view.time_trusted);
    assert!(
        view.time_note.expect("note").contains("clock may be wrong"),
        "plain note"
    );
}

#[test]
fn a_clock_read_from_the_meter_can_be_corrected_and_then_counts_again() {
    let (_, now) = clock_for_lo_460();
    let mut fx = common::ClockedRecord::at(now);
    let mut meter =
        SimulatedMeter::new(RECORDS, &[MeterQuirk::WrongClock, MeterQuirk::LoHi], false)
            .with_clock(now.naive_utc());
    let report = sync(&mut fx, &mut meter);
    let clock = report.clock.expect("clock");
    assert_eq!(clock.source, phr_core::api::ClockSource::CurrentTime);
    let sync_id = report.sync_id.expect("sync");
    let offer = fx
        .record
        .clock_correction_offer(sync_id)
        .expect("offer")
        .expect("a correction is offered");
    // The clock jumped before record 415 (the last tenth): those 46 move, the others
    // were right.
    assert_eq!(offer.readings, 46);
    assert_eq!(fx.record.clock_corrections().expect("list").len(), 1);
    let moved = fx
        .record
        .correct_device_clock(sync_id, Author::Person)
        .expect("correct");
    assert_eq!(moved.len(), 46);
    assert!(fx.record.clock_corrections().expect("list").is_empty());
    // Corrected, the recent LO is a trusted reading again and alerts.
    assert!(of_rule(&fx.record, ids::GLUCOSE_LOW) >= 1);
    let r = fx.record.reading(moved[20]).expect("moved");
    assert!(r.reading.flags.contains(&ReadingFlag::TimeCorrected));
    assert!(r.reading.time_trusted());
    assert!(
        r.reading.taken_at.to_utc() <= now,
        "no longer in the future"
    );
    // Its earlier time is in its history, and a correction cannot be made twice.
    assert_eq!(
        fx.record.reading_history(moved[20]).expect("history").len(),
        1
    );
    assert!(matches!(
        fx.record.correct_device_clock(sync_id, Author::Person),
        Err(ApiError::Conflict { .. })
    ));
    // The meter still knows the records by its own times: a resync adds nothing.
    assert_eq!(sync(&mut fx, &mut meter).added, 0);
}

#[test]
fn a_reading_typed_for_next_year_is_refused() {
    let now = common::utc(2026, 12, 1, 9);
    let mut fx = common::ClockedRecord::at(now);
    let next_year = (now + Duration::days(365)).fixed_offset();
    let err = fx
        .record
        .add_typed_reading(TypedReading {
            kind: ReadingKind::BloodGlucose,
            text: "2.2".into(),
            extras: TypedExtras::default(),
            taken_at: Some(next_year),
            ended_at: None,
            context: Default::default(),
            note: None,
            visibility: Default::default(),
        })
        .expect_err("refused");
    match err {
        ApiError::Invalid { field, reason } => {
            assert_eq!(field, "taken_at");
            assert!(reason.contains("in the future"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        fx.record
            .reading_count(None, Viewer::Person)
            .expect("count"),
        0
    );
    assert!(fx.record.notifications(true).expect("n").is_empty());
    // Ten minutes of clock difference are tolerated.
    let soon = (now + Duration::minutes(9)).fixed_offset();
    fx.record
        .add_reading(common::glucose(5.2, &soon.to_rfc3339()))
        .expect("nine minutes ahead is fine");
}

#[test]
fn an_apps_reading_dated_ahead_is_kept_but_never_acts() {
    let now = common::utc(2026, 12, 1, 9);
    let mut fx = common::ClockedRecord::at(now);
    // Monitoring: a reading a day for a week, the last two days ago.
    for d in 3..10 {
        let t = (now - Duration::days(d)).fixed_offset().to_rfc3339();
        fx.record
            .add_reading(common::glucose(6.0, &t))
            .expect("add");
    }
    let mut ahead = NewReading::manual(
        ReadingValue::BloodGlucose {
            mmol_per_l: Some(2.1),
        },
        (now + Duration::days(365 * 5)).fixed_offset(),
    );
    ahead.source = ReadingSource::App {
        name: "org.example.meter-app".into(),
    };
    let stored = fx.record.add_reading(ahead).expect("kept");
    assert!(stored.reading.flags.contains(&ReadingFlag::TimeAhead));
    // No alert from it, even though 2.1 is a serious hypo.
    assert_eq!(of_rule(&fx.record, ids::GLUCOSE_LOW), 0);
    // It is not "the latest" reading, and moves no summary.
    let latest = fx
        .record
        .overview(now.date_naive(), Viewer::Person)
        .expect("overview")
        .into_iter()
        .find(|o| o.kind == ReadingKind::BloodGlucose)
        .and_then(|o| o.latest)
        .expect("latest");
    assert_eq!(latest.reading.reading.value.primary(), Some(6.0));
    let future_day = (now + Duration::days(365 * 5)).date_naive();
    assert!(
        fx.record
            .daily_summaries(
                ReadingKind::BloodGlucose,
                future_day,
                future_day,
                Viewer::Person
            )
            .expect("summaries")
            .is_empty()
    );
    // And it does not silence the missed-reading reminder: three days without a
    // trusted reading still remind.
    fx.clock.set(now + Duration::days(1));
    let due = fx.record.due_notifications(fx.record.now()).expect("due");
    assert!(
        due.iter().any(|n| n.rule_id == ids::MISSED_BLOOD_GLUCOSE),
        "{due:?}"
    );
}
