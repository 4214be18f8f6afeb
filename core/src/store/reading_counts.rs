//! How many readings there are of each kind and visibility, and how many of those have
//! a time that cannot be trusted (schema version 8), kept up to date by every reading
//! write in the same transaction, so that a first screen counts a million readings by
//! reading a few small rows instead of decrypting every page of an index.

use rusqlite::{Connection, Transaction, params};
use std::collections::HashMap;

use super::error::StoreResult;
use super::reading_columns::{untrusted_time_mask, visible_codes};
use crate::model::{ReadingKind, Viewer};

/// The count key of a reading: kind code, visibility code, and whether its flag bits
/// make its time untrusted.
pub(crate) fn key(kind: i64, visibility: i64, flag_bits: i64) -> (i64, i64, bool) {
    (kind, visibility, flag_bits & untrusted_time_mask() != 0)
}

/// What a write changes in the counts, applied once per key at the end.
#[derive(Debug, Default)]
pub(crate) struct CountDeltas(HashMap<(i64, i64, bool), i64>);

impl CountDeltas {
    /// Counts `by` more (or, negative, fewer) readings under `key`.
    pub fn add(&mut self, key: (i64, i64, bool), by: i64) {
        *self.0.entry(key).or_default() += by;
    }

    /// Adds the deltas to the stored counts, one upsert per key that changed.
    pub fn apply(self, tx: &Transaction<'_>) -> StoreResult<()> {
        let mut upsert = tx.prepare_cached(
            "INSERT INTO reading_counts (kind, visibility, untrusted, count)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(kind, visibility, untrusted) DO UPDATE SET count = count + excluded.count",
        )?;
        for ((kind, vis, untrusted), by) in self.0 {
            if by != 0 {
                upsert.execute(params![kind, vis, untrusted, by])?;
            }
        }
        Ok(())
    }
}

/// How many readings `viewer` may see, per kind: (kind code, all, with an untrusted
/// time), kinds without readings left out.
pub(crate) fn per_kind(conn: &Connection, viewer: Viewer) -> StoreResult<Vec<(i64, u64, u64)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT kind, SUM(count), SUM(CASE WHEN untrusted THEN count ELSE 0 END)
         FROM reading_counts WHERE visibility IN ({}) GROUP BY kind HAVING SUM(count) > 0",
        visible_codes(viewer)
    ))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows
        .into_iter()
        .map(|(k, all, untrusted)| (k, all.max(0) as u64, untrusted.max(0) as u64))
        .collect())
}

/// How many readings of `kind` (or of every kind) `viewer` may see: all of them, and
/// those with an untrusted time.
pub(crate) fn count(
    conn: &Connection,
    kind: Option<ReadingKind>,
    viewer: Viewer,
) -> StoreResult<(u64, u64)> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT COALESCE(SUM(count), 0), COALESCE(SUM(CASE WHEN untrusted THEN count ELSE 0 END), 0)
         FROM reading_counts WHERE (?1 IS NULL OR kind = ?1) AND visibility IN ({})",
        visible_codes(viewer)
    ))?;
    let (all, untrusted): (i64, i64) =
        stmt.query_row([kind.map(|k| k.code())], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((all.max(0) as u64, untrusted.max(0) as u64))
}
