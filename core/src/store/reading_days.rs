//! Per-day summaries of readings (kind, local day, visibility: count, sum, min, max), kept
//! up to date by every write so that a trend over years reads a few thousand small rows.
//! Only the person's own values at trusted times count: a control-solution test, or a
//! reading from a meter whose clock is five years fast, never moves a summary.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::error::StoreResult;
use super::reading_columns::{not_counted_mask, visible_codes};
use crate::model::day::{day_date, day_number};
use crate::model::{ReadingKind, Viewer};

/// One day's summary of a reading kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DailySummary {
    /// The local date.
    pub date: NaiveDate,
    /// How many readings.
    pub count: u32,
    /// Mean of the primary value.
    pub mean: Option<f64>,
    /// Lowest primary value.
    pub min: Option<f64>,
    /// Highest primary value.
    pub max: Option<f64>,
    /// Mean of the secondary value (diastolic), when the kind has one.
    pub mean_secondary: Option<f64>,
    /// The day's total of the primary value: what a cumulative kind (steps, sleep,
    /// activity, food, alcohol) shows instead of a mean.
    pub total: Option<f64>,
}

/// The figures kept for one (kind, day, visibility), or added up over several: what a
/// batch adds to a stored row, and a stored day read back across visibilities.
#[derive(Debug, Default)]
pub(crate) struct DayFigures {
    count: i64,
    count1: i64,
    sum1: f64,
    min1: Option<f64>,
    max1: Option<f64>,
    count2: i64,
    sum2: f64,
}

impl DayFigures {
    /// Counts one reading's values in.
    fn add(&mut self, v1: Option<f64>, v2: Option<f64>) {
        self.count += 1;
        if let Some(p) = v1 {
            self.count1 += 1;
            self.sum1 += p;
            self.min1 = Some(self.min1.map_or(p, |m| m.min(p)));
            self.max1 = Some(self.max1.map_or(p, |m| m.max(p)));
        }
        if let Some(s) = v2 {
            self.count2 += 1;
            self.sum2 += s;
        }
    }

    /// Adds the figures of another visibility of the same day.
    fn absorb(&mut self, other: DayFigures) {
        self.count += other.count;
        self.count1 += other.count1;
        self.sum1 += other.sum1;
        self.min1 = match (self.min1, other.min1) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.max1 = match (self.max1, other.max1) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.count2 += other.count2;
        self.sum2 += other.sum2;
    }

    /// The summary of local day number `day`.
    fn summary(self, day: i64) -> DailySummary {
        DailySummary {
            date: day_date(day),
            count: u32::try_from(self.count).unwrap_or(u32::MAX),
            mean: (self.count1 > 0).then(|| self.sum1 / self.count1 as f64),
            min: self.min1,
            max: self.max1,
            mean_secondary: (self.count2 > 0).then(|| self.sum2 / self.count2 as f64),
            total: (self.count1 > 0).then_some(self.sum1),
        }
    }
}

/// The deltas of one batch, keyed by (kind code, day, visibility code).
#[derive(Debug, Default)]
pub(crate) struct DayDeltas(HashMap<(i64, i64, i64), DayFigures>);

impl DayDeltas {
    /// Counts one reading's values in.
    pub fn add(&mut self, key: (i64, i64, i64), v1: Option<f64>, v2: Option<f64>) {
        self.0.entry(key).or_default().add(v1, v2);
    }

    /// Adds the deltas to the stored summaries, one upsert per day touched.
    pub fn apply(self, tx: &Transaction<'_>) -> StoreResult<()> {
        let mut upsert = tx.prepare_cached(
            "INSERT INTO reading_days (kind, day, visibility, count, count1, sum1, min1, max1,
                                       count2, sum2)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT(kind, day, visibility) DO UPDATE SET
                 count = count + excluded.count,
                 count1 = count1 + excluded.count1,
                 sum1 = sum1 + excluded.sum1,
                 min1 = CASE WHEN min1 IS NULL OR excluded.min1 < min1 THEN excluded.min1 ELSE min1 END,
                 max1 = CASE WHEN max1 IS NULL OR excluded.max1 > max1 THEN excluded.max1 ELSE max1 END,
                 count2 = count2 + excluded.count2,
                 sum2 = sum2 + excluded.sum2",
        )?;
        for ((kind, day, vis), d) in self.0 {
            upsert.execute(params![
                kind, day, vis, d.count, d.count1, d.sum1, d.min1, d.max1, d.count2, d.sum2
            ])?;
        }
        Ok(())
    }
}

/// Recomputes one day's summary from its rows (after a delete or a correction, where a
/// minimum cannot be taken back incrementally).
pub(crate) fn recompute_day(
    tx: &Transaction<'_>,
    kind: i64,
    day: i64,
    vis: i64,
) -> StoreResult<()> {
    tx.prepare_cached("DELETE FROM reading_days WHERE kind = ?1 AND day = ?2 AND visibility = ?3")?
        .execute(params![kind, day, vis])?;
    tx.prepare_cached(
        "INSERT INTO reading_days (kind, day, visibility, count, count1, sum1, min1, max1,
                                   count2, sum2)
         SELECT kind, local_day, visibility, COUNT(*), COUNT(v1), COALESCE(SUM(v1), 0),
                MIN(v1), MAX(v1), COUNT(v2), COALESCE(SUM(v2), 0)
         FROM readings WHERE kind = ?1 AND local_day = ?2 AND visibility = ?3
             AND (flags & ?4) = 0
         GROUP BY kind, local_day, visibility",
    )?
    .execute(params![kind, day, vis, not_counted_mask()])?;
    Ok(())
}

/// Per-day summaries of a kind between two local dates (inclusive). Only readings
/// `viewer` may see count, so a hidden reading never moves a shared average.
///
/// The rows come in key order (kind, day, visibility), so the visibilities of one day
/// are adjacent and are added up here as they arrive: a ten-year trend reads 3,650 rows
/// without SQL aggregates (which cost more than reading the rows).
pub fn daily_summaries(
    conn: &Connection,
    kind: ReadingKind,
    from: NaiveDate,
    to: NaiveDate,
    viewer: Viewer,
) -> StoreResult<Vec<DailySummary>> {
    let sql = format!(
        "SELECT day, count, sum1, min1, max1, count2, sum2, count1
         FROM reading_days WHERE kind = ?1 AND day BETWEEN ?2 AND ?3
             AND visibility IN ({})
         ORDER BY day, visibility",
        visible_codes(viewer)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![kind.code(), day_number(from), day_number(to)])?;
    let mut out = Vec::new();
    // The day being added up, and its figures so far.
    let mut current: Option<(i64, DayFigures)> = None;
    while let Some(r) = rows.next()? {
        let day: i64 = r.get(0)?;
        let row = DayFigures {
            count: r.get(1)?,
            sum1: r.get(2)?,
            min1: r.get(3)?,
            max1: r.get(4)?,
            count2: r.get(5)?,
            sum2: r.get(6)?,
            count1: r.get(7)?,
        };
        match current.as_mut() {
            Some((d, c)) if *d == day => c.absorb(row),
            _ => {
                if let Some((d, done)) = current.replace((day, row)) {
                    out.push(done.summary(d));
                }
            }
        }
    }
    if let Some((d, done)) = current {
        out.push(done.summary(d));
    }
    Ok(out)
}
