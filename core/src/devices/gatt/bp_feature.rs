//! Blood Pressure Feature (0x2A49): a u16 of the detections the cuff supports (Blood
//! Pressure Service 1.0, 3.3 / GATT Specification Supplement "Blood Pressure Feature").
//! Bits above 5 are reserved in BLS 1.0 and reported as `reserved_bit_N`.

use super::codes::flag_set;
use super::error::DecodeError;
use super::reader::Reader;

flag_set! {
    /// What the cuff can detect and report.
    pub struct BloodPressureFeature: u16 {
        /// Body movement detection.
        const BODY_MOVEMENT_DETECTION = 0 => "body_movement_detection";
        /// Cuff fit detection.
        const CUFF_FIT_DETECTION = 1 => "cuff_fit_detection";
        /// Irregular pulse detection.
        const IRREGULAR_PULSE_DETECTION = 2 => "irregular_pulse_detection";
        /// Pulse rate range detection.
        const PULSE_RATE_RANGE_DETECTION = 3 => "pulse_rate_range_detection";
        /// Measurement position detection.
        const MEASUREMENT_POSITION_DETECTION = 4 => "measurement_position_detection";
        /// Multiple bond supported.
        const MULTIPLE_BOND = 5 => "multiple_bond";
    }
}

impl BloodPressureFeature {
    /// Decodes the characteristic value; trailing bytes are ignored.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        Ok(Self::from_bits(
            Reader::new("blood pressure feature", bytes).u16("features")?,
        ))
    }

    /// The 2-byte wire form.
    pub fn encode(self) -> [u8; 2] {
        self.bits().to_le_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_bls_1_0_features() {
        let f = BloodPressureFeature::decode(&[0x3F, 0x00]).expect("test value");
        assert_eq!(
            f.names(),
            vec![
                "body_movement_detection",
                "cuff_fit_detection",
                "irregular_pulse_detection",
                "pulse_rate_range_detection",
                "measurement_position_detection",
                "multiple_bond"
            ]
        );
        assert_eq!(f.encode(), [0x3F, 0x00]);
    }

    #[test]
    fn body_movement_only() {
        // RonanB96/bluetooth-sig-python, tests/gatt/characteristics/test_blood_pressure_measurement.py
        // uses Blood Pressure Feature [0x01, 0x00] for "body movement detection".
        let f = BloodPressureFeature::decode(&[0x01, 0x00]).expect("test value");
        assert_eq!(f, BloodPressureFeature::BODY_MOVEMENT_DETECTION);
    }

    #[test]
    fn reserved_bits_are_kept() {
        let f = BloodPressureFeature::decode(&[0x41, 0x01]).expect("test value");
        assert_eq!(
            f.names(),
            vec![
                "body_movement_detection",
                "reserved_bit_6",
                "reserved_bit_8"
            ]
        );
        assert!(matches!(
            BloodPressureFeature::decode(&[0x01]),
            Err(DecodeError::Truncated {
                field: "features",
                ..
            })
        ));
    }
}
