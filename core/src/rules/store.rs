//! SQL for rules (the `rules` table from schema version 4) and the reading queries rules
//! need; notification SQL is in `notification_store.rs` and re-exported here. Everything
//! runs inside a caller's transaction or reads.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::defaults::default_rules;
use super::rule::{Rule, StoredRule};
use super::sample::Sample;
use crate::record::{Author, ReadingFlag, ReadingKind};
use crate::store::{StoreError, StoreResult, flag_bit};

/// Milliseconds in a day.
pub(crate) const DAY_MS: i64 = 86_400_000;

/// A time as stored milliseconds.
pub(crate) fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// Stored milliseconds as a time.
pub(crate) fn time(ms: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| StoreError::Corrupt {
        reason: format!("stored time {ms} is out of range"),
    })
}

pub(crate) fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        reason: what.to_string(),
    }
}

pub(crate) fn json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Storage(e.to_string()))
}

pub(crate) use super::notification_store::*;

const SAMPLE_COLUMNS: &str = "id, kind, taken_at_ms, utc_offset_min, local_day, v1, v2, v4, flags";

fn sample_from_row(row: &Row<'_>) -> rusqlite::Result<(String, Sample)> {
    let flags: i64 = row.get(8)?;
    let has = |flag: ReadingFlag| flags & flag_bit(flag) != 0;
    Ok((
        row.get(1)?,
        Sample {
            id: row.get(0)?,
            kind: ReadingKind::BloodGlucose,
            taken_at_ms: row.get(2)?,
            utc_offset_min: row.get(3)?,
            local_day: row.get(4)?,
            primary: row.get(5)?,
            secondary: row.get(6)?,
            pulse: row.get(7)?,
            below_range: has(ReadingFlag::BelowDeviceRange),
            above_range: has(ReadingFlag::AboveDeviceRange),
            excluded: has(ReadingFlag::ControlSolution) || has(ReadingFlag::DeviceFault),
        },
    ))
}

fn finish_samples(rows: Vec<(String, Sample)>) -> StoreResult<Vec<Sample>> {
    rows.into_iter()
        .map(|(kind, mut s)| {
            s.kind = kind
                .parse()
                .map_err(|_| corrupt(format!("unknown reading kind '{kind}'")))?;
            Ok(s)
        })
        .collect()
}

/// The readings with these ids.
pub(crate) fn samples_by_ids(conn: &Connection, ids: &[i64]) -> StoreResult<Vec<Sample>> {
    let mut rows = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let mut stmt = conn.prepare(&format!(
            "SELECT {SAMPLE_COLUMNS} FROM readings WHERE id IN ({marks})"
        ))?;
        let found = stmt.query_map(rusqlite::params_from_iter(chunk), sample_from_row)?;
        for row in found {
            rows.push(row?);
        }
    }
    finish_samples(rows)
}

/// Readings of `kind` taken in `[from_ms, to_ms]`, by time then id.
pub(crate) fn samples_between(
    conn: &Connection,
    kind: ReadingKind,
    from_ms: i64,
    to_ms: i64,
) -> StoreResult<Vec<Sample>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SAMPLE_COLUMNS} FROM readings WHERE kind = ?1 AND taken_at_ms BETWEEN ?2 AND ?3
         ORDER BY taken_at_ms, id"
    ))?;
    let rows = stmt
        .query_map(params![kind.as_str(), from_ms, to_ms], sample_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    finish_samples(rows)
}

/// Readings of `kind` on local days `[from_day, to_day]`. Offsets reach 14 hours either
/// side of UTC, so the time index is searched with that margin.
pub(crate) fn samples_on_days(
    conn: &Connection,
    kind: ReadingKind,
    from_day: i64,
    to_day: i64,
) -> StoreResult<Vec<Sample>> {
    let margin = 15 * 3_600_000;
    let mut all = samples_between(
        conn,
        kind,
        from_day.saturating_mul(DAY_MS) - margin,
        (to_day + 1).saturating_mul(DAY_MS) + margin,
    )?;
    all.retain(|s| s.local_day >= from_day && s.local_day <= to_day);
    Ok(all)
}

/// The first and last time of readings of `kind`.
pub(crate) fn time_bounds(conn: &Connection, kind: ReadingKind) -> StoreResult<Option<(i64, i64)>> {
    let row: (Option<i64>, Option<i64>) = conn.query_row(
        "SELECT MIN(taken_at_ms), MAX(taken_at_ms) FROM readings WHERE kind = ?1",
        [kind.as_str()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(row.0.zip(row.1))
}

/// The latest reading of `kind` (id and time) that is the person's own value.
pub(crate) fn last_reading(
    conn: &Connection,
    kind: ReadingKind,
) -> StoreResult<Option<(i64, i64)>> {
    Ok(conn
        .query_row(
            "SELECT id, taken_at_ms FROM readings WHERE kind = ?1 AND (flags & ?2) = 0
             ORDER BY taken_at_ms DESC, id DESC LIMIT 1",
            params![kind.as_str(), flag_bit(ReadingFlag::ControlSolution)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// How many readings of `kind` were taken in `[from_ms, to_ms]`.
pub(crate) fn count_between(
    conn: &Connection,
    kind: ReadingKind,
    from_ms: i64,
    to_ms: i64,
) -> StoreResult<u64> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM readings WHERE kind = ?1 AND taken_at_ms BETWEEN ?2 AND ?3 AND (flags & ?4) = 0",
        params![kind.as_str(), from_ms, to_ms, flag_bit(ReadingFlag::ControlSolution)],
        |r| r.get(0),
    )?;
    Ok(n.max(0) as u64)
}

// ---- rules ----

fn stored_rule_from_row(row: &Row<'_>) -> rusqlite::Result<(String, u32, i64, Option<String>)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
}

fn decode_rule(row: (String, u32, i64, Option<String>)) -> StoreResult<StoredRule> {
    let (body, version, changed_ms, author) = row;
    let author: Option<Author> = author.map(|a| serde_json::from_str(&a)).transpose()?;
    Ok(StoredRule {
        rule: serde_json::from_str(&body)?,
        version,
        changed_at: time(changed_ms)?,
        author,
    })
}

/// Every stored version of `rule_id`, oldest first.
pub(crate) fn rule_versions(conn: &Connection, rule_id: &str) -> StoreResult<Vec<StoredRule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT body, version, changed_at_ms, author FROM rules WHERE rule_id = ?1 ORDER BY version",
    )?;
    let rows = stmt
        .query_map([rule_id], stored_rule_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(decode_rule).collect()
}

/// The active version of every rule: the highest stored version, or the shipped default
/// (as version 1) for a rule not yet stored. Shipped rules first, in their order.
pub(crate) fn active_rules(conn: &Connection) -> StoreResult<Vec<StoredRule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.body, r.version, r.changed_at_ms, r.author FROM rules r
         WHERE r.version = (SELECT MAX(version) FROM rules WHERE rule_id = r.rule_id)
         ORDER BY r.rule_id",
    )?;
    let rows = stmt
        .query_map([], stored_rule_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stored: Vec<StoredRule> = rows
        .into_iter()
        .map(decode_rule)
        .collect::<StoreResult<_>>()?;
    let mut out = Vec::new();
    for default in default_rules() {
        match stored.iter().position(|s| s.rule.id == default.id) {
            Some(i) => out.push(stored.remove(i)),
            None => out.push(StoredRule {
                rule: default,
                version: 1,
                changed_at: DateTime::UNIX_EPOCH,
                author: None,
            }),
        }
    }
    out.extend(stored);
    Ok(out)
}

/// Stores every shipped rule not yet stored, as version 1, so that notifications always
/// name a stored rule version.
pub(crate) fn seed_defaults(tx: &Transaction<'_>) -> StoreResult<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO rules (rule_id, version, body, changed_at_ms, author)
         SELECT ?1, 1, ?2, 0, NULL WHERE NOT EXISTS (SELECT 1 FROM rules WHERE rule_id = ?1)",
    )?;
    for rule in default_rules() {
        insert.execute(params![rule.id, json(&rule)?])?;
    }
    Ok(())
}

/// Stores `rule` as the next version of its id and returns it.
pub(crate) fn insert_rule_version(
    tx: &Transaction<'_>,
    rule: &Rule,
    author: &Author,
    now_ms: i64,
) -> StoreResult<StoredRule> {
    seed_defaults(tx)?;
    let latest: Option<u32> = tx.query_row(
        "SELECT MAX(version) FROM rules WHERE rule_id = ?1",
        [&rule.id],
        |r| r.get(0),
    )?;
    let version = latest.unwrap_or(0) + 1;
    tx.execute(
        "INSERT INTO rules (rule_id, version, body, changed_at_ms, author) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![rule.id, version, json(rule)?, now_ms, json(author)?],
    )?;
    Ok(StoredRule {
        rule: rule.clone(),
        version,
        changed_at: time(now_ms)?,
        author: Some(author.clone()),
    })
}
