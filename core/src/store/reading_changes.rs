//! The readings' change log, for the changes feed, and their earlier versions, for
//! history. A batch of readings is one log row (its id range), not one per reading, so
//! ingesting a year of sensor values costs a single small insert here. Edits, privacy
//! changes, corrections and deletions are a row each, with the visibility the reading
//! had, so that a viewer who never saw a reading never learns that it went.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};

use super::codec::{from_json, from_millis, millis, to_json};
use super::error::{StoreError, StoreResult};
use super::reading_columns::{
    READING_COLUMNS, READING_FROM, decode_reading, reading_from_row, visibility_code,
    visibility_from_code, visible_codes,
};
use crate::model::{Author, Reading, Viewer, Visibility};

/// What happened to readings, as logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadingChangeOp {
    /// New readings (a range of ids).
    Added,
    /// A reading's value or note was corrected.
    Edited,
    /// Who may see it changed.
    Privacy,
    /// It was deleted.
    Deleted,
    /// Its time was corrected for a device clock.
    Retimed,
}

impl ReadingChangeOp {
    fn code(self) -> i64 {
        match self {
            Self::Added => 1,
            Self::Edited => 2,
            Self::Privacy => 3,
            Self::Deleted => 4,
            Self::Retimed => 5,
        }
    }

    fn from_code(code: i64) -> StoreResult<Self> {
        Ok(match code {
            1 => Self::Added,
            2 => Self::Edited,
            3 => Self::Privacy,
            4 => Self::Deleted,
            5 => Self::Retimed,
            other => {
                return Err(StoreError::Corrupt {
                    reason: format!("unknown reading change {other}"),
                });
            }
        })
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Edited => "edited",
            Self::Privacy => "privacy",
            Self::Deleted => "deleted",
            Self::Retimed => "retimed",
        }
    }
}

/// Appends a log row for readings `first_id..=last_id`; `before` is the visibility they
/// had (for privacy changes and deletions).
pub(crate) fn log(
    tx: &Transaction<'_>,
    op: ReadingChangeOp,
    first_id: i64,
    last_id: i64,
    before: Option<Visibility>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO reading_changes (op, first_id, last_id, visibility, at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        op.code(),
        first_id,
        last_id,
        before.map(visibility_code),
        millis(now)
    ])?;
    Ok(())
}

/// An earlier version of a reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadingVersion {
    /// The reading as it was.
    pub reading: Reading,
    /// When it was replaced (or deleted).
    pub replaced_at: DateTime<Utc>,
    /// Who replaced it.
    pub author: Author,
    /// What was done: `edited`, `privacy`, `retimed` or `deleted`.
    pub change: ReadingChangeOp,
}

/// Keeps `old` as an earlier version, replaced by `op`.
pub(crate) fn save_version(
    tx: &Transaction<'_>,
    old: &Reading,
    op: ReadingChangeOp,
    author: &Author,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO reading_versions (reading_id, version, reading, replaced_at_ms,
             author, change) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        old.id,
        old.version,
        to_json(old)?,
        millis(now),
        to_json(author)?,
        op.as_str()
    ])?;
    Ok(())
}

/// The earlier versions of a reading, oldest first.
pub fn versions(conn: &Connection, id: i64) -> StoreResult<Vec<ReadingVersion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT reading, replaced_at_ms, author, change FROM reading_versions
         WHERE reading_id = ?1 ORDER BY version",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(reading, at, author, change)| {
            Ok(ReadingVersion {
                reading: from_json(&reading)?,
                replaced_at: from_millis(at)?,
                author: from_json(&author)?,
                change: serde_json::from_value(serde_json::Value::String(change))?,
            })
        })
        .collect()
}

/// Forgets the earlier versions of readings that no longer exist (the person purged
/// what they deleted).
pub(crate) fn purge_deleted_versions(tx: &Transaction<'_>) -> StoreResult<usize> {
    Ok(tx.execute(
        "DELETE FROM reading_versions WHERE reading_id NOT IN (SELECT id FROM readings)",
        [],
    )?)
}

/// Where the readings' part of the changes feed stands: after log row `seq`, and within
/// it after reading `after_id` (a batch can span pages).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadingCursor {
    /// The last log row read in full or in part.
    pub seq: i64,
    /// Within that row, the last reading given.
    pub after_id: i64,
}

/// The readings' part of a page of the changes feed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReadingChanges {
    /// Readings added or changed, as `viewer` sees them now.
    pub upserted: Vec<Reading>,
    /// Readings deleted, or no longer visible to `viewer`.
    pub removed: Vec<i64>,
    /// Where the next page starts.
    pub next: ReadingCursor,
    /// Whether more changes wait.
    pub has_more: bool,
}

enum Seen {
    Upsert,
    Removed,
}

/// What changed after `cursor`, as `viewer` sees it: at most `limit` readings.
pub fn changes_since(
    conn: &Connection,
    cursor: ReadingCursor,
    viewer: Viewer,
    limit: usize,
) -> StoreResult<ReadingChanges> {
    let limit = limit.clamp(1, 10_000);
    let mut order: Vec<i64> = Vec::new();
    let mut state: std::collections::HashMap<i64, Seen> = Default::default();
    let mut mark = |id: i64, seen: Seen, order: &mut Vec<i64>| {
        if state.insert(id, seen).is_none() {
            order.push(id);
        }
    };
    let mut next = cursor;
    let mut has_more = false;
    let mut rows = conn.prepare_cached(
        "SELECT seq, op, first_id, last_id, visibility FROM reading_changes
         WHERE seq >= ?1 ORDER BY seq",
    )?;
    let mut rows = rows.query([cursor.seq])?;
    let visible_sql = visible_codes(viewer);
    let mut range = conn.prepare_cached(&format!(
        "SELECT id FROM readings WHERE id BETWEEN ?1 AND ?2 AND visibility IN ({visible_sql})
         ORDER BY id LIMIT ?3"
    ))?;
    let mut is_visible = conn.prepare_cached(&format!(
        "SELECT 1 FROM readings WHERE id = ?1 AND visibility IN ({visible_sql})"
    ))?;
    while let Some(row) = rows.next()? {
        let seq: i64 = row.get(0)?;
        let op = ReadingChangeOp::from_code(row.get(1)?)?;
        let (first, last): (i64, i64) = (row.get(2)?, row.get(3)?);
        let before: Option<i64> = row.get(4)?;
        let after_id = if seq == cursor.seq {
            cursor.after_id
        } else {
            0
        };
        if seq == cursor.seq && (op != ReadingChangeOp::Added || after_id >= last) {
            continue; // read in full already
        }
        if order.len() >= limit {
            has_more = true;
            break;
        }
        let could_see = before.is_some_and(|v| viewer.can_see(visibility_from_code(v)));
        match op {
            ReadingChangeOp::Added => {
                let room = (limit - order.len()) as i64;
                let ids: Vec<i64> = range
                    .query_map(params![first.max(after_id + 1), last, room + 1], |r| {
                        r.get(0)
                    })?
                    .collect::<Result<_, _>>()?;
                let take = ids.len().min(room as usize);
                for &id in &ids[..take] {
                    mark(id, Seen::Upsert, &mut order);
                }
                if ids.len() > take {
                    next = ReadingCursor {
                        seq,
                        after_id: ids[take - 1],
                    };
                    has_more = true;
                    break;
                }
            }
            ReadingChangeOp::Edited | ReadingChangeOp::Retimed => {
                if is_visible.exists([first])? {
                    mark(first, Seen::Upsert, &mut order);
                }
            }
            ReadingChangeOp::Privacy => {
                if is_visible.exists([first])? {
                    mark(first, Seen::Upsert, &mut order);
                } else if could_see {
                    mark(first, Seen::Removed, &mut order);
                }
            }
            ReadingChangeOp::Deleted => {
                if could_see {
                    mark(first, Seen::Removed, &mut order);
                }
            }
        }
        next = ReadingCursor {
            seq,
            after_id: last,
        };
    }
    let mut page = ReadingChanges {
        next,
        has_more,
        ..Default::default()
    };
    let upserts: Vec<i64> = order
        .iter()
        .copied()
        .filter(|id| matches!(state.get(id), Some(Seen::Upsert)))
        .collect();
    let mut found = std::collections::HashMap::new();
    for chunk in upserts.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let mut stmt = conn.prepare(&format!(
            "SELECT {READING_COLUMNS} FROM {READING_FROM} WHERE r.id IN ({marks})
                 AND r.visibility IN ({visible_sql})"
        ))?;
        let stored = stmt
            .query_map(rusqlite::params_from_iter(chunk), reading_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        for s in stored {
            let r = decode_reading(s)?;
            found.insert(r.id, r);
        }
    }
    for id in order {
        match state.get(&id) {
            Some(Seen::Upsert) => match found.remove(&id) {
                Some(r) => page.upserted.push(r),
                None => page.removed.push(id),
            },
            _ => page.removed.push(id),
        }
    }
    Ok(page)
}
