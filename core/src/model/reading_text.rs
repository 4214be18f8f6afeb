//! How a reading reads on a screen, the same in every shell: the value with its unit
//! ("5.4 mmol/L", "135/85 mmHg, pulse 72", "LO (below what the meter measures)"), the
//! note about a time that cannot be trusted, and a mean over days in the kind's unit.

use super::reading::{NewReading, ReadingFlag, ReadingValue};
use super::reading_kind::ReadingKind;

/// What a meter's LO means, in words.
pub const LO_TEXT: &str = "LO (below what the meter measures)";
/// What a meter's HI means, in words.
pub const HI_TEXT: &str = "HI (above what the meter measures)";

/// The note shown beside a reading whose device clock was found to be off.
pub const DEVICE_CLOCK_NOTE: &str =
    "the meter's clock may be wrong, so this reading is not used for alerts or trends";
/// The note shown beside a reading dated in the future.
pub const TIME_AHEAD_NOTE: &str = "its time is in the future, so the meter's clock may be wrong; this reading is not used for alerts or trends";
/// The note shown beside a reading whose device reported a time fault.
pub const TIME_UNCERTAIN_NOTE: &str =
    "the device said its clock may be wrong, so this reading is not used for alerts or trends";
/// The note shown beside a reading whose time was corrected.
pub const TIME_CORRECTED_NOTE: &str = "its time was corrected for the device's clock";

/// A number without a needless fraction: 7 rather than 7.0, 5.4 rather than 5.40.
pub fn number(v: f64, decimals: usize) -> String {
    let text = format!("{v:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// Minutes as hours and minutes: "7 h 05 min".
fn hours_minutes(minutes: u32) -> String {
    format!("{} h {:02} min", minutes / 60, minutes % 60)
}

/// A reading's value as a person reads it.
pub fn value_text(value: &ReadingValue, flags: &[ReadingFlag]) -> String {
    match value {
        ReadingValue::BloodGlucose {
            mmol_per_l: Some(v),
        } => format!("{} mmol/L", number(*v, 2)),
        ReadingValue::BloodGlucose { mmol_per_l: None } => {
            if flags.contains(&ReadingFlag::AboveDeviceRange) {
                HI_TEXT.into()
            } else {
                LO_TEXT.into()
            }
        }
        ReadingValue::BloodPressure {
            systolic_mmhg,
            diastolic_mmhg,
            pulse_per_min,
            ..
        } => {
            let pulse = pulse_per_min
                .map(|p| format!(", pulse {}", number(p, 0)))
                .unwrap_or_default();
            format!(
                "{}/{} mmHg{pulse}",
                number(*systolic_mmhg, 0),
                number(*diastolic_mmhg, 0)
            )
        }
        ReadingValue::HeartRate { per_min } => format!("{} beats/min", number(*per_min, 0)),
        ReadingValue::Weight { kg } => format!("{} kg", number(*kg, 1)),
        ReadingValue::Steps { count } => format!("{count} steps"),
        ReadingValue::Sleep { minutes, quality } => {
            let q = quality
                .map(|q| format!(", quality {q}/10"))
                .unwrap_or_default();
            format!("{}{q}", hours_minutes(*minutes))
        }
        ReadingValue::Mood { score } => format!("mood {score}/10"),
        ReadingValue::Stress { score } => format!("stress {score}/10"),
        ReadingValue::Alcohol { units } => format!("{} units", number(*units, 1)),
        ReadingValue::MenstrualCycle { flow } => format!("{flow:?}").to_lowercase(),
        ReadingValue::SideEffect {
            description,
            severity,
            medication,
        } => {
            let med = medication
                .as_deref()
                .map(|m| format!(", suspected {m}"))
                .unwrap_or_default();
            format!("{description} (severity {severity}/10{med})")
        }
        ReadingValue::Diet {
            energy_kcal,
            carbohydrate_g,
            description,
        } => {
            let what = description
                .as_deref()
                .map(|d| format!("{d}: "))
                .unwrap_or_default();
            let carbs = carbohydrate_g
                .map(|c| format!(", {} g carbohydrate", number(c, 0)))
                .unwrap_or_default();
            format!("{what}{} kcal{carbs}", number(*energy_kcal, 0))
        }
        ReadingValue::PhysicalActivity {
            activity,
            minutes,
            energy_kcal,
        } => {
            let energy = energy_kcal
                .map(|e| format!(", {} kcal", number(e, 0)))
                .unwrap_or_default();
            format!("{activity} {} min{energy}", minutes)
        }
    }
}

/// The note a screen shows beside a reading whose time is not trusted or was corrected.
pub fn time_note(reading: &NewReading) -> Option<&'static str> {
    let has = |f| reading.flags.contains(&f);
    if has(ReadingFlag::DeviceClockOff) {
        Some(DEVICE_CLOCK_NOTE)
    } else if has(ReadingFlag::TimeAhead) {
        Some(TIME_AHEAD_NOTE)
    } else if has(ReadingFlag::TimeUncertain) {
        Some(TIME_UNCERTAIN_NOTE)
    } else if has(ReadingFlag::TimeCorrected) {
        Some(TIME_CORRECTED_NOTE)
    } else {
        None
    }
}

/// A mean (or, for cumulative kinds, a daily total) as a person reads it.
pub fn mean_text(kind: ReadingKind, mean: Option<f64>, mean_secondary: Option<f64>) -> String {
    let Some(m) = mean else {
        return "no readings".into();
    };
    match (kind, mean_secondary) {
        (ReadingKind::BloodPressure, Some(d)) => format!("{}/{} mmHg", number(m, 0), number(d, 0)),
        (ReadingKind::BloodPressure, None) => format!("{} mmHg systolic", number(m, 0)),
        (ReadingKind::BloodGlucose, _) => format!("{} mmol/L", number(m, 1)),
        (ReadingKind::HeartRate, _) => format!("{} beats/min", number(m, 0)),
        (ReadingKind::Weight, _) => format!("{} kg", number(m, 1)),
        (ReadingKind::Steps, _) => format!("{} steps", number(m, 0)),
        (ReadingKind::Sleep, _) => hours_minutes(m.round().max(0.0) as u32),
        (ReadingKind::PhysicalActivity, _) => format!("{} min", number(m, 0)),
        (ReadingKind::Diet, _) => format!("{} kcal", number(m, 0)),
        (ReadingKind::Mood | ReadingKind::Stress, _) => format!("{}/10", number(m, 1)),
        (ReadingKind::Alcohol, _) => format!("{} units", number(m, 1)),
        (ReadingKind::MenstrualCycle, _) => format!("flow level {} of 4", number(m, 1)),
        (ReadingKind::SideEffect, _) => format!("severity {}/10", number(m, 1)),
    }
}

/// How long a span is, in words: "5 years 2 days", "3 hours", "40 minutes" (how far a
/// device clock is off). The sign is ignored.
pub fn span_text(ms: i64) -> String {
    let minutes = ms.unsigned_abs() / 60_000;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let (years, days) = (days / 365, days % 365);
    let part = |n: u64, one: &str| match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {one}s")),
    };
    let parts: Vec<String> = if years > 0 {
        [part(years, "year"), part(days, "day")]
            .into_iter()
            .flatten()
            .collect()
    } else if days > 0 {
        [part(days, "day"), part(hours, "hour")]
            .into_iter()
            .flatten()
            .collect()
    } else {
        [part(hours, "hour"), part(mins, "minute")]
            .into_iter()
            .flatten()
            .collect()
    };
    if parts.is_empty() {
        "less than a minute".into()
    } else {
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_drop_needless_zeros() {
        assert_eq!(number(7.0, 1), "7");
        assert_eq!(number(5.43, 1), "5.4");
        assert_eq!(number(140.0, 0), "140");
    }

    #[test]
    fn blood_pressure_and_lo_read_as_people_write_them() {
        let bp = ReadingValue::BloodPressure {
            systolic_mmhg: 135.0,
            diastolic_mmhg: 85.0,
            mean_arterial_mmhg: None,
            pulse_per_min: Some(72.0),
        };
        assert_eq!(value_text(&bp, &[]), "135/85 mmHg, pulse 72");
        let lo = ReadingValue::BloodGlucose { mmol_per_l: None };
        assert_eq!(value_text(&lo, &[ReadingFlag::BelowDeviceRange]), LO_TEXT);
        assert_eq!(value_text(&lo, &[ReadingFlag::AboveDeviceRange]), HI_TEXT);
    }

    #[test]
    fn a_reading_with_a_wrong_clock_says_so() {
        let at = chrono::DateTime::parse_from_rfc3339("2031-01-01T08:00:00+00:00").expect("t");
        let mut r = NewReading::manual(
            ReadingValue::BloodGlucose {
                mmol_per_l: Some(2.2),
            },
            at,
        );
        assert_eq!(time_note(&r), None);
        r.flags.push(ReadingFlag::DeviceClockOff);
        assert!(time_note(&r).expect("note").contains("clock may be wrong"));
    }
}
