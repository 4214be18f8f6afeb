//! Readings: measurements from devices, apps and manual entry. High volume, so they live
//! in their own table with typed columns (see `store::readings`).

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use super::error::{NOTE_TEXT, Validation, ValidationError, optional_text};
use super::meta::Visibility;

/// What a reading measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadingKind {
    /// Blood glucose, mmol/L.
    BloodGlucose,
    /// Blood pressure, mm[Hg], with pulse when the cuff gives it.
    BloodPressure,
    /// Heart rate, /min.
    HeartRate,
    /// Body weight, kg.
    Weight,
    /// Steps in a period.
    Steps,
    /// Sleep, minutes, with an optional quality score.
    Sleep,
    /// Mood, 0 (worst) to 10 (best).
    Mood,
    /// Alcohol, UK units.
    Alcohol,
    /// Stress, 0 (none) to 10 (worst).
    Stress,
    /// Menstrual cycle: bleeding that day.
    MenstrualCycle,
    /// A medication side effect, with severity 1 to 10.
    SideEffect,
}

impl ReadingKind {
    /// Every kind, in display order.
    pub const ALL: [ReadingKind; 11] = [
        Self::BloodGlucose,
        Self::BloodPressure,
        Self::HeartRate,
        Self::Weight,
        Self::Steps,
        Self::Sleep,
        Self::Mood,
        Self::Alcohol,
        Self::Stress,
        Self::MenstrualCycle,
        Self::SideEffect,
    ];

    /// The snake_case name used in storage and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BloodGlucose => "blood_glucose",
            Self::BloodPressure => "blood_pressure",
            Self::HeartRate => "heart_rate",
            Self::Weight => "weight",
            Self::Steps => "steps",
            Self::Sleep => "sleep",
            Self::Mood => "mood",
            Self::Alcohol => "alcohol",
            Self::Stress => "stress",
            Self::MenstrualCycle => "menstrual_cycle",
            Self::SideEffect => "side_effect",
        }
    }

    /// The UCUM unit the values of this kind are stored in.
    pub fn unit(self) -> &'static str {
        match self {
            Self::BloodGlucose => "mmol/L",
            Self::BloodPressure => "mm[Hg]",
            Self::HeartRate => "/min",
            Self::Weight => "kg",
            Self::Steps => "{steps}",
            Self::Sleep => "min",
            Self::Mood | Self::Stress | Self::SideEffect => "{score}",
            Self::Alcohol => "{UK_unit}",
            Self::MenstrualCycle => "{flow}",
        }
    }
}

impl fmt::Display for ReadingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReadingKind {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == wanted)
            .or(match wanted.as_str() {
                "glucose" => Some(Self::BloodGlucose),
                "bp" => Some(Self::BloodPressure),
                "pulse" => Some(Self::HeartRate),
                _ => None,
            })
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|k| k.as_str()).collect();
                ValidationError::new(
                    "kind",
                    format!("'{s}' is not a reading kind ({})", names.join(", ")),
                )
            })
    }
}

/// Menstrual flow on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MenstrualFlow {
    /// Spotting.
    Spotting,
    /// Light.
    Light,
    /// Medium.
    Medium,
    /// Heavy.
    Heavy,
}

impl MenstrualFlow {
    /// The flow as a number (1 spotting .. 4 heavy) for the typed column.
    pub fn level(self) -> u8 {
        match self {
            Self::Spotting => 1,
            Self::Light => 2,
            Self::Medium => 3,
            Self::Heavy => 4,
        }
    }

    /// The flow from its number.
    pub fn from_level(level: u8) -> Option<Self> {
        match level {
            1 => Some(Self::Spotting),
            2 => Some(Self::Light),
            3 => Some(Self::Medium),
            4 => Some(Self::Heavy),
            _ => None,
        }
    }
}

/// The value(s) of a reading, in the kind's storage unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReadingValue {
    /// Blood glucose in mmol/L. `None` when the meter reported a value outside what it
    /// can measure (its LO or HI): then a flag says which, and the value is never 0.
    BloodGlucose {
        /// mmol/L.
        mmol_per_l: Option<f64>,
    },
    /// Blood pressure.
    BloodPressure {
        /// Systolic, mmHg.
        systolic_mmhg: f64,
        /// Diastolic, mmHg.
        diastolic_mmhg: f64,
        /// Mean arterial pressure, mmHg, when measured.
        #[serde(default)]
        mean_arterial_mmhg: Option<f64>,
        /// Pulse, beats per minute, when the cuff gives it.
        #[serde(default)]
        pulse_per_min: Option<f64>,
    },
    /// Heart rate.
    HeartRate {
        /// Beats per minute.
        per_min: f64,
    },
    /// Body weight.
    Weight {
        /// Kilograms.
        kg: f64,
    },
    /// Steps.
    Steps {
        /// Number of steps.
        count: u32,
    },
    /// Sleep.
    Sleep {
        /// Minutes asleep.
        minutes: u32,
        /// How well, 0 (worst) to 10 (best).
        #[serde(default)]
        quality: Option<u8>,
    },
    /// Mood.
    Mood {
        /// 0 (worst) to 10 (best).
        score: u8,
    },
    /// Alcohol.
    Alcohol {
        /// UK units (10 ml of pure alcohol each).
        units: f64,
    },
    /// Stress.
    Stress {
        /// 0 (none) to 10 (worst).
        score: u8,
    },
    /// Menstrual cycle.
    MenstrualCycle {
        /// Flow that day.
        flow: MenstrualFlow,
    },
    /// A side effect.
    SideEffect {
        /// What the person noticed.
        description: String,
        /// 1 (barely) to 10 (worst).
        severity: u8,
        /// The medication entry suspected, when known.
        #[serde(default)]
        medication: Option<String>,
    },
}

impl ReadingValue {
    /// The kind of this value.
    pub fn kind(&self) -> ReadingKind {
        match self {
            Self::BloodGlucose { .. } => ReadingKind::BloodGlucose,
            Self::BloodPressure { .. } => ReadingKind::BloodPressure,
            Self::HeartRate { .. } => ReadingKind::HeartRate,
            Self::Weight { .. } => ReadingKind::Weight,
            Self::Steps { .. } => ReadingKind::Steps,
            Self::Sleep { .. } => ReadingKind::Sleep,
            Self::Mood { .. } => ReadingKind::Mood,
            Self::Alcohol { .. } => ReadingKind::Alcohol,
            Self::Stress { .. } => ReadingKind::Stress,
            Self::MenstrualCycle { .. } => ReadingKind::MenstrualCycle,
            Self::SideEffect { .. } => ReadingKind::SideEffect,
        }
    }

    /// The main number, used for summaries and trends (glucose, systolic, rate ...).
    pub fn primary(&self) -> Option<f64> {
        match self {
            Self::BloodGlucose { mmol_per_l } => *mmol_per_l,
            Self::BloodPressure { systolic_mmhg, .. } => Some(*systolic_mmhg),
            Self::HeartRate { per_min } => Some(*per_min),
            Self::Weight { kg } => Some(*kg),
            Self::Steps { count } => Some(f64::from(*count)),
            Self::Sleep { minutes, .. } => Some(f64::from(*minutes)),
            Self::Mood { score } | Self::Stress { score } => Some(f64::from(*score)),
            Self::Alcohol { units } => Some(*units),
            Self::MenstrualCycle { flow } => Some(f64::from(flow.level())),
            Self::SideEffect { severity, .. } => Some(f64::from(*severity)),
        }
    }

    /// The second number where a kind has one (diastolic; sleep quality).
    pub fn secondary(&self) -> Option<f64> {
        match self {
            Self::BloodPressure { diastolic_mmhg, .. } => Some(*diastolic_mmhg),
            Self::Sleep { quality, .. } => quality.map(f64::from),
            _ => None,
        }
    }

    /// Checks that values are numbers within what a human body or the scale allows.
    /// Ranges are plausibility limits, not clinical thresholds (those are in `rules`).
    pub fn validate(&self) -> Validation {
        let within = |field: &str, v: f64, lo: f64, hi: f64| -> Validation {
            if !v.is_finite() || v < lo || v > hi {
                return Err(ValidationError::new(
                    field,
                    format!("{v} is outside the plausible range {lo} to {hi}"),
                ));
            }
            Ok(())
        };
        let score = |field: &str, v: u8, lo: u8, hi: u8| -> Validation {
            if v < lo || v > hi {
                return Err(ValidationError::new(field, format!("must be {lo} to {hi}")));
            }
            Ok(())
        };
        match self {
            // Home meters measure about 0.6 to 33.3 mmol/L (10-600 mg/dL); 0.5-60 keeps
            // every real value and rejects typing slips such as 540 for 5.4.
            Self::BloodGlucose {
                mmol_per_l: Some(v),
            } => within("mmol_per_l", *v, 0.5, 60.0),
            Self::BloodGlucose { mmol_per_l: None } => Ok(()),
            Self::BloodPressure {
                systolic_mmhg,
                diastolic_mmhg,
                mean_arterial_mmhg,
                pulse_per_min,
            } => {
                within("systolic_mmhg", *systolic_mmhg, 40.0, 300.0)?;
                within("diastolic_mmhg", *diastolic_mmhg, 20.0, 200.0)?;
                if diastolic_mmhg >= systolic_mmhg {
                    return Err(ValidationError::new(
                        "diastolic_mmhg",
                        "must be below systolic",
                    ));
                }
                if let Some(map) = mean_arterial_mmhg {
                    within("mean_arterial_mmhg", *map, 20.0, 300.0)?;
                }
                if let Some(pulse) = pulse_per_min {
                    within("pulse_per_min", *pulse, 20.0, 300.0)?;
                }
                Ok(())
            }
            Self::HeartRate { per_min } => within("per_min", *per_min, 20.0, 300.0),
            Self::Weight { kg } => within("kg", *kg, 0.5, 650.0),
            Self::Steps { count } => within("count", f64::from(*count), 0.0, 200_000.0),
            Self::Sleep { minutes, quality } => {
                within("minutes", f64::from(*minutes), 0.0, 24.0 * 60.0)?;
                if let Some(q) = quality {
                    score("quality", *q, 0, 10)?;
                }
                Ok(())
            }
            Self::Mood { score: s } | Self::Stress { score: s } => score("score", *s, 0, 10),
            Self::Alcohol { units } => within("units", *units, 0.0, 200.0),
            Self::MenstrualCycle { .. } => Ok(()),
            Self::SideEffect {
                description,
                severity,
                ..
            } => {
                super::error::required_text("description", description, NOTE_TEXT)?;
                score("severity", *severity, 1, 10)
            }
        }
    }
}

/// How a reading got into the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReadingSource {
    /// Typed in.
    #[default]
    Manual,
    /// From a Bluetooth device.
    Device,
    /// From another app (Health Connect, HealthKit ...).
    App {
        /// The app's name.
        name: String,
    },
}

/// Which device made a reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceIdentity {
    /// Stable id: the serial number where the device gives one, else its address.
    pub id: String,
    /// Manufacturer name from Device Information.
    #[serde(default)]
    pub manufacturer: Option<String>,
    /// Model number from Device Information.
    #[serde(default)]
    pub model: Option<String>,
}

/// Things to know about a reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadingFlag {
    /// Below what the device can measure (meter shows LO).
    BelowDeviceRange,
    /// Above what the device can measure (meter shows HI).
    AboveDeviceRange,
    /// A control-solution test, not the person's blood.
    ControlSolution,
    /// The device reported a fault (sensor, strip, temperature ...).
    DeviceFault,
    /// The device's clock may be wrong.
    TimeUncertain,
    /// Taken before a meal.
    BeforeMeal,
    /// Taken after a meal.
    AfterMeal,
    /// Taken fasting.
    Fasting,
    /// Irregular pulse detected.
    IrregularPulse,
    /// Body moved during measurement.
    BodyMovement,
    /// Cuff fitted loosely.
    CuffLoose,
}

/// A reading as the person or a device gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewReading {
    /// The value(s).
    pub value: ReadingValue,
    /// When it was taken, with the UTC offset where it was taken.
    pub taken_at: DateTime<FixedOffset>,
    /// Manual, device or app.
    #[serde(default)]
    pub source: ReadingSource,
    /// The device, for device readings.
    #[serde(default)]
    pub device: Option<DeviceIdentity>,
    /// The device's record sequence number; unique per device, so re-syncs never
    /// duplicate.
    #[serde(default)]
    pub sequence_number: Option<u32>,
    /// Counts sequence-number restarts of the device (after a battery change the meter
    /// starts again at 0; each restart starts a new epoch so old and new records coexist).
    #[serde(default)]
    pub device_epoch: u32,
    /// When the record reached us (differs from `taken_at` for stored device records).
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
    /// Flags.
    #[serde(default)]
    pub flags: Vec<ReadingFlag>,
    /// A note.
    #[serde(default)]
    pub note: Option<String>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
}

impl NewReading {
    /// A manual reading taken at `taken_at`.
    pub fn manual(value: ReadingValue, taken_at: DateTime<FixedOffset>) -> Self {
        Self {
            value,
            taken_at,
            source: ReadingSource::Manual,
            device: None,
            sequence_number: None,
            device_epoch: 0,
            received_at: None,
            flags: Vec::new(),
            note: None,
            visibility: Visibility::Private,
        }
    }

    /// Checks the value and the device fields.
    pub fn validate(&self) -> Validation {
        self.value.validate()?;
        if self.source == ReadingSource::Device && self.device.is_none() {
            return Err(ValidationError::new(
                "device",
                "a device reading needs the device's identity",
            ));
        }
        if self.sequence_number.is_some() && self.device.is_none() {
            return Err(ValidationError::new(
                "sequence_number",
                "only a device reading has a sequence number",
            ));
        }
        if let Some(device) = &self.device {
            super::error::required_text("device.id", &device.id, 200)?;
        }
        let out_of_range = self.flags.contains(&ReadingFlag::BelowDeviceRange)
            || self.flags.contains(&ReadingFlag::AboveDeviceRange);
        if let ReadingValue::BloodGlucose { mmol_per_l: None } = self.value
            && !out_of_range
        {
            return Err(ValidationError::new(
                "mmol_per_l",
                "is needed unless the meter reported LO or HI",
            ));
        }
        optional_text("note", &self.note, NOTE_TEXT)
    }
}

/// A stored reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// Its id within the record.
    pub id: i64,
    /// Everything given when it was added.
    #[serde(flatten)]
    pub reading: NewReading,
    /// When it was stored.
    pub stored_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-24T08:30:00+00:00").expect("time")
    }

    #[test]
    fn glucose_without_value_needs_lo_or_hi_flag() {
        let mut r = NewReading::manual(ReadingValue::BloodGlucose { mmol_per_l: None }, at());
        assert_eq!(r.validate().unwrap_err().field, "mmol_per_l");
        r.flags.push(ReadingFlag::BelowDeviceRange);
        assert!(r.validate().is_ok());
    }

    #[test]
    fn implausible_values_name_their_field() {
        let bp = ReadingValue::BloodPressure {
            systolic_mmhg: 80.0,
            diastolic_mmhg: 120.0,
            mean_arterial_mmhg: None,
            pulse_per_min: None,
        };
        assert_eq!(bp.validate().unwrap_err().field, "diastolic_mmhg");
        let glucose = ReadingValue::BloodGlucose {
            mmol_per_l: Some(540.0),
        };
        assert_eq!(glucose.validate().unwrap_err().field, "mmol_per_l");
        assert_eq!(
            ReadingValue::Mood { score: 11 }
                .validate()
                .unwrap_err()
                .field,
            "score"
        );
        assert!(ReadingValue::Weight { kg: f64::NAN }.validate().is_err());
    }

    #[test]
    fn device_fields_are_consistent() {
        let mut r = NewReading::manual(ReadingValue::HeartRate { per_min: 70.0 }, at());
        r.sequence_number = Some(3);
        assert_eq!(r.validate().unwrap_err().field, "sequence_number");
        r.source = ReadingSource::Device;
        assert_eq!(r.validate().unwrap_err().field, "device");
    }

    #[test]
    fn kinds_parse_from_names_and_aliases() {
        for kind in ReadingKind::ALL {
            assert_eq!(kind.as_str().parse::<ReadingKind>().expect("parse"), kind);
        }
        assert_eq!(
            "glucose".parse::<ReadingKind>().expect("alias"),
            ReadingKind::BloodGlucose
        );
        assert_eq!(
            "blood-pressure".parse::<ReadingKind>().expect("dash"),
            ReadingKind::BloodPressure
        );
        assert!("cholesterol".parse::<ReadingKind>().is_err());
    }
}
