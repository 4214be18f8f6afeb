//! Ingestion: what a session collected becomes readings in the record, with provenance
//! (device source, identity from serial + manufacturer + model, sequence number, epoch,
//! flags from the sensor status), idempotently: a second sync adds nothing. Where the
//! numbering stands (epoch, last sequence number) is saved per device. Map:
//!
//! - [`driver`]: [`SyncDriver`], a session plus the record: answers the session's
//!   history lookup, ingests when it finishes; every transport goes through it;
//! - `glucose_reading` / `cuff_reading`: one record as a [`NewReading`];
//! - `glucose_epochs`: stored records by (sequence, device time), epochs after a
//!   battery change;
//! - this file: options, the report, and the two ingest functions.

pub mod cuff_reading;
pub mod driver;
mod glucose_epochs;
mod glucose_reading;

use chrono::TimeDelta;
use serde::Serialize;

pub use cuff_reading::synthesized_sequence;
pub use driver::SyncDriver;

use crate::devices::gatt::BpQuirks;
use crate::devices::session::{
    CuffTransfer, DeviceError, DeviceKind, EndReason, GlucoseTransfer, SessionTimings, Skipped,
    Zone,
};
use crate::record::{DeviceIdentity, NewReading, Visibility};
use crate::store::Record;
use glucose_epochs::{KnownRecords, Placement};

/// How to sync and ingest.
#[derive(Debug, Clone, Copy)]
pub struct SyncOptions {
    /// How device wall-clock times are placed on the time line.
    pub zone: Zone,
    /// A device time later than the receive time by more than this is flagged
    /// `TimeUncertain`: one hour lets a clock drift or miss a daylight-saving change
    /// without a flag, and catches a wrong date or zone.
    pub future_tolerance: TimeDelta,
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
            future_tolerance: TimeDelta::hours(1),
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
    pub received: usize,
    /// Records the device said it would send (last connection), when it said.
    pub expected: Option<u32>,
    /// Readings added to the record.
    pub added: usize,
    /// Records already in the record.
    pub already_stored: usize,
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
        }
    }
}

/// Stores a glucose transfer: each record once, new epochs where the numbering
/// restarted, and the device's sync state.
pub fn ingest_glucose(
    record: &mut Record,
    transfer: &GlucoseTransfer,
    options: &SyncOptions,
    report: &mut SyncReport,
) -> Result<(), DeviceError> {
    let mut known = None;
    ingest_glucose_with(record, transfer, options, report, &mut known)
}

/// As [`ingest_glucose`], reusing the stored records already loaded for the device.
pub(crate) fn ingest_glucose_with(
    record: &mut Record,
    transfer: &GlucoseTransfer,
    options: &SyncOptions,
    report: &mut SyncReport,
    known: &mut Option<KnownRecords>,
) -> Result<(), DeviceError> {
    absorb(
        report,
        transfer.end.as_ref(),
        &transfer.skipped,
        transfer.duplicates,
    );
    report.expected = transfer.expected.or(report.expected);
    let Some(device) = &transfer.device else {
        return Ok(());
    };
    report.device = Some(device.clone());
    report.received += transfer.records.len();
    let known = match known {
        Some(k) => k,
        None => known.insert(KnownRecords::load(record, &device.id)?),
    };
    let state = record.device_sync_state(&device.id)?;
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
    store(record, &new, report)?;
    report.new_epoch |= plan.epoch > start_epoch;
    report.epoch = plan.epoch;
    report.last_sequence = plan.last_sequence;
    record.save_device_sync_state(device, plan.epoch, plan.last_sequence)?;
    Ok(())
}

/// Stores a cuff transfer; duplicates are recognised by their synthesised sequence
/// number (see [`cuff_reading`]).
pub fn ingest_cuff(
    record: &mut Record,
    transfer: &CuffTransfer,
    options: &SyncOptions,
    report: &mut SyncReport,
) -> Result<(), DeviceError> {
    absorb(
        report,
        transfer.end.as_ref(),
        &transfer.skipped,
        transfer.duplicates,
    );
    let Some(device) = &transfer.device else {
        return Ok(());
    };
    report.device = Some(device.clone());
    report.received += transfer.records.len();
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
    store(record, &readings, report)?;
    let previous = record
        .device_sync_state(&device.id)?
        .and_then(|s| s.last_sequence);
    report.last_sequence = last.max(previous);
    record.save_device_sync_state(device, 0, report.last_sequence)?;
    Ok(())
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
    record: &mut Record,
    readings: &[NewReading],
    report: &mut SyncReport,
) -> Result<crate::store::IngestReport, DeviceError> {
    if readings.is_empty() {
        return Ok(crate::store::IngestReport::default());
    }
    let stored = record.add_readings(readings)?;
    report.added += stored.added;
    report.already_stored += stored.duplicates;
    report.reading_ids.extend_from_slice(&stored.ids);
    Ok(stored)
}
