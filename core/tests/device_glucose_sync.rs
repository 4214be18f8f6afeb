//! Glucose meter syncs against the simulated meter, one test per quirk the session
//! must survive (BLE.md, "Seen on real devices"), on a virtual-time link.

mod common;

use chrono::Utc;
use phr_core::api::ReadingQuery;
use phr_core::clock::ManualClock;
use phr_core::devices::ingest::{SyncOptions, SyncReport};
use phr_core::devices::session::{EndReason, Phase, Zone};
use phr_core::devices::transport::simulated::{MeterQuirk, SimulatedLink, SimulatedMeter};
use phr_core::model::{Reading, ReadingFlag, ReadingKind, ReadingSource, ReadingValue, Viewer};

type Fixture = common::ClockedRecord;

fn fixture() -> Fixture {
    common::ClockedRecord::at(common::utc(2026, 11, 25, 12))
}

fn options() -> SyncOptions {
    SyncOptions {
        zone: Zone::utc(),
        ..SyncOptions::default()
    }
}

fn sync(fx: &mut Fixture, meter: &mut SimulatedMeter) -> SyncReport {
    sync_with(fx, meter, options())
}

fn sync_with(fx: &mut Fixture, meter: &mut SimulatedMeter, options: SyncOptions) -> SyncReport {
    SimulatedLink::new(meter, fx.clock.clone())
        .sync(&mut fx.record, options)
        .expect("sync")
}

fn readings(fx: &Fixture) -> Vec<Reading> {
    let query = ReadingQuery {
        kind: Some(ReadingKind::BloodGlucose),
        ..ReadingQuery::default()
    };
    fx.record
        .readings(&query, Viewer::Person)
        .expect("readings")
}

fn with_flag(fx: &Fixture, flag: ReadingFlag) -> Vec<Reading> {
    readings(fx)
        .into_iter()
        .filter(|r| r.reading.flags.contains(&flag))
        .collect()
}

#[test]
fn first_sync_stores_every_record_with_device_provenance() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(20, &[], false);
    let report = sync(&mut fx, &mut meter);
    assert_eq!((report.received, report.added), (20, 20));
    assert_eq!(report.end, Some(EndReason::Complete));
    assert_eq!((report.epoch, report.last_sequence), (0, Some(19)));
    let all = readings(&fx);
    assert_eq!(all.len(), 20);
    let r = &all[0].reading;
    assert_eq!(r.source, ReadingSource::Device);
    let device = r.device.as_ref().expect("device");
    assert_eq!(device.id, "SIM-GLU-0001");
    assert_eq!(device.manufacturer.as_deref(), Some("PHR Simulator"));
    assert_eq!(device.model.as_deref(), Some("Glucose Meter (simulated)"));
    assert_eq!((r.sequence_number, r.device_epoch), (Some(0), 0));
    assert!(r.received_at.is_some());
    // 70 mg/dL = 3.885 mmol/L (GLS: kg/L x 10^5 = mg/dL; / 18.016).
    let ReadingValue::BloodGlucose {
        mmol_per_l: Some(v),
    } = r.value
    else {
        panic!("{:?}", r.value)
    };
    assert!((v - 70.0 / 18.016).abs() < 1e-9, "{v}");
    let state = fx
        .record
        .device_sync_state("SIM-GLU-0001")
        .expect("state")
        .expect("known device");
    assert_eq!((state.epoch, state.last_sequence), (0, Some(19)));
}

#[test]
fn a_second_sync_adds_nothing() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(30, &[], true);
    assert_eq!(sync(&mut fx, &mut meter).added, 30);
    let again = sync(&mut fx, &mut meter);
    assert_eq!(again.added, 0);
    assert_eq!(again.end, Some(EndReason::NoRecords));
    assert_eq!(readings(&fx).len(), 30);
}

#[test]
fn new_records_are_asked_for_from_the_last_stored_sequence() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(30, &[], false);
    sync(&mut fx, &mut meter);
    meter.memory.push_records(5);
    let report = sync(&mut fx, &mut meter);
    // Records >= 29 are asked for: the last stored one again, to check it is the same.
    assert_eq!(
        (report.received, report.added, report.already_stored),
        (6, 5, 1)
    );
    assert_eq!(report.expected, Some(6), "29 to the newest, 34");
    assert_eq!(report.last_sequence, Some(34));
    assert_eq!(readings(&fx).len(), 35);
}

#[test]
fn duplicate_notifications_are_stored_once() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(40, &[MeterQuirk::Duplicates], true);
    let report = sync(&mut fx, &mut meter);
    assert_eq!(report.added, 40);
    assert!(report.repeats_dropped > 0);
    assert_eq!(readings(&fx).len(), 40);
}

#[test]
fn out_of_order_notifications_keep_contexts_paired() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(40, &[MeterQuirk::OutOfOrder], true);
    let report = sync(&mut fx, &mut meter);
    assert_eq!(report.added, 40);
    // Every third record has a meal context; bedtime and casual go to the note.
    for r in readings(&fx) {
        let seq = r.reading.sequence_number.expect("sequence");
        let has_context = r.reading.flags.iter().any(|f| {
            matches!(
                f,
                ReadingFlag::BeforeMeal | ReadingFlag::AfterMeal | ReadingFlag::Fasting
            )
        }) || r
            .reading
            .note
            .as_deref()
            .is_some_and(|n| n.contains("meal"));
        assert_eq!(has_context, seq % 3 == 0, "record {seq}");
    }
}

#[test]
fn meal_contexts_become_flags_and_the_rest_a_note() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(15, &[], true);
    sync(&mut fx, &mut meter);
    let by_seq = |s: u32| {
        readings(&fx)
            .into_iter()
            .find(|r| r.reading.sequence_number == Some(s))
            .expect("reading")
            .reading
    };
    assert!(by_seq(0).flags.contains(&ReadingFlag::BeforeMeal));
    assert!(
        by_seq(0)
            .note
            .as_deref()
            .is_some_and(|n| n.contains("carbohydrate 45 g"))
    );
    assert!(by_seq(3).flags.contains(&ReadingFlag::AfterMeal));
    assert!(by_seq(6).flags.contains(&ReadingFlag::Fasting));
    assert_eq!(
        by_seq(9).note.as_deref(),
        Some("from the meter: meal: bedtime")
    );
    assert!(by_seq(1).note.is_none());
}

#[test]
fn a_disconnect_mid_transfer_keeps_what_arrived_and_the_next_sync_resumes() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(50, &[MeterQuirk::Disconnect], false);
    let one_connection = SyncOptions {
        max_attempts: 1,
        ..options()
    };
    let first = sync_with(&mut fx, &mut meter, one_connection);
    assert_eq!(
        first.end,
        Some(EndReason::Disconnected {
            during_transfer: true
        })
    );
    assert_eq!(first.added, 20, "40 % of 50 arrived before the drop");
    assert_eq!(first.last_sequence, Some(19));
    let second = sync_with(&mut fx, &mut meter, one_connection);
    assert_eq!((second.added, second.end), (30, Some(EndReason::Complete)));
    assert_eq!(readings(&fx).len(), 50);
}

#[test]
fn a_sync_reconnects_after_a_drop_and_gets_everything() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(50, &[MeterQuirk::Disconnect], false);
    let report = sync(&mut fx, &mut meter);
    assert_eq!((report.added, report.attempts), (50, 2));
    assert_eq!(meter.connections(), 2);
}

#[test]
fn resync_after_battery_change_adds_no_duplicates() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(30, &[], false);
    sync(&mut fx, &mut meter);
    // Battery change: the meter numbers from 0 again; its old records stay.
    meter.memory.restart_numbering();
    meter.memory.push_records(10);
    let report = sync(&mut fx, &mut meter);
    assert_eq!((report.added, report.already_stored), (10, 30));
    assert!(report.new_epoch);
    assert_eq!((report.epoch, report.last_sequence), (1, Some(9)));
    let again = sync(&mut fx, &mut meter);
    assert_eq!(again.added, 0);
    let all = readings(&fx);
    assert_eq!(all.len(), 40);
    let epoch1 = all.iter().filter(|r| r.reading.device_epoch == 1).count();
    assert_eq!(epoch1, 10);
}

#[test]
fn a_meter_wiped_by_a_reset_starts_a_new_epoch() {
    for new_records in [10, 35] {
        let mut fx = fixture();
        let mut meter = SimulatedMeter::new(30, &[], false);
        sync(&mut fx, &mut meter);
        // A reset wipes the memory and numbering starts again at 0; with 35 new records
        // the numbering has passed the last stored one (29) by the next sync.
        meter.memory.wipe();
        meter.memory.push_records(new_records);
        let report = sync(&mut fx, &mut meter);
        assert_eq!(report.added as usize, new_records, "{new_records}");
        assert!(report.new_epoch);
        assert_eq!(report.epoch, 1);
        assert_eq!(sync(&mut fx, &mut meter).added, 0);
        assert_eq!(readings(&fx).len(), 30 + new_records);
    }
}

#[test]
fn a_meter_holding_records_from_before_and_after_a_battery_change_keeps_both() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(50, &[MeterQuirk::BatteryRestart], false);
    let report = sync(&mut fx, &mut meter);
    assert_eq!(report.added, 50);
    assert_eq!((report.epoch, report.last_sequence), (1, Some(19)));
    assert_eq!(sync(&mut fx, &mut meter).added, 0);
}

#[test]
fn sequence_numbers_wrapping_at_65535_lose_nothing() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(40, &[MeterQuirk::SequenceWrap], false);
    let report = sync(&mut fx, &mut meter);
    assert_eq!(report.added, 40);
    assert_eq!(report.last_sequence, Some(19), "65516..=65535 then 0..=19");
    meter.memory.push_records(3);
    let more = sync(&mut fx, &mut meter);
    assert_eq!(more.added, 3);
    assert_eq!(sync(&mut fx, &mut meter).added, 0);
    assert_eq!(readings(&fx).len(), 43);
}

#[test]
fn a_last_sequence_of_65535_asks_for_everything_and_adds_only_new_records() {
    let mut fx = fixture();
    // 20 records with the wrap quirk: 65526..=65535 then 0..=9; sync only the first 10.
    let mut meter = SimulatedMeter::new(20, &[MeterQuirk::SequenceWrap], false);
    meter.memory.records.truncate(10);
    sync(&mut fx, &mut meter);
    let state = fx
        .record
        .device_sync_state("SIM-GLU-0001")
        .expect("state")
        .expect("device");
    assert_eq!(state.last_sequence, Some(65535));
    meter.memory.push_records(4); // 0..=3 after the wrap
    let report = sync(&mut fx, &mut meter);
    assert_eq!((report.added, report.already_stored), (4, 10));
}

#[test]
fn a_negative_time_offset_gives_the_local_time() {
    let mut fx = fixture();
    let mut plain = SimulatedMeter::new(5, &[], false).with_serial("PLAIN");
    let mut shifted =
        SimulatedMeter::new(5, &[MeterQuirk::NegativeOffset], false).with_serial("UTC");
    sync(&mut fx, &mut plain);
    sync(&mut fx, &mut shifted);
    let times = |id: &str| -> Vec<_> {
        readings(&fx)
            .into_iter()
            .filter(|r| r.reading.device.as_ref().is_some_and(|d| d.id == id))
            .map(|r| r.reading.taken_at)
            .collect()
    };
    assert_eq!(times("PLAIN"), times("UTC"));
    assert_eq!(times("UTC")[0].to_rfc3339(), "2026-01-05T07:30:00+00:00");
}

#[test]
fn a_wrong_meter_clock_is_kept_and_flagged() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(100, &[MeterQuirk::WrongClock], false);
    let report = sync(&mut fx, &mut meter);
    assert_eq!(report.added, 100);
    // Records 44 and 89 have the time-fault bit.
    assert_eq!(with_flag(&fx, ReadingFlag::TimeUncertain).len(), 2);
    // The last 10 were taken with the clock five years ahead.
    let ahead = with_flag(&fx, ReadingFlag::TimeAhead);
    assert_eq!(ahead.len(), 10);
    assert!(
        ahead
            .iter()
            .all(|r| r.reading.taken_at.to_utc() > fx.clock.now_utc()),
        "device time kept as reported"
    );
    // So the sync knows the clock is off: no reading of it is trusted.
    let clock = report.clock.expect("the sync saw the clock");
    assert!(clock.is_off());
    assert_eq!(with_flag(&fx, ReadingFlag::DeviceClockOff).len(), 100);
    assert_eq!(report.time_untrusted, 100);
    assert!(
        readings(&fx)
            .iter()
            .all(|r| r.reading.received_at.is_some())
    );
}

#[test]
fn lo_and_hi_are_flags_without_a_value() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(100, &[MeterQuirk::LoHi], false);
    sync(&mut fx, &mut meter);
    let lo = with_flag(&fx, ReadingFlag::BelowDeviceRange);
    let hi = with_flag(&fx, ReadingFlag::AboveDeviceRange);
    assert_eq!((lo.len(), hi.len()), (2, 2));
    for r in lo.iter().chain(&hi) {
        assert_eq!(
            r.reading.value,
            ReadingValue::BloodGlucose { mmol_per_l: None }
        );
    }
}

#[test]
fn control_solution_tests_are_flagged_and_kept_out_of_summaries() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(81, &[MeterQuirk::ControlSolution], false);
    sync(&mut fx, &mut meter);
    let control = with_flag(&fx, ReadingFlag::ControlSolution);
    assert_eq!(control.len(), 2, "records 20 and 60");
    let day = control[0].reading.taken_at.date_naive();
    let summary = fx
        .record
        .daily_summaries(ReadingKind::BloodGlucose, day, day, Viewer::Person)
        .expect("summary");
    let on_that_day = readings(&fx)
        .iter()
        .filter(|r| r.reading.taken_at.date_naive() == day)
        .count();
    assert_eq!(summary[0].count as usize, on_that_day - 1);
}

#[test]
fn a_flagged_context_that_never_arrives_does_not_fail_the_sync() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(30, &[MeterQuirk::MissingContexts], false);
    let report = sync(&mut fx, &mut meter);
    assert_eq!((report.added, report.end), (30, Some(EndReason::Complete)));
}

#[test]
fn late_notifications_after_the_racp_response_are_kept() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(30, &[MeterQuirk::LateNotifications], true);
    let report = sync(&mut fx, &mut meter);
    assert_eq!(report.added, 30);
    assert_eq!(report.last_sequence, Some(29));
}

#[test]
fn a_meter_with_no_records_ends_cleanly() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(30, &[MeterQuirk::NoRecords], false);
    let report = sync(&mut fx, &mut meter);
    assert_eq!((report.added, report.end), (0, Some(EndReason::NoRecords)));
    assert_eq!(report.expected, Some(0));
}

#[test]
fn a_vendor_racp_is_not_mistaken_for_the_glucose_one() {
    let mut fx = fixture();
    // The vendor point announces "0 records" after every request: ignored.
    let mut meter = SimulatedMeter::new(25, &[MeterQuirk::VendorRacp], false);
    let report = sync(&mut fx, &mut meter);
    assert_eq!((report.added, report.end), (25, Some(EndReason::Complete)));
}

#[test]
fn a_malformed_notification_is_skipped_with_a_reason() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(20, &[MeterQuirk::Malformed], false);
    let report = sync(&mut fx, &mut meter);
    assert_eq!(report.added, 20);
    assert_eq!(report.skipped.len(), 1);
    let skipped = &report.skipped[0];
    assert_eq!(skipped.source, "0x1808/0x2A18");
    assert_eq!(skipped.sequence, Some(13));
    assert!(skipped.reason.contains("truncated"), "{}", skipped.reason);
}

#[test]
fn cancelling_aborts_the_transfer_and_keeps_what_arrived() {
    let mut fx = fixture();
    let mut meter = SimulatedMeter::new(60, &[], false);
    let mut link = SimulatedLink::new(&mut meter, fx.clock.clone());
    let report = link
        .sync_with(&mut fx.record, options(), &mut |p| {
            !(p.phase == Phase::Transferring && p.received >= 10)
        })
        .expect("sync");
    assert_eq!(report.end, Some(EndReason::Aborted));
    assert!(report.added >= 10 && report.added < 60, "{}", report.added);
    let rest = sync(&mut fx, &mut meter);
    assert_eq!(rest.added + report.added, 60);
}

trait NowUtc {
    fn now_utc(&self) -> chrono::DateTime<Utc>;
}

impl NowUtc for ManualClock {
    fn now_utc(&self) -> chrono::DateTime<Utc> {
        use phr_core::clock::Clock;
        self.now()
    }
}
