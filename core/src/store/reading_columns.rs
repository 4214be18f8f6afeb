//! How a reading is stored: flag bits, visibility codes, the typed value columns, and a
//! row read back into a [`Reading`].
//!
//! A reading's typed columns: `v1` the primary value (glucose, systolic, rate ...), `v2`
//! the secondary (diastolic, sleep quality), `v3` mean arterial pressure, `v4` pulse.
//! `local_day` is the day in the reading's own UTC offset (days since 1970-01-01), which
//! is what "readings on Tuesday" means to the person.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::Row;

use super::codec::from_millis;
use super::error::{StoreError, StoreResult};
use crate::record::{
    DeviceIdentity, MenstrualFlow, NewReading, Reading, ReadingFlag, ReadingKind, ReadingSource,
    ReadingValue, Viewer, Visibility,
};

/// The flags, in bit order for the `flags` column. Never reorder: append.
const FLAG_BITS: [ReadingFlag; 11] = [
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
];

/// The bit of one flag in the `flags` column (the rules read the column directly).
pub(crate) fn flag_bit(flag: ReadingFlag) -> i64 {
    flags_to_bits(&[flag])
}

pub(super) fn flags_to_bits(flags: &[ReadingFlag]) -> i64 {
    FLAG_BITS
        .iter()
        .enumerate()
        .filter(|(_, f)| flags.contains(f))
        .fold(0, |acc, (i, _)| acc | (1 << i))
}

pub(super) fn bits_to_flags(bits: i64) -> Vec<ReadingFlag> {
    FLAG_BITS
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, f)| *f)
        .collect()
}

pub(super) fn visibility_code(v: Visibility) -> i64 {
    match v {
        Visibility::Private => 0,
        Visibility::Shared => 1,
        Visibility::Emergency => 2,
    }
}

pub(super) fn visibility_from_code(code: i64) -> Visibility {
    match code {
        1 => Visibility::Shared,
        2 => Visibility::Emergency,
        _ => Visibility::Private,
    }
}

pub(super) fn visible_codes(viewer: Viewer) -> String {
    viewer
        .visible()
        .iter()
        .map(|v| visibility_code(*v).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Days since 1970-01-01 of the local date of `t`.
pub(super) fn local_day(t: &DateTime<FixedOffset>) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (t.date_naive() - epoch).num_days()
}

/// The date of a day number.
pub(super) fn day_to_date(day: i64) -> NaiveDate {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    epoch + chrono::Duration::days(day)
}

/// A reading's typed columns: v1 to v4 and the text value.
pub(super) type ReadingColumns = (
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<String>,
);

pub(super) fn columns(value: &ReadingValue) -> ReadingColumns {
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
        _ => (value.primary(), value.secondary(), None, None, None),
    }
}

pub(super) fn value_from_columns(
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
            count: need(v[0])?.round().max(0.0) as u32,
        },
        ReadingKind::Sleep => ReadingValue::Sleep {
            minutes: need(v[0])?.round().max(0.0) as u32,
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
    })
}

pub(super) fn source_text(source: &ReadingSource) -> String {
    match source {
        ReadingSource::Manual => "manual".into(),
        ReadingSource::Device => "device".into(),
        ReadingSource::App { name } => format!("app:{name}"),
    }
}

pub(super) fn source_from_text(s: &str) -> ReadingSource {
    match s {
        "device" => ReadingSource::Device,
        other => match other.strip_prefix("app:") {
            Some(name) => ReadingSource::App { name: name.into() },
            None => ReadingSource::Manual,
        },
    }
}

pub(super) const READING_COLUMNS: &str = "r.id, r.kind, r.taken_at_ms, r.utc_offset_min, r.v1, r.v2, r.v3, \
    r.v4, r.text_value, r.source, r.device_id, r.device_epoch, r.sequence, r.received_at_ms, \
    r.stored_at_ms, r.flags, r.visibility, r.note, d.manufacturer, d.model";

pub(super) fn reading_from_row(row: &Row<'_>) -> rusqlite::Result<StoredReading> {
    Ok(StoredReading {
        id: row.get(0)?,
        kind: row.get(1)?,
        taken_at_ms: row.get(2)?,
        offset_min: row.get(3)?,
        v: [row.get(4)?, row.get(5)?, row.get(6)?, row.get(7)?],
        text: row.get(8)?,
        source: row.get(9)?,
        device_id: row.get(10)?,
        device_epoch: row.get(11)?,
        sequence: row.get(12)?,
        received_at_ms: row.get(13)?,
        stored_at_ms: row.get(14)?,
        flags: row.get(15)?,
        visibility: row.get(16)?,
        note: row.get(17)?,
        manufacturer: row.get(18)?,
        model: row.get(19)?,
    })
}

pub(super) struct StoredReading {
    id: i64,
    kind: String,
    taken_at_ms: i64,
    offset_min: i32,
    v: [Option<f64>; 4],
    text: Option<String>,
    source: String,
    device_id: Option<String>,
    device_epoch: u32,
    sequence: Option<u32>,
    received_at_ms: Option<i64>,
    stored_at_ms: i64,
    flags: i64,
    visibility: i64,
    note: Option<String>,
    manufacturer: Option<String>,
    model: Option<String>,
}

pub(super) fn decode_reading(s: StoredReading) -> StoreResult<Reading> {
    let kind: ReadingKind = s.kind.parse().map_err(|_| StoreError::Corrupt {
        reason: format!("unknown reading kind '{}'", s.kind),
    })?;
    let offset = FixedOffset::east_opt(s.offset_min * 60).ok_or_else(|| StoreError::Corrupt {
        reason: "a reading's UTC offset is out of range".into(),
    })?;
    Ok(Reading {
        id: s.id,
        reading: NewReading {
            value: value_from_columns(kind, s.v, s.text)?,
            taken_at: from_millis(s.taken_at_ms)?.with_timezone(&offset),
            source: source_from_text(&s.source),
            device: s.device_id.map(|id| DeviceIdentity {
                id,
                manufacturer: s.manufacturer,
                model: s.model,
            }),
            sequence_number: s.sequence,
            device_epoch: s.device_epoch,
            received_at: s.received_at_ms.map(from_millis).transpose()?,
            flags: bits_to_flags(s.flags),
            note: s.note,
            visibility: visibility_from_code(s.visibility),
        },
        stored_at: from_millis(s.stored_at_ms)?,
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
    }

    #[test]
    fn flags_round_trip_through_their_bits() {
        let flags = vec![ReadingFlag::ControlSolution, ReadingFlag::IrregularPulse];
        assert_eq!(bits_to_flags(flags_to_bits(&flags)), flags);
        assert!(bits_to_flags(0).is_empty());
    }
}
