//! Device sync through the feed API, for shells that use the platform's own Bluetooth
//! stack (Android `BluetoothGatt`, iOS CoreBluetooth): a `DeviceSession` per sync takes
//! what the stack reports, one method per callback, and answers with the GATT commands
//! to perform next (`feed.rs` has those types). The core's session decodes,
//! deduplicates and stores; when a response says `finished`, the readings are in the
//! record (and the rules have run on them).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use chrono::FixedOffset;
use phr_core::devices::DeviceError as CoreDeviceError;
use phr_core::devices::ingest::SyncOptions as CoreSyncOptions;
use phr_core::devices::session::Zone;
use phr_core::devices::transport::{DeviceFeed, FeedResponse as CoreFeedResponse};
use phr_core::model::ValidationError;
use phr_core::store::{DeviceSyncState as CoreDeviceSyncState, Record as CoreRecord};

use crate::entry::Visibility;
use crate::error::{DeviceError, RecordError};
use crate::feed::{DeviceKind, FeedResponse, GattCharacteristic, SyncProgress, SyncReport};
use crate::model::PersonHeldRecord;
use crate::reading::DeviceIdentity;
use crate::time::instant;

/// How a sync stores what it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct SyncSettings {
    /// Who may see the new readings.
    pub visibility: Visibility,
    /// The UTC offset, in minutes, of the device's clock; the phone's local zone when
    /// not given (meters keep wall-clock time without a zone).
    #[uniffi(default)]
    pub utc_offset_minutes: Option<i32>,
}

impl TryFrom<SyncSettings> for CoreSyncOptions {
    type Error = ValidationError;
    fn try_from(s: SyncSettings) -> Result<Self, Self::Error> {
        let zone = match s.utc_offset_minutes {
            None => Zone::Local,
            Some(minutes) => Zone::Fixed(
                minutes
                    .checked_mul(60)
                    .and_then(FixedOffset::east_opt)
                    .ok_or_else(|| {
                        ValidationError::new("utc_offset_minutes", "must be within ±24 hours")
                    })?,
            ),
        };
        Ok(Self {
            zone,
            visibility: s.visibility.into(),
            ..Self::default()
        })
    }
}

/// Told about a sync's progress after every step; implemented by the shell (a progress
/// bar). Called on the thread that fed the step, after the record is unlocked.
#[uniffi::export(foreign)]
pub trait SyncListener: Send + Sync {
    /// Progress after the latest step.
    fn on_progress(&self, progress: SyncProgress);
}

/// One sync with one device, driven by the shell's own Bluetooth stack. Feed it what the
/// stack reports; perform the commands it answers with.
#[derive(uniffi::Object)]
pub struct DeviceSession {
    record: Arc<PersonHeldRecord>,
    feed: Mutex<DeviceFeed>,
    listener: Option<Arc<dyn SyncListener>>,
}

impl std::fmt::Debug for DeviceSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceSession").finish_non_exhaustive()
    }
}

impl DeviceSession {
    /// Runs one feed step on the record, then tells the listener.
    fn step(
        &self,
        f: impl FnOnce(&mut DeviceFeed, &mut CoreRecord) -> Result<CoreFeedResponse, CoreDeviceError>,
    ) -> Result<FeedResponse, DeviceError> {
        let response: FeedResponse = {
            let mut feed = self.feed.lock().unwrap_or_else(PoisonError::into_inner);
            self.record
                .with(|r| f(&mut feed, r).map_err(DeviceError::from))?
                .into()
        };
        if let Some(listener) = &self.listener {
            listener.on_progress(response.progress);
        }
        Ok(response)
    }
}

#[uniffi::export]
impl DeviceSession {
    /// A sync of a `kind` device known to the stack as `peripheral_id` (its address),
    /// advertising `advertised_name` (cuff quirks are chosen by name), into `record`.
    #[uniffi::constructor(default(advertised_name = None, listener = None))]
    pub fn new(
        record: Arc<PersonHeldRecord>,
        kind: DeviceKind,
        peripheral_id: String,
        settings: SyncSettings,
        advertised_name: Option<String>,
        listener: Option<Arc<dyn SyncListener>>,
    ) -> Result<Arc<Self>, DeviceError> {
        let options = CoreSyncOptions::try_from(settings)?;
        let feed = DeviceFeed::new(
            kind.into(),
            &peripheral_id,
            advertised_name.as_deref(),
            options,
        );
        Ok(Arc::new(Self {
            record,
            feed: Mutex::new(feed),
            listener,
        }))
    }

    /// Connected and services discovered: every characteristic the device offers.
    pub fn connected(
        &self,
        characteristics: Vec<GattCharacteristic>,
    ) -> Result<FeedResponse, DeviceError> {
        let pairs: Vec<(String, String)> = characteristics
            .into_iter()
            .map(|c| (c.service, c.characteristic))
            .collect();
        self.step(|feed, r| feed.connected(r, &pairs))
    }

    /// A read finished.
    pub fn read_result(
        &self,
        service: String,
        characteristic: String,
        value: Vec<u8>,
    ) -> Result<FeedResponse, DeviceError> {
        self.step(|feed, r| feed.read_result(r, &service, &characteristic, &value))
    }

    /// A read failed.
    pub fn read_failed(
        &self,
        service: String,
        characteristic: String,
        reason: String,
    ) -> Result<FeedResponse, DeviceError> {
        self.step(|feed, r| feed.read_failed(r, &service, &characteristic, &reason))
    }

    /// Notifications or indications are enabled.
    pub fn subscribed(
        &self,
        service: String,
        characteristic: String,
    ) -> Result<FeedResponse, DeviceError> {
        self.step(|feed, r| feed.subscribed(r, &service, &characteristic))
    }

    /// Enabling notifications or indications failed.
    pub fn subscribe_failed(
        &self,
        service: String,
        characteristic: String,
        reason: String,
    ) -> Result<FeedResponse, DeviceError> {
        self.step(|feed, r| feed.subscribe_failed(r, &service, &characteristic, &reason))
    }

    /// A write was acknowledged.
    pub fn write_acknowledged(
        &self,
        service: String,
        characteristic: String,
    ) -> Result<FeedResponse, DeviceError> {
        self.step(|feed, r| feed.write_acknowledged(r, &service, &characteristic))
    }

    /// A write failed.
    pub fn write_failed(
        &self,
        service: String,
        characteristic: String,
        reason: String,
    ) -> Result<FeedResponse, DeviceError> {
        self.step(|feed, r| feed.write_failed(r, &service, &characteristic, &reason))
    }

    /// A notification or indication arrived.
    pub fn value(
        &self,
        service: String,
        characteristic: String,
        value: Vec<u8>,
    ) -> Result<FeedResponse, DeviceError> {
        self.step(|feed, r| feed.value(r, &service, &characteristic, &value))
    }

    /// Time passed: call `tick_after_ms` after a response asked for it.
    pub fn tick(&self) -> Result<FeedResponse, DeviceError> {
        self.step(|feed, r| feed.tick(r))
    }

    /// The link is gone.
    pub fn disconnected(&self) -> Result<FeedResponse, DeviceError> {
        self.step(|feed, r| feed.disconnected(r))
    }

    /// The person cancelled: what arrived is kept.
    pub fn cancel(&self) -> Result<FeedResponse, DeviceError> {
        self.step(|feed, r| feed.cancel(r))
    }

    /// Prepares for another connection after `resume_possible`; `false` when no
    /// attempt is left.
    pub fn reconnect(&self) -> Result<bool, DeviceError> {
        Ok(self
            .feed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .reconnect())
    }

    /// What the sync did so far.
    pub fn report(&self) -> Result<SyncReport, DeviceError> {
        Ok(self
            .feed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .report()
            .clone()
            .into())
    }
}

/// Where the last sync with a device ended.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DeviceSyncState {
    /// The device.
    pub device: DeviceIdentity,
    /// Sequence-number epoch (increases when the device restarted its numbering).
    pub epoch: u32,
    /// The highest sequence number stored in this epoch.
    pub last_sequence: Option<u32>,
    /// When the last sync finished.
    pub last_sync: Option<SystemTime>,
}

impl From<CoreDeviceSyncState> for DeviceSyncState {
    fn from(s: CoreDeviceSyncState) -> Self {
        Self {
            device: s.device.into(),
            epoch: s.epoch,
            last_sequence: s.last_sequence,
            last_sync: s.last_sync.map(instant),
        }
    }
}

#[uniffi::export]
impl PersonHeldRecord {
    /// Every device the record has read from, with where its last sync ended.
    pub fn devices(&self) -> Result<Vec<DeviceSyncState>, RecordError> {
        self.with(|r| Ok(r.devices()?.into_iter().map(Into::into).collect()))
    }
}
