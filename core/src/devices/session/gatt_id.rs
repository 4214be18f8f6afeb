//! Characteristics named by service and UUID together: a meter may expose a second
//! 0x2A52 inside a vendor service (BLE.md, "No Current Time Service"), so a bare
//! characteristic UUID is never enough to decide what a value is.

use std::fmt;

use serde::{Serialize, Serializer};
use uuid::Uuid;

use super::error::DeviceError;

/// The Bluetooth base UUID with a zero 16-bit part (Core Specification, Vol 3, Part B,
/// 2.5.1): `0000XXXX-0000-1000-8000-00805F9B34FB`.
const BASE_UUID: u128 = 0x0000_0000_0000_1000_8000_0080_5F9B_34FB;

/// A 16-bit SIG UUID expanded into the Bluetooth base UUID.
pub const fn uuid16(short: u16) -> Uuid {
    Uuid::from_u128(BASE_UUID | ((short as u128) << 96))
}

/// The 16-bit part of a UUID built on the Bluetooth base UUID, if it is one.
pub fn short_uuid(uuid: Uuid) -> Option<u16> {
    let value = uuid.as_u128();
    let short = u16::try_from(value >> 96).ok()?;
    (value & !(0xFFFF_FFFFu128 << 96) == BASE_UUID).then_some(short)
}

/// Parses `2a18`, `0x2A18`, `00002a18` or a full UUID (any case).
pub fn parse_uuid(input: &str) -> Result<Uuid, DeviceError> {
    let invalid = || DeviceError::InvalidUuid {
        input: input.to_owned(),
    };
    let s = input.trim();
    let hex = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .unwrap_or(s);
    if hex.len() == 4 || hex.len() == 8 {
        let n = u32::from_str_radix(hex, 16).map_err(|_| invalid())?;
        let short = u16::try_from(n).map_err(|_| invalid())?;
        return Ok(uuid16(short));
    }
    Uuid::parse_str(s).map_err(|_| invalid())
}

/// Assigned numbers of the services used here (Bluetooth Assigned Numbers, 3.4).
pub mod service {
    /// Current Time Service.
    pub const CURRENT_TIME: u16 = 0x1805;
    /// Glucose Service.
    pub const GLUCOSE: u16 = 0x1808;
    /// Device Information Service.
    pub const DEVICE_INFORMATION: u16 = 0x180A;
    /// Blood Pressure Service.
    pub const BLOOD_PRESSURE: u16 = 0x1810;
}

/// One characteristic: its service and its own UUID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GattId {
    /// The service that holds it.
    pub service: Uuid,
    /// The characteristic.
    pub characteristic: Uuid,
}

impl GattId {
    /// A characteristic of the SIG by 16-bit service and characteristic numbers.
    pub const fn sig(service: u16, characteristic: u16) -> Self {
        Self {
            service: uuid16(service),
            characteristic: uuid16(characteristic),
        }
    }

    /// From two UUID strings as a shell's Bluetooth stack gives them.
    pub fn parse(service: &str, characteristic: &str) -> Result<Self, DeviceError> {
        Ok(Self {
            service: parse_uuid(service)?,
            characteristic: parse_uuid(characteristic)?,
        })
    }

    /// Glucose Measurement 0x2A18 (notify).
    pub const GLUCOSE_MEASUREMENT: Self = Self::sig(service::GLUCOSE, 0x2A18);
    /// Glucose Measurement Context 0x2A34 (notify).
    pub const GLUCOSE_CONTEXT: Self = Self::sig(service::GLUCOSE, 0x2A34);
    /// Glucose Feature 0x2A51 (read).
    pub const GLUCOSE_FEATURE: Self = Self::sig(service::GLUCOSE, 0x2A51);
    /// Record Access Control Point 0x2A52 of the Glucose Service (write + indicate).
    pub const RACP: Self = Self::sig(service::GLUCOSE, 0x2A52);
    /// Blood Pressure Measurement 0x2A35 (indicate).
    pub const BP_MEASUREMENT: Self = Self::sig(service::BLOOD_PRESSURE, 0x2A35);
    /// Intermediate Cuff Pressure 0x2A36 (notify).
    pub const INTERMEDIATE_CUFF_PRESSURE: Self = Self::sig(service::BLOOD_PRESSURE, 0x2A36);
    /// Current Time 0x2A2B in the Current Time Service.
    pub const CURRENT_TIME: Self = Self::sig(service::CURRENT_TIME, 0x2A2B);
    /// Manufacturer Name String 0x2A29.
    pub const MANUFACTURER: Self = Self::sig(service::DEVICE_INFORMATION, 0x2A29);
    /// Model Number String 0x2A24.
    pub const MODEL: Self = Self::sig(service::DEVICE_INFORMATION, 0x2A24);
    /// Serial Number String 0x2A25.
    pub const SERIAL: Self = Self::sig(service::DEVICE_INFORMATION, 0x2A25);

    /// Short form for logs: `0x1808/0x2A18`, or the full UUIDs for vendor ones.
    pub fn label(&self) -> String {
        let part = |u: Uuid| short_uuid(u).map_or_else(|| u.to_string(), |s| format!("0x{s:04X}"));
        format!("{}/{}", part(self.service), part(self.characteristic))
    }
}

impl fmt::Display for GattId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl Serialize for GattId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_bit_uuids_expand_into_the_base_uuid() {
        assert_eq!(
            uuid16(0x2A18).to_string(),
            "00002a18-0000-1000-8000-00805f9b34fb"
        );
        assert_eq!(short_uuid(uuid16(0x2A52)), Some(0x2A52));
        let vendor = Uuid::parse_str("0000fff1-0000-1000-8000-00805f9b34fc").expect("uuid");
        assert_eq!(short_uuid(vendor), None);
    }

    #[test]
    fn shells_may_give_short_or_full_uuids() {
        for s in [
            "2a52",
            "0x2A52",
            "00002a52",
            "00002A52-0000-1000-8000-00805F9B34FB",
        ] {
            assert_eq!(parse_uuid(s).expect(s), uuid16(0x2A52), "{s}");
        }
        assert!(matches!(
            parse_uuid("nope"),
            Err(DeviceError::InvalidUuid { .. })
        ));
        assert_eq!(GattId::RACP.label(), "0x1808/0x2A52");
    }
}
