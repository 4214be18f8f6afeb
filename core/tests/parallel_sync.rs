//! Two syncs of one meter at once (a phone's background sync and the one the person
//! started), each through its own `Record` on the same file: every record of the meter is
//! stored exactly once, battery-change epochs included.

mod common;

use phr_core::api::{ReadingQuery, Record};
use phr_core::clock::ManualClock;
use phr_core::devices::ingest::SyncOptions;
use phr_core::devices::session::Zone;
use phr_core::devices::transport::simulated::{MeterQuirk, SimulatedLink, SimulatedMeter};
use phr_core::model::{ReadingKind, Viewer};
use std::collections::HashSet;
use std::sync::{Arc, Barrier};

const RECORDS: usize = 3_000;

#[test]
fn two_syncs_of_one_battery_restart_meter_at_once_store_each_record_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (record, path, key) = common::new_record(dir.path());
    record.close().expect("close");
    let start = Arc::new(Barrier::new(2));
    let syncs: Vec<_> = (0..2)
        .map(|_| {
            let (path, key, start) = (path.clone(), key.clone(), start.clone());
            std::thread::spawn(move || {
                let clock = ManualClock::new(common::utc(2026, 11, 25, 12));
                let mut record = Record::open(&path, &key).expect("open");
                record.set_clock(Arc::new(clock.clone()));
                let mut meter = SimulatedMeter::new(RECORDS, &[MeterQuirk::BatteryRestart], false);
                let options = SyncOptions {
                    zone: Zone::utc(),
                    ..SyncOptions::default()
                };
                start.wait();
                let report = SimulatedLink::new(&mut meter, clock)
                    .sync(&mut record, options)
                    .expect("sync");
                record.close().expect("close");
                report
            })
        })
        .collect();
    let reports: Vec<_> = syncs
        .into_iter()
        .map(|s| s.join().expect("thread"))
        .collect();
    assert_eq!(
        reports.iter().map(|r| r.added as usize).sum::<usize>(),
        RECORDS,
        "between them the two syncs added each record once: {reports:?}"
    );

    let record = Record::open(&path, &key).expect("open");
    let query = ReadingQuery {
        kind: Some(ReadingKind::BloodGlucose),
        limit: Some(10 * RECORDS as u32),
        ..ReadingQuery::default()
    };
    let readings = record.readings(&query, Viewer::Person).expect("readings");
    assert_eq!(readings.len(), RECORDS);
    let distinct: HashSet<_> = readings
        .iter()
        .map(|r| (r.reading.device_epoch, r.reading.sequence_number))
        .collect();
    assert_eq!(distinct.len(), RECORDS);
    let epochs: HashSet<_> = readings.iter().map(|r| r.reading.device_epoch).collect();
    assert_eq!(
        epochs,
        HashSet::from([0, 1]),
        "one battery change: two epochs"
    );
}
