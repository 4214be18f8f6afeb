//! The kept reading counts (`reading_counts`, schema version 8) always equal a count of
//! the rows themselves, whatever mix of inserts, re-syncs, app updates, corrections,
//! visibility changes, deletes, clock flags, retimes and rolled-back writes a record has
//! been through.

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use phr_core::keys::DatabaseKey;
use phr_core::model::{
    Author, DeviceIdentity, NewReading, ReadingFlag, ReadingSource, ReadingValue, Visibility,
};
use phr_core::store::{Database, readings};
use proptest::prelude::*;
use rusqlite::Connection;

/// What a test case does to the record.
#[derive(Debug, Clone)]
enum Op {
    /// A batch of new readings (device, app, manual), possibly repeating earlier ones.
    Insert(Vec<Spec>),
    /// A batch tied to a device sync, which is then found to have had its clock off.
    ClockOff(Vec<Spec>),
    /// Corrects the value of the `n`th stored reading.
    Correct(usize),
    /// Changes who may see the `n`th stored reading.
    Visibility(usize, u8),
    /// Deletes the `n`th stored reading.
    Delete(usize),
    /// Moves the `n`th stored reading in time (a device clock correction).
    Retime(usize, i64),
    /// Inserts a batch, then rolls the whole write back.
    RolledBack(Vec<Spec>),
}

/// One reading of a batch.
#[derive(Debug, Clone)]
struct Spec {
    kind: u8,
    minutes: i64,
    origin: u8,
    sequence: u32,
    version: i64,
    flag: u8,
    visibility: u8,
}

fn visibility(code: u8) -> Visibility {
    match code % 3 {
        0 => Visibility::Private,
        1 => Visibility::Shared,
        _ => Visibility::Emergency,
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0)
        .single()
        .unwrap_or(DateTime::UNIX_EPOCH)
}

fn now() -> DateTime<Utc> {
    start() + Duration::days(20)
}

fn reading(s: &Spec) -> NewReading {
    let value = match s.kind % 3 {
        0 => ReadingValue::BloodGlucose {
            mmol_per_l: Some(3.0 + f64::from(s.sequence % 100) / 10.0),
        },
        1 => ReadingValue::HeartRate {
            per_min: 50.0 + f64::from(s.sequence % 50),
        },
        _ => ReadingValue::Weight {
            kg: 60.0 + f64::from(s.sequence % 30),
        },
    };
    // Some readings are dated well after `now`: stored flagged as ahead.
    let at = start() + Duration::minutes(s.minutes);
    let mut r = NewReading::manual(
        value,
        at.with_timezone(&FixedOffset::east_opt(3600).unwrap_or_else(|| unreachable!())),
    );
    match s.origin % 3 {
        0 => {
            r.source = ReadingSource::Device;
            r.device = Some(DeviceIdentity {
                id: "METER-1".into(),
                manufacturer: Some("Acme".into()),
                model: None,
            });
            r.sequence_number = Some(s.sequence % 40);
        }
        1 => {
            r.source = ReadingSource::App { name: "Fit".into() };
            r.client_record_id = Some(format!("c{}", s.sequence % 40));
            r.client_record_version = Some(s.version);
        }
        _ => {}
    }
    r.flags = match s.flag % 5 {
        0 => vec![ReadingFlag::TimeUncertain],
        1 => vec![ReadingFlag::ControlSolution],
        2 => vec![ReadingFlag::DeviceClockOff],
        _ => Vec::new(),
    };
    r.visibility = visibility(s.visibility);
    r
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0u8..3,
        0i64..(40 * 24 * 60),
        0u8..3,
        0u32..200,
        0i64..4,
        0u8..10,
        0u8..3,
    )
        .prop_map(
            |(kind, minutes, origin, sequence, version, flag, visibility)| Spec {
                kind,
                minutes,
                origin,
                sequence,
                version,
                flag,
                visibility,
            },
        )
}

fn op() -> impl Strategy<Value = Op> {
    let batch = || prop::collection::vec(spec(), 1..12);
    prop_oneof![
        3 => batch().prop_map(Op::Insert),
        1 => batch().prop_map(Op::ClockOff),
        1 => any::<usize>().prop_map(Op::Correct),
        1 => (any::<usize>(), 0u8..3).prop_map(|(n, v)| Op::Visibility(n, v)),
        1 => any::<usize>().prop_map(Op::Delete),
        1 => (any::<usize>(), -600i64..600).prop_map(|(n, m)| Op::Retime(n, m)),
        1 => batch().prop_map(Op::RolledBack),
    ]
}

/// The id of the `n`th stored reading (wrapping), if there is any.
fn nth_id(conn: &Connection, n: usize) -> Option<i64> {
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM readings ORDER BY id")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_default();
    (!ids.is_empty()).then(|| ids[n % ids.len()])
}

/// A new device sync of METER-1 (its origin stored first), for `flag_sync_clock_off`.
fn new_sync(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT OR IGNORE INTO origins (kind, name, manufacturer) VALUES (1, 'METER-1', 'Acme')",
        [],
    )?;
    tx.execute(
        "INSERT INTO device_syncs (origin, synced_at_ms)
         SELECT id, 0 FROM origins WHERE kind = 1 AND name = 'METER-1'",
        [],
    )?;
    Ok(tx.last_insert_rowid())
}

fn apply(db: &mut Database, op: &Op) {
    let now = now();
    let author = Author::Person;
    match op {
        Op::Insert(specs) => {
            let batch: Vec<NewReading> = specs.iter().map(reading).collect();
            db.write(|tx| readings::insert_batch(tx, now, &batch, None))
                .expect("insert");
        }
        Op::ClockOff(specs) => {
            let batch: Vec<NewReading> = specs.iter().map(reading).collect();
            db.write(|tx| -> Result<(), phr_core::store::StoreError> {
                let sync = new_sync(tx)?;
                readings::insert_batch(tx, now, &batch, Some(sync))?;
                readings::flag_sync_clock_off(tx, sync)?;
                Ok(())
            })
            .expect("clock off");
        }
        Op::Correct(n) => {
            let Some(id) = nth_id(db.conn(), *n) else {
                return;
            };
            let old = readings::get(db.conn(), id).expect("get");
            let value = match old.reading.value {
                ReadingValue::BloodGlucose { .. } => ReadingValue::BloodGlucose {
                    mmol_per_l: Some(9.9),
                },
                ReadingValue::HeartRate { .. } => ReadingValue::HeartRate { per_min: 99.0 },
                other => other,
            };
            db.write(|tx| readings::correct(tx, now, id, value, Some("fixed".into()), &author))
                .expect("correct");
        }
        Op::Visibility(n, v) => {
            if let Some(id) = nth_id(db.conn(), *n) {
                db.write(|tx| readings::set_visibility(tx, now, id, visibility(*v), &author))
                    .expect("visibility");
            }
        }
        Op::Delete(n) => {
            if let Some(id) = nth_id(db.conn(), *n) {
                db.write(|tx| readings::delete(tx, now, id, &author))
                    .expect("delete");
            }
        }
        Op::Retime(n, minutes) => {
            if let Some(id) = nth_id(db.conn(), *n) {
                db.write(|tx| readings::retime(tx, now, &[id], minutes * 60_000, &author))
                    .expect("retime");
            }
        }
        Op::RolledBack(specs) => {
            let batch: Vec<NewReading> = specs.iter().map(reading).collect();
            let result = db.write(|tx| -> Result<(), phr_core::store::StoreError> {
                readings::insert_batch(tx, now, &batch, None)?;
                Err(rusqlite::Error::QueryReturnedNoRows.into())
            });
            assert!(result.is_err());
        }
    }
}

type Counts = Vec<(i64, i64, bool, i64)>;

/// The kept counts, keys with a zero count left out.
fn kept(conn: &Connection) -> Counts {
    conn.prepare(
        "SELECT kind, visibility, untrusted <> 0, count FROM reading_counts WHERE count <> 0
         ORDER BY 1, 2, 3",
    )
    .and_then(|mut s| {
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect()
    })
    .expect("kept counts")
}

/// The counts of the rows themselves.
fn counted(conn: &Connection) -> Counts {
    let mask = phr_core::store::untrusted_time_mask();
    conn.prepare(
        "SELECT kind, visibility, (flags & ?1) <> 0, COUNT(*) FROM readings
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    )
    .and_then(|mut s| {
        s.query_map([mask], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect()
    })
    .expect("counted")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn kept_counts_always_equal_the_rows(ops in prop::collection::vec(op(), 1..14)) {
        let dir = tempfile::tempdir().expect("dir");
        let mut db = Database::create(&dir.path().join("r.db"), &DatabaseKey::generate())
            .expect("create");
        for op in &ops {
            apply(&mut db, op);
            prop_assert_eq!(kept(db.conn()), counted(db.conn()), "after {:?}", op);
        }
    }
}
