//! Readings: batch ingest in one transaction, queries by kind and time, and per-day
//! summaries kept up to date on every write so that trends over years never scan rows.
//!
//! A reading's typed columns: `v1` the primary value (glucose, systolic, rate ...), `v2`
//! the secondary (diastolic, sleep quality), `v3` mean arterial pressure, `v4` pulse.
//! `local_day` is the day in the reading's own UTC offset (days since 1970-01-01), which
//! is what "readings on Tuesday" means to the person.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::{Row, Transaction, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::Record;
use super::codec::{from_millis, millis};
use super::devices::remember_device;
use super::error::{StoreError, StoreResult};
use crate::clock::Clock;
use crate::record::{
    DeviceIdentity, MenstrualFlow, NewReading, Reading, ReadingFlag, ReadingKind, ReadingSource,
    ReadingValue, Viewer, Visibility,
};

/// The flags, in bit order for the `flags` column. Never reorder: append.
const FLAG_BITS: [ReadingFlag; 11] = [
    ReadingFlag::BelowDeviceRange,
    ReadingFlag::AboveDeviceRange,
    ReadingFlag::ControlSolution,
    ReadingFlag::DeviceFault,
    ReadingFlag::TimeUncertain,
    ReadingFlag::BeforeMeal,
    ReadingFlag::AfterMeal,
    ReadingFlag::Fasting,
    ReadingFlag::IrregularPulse,
    ReadingFlag::BodyMovement,
    ReadingFlag::CuffLoose,
];

fn flags_to_bits(flags: &[ReadingFlag]) -> i64 {
    FLAG_BITS
        .iter()
        .enumerate()
        .filter(|(_, f)| flags.contains(f))
        .fold(0, |acc, (i, _)| acc | (1 << i))
}

fn bits_to_flags(bits: i64) -> Vec<ReadingFlag> {
    FLAG_BITS
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, f)| *f)
        .collect()
}

fn visibility_code(v: Visibility) -> i64 {
    match v {
        Visibility::Private => 0,
        Visibility::Shared => 1,
        Visibility::Emergency => 2,
    }
}

fn visibility_from_code(code: i64) -> Visibility {
    match code {
        1 => Visibility::Shared,
        2 => Visibility::Emergency,
        _ => Visibility::Private,
    }
}

fn visible_codes(viewer: Viewer) -> String {
    viewer
        .visible()
        .iter()
        .map(|v| visibility_code(*v).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Days since 1970-01-01 of the local date of `t`.
fn local_day(t: &DateTime<FixedOffset>) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (t.date_naive() - epoch).num_days()
}

/// The date of a day number.
pub fn day_to_date(day: i64) -> NaiveDate {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    epoch + chrono::Duration::days(day)
}

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

/// A reading's typed columns: v1 to v4 and the text value.
type ReadingColumns = (
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<String>,
);

fn columns(value: &ReadingValue) -> ReadingColumns {
    match value {
        ReadingValue::BloodPressure {
            mean_arterial_mmhg,
            pulse_per_min,
            ..
        } => (
            value.primary(),
            value.secondary(),
            *mean_arterial_mmhg,
            *pulse_per_min,
            None,
        ),
        ReadingValue::SideEffect {
            description,
            medication,
            ..
        } => (
            value.primary(),
            None,
            None,
            None,
            Some(
                serde_json::json!({ "description": description, "medication": medication })
                    .to_string(),
            ),
        ),
        _ => (value.primary(), value.secondary(), None, None, None),
    }
}

fn value_from_columns(
    kind: ReadingKind,
    v: [Option<f64>; 4],
    text: Option<String>,
) -> StoreResult<ReadingValue> {
    let need = |x: Option<f64>| {
        x.ok_or_else(|| StoreError::Corrupt {
            reason: format!("a {kind} reading has no value"),
        })
    };
    let small = |x: Option<f64>| need(x).map(|f| f.round().clamp(0.0, 255.0) as u8);
    Ok(match kind {
        ReadingKind::BloodGlucose => ReadingValue::BloodGlucose { mmol_per_l: v[0] },
        ReadingKind::BloodPressure => ReadingValue::BloodPressure {
            systolic_mmhg: need(v[0])?,
            diastolic_mmhg: need(v[1])?,
            mean_arterial_mmhg: v[2],
            pulse_per_min: v[3],
        },
        ReadingKind::HeartRate => ReadingValue::HeartRate {
            per_min: need(v[0])?,
        },
        ReadingKind::Weight => ReadingValue::Weight { kg: need(v[0])? },
        ReadingKind::Steps => ReadingValue::Steps {
            count: need(v[0])?.round().max(0.0) as u32,
        },
        ReadingKind::Sleep => ReadingValue::Sleep {
            minutes: need(v[0])?.round().max(0.0) as u32,
            quality: v[1].map(|q| q.round().clamp(0.0, 255.0) as u8),
        },
        ReadingKind::Mood => ReadingValue::Mood {
            score: small(v[0])?,
        },
        ReadingKind::Stress => ReadingValue::Stress {
            score: small(v[0])?,
        },
        ReadingKind::Alcohol => ReadingValue::Alcohol { units: need(v[0])? },
        ReadingKind::MenstrualCycle => ReadingValue::MenstrualCycle {
            flow: MenstrualFlow::from_level(small(v[0])?).ok_or_else(|| StoreError::Corrupt {
                reason: "a menstrual flow level is unknown".into(),
            })?,
        },
        ReadingKind::SideEffect => {
            let detail: serde_json::Value = serde_json::from_str(text.as_deref().unwrap_or("{}"))?;
            ReadingValue::SideEffect {
                description: detail["description"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                severity: small(v[0])?,
                medication: detail["medication"].as_str().map(str::to_string),
            }
        }
    })
}

fn source_text(source: &ReadingSource) -> String {
    match source {
        ReadingSource::Manual => "manual".into(),
        ReadingSource::Device => "device".into(),
        ReadingSource::App { name } => format!("app:{name}"),
    }
}

fn source_from_text(s: &str) -> ReadingSource {
    match s {
        "device" => ReadingSource::Device,
        other => match other.strip_prefix("app:") {
            Some(name) => ReadingSource::App { name: name.into() },
            None => ReadingSource::Manual,
        },
    }
}

const READING_COLUMNS: &str = "r.id, r.kind, r.taken_at_ms, r.utc_offset_min, r.v1, r.v2, r.v3, \
    r.v4, r.text_value, r.source, r.device_id, r.device_epoch, r.sequence, r.received_at_ms, \
    r.stored_at_ms, r.flags, r.visibility, r.note, d.manufacturer, d.model";

fn reading_from_row(row: &Row<'_>) -> rusqlite::Result<StoredReading> {
    Ok(StoredReading {
        id: row.get(0)?,
        kind: row.get(1)?,
        taken_at_ms: row.get(2)?,
        offset_min: row.get(3)?,
        v: [row.get(4)?, row.get(5)?, row.get(6)?, row.get(7)?],
        text: row.get(8)?,
        source: row.get(9)?,
        device_id: row.get(10)?,
        device_epoch: row.get(11)?,
        sequence: row.get(12)?,
        received_at_ms: row.get(13)?,
        stored_at_ms: row.get(14)?,
        flags: row.get(15)?,
        visibility: row.get(16)?,
        note: row.get(17)?,
        manufacturer: row.get(18)?,
        model: row.get(19)?,
    })
}

struct StoredReading {
    id: i64,
    kind: String,
    taken_at_ms: i64,
    offset_min: i32,
    v: [Option<f64>; 4],
    text: Option<String>,
    source: String,
    device_id: Option<String>,
    device_epoch: u32,
    sequence: Option<u32>,
    received_at_ms: Option<i64>,
    stored_at_ms: i64,
    flags: i64,
    visibility: i64,
    note: Option<String>,
    manufacturer: Option<String>,
    model: Option<String>,
}

fn decode_reading(s: StoredReading) -> StoreResult<Reading> {
    let kind: ReadingKind = s.kind.parse().map_err(|_| StoreError::Corrupt {
        reason: format!("unknown reading kind '{}'", s.kind),
    })?;
    let offset = FixedOffset::east_opt(s.offset_min * 60).ok_or_else(|| StoreError::Corrupt {
        reason: "a reading's UTC offset is out of range".into(),
    })?;
    Ok(Reading {
        id: s.id,
        reading: NewReading {
            value: value_from_columns(kind, s.v, s.text)?,
            taken_at: from_millis(s.taken_at_ms)?.with_timezone(&offset),
            source: source_from_text(&s.source),
            device: s.device_id.map(|id| DeviceIdentity {
                id,
                manufacturer: s.manufacturer,
                model: s.model,
            }),
            sequence_number: s.sequence,
            device_epoch: s.device_epoch,
            received_at: s.received_at_ms.map(from_millis).transpose()?,
            flags: bits_to_flags(s.flags),
            note: s.note,
            visibility: visibility_from_code(s.visibility),
        },
        stored_at: from_millis(s.stored_at_ms)?,
    })
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

/// Recomputes one day's summary from its rows (after a delete, where a minimum cannot be
/// taken back incrementally).
fn recompute_day(tx: &Transaction<'_>, kind: &str, day: i64, vis: i64) -> StoreResult<()> {
    tx.execute(
        "DELETE FROM reading_days WHERE kind = ?1 AND day = ?2 AND visibility = ?3",
        params![kind, day, vis],
    )?;
    let control_bit = 1 << 2; // ReadingFlag::ControlSolution in FLAG_BITS
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
            let (kind, day, vis): (String, i64, i64) = tx
                .query_row(
                    "SELECT kind, local_day, visibility FROM readings WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .map_err(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => StoreError::ReadingNotFound(id),
                    other => other.into(),
                })?;
            tx.execute("DELETE FROM readings WHERE id = ?1", [id])?;
            recompute_day(tx, &kind, day, vis)
        })
    }

    /// Changes who may see a reading, moving it between the summaries of each viewer.
    pub fn set_reading_visibility(&mut self, id: i64, visibility: Visibility) -> StoreResult<()> {
        self.write(|tx, _| {
            let (kind, day, old): (String, i64, i64) = tx
                .query_row(
                    "SELECT kind, local_day, visibility FROM readings WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .map_err(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => StoreError::ReadingNotFound(id),
                    other => other.into(),
                })?;
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
