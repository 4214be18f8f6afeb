//! Glucose Measurement (0x2A18), Glucose Service 1.0, 3.106 / GATT Specification
//! Supplement "Glucose Measurement".
//!
//! flags u8 (bit0 time offset, bit1 concentration + type/location, bit2 unit mol/L,
//! bit3 sensor status, bit4 context follows); sequence number u16; base time (Date
//! Time); [time offset s16 minutes]; [concentration SFLOAT, type (low nibble) and
//! sample location (high nibble) u8]; [sensor status annunciation u16].

use chrono::{NaiveDateTime, TimeDelta};
use serde::Serialize;

use super::codes::{code_enum, flag_set};
use super::date_time::DateTime;
use super::error::DecodeError;
use super::reader::Reader;
use super::sfloat::{Sfloat, SpecialValue};
use crate::model::units;

const TIME_OFFSET_PRESENT: u8 = 1 << 0;
const CONCENTRATION_PRESENT: u8 = 1 << 1;
const UNIT_MOL_PER_L: u8 = 1 << 2;
const SENSOR_STATUS_PRESENT: u8 = 1 << 3;
const CONTEXT_FOLLOWS: u8 = 1 << 4;

/// Glucose concentration unit, as sent (flag bit 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ConcentrationUnit {
    /// kg/L (blood glucose meters reporting mg/dL; 1 mg/dL = 10^-5 kg/L).
    #[serde(rename = "kg/L")]
    KgPerL,
    /// mol/L (meters reporting mmol/L; 1 mmol/L = 10^-3 mol/L).
    #[serde(rename = "mol/L")]
    MolPerL,
}

impl ConcentrationUnit {
    /// "kg/L" or "mol/L".
    pub fn label(self) -> &'static str {
        match self {
            Self::KgPerL => "kg/L",
            Self::MolPerL => "mol/L",
        }
    }
}

code_enum! {
    /// Sample type (GLS 1.0, Glucose Measurement "Type"): the low nibble.
    pub enum GlucoseType: u8 {
        /// Capillary whole blood.
        CapillaryWholeBlood = 1 => "capillary_whole_blood",
        /// Capillary plasma.
        CapillaryPlasma = 2 => "capillary_plasma",
        /// Venous whole blood.
        VenousWholeBlood = 3 => "venous_whole_blood",
        /// Venous plasma.
        VenousPlasma = 4 => "venous_plasma",
        /// Arterial whole blood.
        ArterialWholeBlood = 5 => "arterial_whole_blood",
        /// Arterial plasma.
        ArterialPlasma = 6 => "arterial_plasma",
        /// Undetermined whole blood.
        UndeterminedWholeBlood = 7 => "undetermined_whole_blood",
        /// Undetermined plasma.
        UndeterminedPlasma = 8 => "undetermined_plasma",
        /// Interstitial fluid.
        InterstitialFluid = 9 => "interstitial_fluid",
        /// Control solution: a meter check, not the person's glucose.
        ControlSolution = 10 => "control_solution",
    }
}

code_enum! {
    /// Sample location (GLS 1.0, Glucose Measurement "Sample Location"): the high nibble.
    pub enum SampleLocation: u8 {
        /// Finger.
        Finger = 1 => "finger",
        /// Alternate site test (AST).
        AlternateSiteTest = 2 => "alternate_site_test",
        /// Earlobe.
        Earlobe = 3 => "earlobe",
        /// Control solution.
        ControlSolution = 4 => "control_solution",
        /// Sample location value not available.
        NotAvailable = 15 => "not_available",
    }
}

flag_set! {
    /// Sensor Status Annunciation (GLS 1.0). Bit 5 is HI (result higher than the device
    /// can process), bit 6 is LO: some libraries swap these names; we follow the spec.
    pub struct SensorStatus: u16 {
        /// Device battery low at time of measurement.
        const BATTERY_LOW = 0 => "battery_low";
        /// Sensor malfunction or faulting at time of measurement.
        const SENSOR_MALFUNCTION = 1 => "sensor_malfunction";
        /// Sample size for blood or control solution insufficient.
        const SAMPLE_SIZE_INSUFFICIENT = 2 => "sample_size_insufficient";
        /// Strip insertion error.
        const STRIP_INSERTION_ERROR = 3 => "strip_insertion_error";
        /// Strip type incorrect for device.
        const STRIP_TYPE_INCORRECT = 4 => "strip_type_incorrect";
        /// Sensor result higher than the device can process (HI).
        const RESULT_TOO_HIGH = 5 => "result_too_high";
        /// Sensor result lower than the device can process (LO).
        const RESULT_TOO_LOW = 6 => "result_too_low";
        /// Sensor temperature too high for a valid test.
        const TEMPERATURE_TOO_HIGH = 7 => "temperature_too_high";
        /// Sensor temperature too low for a valid test.
        const TEMPERATURE_TOO_LOW = 8 => "temperature_too_low";
        /// Sensor read interrupted because the strip was pulled too soon.
        const READ_INTERRUPTED = 9 => "read_interrupted";
        /// General device fault.
        const GENERAL_DEVICE_FAULT = 10 => "general_device_fault";
        /// Time fault: the time may be inaccurate.
        const TIME_FAULT = 11 => "time_fault";
    }
}

/// A result outside the meter's measuring range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutOfRange {
    /// "LO": below what the device can measure. Never a value of 0.
    Below,
    /// "HI": above what the device can measure.
    Above,
}

/// The concentration block: value, unit, sample type and location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct GlucoseConcentration {
    /// Concentration in `unit` (kg/L or mol/L), special values kept.
    pub value: Sfloat,
    /// Unit as sent.
    pub unit: ConcentrationUnit,
    /// Sample type (low nibble).
    #[serde(rename = "type")]
    pub sample_type: GlucoseType,
    /// Sample location (high nibble).
    pub sample_location: SampleLocation,
}

/// One Glucose Measurement notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct GlucoseMeasurement {
    /// Record sequence number (u16; wraps and restarts after a reset, see BLE.md).
    pub sequence_number: u16,
    /// Base time as sent (may be unset: year 0).
    pub base_time: DateTime,
    /// Signed offset in minutes to add to the base time for the user-facing time.
    pub time_offset_minutes: Option<i16>,
    /// Concentration, type and location, when flag bit 1 is set.
    pub concentration: Option<GlucoseConcentration>,
    /// Sensor status annunciation, when flag bit 3 is set.
    pub sensor_status: Option<SensorStatus>,
    /// A Glucose Measurement Context with the same sequence number follows.
    pub context_follows: bool,
}

const NAME: &str = "glucose measurement";

impl GlucoseMeasurement {
    /// Decodes a notification. Reserved flag bits and trailing bytes are ignored.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(NAME, bytes);
        let flags = r.u8("flags")?;
        let sequence_number = r.u16("sequence_number")?;
        let base_time = DateTime::read(&mut r, "base_time")?;
        let time_offset_minutes = if flags & TIME_OFFSET_PRESENT != 0 {
            // Signed: meters send negative offsets (BLE.md, "Time offset is signed").
            Some(r.i16("time_offset")?)
        } else {
            None
        };
        let concentration = if flags & CONCENTRATION_PRESENT != 0 {
            let value = r.sfloat("concentration")?;
            let type_location = r.u8("type_sample_location")?;
            Some(GlucoseConcentration {
                value,
                unit: if flags & UNIT_MOL_PER_L != 0 {
                    ConcentrationUnit::MolPerL
                } else {
                    ConcentrationUnit::KgPerL
                },
                sample_type: GlucoseType::from_code(type_location & 0x0F),
                sample_location: SampleLocation::from_code(type_location >> 4),
            })
        } else {
            None
        };
        let sensor_status = if flags & SENSOR_STATUS_PRESENT != 0 {
            Some(SensorStatus::from_bits(r.u16("sensor_status")?))
        } else {
            None
        };
        Ok(Self {
            sequence_number,
            base_time,
            time_offset_minutes,
            concentration,
            sensor_status,
            context_follows: flags & CONTEXT_FOLLOWS != 0,
        })
    }

    /// The notification bytes for this measurement (flags derived from the fields).
    /// Type and location codes above 15 do not fit their nibble and are truncated.
    pub fn encode(&self) -> Vec<u8> {
        let mut flags = 0;
        let mut out = Vec::with_capacity(17);
        out.push(0);
        out.extend_from_slice(&self.sequence_number.to_le_bytes());
        out.extend_from_slice(&self.base_time.encode());
        if let Some(offset) = self.time_offset_minutes {
            flags |= TIME_OFFSET_PRESENT;
            out.extend_from_slice(&offset.to_le_bytes());
        }
        if let Some(c) = &self.concentration {
            flags |= CONCENTRATION_PRESENT;
            if c.unit == ConcentrationUnit::MolPerL {
                flags |= UNIT_MOL_PER_L;
            }
            out.extend_from_slice(&c.value.encode());
            out.push((c.sample_type.code() & 0x0F) | (c.sample_location.code() << 4));
        }
        if let Some(status) = self.sensor_status {
            flags |= SENSOR_STATUS_PRESENT;
            out.extend_from_slice(&status.bits().to_le_bytes());
        }
        if self.context_follows {
            flags |= CONTEXT_FOLLOWS;
        }
        if let Some(first) = out.first_mut() {
            *first = flags;
        }
        out
    }

    /// Base time plus time offset, or `None` when the base time is unset or invalid.
    pub fn user_facing_time(&self) -> Option<NaiveDateTime> {
        let base = self.base_time.to_naive()?;
        let offset = TimeDelta::try_minutes(i64::from(self.time_offset_minutes.unwrap_or(0)))?;
        base.checked_add_signed(offset)
    }

    /// A control-solution test (type 10 or location 4): a meter check, not the
    /// person's glucose (BLE.md).
    pub fn is_control_solution(&self) -> bool {
        self.concentration.is_some_and(|c| {
            c.sample_type == GlucoseType::ControlSolution
                || c.sample_location == SampleLocation::ControlSolution
        })
    }

    /// LO/HI: from the value (-INF / +INF) or, failing that, the status bits 6 / 5.
    pub fn out_of_range(&self) -> Option<OutOfRange> {
        let special = self.concentration.and_then(|c| c.value.special());
        let status = self.sensor_status.unwrap_or_default();
        match special {
            Some(SpecialValue::NegativeInfinity) => Some(OutOfRange::Below),
            Some(SpecialValue::PositiveInfinity) => Some(OutOfRange::Above),
            _ if status.contains(SensorStatus::RESULT_TOO_LOW) => Some(OutOfRange::Below),
            _ if status.contains(SensorStatus::RESULT_TOO_HIGH) => Some(OutOfRange::Above),
            _ => None,
        }
    }

    /// Concentration in mg/dL, if a finite concentration was sent.
    pub fn mg_per_dl(&self) -> Option<f64> {
        let c = self.concentration?;
        match c.unit {
            // kg/L x 10^5 = mg/dL, computed on the mantissa so 97e-5 is exactly 97.
            ConcentrationUnit::KgPerL => c.value.scaled(5),
            ConcentrationUnit::MolPerL => c.value.scaled(3).map(units::mmol_per_l_to_mg_per_dl),
        }
    }

    /// Concentration in mmol/L (unrounded), if a finite concentration was sent.
    pub fn mmol_per_l(&self) -> Option<f64> {
        let c = self.concentration?;
        match c.unit {
            ConcentrationUnit::KgPerL => c.value.scaled(5).map(units::mg_per_dl_to_mmol_per_l),
            ConcentrationUnit::MolPerL => c.value.scaled(3),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ble_md_worked_example() {
        let bytes = [
            0x03, 0x01, 0x00, 0xEA, 0x07, 0x0B, 0x18, 0x08, 0x1E, 0x00, 0x3C, 0x00, 0x61, 0xB0,
            0x11,
        ];
        let m = GlucoseMeasurement::decode(&bytes).expect("test value");
        assert_eq!(m.sequence_number, 1);
        assert_eq!(m.base_time.to_iso().as_deref(), Some("2026-11-24T08:30:00"));
        assert_eq!(m.time_offset_minutes, Some(60));
        assert_eq!(
            m.user_facing_time().map(|t| t.to_string()).as_deref(),
            Some("2026-11-24 09:30:00")
        );
        let c = m.concentration.expect("test value");
        assert_eq!(c.unit, ConcentrationUnit::KgPerL);
        assert_eq!(c.sample_type, GlucoseType::CapillaryWholeBlood);
        assert_eq!(c.sample_location, SampleLocation::Finger);
        assert_eq!(m.mg_per_dl(), Some(97.0));
        assert_eq!(m.mmol_per_l().map(|v| units::round_to(v, 2)), Some(5.38));
        assert_eq!(m.sensor_status, None);
        assert!(!m.context_follows && !m.is_control_solution());
        assert_eq!(m.encode(), bytes);
    }

    #[test]
    fn nordic_vector_with_negative_offset_status_and_context() {
        // NordicSemiconductor/Android-BLE-Common-Library,
        // ble-common/src/test/.../glucose/GlucoseMeasurementDataCallbackTest.java:
        // flags 0b011011, seq 1, 2019-02-27 11:10:30, offset -5 min, 30 kg/L,
        // type 2 capillary plasma (low nibble), location 1 finger, status 0x0105 (= 261).
        let bytes = [
            0x1B, 1, 0, 0xE3, 0x07, 2, 27, 11, 10, 30, 0xFB, 0xFF, 30, 0, 0x12, 0b101, 0b1,
        ];
        let m = GlucoseMeasurement::decode(&bytes).expect("test value");
        assert_eq!(m.time_offset_minutes, Some(-5));
        assert_eq!(
            m.user_facing_time().map(|t| t.to_string()).as_deref(),
            Some("2019-02-27 11:05:30")
        );
        let c = m.concentration.expect("test value");
        assert_eq!(c.value.finite(), Some(30.0));
        assert_eq!(c.sample_type, GlucoseType::CapillaryPlasma);
        assert_eq!(c.sample_location, SampleLocation::Finger);
        let status = m.sensor_status.expect("test value");
        assert_eq!(status.bits(), 261);
        // Bits 0, 2 and 8 by the GLS table (Nordic's comment calls bit 2 "device fault";
        // its assertions agree that general_device_fault is not set).
        assert_eq!(
            status.names(),
            vec![
                "battery_low",
                "sample_size_insufficient",
                "temperature_too_low"
            ]
        );
        assert!(m.context_follows);
        assert_eq!(m.encode(), bytes);
    }

    #[test]
    fn nordic_invalid_vector_is_truncated_at_sensor_status() {
        // Same Nordic file, onInvalidDataReceived: the time offset is missing, so the
        // last field runs off the end.
        let bytes = [
            0b011011, 0, 0, 0xE2, 0x07, 4, 26, 11, 9, 30, 30, 0, 0x12, 0b101, 0b1,
        ];
        assert_eq!(
            GlucoseMeasurement::decode(&bytes),
            Err(DecodeError::Truncated {
                characteristic: NAME,
                field: "sensor_status",
                offset: 15,
                needed: 2,
                available: 0,
            })
        );
    }

    #[test]
    fn lo_reading_stays_below_range_never_zero() {
        // BLE.md: LO as SFLOAT -INF with status bit 6 (result lower than device can process).
        let m = GlucoseMeasurement {
            sequence_number: 7,
            base_time: DateTime::default(),
            time_offset_minutes: None,
            concentration: Some(GlucoseConcentration {
                value: Sfloat::NEGATIVE_INFINITY,
                unit: ConcentrationUnit::KgPerL,
                sample_type: GlucoseType::CapillaryWholeBlood,
                sample_location: SampleLocation::NotAvailable,
            }),
            sensor_status: Some(SensorStatus::RESULT_TOO_LOW),
            context_follows: false,
        };
        let back = GlucoseMeasurement::decode(&m.encode()).expect("test value");
        assert_eq!(back.out_of_range(), Some(OutOfRange::Below));
        assert_eq!(back.mg_per_dl(), None);
        assert_eq!(back.user_facing_time(), None);
        // Status bit 5 alone is HI, not LO.
        let hi = GlucoseMeasurement {
            sensor_status: Some(SensorStatus::RESULT_TOO_HIGH),
            concentration: None,
            ..m
        };
        assert_eq!(hi.out_of_range(), Some(OutOfRange::Above));
    }

    #[test]
    fn nibbles_are_type_low_location_high() {
        // BLE.md: real meters send 0xF8 (undetermined plasma, location not available).
        let mut bytes = vec![0x02, 0, 0, 0xEA, 0x07, 1, 1, 0, 0, 0];
        bytes.extend_from_slice(&[0x64, 0x00, 0xF8]);
        let c = GlucoseMeasurement::decode(&bytes)
            .expect("test value")
            .concentration
            .expect("test value");
        assert_eq!(c.sample_type, GlucoseType::UndeterminedPlasma);
        assert_eq!(c.sample_location, SampleLocation::NotAvailable);
    }

    #[test]
    fn control_solution_is_flagged_by_type_or_location() {
        let mut bytes = vec![0x02, 0, 0, 0xEA, 0x07, 1, 1, 0, 0, 0, 0x64, 0x00, 0x1A];
        assert!(
            GlucoseMeasurement::decode(&bytes)
                .expect("test value")
                .is_control_solution()
        );
        bytes[12] = 0x41;
        assert!(
            GlucoseMeasurement::decode(&bytes)
                .expect("test value")
                .is_control_solution()
        );
        bytes[12] = 0x11;
        assert!(
            !GlucoseMeasurement::decode(&bytes)
                .expect("test value")
                .is_control_solution()
        );
    }

    #[test]
    fn mmol_per_l_meters_convert_to_mg_per_dl() {
        // 5.4 mmol/L sent as 54 x 10^-4 mol/L (0xC036), unit bit set.
        let bytes = [0x06, 2, 0, 0xEA, 0x07, 1, 1, 0, 0, 0, 0x36, 0xC0, 0x11];
        let m = GlucoseMeasurement::decode(&bytes).expect("test value");
        assert_eq!(
            m.concentration.map(|c| c.unit),
            Some(ConcentrationUnit::MolPerL)
        );
        assert_eq!(m.mmol_per_l(), Some(5.4));
        assert_eq!(m.mg_per_dl().map(|v| units::round_to(v, 1)), Some(97.3));
    }

    #[test]
    fn truncated_base_time_is_reported_at_offset_3() {
        let err = GlucoseMeasurement::decode(&[0x03, 0x01, 0x00, 0xEA, 0x07, 0x0B, 0x18])
            .expect_err("must fail");
        assert_eq!(
            err.to_string(),
            "glucose measurement truncated: field \"base_time\" at byte offset 3 needs 7 bytes, 4 available"
        );
    }

    #[test]
    fn reserved_flag_bits_and_trailing_bytes_are_ignored() {
        let bytes = [0xE0, 5, 0, 0xEA, 0x07, 1, 1, 0, 0, 0, 0xAA, 0xBB];
        let m = GlucoseMeasurement::decode(&bytes).expect("test value");
        assert_eq!(m.sequence_number, 5);
        assert_eq!(m.concentration, None);
    }
}
