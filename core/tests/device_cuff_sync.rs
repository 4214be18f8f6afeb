//! Blood-pressure cuff syncs against the simulated cuff, one test per quirk.

mod common;

use phr_core::api::ReadingQuery;
use phr_core::devices::ingest::{SyncOptions, SyncReport, synthesized_sequence};
use phr_core::devices::session::{EndReason, Phase, Zone};
use phr_core::devices::transport::simulated::{CuffQuirk, SimulatedCuff, SimulatedLink};
use phr_core::model::{Reading, ReadingFlag, ReadingKind, ReadingValue, Viewer};

type Fixture = common::ClockedRecord;

fn fixture() -> Fixture {
    common::ClockedRecord::at(common::utc(2026, 11, 25, 12))
}

fn sync(fx: &mut Fixture, cuff: &mut SimulatedCuff) -> SyncReport {
    let options = SyncOptions {
        zone: Zone::utc(),
        ..SyncOptions::default()
    };
    SimulatedLink::new(cuff, fx.clock.clone())
        .sync(&mut fx.record, options)
        .expect("sync")
}

fn readings(fx: &Fixture) -> Vec<Reading> {
    let query = ReadingQuery {
        kind: Some(ReadingKind::BloodPressure),
        ..ReadingQuery::default()
    };
    fx.record
        .readings(&query, Viewer::Person)
        .expect("readings")
}

fn values(fx: &Fixture) -> Vec<(f64, f64, Option<f64>, Option<f64>)> {
    readings(fx)
        .into_iter()
        .map(|r| match r.reading.value {
            ReadingValue::BloodPressure {
                systolic_mmhg,
                diastolic_mmhg,
                mean_arterial_mmhg,
                pulse_per_min,
            } => (
                systolic_mmhg,
                diastolic_mmhg,
                mean_arterial_mmhg,
                pulse_per_min,
            ),
            other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn stored_readings_arrive_and_a_second_sync_adds_nothing() {
    let mut fx = fixture();
    let mut cuff = SimulatedCuff::new(12, &[]);
    let report = sync(&mut fx, &mut cuff);
    assert_eq!((report.added, report.end), (12, Some(EndReason::Complete)));
    let all = readings(&fx);
    assert_eq!(all.len(), 12);
    let first = &all[0].reading;
    assert_eq!(
        first.device.as_ref().map(|d| d.id.as_str()),
        Some("SIM-BPM-0001")
    );
    assert_eq!(
        first.sequence_number,
        Some(synthesized_sequence(&cuff.readings[0])),
        "the sequence number is made from the time"
    );
    assert_eq!(first.taken_at.to_rfc3339(), "2026-02-02T07:00:00+00:00");
    assert!(
        all.iter()
            .any(|r| r.reading.flags.contains(&ReadingFlag::IrregularPulse))
    );
    assert!(
        all.iter()
            .any(|r| r.reading.flags.contains(&ReadingFlag::BodyMovement))
    );
    assert_eq!(all[0].reading.note.as_deref(), Some("cuff user 1"));
    let again = sync(&mut fx, &mut cuff);
    assert_eq!((again.added, again.already_stored), (0, 12));
    assert_eq!(readings(&fx).len(), 12);
}

#[test]
fn the_cuff_clock_is_set_through_current_time() {
    let mut fx = fixture();
    let mut cuff = SimulatedCuff::new(2, &[]);
    sync(&mut fx, &mut cuff);
    let clock = cuff.clock().expect("clock written");
    assert_eq!(clock.date_time.year, 2026);
    assert_eq!((clock.date_time.month, clock.date_time.day), (11, 25));
}

#[test]
fn a_cuff_without_current_time_still_syncs() {
    let mut fx = fixture();
    let mut cuff = SimulatedCuff::new(4, &[CuffQuirk::NoCurrentTime]);
    assert_eq!(sync(&mut fx, &mut cuff).added, 4);
    assert!(cuff.clock().is_none());
}

#[test]
fn a_big_endian_cuff_is_decoded_by_its_advertised_name() {
    let mut reference = fixture();
    sync(&mut reference, &mut SimulatedCuff::new(8, &[]));
    let mut fx = fixture();
    let mut cuff = SimulatedCuff::new(8, &[CuffQuirk::BigEndian]);
    let report = sync(&mut fx, &mut cuff);
    assert_eq!(report.added, 8);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(
        values(&fx),
        values(&reference),
        "pulse read the right way round"
    );
}

#[test]
fn a_mean_arterial_pressure_of_0_is_not_measured() {
    let mut fx = fixture();
    sync(&mut fx, &mut SimulatedCuff::new(5, &[CuffQuirk::MapZero]));
    assert!(values(&fx).iter().all(|v| v.2.is_none()));
}

#[test]
fn an_implausible_pulse_is_dropped_and_the_pressures_kept() {
    let mut fx = fixture();
    let report = sync(
        &mut fx,
        &mut SimulatedCuff::new(20, &[CuffQuirk::ImplausiblePulse]),
    );
    assert_eq!(report.added, 20);
    let without_pulse = values(&fx).iter().filter(|v| v.3.is_none()).count();
    assert_eq!(without_pulse, 2, "readings 9 and 19");
    assert_eq!(report.skipped.len(), 2);
    assert!(report.skipped[0].reason.contains("pulse 400"));
}

#[test]
fn readings_from_a_cuff_without_a_clock_are_flagged_and_still_stored_once() {
    let mut fx = fixture();
    let mut cuff = SimulatedCuff::new(6, &[CuffQuirk::NoClock]);
    assert_eq!(sync(&mut fx, &mut cuff).added, 6);
    let all = readings(&fx);
    assert!(
        all.iter()
            .all(|r| r.reading.flags.contains(&ReadingFlag::TimeUncertain))
    );
    assert!(
        all.iter()
            .all(|r| r.reading.sequence_number.is_some_and(|s| s >= 1 << 31))
    );
    fx.clock.advance(chrono::TimeDelta::days(1));
    assert_eq!(
        sync(&mut fx, &mut cuff).added,
        0,
        "deduplicated by their bytes"
    );
}

#[test]
fn an_error_reading_is_skipped_with_a_reason() {
    let mut fx = fixture();
    let report = sync(
        &mut fx,
        &mut SimulatedCuff::new(6, &[CuffQuirk::ErrorReading]),
    );
    assert_eq!(report.added, 6);
    assert_eq!(report.skipped.len(), 1);
    assert!(report.skipped[0].reason.contains("error reading"));
}

#[test]
fn repeated_indications_are_stored_once() {
    let mut fx = fixture();
    let report = sync(
        &mut fx,
        &mut SimulatedCuff::new(10, &[CuffQuirk::Duplicates]),
    );
    assert_eq!((report.added, report.repeats_dropped), (10, 2));
}

#[test]
fn a_cuff_that_stays_connected_is_done_after_a_few_idle_seconds() {
    let mut fx = fixture();
    let started = phr_core::clock::Clock::now(&fx.clock);
    let report = sync(
        &mut fx,
        &mut SimulatedCuff::new(5, &[CuffQuirk::StaysConnected]),
    );
    assert_eq!((report.added, report.end), (5, Some(EndReason::Complete)));
    let waited = phr_core::clock::Clock::now(&fx.clock) - started;
    assert!(waited >= chrono::TimeDelta::seconds(5) && waited < chrono::TimeDelta::seconds(6));
}

#[test]
fn intermediate_cuff_pressure_is_progress_not_a_reading() {
    let mut fx = fixture();
    let mut cuff = SimulatedCuff::new(3, &[]);
    let mut pressures = Vec::new();
    let options = SyncOptions {
        zone: Zone::utc(),
        ..SyncOptions::default()
    };
    SimulatedLink::new(&mut cuff, fx.clock.clone())
        .sync_with(&mut fx.record, options, &mut |p| {
            if let Some(mmhg) = p.cuff_pressure_mmhg {
                assert_eq!(p.phase, Phase::Transferring);
                pressures.push(mmhg);
            }
            true
        })
        .expect("sync");
    assert_eq!(pressures, vec![180.0, 160.0, 140.0, 120.0, 100.0]);
    assert_eq!(readings(&fx).len(), 3);
}

#[test]
fn every_cuff_quirk_at_once_still_stores_each_reading_once() {
    let mut fx = fixture();
    let all = CuffQuirk::parse_list(&["all"]).expect("all");
    let mut cuff = SimulatedCuff::new(30, &all);
    let report = sync(&mut fx, &mut cuff);
    assert_eq!(report.added, 30, "{report:#?}");
    assert_eq!(sync(&mut fx, &mut cuff).added, 0);
}
