//! Heart Rate Measurement (0x2A37), Heart Rate Service 1.0, 3.1 / GATT Specification
//! Supplement "Heart Rate Measurement".
//!
//! flags u8 (bit0 value is u16 else u8; bits1-2 sensor contact; bit3 energy expended
//! u16 kJ present; bit4 RR intervals present); heart rate; [energy expended];
//! [RR intervals u16 in 1/1024 s, to the end of the value].

use serde::Serialize;

use super::error::DecodeError;
use super::reader::Reader;

const VALUE_U16: u8 = 1 << 0;
const CONTACT_SHIFT: u8 = 1;
const ENERGY_EXPENDED: u8 = 1 << 3;
const RR_INTERVALS: u8 = 1 << 4;

/// Sensor contact status, flag bits 1-2 (0 and 1 both mean "not supported").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SensorContact {
    /// The sensor cannot tell (bits 0b00 or 0b01).
    NotSupported,
    /// Supported, but no or poor skin contact (0b10).
    NotDetected,
    /// Supported and in contact (0b11).
    Detected,
}

/// One Heart Rate Measurement notification.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct HeartRateMeasurement {
    /// Beats per minute.
    pub heart_rate_bpm: u16,
    /// Skin contact.
    pub sensor_contact: SensorContact,
    /// Energy expended since the last reset, kilojoules (65535 = "at least").
    pub energy_expended_kj: Option<u16>,
    /// RR intervals in units of 1/1024 s, oldest first.
    pub rr_intervals_1024ths: Vec<u16>,
}

impl HeartRateMeasurement {
    /// Decodes a notification. An RR flag with no, or an odd number of, remaining
    /// bytes is truncation, as every RR interval is two bytes.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new("heart rate measurement", bytes);
        let flags = r.u8("flags")?;
        let heart_rate_bpm = if flags & VALUE_U16 != 0 {
            r.u16("heart_rate")?
        } else {
            u16::from(r.u8("heart_rate")?)
        };
        let sensor_contact = match (flags >> CONTACT_SHIFT) & 0b11 {
            0b10 => SensorContact::NotDetected,
            0b11 => SensorContact::Detected,
            _ => SensorContact::NotSupported,
        };
        let energy_expended_kj = (flags & ENERGY_EXPENDED != 0)
            .then(|| r.u16("energy_expended"))
            .transpose()?;
        let mut rr_intervals_1024ths = Vec::new();
        if flags & RR_INTERVALS != 0 {
            loop {
                rr_intervals_1024ths.push(r.u16("rr_interval")?);
                if r.remaining() == 0 {
                    break;
                }
            }
        }
        Ok(Self {
            heart_rate_bpm,
            sensor_contact,
            energy_expended_kj,
            rr_intervals_1024ths,
        })
    }

    /// RR intervals in seconds (exact: 1/1024 is a power of two).
    pub fn rr_intervals_seconds(&self) -> Vec<f64> {
        self.rr_intervals_1024ths
            .iter()
            .map(|&rr| f64::from(rr) / 1024.0)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors from NordicSemiconductor/Android-BLE-Common-Library,
    // ble-common/src/test/.../hr/HeartRateMeasurementDataCallbackTest.java.
    #[test]
    fn nordic_simple_and_no_contact() {
        let m = HeartRateMeasurement::decode(&[0, 85]).expect("test value");
        assert_eq!(
            (m.heart_rate_bpm, m.sensor_contact),
            (85, SensorContact::NotSupported)
        );
        assert_eq!(
            (m.energy_expended_kj, m.rr_intervals_1024ths.len()),
            (None, 0)
        );
        let m = HeartRateMeasurement::decode(&[0x4, 0xFF]).expect("test value");
        assert_eq!(
            (m.heart_rate_bpm, m.sensor_contact),
            (255, SensorContact::NotDetected)
        );
    }

    #[test]
    fn nordic_uint8_and_uint16() {
        let m = HeartRateMeasurement::decode(&[0b11110, 85, 50, 0, 33, 0]).expect("test value");
        assert_eq!(m.heart_rate_bpm, 85);
        assert_eq!(m.sensor_contact, SensorContact::Detected);
        assert_eq!(m.energy_expended_kj, Some(50));
        assert_eq!(m.rr_intervals_1024ths, vec![33]);

        let m = HeartRateMeasurement::decode(&[0b11111, 1, 1, 50, 1, 1, 0, 2, 1, 0xFF, 0xFF])
            .expect("test value");
        assert_eq!((m.heart_rate_bpm, m.energy_expended_kj), (257, Some(306)));
        assert_eq!(m.rr_intervals_1024ths, vec![1, 258, 65535]);
    }

    #[test]
    fn nordic_invalid_rr_flag_without_intervals() {
        assert!(matches!(
            HeartRateMeasurement::decode(&[0b10111, 1, 1]),
            Err(DecodeError::Truncated {
                field: "rr_interval",
                offset: 3,
                needed: 2,
                available: 0,
                ..
            })
        ));
    }

    #[test]
    fn blevalueparser_rr_intervals_to_the_end() {
        // eisaev/blevalueparser, tests/heartratemeasurementtest.cpp, HR8_EE_RR1:
        // 170 bpm, 443 kJ, one RR interval 0x01CC (460/1024 s = 449 ms).
        let m = HeartRateMeasurement::decode(&[0b11000, 0xAA, 0xBB, 0x01, 0xCC, 0x01])
            .expect("test value");
        assert_eq!((m.heart_rate_bpm, m.energy_expended_kj), (170, Some(443)));
        assert_eq!(m.rr_intervals_1024ths, vec![0x01CC]);
        assert_eq!((m.rr_intervals_seconds()[0] * 1000.0) as u32, 449);
        // HR16: 0x01AA = 426 bpm.
        assert_eq!(
            HeartRateMeasurement::decode(&[0x01, 0xAA, 0x01]).map(|m| m.heart_rate_bpm),
            Ok(426)
        );
    }

    #[test]
    fn odd_trailing_rr_byte_is_truncation() {
        assert!(matches!(
            HeartRateMeasurement::decode(&[0x10, 60, 0x00, 0x04, 0x01]),
            Err(DecodeError::Truncated {
                field: "rr_interval",
                offset: 4,
                needed: 2,
                available: 1,
                ..
            })
        ));
    }
}
