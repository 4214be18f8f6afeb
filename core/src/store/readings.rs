//! Readings: batch ingest in one transaction, queries by kind and time, and per-day
//! summaries kept up to date on every write so that trends over years never scan rows.
//! How a reading's value, flags and visibility map to columns is in `reading_columns.rs`.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Transaction, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::Record;
use super::codec::millis;
use super::devices::remember_device;
use super::error::{StoreError, StoreResult};
use super::reading_columns::{
    READING_COLUMNS, columns, day_to_date, decode_reading, flag_bit, flags_to_bits, local_day,
    reading_from_row, source_text, visibility_code, visible_codes,
};
use crate::clock::Clock;
use crate::record::{NewReading, Reading, ReadingFlag, ReadingKind, Viewer, Visibility};

/// What a batch ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestReport {
    /// Readings stored.
    pub added: usize,
    /// Readings already in the record (same device, epoch and sequence number).
    pub duplicates: usize,
    /// Ids of the stored readings, in input order.
    pub ids: Vec<i64>,
}

/// Which readings to list.
#[derive(Debug, Clone, Default)]
pub struct ReadingQuery {
    /// Only this kind.
    pub kind: Option<ReadingKind>,
    /// Taken at or after.
    pub from: Option<DateTime<Utc>>,
    /// Taken before.
    pub to: Option<DateTime<Utc>>,
    /// At most this many, newest first when set.
    pub limit: Option<usize>,
}

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
}

#[derive(Default)]
struct DayDelta {
    count: i64,
    count1: i64,
    sum1: f64,
    min1: Option<f64>,
    max1: Option<f64>,
    count2: i64,
    sum2: f64,
}

/// Inserts readings in the current transaction and updates the day summaries once per
/// batch.
pub(crate) fn insert_readings(
    tx: &Transaction<'_>,
    clock: &dyn Clock,
    readings: &[NewReading],
) -> StoreResult<IngestReport> {
    for (i, r) in readings.iter().enumerate() {
        r.validate().map_err(|mut e| {
            if readings.len() > 1 {
                e.field = format!("readings[{i}].{}", e.field);
            }
            e
        })?;
    }
    let now = millis(clock.now());
    let mut report = IngestReport::default();
    let mut days: HashMap<(ReadingKind, i64, i64), DayDelta> = HashMap::new();
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO readings (kind, taken_at_ms, utc_offset_min, local_day, v1, v2,
             v3, v4, text_value, source, device_id, device_epoch, sequence, received_at_ms,
             stored_at_ms, flags, visibility, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    for r in readings {
        if let Some(device) = &r.device {
            remember_device(tx, device)?;
        }
        let kind = r.value.kind();
        let (v1, v2, v3, v4, text) = columns(&r.value);
        let day = local_day(&r.taken_at);
        let vis = visibility_code(r.visibility);
        let inserted = stmt.execute(params![
            kind.as_str(),
            r.taken_at.timestamp_millis(),
            r.taken_at.offset().local_minus_utc() / 60,
            day,
            v1,
            v2,
            v3,
            v4,
            text,
            source_text(&r.source),
            r.device.as_ref().map(|d| d.id.as_str()),
            r.device_epoch,
            r.sequence_number,
            r.received_at.map(millis),
            now,
            flags_to_bits(&r.flags),
            vis,
            r.note,
        ])?;
        if inserted == 0 {
            report.duplicates += 1;
            continue;
        }
        report.added += 1;
        report.ids.push(tx.last_insert_rowid());
        if r.flags.contains(&ReadingFlag::ControlSolution) {
            continue; // a control-solution test is not the person's value
        }
        let delta = days.entry((kind, day, vis)).or_default();
        delta.count += 1;
        if let Some(p) = v1 {
            delta.count1 += 1;
            delta.sum1 += p;
            delta.min1 = Some(delta.min1.map_or(p, |m| m.min(p)));
            delta.max1 = Some(delta.max1.map_or(p, |m| m.max(p)));
        }
        if let Some(s) = v2 {
            delta.count2 += 1;
            delta.sum2 += s;
        }
    }
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
    for ((kind, day, vis), d) in days {
        upsert.execute(params![
            kind.as_str(),
            day,
            vis,
            d.count,
            d.count1,
            d.sum1,
            d.min1,
            d.max1,
            d.count2,
            d.sum2
        ])?;
    }
    Ok(report)
}

/// Where a reading is summarised: its kind, local day and visibility code.
fn summary_key_of(tx: &Transaction<'_>, id: i64) -> StoreResult<(String, i64, i64)> {
    tx.query_row(
        "SELECT kind, local_day, visibility FROM readings WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .map_err(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => StoreError::ReadingNotFound(id),
        other => other.into(),
    })
}

/// Recomputes one day's summary from its rows (after a delete, where a minimum cannot be
/// taken back incrementally).
fn recompute_day(tx: &Transaction<'_>, kind: &str, day: i64, vis: i64) -> StoreResult<()> {
    tx.execute(
        "DELETE FROM reading_days WHERE kind = ?1 AND day = ?2 AND visibility = ?3",
        params![kind, day, vis],
    )?;
    let control_bit = flag_bit(ReadingFlag::ControlSolution);
    tx.execute(
        "INSERT INTO reading_days (kind, day, visibility, count, count1, sum1, min1, max1,
                                   count2, sum2)
         SELECT kind, local_day, visibility, COUNT(*), COUNT(v1), COALESCE(SUM(v1), 0),
                MIN(v1), MAX(v1),
                COUNT(v2), COALESCE(SUM(v2), 0)
         FROM readings WHERE kind = ?1 AND local_day = ?2 AND visibility = ?3
             AND (flags & ?4) = 0
         GROUP BY kind, local_day, visibility",
        params![kind, day, vis, control_bit],
    )?;
    Ok(())
}

impl Record {
    /// Adds one reading.
    pub fn add_reading(&mut self, reading: NewReading) -> StoreResult<Reading> {
        let report = self.add_readings(std::slice::from_ref(&reading))?;
        match report.ids.first() {
            Some(id) => self.reading(*id),
            None => Err(StoreError::Invalid(crate::record::ValidationError::new(
                "sequence_number",
                "this device reading is already in the record",
            ))),
        }
    }

    /// Adds a batch of readings in one transaction. Device readings already in the record
    /// (same device, epoch and sequence number) are skipped, so a re-sync adds nothing.
    /// If any reading is invalid, none is stored.
    pub fn add_readings(&mut self, readings: &[NewReading]) -> StoreResult<IngestReport> {
        self.write(|tx, clock| {
            let report = insert_readings(tx, clock, readings)?;
            crate::rules::evaluate_new_readings(tx, clock, &report.ids)?;
            Ok(report)
        })
    }

    /// One reading by id (the person's view).
    pub fn reading(&self, id: i64) -> StoreResult<Reading> {
        let sql = format!(
            "SELECT {READING_COLUMNS} FROM readings r LEFT JOIN devices d ON d.id = r.device_id
             WHERE r.id = ?1"
        );
        let stored = self
            .conn()
            .query_row(&sql, [id], reading_from_row)
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => StoreError::ReadingNotFound(id),
                other => other.into(),
            })?;
        decode_reading(stored)
    }

    /// Readings `viewer` may see, oldest first (newest first when a limit is set).
    pub fn readings(&self, query: &ReadingQuery, viewer: Viewer) -> StoreResult<Vec<Reading>> {
        let mut sql = format!(
            "SELECT {READING_COLUMNS} FROM readings r LEFT JOIN devices d ON d.id = r.device_id
             WHERE r.visibility IN ({})",
            visible_codes(viewer)
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(kind) = query.kind {
            args.push(kind.as_str().to_string().into());
            sql.push_str(&format!(" AND r.kind = ?{}", args.len()));
        }
        if let Some(from) = query.from {
            args.push(millis(from).into());
            sql.push_str(&format!(" AND r.taken_at_ms >= ?{}", args.len()));
        }
        if let Some(to) = query.to {
            args.push(millis(to).into());
            sql.push_str(&format!(" AND r.taken_at_ms < ?{}", args.len()));
        }
        match query.limit {
            Some(limit) => sql.push_str(&format!(
                " ORDER BY r.taken_at_ms DESC, r.id DESC LIMIT {limit}"
            )),
            None => sql.push_str(" ORDER BY r.taken_at_ms, r.id"),
        }
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), reading_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(decode_reading).collect()
    }

    /// Every reading a device gave (the person's view), oldest first, through the
    /// (device, epoch, sequence) index: a sync checks what it already has without
    /// reading every other reading of the kind.
    pub fn device_readings(&self, device_id: &str) -> StoreResult<Vec<Reading>> {
        let sql = format!(
            "SELECT {READING_COLUMNS} FROM readings r LEFT JOIN devices d ON d.id = r.device_id
             WHERE r.device_id = ?1 ORDER BY r.taken_at_ms, r.id"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt
            .query_map([device_id], reading_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(decode_reading).collect()
    }

    /// How many readings of a kind `viewer` may see.
    pub fn reading_count(&self, kind: Option<ReadingKind>, viewer: Viewer) -> StoreResult<u64> {
        let sql = format!(
            "SELECT COUNT(*) FROM readings WHERE visibility IN ({}) AND (?1 IS NULL OR kind = ?1)",
            visible_codes(viewer)
        );
        Ok(self
            .conn()
            .query_row(&sql, [kind.map(|k| k.as_str())], |r| r.get::<_, i64>(0))? as u64)
    }

    /// Deletes a reading and corrects its day's summary.
    pub fn delete_reading(&mut self, id: i64) -> StoreResult<()> {
        self.write(|tx, _| {
            let (kind, day, vis) = summary_key_of(tx, id)?;
            tx.execute("DELETE FROM readings WHERE id = ?1", [id])?;
            recompute_day(tx, &kind, day, vis)
        })
    }

    /// Changes who may see a reading, moving it between the summaries of each viewer.
    pub fn set_reading_visibility(&mut self, id: i64, visibility: Visibility) -> StoreResult<()> {
        self.write(|tx, _| {
            let (kind, day, old) = summary_key_of(tx, id)?;
            let new = visibility_code(visibility);
            tx.execute(
                "UPDATE readings SET visibility = ?1 WHERE id = ?2",
                params![new, id],
            )?;
            recompute_day(tx, &kind, day, old)?;
            recompute_day(tx, &kind, day, new)
        })
    }

    /// Per-day summaries of a kind between two local dates (inclusive), from the summary
    /// table: a ten-year trend reads at most a few thousand small rows. Only readings
    /// `viewer` may see count, so a hidden reading never moves a shared average.
    pub fn daily_summaries(
        &self,
        kind: ReadingKind,
        from: NaiveDate,
        to: NaiveDate,
        viewer: Viewer,
    ) -> StoreResult<Vec<DailySummary>> {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        let sql = format!(
            "SELECT day, SUM(count), SUM(sum1), MIN(min1), MAX(max1), SUM(count2), SUM(sum2),
                    SUM(count1)
             FROM reading_days WHERE kind = ?1 AND day BETWEEN ?2 AND ?3
                 AND visibility IN ({})
             GROUP BY day ORDER BY day",
            visible_codes(viewer)
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![
                kind.as_str(),
                (from - epoch).num_days(),
                (to - epoch).num_days()
            ],
            |r| {
                let count: i64 = r.get(1)?;
                let sum1: f64 = r.get(2)?;
                let count2: i64 = r.get(5)?;
                let sum2: f64 = r.get(6)?;
                let count1: i64 = r.get(7)?;
                Ok(DailySummary {
                    date: day_to_date(r.get(0)?),
                    count: count as u32,
                    mean: (count1 > 0).then(|| sum1 / count1 as f64),
                    min: r.get(3)?,
                    max: r.get(4)?,
                    mean_secondary: (count2 > 0).then(|| sum2 / count2 as f64),
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
