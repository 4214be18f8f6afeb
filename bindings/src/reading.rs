//! Readings (devices, apps, manual entry), their queries and per-day summaries,
//! mirroring `phr_core::model::reading` and the store's reading types.

use std::time::SystemTime;

use phr_core::model::{
    DeviceIdentity as CoreDeviceIdentity, MenstrualFlow as CoreMenstrualFlow,
    NewReading as CoreNewReading, Reading as CoreReading, ReadingFlag as CoreReadingFlag,
    ReadingKind as CoreReadingKind, ReadingSource as CoreReadingSource,
    ReadingValue as CoreReadingValue, ValidationError,
};
use phr_core::store::{
    DailySummary as CoreDailySummary, IngestReport as CoreIngestReport,
    ReadingQuery as CoreReadingQuery,
};

use crate::entry::Visibility;
use crate::mirror::mirror_enum;
use crate::time::{date_text, instant, local_time_from, local_time_text, utc};

mirror_enum! {
    /// What a reading measures.
    pub enum ReadingKind mirrors CoreReadingKind {
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
        /// A medication side effect, severity 1 to 10.
        SideEffect,
    }
}

mirror_enum! {
    /// Menstrual flow on a day.
    pub enum MenstrualFlow mirrors CoreMenstrualFlow {
        /// Spotting.
        Spotting,
        /// Light.
        Light,
        /// Medium.
        Medium,
        /// Heavy.
        Heavy,
    }
}

mirror_enum! {
    /// Things to know about a reading.
    pub enum ReadingFlag mirrors CoreReadingFlag {
        /// Below what the device can measure (meter shows LO).
        BelowDeviceRange,
        /// Above what the device can measure (meter shows HI).
        AboveDeviceRange,
        /// A control-solution test, not the person's blood.
        ControlSolution,
        /// The device reported a fault.
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
}

/// The value(s) of a reading, in the kind's storage unit.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum ReadingValue {
    /// Blood glucose; `None` only when the meter reported LO or HI (with the flag).
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
        mean_arterial_mmhg: Option<f64>,
        /// Pulse, beats per minute, when the cuff gives it.
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
        quality: Option<u8>,
    },
    /// Mood.
    Mood {
        /// 0 (worst) to 10 (best).
        score: u8,
    },
    /// Alcohol.
    Alcohol {
        /// UK units.
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
        medication: Option<String>,
    },
}

impl From<CoreReadingValue> for ReadingValue {
    fn from(v: CoreReadingValue) -> Self {
        use CoreReadingValue as C;
        match v {
            C::BloodGlucose { mmol_per_l } => Self::BloodGlucose { mmol_per_l },
            C::BloodPressure {
                systolic_mmhg,
                diastolic_mmhg,
                mean_arterial_mmhg,
                pulse_per_min,
            } => Self::BloodPressure {
                systolic_mmhg,
                diastolic_mmhg,
                mean_arterial_mmhg,
                pulse_per_min,
            },
            C::HeartRate { per_min } => Self::HeartRate { per_min },
            C::Weight { kg } => Self::Weight { kg },
            C::Steps { count } => Self::Steps { count },
            C::Sleep { minutes, quality } => Self::Sleep { minutes, quality },
            C::Mood { score } => Self::Mood { score },
            C::Alcohol { units } => Self::Alcohol { units },
            C::Stress { score } => Self::Stress { score },
            C::MenstrualCycle { flow } => Self::MenstrualCycle { flow: flow.into() },
            C::SideEffect {
                description,
                severity,
                medication,
            } => Self::SideEffect {
                description,
                severity,
                medication,
            },
        }
    }
}

impl From<ReadingValue> for CoreReadingValue {
    fn from(v: ReadingValue) -> Self {
        use ReadingValue as F;
        match v {
            F::BloodGlucose { mmol_per_l } => Self::BloodGlucose { mmol_per_l },
            F::BloodPressure {
                systolic_mmhg,
                diastolic_mmhg,
                mean_arterial_mmhg,
                pulse_per_min,
            } => Self::BloodPressure {
                systolic_mmhg,
                diastolic_mmhg,
                mean_arterial_mmhg,
                pulse_per_min,
            },
            F::HeartRate { per_min } => Self::HeartRate { per_min },
            F::Weight { kg } => Self::Weight { kg },
            F::Steps { count } => Self::Steps { count },
            F::Sleep { minutes, quality } => Self::Sleep { minutes, quality },
            F::Mood { score } => Self::Mood { score },
            F::Alcohol { units } => Self::Alcohol { units },
            F::Stress { score } => Self::Stress { score },
            F::MenstrualCycle { flow } => Self::MenstrualCycle { flow: flow.into() },
            F::SideEffect {
                description,
                severity,
                medication,
            } => Self::SideEffect {
                description,
                severity,
                medication,
            },
        }
    }
}

/// How a reading got into the record.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum ReadingSource {
    /// Typed in.
    Manual,
    /// From a Bluetooth device.
    Device,
    /// From another app (Health Connect, HealthKit ...).
    App {
        /// The app's name.
        name: String,
    },
}

impl From<CoreReadingSource> for ReadingSource {
    fn from(s: CoreReadingSource) -> Self {
        match s {
            CoreReadingSource::Manual => Self::Manual,
            CoreReadingSource::Device => Self::Device,
            CoreReadingSource::App { name } => Self::App { name },
        }
    }
}

impl From<ReadingSource> for CoreReadingSource {
    fn from(s: ReadingSource) -> Self {
        match s {
            ReadingSource::Manual => Self::Manual,
            ReadingSource::Device => Self::Device,
            ReadingSource::App { name } => Self::App { name },
        }
    }
}

/// Which device made a reading.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DeviceIdentity {
    /// Stable id: the serial number where the device gives one, else its address.
    pub id: String,
    /// Manufacturer name from Device Information.
    #[uniffi(default)]
    pub manufacturer: Option<String>,
    /// Model number from Device Information.
    #[uniffi(default)]
    pub model: Option<String>,
}

impl From<CoreDeviceIdentity> for DeviceIdentity {
    fn from(d: CoreDeviceIdentity) -> Self {
        Self {
            id: d.id,
            manufacturer: d.manufacturer,
            model: d.model,
        }
    }
}

impl From<DeviceIdentity> for CoreDeviceIdentity {
    fn from(d: DeviceIdentity) -> Self {
        Self {
            id: d.id,
            manufacturer: d.manufacturer,
            model: d.model,
        }
    }
}

/// A reading as the person, an app or a device gives it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewReading {
    /// The value(s).
    pub value: ReadingValue,
    /// When it was taken, RFC 3339 with the UTC offset where it was taken.
    pub taken_at: String,
    /// Manual, device or app.
    pub source: ReadingSource,
    /// Who may see it.
    pub visibility: Visibility,
    /// Flags (LO/HI, control solution, before a meal ...).
    #[uniffi(default)]
    pub flags: Vec<ReadingFlag>,
    /// A note.
    #[uniffi(default)]
    pub note: Option<String>,
    /// The device, for device readings.
    #[uniffi(default)]
    pub device: Option<DeviceIdentity>,
    /// The device's record sequence number (unique per device and epoch).
    #[uniffi(default)]
    pub sequence_number: Option<u32>,
    /// Counts sequence-number restarts of the device.
    #[uniffi(default = 0)]
    pub device_epoch: u32,
    /// When the record reached the phone, when it differs from `taken_at`.
    #[uniffi(default)]
    pub received_at: Option<SystemTime>,
}

impl TryFrom<NewReading> for CoreNewReading {
    type Error = ValidationError;
    fn try_from(r: NewReading) -> Result<Self, Self::Error> {
        Ok(Self {
            value: r.value.into(),
            taken_at: local_time_from("taken_at", &r.taken_at)?,
            source: r.source.into(),
            device: r.device.map(Into::into),
            sequence_number: r.sequence_number,
            device_epoch: r.device_epoch,
            received_at: r.received_at.map(utc),
            flags: r.flags.into_iter().map(Into::into).collect(),
            note: r.note,
            visibility: r.visibility.into(),
        })
    }
}

/// A stored reading.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Reading {
    /// Its id within the record.
    pub id: i64,
    /// What it measures.
    pub kind: ReadingKind,
    /// The UCUM unit of its values, e.g. `mmol/L`.
    pub unit: String,
    /// The value(s).
    pub value: ReadingValue,
    /// When it was taken, RFC 3339 with its UTC offset.
    pub taken_at: String,
    /// Manual, device or app.
    pub source: ReadingSource,
    /// Who may see it.
    pub visibility: Visibility,
    /// Flags.
    pub flags: Vec<ReadingFlag>,
    /// A note.
    pub note: Option<String>,
    /// The device, for device readings.
    pub device: Option<DeviceIdentity>,
    /// The device's record sequence number.
    pub sequence_number: Option<u32>,
    /// The device's sequence-number epoch.
    pub device_epoch: u32,
    /// When the record reached the phone.
    pub received_at: Option<SystemTime>,
    /// When it was stored.
    pub stored_at: SystemTime,
}

impl From<CoreReading> for Reading {
    fn from(r: CoreReading) -> Self {
        let n = r.reading;
        let kind = n.value.kind();
        Self {
            id: r.id,
            kind: kind.into(),
            unit: kind.unit().to_string(),
            value: n.value.into(),
            taken_at: local_time_text(n.taken_at),
            source: n.source.into(),
            visibility: n.visibility.into(),
            flags: n.flags.into_iter().map(Into::into).collect(),
            note: n.note,
            device: n.device.map(Into::into),
            sequence_number: n.sequence_number,
            device_epoch: n.device_epoch,
            received_at: n.received_at.map(instant),
            stored_at: instant(r.stored_at),
        }
    }
}

/// What a batch of readings did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IngestReport {
    /// Readings stored.
    pub added: u32,
    /// Readings already in the record (same device, epoch and sequence number).
    pub duplicates: u32,
    /// Ids of the stored readings, in input order.
    pub ids: Vec<i64>,
}

impl From<CoreIngestReport> for IngestReport {
    fn from(r: CoreIngestReport) -> Self {
        Self {
            added: u32::try_from(r.added).unwrap_or(u32::MAX),
            duplicates: u32::try_from(r.duplicates).unwrap_or(u32::MAX),
            ids: r.ids,
        }
    }
}

/// Which readings to list.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ReadingQuery {
    /// Only this kind.
    #[uniffi(default)]
    pub kind: Option<ReadingKind>,
    /// Taken at or after.
    #[uniffi(default)]
    pub from: Option<SystemTime>,
    /// Taken before.
    #[uniffi(default)]
    pub to: Option<SystemTime>,
    /// At most this many, newest first when set (oldest first otherwise).
    #[uniffi(default)]
    pub limit: Option<u32>,
}

impl From<ReadingQuery> for CoreReadingQuery {
    fn from(q: ReadingQuery) -> Self {
        Self {
            kind: q.kind.map(Into::into),
            from: q.from.map(utc),
            to: q.to.map(utc),
            limit: q.limit.map(|l| l as usize),
        }
    }
}

/// One day's summary of a reading kind, from the core's per-day summary table.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DailySummary {
    /// The local date, `YYYY-MM-DD`.
    pub date: String,
    /// How many readings.
    pub count: u32,
    /// Mean of the primary value.
    pub mean: Option<f64>,
    /// Lowest primary value.
    pub min: Option<f64>,
    /// Highest primary value.
    pub max: Option<f64>,
    /// Mean of the secondary value (diastolic), when the kind has one.
    pub mean_secondary: Option<f64>,
}

impl From<CoreDailySummary> for DailySummary {
    fn from(d: CoreDailySummary) -> Self {
        Self {
            date: date_text(d.date),
            count: d.count,
            mean: d.mean,
            min: d.min,
            max: d.max,
            mean_secondary: d.mean_secondary,
        }
    }
}
