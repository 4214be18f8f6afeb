//! Glucose Feature (0x2A51): a u16 of the detections the meter supports (Glucose
//! Service 1.0, 3.2 / GATT Specification Supplement "Glucose Feature").

use super::codes::flag_set;
use super::error::DecodeError;
use super::reader::Reader;

flag_set! {
    /// What the meter can detect and report.
    pub struct GlucoseFeature: u16 {
        /// Low battery detection during measurement.
        const LOW_BATTERY_DETECTION = 0 => "low_battery_detection";
        /// Sensor malfunction detection.
        const SENSOR_MALFUNCTION_DETECTION = 1 => "sensor_malfunction_detection";
        /// Sensor sample size.
        const SENSOR_SAMPLE_SIZE = 2 => "sensor_sample_size";
        /// Sensor strip insertion error detection.
        const STRIP_INSERTION_ERROR_DETECTION = 3 => "strip_insertion_error_detection";
        /// Sensor strip type error detection.
        const STRIP_TYPE_ERROR_DETECTION = 4 => "strip_type_error_detection";
        /// Sensor result high-low detection.
        const RESULT_HIGH_LOW_DETECTION = 5 => "result_high_low_detection";
        /// Sensor temperature high-low detection.
        const TEMPERATURE_HIGH_LOW_DETECTION = 6 => "temperature_high_low_detection";
        /// Sensor read interrupt detection.
        const READ_INTERRUPT_DETECTION = 7 => "read_interrupt_detection";
        /// General device fault.
        const GENERAL_DEVICE_FAULT = 8 => "general_device_fault";
        /// Time fault.
        const TIME_FAULT = 9 => "time_fault";
        /// Multiple bond supported.
        const MULTIPLE_BOND = 10 => "multiple_bond";
    }
}

impl GlucoseFeature {
    /// Decodes the characteristic value; trailing bytes are ignored.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        Ok(Self::from_bits(
            Reader::new("glucose feature", bytes).u16("features")?,
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
    fn nordic_glucose_feature_vector() {
        // NordicSemiconductor/Android-BLE-Common-Library,
        // ble-common/src/test/.../glucose/GlucoseFeatureDataCallbackTest.java:
        // 0b11110000, 0b00000011 -> bits 4..=9 set, 0..=3 and 10 clear.
        let f = GlucoseFeature::decode(&[0b1111_0000, 0b0000_0011]).expect("test value");
        assert!(!f.contains(GlucoseFeature::LOW_BATTERY_DETECTION));
        assert!(!f.contains(GlucoseFeature::STRIP_INSERTION_ERROR_DETECTION));
        assert!(f.contains(GlucoseFeature::STRIP_TYPE_ERROR_DETECTION));
        assert!(f.contains(GlucoseFeature::RESULT_HIGH_LOW_DETECTION));
        assert!(f.contains(GlucoseFeature::TIME_FAULT));
        assert!(!f.contains(GlucoseFeature::MULTIPLE_BOND));
        assert_eq!(f.names().len(), 6);
        assert_eq!(f.encode(), [0b1111_0000, 0b0000_0011]);
    }

    #[test]
    fn nordic_empty_value_is_truncated() {
        // Same file, onInvalidDataReceived: no bytes.
        assert!(matches!(
            GlucoseFeature::decode(&[]),
            Err(DecodeError::Truncated {
                field: "features",
                offset: 0,
                needed: 2,
                available: 0,
                ..
            })
        ));
    }

    #[test]
    fn reserved_bits_are_reported() {
        let f = GlucoseFeature::decode(&[0x00, 0x80]).expect("test value");
        assert_eq!(f.names(), vec!["reserved_bit_15"]);
    }
}
