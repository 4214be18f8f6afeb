//! Device Information Service (0x180A) strings and the identity made from them: the
//! serial number where the device gives one, else the transport's address or id.

use super::gatt_id::GattId;
use crate::model::DeviceIdentity;

/// Manufacturer, model and serial as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DeviceInfo {
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
}

impl DeviceInfo {
    /// The Device Information reads to queue, of those the device offers.
    pub fn reads(offered: &[GattId]) -> impl Iterator<Item = GattId> + '_ {
        [GattId::MANUFACTURER, GattId::MODEL, GattId::SERIAL]
            .into_iter()
            .filter(|id| offered.contains(id))
    }

    /// Keeps a string read from `id`; returns false if `id` is not a DIS string.
    pub fn accept(&mut self, id: GattId, value: &[u8]) -> bool {
        let slot = match id {
            GattId::MANUFACTURER => &mut self.manufacturer,
            GattId::MODEL => &mut self.model,
            GattId::SERIAL => &mut self.serial,
            _ => return false,
        };
        *slot = utf8_string(value);
        true
    }

    /// The identity: serial, else `fallback_id` (the peripheral's address or id).
    pub fn identity(&self, fallback_id: &str) -> DeviceIdentity {
        DeviceIdentity {
            id: self
                .serial
                .clone()
                .unwrap_or_else(|| fallback_id.to_owned()),
            manufacturer: self.manufacturer.clone(),
            model: self.model.clone(),
        }
    }
}

/// A UTF-8 string characteristic: invalid bytes replaced, NUL padding and spaces
/// trimmed, empty as `None`.
fn utf8_string(value: &[u8]) -> Option<String> {
    let s = String::from_utf8_lossy(value);
    let s = s.trim_matches(|c: char| c == '\0' || c.is_whitespace());
    (!s.is_empty()).then(|| s.chars().take(200).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_is_the_id_and_padding_is_trimmed() {
        let mut info = DeviceInfo::default();
        assert!(info.accept(GattId::SERIAL, b"SN-42\0\0"));
        assert!(info.accept(GattId::MANUFACTURER, b" Acme "));
        assert!(!info.accept(GattId::RACP, b"x"));
        let id = info.identity("AA:BB");
        assert_eq!(id.id, "SN-42");
        assert_eq!(id.manufacturer.as_deref(), Some("Acme"));
        assert_eq!(DeviceInfo::default().identity("AA:BB").id, "AA:BB");
        assert!(info.accept(GattId::SERIAL, b"\0\0"));
        assert_eq!(info.identity("AA:BB").id, "AA:BB");
    }
}
