//! Ingestion: what a session collected becomes readings in the record, with provenance
//! (device source, identity from serial + manufacturer + model, sequence number, epoch,
//! flags from the sensor status), idempotently: a second sync adds nothing. Where the
//! numbering stands (epoch, last sequence number) is saved per device, and each sync is
//! recorded with what it found of the device's clock. Everything runs in the caller's
//! write transaction; the façade runs the rules in the same one. Map:
//!
//! - [`driver`]: [`SyncDriver`], a session plus a [`SyncSink`] (the record): answers the
//!   session's history lookup, ingests when it finishes; every transport goes through it;
//! - `glucose_reading` / `cuff_reading`: one record as a [`NewReading`];
//! - `glucose_epochs`: stored records by (sequence, device time), epochs after a
//!   battery change;
//! - [`clock`]: what the sync tells of the device's clock, and what a correction moves;
//! - this file: options, the report, and the two ingest functions.

pub mod clock;
pub mod cuff_reading;
pub mod driver;
mod glucose_epochs;
mod glucose_reading;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};
use serde::Serialize;

pub use clock::{CLOCK_OFF_AFTER, ClockCheck};
pub use cuff_reading::synthesized_sequence;
pub use driver::{SyncDriver, SyncSink};

use crate::devices::gatt::BpQuirks;
use crate::devices::session::{
    CuffTransfer, DeviceError, DeviceKind, EndReason, GlucoseHistory, GlucoseTransfer,
    SessionTimings, Skipped, Zone,
};
use crate::model::{DeviceIdentity, NewReading, ReadingFlag, Visibility};
use crate::store::{origins, readings};
use glucose_epochs::{KnownRecords, Placement};

/// How to sync and ingest.
#[derive(Debug, Clone, Copy)]
pub struct SyncOptions {
    /// How device wall-clock times are placed on the time line.
    pub zone: Zone,
    /// Session timeouts.
    pub timings: SessionTimings,
    /// Cuff quirks, instead of those chosen from the advertised name.
    pub cuff_quirks: Option<BpQuirks>,
    /// Who may see the new readings.
    pub visibility: Visibility,
    /// Connections per sync: after a drop mid-transfer the runner reconnects and
    /// resumes from what was stored.
    pub max_attempts: u32,
}

impl Default for SyncOptions {
    fn default() -> Self {
        Self {
            zone: Zone::Local,
            timings: SessionTimings::default(),
            cuff_quirks: None,
            visibility: Visibility::Private,
            max_attempts: 3,
        }
    }
}

/// What a sync did, over all its connections.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncReport {
    /// Meter or cuff.
    pub kind: DeviceKind,
    /// The device, once identified.
    pub device: Option<DeviceIdentity>,
    /// Distinct records received.
    pub received: u32,
    /// Records the device said it would send (last connection), when it said.
    pub expected: Option<u32>,
    /// Readings added to the record.
    pub added: u32,
    /// Records already in the record.
    pub already_stored: u32,
    /// Repeated notifications dropped during the transfer.
    pub repeats_dropped: u32,
    /// Values not kept, each with the reason.
    pub skipped: Vec<Skipped>,
    /// The device's sequence-number epoch after the sync.
    pub epoch: u32,
    /// Whether this sync started a new epoch (the numbering restarted).
    pub new_epoch: bool,
    /// Last stored sequence number in that epoch.
    pub last_sequence: Option<u32>,
    /// Connections made.
    pub attempts: u32,
    /// How the last connection ended.
    pub end: Option<EndReason>,
    /// Ids of the added readings.
    pub reading_ids: Vec<i64>,
    /// The sync session as stored (what a clock correction names).
    pub sync_id: Option<i64>,
    /// What the sync found of the device's clock, when it could tell.
    pub clock: Option<ClockCheck>,
    /// Added readings whose time cannot be trusted (kept and shown, not used for alerts
    /// or trends).
    pub time_untrusted: u32,
}

impl SyncReport {
    /// An empty report.
    pub fn new(kind: DeviceKind) -> Self {
        Self {
            kind,
            device: None,
            received: 0,
            expected: None,
            added: 0,
            already_stored: 0,
            repeats_dropped: 0,
            skipped: Vec::new(),
            epoch: 0,
            new_epoch: false,
            last_sequence: None,
            attempts: 0,
            end: None,
            reading_ids: Vec::new(),
            sync_id: None,
            clock: None,
            time_untrusted: 0,
        }
    }
}

/// Where the last sync of a meter ended, to resume from: its last stored record.
pub fn glucose_history(
    conn: &Connection,
    device: &DeviceIdentity,
) -> Result<GlucoseHistory, DeviceError> {
    let known = KnownRecords::load(conn, &device.id)?;
    let state = origins::device_sync_state(conn, &device.id)?;
    Ok(known.history(state.as_ref()))
}

/// The sync session (recorded with what it found of the clock on the first connection
/// that stores anything), with its readings flagged when the clock is known to be off:
/// the new ones, and those earlier connections of the same sync stored before the clock
/// was found off (their ids are added to `changed`, for the rules).
fn begin_sync(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    device: &DeviceIdentity,
    clock: Option<ClockCheck>,
    readings: &mut [NewReading],
    report: &mut SyncReport,
    changed: &mut Vec<i64>,
) -> Result<i64, DeviceError> {
    let was_off = report.clock.is_some_and(|c| c.is_off());
    let clock = match (clock, report.clock) {
        (Some(c), Some(before)) if before.is_off() && !c.is_off() => Some(before),
        (c, before) => c.or(before),
    };
    let id = match report.sync_id {
        Some(id) => {
            if clock != report.clock {
                origins::set_sync_clock(tx, id, clock.map(|c| (c.offset_ms, c.source)))?;
            }
            id
        }
        None => {
            let id = origins::begin_sync(tx, device, now, clock.map(|c| (c.offset_ms, c.source)))?;
            report.sync_id = Some(id);
            id
        }
    };
    report.clock = clock;
    if report.clock.is_some_and(|c| c.is_off()) {
        for r in readings.iter_mut() {
            r.add_flag(ReadingFlag::DeviceClockOff);
        }
        if !was_off {
            let flagged = readings::flag_sync_clock_off(tx, id)?;
            report.time_untrusted += u32::try_from(flagged.len()).unwrap_or(u32::MAX);
            changed.extend(flagged);
        }
    }
    Ok(id)
}

/// Stores a glucose transfer: each record once, new epochs where the numbering
/// restarted, the sync and the device's sync state. Returns the ids of the readings
/// added or newly flagged, for the rules.
pub fn ingest_glucose(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    transfer: &GlucoseTransfer,
    options: &SyncOptions,
    report: &mut SyncReport,
) -> Result<Vec<i64>, DeviceError> {
    absorb(
        report,
        transfer.end.as_ref(),
        &transfer.skipped,
        transfer.duplicates,
    );
    report.expected = transfer.expected.or(report.expected);
    let Some(device) = &transfer.device else {
        return Ok(Vec::new());
    };
    report.device = Some(device.clone());
    report.received += u32::try_from(transfer.records.len()).unwrap_or(u32::MAX);
    let mut known = KnownRecords::load(tx, &device.id)?;
    let state = origins::device_sync_state(tx, &device.id)?;
    let (start_epoch, stored_last) = state
        .as_ref()
        .map_or((0, None), |s| (s.epoch, s.last_sequence));
    let mut readings = Vec::new();
    let mut keys = Vec::new();
    for r in &transfer.records {
        match glucose_reading::glucose_reading(r, device, options) {
            Ok(reading) => {
                keys.push((u32::from(r.sequence()), r.device_time()));
                readings.push(reading);
            }
            Err(reason) => report.skipped.push(Skipped {
                source: "0x1808/0x2A18".into(),
                sequence: Some(u32::from(r.sequence())),
                reason,
            }),
        }
    }
    let newest = transfer
        .records
        .iter()
        .zip(&readings)
        .filter(|(r, _)| r.device_time().is_some())
        .max_by_key(|(_, n)| n.taken_at)
        .map(|(r, n)| (n.taken_at, r.received_at));
    let clock = clock::check(transfer.clock, newest, options.zone);
    let plan = known.plan(&keys, start_epoch, stored_last);
    let mut new = Vec::new();
    for (mut reading, placement) in readings.into_iter().zip(&plan.placements) {
        match placement {
            Placement::Known(_) => report.already_stored += 1,
            Placement::New(epoch) => {
                reading.device_epoch = *epoch;
                new.push(reading);
            }
        }
    }
    let mut changed = Vec::new();
    let sync = begin_sync(tx, now, device, clock, &mut new, report, &mut changed)?;
    changed.extend(store(tx, now, &new, sync, report)?);
    report.new_epoch |= plan.epoch > start_epoch;
    report.epoch = plan.epoch;
    report.last_sequence = plan.last_sequence;
    origins::save_device_sync_state(tx, device, plan.epoch, plan.last_sequence, now)?;
    Ok(changed)
}

/// Stores a cuff transfer; duplicates are recognised by their synthesised sequence
/// number (see [`cuff_reading`]).
pub fn ingest_cuff(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    transfer: &CuffTransfer,
    options: &SyncOptions,
    report: &mut SyncReport,
) -> Result<Vec<i64>, DeviceError> {
    absorb(
        report,
        transfer.end.as_ref(),
        &transfer.skipped,
        transfer.duplicates,
    );
    let Some(device) = &transfer.device else {
        return Ok(Vec::new());
    };
    report.device = Some(device.clone());
    report.received += u32::try_from(transfer.records.len()).unwrap_or(u32::MAX);
    let mut readings = Vec::new();
    for r in &transfer.records {
        let sequence = Some(synthesized_sequence(&r.measurement));
        match cuff_reading::cuff_reading(r, device, options) {
            Ok((reading, dropped)) => {
                readings.push(reading);
                if let Some(reason) = dropped {
                    report.skipped.push(Skipped {
                        source: "0x1810/0x2A35 pulse".into(),
                        sequence,
                        reason,
                    });
                }
            }
            Err(reason) => report.skipped.push(Skipped {
                source: "0x1810/0x2A35".into(),
                sequence,
                reason,
            }),
        }
    }
    let last = readings
        .iter()
        .filter_map(|r| r.sequence_number)
        .filter(|s| *s < 1 << 31)
        .max();
    let newest = transfer
        .records
        .iter()
        .zip(&readings)
        .max_by_key(|(_, n)| n.taken_at)
        .map(|(r, n)| (n.taken_at, r.received_at));
    let clock = clock::check(None, newest, options.zone);
    let mut changed = Vec::new();
    let sync = begin_sync(tx, now, device, clock, &mut readings, report, &mut changed)?;
    changed.extend(store(tx, now, &readings, sync, report)?);
    let previous = origins::device_sync_state(tx, &device.id)?.and_then(|s| s.last_sequence);
    report.last_sequence = last.max(previous);
    origins::save_device_sync_state(tx, device, 0, report.last_sequence, now)?;
    Ok(changed)
}

fn absorb(report: &mut SyncReport, end: Option<&EndReason>, skipped: &[Skipped], repeats: u32) {
    report.attempts += 1;
    report.end = end.cloned();
    // A value sent again on a reconnect is logged once.
    for s in skipped {
        if !report.skipped.contains(s) {
            report.skipped.push(s.clone());
        }
    }
    report.repeats_dropped += repeats;
}

fn store(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    new: &[NewReading],
    sync: i64,
    report: &mut SyncReport,
) -> Result<Vec<i64>, DeviceError> {
    if new.is_empty() {
        return Ok(Vec::new());
    }
    let stored = readings::insert_batch(tx, now, new, Some(sync))?;
    report.added += stored.added;
    report.already_stored += stored.duplicates;
    report.reading_ids.extend_from_slice(&stored.ids);
    let untrusted = readings::samples_by_ids(tx, &stored.ids)?
        .iter()
        .filter(|s| !s.time_trusted)
        .count();
    report.time_untrusted += u32::try_from(untrusted).unwrap_or(u32::MAX);
    Ok(stored.ids)
}
