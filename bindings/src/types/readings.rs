//! Readings as uniffi sees the core's types (remote definitions): values, sources,
//! context, queries and pages, summaries, trend windows and the overview.

use phr_core::api::{
    DailySummary, IngestReport, KindOverview, ReadingChangeOp, ReadingQuery, ReadingVersion,
    ReadingView, ReadingsCursor, ReadingsPage, ReadingsPageRequest, TrendWindow, TypedReading,
};
use phr_core::model::{
    Author, BodyPosition, DeviceIdentity, GlucoseSpecimen, MealType, MeasurementLocation,
    MenstrualFlow, NewReading, Reading, ReadingContext, ReadingFlag, ReadingKind, ReadingSource,
    ReadingValue, TypedExtras, Visibility,
};

use super::custom::{LocalDate, LocalTime, UtcTime};

/// What a reading measures.
#[uniffi::remote(Enum)]
pub enum ReadingKind {
    BloodGlucose,
    BloodPressure,
    HeartRate,
    Weight,
    Steps,
    Sleep,
    Mood,
    Alcohol,
    Stress,
    MenstrualCycle,
    SideEffect,
    Diet,
    PhysicalActivity,
}

/// Menstrual flow on a day.
#[uniffi::remote(Enum)]
pub enum MenstrualFlow {
    Spotting,
    Light,
    Medium,
    Heavy,
}

/// The value(s) of a reading, in the kind's storage unit.
#[uniffi::remote(Enum)]
pub enum ReadingValue {
    BloodGlucose {
        mmol_per_l: Option<f64>,
    },
    BloodPressure {
        systolic_mmhg: f64,
        diastolic_mmhg: f64,
        mean_arterial_mmhg: Option<f64>,
        pulse_per_min: Option<f64>,
    },
    HeartRate {
        per_min: f64,
    },
    Weight {
        kg: f64,
    },
    Steps {
        count: u32,
    },
    Sleep {
        minutes: u32,
        quality: Option<u8>,
    },
    Mood {
        score: u8,
    },
    Alcohol {
        units: f64,
    },
    Stress {
        score: u8,
    },
    MenstrualCycle {
        flow: MenstrualFlow,
    },
    SideEffect {
        description: String,
        severity: u8,
        medication: Option<String>,
    },
    Diet {
        energy_kcal: f64,
        carbohydrate_g: Option<f64>,
        description: Option<String>,
    },
    PhysicalActivity {
        activity: String,
        minutes: u32,
        energy_kcal: Option<f64>,
    },
}

/// How a reading got into the record.
#[uniffi::remote(Enum)]
pub enum ReadingSource {
    Manual,
    Device,
    App { name: String },
    Imported { system: String },
}

/// Which device made a reading.
#[uniffi::remote(Record)]
pub struct DeviceIdentity {
    pub id: String,
    #[uniffi(default)]
    pub manufacturer: Option<String>,
    #[uniffi(default)]
    pub model: Option<String>,
}

/// Things to know about a reading.
#[uniffi::remote(Enum)]
pub enum ReadingFlag {
    BelowDeviceRange,
    AboveDeviceRange,
    ControlSolution,
    DeviceFault,
    TimeUncertain,
    BeforeMeal,
    AfterMeal,
    Fasting,
    IrregularPulse,
    BodyMovement,
    CuffLoose,
    TimeAhead,
    DeviceClockOff,
    TimeCorrected,
}

/// Where a glucose sample came from (Health Connect `specimenSource`; GLS type field).
#[uniffi::remote(Enum)]
pub enum GlucoseSpecimen {
    CapillaryBlood,
    InterstitialFluid,
    Plasma,
    Serum,
    WholeBlood,
}

/// Which meal a reading is about (Health Connect `mealType`).
#[uniffi::remote(Enum)]
pub enum MealType {
    Breakfast,
    Lunch,
    Dinner,
    Snack,
}

/// The body's position during a blood-pressure measurement (Health Connect
/// `bodyPosition`).
#[uniffi::remote(Enum)]
pub enum BodyPosition {
    Standing,
    Sitting,
    Lying,
    Reclining,
}

/// Where on the body a blood-pressure cuff was (Health Connect `measurementLocation`).
#[uniffi::remote(Enum)]
pub enum MeasurementLocation {
    LeftUpperArm,
    RightUpperArm,
    LeftWrist,
    RightWrist,
}

/// How and where a reading was taken, beyond its value: what the platforms' health
/// stores record (Health Connect, HealthKit), so a bridge loses nothing.
#[uniffi::remote(Record)]
pub struct ReadingContext {
    #[uniffi(default)]
    pub specimen: Option<GlucoseSpecimen>,
    #[uniffi(default)]
    pub meal: Option<MealType>,
    #[uniffi(default)]
    pub body_position: Option<BodyPosition>,
    #[uniffi(default)]
    pub location: Option<MeasurementLocation>,
}

/// A reading as the person, a device or another app gives it.
#[uniffi::remote(Record)]
pub struct NewReading {
    pub value: ReadingValue,
    pub taken_at: LocalTime,
    #[uniffi(default)]
    pub ended_at: Option<LocalTime>,
    pub source: ReadingSource,
    #[uniffi(default)]
    pub device: Option<DeviceIdentity>,
    #[uniffi(default)]
    pub sequence_number: Option<u32>,
    #[uniffi(default = 0)]
    pub device_epoch: u32,
    #[uniffi(default)]
    pub client_record_id: Option<String>,
    #[uniffi(default)]
    pub client_record_version: Option<i64>,
    #[uniffi(default)]
    pub received_at: Option<UtcTime>,
    #[uniffi(default)]
    pub flags: Vec<ReadingFlag>,
    pub context: ReadingContext,
    #[uniffi(default)]
    pub note: Option<String>,
    pub visibility: Visibility,
}

/// A stored reading.
#[uniffi::remote(Record)]
pub struct Reading {
    pub id: i64,
    pub reading: NewReading,
    pub stored_at: UtcTime,
    pub version: u32,
}

/// What else a typed reading may carry besides its value.
#[uniffi::remote(Record)]
pub struct TypedExtras {
    #[uniffi(default)]
    pub pulse: Option<f64>,
    #[uniffi(default)]
    pub quality: Option<u8>,
    #[uniffi(default)]
    pub description: Option<String>,
    #[uniffi(default)]
    pub medication: Option<String>,
}

/// A reading as the person typed it: the text is read for its kind in the core
/// ("5.4", "97mg/dL", "135/85", "LO").
#[uniffi::remote(Record)]
pub struct TypedReading {
    pub kind: ReadingKind,
    pub text: String,
    pub extras: TypedExtras,
    #[uniffi(default)]
    pub taken_at: Option<LocalTime>,
    #[uniffi(default)]
    pub ended_at: Option<LocalTime>,
    pub context: ReadingContext,
    #[uniffi(default)]
    pub note: Option<String>,
    pub visibility: Visibility,
}

/// Which page of readings to fetch.
#[uniffi::remote(Record)]
pub struct ReadingsPageRequest {
    #[uniffi(default)]
    pub kind: Option<ReadingKind>,
    #[uniffi(default)]
    pub from: Option<UtcTime>,
    #[uniffi(default)]
    pub to: Option<UtcTime>,
    pub limit: u32,
    #[uniffi(default)]
    pub cursor: Option<ReadingsCursor>,
}

/// Which readings to list.
#[uniffi::remote(Record)]
pub struct ReadingQuery {
    #[uniffi(default)]
    pub kind: Option<ReadingKind>,
    #[uniffi(default)]
    pub from: Option<UtcTime>,
    #[uniffi(default)]
    pub to: Option<UtcTime>,
    #[uniffi(default)]
    pub limit: Option<u32>,
}

/// Where a page of readings ends: the time and id of its last reading (newest first), so
/// the next page starts after it even while new readings arrive.
#[uniffi::remote(Record)]
pub struct ReadingsCursor {
    pub taken_at_ms: i64,
    pub id: i64,
}

/// A page of readings, newest first.
#[uniffi::remote(Record)]
pub struct ReadingsPage {
    #[uniffi(default)]
    pub readings: Vec<Reading>,
    #[uniffi(default)]
    pub next: Option<ReadingsCursor>,
}

/// What a batch ingest did.
#[uniffi::remote(Record)]
pub struct IngestReport {
    pub added: u32,
    pub duplicates: u32,
    pub updated: u32,
    #[uniffi(default)]
    pub ids: Vec<i64>,
}

/// One day's summary of a reading kind.
#[uniffi::remote(Record)]
pub struct DailySummary {
    pub date: LocalDate,
    pub count: u32,
    #[uniffi(default)]
    pub mean: Option<f64>,
    #[uniffi(default)]
    pub min: Option<f64>,
    #[uniffi(default)]
    pub max: Option<f64>,
    #[uniffi(default)]
    pub mean_secondary: Option<f64>,
    #[uniffi(default)]
    pub total: Option<f64>,
}

/// Readings over a window of days ending today: the mean of the days' means (home
/// devices are not calibrated, so the direction over days matters more than any single
/// value), or for a cumulative kind the mean of the days' totals.
#[uniffi::remote(Record)]
pub struct TrendWindow {
    pub days: u32,
    pub days_with_readings: u32,
    #[uniffi(default)]
    pub mean: Option<f64>,
    #[uniffi(default)]
    pub mean_secondary: Option<f64>,
    pub text: String,
}

/// What the first screen shows for one kind of reading.
#[uniffi::remote(Record)]
pub struct KindOverview {
    pub kind: ReadingKind,
    pub count: u64,
    #[uniffi(default)]
    pub latest: Option<ReadingView>,
    pub time_untrusted: u64,
    pub week: TrendWindow,
    pub month: TrendWindow,
}

/// A reading as a screen shows it.
#[uniffi::remote(Record)]
pub struct ReadingView {
    pub reading: Reading,
    pub text: String,
    pub time_trusted: bool,
    #[uniffi(default)]
    pub time_note: Option<String>,
}

/// An earlier version of a reading.
#[uniffi::remote(Record)]
pub struct ReadingVersion {
    pub reading: Reading,
    pub replaced_at: UtcTime,
    pub author: Author,
    pub change: ReadingChangeOp,
}

/// What happened to readings, as logged.
#[uniffi::remote(Enum)]
pub enum ReadingChangeOp {
    Added,
    Edited,
    Privacy,
    Deleted,
    Retimed,
}
