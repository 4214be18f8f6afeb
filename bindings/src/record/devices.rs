//! Device syncs. Two ways in, one path into the record (the core's feed API, session and
//! ingestion):
//!
//! - `sync_device` / `sync_simulated`: `async`, the core drives the whole sync over the
//!   shell's blocking `BluetoothLink` (or the core's simulated meter or cuff) on a
//!   thread of its own; cancelling the awaiting coroutine or task ends the session at
//!   its next step, keeping what arrived.
//! - `DeviceSession`: a step at a time, for a shell that drives its stack's callbacks
//!   itself: feed it what the stack reports, perform the commands it answers with.
//!
//! Clock corrections for a device whose clock was off are here too.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, FixedOffset, Utc};
use phr_core::api::{CorrectionOffer, DeviceSync, DeviceSyncState};
use phr_core::devices::DeviceError;
use phr_core::devices::ingest::{SyncOptions, SyncReport, SyncSink};
use phr_core::devices::session::{DeviceKind, GlucoseHistory, Progress, TransferResult, Zone};
use phr_core::devices::transport::simulated::{
    CuffQuirk, MeterQuirk, SimulatedCuff, SimulatedMeter, SimulatedTransport,
};
use phr_core::devices::transport::{
    DeviceFeed, FeedCommand, FeedLink, FeedResponse, StackEvent, sync_over_link,
};
use phr_core::model::{Author, DeviceIdentity, Visibility};

use super::{PersonHeldRecord, worker};
use crate::error::RecordError;
use crate::platform::bluetooth::{BluetoothLink, ForeignLink, GattCharacteristic};

/// How a sync stores what it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct SyncSettings {
    /// Who may see the new readings.
    pub visibility: Visibility,
    /// The UTC offset, in minutes, of the device's clock; the phone's zone when not
    /// given (meters keep wall-clock time without a zone).
    #[uniffi(default)]
    pub utc_offset_minutes: Option<i32>,
}

impl SyncSettings {
    fn options(self) -> Result<SyncOptions, RecordError> {
        let zone = match self.utc_offset_minutes {
            None => Zone::Local,
            Some(minutes) => Zone::Fixed(
                minutes
                    .checked_mul(60)
                    .and_then(FixedOffset::east_opt)
                    .ok_or_else(|| RecordError::Invalid {
                        field: "utc_offset_minutes".into(),
                        reason: "must be within ±24 hours".into(),
                    })?,
            ),
        };
        Ok(SyncOptions {
            zone,
            visibility: self.visibility,
            ..SyncOptions::default()
        })
    }
}

/// Told of a sync's progress after every step; implemented by the shell (a progress
/// bar). Called on the sync's thread, never while the record is locked.
#[uniffi::export(foreign)]
pub trait SyncListener: Send + Sync {
    /// Progress after the latest step.
    fn on_progress(&self, progress: Progress);
}

/// The record as a sync's sink, locked for one step at a time, so the app can read the
/// record while a long sync runs.
struct Locked<'a>(&'a PersonHeldRecord);

fn closed() -> DeviceError {
    DeviceError::Unsupported("the record was closed during the sync".into())
}

impl SyncSink for Locked<'_> {
    fn now(&self) -> DateTime<Utc> {
        self.0.lock().as_ref().map_or_else(Utc::now, |r| r.now())
    }

    fn glucose_history(&mut self, device: &DeviceIdentity) -> Result<GlucoseHistory, DeviceError> {
        self.0
            .lock()
            .as_mut()
            .ok_or_else(closed)?
            .glucose_history(device)
    }

    fn store_transfer(
        &mut self,
        transfer: &TransferResult,
        options: &SyncOptions,
        report: &mut SyncReport,
    ) -> Result<(), DeviceError> {
        self.0
            .lock()
            .as_mut()
            .ok_or_else(closed)?
            .store_transfer(transfer, options, report)
    }
}

/// Runs a whole sync over `link` on the sync's thread.
async fn sync_over(
    record: Arc<PersonHeldRecord>,
    mut feed: DeviceFeed,
    mut link: Box<dyn FeedLink + Send>,
    listener: Option<Arc<dyn SyncListener>>,
) -> Result<SyncReport, RecordError> {
    worker::run(move |cancel| {
        let mut sink = Locked(&record);
        let mut progress = |p: &Progress| {
            if let Some(l) = &listener {
                l.on_progress(*p);
            }
        };
        Ok(sync_over_link(
            &mut feed,
            &mut sink,
            link.as_mut(),
            &|| cancel.is_cancelled(),
            &mut progress,
        )?)
    })
    .await
}

#[uniffi::export]
impl PersonHeldRecord {
    /// Syncs a `kind` device known to the stack as `peripheral_id` over the shell's
    /// `link`, to the end (reconnecting while the transfer can resume). Cancel the
    /// awaiting coroutine or task to stop: what arrived is kept.
    pub async fn sync_device(
        self: Arc<Self>,
        kind: DeviceKind,
        peripheral_id: String,
        advertised_name: Option<String>,
        settings: SyncSettings,
        link: Arc<dyn BluetoothLink>,
        listener: Option<Arc<dyn SyncListener>>,
    ) -> Result<SyncReport, RecordError> {
        let feed = DeviceFeed::new(
            kind,
            &peripheral_id,
            advertised_name.as_deref(),
            settings.options()?,
        );
        sync_over(self, feed, Box::new(ForeignLink(link)), listener).await
    }

    /// Syncs a simulated device (demo mode, tests) through the same session and
    /// ingestion as a real one. A simulated device syncs once: make a new one to sync
    /// again.
    pub async fn sync_simulated(
        self: Arc<Self>,
        device: Arc<SimulatedDevice>,
        settings: SyncSettings,
        listener: Option<Arc<dyn SyncListener>>,
    ) -> Result<SyncReport, RecordError> {
        let transport = device.take()?;
        let feed = DeviceFeed::new(
            transport.kind(),
            &transport.device_id(),
            transport.advertised_name().as_deref(),
            settings.options()?,
        );
        sync_over(self, feed, Box::new(transport), listener).await
    }

    /// Every device the record has read from, with where its last sync ended.
    pub fn devices(&self) -> Result<Vec<DeviceSyncState>, RecordError> {
        self.with(|r| r.devices())
    }

    /// One sync session, with what it found of the device's clock.
    pub fn device_sync(&self, sync_id: i64) -> Result<Option<DeviceSync>, RecordError> {
        self.with(|r| r.device_sync(sync_id))
    }

    /// Every correction the record can make for a device clock that was off.
    pub fn clock_corrections(&self) -> Result<Vec<CorrectionOffer>, RecordError> {
        self.with(|r| r.clock_corrections())
    }

    /// Re-times a sync's readings for the device's clock (the earlier times stay in each
    /// reading's history); returns the readings moved.
    pub fn correct_device_clock(
        &self,
        sync_id: i64,
        author: Author,
    ) -> Result<Vec<i64>, RecordError> {
        self.with(|r| r.correct_device_clock(sync_id, author))
    }
}

/// The kind of device advertising these service UUIDs, if one the core syncs: what a
/// scan screen shows.
#[uniffi::export]
pub fn device_kind_for_services(services: Vec<String>) -> Option<DeviceKind> {
    DeviceFeed::kind_for_services(&services)
}

/// A simulated glucose meter or blood-pressure cuff from the core, answering GATT
/// commands with the real encoders: for tests and demo mode. Sync it with
/// `sync_simulated`, or drive a `DeviceSession` with `connect`, `perform` and
/// `next_event` as a stack's callbacks would.
#[derive(uniffi::Object)]
pub struct SimulatedDevice {
    transport: Mutex<Option<SimulatedTransport>>,
}

impl std::fmt::Debug for SimulatedDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimulatedDevice").finish_non_exhaustive()
    }
}

impl SimulatedDevice {
    fn wrap(transport: SimulatedTransport) -> Arc<Self> {
        Arc::new(Self {
            transport: Mutex::new(Some(transport)),
        })
    }

    fn take(&self) -> Result<SimulatedTransport, RecordError> {
        self.transport
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .ok_or_else(|| RecordError::Invalid {
                field: "device".into(),
                reason: "this simulated device was synced already; make a new one".into(),
            })
    }

    fn with<T>(&self, f: impl FnOnce(&mut SimulatedTransport) -> T) -> Result<T, RecordError> {
        let mut guard = self
            .transport
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let transport = guard.as_mut().ok_or_else(|| RecordError::Invalid {
            field: "device".into(),
            reason: "this simulated device was synced already; make a new one".into(),
        })?;
        Ok(f(transport))
    }
}

#[uniffi::export]
impl SimulatedDevice {
    /// A glucose meter holding `records` records (with meal contexts), switched to the
    /// named quirks (`lo-hi`, `duplicates`, `wrong-clock`, ... or `all`). With `clock`
    /// the meter offers a Current Time characteristic showing that time (in UTC), or
    /// five years ahead with `wrong-clock`.
    #[uniffi::constructor(default(clock = None))]
    pub fn glucose_meter(
        records: u32,
        quirks: Vec<String>,
        clock: Option<DateTime<Utc>>,
    ) -> Result<Arc<Self>, RecordError> {
        let quirks = MeterQuirk::parse_list(&quirks)?;
        let mut meter = SimulatedMeter::new(records as usize, &quirks, true);
        if let Some(now) = clock {
            meter = meter.with_clock(now.naive_utc());
        }
        Ok(Self::wrap(SimulatedTransport::new(Box::new(meter))))
    }

    /// A blood-pressure cuff holding `records` readings, switched to the named quirks
    /// (`big-endian`, `map-zero`, ... or `all`).
    #[uniffi::constructor]
    pub fn blood_pressure_cuff(
        records: u32,
        quirks: Vec<String>,
    ) -> Result<Arc<Self>, RecordError> {
        let quirks = CuffQuirk::parse_list(&quirks)?;
        let cuff = SimulatedCuff::new(records as usize, &quirks);
        Ok(Self::wrap(SimulatedTransport::new(Box::new(cuff))))
    }

    /// Its id (what the stack would call its address).
    pub fn peripheral_id(&self) -> Result<String, RecordError> {
        self.with(|t| t.device_id())
    }

    /// Its advertised name.
    pub fn advertised_name(&self) -> Result<Option<String>, RecordError> {
        self.with(|t| t.advertised_name())
    }

    /// Meter or cuff.
    pub fn kind(&self) -> Result<DeviceKind, RecordError> {
        self.with(|t| t.kind())
    }

    /// A central connects: the characteristics it discovers.
    pub fn connect(&self) -> Result<Vec<GattCharacteristic>, RecordError> {
        let list = self.with(FeedLink::connect)??;
        Ok(list
            .into_iter()
            .map(|(service, characteristic)| GattCharacteristic {
                service,
                characteristic,
            })
            .collect())
    }

    /// Performs a command as the device would, and returns what the stack reports.
    pub fn perform(&self, command: FeedCommand) -> Result<StackEvent, RecordError> {
        self.with(|t| t.perform(&command))
    }

    /// What the device sends next on its own (a notification, a disconnection);
    /// `null`/`nil` when it has nothing to send within `wait_ms`.
    pub fn next_event(&self, wait_ms: u64) -> Result<Option<StackEvent>, RecordError> {
        self.with(|t| t.next_event(wait_ms))
    }
}

/// One sync with one device, driven a step at a time by the shell's own Bluetooth
/// callbacks: feed it what the stack reports, perform the commands it answers with.
/// When a response says `finished`, the readings are in the record and the rules have
/// run on them.
#[derive(uniffi::Object)]
pub struct DeviceSession {
    record: Arc<PersonHeldRecord>,
    feed: Mutex<DeviceFeed>,
}

impl std::fmt::Debug for DeviceSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceSession").finish_non_exhaustive()
    }
}

impl DeviceSession {
    fn step(
        &self,
        f: impl FnOnce(&mut DeviceFeed, &mut Locked<'_>) -> Result<FeedResponse, DeviceError>,
    ) -> Result<FeedResponse, RecordError> {
        let mut feed = self.feed.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(f(&mut feed, &mut Locked(&self.record))?)
    }
}

#[uniffi::export]
impl DeviceSession {
    /// A sync of a `kind` device known to the stack as `peripheral_id`, advertising
    /// `advertised_name` (cuff quirks are chosen by name), into `record`.
    #[uniffi::constructor(default(advertised_name = None))]
    pub fn new(
        record: Arc<PersonHeldRecord>,
        kind: DeviceKind,
        peripheral_id: String,
        settings: SyncSettings,
        advertised_name: Option<String>,
    ) -> Result<Arc<Self>, RecordError> {
        let feed = DeviceFeed::new(
            kind,
            &peripheral_id,
            advertised_name.as_deref(),
            settings.options()?,
        );
        Ok(Arc::new(Self {
            record,
            feed: Mutex::new(feed),
        }))
    }

    /// Connected and services discovered: every characteristic the device offers.
    pub fn connected(
        &self,
        characteristics: Vec<GattCharacteristic>,
    ) -> Result<FeedResponse, RecordError> {
        let pairs: Vec<(String, String)> = characteristics
            .into_iter()
            .map(|c| (c.service, c.characteristic))
            .collect();
        self.step(|feed, sink| feed.connected(sink, &pairs))
    }

    /// Something the stack reported: a read's result, a subscription, a write's
    /// acknowledgement, a notification, a disconnection.
    pub fn deliver(&self, event: StackEvent) -> Result<FeedResponse, RecordError> {
        self.step(|feed, sink| feed.deliver(sink, &event))
    }

    /// Time passed: call `tick_after_ms` after a response asked for it.
    pub fn tick(&self) -> Result<FeedResponse, RecordError> {
        self.step(|feed, sink| feed.tick(sink))
    }

    /// The person cancelled: what arrived is kept.
    pub fn cancel(&self) -> Result<FeedResponse, RecordError> {
        self.step(|feed, sink| feed.cancel(sink))
    }

    /// Prepares for another connection after `resume_possible`; `false` when no
    /// attempt is left.
    pub fn reconnect(&self) -> bool {
        self.feed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .reconnect()
    }

    /// What the sync did so far.
    pub fn report(&self) -> SyncReport {
        self.feed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .report()
            .clone()
    }
}
