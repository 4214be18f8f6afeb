//! A phone that dies at any moment: a child process (this test binary run again with
//! `PHR_CRASH_CHILD_DIR` set) creates a record, syncs a simulated meter, adds batches of
//! readings, makes a backup and restores it, and is killed with SIGKILL at a random
//! point. The parent then reopens everything and checks: integrity passes, every
//! committed batch is there exactly once, the next sync resumes and stores each meter
//! record once, no half-made file stands at any destination, and every interrupted step
//! can be retried (its staging files are removed by the retry).

mod common;

use phr_core::api::{ApiError, ReadingQuery, Record};
use phr_core::clock::ManualClock;
use phr_core::devices::ingest::SyncOptions;
use phr_core::devices::session::Zone;
use phr_core::devices::transport::simulated::{MeterQuirk, SimulatedLink, SimulatedMeter};
use phr_core::keys::DatabaseKey;
use phr_core::keys::passphrase::KdfParams;
use phr_core::model::{ReadingKind, ReadingSource, Viewer};
use rand::{Rng, SeedableRng};
use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "PHR_CRASH_CHILD_DIR";
const TRIALS: usize = 100;
const METER_RECORDS: usize = 60;
const BATCHES: usize = 3;
const BATCH: usize = 30;
const PASS: &str = "correct horse battery staple";

fn key_of(dir: &Path) -> DatabaseKey {
    let hex = std::fs::read_to_string(dir.join("key.hex")).expect("key");
    let bytes: Vec<u8> = (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex"))
        .collect();
    DatabaseKey::from_bytes(&bytes).expect("32 bytes")
}

fn meter() -> SimulatedMeter {
    SimulatedMeter::new(METER_RECORDS, &[MeterQuirk::BatteryRestart], false)
}

fn sync(record: &mut Record) {
    let clock = ManualClock::new(common::utc(2026, 11, 25, 12));
    record.set_clock(std::sync::Arc::new(clock.clone()));
    let mut meter = meter();
    let options = SyncOptions {
        zone: Zone::utc(),
        ..SyncOptions::default()
    };
    SimulatedLink::new(&mut meter, clock)
        .sync(record, options)
        .expect("sync");
}

fn batch(b: usize) -> Vec<phr_core::model::NewReading> {
    (0..BATCH)
        .map(|i| {
            common::glucose(
                5.0,
                &format!("2026-03-{:02}T{:02}:{:02}:00+00:00", 1 + b, i / 60, i % 60),
            )
        })
        .collect()
}

/// What the child does; each line on stdout follows a step that has committed.
fn child_workload(dir: &Path) {
    let key = key_of(dir);
    let path = dir.join("record.db");
    let mut record = Record::create(&path, &key).expect("create");
    println!("created");
    sync(&mut record);
    println!("synced");
    for b in 0..BATCHES {
        record.add_readings(&batch(b)).expect("batch");
        println!("batch {b}");
    }
    let backup = dir.join("backup.phrbackup");
    record
        .backup_to(&backup, PASS, &KdfParams::for_tests())
        .expect("backup");
    println!("backed up");
    Record::restore_from(&backup, PASS, &dir.join("restored.db"), &key).expect("restore");
    println!("restored");
}

#[test]
fn crash_child() {
    if let Some(dir) = std::env::var_os(CHILD_ENV) {
        child_workload(Path::new(&dir));
    }
}

fn readings(record: &Record) -> Vec<phr_core::model::Reading> {
    let query = ReadingQuery {
        kind: Some(ReadingKind::BloodGlucose),
        limit: Some(10_000),
        ..ReadingQuery::default()
    };
    record.readings(&query, Viewer::Person).expect("readings")
}

/// Checks the folder a killed child left, retrying what it did not finish.
fn check_after_crash(dir: &Path, committed: &[String]) {
    let key = key_of(dir);
    let path = dir.join("record.db");
    let mut record = if path.exists() {
        Record::open(&path, &key).expect("a record at its path is whole")
    } else {
        assert!(!committed.contains(&"created".to_string()));
        Record::create(&path, &key).expect("create again: nothing blocks it")
    };
    record.check_integrity().expect("integrity");
    let all = readings(&record);
    let manual = all
        .iter()
        .filter(|r| r.reading.source != ReadingSource::Device)
        .count();
    let batches_done = committed.iter().filter(|l| l.starts_with("batch")).count();
    assert_eq!(manual % BATCH, 0, "a batch is stored whole or not at all");
    assert!(
        manual >= batches_done * BATCH,
        "{manual} < {batches_done} batches"
    );
    let times: HashSet<_> = all
        .iter()
        .filter(|r| r.reading.source != ReadingSource::Device)
        .map(|r| r.reading.taken_at)
        .collect();
    assert_eq!(times.len(), manual, "each committed reading once");

    // The next sync resumes: the meter's every record, each once.
    sync(&mut record);
    let device: Vec<_> = readings(&record)
        .into_iter()
        .filter(|r| r.reading.source == ReadingSource::Device)
        .collect();
    let slots: HashSet<_> = device
        .iter()
        .map(|r| (r.reading.device_epoch, r.reading.sequence_number))
        .collect();
    assert_eq!((device.len(), slots.len()), (METER_RECORDS, METER_RECORDS));

    let backup = dir.join("backup.phrbackup");
    if backup.exists() {
        let check = dir.join("check.db");
        Record::restore_from(&backup, PASS, &check, &DatabaseKey::generate())
            .expect("a backup at its path is whole");
    } else {
        record
            .backup_to(&backup, PASS, &KdfParams::for_tests())
            .expect("backup again: nothing blocks it");
    }
    let restored = dir.join("restored.db");
    if restored.exists() {
        Record::open(&restored, &key)
            .expect("a restored record at its path is whole")
            .check_integrity()
            .expect("integrity");
        // A retry refuses the existing record, and removes the staging files.
        assert!(matches!(
            Record::restore_from(&backup, PASS, &restored, &key),
            Err(ApiError::AlreadyExists { .. })
        ));
    } else {
        Record::restore_from(&backup, PASS, &restored, &key).expect("restore again");
    }
    // And the same for the record and the backup.
    assert!(Record::create(&path, &key).is_err());
    assert!(
        record
            .backup_to(&backup, PASS, &KdfParams::for_tests())
            .is_err()
    );
    record.close().expect("close");
    let left: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| phr_core::store::is_staging_name(n) || n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Runs the child in `dir`, killing it after `kill_after` (or letting it finish).
/// Returns its lines and how long after the start its last step ("restored") was told.
fn run_child(dir: &Path, kill_after: Option<Duration>) -> (Vec<String>, Option<Duration>) {
    let started = Instant::now();
    let mut child = Command::new(std::env::current_exe().expect("exe"))
        .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut done_at = None;
        let lines = BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .inspect(|l| {
                if l == "restored" {
                    done_at = Some(started.elapsed());
                }
            })
            .collect::<Vec<_>>();
        (lines, done_at)
    });
    if let Some(after) = kill_after {
        std::thread::sleep(after);
        let _ = child.kill(); // SIGKILL on Unix
    }
    child.wait().expect("wait");
    reader.join().expect("reader")
}

#[test]
fn killed_at_random_points_everything_committed_survives_and_every_step_can_be_retried() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(13);
    // Runs to the end, to know how long the work takes on this machine up to its last
    // step (the process's exit after it can take long on a busy disk): the kill points
    // spread over the quickest of three. Nothing here asserts a duration.
    let mut whole = Duration::MAX;
    for _ in 0..3 {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("key.hex"),
            common::key_hex(&DatabaseKey::generate()),
        )
        .expect("key");
        let (lines, done_at) = run_child(dir.path(), None);
        assert!(lines.contains(&"restored".to_string()), "{lines:?}");
        whole = whole.min(done_at.unwrap_or_default().max(Duration::from_millis(20)));
        check_after_crash(dir.path(), &lines);
    }

    let mut interrupted = 0;
    for _ in 0..TRIALS {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("key.hex"),
            common::key_hex(&DatabaseKey::generate()),
        )
        .expect("key");
        let after = whole.mul_f64(rng.gen_range(0.0..1.1));
        let (lines, _) = run_child(dir.path(), Some(after));
        if !lines.contains(&"restored".to_string()) {
            interrupted += 1;
        }
        check_after_crash(dir.path(), &lines);
    }
    assert!(
        interrupted > TRIALS / 2,
        "most runs were cut short ({interrupted})"
    );
}
