//! The baselines every ratio is taken against, in the same build and the same run:
//!
//! - *plain*: the same schema (the record's own migrations), the same batches and the
//!   same work (the store's batch insert, day summaries, change log and the rules, in one
//!   transaction per batch) on an unkeyed connection: plain SQLite, with the record's
//!   own settings (WAL, `synchronous = NORMAL`);
//! - *naive*: the same schema and batches, but one plain `INSERT` per reading and nothing
//!   else (no summaries, no change log, no rules), unkeyed (*naive plain*) or keyed with
//!   SQLCipher's defaults (*naive SQLCipher*), with the same WAL and `synchronous`.
//!
//! The record itself is always reached through its public API ([`phr_core::Record`]).

use std::path::Path;

use chrono::{DateTime, Utc};
use phr_core::keys::DatabaseKey;
use phr_core::model::NewReading;
use phr_core::model::day::local_day;
use phr_core::store::readings::{IngestReport, insert_checked, validate_batch};
use rusqlite::{Connection, TransactionBehavior, params};

/// The settings the record gives every connection (`store/open.rs`).
const SETTINGS: &str = "PRAGMA journal_mode = WAL;
     PRAGMA synchronous = NORMAL;
     PRAGMA foreign_keys = ON;
     PRAGMA temp_store = MEMORY;
     PRAGMA busy_timeout = 5000;";

fn settings(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(SETTINGS)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// A new plain (unkeyed) database at `path` with the record's schema.
pub fn create_plain(path: &Path) -> Connection {
    let mut conn = Connection::open(path).expect("plain database");
    phr_core::store::schema::migrations()
        .to_latest(&mut conn)
        .expect("schema");
    settings(&conn).expect("settings");
    conn
}

/// Opens a plain database as the record opens its file: settings, and the schema
/// brought up to date (a no-op on a current file).
pub fn open_plain(path: &Path) -> Connection {
    let mut conn = Connection::open(path).expect("plain database");
    settings(&conn).expect("settings");
    phr_core::store::schema::migrations()
        .to_latest(&mut conn)
        .expect("schema");
    conn
}

/// SQLCipher's raw-key literal for `key`.
pub fn key_literal(key: &DatabaseKey) -> String {
    format!("x'{}'", phr_core::store::codec::hex(key.as_bytes()))
}

/// A new database for the naive loop: keyed with SQLCipher's defaults when `key` is
/// given, the record's schema, WAL and `synchronous = NORMAL`.
pub fn create_naive(path: &Path, key: Option<&DatabaseKey>) -> Connection {
    let mut conn = Connection::open(path).expect("naive database");
    if let Some(key) = key {
        conn.pragma_update(None, "key", key_literal(key))
            .expect("key");
    }
    phr_core::store::schema::migrations()
        .to_latest(&mut conn)
        .expect("schema");
    settings(&conn).expect("settings");
    conn.execute(
        "INSERT INTO origins (kind, name, manufacturer, model) VALUES (1, 'CGM-0001', 'Bench', 'Sensor')",
        [],
    )
    .expect("origin");
    conn
}

/// One batch the naive way: an `INSERT` per reading, one transaction.
pub fn naive_batch(conn: &mut Connection, now: DateTime<Utc>, batch: &[NewReading]) {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .expect("transaction");
    {
        let mut insert = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO readings (kind, taken_at_ms, utc_offset_min, local_day, v1,
                     source, origin, device_epoch, sequence, stored_at_ms, flags, context,
                     visibility)
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, 1, 0, ?6, ?7, 0, 0, 0)",
            )
            .expect("prepare");
        for r in batch {
            insert
                .execute(params![
                    r.value.kind().code(),
                    r.taken_at.timestamp_millis(),
                    r.taken_at.offset().local_minus_utc() / 60,
                    local_day(&r.taken_at),
                    r.value.primary(),
                    r.sequence_number,
                    now.timestamp_millis(),
                ])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
}

/// One batch on plain SQLite doing what [`phr_core::Record::add_readings`] does: the
/// batch checked, stored with its day summaries and change log, and the rules run on it,
/// in one transaction.
pub fn plain_batch(
    conn: &mut Connection,
    now: DateTime<Utc>,
    batch: &[NewReading],
) -> IngestReport {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .expect("transaction");
    validate_batch(batch).expect("valid");
    let (report, samples) = insert_checked(&tx, now, batch, None).expect("insert");
    phr_core::rules::on_new_samples(&tx, now, &samples).expect("rules");
    tx.commit().expect("commit");
    report
}
