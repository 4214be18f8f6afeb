//! What the person waits for on a record of a given size: the first screen after an
//! unlock, a ten-year trend, a full rule evaluation and the rules on one new reading,
//! each against the same on the plain twin.

use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use phr_core::Record;
use phr_core::api::KindOverview;
use phr_core::clock::ManualClock;
use phr_core::model::{NewReading, ReadingKind, ReadingSource, ReadingValue, Viewer};
use phr_core::store::reading_days::{DailySummary, daily_summaries};
use phr_core::store::reading_overview;
use phr_core::store::readings::insert_checked;
use rusqlite::{Connection, TransactionBehavior};

use crate::baseline::{key_literal, open_plain};
use crate::data::end;
use crate::ingest::Stored;
use crate::measure::{Row, duration_text, interleave, median, ratio, time, verdict};

fn today() -> NaiveDate {
    end().date_naive()
}

/// What [`Record::overview`] makes of the store's figures, on a plain connection.
fn plain_overview(conn: &Connection) -> Vec<KindOverview> {
    reading_overview::kinds(conn, today(), Viewer::Person)
        .expect("overview")
        .into_iter()
        .map(|k| KindOverview::of(k, today()))
        .collect()
}

fn open_record(stored: &Stored) -> Record {
    let mut record = Record::open(&stored.record, &stored.key).expect("open");
    record.set_clock(Arc::new(ManualClock::new(end() + Duration::minutes(1))));
    record
}

/// Ten years of day summaries and what a trend shows of them: mean, lowest, highest.
fn trend_of(days: &[DailySummary]) -> (Option<f64>, Option<f64>, Option<f64>) {
    let (mut sum, mut n) = (0.0, 0u32);
    let (mut lo, mut hi): (Option<f64>, Option<f64>) = (None, None);
    for d in days {
        if let Some(m) = d.mean {
            sum += m * f64::from(d.count);
            n += d.count;
        }
        lo = match (lo, d.min) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        hi = match (hi, d.max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
    ((n > 0).then(|| sum / f64::from(n)), lo, hi)
}

fn ten_years() -> (NaiveDate, NaiveDate) {
    (today() - Duration::days(3652), today())
}

/// A keyed connection straight to the record's file, for what the API does not time
/// apart (the rules without the commit).
fn keyed(stored: &Stored) -> Connection {
    let conn = Connection::open(&stored.record).expect("open");
    conn.pragma_update(None, "key", key_literal(&stored.key))
        .expect("key");
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
        .expect("settings");
    conn
}

/// The `k`th low glucose reading after the record's end, 35 minutes after the one before
/// it: past the glucose rules' 30-minute episode, so every one of them raises an alert
/// (the rules' most work).
fn one_low(sequence: u32, k: u32) -> NewReading {
    let at = end() + Duration::minutes(35 * (i64::from(k) + 1));
    let mut r = NewReading::manual(
        ReadingValue::BloodGlucose {
            mmol_per_l: Some(3.1),
        },
        at.fixed_offset(),
    );
    r.source = ReadingSource::Device;
    r.device = Some(phr_core::model::DeviceIdentity {
        id: "CGM-0001".into(),
        manufacturer: Some("Bench".into()),
        model: Some("Sensor".into()),
    });
    r.sequence_number = Some(sequence + k);
    r
}

/// The rules on the `k`th new reading after the record's `n`: the reading is stored in
/// its transaction, the rules are timed, and then it commits (untimed), as a phone's
/// sync of one reading does. Each reading is new, so nothing is read again because an
/// earlier turn was rolled back.
fn rules_on_one(conn: &mut Connection, n: u32, k: u32) -> f64 {
    let reading = one_low(n, k);
    let now = reading.taken_at.to_utc() + Duration::minutes(1);
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .expect("tx");
    let (_, samples) = insert_checked(&tx, now, &[reading], None).expect("insert");
    let t = time(|| phr_core::rules::on_new_samples(&tx, now, &samples).expect("rules"));
    tx.commit().expect("commit");
    t
}

/// The read figures at one size.
pub fn run(stored: &Stored, n: usize, size: &str, rounds: usize) {
    // Open, unlock, first screen.
    let times = interleave(
        rounds,
        &mut [
            &mut || {
                let mut kinds = 0;
                let t = time(|| {
                    let record = Record::open(&stored.record, &stored.key).expect("open");
                    kinds = record
                        .overview(today(), Viewer::Person)
                        .expect("overview")
                        .len();
                    drop(record);
                });
                assert_eq!(kinds, 1);
                t
            },
            &mut || {
                time(|| {
                    let conn = open_plain(&stored.plain);
                    assert_eq!(plain_overview(&conn).len(), 1);
                })
            },
        ],
    );
    let r = ratio(&times[0], &times[1]);
    let t = median(&times[0]);
    Row {
        figure: "open + unlock + first screen (overview of every kind)",
        size,
        value: duration_text(t),
        baseline: format!("{} plain", duration_text(median(&times[1]))),
        ratio: format!("{r:.2} x plain"),
        target: "< 2 ms at 1M and <= 2 x plain",
        verdict: verdict(r <= 2.0 && (n < 1_000_000 || t < 2e-3)),
    }
    .print();

    // Ten-year daily trend from the summaries, on a connection just opened (cold cache).
    let (from, to) = ten_years();
    let times = interleave(
        rounds,
        &mut [
            &mut || {
                let record = open_record(stored);
                time(|| {
                    let days = record
                        .daily_summaries(ReadingKind::BloodGlucose, from, to, Viewer::Person)
                        .expect("summaries");
                    assert!(trend_of(&days).0.is_some());
                })
            },
            &mut || {
                let conn = open_plain(&stored.plain);
                time(|| {
                    let days =
                        daily_summaries(&conn, ReadingKind::BloodGlucose, from, to, Viewer::Person)
                            .expect("summaries");
                    assert!(trend_of(&days).0.is_some());
                })
            },
        ],
    );
    let r = ratio(&times[0], &times[1]);
    let t = median(&times[0]);
    Row {
        figure: "10-year daily trend (mean, min, max per day), cold",
        size,
        value: duration_text(t),
        baseline: format!("{} plain", duration_text(median(&times[1]))),
        ratio: format!("{r:.2} x plain"),
        target: "<= 1.5 x plain and < 2 ms",
        verdict: verdict(r <= 1.5 && t < 2e-3),
    }
    .print();

    // Full rule evaluation (every enabled rule over every reading).
    let rule_rounds = rounds.min(5);
    let times = interleave(
        rule_rounds,
        &mut [
            &mut || {
                let mut record = open_record(stored);
                time(|| record.reevaluate_rules().expect("rules"))
            },
            &mut || {
                let mut conn = open_plain(&stored.plain);
                let now = end() + Duration::minutes(1);
                time(|| {
                    let tx = conn
                        .transaction_with_behavior(TransactionBehavior::Immediate)
                        .expect("tx");
                    phr_core::rules::reevaluate_all(&tx, now).expect("rules");
                    tx.commit().expect("commit");
                })
            },
        ],
    );
    let r = ratio(&times[0], &times[1]);
    let t = median(&times[0]);
    Row {
        figure: "full rule evaluation",
        size,
        value: duration_text(t),
        baseline: format!("{} plain", duration_text(median(&times[1]))),
        ratio: format!("{r:.2} x plain"),
        target: "< 0.5 s",
        verdict: verdict(t < 0.5),
    }
    .print();

    // The rules on one new reading, apart from the commit.
    let mut enc = keyed(stored);
    let mut plain = open_plain(&stored.plain);
    let (mut enc_k, mut plain_k) = (0, 0);
    let times = interleave(
        rounds * 4,
        &mut [
            &mut || {
                enc_k += 1;
                rules_on_one(&mut enc, n as u32, enc_k)
            },
            &mut || {
                plain_k += 1;
                rules_on_one(&mut plain, n as u32, plain_k)
            },
        ],
    );
    let r = ratio(&times[0], &times[1]);
    let t = median(&times[0]);
    Row {
        figure: "rules on one new (low) reading, without the commit",
        size,
        value: duration_text(t),
        baseline: format!("{} plain", duration_text(median(&times[1]))),
        ratio: format!("{r:.2} x plain"),
        target: "< 50 µs",
        verdict: verdict(t < 50e-6),
    }
    .print();
}

/// `figures profile WHAT N`: one operation in a loop on a record of N readings, for a
/// profiler (`perf record`); WHAT is `first-screen`, `rules-one` or `ingest`.
pub fn profile(what: &str, n: usize) {
    let readings = crate::data::cgm(n);
    if what == "plain" {
        // The plain twin's ingest alone, to hold its profile against the record's.
        let dir = tempfile::tempdir().expect("dir");
        let t = crate::ingest::ingest_plain(&dir.path().join("plain.db"), &readings);
        eprintln!("plain ingest {t:.2} s");
        return;
    }
    if what == "plain-wal" {
        // Which pages each batch writes: the plain twin with its log never checkpointed,
        // left for a look at the log's frames (each names its page) and at dbstat.
        let dir = tempfile::Builder::new()
            .disable_cleanup(true)
            .tempdir()
            .expect("dir");
        let path = dir.path().join("plain.db");
        let mut conn = crate::baseline::create_plain(&path);
        conn.execute_batch("PRAGMA wal_autocheckpoint = 0;")
            .expect("no checkpoint");
        for batch in readings.chunks(crate::data::BATCH) {
            crate::baseline::plain_batch(&mut conn, crate::data::arrival(batch), batch);
        }
        std::mem::forget(conn);
        eprintln!("left {}", path.display());
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let key = phr_core::keys::DatabaseKey::generate();
    let path = dir.path().join("record.db");
    let t = crate::ingest::ingest_record(&path, &key, &readings);
    eprintln!("ingest {t:.2} s");
    if what == "ingest" {
        return;
    }
    let stored = Stored {
        _dir: dir,
        record: path,
        key,
        plain: std::path::PathBuf::new(),
    };
    let t = time(|| match what {
        "first-screen" => {
            for _ in 0..200 {
                let record = Record::open(&stored.record, &stored.key).expect("open");
                record.overview(today(), Viewer::Person).expect("overview");
            }
        }
        "rules-one" => {
            let mut enc = keyed(&stored);
            for k in 0..2000 {
                rules_on_one(&mut enc, n as u32, k);
            }
        }
        _ => {}
    });
    eprintln!("{what}: {t:.2} s");
}
