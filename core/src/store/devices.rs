//! Devices the record has read from: identity, and where the last sync ended.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::Record;
use super::codec::{from_millis, millis};
use super::error::StoreResult;
use crate::record::DeviceIdentity;

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

/// Records a device's identity (manufacturer and model are kept once known).
pub(crate) fn remember_device(tx: &Transaction<'_>, device: &DeviceIdentity) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO devices (id, manufacturer, model) VALUES (?1, ?2, ?3)
         ON CONFLICT(id) DO UPDATE SET
             manufacturer = COALESCE(excluded.manufacturer, manufacturer),
             model = COALESCE(excluded.model, model)",
    )?
    .execute(params![device.id, device.manufacturer, device.model])?;
    Ok(())
}

impl Record {
    /// The sync state of a device, if the record has read from it.
    pub fn device_sync_state(&self, device_id: &str) -> StoreResult<Option<DeviceSyncState>> {
        let row = self
            .conn()
            .query_row(
                "SELECT id, manufacturer, model, epoch, last_sequence, last_sync_ms
                 FROM devices WHERE id = ?1",
                [device_id],
                |r| {
                    Ok((
                        DeviceIdentity {
                            id: r.get(0)?,
                            manufacturer: r.get(1)?,
                            model: r.get(2)?,
                        },
                        r.get::<_, u32>(3)?,
                        r.get::<_, Option<u32>>(4)?,
                        r.get::<_, Option<i64>>(5)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(device, epoch, last_sequence, last_sync)| {
            Ok(DeviceSyncState {
                device,
                epoch,
                last_sequence,
                last_sync: last_sync.map(from_millis).transpose()?,
            })
        })
        .transpose()
    }

    /// Every device the record has read from.
    pub fn devices(&self) -> StoreResult<Vec<DeviceSyncState>> {
        let ids: Vec<String> = self
            .conn()
            .prepare_cached("SELECT id FROM devices ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        ids.iter()
            .filter_map(|id| self.device_sync_state(id).transpose())
            .collect()
    }

    /// Saves where a sync ended: the epoch and the last sequence number stored.
    pub fn save_device_sync_state(
        &mut self,
        device: &DeviceIdentity,
        epoch: u32,
        last_sequence: Option<u32>,
    ) -> StoreResult<()> {
        self.write(|tx, clock| {
            remember_device(tx, device)?;
            tx.execute(
                "UPDATE devices SET epoch = ?2, last_sequence = ?3, last_sync_ms = ?4 WHERE id = ?1",
                params![device.id, epoch, last_sequence, millis(clock.now())],
            )?;
            Ok(())
        })
    }
}
