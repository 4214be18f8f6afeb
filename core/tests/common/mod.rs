//! Shared helpers for the integration tests.
#![allow(dead_code, missing_docs)]

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use phr_core::api::{NewEntryOptions, Record};
use phr_core::keys::DatabaseKey;
use phr_core::model::*;
use std::path::{Path, PathBuf};

pub fn new_record(dir: &Path) -> (Record, PathBuf, DatabaseKey) {
    let path = dir.join("record.db");
    let key = DatabaseKey::generate();
    let record = Record::create(&path, &key).expect("create record");
    (record, path, key)
}

/// The key as the 64 lowercase hex digits SQLCipher's raw-key literal takes.
pub fn key_hex(key: &DatabaseKey) -> String {
    phr_core::store::codec::hex(key.as_bytes())
}

/// A connection to the record file at `path`, keyed with `key`, below the façade.
pub fn keyed(path: &Path, key: &DatabaseKey) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.pragma_update(None, "key", format!("x'{}'", key_hex(key)))
        .expect("key");
    conn
}

pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("time")
}

pub fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .expect("time")
}

pub fn allergy(substance: &str) -> EntryBody {
    EntryBody::Allergy(Allergy {
        substance: substance.into(),
        reaction: Some("Hives".into()),
        severity: Some(Severity::Severe),
        code: None,
        notes: None,
    })
}

pub fn opts(visibility: Visibility) -> NewEntryOptions {
    NewEntryOptions {
        visibility,
        ..Default::default()
    }
}

pub fn glucose(mmol: f64, when: &str) -> NewReading {
    NewReading::manual(
        ReadingValue::BloodGlucose {
            mmol_per_l: Some(mmol),
        },
        at(when),
    )
}

/// Every file of the record (main, -wal, -shm) as bytes.
pub fn record_files(path: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|suffix| {
            let mut p = path.as_os_str().to_os_string();
            p.push(suffix);
            let p = PathBuf::from(p);
            std::fs::read(&p).ok().map(|bytes| (p, bytes))
        })
        .collect()
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A new record in its own temporary folder, whose clock is a `ManualClock` the test
/// moves by hand.
pub struct ClockedRecord {
    /// Keeps the folder alive as long as the record.
    pub dir: tempfile::TempDir,
    /// The record.
    pub record: Record,
    /// Its clock (clones share the time).
    pub clock: phr_core::clock::ManualClock,
}

impl ClockedRecord {
    /// A new record whose clock stands at `now`.
    pub fn at(now: DateTime<Utc>) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut record, _, _) = new_record(dir.path());
        let clock = phr_core::clock::ManualClock::new(now);
        record.set_clock(std::sync::Arc::new(clock.clone()));
        Self { dir, record, clock }
    }
}
