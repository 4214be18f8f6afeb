//! Where readings come from: devices (by serial number or address) and apps (by package
//! name or bundle id), each a row of `origins`, so readings carry a small number instead
//! of a name. For devices, where the last sync ended (epoch, last sequence number), and
//! each sync session with what was found of the device's clock.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::codec::{from_millis, millis};
use super::error::StoreResult;
use super::reading_columns::ORIGIN_DEVICE;
use crate::model::DeviceIdentity;

/// Where the last sync with a device ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSyncState {
    /// The device.
    pub device: DeviceIdentity,
    /// Sequence-number epoch (increases when the device restarted its numbering).
    pub epoch: u32,
    /// The highest sequence number stored in this epoch.
    pub last_sequence: Option<u32>,
    /// When the last sync finished.
    pub last_sync: Option<DateTime<Utc>>,
}

/// How a sync knew the device's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockSource {
    /// The device's Current Time characteristic (0x2A2B), read during the sync.
    CurrentTime,
    /// The newest record's time against the time of the sync: a lower bound on how far
    /// ahead the clock is.
    NewestRecord,
}

impl ClockSource {
    fn code(self) -> i64 {
        match self {
            Self::CurrentTime => 1,
            Self::NewestRecord => 2,
        }
    }

    fn from_code(code: i64) -> Option<Self> {
        match code {
            1 => Some(Self::CurrentTime),
            2 => Some(Self::NewestRecord),
            _ => None,
        }
    }
}

/// One sync session with a device, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSync {
    /// Its id.
    pub id: i64,
    /// The device.
    pub device_id: String,
    /// When it ran.
    pub synced_at: DateTime<Utc>,
    /// How far the device's clock was ahead of the record's clock (negative: behind), in
    /// milliseconds, when the sync could tell.
    pub clock_offset_ms: Option<i64>,
    /// How it could tell.
    pub clock_source: Option<ClockSource>,
    /// When the readings' times were corrected for the clock, if they were.
    pub corrected_at: Option<DateTime<Utc>>,
    /// By how much they were moved back, milliseconds.
    pub correction_ms: Option<i64>,
}

/// The id of an origin, made when new; manufacturer and model are kept once known.
pub(crate) fn origin_id(
    tx: &Transaction<'_>,
    kind: i64,
    name: &str,
    manufacturer: Option<&str>,
    model: Option<&str>,
) -> StoreResult<i64> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO origins (kind, name, manufacturer, model) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(kind, name) DO UPDATE SET
                 manufacturer = COALESCE(excluded.manufacturer, manufacturer),
                 model = COALESCE(excluded.model, model)
             RETURNING id",
        )?
        .query_row(params![kind, name, manufacturer, model], |r| r.get(0))?)
}

/// The id of an origin for a batch of readings: looked up, and written only when it is
/// new or a detail it is given differs from the stored one (the same outcome as
/// [`origin_id`], without dirtying a page of the file for every batch).
pub(crate) fn origin_for(
    tx: &Transaction<'_>,
    kind: i64,
    name: &str,
    manufacturer: Option<&str>,
    model: Option<&str>,
) -> StoreResult<i64> {
    let found: Option<(i64, Option<String>, Option<String>)> = tx
        .prepare_cached(
            "SELECT id, manufacturer, model FROM origins WHERE kind = ?1 AND name = ?2",
        )?
        .query_row(params![kind, name], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let kept = |given: Option<&str>, stored: &Option<String>| {
        given.is_none_or(|g| stored.as_deref() == Some(g))
    };
    match found {
        Some((id, m, d)) if kept(manufacturer, &m) && kept(model, &d) => Ok(id),
        _ => origin_id(tx, kind, name, manufacturer, model),
    }
}

/// The id of a device's origin, if the record has read from it.
pub fn device_origin(conn: &Connection, device_id: &str) -> StoreResult<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM origins WHERE kind = ?1 AND name = ?2")?
        .query_row(params![ORIGIN_DEVICE, device_id], |r| r.get(0))
        .optional()?)
}

/// The sync state of a device, if the record has read from it.
pub fn device_sync_state(
    conn: &Connection,
    device_id: &str,
) -> StoreResult<Option<DeviceSyncState>> {
    let row = conn
        .prepare_cached(
            "SELECT name, manufacturer, model, epoch, last_sequence, last_sync_ms
             FROM origins WHERE kind = ?1 AND name = ?2",
        )?
        .query_row(params![ORIGIN_DEVICE, device_id], sync_state_row)
        .optional()?;
    row.map(decode_sync_state).transpose()
}

type SyncStateRow = (DeviceIdentity, u32, Option<u32>, Option<i64>);

fn sync_state_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SyncStateRow> {
    Ok((
        DeviceIdentity {
            id: r.get(0)?,
            manufacturer: r.get(1)?,
            model: r.get(2)?,
        },
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn decode_sync_state(
    (device, epoch, last_sequence, last_sync): SyncStateRow,
) -> StoreResult<DeviceSyncState> {
    Ok(DeviceSyncState {
        device,
        epoch,
        last_sequence,
        last_sync: last_sync.map(from_millis).transpose()?,
    })
}

/// Every device the record has read from, by id.
pub fn devices(conn: &Connection) -> StoreResult<Vec<DeviceSyncState>> {
    let rows = conn
        .prepare_cached(
            "SELECT name, manufacturer, model, epoch, last_sequence, last_sync_ms
             FROM origins WHERE kind = ?1 ORDER BY name",
        )?
        .query_map([ORIGIN_DEVICE], sync_state_row)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(decode_sync_state).collect()
}

/// Saves where a sync ended: the epoch and the last sequence number stored.
pub fn save_device_sync_state(
    tx: &Transaction<'_>,
    device: &DeviceIdentity,
    epoch: u32,
    last_sequence: Option<u32>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let id = origin_id(
        tx,
        ORIGIN_DEVICE,
        &device.id,
        device.manufacturer.as_deref(),
        device.model.as_deref(),
    )?;
    tx.execute(
        "UPDATE origins SET epoch = ?2, last_sequence = ?3, last_sync_ms = ?4 WHERE id = ?1",
        params![id, epoch, last_sequence, millis(now)],
    )?;
    Ok(())
}

/// Records a sync session with `device` and what was found of its clock; its id goes on
/// every reading the session stores.
pub fn begin_sync(
    tx: &Transaction<'_>,
    device: &DeviceIdentity,
    now: DateTime<Utc>,
    clock: Option<(i64, ClockSource)>,
) -> StoreResult<i64> {
    let origin = origin_id(
        tx,
        ORIGIN_DEVICE,
        &device.id,
        device.manufacturer.as_deref(),
        device.model.as_deref(),
    )?;
    tx.execute(
        "INSERT INTO device_syncs (origin, synced_at_ms, clock_offset_ms, clock_source)
         VALUES (?1, ?2, ?3, ?4)",
        params![
            origin,
            millis(now),
            clock.map(|c| c.0),
            clock.map(|c| c.1.code())
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Updates what a sync found of the device's clock (a later connection of the same sync
/// can tell more).
pub fn set_sync_clock(
    tx: &Transaction<'_>,
    id: i64,
    clock: Option<(i64, ClockSource)>,
) -> StoreResult<()> {
    tx.execute(
        "UPDATE device_syncs SET clock_offset_ms = ?2, clock_source = ?3 WHERE id = ?1",
        params![id, clock.map(|c| c.0), clock.map(|c| c.1.code())],
    )?;
    Ok(())
}

/// One sync session.
pub fn device_sync(conn: &Connection, id: i64) -> StoreResult<Option<DeviceSync>> {
    let row = conn
        .prepare_cached(
            "SELECT s.id, o.name, s.synced_at_ms, s.clock_offset_ms, s.clock_source,
                    s.corrected_at_ms, s.correction_ms
             FROM device_syncs s JOIN origins o ON o.id = s.origin WHERE s.id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, Option<i64>>(6)?,
            ))
        })
        .optional()?;
    row.map(
        |(id, device_id, at, offset, source, corrected, correction)| {
            Ok(DeviceSync {
                id,
                device_id,
                synced_at: from_millis(at)?,
                clock_offset_ms: offset,
                clock_source: source.and_then(ClockSource::from_code),
                corrected_at: corrected.map(from_millis).transpose()?,
                correction_ms: correction,
            })
        },
    )
    .transpose()
}

/// The syncs, newest first, that found a device's clock off by more than `off_ms` and
/// whose readings have not been corrected.
pub fn uncorrected_syncs(conn: &Connection, off_ms: i64) -> StoreResult<Vec<i64>> {
    let rows = conn
        .prepare_cached(
            "SELECT id FROM device_syncs WHERE corrected_at_ms IS NULL
                 AND abs(clock_offset_ms) > ?1 ORDER BY id DESC",
        )?
        .query_map([off_ms], |r| r.get(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    Ok(rows)
}

/// Records that a sync's readings were moved back by `correction_ms`.
pub fn record_correction(
    tx: &Transaction<'_>,
    id: i64,
    correction_ms: i64,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    tx.execute(
        "UPDATE device_syncs SET corrected_at_ms = ?2, correction_ms = ?3 WHERE id = ?1",
        params![id, millis(now), correction_ms],
    )?;
    Ok(())
}
