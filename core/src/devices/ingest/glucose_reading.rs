//! A glucose record as a reading: value in mmol/L (none for LO/HI, never 0), device
//! time as reported and receive time, flags from the sensor status, the meal context.

use chrono::{DateTime, FixedOffset, Local, NaiveDateTime, Utc};

use super::SyncOptions;
use crate::devices::gatt::{GlucoseContext, GlucoseType, Meal, OutOfRange, SensorStatus};
use crate::devices::session::{GlucoseRecord, Zone};
use crate::model::{
    DeviceIdentity, GlucoseSpecimen, NewReading, ReadingContext, ReadingFlag, ReadingSource,
    ReadingValue,
};

/// Sensor status bits that make a result doubtful (GLS 1.0, Sensor Status Annunciation):
/// malfunction, sample size, strip insertion, strip type, temperature high/low, read
/// interrupted, general fault. Battery low does not; HI/LO and time fault have flags
/// of their own.
const FAULTS: [SensorStatus; 8] = [
    SensorStatus::SENSOR_MALFUNCTION,
    SensorStatus::SAMPLE_SIZE_INSUFFICIENT,
    SensorStatus::STRIP_INSERTION_ERROR,
    SensorStatus::STRIP_TYPE_INCORRECT,
    SensorStatus::TEMPERATURE_TOO_HIGH,
    SensorStatus::TEMPERATURE_TOO_LOW,
    SensorStatus::READ_INTERRUPTED,
    SensorStatus::GENERAL_DEVICE_FAULT,
];

/// The reading for a record (epoch 0; the caller sets the epoch), or why it is skipped.
pub(crate) fn glucose_reading(
    r: &GlucoseRecord,
    device: &DeviceIdentity,
    options: &SyncOptions,
) -> Result<NewReading, String> {
    let m = &r.measurement;
    let mut flags = Vec::new();
    let (taken_at, time_known) = device_time_placed(r.device_time(), r.received_at, options);
    let status = m.sensor_status.unwrap_or_default();
    // A time ahead of when the record arrived is flagged by the store (`TimeAhead`), the
    // same for every source.
    if !time_known || status.contains(SensorStatus::TIME_FAULT) {
        flags.push(ReadingFlag::TimeUncertain);
    }
    let value = match m.out_of_range() {
        Some(OutOfRange::Below) => {
            flags.push(ReadingFlag::BelowDeviceRange);
            None
        }
        Some(OutOfRange::Above) => {
            flags.push(ReadingFlag::AboveDeviceRange);
            None
        }
        None => Some(
            m.mmol_per_l()
                .ok_or("the measurement carries no glucose concentration")?,
        ),
    };
    if m.is_control_solution() {
        flags.push(ReadingFlag::ControlSolution);
    }
    if FAULTS.iter().any(|f| status.contains(*f)) {
        flags.push(ReadingFlag::DeviceFault);
    }
    let note = r
        .context
        .as_ref()
        .and_then(|c| context_flags(c, &mut flags));
    let reading = NewReading {
        value: ReadingValue::BloodGlucose { mmol_per_l: value },
        taken_at,
        ended_at: None,
        source: ReadingSource::Device,
        device: Some(device.clone()),
        sequence_number: Some(u32::from(m.sequence_number)),
        device_epoch: 0,
        client_record_id: None,
        client_record_version: None,
        received_at: Some(r.received_at),
        flags,
        context: ReadingContext {
            specimen: m.concentration.and_then(|c| specimen(c.sample_type)),
            ..Default::default()
        },
        note,
        visibility: options.visibility,
    };
    reading
        .validate()
        .map_err(|e| format!("not a plausible reading: {} {}", e.field, e.reason))?;
    Ok(reading)
}

/// The device time placed in the zone, or the receive time when the meter's clock was
/// unset (the bool says which).
pub(crate) fn device_time_placed(
    device_time: Option<NaiveDateTime>,
    received_at: DateTime<Utc>,
    options: &SyncOptions,
) -> (DateTime<FixedOffset>, bool) {
    match device_time {
        Some(t) => (options.zone.place(t), true),
        None => (
            match options.zone {
                Zone::Fixed(offset) => received_at.with_timezone(&offset),
                Zone::Local => received_at.with_timezone(&Local).fixed_offset(),
            },
            false,
        ),
    }
}

/// The specimen a GLS sample type names (Glucose Service 1.0, 3.106.2.9).
fn specimen(t: GlucoseType) -> Option<GlucoseSpecimen> {
    match t {
        GlucoseType::CapillaryWholeBlood => Some(GlucoseSpecimen::CapillaryBlood),
        GlucoseType::CapillaryPlasma
        | GlucoseType::VenousPlasma
        | GlucoseType::ArterialPlasma
        | GlucoseType::UndeterminedPlasma => Some(GlucoseSpecimen::Plasma),
        GlucoseType::VenousWholeBlood
        | GlucoseType::ArterialWholeBlood
        | GlucoseType::UndeterminedWholeBlood => Some(GlucoseSpecimen::WholeBlood),
        GlucoseType::InterstitialFluid => Some(GlucoseSpecimen::InterstitialFluid),
        _ => None,
    }
}

/// Meal as flags; what has no flag (casual, bedtime, codes outside the table, carbs,
/// exercise, medication, HbA1c) goes into the note, never dropped (BLE.md, "Contexts").
fn context_flags(c: &GlucoseContext, flags: &mut Vec<ReadingFlag>) -> Option<String> {
    let mut notes = Vec::new();
    match c.meal {
        Some(Meal::Preprandial) => flags.push(ReadingFlag::BeforeMeal),
        Some(Meal::Postprandial) => flags.push(ReadingFlag::AfterMeal),
        Some(Meal::Fasting) => flags.push(ReadingFlag::Fasting),
        Some(other) => notes.push(match other.name() {
            Some(name) => format!("meal: {name}"),
            None => format!("meal code {}", other.code()),
        }),
        None => {}
    }
    if let Some(carbs) = c.carbohydrate
        && let Some(kg) = carbs.kilograms.finite()
    {
        let meal = carbs.id.name().unwrap_or("carbohydrate");
        notes.push(format!("carbohydrate {:.0} g ({meal})", kg * 1000.0));
    }
    if let Some(e) = c.exercise {
        notes.push(format!(
            "exercise {} min at {}%",
            e.duration_seconds / 60,
            e.intensity_percent
        ));
    }
    if let Some(m) = c.medication {
        let name = m.id.name().unwrap_or("medication");
        notes.push(format!("medication: {}", name.replace('_', " ")));
    }
    if let Some(a1c) = c.hba1c_percent.and_then(|v| v.finite()) {
        notes.push(format!("HbA1c {a1c}%"));
    }
    (!notes.is_empty()).then(|| format!("from the meter: {}", notes.join("; ")))
}
