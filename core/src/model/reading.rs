//! Readings: measurements from devices, apps and manual entry. High volume, so they live
//! in their own table with typed columns (see `store::readings`). What each kind is, its
//! codes and units, is in `reading_kind.rs`; how a reading reads on a screen, in
//! `reading_text.rs`; how typed text becomes a value, in `reading_input.rs`.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use super::error::{NOTE_TEXT, SHORT_TEXT, Validation, ValidationError, optional_text};
use super::meta::Visibility;
pub use super::reading_kind::ReadingKind;

/// Plausibility limits: what a human body or a scale can show. They are not clinical
/// thresholds (those are in `rules`); they keep every real value and catch typing
/// slips such as 540 for 5.4. One definition, used by validation, typed input and
/// imports.
pub mod plausible {
    /// Blood glucose, mmol/L: home meters measure about 0.6 to 33.3 mmol/L (10 to 600
    /// mg/dL); laboratory values in a hyperglycaemic emergency go higher, so stored
    /// readings may reach 60.
    pub const GLUCOSE_MMOL_L: (f64, f64) = (0.5, 60.0);
    /// The highest glucose any home meter reports as a number (600 mg/dL = 33.3 mmol/L;
    /// above it meters show HI). A typed value above this is asked about, never stored
    /// as it stands (see `reading_input.rs`).
    pub const METER_MAX_GLUCOSE_MMOL_L: f64 = 33.3;
    /// Systolic pressure, mmHg.
    pub const SYSTOLIC_MMHG: (f64, f64) = (40.0, 300.0);
    /// Diastolic pressure, mmHg.
    pub const DIASTOLIC_MMHG: (f64, f64) = (20.0, 200.0);
    /// Mean arterial pressure, mmHg.
    pub const MEAN_ARTERIAL_MMHG: (f64, f64) = (20.0, 300.0);
    /// Heart rate and pulse, beats a minute.
    pub const PULSE_PER_MIN: (f64, f64) = (20.0, 300.0);
    /// Body weight, kg.
    pub const WEIGHT_KG: (f64, f64) = (0.5, 650.0);
    /// Steps in one reading.
    pub const STEPS: (f64, f64) = (0.0, 200_000.0);
    /// Minutes in one reading of sleep or activity: at most a day.
    pub const MINUTES: (f64, f64) = (0.0, 24.0 * 60.0);
    /// UK units of alcohol in one reading.
    pub const ALCOHOL_UNITS: (f64, f64) = (0.0, 200.0);
    /// Energy in one reading of food or activity, kcal.
    pub const ENERGY_KCAL: (f64, f64) = (0.0, 20_000.0);
    /// Carbohydrate in one reading of food, grams.
    pub const CARBOHYDRATE_G: (f64, f64) = (0.0, 2_000.0);
}

/// A time more than this far after the record's clock when it arrives is in the future:
/// the reading is stored but its time is not trusted (issue 9: ten minutes lets two
/// clocks differ a little, never a day or a year).
pub const FUTURE_TOLERANCE_MINUTES: i64 = 10;

/// The tolerance as a duration.
pub fn future_tolerance() -> Duration {
    Duration::minutes(FUTURE_TOLERANCE_MINUTES)
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
    /// Food and drink.
    Diet {
        /// Energy, kcal.
        energy_kcal: f64,
        /// Carbohydrate, grams, when known.
        #[serde(default)]
        carbohydrate_g: Option<f64>,
        /// What it was, in the person's words.
        #[serde(default)]
        description: Option<String>,
    },
    /// Physical activity.
    PhysicalActivity {
        /// What the activity was ("walking", "swimming" ...).
        activity: String,
        /// How long, minutes.
        minutes: u32,
        /// Energy used, kcal, when known.
        #[serde(default)]
        energy_kcal: Option<f64>,
    },
}

fn within(field: &str, v: f64, (lo, hi): (f64, f64)) -> Validation {
    if !v.is_finite() || v < lo || v > hi {
        return Err(ValidationError::new(
            field,
            format!("{v} is outside the plausible range {lo} to {hi}"),
        ));
    }
    Ok(())
}

fn score(field: &str, v: u8, lo: u8, hi: u8) -> Validation {
    if v < lo || v > hi {
        return Err(ValidationError::new(field, format!("must be {lo} to {hi}")));
    }
    Ok(())
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
            Self::Diet { .. } => ReadingKind::Diet,
            Self::PhysicalActivity { .. } => ReadingKind::PhysicalActivity,
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
            Self::Diet { energy_kcal, .. } => Some(*energy_kcal),
            Self::PhysicalActivity { minutes, .. } => Some(f64::from(*minutes)),
        }
    }

    /// The second number where a kind has one (diastolic; sleep quality; carbohydrate;
    /// energy used in an activity).
    pub fn secondary(&self) -> Option<f64> {
        match self {
            Self::BloodPressure { diastolic_mmhg, .. } => Some(*diastolic_mmhg),
            Self::Sleep { quality, .. } => quality.map(f64::from),
            Self::Diet { carbohydrate_g, .. } => *carbohydrate_g,
            Self::PhysicalActivity { energy_kcal, .. } => *energy_kcal,
            _ => None,
        }
    }

    /// Checks that values are numbers within what a human body or the scale allows
    /// ([`plausible`]).
    pub fn validate(&self) -> Validation {
        use plausible::*;
        match self {
            Self::BloodGlucose {
                mmol_per_l: Some(v),
            } => within("mmol_per_l", *v, GLUCOSE_MMOL_L),
            Self::BloodGlucose { mmol_per_l: None } => Ok(()),
            Self::BloodPressure {
                systolic_mmhg,
                diastolic_mmhg,
                mean_arterial_mmhg,
                pulse_per_min,
            } => {
                within("systolic_mmhg", *systolic_mmhg, SYSTOLIC_MMHG)?;
                within("diastolic_mmhg", *diastolic_mmhg, DIASTOLIC_MMHG)?;
                if diastolic_mmhg >= systolic_mmhg {
                    return Err(ValidationError::new(
                        "diastolic_mmhg",
                        "must be below systolic",
                    ));
                }
                if let Some(map) = mean_arterial_mmhg {
                    within("mean_arterial_mmhg", *map, MEAN_ARTERIAL_MMHG)?;
                }
                if let Some(pulse) = pulse_per_min {
                    within("pulse_per_min", *pulse, PULSE_PER_MIN)?;
                }
                Ok(())
            }
            Self::HeartRate { per_min } => within("per_min", *per_min, PULSE_PER_MIN),
            Self::Weight { kg } => within("kg", *kg, WEIGHT_KG),
            Self::Steps { count } => within("count", f64::from(*count), STEPS),
            Self::Sleep { minutes, quality } => {
                within("minutes", f64::from(*minutes), MINUTES)?;
                if let Some(q) = quality {
                    score("quality", *q, 0, 10)?;
                }
                Ok(())
            }
            Self::Mood { score: s } | Self::Stress { score: s } => score("score", *s, 0, 10),
            Self::Alcohol { units } => within("units", *units, ALCOHOL_UNITS),
            Self::MenstrualCycle { .. } => Ok(()),
            Self::SideEffect {
                description,
                severity,
                medication,
            } => {
                super::error::required_text("description", description, NOTE_TEXT)?;
                optional_text("medication", medication, SHORT_TEXT)?;
                score("severity", *severity, 1, 10)
            }
            Self::Diet {
                energy_kcal,
                carbohydrate_g,
                description,
            } => {
                within("energy_kcal", *energy_kcal, ENERGY_KCAL)?;
                if let Some(c) = carbohydrate_g {
                    within("carbohydrate_g", *c, CARBOHYDRATE_G)?;
                }
                optional_text("description", description, SHORT_TEXT)
            }
            Self::PhysicalActivity {
                activity,
                minutes,
                energy_kcal,
            } => {
                super::error::required_text("activity", activity, SHORT_TEXT)?;
                within("minutes", f64::from(*minutes), MINUTES)?;
                if let Some(e) = energy_kcal {
                    within("energy_kcal", *e, ENERGY_KCAL)?;
                }
                Ok(())
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
    /// From another app (Health Connect, HealthKit ...): the data origin.
    App {
        /// The app's package name or bundle id, e.g. `com.example.glucose`.
        name: String,
    },
    /// From a professional system (a FHIR import).
    Imported {
        /// The system it came from, e.g. a FHIR base URL.
        system: String,
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
    /// The device said its clock may be wrong (GLS time fault), or its clock was unset.
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
    /// Its time was more than ten minutes ahead of the record's clock when it arrived.
    TimeAhead,
    /// It came from a sync in which the device's clock was found to be off.
    DeviceClockOff,
    /// Its time was corrected for a device clock that was off (see the sync's record).
    TimeCorrected,
}

impl ReadingFlag {
    /// The flags that make a reading's time untrusted: it is stored and shown, with a
    /// note, but never fires a rule, never counts as the latest reading and never moves a
    /// summary (issue 9).
    pub const UNTRUSTED_TIME: [ReadingFlag; 3] = [
        ReadingFlag::TimeUncertain,
        ReadingFlag::TimeAhead,
        ReadingFlag::DeviceClockOff,
    ];
}

/// Where a glucose sample came from (Health Connect `specimenSource`; GLS type field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GlucoseSpecimen {
    /// A finger-prick (capillary whole blood).
    CapillaryBlood,
    /// A continuous glucose monitor's sensor (interstitial fluid).
    InterstitialFluid,
    /// Plasma (laboratory, or a meter calibrated to plasma).
    Plasma,
    /// Serum.
    Serum,
    /// Venous or arterial whole blood.
    WholeBlood,
}

impl GlucoseSpecimen {
    /// The LOINC code for glucose in this specimen, moles/volume where LOINC has one
    /// (SHARING.md: capillary blood by glucometer 14743-9; blood 15074-8; serum or
    /// plasma 14749-6). Interstitial fluid has a LOINC code only in mass/volume
    /// (99504-3, mg/dL), which the FHIR export converts to.
    pub fn loinc(self) -> &'static str {
        match self {
            Self::CapillaryBlood => "14743-9",
            Self::InterstitialFluid => "99504-3",
            Self::Plasma | Self::Serum => "14749-6",
            Self::WholeBlood => "15074-8",
        }
    }
}

/// Which meal a reading is about (Health Connect `mealType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MealType {
    /// Breakfast.
    Breakfast,
    /// Lunch.
    Lunch,
    /// Dinner.
    Dinner,
    /// A snack.
    Snack,
}

/// The body's position during a blood-pressure measurement (Health Connect
/// `bodyPosition`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyPosition {
    /// Standing up.
    Standing,
    /// Sitting down.
    Sitting,
    /// Lying down.
    Lying,
    /// Reclining.
    Reclining,
}

/// Where on the body a blood-pressure cuff was (Health Connect `measurementLocation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasurementLocation {
    /// Left upper arm.
    LeftUpperArm,
    /// Right upper arm.
    RightUpperArm,
    /// Left wrist.
    LeftWrist,
    /// Right wrist.
    RightWrist,
}

/// How and where a reading was taken, beyond its value: what the platforms' health
/// stores record (Health Connect, HealthKit), so a bridge loses nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReadingContext {
    /// Glucose: the specimen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specimen: Option<GlucoseSpecimen>,
    /// Glucose and food: the meal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meal: Option<MealType>,
    /// Blood pressure: body position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_position: Option<BodyPosition>,
    /// Blood pressure: where the cuff was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<MeasurementLocation>,
}

impl ReadingContext {
    /// Whether nothing is known.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A reading as the person, a device or another app gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewReading {
    /// The value(s).
    pub value: ReadingValue,
    /// When it was taken (or, for a span, when it started), with the UTC offset where it
    /// was taken.
    pub taken_at: DateTime<FixedOffset>,
    /// When a span ended (steps, sleep, activity, a meal), same offset rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<DateTime<FixedOffset>>,
    /// Manual, device, app or imported.
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
    /// The id the writing app gave the reading (Health Connect `clientRecordId`,
    /// HealthKit sync identifier): with the app it is unique, so a re-sync never
    /// duplicates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_record_id: Option<String>,
    /// The writing app's version of it (`clientRecordVersion`): a higher version
    /// replaces the stored one, an equal or lower one is ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_record_version: Option<i64>,
    /// When the record reached us (differs from `taken_at` for stored device records).
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
    /// Flags.
    #[serde(default)]
    pub flags: Vec<ReadingFlag>,
    /// How and where it was taken.
    #[serde(default, skip_serializing_if = "ReadingContext::is_empty")]
    pub context: ReadingContext,
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
            ended_at: None,
            source: ReadingSource::Manual,
            device: None,
            sequence_number: None,
            device_epoch: 0,
            client_record_id: None,
            client_record_version: None,
            received_at: None,
            flags: Vec::new(),
            context: ReadingContext::default(),
            note: None,
            visibility: Visibility::Private,
        }
    }

    /// Whether the reading's time can be trusted (no flag of
    /// [`ReadingFlag::UNTRUSTED_TIME`]).
    pub fn time_trusted(&self) -> bool {
        !ReadingFlag::UNTRUSTED_TIME
            .iter()
            .any(|f| self.flags.contains(f))
    }

    /// Whether the reading is the person's own value (not a control-solution test).
    pub fn is_persons_value(&self) -> bool {
        !self.flags.contains(&ReadingFlag::ControlSolution)
    }

    /// Adds `flag` unless it is there already.
    pub fn add_flag(&mut self, flag: ReadingFlag) {
        if !self.flags.contains(&flag) {
            self.flags.push(flag);
        }
    }

    /// Checks the value, the times' UTC offsets, the span and the device fields.
    pub fn validate(&self) -> Validation {
        self.value.validate()?;
        super::error::utc_offset("taken_at", &self.taken_at)?;
        if let Some(end) = self.ended_at {
            super::error::utc_offset("ended_at", &end)?;
            if end < self.taken_at {
                return Err(ValidationError::new(
                    "ended_at",
                    "must not be before the start",
                ));
            }
            if end - self.taken_at > Duration::days(1) {
                return Err(ValidationError::new(
                    "ended_at",
                    "a reading can span at most a day",
                ));
            }
        }
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
            super::error::required_text("device.id", &device.id, SHORT_TEXT)?;
        }
        match &self.source {
            ReadingSource::App { name } => {
                super::error::required_text("source.name", name, SHORT_TEXT)?
            }
            ReadingSource::Imported { system } => {
                super::error::required_text("source.system", system, 500)?
            }
            _ => {}
        }
        if let Some(id) = &self.client_record_id {
            super::error::required_text("client_record_id", id, SHORT_TEXT)?;
            if !matches!(
                self.source,
                ReadingSource::App { .. } | ReadingSource::Imported { .. }
            ) {
                return Err(ValidationError::new(
                    "client_record_id",
                    "only a reading from another app or system has a client record id",
                ));
            }
        } else if self.client_record_version.is_some() {
            return Err(ValidationError::new(
                "client_record_version",
                "needs a client record id",
            ));
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
    /// Everything given when it was added (or as last corrected).
    #[serde(flatten)]
    pub reading: NewReading,
    /// When it was stored.
    pub stored_at: DateTime<Utc>,
    /// How many times it has been written (1 when added; a correction or privacy change
    /// adds one, keeping the earlier version in its history).
    #[serde(default = "first_version")]
    pub version: u32,
}

fn first_version() -> u32 {
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-24T08:30:00+00:00").expect("time")
    }

    #[test]
    fn a_time_more_than_14_hours_from_utc_is_refused_in_words() {
        let time = |text| DateTime::parse_from_rfc3339(text).expect("time");
        for ok in ["2026-11-24T08:30:00+14:00", "2026-11-24T08:30:00-12:00"] {
            let r = NewReading::manual(ReadingValue::Mood { score: 5 }, time(ok));
            assert!(r.validate().is_ok(), "{ok}");
        }
        let r = NewReading::manual(
            ReadingValue::Mood { score: 5 },
            time("2026-11-24T08:30:00+14:30"),
        );
        let error = r.validate().unwrap_err();
        assert_eq!(error.field, "taken_at");
        assert!(
            error
                .reason
                .contains("+14:30, is more than 14 hours from UTC"),
            "{error}"
        );
        let mut r = NewReading::manual(ReadingValue::Steps { count: 10 }, at());
        r.ended_at = Some(time("2026-11-24T08:40:00-19:00"));
        assert_eq!(r.validate().unwrap_err().field, "ended_at");
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
    fn spans_end_after_they_start_and_last_at_most_a_day() {
        let mut r = NewReading::manual(ReadingValue::Steps { count: 4000 }, at());
        r.ended_at = Some(at() - Duration::minutes(1));
        assert_eq!(r.validate().unwrap_err().field, "ended_at");
        r.ended_at = Some(at() + Duration::hours(25));
        assert_eq!(r.validate().unwrap_err().field, "ended_at");
        r.ended_at = Some(at() + Duration::hours(8));
        assert!(r.validate().is_ok());
    }

    #[test]
    fn client_record_ids_belong_to_other_apps() {
        let mut r = NewReading::manual(ReadingValue::Weight { kg: 70.0 }, at());
        r.client_record_id = Some("hc-1".into());
        assert_eq!(r.validate().unwrap_err().field, "client_record_id");
        r.source = ReadingSource::App {
            name: "com.example.scale".into(),
        };
        assert!(r.validate().is_ok());
        r.client_record_id = None;
        r.client_record_version = Some(2);
        assert_eq!(r.validate().unwrap_err().field, "client_record_version");
    }

    #[test]
    fn untrusted_time_flags_are_the_three_time_flags() {
        let mut r = NewReading::manual(ReadingValue::Weight { kg: 70.0 }, at());
        assert!(r.time_trusted());
        for flag in ReadingFlag::UNTRUSTED_TIME {
            r.flags = vec![flag];
            assert!(!r.time_trusted(), "{flag:?}");
        }
        r.flags = vec![ReadingFlag::TimeCorrected, ReadingFlag::Fasting];
        assert!(r.time_trusted());
    }
}
