//! Pure decoders of the Bluetooth SIG health characteristics: bytes in, a typed value
//! or a [`DecodeError`] naming the field and byte offset out. Nothing here panics on
//! input or reads past the end; nothing does I/O.
//!
//! Map (see `README.md` in this directory):
//! - [`error`]: [`DecodeError`]; [`reader`]: the bounds-checked cursor;
//! - [`sfloat`]: IEEE 11073 SFLOAT / FLOAT; [`date_time`]: Date Time, Current Time
//!   (unit conversions are the model's: `crate::model::units`);
//! - glucose: [`glucose_measurement`], [`glucose_context`], [`glucose_feature`], [`racp`]
//!   (requests) and [`racp_response`];
//! - blood pressure: [`blood_pressure`] (incl. intermediate cuff pressure), [`bp_status`],
//!   [`bp_feature`];
//! - [`heart_rate`], [`weight`];
//! - [`json`]: the JSON shown by `phr decode` (glucose side and vitals side in two files).

pub mod blood_pressure;
pub mod bp_feature;
pub mod bp_status;
mod codes;
pub mod date_time;
pub mod error;
pub mod glucose_context;
pub mod glucose_feature;
pub mod glucose_measurement;
pub mod heart_rate;
pub mod json;
pub mod racp;
pub mod racp_response;
pub mod reader;
pub mod sfloat;
pub mod weight;

#[cfg(test)]
mod proptests;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

pub use blood_pressure::{
    BloodPressureMeasurement, BloodPressureStatus, BpQuirks, IntermediateCuffPressure,
    PressureUnit, PulseRateRange,
};
pub use bp_feature::BloodPressureFeature;
pub use date_time::{AdjustReason, CurrentTime, DateTime, DayOfWeek};
pub use error::DecodeError;
pub use glucose_context::{
    Carbohydrate, CarbohydrateId, Exercise, GlucoseContext, Health, Meal, Medication, MedicationId,
    MedicationUnit, Tester, TesterHealth,
};
pub use glucose_feature::GlucoseFeature;
pub use glucose_measurement::{
    ConcentrationUnit, GlucoseConcentration, GlucoseMeasurement, GlucoseType, OutOfRange,
    SampleLocation, SensorStatus,
};
pub use heart_rate::{HeartRateMeasurement, SensorContact};
pub use json::{decode_to_json, parse_hex, to_json};
pub use racp::{
    RacpMessage, RacpOpCode, RacpOperator, RacpRequest, RacpResponse, RacpResponseCode,
    RecordSelection, response_code_for,
};
pub use reader::Reader;
pub use sfloat::{Float32, Sfloat, SpecialValue};
pub use weight::{UnitSystem, WeightMeasurement};

/// The characteristics this module decodes, by their Bluetooth SIG 16-bit UUIDs
/// (Bluetooth Assigned Numbers, 3.8 "Characteristics").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Characteristic {
    /// Date Time, 0x2A08.
    DateTime,
    /// Current Time, 0x2A2B.
    CurrentTime,
    /// Glucose Measurement, 0x2A18.
    GlucoseMeasurement,
    /// Glucose Measurement Context, 0x2A34.
    GlucoseMeasurementContext,
    /// Glucose Feature, 0x2A51.
    GlucoseFeature,
    /// Record Access Control Point, 0x2A52.
    RecordAccessControlPoint,
    /// Blood Pressure Measurement, 0x2A35.
    BloodPressureMeasurement,
    /// Intermediate Cuff Pressure, 0x2A36.
    IntermediateCuffPressure,
    /// Blood Pressure Feature, 0x2A49.
    BloodPressureFeature,
    /// Heart Rate Measurement, 0x2A37.
    HeartRateMeasurement,
    /// Weight Measurement, 0x2A9D.
    WeightMeasurement,
}

/// Suffix of every 16-bit UUID expanded into the Bluetooth base UUID
/// (Core Specification, Vol 3, Part B, 2.5.1).
const BASE_UUID_SUFFIX: &str = "-0000-1000-8000-00805f9b34fb";

impl Characteristic {
    /// Every characteristic, in UUID order.
    pub const ALL: [Self; 11] = [
        Self::DateTime,
        Self::GlucoseMeasurement,
        Self::CurrentTime,
        Self::GlucoseMeasurementContext,
        Self::BloodPressureMeasurement,
        Self::IntermediateCuffPressure,
        Self::HeartRateMeasurement,
        Self::BloodPressureFeature,
        Self::GlucoseFeature,
        Self::RecordAccessControlPoint,
        Self::WeightMeasurement,
    ];

    /// The 16-bit UUID.
    pub fn uuid16(self) -> u16 {
        match self {
            Self::DateTime => 0x2A08,
            Self::GlucoseMeasurement => 0x2A18,
            Self::CurrentTime => 0x2A2B,
            Self::GlucoseMeasurementContext => 0x2A34,
            Self::BloodPressureMeasurement => 0x2A35,
            Self::IntermediateCuffPressure => 0x2A36,
            Self::HeartRateMeasurement => 0x2A37,
            Self::BloodPressureFeature => 0x2A49,
            Self::GlucoseFeature => 0x2A51,
            Self::RecordAccessControlPoint => 0x2A52,
            Self::WeightMeasurement => 0x2A9D,
        }
    }

    /// The characteristic with this 16-bit UUID, if decoded here.
    pub fn from_uuid16(uuid: u16) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.uuid16() == uuid)
    }

    /// The full 128-bit UUID, lower case.
    pub fn uuid(self) -> String {
        format!("0000{:04x}{BASE_UUID_SUFFIX}", self.uuid16())
    }

    /// Name in prose, as used in error messages ("glucose measurement").
    pub fn name(self) -> &'static str {
        match self {
            Self::DateTime => "date time",
            Self::CurrentTime => "current time",
            Self::GlucoseMeasurement => "glucose measurement",
            Self::GlucoseMeasurementContext => "glucose measurement context",
            Self::GlucoseFeature => "glucose feature",
            Self::RecordAccessControlPoint => "record access control point",
            Self::BloodPressureMeasurement => "blood pressure measurement",
            Self::IntermediateCuffPressure => "intermediate cuff pressure",
            Self::BloodPressureFeature => "blood pressure feature",
            Self::HeartRateMeasurement => "heart rate measurement",
            Self::WeightMeasurement => "weight measurement",
        }
    }

    /// snake_case key, as used in JSON and accepted by [`Self::parse`].
    pub fn key(self) -> String {
        self.name().replace(' ', "_")
    }

    /// Parses `2a18`, `0x2A18`, `00002a18-0000-1000-8000-00805f9b34fb` or a name such
    /// as `glucose_measurement` (case-insensitive, surrounding spaces ignored).
    pub fn parse(input: &str) -> Result<Self, DecodeError> {
        let unknown = || DecodeError::UnknownCharacteristic {
            input: input.to_owned(),
        };
        let s = input.trim().to_ascii_lowercase();
        let name = s.replace(['-', ' '], "_");
        if let Some(c) = Self::ALL.into_iter().find(|c| c.key() == name) {
            return Ok(c);
        }
        let alias = match name.as_str() {
            "glucose_context" => Some(Self::GlucoseMeasurementContext),
            "racp" => Some(Self::RecordAccessControlPoint),
            "blood_pressure" => Some(Self::BloodPressureMeasurement),
            "heart_rate" => Some(Self::HeartRateMeasurement),
            "weight" => Some(Self::WeightMeasurement),
            _ => None,
        };
        if let Some(c) = alias {
            return Ok(c);
        }
        let hex = s.strip_prefix("0x").unwrap_or(&s);
        let short = match hex.len() {
            4 => hex,
            8 => hex.strip_prefix("0000").ok_or_else(unknown)?,
            36 => hex
                .strip_suffix(BASE_UUID_SUFFIX)
                .and_then(|h| h.strip_prefix("0000"))
                .ok_or_else(unknown)?,
            _ => return Err(unknown()),
        };
        if !short.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(unknown());
        }
        u16::from_str_radix(short, 16)
            .ok()
            .and_then(Self::from_uuid16)
            .ok_or_else(unknown)
    }

    /// Decodes a value of this characteristic (by the specification; cuff quirks
    /// need [`BloodPressureMeasurement::decode_with_quirks`]).
    pub fn decode(self, bytes: &[u8]) -> Result<GattValue, DecodeError> {
        Ok(match self {
            Self::DateTime => GattValue::DateTime(DateTime::decode(bytes)?),
            Self::CurrentTime => GattValue::CurrentTime(CurrentTime::decode(bytes)?),
            Self::GlucoseMeasurement => {
                GattValue::GlucoseMeasurement(GlucoseMeasurement::decode(bytes)?)
            }
            Self::GlucoseMeasurementContext => {
                GattValue::GlucoseContext(GlucoseContext::decode(bytes)?)
            }
            Self::GlucoseFeature => GattValue::GlucoseFeature(GlucoseFeature::decode(bytes)?),
            Self::RecordAccessControlPoint => GattValue::Racp(RacpMessage::decode(bytes)?),
            Self::BloodPressureMeasurement => {
                GattValue::BloodPressureMeasurement(BloodPressureMeasurement::decode(bytes)?)
            }
            Self::IntermediateCuffPressure => {
                GattValue::IntermediateCuffPressure(IntermediateCuffPressure::decode(bytes)?)
            }
            Self::BloodPressureFeature => {
                GattValue::BloodPressureFeature(BloodPressureFeature::decode(bytes)?)
            }
            Self::HeartRateMeasurement => {
                GattValue::HeartRateMeasurement(HeartRateMeasurement::decode(bytes)?)
            }
            Self::WeightMeasurement => {
                GattValue::WeightMeasurement(WeightMeasurement::decode(bytes)?)
            }
        })
    }
}

impl FromStr for Characteristic {
    type Err = DecodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Characteristic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A decoded value of any characteristic in [`Characteristic`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GattValue {
    /// Date Time.
    DateTime(DateTime),
    /// Current Time.
    CurrentTime(CurrentTime),
    /// Glucose Measurement.
    GlucoseMeasurement(GlucoseMeasurement),
    /// Glucose Measurement Context.
    GlucoseContext(GlucoseContext),
    /// Glucose Feature.
    GlucoseFeature(GlucoseFeature),
    /// Record Access Control Point request or response.
    Racp(RacpMessage),
    /// Blood Pressure Measurement.
    BloodPressureMeasurement(BloodPressureMeasurement),
    /// Intermediate Cuff Pressure.
    IntermediateCuffPressure(IntermediateCuffPressure),
    /// Blood Pressure Feature.
    BloodPressureFeature(BloodPressureFeature),
    /// Heart Rate Measurement.
    HeartRateMeasurement(HeartRateMeasurement),
    /// Weight Measurement.
    WeightMeasurement(WeightMeasurement),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_short_prefixed_and_full_uuids_in_any_case() {
        for s in [
            "2a18",
            "2A18",
            "0x2A18",
            "0X2a18",
            " 00002a18 ",
            "00002a18-0000-1000-8000-00805f9b34fb",
            "00002A18-0000-1000-8000-00805F9B34FB",
            "glucose_measurement",
            "Glucose Measurement",
        ] {
            assert_eq!(
                Characteristic::parse(s),
                Ok(Characteristic::GlucoseMeasurement),
                "{s}"
            );
        }
        assert_eq!("2a52".parse(), Ok(Characteristic::RecordAccessControlPoint));
        assert_eq!(
            Characteristic::parse("racp"),
            Ok(Characteristic::RecordAccessControlPoint)
        );
    }

    #[test]
    fn rejects_unknown_and_non_base_uuids() {
        for s in [
            "",
            "2a19",
            "zz18",
            "+a18",
            "00012a18",
            "00002a18-0000-1000-8000-00805f9b34fc",
            "heart",
        ] {
            assert!(
                matches!(
                    Characteristic::parse(s),
                    Err(DecodeError::UnknownCharacteristic { .. })
                ),
                "{s}"
            );
        }
    }

    #[test]
    fn uuids_and_keys_round_trip() {
        for c in Characteristic::ALL {
            assert_eq!(Characteristic::parse(&c.uuid()), Ok(c));
            assert_eq!(Characteristic::parse(&c.key()), Ok(c));
            assert_eq!(Characteristic::from_uuid16(c.uuid16()), Some(c));
        }
        assert_eq!(
            Characteristic::WeightMeasurement.uuid(),
            "00002a9d-0000-1000-8000-00805f9b34fb"
        );
    }
}
