//! Devices: syncs into the record (the record is the sync's [`SyncSink`]: each
//! connection's records, the rules on them and a clock alert are stored in one
//! transaction), the devices the record has read from, and corrections of readings
//! taken with a device clock that was off.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use super::Record;
use super::error::ApiResult;
use super::observer::ChangeArea;
use super::readings::CorrectionOffer;
use crate::devices::DeviceError;
use crate::devices::ingest::{self, SyncOptions, SyncReport, SyncSink, clock};
use crate::devices::session::{GlucoseHistory, TransferResult};
use crate::model::reading_text::span_text;
use crate::model::{Author, DeviceIdentity};
use crate::rules::{self, Category, Firing, Severity, ids, notify_once};
use crate::store::origins::{self, DeviceSync, DeviceSyncState};
use crate::store::readings;

/// Tells the person, once, when a sync set readings aside because the device's clock is
/// off: for a known offset once per device and size of the offset, otherwise once per
/// device.
fn clock_alert(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    report: &SyncReport,
) -> Result<(), DeviceError> {
    let Some(device) = &report.device else {
        return Ok(());
    };
    let off = report.clock.filter(|c| c.is_off());
    if off.is_none() && report.time_untrusted == 0 {
        return Ok(());
    }
    let name = device
        .model
        .clone()
        .unwrap_or_else(|| format!("device {}", device.id));
    let (key, detail) = match off {
        Some(c) => (
            format!("clock:{}:{}h", device.id, c.offset_ms / 3_600_000),
            format!(
                "The clock of {name} is {} {}. {} readings from this sync are kept, marked with a note, and not used for alerts or trends.",
                span_text(c.offset_ms),
                if c.offset_ms > 0 { "ahead" } else { "behind" },
                report.time_untrusted.max(report.added)
            ),
        ),
        None => (
            format!("clock:{}:uncertain", device.id),
            format!(
                "{} readings from {name} have times that cannot be trusted; they are kept, marked with a note, and not used for alerts or trends.",
                report.time_untrusted
            ),
        ),
    };
    let firing = Firing {
        key,
        key_time_ms: now.timestamp_millis(),
        category: Category::Alert,
        severity: Severity::Warning,
        title: format!("The clock of {name} may be wrong"),
        detail,
        advice: "Set the date and time on the device (its instructions say how), then sync it again. Until then its new readings are not used for alerts, so check any reading that worries you yourself, and call NHS 111 if you feel unwell. You can also correct the times of these readings from the readings screen.".into(),
        readings: report.reading_ids.iter().take(200).copied().collect(),
        entries: Vec::new(),
        due_at_ms: now.timestamp_millis(),
    };
    notify_once(tx, ids::DEVICE_CLOCK, &firing, now)?;
    Ok(())
}

/// What a clock correction moves.
struct CorrectionPlan {
    /// How far the clock was ahead, milliseconds.
    offset: i64,
    /// The readings that move.
    moved: Vec<i64>,
    /// Every reading of the sync.
    all: Vec<i64>,
}

impl SyncSink for Record {
    fn now(&self) -> DateTime<Utc> {
        Record::now(self)
    }

    fn glucose_history(&mut self, device: &DeviceIdentity) -> Result<GlucoseHistory, DeviceError> {
        ingest::glucose_history(self.conn(), device)
    }

    fn store_transfer(
        &mut self,
        transfer: &TransferResult,
        options: &SyncOptions,
        report: &mut SyncReport,
    ) -> Result<(), DeviceError> {
        let now = Record::now(self);
        self.db.write(|tx| -> Result<(), DeviceError> {
            let new = match transfer {
                TransferResult::Glucose(t) => ingest::ingest_glucose(tx, now, t, options, report)?,
                TransferResult::Cuff(t) => ingest::ingest_cuff(tx, now, t, options, report)?,
            };
            rules::on_new_readings(tx, now, &new)?;
            clock_alert(tx, now, report)
        })?;
        self.observers.notify(vec![
            ChangeArea::Readings,
            ChangeArea::Alerts,
            ChangeArea::Devices,
        ]);
        Ok(())
    }
}

impl Record {
    /// The sync state of a device, if the record has read from it.
    pub fn device_sync_state(&self, device_id: &str) -> ApiResult<Option<DeviceSyncState>> {
        Ok(origins::device_sync_state(self.conn(), device_id)?)
    }

    /// Every device the record has read from.
    pub fn devices(&self) -> ApiResult<Vec<DeviceSyncState>> {
        Ok(origins::devices(self.conn())?)
    }

    /// One sync session, with what it found of the device's clock.
    pub fn device_sync(&self, sync_id: i64) -> ApiResult<Option<DeviceSync>> {
        Ok(origins::device_sync(self.conn(), sync_id)?)
    }

    /// The readings a correction of sync `sync_id` would move, from where the device's
    /// clock jumped (all of them when no jump shows), and all its readings.
    fn correction_plan(&self, sync: &DeviceSync) -> ApiResult<Option<CorrectionPlan>> {
        let Some(offset) = sync.clock_offset_ms else {
            return Ok(None);
        };
        if sync.corrected_at.is_some() || offset.abs() <= clock::CLOCK_OFF_AFTER.num_milliseconds()
        {
            return Ok(None);
        }
        let mut all = readings::of_sync(self.conn(), sync.id)?;
        all.sort_by_key(|r| (r.reading.device_epoch, r.reading.sequence_number, r.id));
        let times: Vec<i64> = all
            .iter()
            .map(|r| r.reading.taken_at.timestamp_millis())
            .collect();
        let from = clock::corrected_from(&times, offset);
        let moved = all[from..].iter().map(|r| r.id).collect();
        Ok(Some(CorrectionPlan {
            offset,
            moved,
            all: all.iter().map(|r| r.id).collect(),
        }))
    }

    /// What a clock correction of a sync would do, when the sync found the device's clock
    /// off and its readings have not been corrected yet.
    pub fn clock_correction_offer(&self, sync_id: i64) -> ApiResult<Option<CorrectionOffer>> {
        let Some(sync) = self.device_sync(sync_id)? else {
            return Ok(None);
        };
        Ok(self.correction_plan(&sync)?.map(|plan| CorrectionOffer {
            sync_id,
            device_id: sync.device_id.clone(),
            offset_ms: plan.offset,
            readings: u32::try_from(plan.moved.len()).unwrap_or(u32::MAX),
            text: format!(
                "moves {} readings {} by {}",
                plan.moved.len(),
                if plan.offset > 0 { "back" } else { "forward" },
                span_text(plan.offset)
            ),
        }))
    }

    /// Corrects the times of a sync's readings for the device clock found off: the
    /// readings from where the clock jumped move by the offset, every reading of the sync
    /// loses its clock flag and the corrected ones are marked corrected (each keeping its
    /// earlier version), the sync records the correction, and the rules look at them again.
    /// Returns the ids of the readings moved.
    pub fn correct_device_clock(&mut self, sync_id: i64, author: Author) -> ApiResult<Vec<i64>> {
        let sync = self
            .device_sync(sync_id)?
            .ok_or_else(|| super::ApiError::NotFound {
                what: format!("device sync {sync_id}"),
            })?;
        let Some(CorrectionPlan { offset, moved, all }) = self.correction_plan(&sync)? else {
            return Err(super::ApiError::Conflict {
                reason: "this sync has no clock correction to make".into(),
            });
        };
        self.write(
            &[
                ChangeArea::Readings,
                ChangeArea::Alerts,
                ChangeArea::Devices,
            ],
            |tx, now| {
                readings::retime(tx, now, &moved, offset, &author)?;
                let kept: Vec<i64> = all
                    .iter()
                    .copied()
                    .filter(|id| !moved.contains(id))
                    .collect();
                readings::clear_clock_flag(tx, now, &kept, &author)?;
                origins::record_correction(tx, sync_id, offset, now)?;
                rules::on_new_readings(tx, now, &all)?;
                Ok(moved)
            },
        )
    }

    /// Every clock correction the person can make now: syncs that found a device's clock
    /// off whose readings have not been corrected, newest first.
    pub fn clock_corrections(&self) -> ApiResult<Vec<CorrectionOffer>> {
        let mut out = Vec::new();
        for id in
            origins::uncorrected_syncs(self.conn(), clock::CLOCK_OFF_AFTER.num_milliseconds())?
        {
            if let Some(offer) = self.clock_correction_offer(id)? {
                out.push(offer);
            }
        }
        Ok(out)
    }
}
