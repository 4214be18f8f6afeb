//! What a session is told (`Event`) and what it asks for (`Action`). Every transport,
//! the btleplug one, a shell's own Bluetooth stack through the feed API and the
//! simulator, speaks exactly these.

use serde::Serialize;

use super::gatt_id::GattId;
use crate::devices::gatt::RacpResponseCode;
use crate::model::DeviceIdentity;

/// Something that happened on the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Connected and services discovered: every characteristic the device offers.
    Connected {
        /// Discovered characteristics (service and UUID).
        characteristics: Vec<GattId>,
    },
    /// A read asked for by [`Action::Read`] returned.
    ReadResult {
        /// What was read.
        id: GattId,
        /// Its value.
        value: Vec<u8>,
    },
    /// A read failed (not permitted, not there ...).
    ReadFailed {
        /// What was read.
        id: GattId,
        /// What the stack said.
        reason: String,
    },
    /// Notifications or indications are now enabled.
    Subscribed {
        /// On what.
        id: GattId,
    },
    /// Enabling notifications or indications failed.
    SubscribeFailed {
        /// On what.
        id: GattId,
        /// What the stack said.
        reason: String,
    },
    /// A notification or indication arrived.
    Value {
        /// From which characteristic (service and UUID).
        id: GattId,
        /// The bytes.
        value: Vec<u8>,
    },
    /// A write was acknowledged.
    WriteAcknowledged {
        /// Written to.
        id: GattId,
    },
    /// A write failed.
    WriteFailed {
        /// Written to.
        id: GattId,
        /// What the stack said.
        reason: String,
    },
    /// Time passed (timeouts are checked against the time given with every event).
    Tick,
    /// The link is gone.
    Disconnected,
}

/// Notifications (unacknowledged) or indications (acknowledged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subscription {
    /// Notifications.
    Notify,
    /// Indications.
    Indicate,
}

/// What the session wants done next. GATT operations come one at a time: the next one
/// only after the previous one's result event (Android allows one in flight).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Read a characteristic; answer with [`Event::ReadResult`] or [`Event::ReadFailed`].
    Read {
        /// What to read.
        id: GattId,
    },
    /// Enable notifications or indications; answer with [`Event::Subscribed`] or
    /// [`Event::SubscribeFailed`].
    Subscribe {
        /// On what.
        id: GattId,
        /// Notifications or indications.
        kind: Subscription,
    },
    /// Write bytes; answer with [`Event::WriteAcknowledged`] or [`Event::WriteFailed`].
    Write {
        /// Where.
        id: GattId,
        /// The bytes.
        value: Vec<u8>,
        /// Write with response (RACP and Current Time need it).
        with_response: bool,
    },
    /// The device is identified: the driver looks up where the last sync with it ended
    /// and answers with `provide_history`. Drivers handle this; shells never see it.
    NeedHistory {
        /// The device.
        device: DeviceIdentity,
    },
    /// Progress to show.
    Progress(Progress),
    /// Close the link.
    Disconnect,
    /// The session is over; its result can be taken and ingested.
    Finished {
        /// How it ended.
        end: EndReason,
    },
}

/// Where a transfer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
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

/// Progress of a transfer: received / expected records, and for a cuff that is
/// measuring, the current cuff pressure (shown, never stored).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    /// Where the transfer is.
    pub phase: Phase,
    /// Distinct records received so far.
    pub received: u32,
    /// Records expected, when the device said (the RACP count, or the newest sequence
    /// number minus the last stored one).
    pub expected: Option<u32>,
    /// Live cuff pressure while a cuff measures, mmHg.
    pub cuff_pressure_mmhg: Option<f64>,
}

impl Progress {
    /// Progress in a phase with nothing received.
    pub fn at(phase: Phase) -> Self {
        Self {
            phase,
            received: 0,
            expected: None,
            cuff_pressure_mmhg: None,
        }
    }
}

/// How a session ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "end", rename_all = "snake_case")]
pub enum EndReason {
    /// Everything asked for arrived.
    Complete,
    /// The meter holds no records (or none newer than the last sync).
    NoRecords,
    /// The link dropped. What arrived is kept; the next sync resumes after it.
    Disconnected {
        /// Whether records were still expected.
        during_transfer: bool,
    },
    /// The device stopped answering; what arrived is kept.
    TimedOut {
        /// During which phase.
        phase: Phase,
    },
    /// Cancelled (by the person, or after a timeout); what arrived is kept.
    Aborted,
    /// The meter answered a request with an error code.
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
    /// A step the transfer needs failed (a refused write or subscription).
    Failed {
        /// What failed, in words.
        reason: String,
    },
}

impl EndReason {
    /// A refusal from an RACP response code.
    pub fn refused(code: RacpResponseCode) -> Self {
        Self::Refused {
            code: code.code(),
            name: code.name().unwrap_or("unknown").to_owned(),
        }
    }

    /// Whether the transfer got everything (complete or nothing to get).
    pub fn is_complete(&self) -> bool {
        matches!(self, Self::Complete | Self::NoRecords)
    }

    /// Whether a reconnect could fetch the rest.
    pub fn is_resumable(&self) -> bool {
        matches!(
            self,
            Self::Disconnected {
                during_transfer: true
            }
        )
    }
}

/// A value that was received but not kept, with the reason (the log of a sync).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// Which characteristic sent it (`0x1808/0x2A18`).
    pub source: String,
    /// Sequence number, when known.
    pub sequence: Option<u32>,
    /// Why it was not kept.
    pub reason: String,
}
