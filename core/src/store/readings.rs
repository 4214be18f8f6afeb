//! The readings table: batch insert in the caller's transaction (day summaries and the
//! change log kept up to date with it), typed queries for screens and for rules, and
//! corrections that keep the earlier version.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::codec::millis;
use super::error::{StoreError, StoreResult};
use super::origins::origin_for;
use super::reading_changes::{self as changes, ReadingChangeOp};
use super::reading_columns::{
    ORIGIN_DEVICE, READING_COLUMNS, READING_FROM, ReadingColumns, columns, context_code,
    decode_reading, flag_bit, flags_to_bits, not_counted_mask, origin_of, reading_from_row,
    source_code, untrusted_time_mask, visibility_code, visible_codes,
};
use super::reading_counts::{self, CountDeltas};
use super::reading_days::{DayDeltas, recompute_day};
use crate::model::day::{DAY_MS, local_day};
use crate::model::{
    Author, NewReading, Reading, ReadingFlag, ReadingKind, ReadingValue, Sample, Viewer,
    Visibility, future_tolerance,
};

/// What a batch ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestReport {
    /// Readings stored.
    pub added: u32,
    /// Readings already in the record (same device, epoch and sequence number, or the
    /// same app's record id at the same or a newer version).
    pub duplicates: u32,
    /// Readings from another app that replaced an older version of themselves.
    pub updated: u32,
    /// Ids of the stored (added or updated) readings, in input order.
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
    pub limit: Option<u32>,
}

/// Where a page of readings ends: the time and id of its last reading (newest first), so
/// the next page starts after it even while new readings arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadingsCursor {
    /// Time of the last reading on the page, ms.
    pub taken_at_ms: i64,
    /// Its id.
    pub id: i64,
}

/// A page of readings, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadingsPage {
    /// The readings.
    pub readings: Vec<Reading>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<ReadingsCursor>,
}

fn reading_select(filter: &str) -> String {
    format!("SELECT {READING_COLUMNS} FROM {READING_FROM} {filter}")
}

/// The origin ids of one batch, so a batch of 500 from one meter looks its meter up once
/// (and writes it only when it is new or its details are).
#[derive(Default)]
struct Origins(Vec<(i64, String, i64)>);

impl Origins {
    fn of(&mut self, tx: &Transaction<'_>, r: &NewReading) -> StoreResult<Option<i64>> {
        let Some((kind, name)) = origin_of(r) else {
            return Ok(None);
        };
        if let Some((.., id)) = self.0.iter().find(|(k, n, _)| *k == kind && n == name) {
            return Ok(Some(*id));
        }
        let (manufacturer, model) = match (&r.device, kind) {
            (Some(d), ORIGIN_DEVICE) => (d.manufacturer.as_deref(), d.model.as_deref()),
            _ => (None, None),
        };
        let id = origin_for(tx, kind, name, manufacturer, model)?;
        self.0.push((kind, name.to_string(), id));
        Ok(Some(id))
    }
}

/// A stored reading as the rules see it, made from what was written (the same as
/// reading it back).
fn sample_of(id: i64, r: &NewReading, day: i64, cols: &ReadingColumns, bits: i64) -> Sample {
    let has = |flag: ReadingFlag| bits & flag_bit(flag) != 0;
    Sample {
        id,
        kind: r.value.kind(),
        taken_at_ms: r.taken_at.timestamp_millis(),
        utc_offset_min: r.taken_at.offset().local_minus_utc() / 60,
        local_day: day,
        primary: cols.0,
        secondary: cols.1,
        pulse: cols.3,
        below_range: has(ReadingFlag::BelowDeviceRange),
        above_range: has(ReadingFlag::AboveDeviceRange),
        excluded: has(ReadingFlag::ControlSolution) || has(ReadingFlag::DeviceFault),
        time_trusted: bits & untrusted_time_mask() == 0,
    }
}

/// Checks every reading of a batch; an error names the reading's place in a batch of
/// more than one (`readings[7].mmol_per_l`).
pub fn validate_batch(readings: &[NewReading]) -> StoreResult<()> {
    for (i, r) in readings.iter().enumerate() {
        r.validate().map_err(|mut e| {
            if readings.len() > 1 {
                e.field = format!("readings[{i}].{}", e.field);
            }
            e
        })?;
    }
    Ok(())
}

/// Inserts readings in the current transaction, updates the day summaries and counts
/// once per batch and logs the batch in the change log. A reading dated more than ten
/// minutes after `now` is stored flagged [`ReadingFlag::TimeAhead`]; `sync` ties device
/// readings to their sync session.
pub fn insert_batch(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    readings: &[NewReading],
    sync: Option<i64>,
) -> StoreResult<IngestReport> {
    validate_batch(readings)?;
    Ok(insert_checked(tx, now, readings, sync)?.0)
}

/// [`insert_batch`] for a batch [`validate_batch`] has passed, returning with the report
/// the stored (added or updated) readings as the rules see them, so that the rules on
/// the batch need not read it back.
pub fn insert_checked(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    readings: &[NewReading],
    sync: Option<i64>,
) -> StoreResult<(IngestReport, Vec<Sample>)> {
    let now_ms = millis(now);
    let ahead_after = now + future_tolerance();
    let mut report = IngestReport::default();
    let mut samples = Vec::with_capacity(readings.len());
    let mut days = DayDeltas::default();
    let mut counts = CountDeltas::default();
    let mut origins = Origins::default();
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO readings (kind, taken_at_ms, utc_offset_min, ended_at_ms, local_day,
             v1, v2, v3, v4, text_value, source, origin, device_epoch, sequence, client_id,
             client_version, sync, received_at_ms, stored_at_ms, flags, context, visibility, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, ?20, ?21, ?22, ?23)",
    )?;
    let mut first_new: Option<i64> = None;
    let mut last_new = 0;
    for r in readings {
        let origin = origins.of(tx, r)?;
        let ahead = r.taken_at.to_utc() > ahead_after && !r.flags.contains(&ReadingFlag::TimeAhead);
        let mut bits = flags_to_bits(&r.flags);
        if ahead {
            bits |= flag_bit(ReadingFlag::TimeAhead);
        }
        if let (Some(client_id), Some(origin)) = (&r.client_record_id, origin)
            && let Some((id, version)) = client_record(tx, origin, client_id)?
        {
            if r.client_record_version.unwrap_or(0) > version.unwrap_or(0) {
                let mut newer = r.clone();
                if ahead {
                    newer.flags.push(ReadingFlag::TimeAhead);
                }
                let cols = columns(&newer.value);
                let sample = sample_of(id, &newer, local_day(&newer.taken_at), &cols, bits);
                replace(tx, now, id, newer, &Author::Person, ReadingChangeOp::Edited)?;
                samples.push(sample);
                report.updated += 1;
                report.ids.push(id);
            } else {
                report.duplicates += 1;
            }
            continue;
        }
        let kind = r.value.kind();
        let cols = columns(&r.value);
        let day = local_day(&r.taken_at);
        let vis = visibility_code(r.visibility);
        let inserted = insert.execute(params![
            kind.code(),
            r.taken_at.timestamp_millis(),
            r.taken_at.offset().local_minus_utc() / 60,
            r.ended_at.map(|t| t.timestamp_millis()),
            day,
            cols.0,
            cols.1,
            cols.2,
            cols.3,
            cols.4,
            source_code(&r.source),
            origin,
            r.device_epoch,
            r.sequence_number,
            r.client_record_id,
            r.client_record_version,
            sync,
            r.received_at.map(millis),
            now_ms,
            bits,
            context_code(&r.context),
            vis,
            r.note,
        ])?;
        if inserted == 0 {
            report.duplicates += 1;
            continue;
        }
        let id = tx.last_insert_rowid();
        first_new.get_or_insert(id);
        last_new = id;
        report.added += 1;
        report.ids.push(id);
        samples.push(sample_of(id, r, day, &cols, bits));
        counts.add(reading_counts::key(kind.code(), vis, bits), 1);
        if bits & not_counted_mask() == 0 {
            days.add((kind.code(), day, vis), cols.0, cols.1);
        }
    }
    days.apply(tx)?;
    counts.apply(tx)?;
    if let Some(first) = first_new {
        changes::log(tx, ReadingChangeOp::Added, first, last_new, None, now)?;
    }
    Ok((report, samples))
}

/// The stored reading an app's record id names, with its version.
fn client_record(
    tx: &Transaction<'_>,
    origin: i64,
    client_id: &str,
) -> StoreResult<Option<(i64, Option<i64>)>> {
    Ok(tx
        .prepare_cached(
            "SELECT id, client_version FROM readings WHERE origin = ?1 AND client_id = ?2",
        )?
        .query_row(params![origin, client_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// One reading by id, whoever may see it (the person's view).
pub fn get(conn: &Connection, id: i64) -> StoreResult<Reading> {
    let stored = conn
        .prepare_cached(&reading_select("WHERE r.id = ?1"))?
        .query_row([id], reading_from_row)
        .optional()?
        .ok_or(StoreError::ReadingNotFound(id))?;
    decode_reading(stored)
}

/// One reading as `viewer` may see it: a reading they may not see does not exist.
pub fn get_for(conn: &Connection, id: i64, viewer: Viewer) -> StoreResult<Reading> {
    let r = get(conn, id)?;
    if viewer.can_see(r.reading.visibility) {
        Ok(r)
    } else {
        Err(StoreError::ReadingNotFound(id))
    }
}

/// Readings `viewer` may see, oldest first (newest first when a limit is set).
pub fn list(conn: &Connection, query: &ReadingQuery, viewer: Viewer) -> StoreResult<Vec<Reading>> {
    let mut filter = format!("WHERE r.visibility IN ({})", visible_codes(viewer));
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(kind) = query.kind {
        args.push(kind.code().into());
        filter.push_str(&format!(" AND r.kind = ?{}", args.len()));
    }
    if let Some(from) = query.from {
        args.push(millis(from).into());
        filter.push_str(&format!(" AND r.taken_at_ms >= ?{}", args.len()));
    }
    if let Some(to) = query.to {
        args.push(millis(to).into());
        filter.push_str(&format!(" AND r.taken_at_ms < ?{}", args.len()));
    }
    match query.limit {
        Some(limit) => filter.push_str(&format!(
            " ORDER BY r.taken_at_ms DESC, r.id DESC LIMIT {limit}"
        )),
        None => filter.push_str(" ORDER BY r.taken_at_ms, r.id"),
    }
    let mut stmt = conn.prepare_cached(&reading_select(&filter))?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args), reading_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(decode_reading).collect()
}

/// A page of readings of one kind (or all) taken in `[from, to)`, newest first, after
/// `cursor`. Keyset paging: each page is one indexed range read, however deep.
pub fn page(
    conn: &Connection,
    kind: Option<ReadingKind>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    viewer: Viewer,
    limit: usize,
    cursor: Option<ReadingsCursor>,
) -> StoreResult<ReadingsPage> {
    let limit = limit.clamp(1, 10_000);
    let (before_ms, before_id) = cursor.map_or((i64::MAX, i64::MAX), |c| (c.taken_at_ms, c.id));
    let kind_filter = if kind.is_some() {
        "r.kind = ?6 AND"
    } else {
        "?6 IS NULL AND"
    };
    let sql = reading_select(&format!(
        "WHERE {kind_filter} r.visibility IN ({}) AND r.taken_at_ms >= ?1 AND r.taken_at_ms < ?2
             AND (r.taken_at_ms < ?3 OR (r.taken_at_ms = ?3 AND r.id < ?4))
         ORDER BY r.taken_at_ms DESC, r.id DESC LIMIT ?5",
        visible_codes(viewer)
    ));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(
            params![
                from.map_or(i64::MIN, millis),
                to.map_or(i64::MAX, millis),
                before_ms,
                before_id,
                limit as i64 + 1,
                kind.map(|k| k.code()),
            ],
            reading_from_row,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    let more = rows.len() > limit;
    let readings: Vec<Reading> = rows
        .into_iter()
        .take(limit)
        .map(decode_reading)
        .collect::<StoreResult<_>>()?;
    let next = match (more, readings.last()) {
        (true, Some(last)) => Some(ReadingsCursor {
            taken_at_ms: last.reading.taken_at.timestamp_millis(),
            id: last.id,
        }),
        _ => None,
    };
    Ok(ReadingsPage { readings, next })
}

/// How many readings of a kind (or of every kind) `viewer` may see (from the kept
/// counts: no row is read).
pub fn count(conn: &Connection, kind: Option<ReadingKind>, viewer: Viewer) -> StoreResult<u64> {
    Ok(reading_counts::count(conn, kind, viewer)?.0)
}

/// How many readings of each kind `viewer` may see: (kind, all, with an untrusted time),
/// in kind-code order, kinds without readings left out.
pub fn counts_per_kind(
    conn: &Connection,
    viewer: Viewer,
) -> StoreResult<Vec<(ReadingKind, u64, u64)>> {
    reading_counts::per_kind(conn, viewer)?
        .into_iter()
        .map(|(code, all, untrusted)| {
            let kind = ReadingKind::from_code(code).ok_or_else(|| StoreError::Corrupt {
                reason: format!("unknown reading kind {code}"),
            })?;
            Ok((kind, all, untrusted))
        })
        .collect()
}

/// The latest reading of `kind` that `viewer` may see and that counts: the person's own
/// value (not a control-solution test) at a time that can be trusted. A meter dating
/// its readings five years ahead never provides "the latest reading".
pub fn latest_counted(
    conn: &Connection,
    kind: ReadingKind,
    viewer: Viewer,
) -> StoreResult<Option<Reading>> {
    let stored = conn
        .prepare_cached(&reading_select(&format!(
            "WHERE r.kind = ?1 AND (r.flags & ?2) = 0 AND r.visibility IN ({})
             ORDER BY r.taken_at_ms DESC, r.id DESC LIMIT 1",
            visible_codes(viewer)
        )))?
        .query_row(params![kind.code(), not_counted_mask()], reading_from_row)
        .optional()?;
    stored.map(decode_reading).transpose()
}

/// How many readings of `kind` whose time cannot be trusted `viewer` may see.
pub fn untrusted_count(conn: &Connection, kind: ReadingKind, viewer: Viewer) -> StoreResult<u64> {
    Ok(reading_counts::count(conn, Some(kind), viewer)?.1)
}

/// A device's stored glucose records: (epoch, sequence number, the wall-clock time the
/// meter gave it, or `None` when the meter's clock was unset), through the per-device
/// index, so a sync checks what it already has without reading any other reading. A
/// reading whose time was corrected is given at the meter's own time, which is how the
/// meter still knows it.
pub fn device_glucose_keys(
    conn: &Connection,
    device_id: &str,
) -> StoreResult<Vec<(u32, u32, Option<NaiveDateTime>)>> {
    let Some(origin) = super::origins::device_origin(conn, device_id)? else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT r.device_epoch, r.sequence, r.taken_at_ms, r.utc_offset_min, r.received_at_ms,
                r.flags, s.correction_ms
         FROM readings r LEFT JOIN device_syncs s ON s.id = r.sync
         WHERE r.origin = ?1 AND r.kind = ?2 AND r.sequence IS NOT NULL",
    )?;
    let rows = stmt
        .query_map(params![origin, ReadingKind::BloodGlucose.code()], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i32>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, Option<i64>>(6)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let uncertain = flag_bit(ReadingFlag::TimeUncertain);
    let corrected = flag_bit(ReadingFlag::TimeCorrected);
    rows.into_iter()
        .map(|(epoch, seq, ms, offset, received, flags, correction)| {
            let offset =
                chrono::FixedOffset::east_opt(offset * 60).ok_or_else(|| StoreError::Corrupt {
                    reason: "a reading's UTC offset is out of range".into(),
                })?;
            // A reading whose meter clock was unset was stored at its receive time.
            let unset = flags & uncertain != 0 && received == Some(ms);
            let mut local = super::codec::from_millis(ms)?.with_timezone(&offset);
            if flags & corrected != 0 {
                local += Duration::milliseconds(correction.unwrap_or(0));
            }
            Ok((epoch, seq, (!unset).then(|| local.naive_local())))
        })
        .collect()
}

// ---- samples: readings as rules see them ----

const SAMPLE_COLUMNS: &str = "id, kind, taken_at_ms, utc_offset_min, local_day, v1, v2, v4, flags";

fn sample_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Sample)> {
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
            time_trusted: flags & untrusted_time_mask() == 0,
        },
    ))
}

fn finish_samples(rows: Vec<(i64, Sample)>) -> StoreResult<Vec<Sample>> {
    rows.into_iter()
        .map(|(kind, mut s)| {
            s.kind = ReadingKind::from_code(kind).ok_or_else(|| StoreError::Corrupt {
                reason: format!("unknown reading kind {kind}"),
            })?;
            Ok(s)
        })
        .collect()
}

/// The readings with these ids, as samples.
pub fn samples_by_ids(conn: &Connection, ids: &[i64]) -> StoreResult<Vec<Sample>> {
    let mut rows = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let mut stmt = conn.prepare_cached(&format!(
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
pub fn samples_between(
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
        .query_map(params![kind.code(), from_ms, to_ms], sample_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    finish_samples(rows)
}

/// Readings of `kind` on local days `[from_day, to_day]`. Offsets reach 14 hours either
/// side of UTC, so the time index is searched with that margin.
pub fn samples_on_days(
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
pub fn time_bounds(conn: &Connection, kind: ReadingKind) -> StoreResult<Option<(i64, i64)>> {
    let row: (Option<i64>, Option<i64>) = conn
        .prepare_cached("SELECT MIN(taken_at_ms), MAX(taken_at_ms) FROM readings WHERE kind = ?1")?
        .query_row([kind.code()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(row.0.zip(row.1))
}

/// The latest reading of `kind` (id and time) that counts: the person's own value at a
/// trusted time.
pub fn last_counted(conn: &Connection, kind: ReadingKind) -> StoreResult<Option<(i64, i64)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, taken_at_ms FROM readings WHERE kind = ?1 AND (flags & ?2) = 0
             ORDER BY taken_at_ms DESC, id DESC LIMIT 1",
        )?
        .query_row(params![kind.code(), not_counted_mask()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// How many readings of `kind` that count were taken in `[from_ms, to_ms]`.
pub fn count_counted_between(
    conn: &Connection,
    kind: ReadingKind,
    from_ms: i64,
    to_ms: i64,
) -> StoreResult<u64> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM readings WHERE kind = ?1 AND taken_at_ms BETWEEN ?2 AND ?3
                 AND (flags & ?4) = 0",
        )?
        .query_row(
            params![kind.code(), from_ms, to_ms, not_counted_mask()],
            |r| r.get(0),
        )?;
    Ok(n.max(0) as u64)
}

// ---- corrections ----

/// Replaces reading `id` with `new` (same id, version + 1), keeping the old version,
/// logging the change and correcting the summaries of both days.
fn replace(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    id: i64,
    new: NewReading,
    author: &Author,
    op: ReadingChangeOp,
) -> StoreResult<Reading> {
    let old = get(tx, id)?;
    changes::save_version(tx, &old, op, author, now)?;
    let kind = new.value.kind();
    let (v1, v2, v3, v4, text) = columns(&new.value);
    tx.prepare_cached(
        "UPDATE readings SET kind = ?2, taken_at_ms = ?3, utc_offset_min = ?4, ended_at_ms = ?5,
             local_day = ?6, v1 = ?7, v2 = ?8, v3 = ?9, v4 = ?10, text_value = ?11,
             client_version = ?12, flags = ?13, context = ?14, visibility = ?15, note = ?16,
             version = version + 1
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        kind.code(),
        new.taken_at.timestamp_millis(),
        new.taken_at.offset().local_minus_utc() / 60,
        new.ended_at.map(|t| t.timestamp_millis()),
        local_day(&new.taken_at),
        v1,
        v2,
        v3,
        v4,
        text,
        new.client_record_version
            .or(old.reading.client_record_version),
        flags_to_bits(&new.flags),
        context_code(&new.context),
        visibility_code(new.visibility),
        new.note,
    ])?;
    let old_key = (
        old.reading.value.kind().code(),
        local_day(&old.reading.taken_at),
        visibility_code(old.reading.visibility),
    );
    let new_key = (
        kind.code(),
        local_day(&new.taken_at),
        visibility_code(new.visibility),
    );
    recompute_day(tx, old_key.0, old_key.1, old_key.2)?;
    if new_key != old_key {
        recompute_day(tx, new_key.0, new_key.1, new_key.2)?;
    }
    let mut counts = CountDeltas::default();
    counts.add(
        reading_counts::key(old_key.0, old_key.2, flags_to_bits(&old.reading.flags)),
        -1,
    );
    counts.add(
        reading_counts::key(new_key.0, new_key.2, flags_to_bits(&new.flags)),
        1,
    );
    counts.apply(tx)?;
    changes::log(tx, op, id, id, Some(old.reading.visibility), now)?;
    get(tx, id)
}

/// Corrects a reading's value, note or context (a new version; the old one stays in
/// its history). The kind cannot change, nor where it came from.
pub fn correct(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    id: i64,
    value: ReadingValue,
    note: Option<String>,
    author: &Author,
) -> StoreResult<Reading> {
    let old = get(tx, id)?;
    if old.reading.value.kind() != value.kind() {
        return Err(crate::model::ValidationError::new(
            "value",
            format!(
                "reading {id} is {}, not {}",
                old.reading.value.kind(),
                value.kind()
            ),
        )
        .into());
    }
    let mut new = old.reading.clone();
    new.value = value;
    new.note = note;
    new.validate()?;
    replace(tx, now, id, new, author, ReadingChangeOp::Edited)
}

/// Changes who may see a reading, moving it between the summaries of each viewer.
pub fn set_visibility(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    id: i64,
    visibility: Visibility,
    author: &Author,
) -> StoreResult<Reading> {
    let old = get(tx, id)?;
    if old.reading.visibility == visibility {
        return Ok(old);
    }
    let mut new = old.reading;
    new.visibility = visibility;
    replace(tx, now, id, new, author, ReadingChangeOp::Privacy)
}

/// Deletes a reading: its day's summary is corrected, the change feed gets a tombstone,
/// and the reading stays in its history until the person purges what they deleted.
pub fn delete(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    id: i64,
    author: &Author,
) -> StoreResult<()> {
    let old = get(tx, id)?;
    changes::save_version(tx, &old, ReadingChangeOp::Deleted, author, now)?;
    tx.prepare_cached("DELETE FROM readings WHERE id = ?1")?
        .execute([id])?;
    let mut counts = CountDeltas::default();
    counts.add(
        reading_counts::key(
            old.reading.value.kind().code(),
            visibility_code(old.reading.visibility),
            flags_to_bits(&old.reading.flags),
        ),
        -1,
    );
    counts.apply(tx)?;
    recompute_day(
        tx,
        old.reading.value.kind().code(),
        local_day(&old.reading.taken_at),
        visibility_code(old.reading.visibility),
    )?;
    changes::log(
        tx,
        ReadingChangeOp::Deleted,
        id,
        id,
        Some(old.reading.visibility),
        now,
    )
}

/// The readings a device sync stored.
pub fn of_sync(conn: &Connection, sync: i64) -> StoreResult<Vec<Reading>> {
    let mut stmt = conn.prepare_cached(&reading_select("WHERE r.sync = ?1 ORDER BY r.id"))?;
    let rows = stmt
        .query_map([sync], reading_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(decode_reading).collect()
}

/// Moves readings `ids` back by `correction_ms` (a device clock that was that far
/// ahead; negative for one behind), clears the clock flags the correction answers (the
/// device's own time-fault flag stays), marks them corrected and keeps the earlier
/// versions.
pub fn retime(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    ids: &[i64],
    correction_ms: i64,
    author: &Author,
) -> StoreResult<()> {
    let by = Duration::milliseconds(correction_ms);
    for &id in ids {
        let old = get(tx, id)?;
        let mut new = old.reading.clone();
        new.taken_at -= by;
        new.ended_at = new.ended_at.map(|t| t - by);
        new.flags
            .retain(|f| !matches!(f, ReadingFlag::DeviceClockOff | ReadingFlag::TimeAhead));
        new.add_flag(ReadingFlag::TimeCorrected);
        if new.taken_at.to_utc() > now + future_tolerance() {
            new.add_flag(ReadingFlag::TimeAhead);
        }
        replace(tx, now, id, new, author, ReadingChangeOp::Retimed)?;
    }
    Ok(())
}

/// Clears the device-clock flag of readings `ids` (a correction found their times were
/// right: they were taken before the clock went wrong).
pub fn clear_clock_flag(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    ids: &[i64],
    author: &Author,
) -> StoreResult<()> {
    for &id in ids {
        let old = get(tx, id)?;
        if !old.reading.flags.contains(&ReadingFlag::DeviceClockOff) {
            continue;
        }
        let mut new = old.reading;
        new.flags.retain(|f| *f != ReadingFlag::DeviceClockOff);
        replace(tx, now, id, new, author, ReadingChangeOp::Retimed)?;
    }
    Ok(())
}

/// Marks the readings a sync already stored as taken with a device clock that was off
/// (the sync found out in a later connection), correcting their days' summaries.
/// Returns the ids newly marked.
pub fn flag_sync_clock_off(tx: &Transaction<'_>, sync: i64) -> StoreResult<Vec<i64>> {
    let bit = flag_bit(ReadingFlag::DeviceClockOff);
    let rows: Vec<(i64, i64, i64, i64, i64)> = tx
        .prepare_cached(
            "SELECT id, kind, local_day, visibility, flags FROM readings
             WHERE sync = ?1 AND (flags & ?2) = 0",
        )?
        .query_map(params![sync, bit], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    tx.prepare_cached("UPDATE readings SET flags = flags | ?2 WHERE sync = ?1")?
        .execute(params![sync, bit])?;
    let mut counts = CountDeltas::default();
    for &(_, k, _, v, flags) in &rows {
        counts.add(reading_counts::key(k, v, flags), -1);
        counts.add(reading_counts::key(k, v, flags | bit), 1);
    }
    counts.apply(tx)?;
    let mut days: Vec<(i64, i64, i64)> = rows.iter().map(|&(_, k, d, v, _)| (k, d, v)).collect();
    days.sort_unstable();
    days.dedup();
    for (k, d, v) in days {
        recompute_day(tx, k, d, v)?;
    }
    Ok(rows.into_iter().map(|(id, ..)| id).collect())
}
