//! The acceptance criterion: a simulated meter with 500 records and every quirk
//! switched on syncs into a record with exactly 500 readings, twice in a row.
//!
//! "500 records" means 500 distinct records stored on the meter: 500 different
//! (sequence number, time) pairs, counting those stored before and after its battery
//! change (numbered 0.. again) and across the wrap at 65535. LO/HI and control-solution
//! tests are records too: they become readings with flags. Repeated notifications,
//! a truncated notification and the vendor RACP's chatter are not records. "Every
//! quirk" is `--quirk all`: every meter quirk except `no-records`, which empties the
//! meter and so contradicts "500 records".

mod common;

use std::collections::HashSet;

use phr_core::api::{ReadingQuery, Record};
use phr_core::devices::gatt::{GlucoseMeasurement, OutOfRange};
use phr_core::devices::ingest::SyncOptions;
use phr_core::devices::session::{EndReason, Zone};
use phr_core::devices::transport::blocking;
use phr_core::devices::transport::simulated::{
    MeterQuirk, SimulatedLink, SimulatedMeter, SimulatedTransport,
};
use phr_core::model::{ReadingFlag, ReadingKind, Viewer};

fn every_quirk() -> Vec<MeterQuirk> {
    MeterQuirk::parse_list(&["all"]).expect("all")
}

fn options() -> SyncOptions {
    SyncOptions {
        zone: Zone::utc(),
        ..SyncOptions::default()
    }
}

/// Checks the record holds exactly the meter's records, each once.
fn assert_holds_exactly(record: &Record, meter: &SimulatedMeter) {
    let query = ReadingQuery {
        kind: Some(ReadingKind::BloodGlucose),
        ..ReadingQuery::default()
    };
    let readings = record.readings(&query, Viewer::Person).expect("readings");
    assert_eq!(readings.len(), 500);
    let slots: HashSet<_> = readings
        .iter()
        .map(|r| (r.reading.device_epoch, r.reading.sequence_number))
        .collect();
    assert_eq!(slots.len(), 500, "unique per (device, epoch, sequence)");
    let stored: HashSet<_> = readings
        .iter()
        .map(|r| (r.reading.sequence_number, r.reading.taken_at.naive_local()))
        .collect();
    let on_meter: HashSet<_> = meter
        .memory
        .records
        .iter()
        .map(|r| {
            (
                Some(u32::from(r.measurement.sequence_number)),
                r.measurement.user_facing_time().expect("time"),
            )
        })
        .collect();
    assert_eq!(on_meter.len(), 500, "the meter holds 500 distinct records");
    assert_eq!(stored, on_meter);
    let flagged = |f| {
        readings
            .iter()
            .filter(|r| r.reading.flags.contains(&f))
            .count()
    };
    let on_meter = |test: fn(&GlucoseMeasurement) -> bool| {
        meter
            .memory
            .records
            .iter()
            .filter(|r| test(&r.measurement))
            .count()
    };
    let lo = on_meter(|m| m.out_of_range() == Some(OutOfRange::Below));
    let hi = on_meter(|m| m.out_of_range() == Some(OutOfRange::Above));
    assert!(lo > 0 && hi > 0);
    assert_eq!(flagged(ReadingFlag::BelowDeviceRange), lo);
    assert_eq!(flagged(ReadingFlag::AboveDeviceRange), hi);
    assert_eq!(
        flagged(ReadingFlag::ControlSolution),
        on_meter(GlucoseMeasurement::is_control_solution)
    );
    // The last 10 % were taken with the clock five years ahead: the sync sees its clock
    // is off, so no reading of it is trusted for alerts or trends.
    assert!(
        flagged(ReadingFlag::TimeAhead) >= 50,
        "wrong clock on the last 10 %"
    );
    assert_eq!(flagged(ReadingFlag::DeviceClockOff), readings.len());
}

#[test]
fn a_meter_with_500_records_and_every_quirk_syncs_exactly_500_readings_twice_in_a_row() {
    let common::ClockedRecord {
        dir: _dir,
        mut record,
        clock,
    } = common::ClockedRecord::at(common::utc(2026, 11, 25, 12));
    let mut meter = SimulatedMeter::new(500, &every_quirk(), true);

    let first = SimulatedLink::new(&mut meter, clock.clone())
        .sync(&mut record, options())
        .expect("first sync");
    assert_eq!(first.added, 500, "{first:#?}");
    assert_eq!(first.end, Some(EndReason::Complete));
    assert!(
        first.attempts >= 2,
        "the link dropped once and the sync resumed"
    );
    assert!(first.new_epoch, "the battery change started a new epoch");
    assert_holds_exactly(&record, &meter);

    let second = SimulatedLink::new(&mut meter, clock)
        .sync(&mut record, options())
        .expect("second sync");
    assert_eq!(second.added, 0, "{second:#?}");
    assert_holds_exactly(&record, &meter);
}

#[test]
fn the_same_through_the_async_runner_as_phr_devices_simulate_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = common::new_record(dir.path());
    let reference = SimulatedMeter::new(500, &every_quirk(), true);
    for round in 0..2 {
        // A fresh simulated meter each time, as `phr devices simulate` makes one; the
        // same records, so the second run adds nothing.
        let meter = SimulatedMeter::new(500, &every_quirk(), true);
        let transport = SimulatedTransport::new(Box::new(meter));
        let report =
            blocking::sync_simulated(&mut record, transport, options(), &mut |_| {}).expect("sync");
        assert_eq!(
            report.added,
            if round == 0 { 500 } else { 0 },
            "{report:#?}"
        );
        assert_holds_exactly(&record, &reference);
    }
}
