//! Devices, syncs, the feed API and the record's own reports as uniffi sees the core's
//! types (remote definitions).

use phr_core::api::{
    ChangeArea, ClockSource, CorrectionOffer, DeviceSync, DeviceSyncState, IntegrityReport,
    RecordChange, SaveWarning, Saved,
};
use phr_core::devices::ingest::{ClockCheck, SyncReport};
use phr_core::devices::session::{DeviceKind, EndReason, Phase, Progress, Skipped};
use phr_core::devices::transport::{FeedCommand, FeedResponse, StackEvent};
use phr_core::model::DeviceIdentity;

use super::custom::UtcTime;

/// Where a transfer is. (`SyncPhase`: clearer beside other phases in an app.)
pub type SyncPhase = Phase;
/// Progress of a transfer. (`SyncProgress`, not `Progress`: Foundation has one.)
pub type SyncProgress = Progress;

/// Where the last sync with a device ended.
#[uniffi::remote(Record)]
pub struct DeviceSyncState {
    pub device: DeviceIdentity,
    pub epoch: u32,
    #[uniffi(default)]
    pub last_sequence: Option<u32>,
    #[uniffi(default)]
    pub last_sync: Option<UtcTime>,
}

/// How a sync knew the device's clock.
#[uniffi::remote(Enum)]
pub enum ClockSource {
    CurrentTime,
    NewestRecord,
}

/// One sync session with a device, as stored.
#[uniffi::remote(Record)]
pub struct DeviceSync {
    pub id: i64,
    pub device_id: String,
    pub synced_at: UtcTime,
    #[uniffi(default)]
    pub clock_offset_ms: Option<i64>,
    #[uniffi(default)]
    pub clock_source: Option<ClockSource>,
    #[uniffi(default)]
    pub corrected_at: Option<UtcTime>,
    #[uniffi(default)]
    pub correction_ms: Option<i64>,
}

/// A correction a sync's readings can have for a device clock that was off.
#[uniffi::remote(Record)]
pub struct CorrectionOffer {
    pub sync_id: i64,
    pub device_id: String,
    pub offset_ms: i64,
    pub readings: u32,
    pub text: String,
}

/// What a sync found of a device's clock.
#[uniffi::remote(Record)]
pub struct ClockCheck {
    pub offset_ms: i64,
    pub source: ClockSource,
}

/// What a sync did, over all its connections.
#[uniffi::remote(Record)]
pub struct SyncReport {
    pub kind: DeviceKind,
    #[uniffi(default)]
    pub device: Option<DeviceIdentity>,
    pub received: u32,
    #[uniffi(default)]
    pub expected: Option<u32>,
    pub added: u32,
    pub already_stored: u32,
    pub repeats_dropped: u32,
    #[uniffi(default)]
    pub skipped: Vec<Skipped>,
    pub epoch: u32,
    pub new_epoch: bool,
    #[uniffi(default)]
    pub last_sequence: Option<u32>,
    pub attempts: u32,
    #[uniffi(default)]
    pub end: Option<EndReason>,
    #[uniffi(default)]
    pub reading_ids: Vec<i64>,
    #[uniffi(default)]
    pub sync_id: Option<i64>,
    #[uniffi(default)]
    pub clock: Option<ClockCheck>,
    pub time_untrusted: u32,
}

/// Where a transfer is.
#[uniffi::remote(Enum)]
pub enum SyncPhase {
    Connecting,
    Preparing,
    Counting,
    Checking,
    Transferring,
    Finishing,
    Done,
}

/// Progress of a transfer: received / expected records, and for a cuff that is
/// measuring, the current cuff pressure (shown, never stored).
#[uniffi::remote(Record)]
pub struct SyncProgress {
    pub phase: Phase,
    pub received: u32,
    #[uniffi(default)]
    pub expected: Option<u32>,
    #[uniffi(default)]
    pub cuff_pressure_mmhg: Option<f64>,
}

/// How a session ended.
#[uniffi::remote(Enum)]
pub enum EndReason {
    Complete,
    NoRecords,
    Disconnected { during_transfer: bool },
    TimedOut { phase: Phase },
    Aborted,
    Refused { code: u8, name: String },
    MissingCharacteristic { id: String },
    Failed { reason: String },
}

/// A value that was received but not kept, with the reason (the log of a sync).
#[uniffi::remote(Record)]
pub struct Skipped {
    pub source: String,
    #[uniffi(default)]
    pub sequence: Option<u32>,
    pub reason: String,
}

/// The kinds of device a session can talk to.
#[uniffi::remote(Enum)]
pub enum DeviceKind {
    GlucoseMeter,
    BloodPressureCuff,
}

/// A GATT operation for the shell to perform, UUIDs as lower-case strings.
#[uniffi::remote(Enum)]
pub enum FeedCommand {
    Read {
        service: String,
        characteristic: String,
    },
    EnableNotifications {
        service: String,
        characteristic: String,
    },
    EnableIndications {
        service: String,
        characteristic: String,
    },
    Write {
        service: String,
        characteristic: String,
        value: Vec<u8>,
        with_response: bool,
    },
    Disconnect,
}

/// What the shell does and shows after each call.
#[uniffi::remote(Record)]
pub struct FeedResponse {
    #[uniffi(default)]
    pub commands: Vec<FeedCommand>,
    pub progress: Progress,
    pub finished: bool,
    pub resume_possible: bool,
    #[uniffi(default)]
    pub tick_after_ms: Option<u64>,
}

/// What [`Record::check`] found.
#[uniffi::remote(Record)]
pub struct IntegrityReport {
    pub whole: bool,
    #[uniffi(default)]
    pub findings: Vec<String>,
}

/// What closing or checkpointing a record came to. It is only ever returned when
/// everything committed is saved: a log that could not be written into the main file
/// (a full disk) stays beside it and is replayed on the next open, so it is a warning,
/// never [`ApiError::DiskFull`], and a retry would store the change twice.
#[uniffi::remote(Record)]
pub struct Saved {
    #[uniffi(default)]
    pub warning: Option<SaveWarning>,
}

/// A warning that comes with [`Saved`]. `Display` is the sentence to show.
#[uniffi::remote(Enum)]
pub enum SaveWarning {
    LowSpace,
    LogKept,
}

/// What part of the record changed.
#[uniffi::remote(Enum)]
pub enum ChangeArea {
    Entries,
    Readings,
    Alerts,
    Settings,
    Messages,
    Devices,
}

/// One committed change: which areas it touched.
#[uniffi::remote(Record)]
pub struct RecordChange {
    #[uniffi(default)]
    pub areas: Vec<ChangeArea>,
}
/// What a platform Bluetooth stack reports, one case per [`DeviceFeed`] call.
#[uniffi::remote(Enum)]
pub enum StackEvent {
    ReadResult {
        service: String,
        characteristic: String,
        value: Vec<u8>,
    },
    ReadFailed {
        service: String,
        characteristic: String,
        reason: String,
    },
    Subscribed {
        service: String,
        characteristic: String,
    },
    SubscribeFailed {
        service: String,
        characteristic: String,
        reason: String,
    },
    WriteAcknowledged {
        service: String,
        characteristic: String,
    },
    WriteFailed {
        service: String,
        characteristic: String,
        reason: String,
    },
    Value {
        service: String,
        characteristic: String,
        value: Vec<u8>,
    },
    Disconnected,
}
