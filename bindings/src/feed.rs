//! What the feed API says, mirroring `phr_core::devices::transport::feed` and the
//! session's progress and report: device kinds, GATT commands, responses, progress,
//! how a transfer ended, and the sync report. `devices.rs` has the session itself.

use phr_core::devices::ingest::SyncReport as CoreSyncReport;
use phr_core::devices::session::{
    DeviceKind as CoreDeviceKind, EndReason as CoreEndReason, Phase as CorePhase,
    Progress as CoreProgress, Skipped as CoreSkipped,
};
use phr_core::devices::transport::{
    DeviceFeed, FeedCommand as CoreFeedCommand, FeedResponse as CoreFeedResponse,
};

use crate::mirror::mirror_enum;
use crate::reading::DeviceIdentity;

mirror_enum! {
    /// The kinds of device the core can sync.
    pub enum DeviceKind mirrors CoreDeviceKind {
        /// A blood glucose meter (Glucose Service 0x1808).
        GlucoseMeter,
        /// A blood-pressure cuff (Blood Pressure Service 0x1810).
        BloodPressureCuff,
    }
}

/// The kind of device advertising these service UUIDs (`1808`, `0x1810` or full
/// UUIDs), if one the core syncs: what a scan screen shows.
#[uniffi::export]
pub fn device_kind_for_services(services: Vec<String>) -> Option<DeviceKind> {
    DeviceFeed::kind_for_services(&services).map(Into::into)
}

mirror_enum! {
    /// Where a transfer is.
    pub enum SyncPhase mirrors CorePhase {
        /// Not connected yet.
        Connecting,
        /// Reading device information, enabling notifications, setting the clock.
        Preparing,
        /// Asking how many records the meter holds.
        Counting,
        /// Checking the meter's newest record against the last one stored.
        Checking,
        /// Records are arriving.
        Transferring,
        /// The device said it is done; waiting briefly for late notifications.
        Finishing,
        /// Over.
        Done,
    }
}

/// Progress of a transfer. (`SyncProgress`, not `Progress`: Foundation has one.)
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct SyncProgress {
    /// Where the transfer is.
    pub phase: SyncPhase,
    /// Distinct records received so far.
    pub received: u32,
    /// Records expected, when the device said.
    pub expected: Option<u32>,
    /// Live cuff pressure while a cuff measures, mmHg (shown, never stored).
    pub cuff_pressure_mmhg: Option<f64>,
}

impl From<CoreProgress> for SyncProgress {
    fn from(p: CoreProgress) -> Self {
        Self {
            phase: p.phase.into(),
            received: p.received,
            expected: p.expected,
            cuff_pressure_mmhg: p.cuff_pressure_mmhg,
        }
    }
}

/// A characteristic by service UUID and characteristic UUID, as the stack gives them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct GattCharacteristic {
    /// Service UUID.
    pub service: String,
    /// Characteristic UUID.
    pub characteristic: String,
}

/// A GATT operation for the shell to perform, one at a time; UUIDs are lower-case
/// full UUIDs.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum FeedCommand {
    /// Read; answer with `read_result` or `read_failed`.
    Read {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
    },
    /// Enable notifications (write 0x0001 to the CCCD); answer with `subscribed`.
    EnableNotifications {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
    },
    /// Enable indications (write 0x0002 to the CCCD); answer with `subscribed`.
    EnableIndications {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
    },
    /// Write; answer with `write_acknowledged` or `write_failed`.
    Write {
        /// Service UUID.
        service: String,
        /// Characteristic UUID.
        characteristic: String,
        /// The bytes.
        value: Vec<u8>,
        /// Write with response.
        with_response: bool,
    },
    /// Close the connection; the stack then reports `disconnected`.
    Disconnect,
}

impl From<CoreFeedCommand> for FeedCommand {
    fn from(c: CoreFeedCommand) -> Self {
        match c {
            CoreFeedCommand::Read {
                service,
                characteristic,
            } => Self::Read {
                service,
                characteristic,
            },
            CoreFeedCommand::EnableNotifications {
                service,
                characteristic,
            } => Self::EnableNotifications {
                service,
                characteristic,
            },
            CoreFeedCommand::EnableIndications {
                service,
                characteristic,
            } => Self::EnableIndications {
                service,
                characteristic,
            },
            CoreFeedCommand::Write {
                service,
                characteristic,
                value,
                with_response,
            } => Self::Write {
                service,
                characteristic,
                value,
                with_response,
            },
            CoreFeedCommand::Disconnect => Self::Disconnect,
        }
    }
}

/// What the shell does and shows after each call.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FeedResponse {
    /// Operations to perform, in order.
    pub commands: Vec<FeedCommand>,
    /// Received / expected, phase, live cuff pressure.
    pub progress: SyncProgress,
    /// This connection's transfer is over and its readings are stored.
    pub finished: bool,
    /// The link dropped mid-transfer and a reconnect would fetch the rest: call
    /// `reconnect()`, connect again and call `connected` again.
    pub resume_possible: bool,
    /// Call `tick()` after this many milliseconds (timeouts, grace period).
    pub tick_after_ms: Option<u64>,
}

impl From<CoreFeedResponse> for FeedResponse {
    fn from(r: CoreFeedResponse) -> Self {
        Self {
            commands: r.commands.into_iter().map(Into::into).collect(),
            progress: r.progress.into(),
            finished: r.finished,
            resume_possible: r.resume_possible,
            tick_after_ms: r.tick_after_ms,
        }
    }
}

/// How a connection's transfer ended.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum SyncEnd {
    /// Everything asked for arrived.
    Complete,
    /// The meter holds no records (or none newer than the last sync).
    NoRecords,
    /// The link dropped; what arrived is kept.
    Disconnected {
        /// Whether records were still expected.
        during_transfer: bool,
    },
    /// The device stopped answering; what arrived is kept.
    TimedOut {
        /// During which phase.
        phase: SyncPhase,
    },
    /// Cancelled; what arrived is kept.
    Aborted,
    /// The meter answered with an RACP error code.
    Refused {
        /// The RACP response code.
        code: u8,
        /// Its name.
        name: String,
    },
    /// A characteristic the transfer needs is missing.
    MissingCharacteristic {
        /// Which one (`0x1808/0x2A52`).
        id: String,
    },
    /// A step the transfer needs failed.
    Failed {
        /// What failed, in words.
        reason: String,
    },
}

impl From<CoreEndReason> for SyncEnd {
    fn from(e: CoreEndReason) -> Self {
        match e {
            CoreEndReason::Complete => Self::Complete,
            CoreEndReason::NoRecords => Self::NoRecords,
            CoreEndReason::Disconnected { during_transfer } => {
                Self::Disconnected { during_transfer }
            }
            CoreEndReason::TimedOut { phase } => Self::TimedOut {
                phase: phase.into(),
            },
            CoreEndReason::Aborted => Self::Aborted,
            CoreEndReason::Refused { code, name } => Self::Refused { code, name },
            CoreEndReason::MissingCharacteristic { id } => Self::MissingCharacteristic { id },
            CoreEndReason::Failed { reason } => Self::Failed { reason },
        }
    }
}

/// A value that was received but not kept, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SkippedValue {
    /// Which characteristic sent it.
    pub source: String,
    /// Sequence number, when known.
    pub sequence: Option<u32>,
    /// Why it was not kept.
    pub reason: String,
}

impl From<CoreSkipped> for SkippedValue {
    fn from(s: CoreSkipped) -> Self {
        Self {
            source: s.source,
            sequence: s.sequence,
            reason: s.reason,
        }
    }
}

/// What a sync did, over all its connections.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncReport {
    /// Meter or cuff.
    pub kind: DeviceKind,
    /// The device, once identified.
    pub device: Option<DeviceIdentity>,
    /// Distinct records received.
    pub received: u32,
    /// Records the device said it would send (last connection).
    pub expected: Option<u32>,
    /// Readings added to the record.
    pub added: u32,
    /// Records already in the record.
    pub already_stored: u32,
    /// Repeated notifications dropped.
    pub repeats_dropped: u32,
    /// Values not kept, each with the reason.
    pub skipped: Vec<SkippedValue>,
    /// The device's sequence-number epoch after the sync.
    pub epoch: u32,
    /// Whether this sync started a new epoch.
    pub new_epoch: bool,
    /// Last stored sequence number in that epoch.
    pub last_sequence: Option<u32>,
    /// Connections made.
    pub attempts: u32,
    /// How the last connection ended.
    pub end: Option<SyncEnd>,
    /// Ids of the added readings.
    pub reading_ids: Vec<i64>,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<CoreSyncReport> for SyncReport {
    fn from(r: CoreSyncReport) -> Self {
        Self {
            kind: r.kind.into(),
            device: r.device.map(Into::into),
            received: count(r.received),
            expected: r.expected,
            added: count(r.added),
            already_stored: count(r.already_stored),
            repeats_dropped: r.repeats_dropped,
            skipped: r.skipped.into_iter().map(Into::into).collect(),
            epoch: r.epoch,
            new_epoch: r.new_epoch,
            last_sequence: r.last_sequence,
            attempts: r.attempts,
            end: r.end.map(Into::into),
            reading_ids: r.reading_ids,
        }
    }
}
