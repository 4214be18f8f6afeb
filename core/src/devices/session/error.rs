//! `DeviceError`: everything that can go wrong talking to a meter or cuff, one line a
//! person understands each. Shells map it to a small per-screen error (STYLE.md, 2).

use crate::devices::gatt::DecodeError;
use crate::store::StoreError;

/// Why a scan, a sync or a step of one failed.
#[derive(Debug, thiserror::Error)]
pub enum DeviceError {
    /// The machine has no Bluetooth adapter (or none the system lets us use).
    #[error("no Bluetooth adapter found on this machine")]
    NoAdapter,
    /// Bluetooth is not usable here at all (no system Bluetooth service, no system bus,
    /// Bluetooth switched off, permission refused).
    #[error("Bluetooth is not available: {reason}")]
    NoBluetooth {
        /// What is missing, in words.
        reason: String,
    },
    /// No device with this id was found while scanning.
    #[error("no device \"{id}\" found nearby (is it switched on and in pairing or transfer mode?)")]
    NotFound {
        /// The id asked for.
        id: String,
    },
    /// Connecting failed or the link dropped before anything could be done.
    #[error("could not connect to the device: {reason}")]
    Connection {
        /// What went wrong.
        reason: String,
    },
    /// The device does not offer a characteristic the transfer needs.
    #[error("the device has no {characteristic} characteristic in service {service}")]
    MissingCharacteristic {
        /// Service UUID.
        service: String,
        /// Characteristic UUID or name.
        characteristic: String,
    },
    /// A value from the device could not be decoded.
    #[error("could not read the {characteristic} value: {source}")]
    Decode {
        /// Which characteristic sent it, in words.
        characteristic: String,
        /// The decoder's error (field and byte offset).
        #[source]
        source: DecodeError,
    },
    /// A read, write or subscription was refused by the device or the stack.
    #[error("{operation} failed: {reason}")]
    Gatt {
        /// What was attempted, e.g. "subscribe to 0x1808/0x2A18".
        operation: String,
        /// What the stack said.
        reason: String,
    },
    /// The device stopped answering.
    #[error("the device stopped answering while {during}")]
    Timeout {
        /// What was going on.
        during: String,
    },
    /// A UUID given by a shell is not a UUID.
    #[error("\"{input}\" is not a Bluetooth UUID (expected e.g. 2a18, 0x2A18 or a full UUID)")]
    InvalidUuid {
        /// What was given.
        input: String,
    },
    /// A simulator quirk name is not known.
    #[error("unknown quirk \"{name}\" (known: {known})")]
    UnknownQuirk {
        /// The name given.
        name: String,
        /// The names that exist.
        known: String,
    },
    /// The sync was used in a way it does not support (e.g. an event after it ended).
    #[error("{0}")]
    Unsupported(String),
    /// The sync was cancelled (the person, or the app going away); what was stored
    /// before stays.
    #[error("the sync was cancelled")]
    Cancelled,
    /// Storing the readings failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Evaluating the rules on the new readings failed.
    #[error(transparent)]
    Rules(#[from] crate::rules::RulesError),
}

impl From<rusqlite::Error> for DeviceError {
    fn from(err: rusqlite::Error) -> Self {
        Self::Store(err.into())
    }
}

impl DeviceError {
    /// A decode error, naming the characteristic it came from.
    pub fn decode(characteristic: impl Into<String>, source: DecodeError) -> Self {
        Self::Decode {
            characteristic: characteristic.into(),
            source,
        }
    }

    /// Whether this means "no usable Bluetooth on this machine" (the CLI exits non-zero
    /// with one line; a shell shows "turn Bluetooth on").
    pub fn is_bluetooth_unavailable(&self) -> bool {
        matches!(self, Self::NoAdapter | Self::NoBluetooth { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_errors_name_the_characteristic_and_the_field() {
        let e = DeviceError::decode(
            "glucose measurement",
            DecodeError::Truncated {
                characteristic: "glucose measurement",
                field: "base_time",
                offset: 3,
                needed: 7,
                available: 2,
            },
        );
        let text = e.to_string();
        assert!(text.starts_with("could not read the glucose measurement value"));
        assert!(text.contains("base_time"));
    }

    #[test]
    fn missing_bluetooth_is_one_line() {
        for e in [
            DeviceError::NoAdapter,
            DeviceError::NoBluetooth {
                reason: "no system bus".into(),
            },
        ] {
            assert!(e.is_bluetooth_unavailable());
            assert!(!e.to_string().contains('\n'));
        }
    }
}
