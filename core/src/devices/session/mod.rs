//! Transfer state machines, sans-IO: a session takes [`Event`]s (connected, read
//! result, notification or indication by service and characteristic UUID, write
//! acknowledged, tick, disconnected) with the current time and answers with
//! [`Action`]s (read, subscribe, write, progress, finished). No radio, no clock, no
//! store: the btleplug transport, a shell's own stack (the feed API) and the simulator
//! all drive the same sessions. Map (see `README.md` in this directory):
//!
//! - [`event`]: events, actions, progress, how a session ended;
//! - [`gatt_id`]: characteristics by service *and* UUID;
//! - [`glucose`]: the glucose meter (RACP) transfer (`glucose/racp.rs` the requests,
//!   `glucose/timeouts.rs` the retries), [`glucose_records`] its records;
//! - [`cuff`]: the blood-pressure cuff transfer, [`cuff_quirks`] per-model quirks;
//! - [`timing`], [`zone`], [`error`]; `ops` (one GATT operation at a time) and
//!   `device_info` (Device Information strings) are internal.

mod device_info;
mod ops;

pub mod cuff;
pub mod cuff_quirks;
pub mod error;
pub mod event;
pub mod gatt_id;
pub mod glucose;
pub mod glucose_records;
pub mod timing;
pub mod zone;

#[cfg(test)]
mod proptests;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use cuff::{CuffRecord, CuffSession, CuffTransfer};
pub use cuff_quirks::quirks_for_name;
pub use error::DeviceError;
pub use event::{Action, EndReason, Event, Phase, Progress, Skipped, Subscription};
pub use gatt_id::{GattId, parse_uuid, short_uuid, uuid16};
pub use glucose::{DeviceClock, GlucoseHistory, GlucoseSession, GlucoseTransfer};
pub use glucose_records::GlucoseRecord;
pub use timing::SessionTimings;
pub use zone::Zone;

use crate::devices::gatt::BpQuirks;

/// What a session knows about the peripheral before it connects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionConfig {
    /// The transport's id or address of the peripheral: the device's id when it has
    /// no serial number.
    pub peripheral_id: String,
    /// The advertised name (cuff quirks are keyed on it).
    pub advertised_name: Option<String>,
    /// Timeouts.
    pub timings: SessionTimings,
}

impl SessionConfig {
    /// A config with the default timings.
    pub fn new(peripheral_id: impl Into<String>, advertised_name: Option<String>) -> Self {
        Self {
            peripheral_id: peripheral_id.into(),
            advertised_name,
            timings: SessionTimings::default(),
        }
    }
}

/// The kinds of device a session can talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    /// A blood glucose meter (Glucose Service 0x1808).
    GlucoseMeter,
    /// A blood-pressure cuff (Blood Pressure Service 0x1810).
    BloodPressureCuff,
}

impl DeviceKind {
    /// The kind offering `service`, if one of ours.
    pub fn from_service(service: uuid::Uuid) -> Option<Self> {
        match short_uuid(service)? {
            gatt_id::service::GLUCOSE => Some(Self::GlucoseMeter),
            gatt_id::service::BLOOD_PRESSURE => Some(Self::BloodPressureCuff),
            _ => None,
        }
    }

    /// The kind of a device from its advertised services (glucose wins if both).
    pub fn from_services(services: &[uuid::Uuid]) -> Option<Self> {
        let kinds: Vec<_> = services
            .iter()
            .filter_map(|s| Self::from_service(*s))
            .collect();
        kinds
            .iter()
            .find(|k| **k == Self::GlucoseMeter)
            .or(kinds.first())
            .copied()
    }

    /// The kind of a connected device from its characteristics.
    pub fn from_characteristics(characteristics: &[GattId]) -> Option<Self> {
        if characteristics.contains(&GattId::RACP) {
            Some(Self::GlucoseMeter)
        } else if characteristics.contains(&GattId::BP_MEASUREMENT) {
            Some(Self::BloodPressureCuff)
        } else {
            None
        }
    }

    /// "glucose meter" / "blood-pressure cuff".
    pub fn label(self) -> &'static str {
        match self {
            Self::GlucoseMeter => "glucose meter",
            Self::BloodPressureCuff => "blood-pressure cuff",
        }
    }
}

/// Either session, behind one interface.
#[derive(Debug)]
pub enum Session {
    /// A glucose meter.
    Glucose(Box<GlucoseSession>),
    /// A blood-pressure cuff.
    Cuff(Box<CuffSession>),
}

/// What either session collected.
#[derive(Debug, Clone)]
pub enum TransferResult {
    /// From a glucose meter.
    Glucose(GlucoseTransfer),
    /// From a cuff.
    Cuff(CuffTransfer),
}

impl TransferResult {
    /// How it ended.
    pub fn end(&self) -> Option<&EndReason> {
        match self {
            Self::Glucose(t) => t.end.as_ref(),
            Self::Cuff(t) => t.end.as_ref(),
        }
    }
}

impl Session {
    /// A session for `kind`. Cuff quirks come from the advertised name unless given.
    pub fn new(
        kind: DeviceKind,
        config: SessionConfig,
        quirks: Option<BpQuirks>,
        zone: Zone,
    ) -> Self {
        match kind {
            DeviceKind::GlucoseMeter => Self::Glucose(Box::new(GlucoseSession::new(config))),
            DeviceKind::BloodPressureCuff => {
                Self::Cuff(Box::new(CuffSession::new(config, quirks, zone)))
            }
        }
    }

    /// Handles one event at time `now`.
    pub fn handle(&mut self, event: Event, now: DateTime<Utc>) -> Vec<Action> {
        match self {
            Self::Glucose(s) => s.handle(event, now),
            Self::Cuff(s) => s.handle(event, now),
        }
    }

    /// Cancels, keeping what arrived.
    pub fn abort(&mut self, now: DateTime<Utc>) -> Vec<Action> {
        match self {
            Self::Glucose(s) => s.abort(now),
            Self::Cuff(s) => s.abort(now),
        }
    }

    /// When the session next needs a tick.
    pub fn next_deadline(&self) -> Option<DateTime<Utc>> {
        match self {
            Self::Glucose(s) => s.next_deadline(),
            Self::Cuff(s) => s.next_deadline(),
        }
    }

    /// Progress now.
    pub fn progress(&self) -> Progress {
        match self {
            Self::Glucose(s) => s.progress_now(),
            Self::Cuff(s) => s.progress_now(),
        }
    }

    /// Whether it ended.
    pub fn is_finished(&self) -> bool {
        match self {
            Self::Glucose(s) => s.is_finished(),
            Self::Cuff(s) => s.is_finished(),
        }
    }

    /// What it collected.
    pub fn result(&self) -> TransferResult {
        match self {
            Self::Glucose(s) => TransferResult::Glucose(s.transfer()),
            Self::Cuff(s) => TransferResult::Cuff(s.transfer()),
        }
    }

    /// The kind of device.
    pub fn kind(&self) -> DeviceKind {
        match self {
            Self::Glucose(_) => DeviceKind::GlucoseMeter,
            Self::Cuff(_) => DeviceKind::BloodPressureCuff,
        }
    }
}
