//! Weight Measurement (0x2A9D), Weight Scale Service 1.0 / GATT Specification
//! Supplement "Weight Measurement".
//!
//! flags u8 (bit0 imperial, bit1 time stamp, bit2 user id, bit3 BMI and height);
//! weight u16 (SI: 0.005 kg, imperial: 0.01 lb; 0xFFFF = measurement unsuccessful);
//! [time stamp Date Time]; [user id u8, 255 = unknown]; [BMI u16 x 0.1 kg/m2 and height
//! u16 (SI: 0.001 m, imperial: 0.1 in)].

use serde::Serialize;

use super::date_time::DateTime;
use super::error::DecodeError;
use super::reader::Reader;
use crate::model::units;

const IMPERIAL: u8 = 1 << 0;
const TIME_STAMP: u8 = 1 << 1;
const USER_ID: u8 = 1 << 2;
const BMI_AND_HEIGHT: u8 = 1 << 3;

/// Weight value meaning "measurement unsuccessful".
pub const WEIGHT_UNSUCCESSFUL: u16 = 0xFFFF;

/// Unit system of weight and height (flag bit 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitSystem {
    /// Kilograms and metres.
    Si,
    /// Pounds and inches.
    Imperial,
}

/// BMI and height, sent together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct BmiAndHeight {
    /// BMI in units of 0.1 kg/m2.
    pub bmi_tenths: u16,
    /// Height in 0.001 m (SI) or 0.1 in (imperial).
    pub height_raw: u16,
}

/// One Weight Measurement indication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct WeightMeasurement {
    /// SI or imperial.
    pub unit_system: UnitSystem,
    /// Weight in 0.005 kg (SI) or 0.01 lb (imperial); 0xFFFF = unsuccessful.
    pub weight_raw: u16,
    /// Time stamp.
    pub time_stamp: Option<DateTime>,
    /// User id; 255 = unknown user.
    pub user_id: Option<u8>,
    /// BMI and height.
    pub bmi_and_height: Option<BmiAndHeight>,
}

impl WeightMeasurement {
    /// Decodes an indication; reserved flag bits and trailing bytes are ignored.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new("weight measurement", bytes);
        let flags = r.u8("flags")?;
        let weight_raw = r.u16("weight")?;
        let time_stamp = if flags & TIME_STAMP != 0 {
            Some(DateTime::read(&mut r, "time_stamp")?)
        } else {
            None
        };
        let user_id = (flags & USER_ID != 0)
            .then(|| r.u8("user_id"))
            .transpose()?;
        let bmi_and_height = if flags & BMI_AND_HEIGHT != 0 {
            Some(BmiAndHeight {
                bmi_tenths: r.u16("bmi")?,
                height_raw: r.u16("height")?,
            })
        } else {
            None
        };
        Ok(Self {
            unit_system: if flags & IMPERIAL != 0 {
                UnitSystem::Imperial
            } else {
                UnitSystem::Si
            },
            weight_raw,
            time_stamp,
            user_id,
            bmi_and_height,
        })
    }

    /// Whether the scale reported a failed measurement (weight 0xFFFF).
    pub fn is_unsuccessful(&self) -> bool {
        self.weight_raw == WEIGHT_UNSUCCESSFUL
    }

    /// Weight in the unit system's unit (kg or lb), `None` if unsuccessful.
    pub fn weight(&self) -> Option<f64> {
        if self.is_unsuccessful() {
            return None;
        }
        Some(match self.unit_system {
            // Resolutions 0.005 kg and 0.01 lb (GATT Specification Supplement, Weight).
            UnitSystem::Si => f64::from(self.weight_raw) * 5.0 / 1000.0,
            UnitSystem::Imperial => f64::from(self.weight_raw) / 100.0,
        })
    }

    /// Weight in kilograms, `None` if unsuccessful.
    pub fn weight_kg(&self) -> Option<f64> {
        let w = self.weight()?;
        Some(match self.unit_system {
            UnitSystem::Si => w,
            UnitSystem::Imperial => units::lb_to_kg(w),
        })
    }

    /// BMI in kg/m2.
    pub fn bmi(&self) -> Option<f64> {
        self.bmi_and_height.map(|b| f64::from(b.bmi_tenths) / 10.0)
    }

    /// Height in the unit system's unit (m or in).
    pub fn height(&self) -> Option<f64> {
        self.bmi_and_height.map(|b| match self.unit_system {
            // Resolutions 0.001 m and 0.1 in (GATT Specification Supplement, Weight).
            UnitSystem::Si => f64::from(b.height_raw) / 1000.0,
            UnitSystem::Imperial => f64::from(b.height_raw) / 10.0,
        })
    }

    /// Height in metres.
    pub fn height_m(&self) -> Option<f64> {
        let h = self.height()?;
        Some(match self.unit_system {
            UnitSystem::Si => h,
            UnitSystem::Imperial => units::inch_to_m(h),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn si_weight_with_everything() {
        // 72.5 kg = 14500 x 0.005; 2026-11-24 07:00:00; user 1; BMI 23.7; height 1.750 m.
        let bytes = [
            0x0E, 0xA4, 0x38, 0xEA, 0x07, 0x0B, 0x18, 0x07, 0x00, 0x00, 0x01, 0xED, 0x00, 0xD6,
            0x06,
        ];
        let w = WeightMeasurement::decode(&bytes).expect("test value");
        assert_eq!(w.weight_kg(), Some(72.5));
        assert_eq!(
            w.time_stamp.and_then(|t| t.to_iso()).as_deref(),
            Some("2026-11-24T07:00:00")
        );
        assert_eq!(w.user_id, Some(1));
        assert_eq!(w.bmi(), Some(23.7));
        assert_eq!(w.height_m(), Some(1.75));
    }

    #[test]
    fn im97mori_extremes_and_unsuccessful() {
        // im97mori-github/AndroidBLEUtil, characteristic-wss/.../WeightMeasurementTest.java,
        // test_constructor001..004: weight 0 and 0xFFFF in SI and imperial. By the WSS
        // spec 0xFFFF is "measurement unsuccessful", not 327.675 kg.
        let zero = WeightMeasurement::decode(&[0x00, 0x00, 0x00]).expect("test value");
        assert_eq!(zero.weight_kg(), Some(0.0));
        let failed = WeightMeasurement::decode(&[0x00, 0xFF, 0xFF]).expect("test value");
        assert!(failed.is_unsuccessful());
        assert_eq!(failed.weight(), None);
        let failed_lb = WeightMeasurement::decode(&[0x01, 0xFF, 0xFF]).expect("test value");
        assert_eq!(
            (failed_lb.unit_system, failed_lb.weight()),
            (UnitSystem::Imperial, None)
        );
    }

    #[test]
    fn imperial_weight_and_height() {
        // 160.00 lb (16000 x 0.01), BMI 25.0, height 68.0 in (680 x 0.1).
        let bytes = [0x09, 0x80, 0x3E, 0xFA, 0x00, 0xA8, 0x02];
        let w = WeightMeasurement::decode(&bytes).expect("test value");
        assert_eq!(w.weight(), Some(160.0));
        assert_eq!(w.weight_kg().map(|v| units::round_to(v, 3)), Some(72.575));
        assert_eq!(w.height(), Some(68.0));
        assert_eq!(w.height_m().map(|v| units::round_to(v, 4)), Some(1.7272));
    }

    #[test]
    fn truncated_bmi_block_names_height() {
        assert!(matches!(
            WeightMeasurement::decode(&[0x08, 0x80, 0x3E, 0xFA, 0x00, 0xA8]),
            Err(DecodeError::Truncated {
                field: "height",
                offset: 5,
                needed: 2,
                available: 1,
                ..
            })
        ));
    }
}
