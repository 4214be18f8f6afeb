//! Ingest through the public API against the same work on plain SQLite and against the
//! naive loops, interleaved; and the sizes of the files they leave.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use phr_core::Record;
use phr_core::clock::ManualClock;
use phr_core::keys::DatabaseKey;
use phr_core::model::NewReading;
use tempfile::TempDir;

use crate::baseline::{create_naive, create_plain, naive_batch, plain_batch};
use crate::data::{BATCH, arrival, end};
use crate::measure::{Row, interleave, median, mib_text, ratio, size_text, time, verdict};

/// What the ingest figures leave for the read figures: the last round's encrypted
/// record and its plain twin.
pub struct Stored {
    /// Holds the files.
    pub _dir: TempDir,
    /// The encrypted record.
    pub record: PathBuf,
    /// Its key.
    pub key: DatabaseKey,
    /// The plain database with the same readings, stored the same way.
    pub plain: PathBuf,
}

fn file_size(path: &Path) -> u64 {
    // Everything is checkpointed and closed: the log is empty or gone.
    let wal = std::fs::metadata(format!("{}-wal", path.display())).map_or(0, |m| m.len());
    std::fs::metadata(path).map_or(0, |m| m.len()) + wal
}

fn checkpoint_and_close(conn: rusqlite::Connection) {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
    conn.close().expect("close");
}

/// Every batch through [`Record::add_readings`], the clock at each batch's arrival.
pub fn ingest_record(path: &Path, key: &DatabaseKey, readings: &[NewReading]) -> f64 {
    let clock = ManualClock::new(end());
    let mut record = Record::create(path, key).expect("create");
    record.set_clock(Arc::new(clock.clone()));
    let seconds = time(|| {
        for batch in readings.chunks(BATCH) {
            clock.set(arrival(batch));
            record.add_readings(batch).expect("ingest");
        }
    });
    record.close().expect("close");
    seconds
}

/// Every batch through the plain twin ([`plain_batch`]).
pub fn ingest_plain(path: &Path, readings: &[NewReading]) -> f64 {
    let mut conn = create_plain(path);
    let seconds = time(|| {
        for batch in readings.chunks(BATCH) {
            plain_batch(&mut conn, arrival(batch), batch);
        }
    });
    checkpoint_and_close(conn);
    seconds
}

fn ingest_naive(path: &Path, key: Option<&DatabaseKey>, readings: &[NewReading]) -> f64 {
    let mut conn = create_naive(path, key);
    let seconds = time(|| {
        for batch in readings.chunks(BATCH) {
            naive_batch(&mut conn, arrival(batch), batch);
        }
    });
    checkpoint_and_close(conn);
    seconds
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// Measures ingest of `readings` `rounds` times, prints the rows, and returns the last
/// round's record and plain twin.
pub fn run(readings: &[NewReading], rounds: usize) -> Stored {
    let size = size_text(readings.len());
    // PHR_BENCH_KEEP=1 keeps the files, to look inside them (dbstat) after the run.
    let keep = std::env::var_os("PHR_BENCH_KEEP").is_some();
    let dir = tempfile::Builder::new()
        .prefix("phr-bench-")
        .disable_cleanup(keep)
        .tempdir()
        .expect("dir");
    if keep {
        eprintln!("keeping {}", dir.path().display());
    }
    let key = DatabaseKey::generate();
    let record = dir.path().join("record.db");
    let plain = dir.path().join("plain.db");
    let naive_plain = dir.path().join("naive-plain.db");
    let naive_cipher = dir.path().join("naive-cipher.db");
    let naive_key = DatabaseKey::generate();
    let times = interleave(
        rounds,
        &mut [
            &mut || {
                remove_db(&record);
                ingest_record(&record, &key, readings)
            },
            &mut || {
                remove_db(&plain);
                ingest_plain(&plain, readings)
            },
            &mut || {
                remove_db(&naive_plain);
                ingest_naive(&naive_plain, None, readings)
            },
            &mut || {
                remove_db(&naive_cipher);
                ingest_naive(&naive_cipher, Some(&naive_key), readings)
            },
        ],
    );
    let n = readings.len() as f64;
    let rate = |t: &[f64]| format!("{:.0} k/s", n / median(t) / 1e3);
    // Rates: the ratio of rates is the inverse ratio of times.
    let core_vs_plain = ratio(&times[1], &times[0]);
    Row {
        figure: "ingest through the API (summaries, change log, rules), readings/s",
        size: &size,
        value: rate(&times[0]),
        baseline: format!("{} plain", rate(&times[1])),
        ratio: format!("{core_vs_plain:.2} x plain"),
        target: ">= 0.85 x plain",
        verdict: verdict(core_vs_plain >= 0.85),
    }
    .print();
    Row {
        figure: "ingest, naive loop (one INSERT per reading, nothing else), readings/s",
        size: &size,
        value: format!("{} SQLCipher", rate(&times[3])),
        baseline: format!("{} plain", rate(&times[2])),
        ratio: format!(
            "{:.2} x plain; API {:.2} x naive plain, {:.2} x naive SQLCipher",
            ratio(&times[2], &times[3]),
            ratio(&times[2], &times[0]),
            ratio(&times[3], &times[0])
        ),
        target: "-",
        verdict: "-",
    }
    .print();
    let bytes = [
        file_size(&record),
        file_size(&plain),
        file_size(&naive_plain),
        file_size(&naive_cipher),
    ];
    let size_ratio = bytes[0] as f64 / bytes[3] as f64;
    Row {
        figure: "file size",
        size: &size,
        value: mib_text(bytes[0]),
        baseline: format!(
            "{} naive SQLCipher; {} plain, {} naive plain",
            mib_text(bytes[3]),
            mib_text(bytes[1]),
            mib_text(bytes[2])
        ),
        ratio: format!("{size_ratio:.2} x naive SQLCipher"),
        target: "<= 1.1 x naive SQLCipher",
        verdict: verdict(size_ratio <= 1.1),
    }
    .print();
    Stored {
        _dir: dir,
        record,
        key,
        plain,
    }
}
