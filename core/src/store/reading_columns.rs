//! How a reading is stored: its kind and source as numbers, flag bits, visibility codes,
//! the packed context, the typed value columns, and a row read back into a [`Reading`].
//!
//! A reading's typed columns: `v1` the primary value (glucose, systolic, rate ...), `v2`
//! the secondary (diastolic, sleep quality, carbohydrate, energy used), `v3` mean
//! arterial pressure or a diet's energy, `v4` pulse. `local_day` is the day in the
//! reading's own UTC offset (`model::day`).

use chrono::{DateTime, FixedOffset};
use rusqlite::Row;

use super::codec::from_millis;
use super::error::{StoreError, StoreResult};
use crate::model::{
    BodyPosition, DeviceIdentity, GlucoseSpecimen, MealType, MeasurementLocation, MenstrualFlow,
    NewReading, Reading, ReadingContext, ReadingFlag, ReadingKind, ReadingSource, ReadingValue,
    Viewer, Visibility,
};

/// The flags, in bit order for the `flags` column. Never reorder: append.
const FLAG_BITS: [ReadingFlag; 14] = [
    ReadingFlag::BelowDeviceRange,
    ReadingFlag::AboveDeviceRange,
    ReadingFlag::ControlSolution,
    ReadingFlag::DeviceFault,
    ReadingFlag::TimeUncertain,
    ReadingFlag::BeforeMeal,
    ReadingFlag::AfterMeal,
    ReadingFlag::Fasting,
    ReadingFlag::IrregularPulse,
    ReadingFlag::BodyMovement,
    ReadingFlag::CuffLoose,
    ReadingFlag::TimeAhead,
    ReadingFlag::DeviceClockOff,
    ReadingFlag::TimeCorrected,
];

/// The bit of one flag in the `flags` column.
pub(crate) const fn flag_bit(flag: ReadingFlag) -> i64 {
    let mut i = 0;
    while i < FLAG_BITS.len() {
        if FLAG_BITS[i] as u8 == flag as u8 {
            return 1 << i;
        }
        i += 1;
    }
    0
}

/// The bits of every flag that makes a reading's time untrusted.
const UNTRUSTED_TIME_MASK: i64 = {
    let mut mask = 0;
    let mut i = 0;
    while i < ReadingFlag::UNTRUSTED_TIME.len() {
        mask |= flag_bit(ReadingFlag::UNTRUSTED_TIME[i]);
        i += 1;
    }
    mask
};

/// The bits of every flag that makes a reading's time untrusted.
pub fn untrusted_time_mask() -> i64 {
    UNTRUSTED_TIME_MASK
}

/// The bits of readings that never count in a summary or a rule: control-solution tests
/// and readings whose time cannot be trusted.
pub(crate) const fn not_counted_mask() -> i64 {
    UNTRUSTED_TIME_MASK | flag_bit(ReadingFlag::ControlSolution)
}

/// The `flags` column of a reading's flags (a reading has none or a few, so this looks
/// up each of them rather than testing every known flag).
pub(crate) fn flags_to_bits(flags: &[ReadingFlag]) -> i64 {
    flags.iter().fold(0, |acc, f| acc | flag_bit(*f))
}

pub(crate) fn bits_to_flags(bits: i64) -> Vec<ReadingFlag> {
    FLAG_BITS
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, f)| *f)
        .collect()
}

pub(crate) fn visibility_code(v: Visibility) -> i64 {
    match v {
        Visibility::Private => 0,
        Visibility::Shared => 1,
        Visibility::Emergency => 2,
    }
}

pub(crate) fn visibility_from_code(code: i64) -> Visibility {
    match code {
        1 => Visibility::Shared,
        2 => Visibility::Emergency,
        _ => Visibility::Private,
    }
}

/// The visibility codes `viewer` may see, as SQL list text (numbers only).
pub(crate) fn visible_codes(viewer: Viewer) -> String {
    viewer
        .visible()
        .iter()
        .map(|v| visibility_code(*v).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Source codes: 0 manual, 1 device, 2 app, 3 imported.
pub(crate) fn source_code(source: &ReadingSource) -> i64 {
    match source {
        ReadingSource::Manual => 0,
        ReadingSource::Device => 1,
        ReadingSource::App { .. } => 2,
        ReadingSource::Imported { .. } => 3,
    }
}

/// Origin kinds in the `origins` table.
pub(crate) const ORIGIN_DEVICE: i64 = 1;
/// An app (Health Connect, HealthKit ...).
pub(crate) const ORIGIN_APP: i64 = 2;
/// A professional system a reading was imported from.
pub(crate) const ORIGIN_SYSTEM: i64 = 3;

/// The origin a reading comes from: (origin kind, name), if any.
pub(crate) fn origin_of(r: &NewReading) -> Option<(i64, &str)> {
    if let Some(device) = &r.device {
        return Some((ORIGIN_DEVICE, device.id.as_str()));
    }
    match &r.source {
        ReadingSource::App { name } => Some((ORIGIN_APP, name.as_str())),
        ReadingSource::Imported { system } => Some((ORIGIN_SYSTEM, system.as_str())),
        _ => None,
    }
}

fn code_of<T: PartialEq + Copy>(all: &[T], value: Option<T>) -> i64 {
    value
        .and_then(|v| all.iter().position(|x| *x == v))
        .map_or(0, |i| i as i64 + 1)
}

fn from_code<T: Copy>(all: &[T], code: i64) -> Option<T> {
    usize::try_from(code - 1)
        .ok()
        .and_then(|i| all.get(i).copied())
}

const SPECIMENS: [GlucoseSpecimen; 5] = [
    GlucoseSpecimen::CapillaryBlood,
    GlucoseSpecimen::InterstitialFluid,
    GlucoseSpecimen::Plasma,
    GlucoseSpecimen::Serum,
    GlucoseSpecimen::WholeBlood,
];
const MEALS: [MealType; 4] = [
    MealType::Breakfast,
    MealType::Lunch,
    MealType::Dinner,
    MealType::Snack,
];
const POSITIONS: [BodyPosition; 4] = [
    BodyPosition::Standing,
    BodyPosition::Sitting,
    BodyPosition::Lying,
    BodyPosition::Reclining,
];
const LOCATIONS: [MeasurementLocation; 4] = [
    MeasurementLocation::LeftUpperArm,
    MeasurementLocation::RightUpperArm,
    MeasurementLocation::LeftWrist,
    MeasurementLocation::RightWrist,
];

/// The context packed into one number: four bits each for specimen, meal, body
/// position and location (0 = not known). Never reorder the lists: append.
pub(crate) fn context_code(c: &ReadingContext) -> i64 {
    code_of(&SPECIMENS, c.specimen)
        | code_of(&MEALS, c.meal) << 4
        | code_of(&POSITIONS, c.body_position) << 8
        | code_of(&LOCATIONS, c.location) << 12
}

pub(crate) fn context_from_code(code: i64) -> ReadingContext {
    ReadingContext {
        specimen: from_code(&SPECIMENS, code & 0xF),
        meal: from_code(&MEALS, (code >> 4) & 0xF),
        body_position: from_code(&POSITIONS, (code >> 8) & 0xF),
        location: from_code(&LOCATIONS, (code >> 12) & 0xF),
    }
}

/// A reading's typed columns: v1 to v4 and the text value.
pub(crate) type ReadingColumns = (
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<String>,
);

pub(crate) fn columns(value: &ReadingValue) -> ReadingColumns {
    match value {
        ReadingValue::BloodPressure {
            mean_arterial_mmhg,
            pulse_per_min,
            ..
        } => (
            value.primary(),
            value.secondary(),
            *mean_arterial_mmhg,
            *pulse_per_min,
            None,
        ),
        ReadingValue::SideEffect {
            description,
            medication,
            ..
        } => (
            value.primary(),
            None,
            None,
            None,
            Some(
                serde_json::json!({ "description": description, "medication": medication })
                    .to_string(),
            ),
        ),
        ReadingValue::Diet { description, .. } => (
            value.primary(),
            value.secondary(),
            None,
            None,
            description.clone(),
        ),
        ReadingValue::PhysicalActivity { activity, .. } => (
            value.primary(),
            value.secondary(),
            None,
            None,
            Some(activity.clone()),
        ),
        _ => (value.primary(), value.secondary(), None, None, None),
    }
}

pub(crate) fn value_from_columns(
    kind: ReadingKind,
    v: [Option<f64>; 4],
    text: Option<String>,
) -> StoreResult<ReadingValue> {
    let need = |x: Option<f64>| {
        x.ok_or_else(|| StoreError::Corrupt {
            reason: format!("a {kind} reading has no value"),
        })
    };
    let small = |x: Option<f64>| need(x).map(|f| f.round().clamp(0.0, 255.0) as u8);
    let count = |x: Option<f64>| need(x).map(|f| f.round().clamp(0.0, f64::from(u32::MAX)) as u32);
    Ok(match kind {
        ReadingKind::BloodGlucose => ReadingValue::BloodGlucose { mmol_per_l: v[0] },
        ReadingKind::BloodPressure => ReadingValue::BloodPressure {
            systolic_mmhg: need(v[0])?,
            diastolic_mmhg: need(v[1])?,
            mean_arterial_mmhg: v[2],
            pulse_per_min: v[3],
        },
        ReadingKind::HeartRate => ReadingValue::HeartRate {
            per_min: need(v[0])?,
        },
        ReadingKind::Weight => ReadingValue::Weight { kg: need(v[0])? },
        ReadingKind::Steps => ReadingValue::Steps {
            count: count(v[0])?,
        },
        ReadingKind::Sleep => ReadingValue::Sleep {
            minutes: count(v[0])?,
            quality: v[1].map(|q| q.round().clamp(0.0, 255.0) as u8),
        },
        ReadingKind::Mood => ReadingValue::Mood {
            score: small(v[0])?,
        },
        ReadingKind::Stress => ReadingValue::Stress {
            score: small(v[0])?,
        },
        ReadingKind::Alcohol => ReadingValue::Alcohol { units: need(v[0])? },
        ReadingKind::MenstrualCycle => ReadingValue::MenstrualCycle {
            flow: MenstrualFlow::from_level(small(v[0])?).ok_or_else(|| StoreError::Corrupt {
                reason: "a menstrual flow level is unknown".into(),
            })?,
        },
        ReadingKind::SideEffect => {
            let detail: serde_json::Value = serde_json::from_str(text.as_deref().unwrap_or("{}"))?;
            ReadingValue::SideEffect {
                description: detail["description"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                severity: small(v[0])?,
                medication: detail["medication"].as_str().map(str::to_string),
            }
        }
        ReadingKind::Diet => ReadingValue::Diet {
            energy_kcal: need(v[0])?,
            carbohydrate_g: v[1],
            description: text,
        },
        ReadingKind::PhysicalActivity => ReadingValue::PhysicalActivity {
            activity: text.unwrap_or_default(),
            minutes: count(v[0])?,
            energy_kcal: v[1],
        },
    })
}

/// The columns every reading query selects, in the order [`reading_from_row`] reads.
pub(crate) const READING_COLUMNS: &str = "r.id, r.kind, r.taken_at_ms, r.utc_offset_min, \
    r.ended_at_ms, r.v1, r.v2, r.v3, r.v4, r.text_value, r.source, r.device_epoch, r.sequence, \
    r.client_id, r.client_version, r.received_at_ms, r.stored_at_ms, r.flags, r.context, \
    r.visibility, r.version, r.note, o.kind, o.name, o.manufacturer, o.model";

/// The join every reading query uses, to name the origin.
pub(crate) const READING_FROM: &str = "readings r LEFT JOIN origins o ON o.id = r.origin";

/// A reading's row before decoding.
pub(crate) struct StoredReading {
    id: i64,
    kind: i64,
    taken_at_ms: i64,
    offset_min: i32,
    ended_at_ms: Option<i64>,
    v: [Option<f64>; 4],
    text: Option<String>,
    source: i64,
    device_epoch: u32,
    sequence: Option<u32>,
    client_id: Option<String>,
    client_version: Option<i64>,
    received_at_ms: Option<i64>,
    stored_at_ms: i64,
    flags: i64,
    context: i64,
    visibility: i64,
    version: u32,
    note: Option<String>,
    origin_kind: Option<i64>,
    origin_name: Option<String>,
    manufacturer: Option<String>,
    model: Option<String>,
}

pub(crate) fn reading_from_row(row: &Row<'_>) -> rusqlite::Result<StoredReading> {
    Ok(StoredReading {
        id: row.get(0)?,
        kind: row.get(1)?,
        taken_at_ms: row.get(2)?,
        offset_min: row.get(3)?,
        ended_at_ms: row.get(4)?,
        v: [row.get(5)?, row.get(6)?, row.get(7)?, row.get(8)?],
        text: row.get(9)?,
        source: row.get(10)?,
        device_epoch: row.get(11)?,
        sequence: row.get(12)?,
        client_id: row.get(13)?,
        client_version: row.get(14)?,
        received_at_ms: row.get(15)?,
        stored_at_ms: row.get(16)?,
        flags: row.get(17)?,
        context: row.get(18)?,
        visibility: row.get(19)?,
        version: row.get(20)?,
        note: row.get(21)?,
        origin_kind: row.get(22)?,
        origin_name: row.get(23)?,
        manufacturer: row.get(24)?,
        model: row.get(25)?,
    })
}

fn local(ms: i64, offset: FixedOffset) -> StoreResult<DateTime<FixedOffset>> {
    Ok(from_millis(ms)?.with_timezone(&offset))
}

pub(crate) fn decode_reading(s: StoredReading) -> StoreResult<Reading> {
    let kind = ReadingKind::from_code(s.kind).ok_or_else(|| StoreError::Corrupt {
        reason: format!("unknown reading kind {}", s.kind),
    })?;
    let offset = FixedOffset::east_opt(s.offset_min * 60).ok_or_else(|| StoreError::Corrupt {
        reason: "a reading's UTC offset is out of range".into(),
    })?;
    let origin_name = s.origin_name.unwrap_or_default();
    let source = match s.source {
        1 => ReadingSource::Device,
        2 => ReadingSource::App {
            name: match s.origin_kind {
                Some(ORIGIN_APP) => origin_name.clone(),
                _ => String::new(),
            },
        },
        3 => ReadingSource::Imported {
            system: match s.origin_kind {
                Some(ORIGIN_SYSTEM) => origin_name.clone(),
                _ => String::new(),
            },
        },
        _ => ReadingSource::Manual,
    };
    let device = if s.origin_kind == Some(ORIGIN_DEVICE) {
        Some(DeviceIdentity {
            id: origin_name,
            manufacturer: s.manufacturer,
            model: s.model,
        })
    } else {
        None
    };
    Ok(Reading {
        id: s.id,
        reading: NewReading {
            value: value_from_columns(kind, s.v, s.text)?,
            taken_at: local(s.taken_at_ms, offset)?,
            ended_at: s.ended_at_ms.map(|ms| local(ms, offset)).transpose()?,
            source,
            device,
            sequence_number: s.sequence,
            device_epoch: s.device_epoch,
            client_record_id: s.client_id,
            client_record_version: s.client_version,
            received_at: s.received_at_ms.map(from_millis).transpose()?,
            flags: bits_to_flags(s.flags),
            context: context_from_code(s.context),
            note: s.note,
            visibility: visibility_from_code(s.visibility),
        },
        stored_at: from_millis(s.stored_at_ms)?,
        version: s.version,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_bits_keep_their_stored_positions() {
        // Stored records hold these bits: a flag may be appended, never moved.
        assert_eq!(flag_bit(ReadingFlag::BelowDeviceRange), 1 << 0);
        assert_eq!(flag_bit(ReadingFlag::AboveDeviceRange), 1 << 1);
        assert_eq!(flag_bit(ReadingFlag::ControlSolution), 1 << 2);
        assert_eq!(flag_bit(ReadingFlag::DeviceFault), 1 << 3);
        assert_eq!(flag_bit(ReadingFlag::CuffLoose), 1 << 10);
        assert_eq!(flag_bit(ReadingFlag::TimeAhead), 1 << 11);
        assert_eq!(flag_bit(ReadingFlag::TimeCorrected), 1 << 13);
    }

    #[test]
    fn the_migration_uses_the_same_masks_as_the_code() {
        // Schema version 5 writes these numbers into SQL.
        assert_eq!(flag_bit(ReadingFlag::TimeAhead), 2048);
        assert_eq!(not_counted_mask(), 6164);
        // Schema version 8 counts untrusted times with this mask.
        assert_eq!(untrusted_time_mask(), 6160);
    }

    #[test]
    fn flags_and_context_round_trip_through_their_codes() {
        let flags = vec![ReadingFlag::ControlSolution, ReadingFlag::IrregularPulse];
        assert_eq!(bits_to_flags(flags_to_bits(&flags)), flags);
        assert!(bits_to_flags(0).is_empty());
        let context = ReadingContext {
            specimen: Some(GlucoseSpecimen::InterstitialFluid),
            meal: Some(MealType::Snack),
            body_position: Some(BodyPosition::Sitting),
            location: Some(MeasurementLocation::RightWrist),
        };
        assert_eq!(context_from_code(context_code(&context)), context);
        assert_eq!(context_code(&ReadingContext::default()), 0);
    }
}
