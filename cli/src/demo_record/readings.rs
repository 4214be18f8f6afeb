//! Six weeks of the demo person's readings, made up but shaped like real ones: glucose four
//! times a day with one low, blood pressure twice a day rising over the last fortnight,
//! and daily weight, steps, sleep and mood. The numbers vary by a fixed pseudo-random
//! pattern, so every demo record is alike.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use phr_core::model::{NewReading, ReadingFlag, ReadingValue, Visibility};

/// How many days of readings, ending yesterday.
pub const DAYS: i64 = 42;

/// A number in [-1, 1] from `seed` (SplitMix64's finaliser: well spread, no state).
fn wobble(seed: u64) -> f64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z % 2001) as f64 / 1000.0 - 1.0
}

fn round(v: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (v * f).round() / f
}

fn at(day: NaiveDate, hh: u32, mm: u32, offset: FixedOffset) -> DateTime<FixedOffset> {
    let naive = day.and_hms_opt(hh, mm, 0).unwrap_or_default();
    offset
        .from_local_datetime(&naive)
        .single()
        .unwrap_or_else(|| offset.from_utc_datetime(&naive))
}

fn reading(
    value: ReadingValue,
    taken_at: DateTime<FixedOffset>,
    flags: Vec<ReadingFlag>,
    visibility: Visibility,
) -> NewReading {
    let mut r = NewReading::manual(value, taken_at);
    r.flags = flags;
    r.visibility = visibility;
    r
}

/// The day (counted back from today) of the low glucose reading: yesterday, so that
/// it is recent enough to alert (the rules do not alert on readings over 48 hours old).
pub const LOW_DAY: i64 = 1;
/// The low: below 4.0 mmol/L, the hypoglycaemia threshold ("4 is the floor", NICE NG28
/// patient information and Diabetes UK).
pub const LOW_MMOL_PER_L: f64 = 3.6;

fn glucose(day: NaiveDate, back: i64, offset: FixedOffset) -> Vec<NewReading> {
    use ReadingFlag::{AfterMeal, BeforeMeal, Fasting};
    // (time, typical mmol/L, spread, flag): fasting, after lunch, before tea, bedtime.
    let slots = [
        ((7, 30), 6.4, 0.6, Some(Fasting)),
        ((13, 30), 8.2, 1.0, Some(AfterMeal)),
        ((17, 45), 6.8, 0.8, Some(BeforeMeal)),
        ((22, 0), 7.4, 0.8, None),
    ];
    slots
        .iter()
        .enumerate()
        .map(|(i, ((hh, mm), typical, spread, flag))| {
            let seed = (back as u64) * 16 + i as u64;
            let mut mmol = round(typical + spread * wobble(seed), 1);
            let mut note = None;
            if back == LOW_DAY && i == 1 {
                mmol = LOW_MMOL_PER_L;
                note = Some(
                    "Felt shaky after gardening; had glucose tablets and a sandwich".to_string(),
                );
            }
            let mut r = reading(
                ReadingValue::BloodGlucose {
                    mmol_per_l: Some(mmol),
                },
                at(day, *hh, *mm, offset),
                flag.iter().copied().collect(),
                Visibility::Shared,
            );
            r.note = note;
            r
        })
        .collect()
}

/// Blood pressure: about 131/81 until two weeks ago, then about 143/90, so the home
/// average of the last 7 days is above 135/85 (NICE NG136 1.2.3: the home threshold for
/// stage 1 hypertension).
fn blood_pressure(day: NaiveDate, back: i64, offset: FixedOffset) -> Vec<NewReading> {
    let (sys, dia) = if back <= 14 {
        (143.0, 90.0)
    } else {
        (131.0, 81.0)
    };
    [(7, 45), (20, 15)]
        .iter()
        .enumerate()
        .map(|(i, (hh, mm))| {
            let seed = 1_000 + (back as u64) * 16 + i as u64;
            reading(
                ReadingValue::BloodPressure {
                    systolic_mmhg: round(sys + 5.0 * wobble(seed), 0),
                    diastolic_mmhg: round(dia + 3.0 * wobble(seed + 7), 0),
                    mean_arterial_mmhg: None,
                    pulse_per_min: Some(round(72.0 + 6.0 * wobble(seed + 3), 0)),
                },
                at(day, *hh, *mm, offset),
                Vec::new(),
                Visibility::Shared,
            )
        })
        .collect()
}

fn daily(day: NaiveDate, back: i64, offset: FixedOffset) -> Vec<NewReading> {
    let seed = 5_000 + (back as u64) * 16;
    let steps = (6_500.0 + 2_500.0 * wobble(seed + 1)).round().max(0.0) as u32;
    let sleep = (410.0 + 40.0 * wobble(seed + 2)).round().max(0.0) as u32;
    let quality = (6.0 + 2.0 * wobble(seed + 3)).round().clamp(0.0, 10.0) as u8;
    let mood = (6.0 + 2.0 * wobble(seed + 4)).round().clamp(0.0, 10.0) as u8;
    // Losing about 1 kg a month, as the weight goal hopes.
    let kg = round(
        89.2 - 0.035 * (DAYS - back) as f64 + 0.3 * wobble(seed + 5),
        1,
    );
    vec![
        reading(
            ReadingValue::Sleep {
                minutes: sleep,
                quality: Some(quality),
            },
            at(day, 7, 0, offset),
            Vec::new(),
            Visibility::Private,
        ),
        reading(
            ReadingValue::Weight { kg },
            at(day, 7, 15, offset),
            Vec::new(),
            Visibility::Shared,
        ),
        reading(
            ReadingValue::Mood { score: mood },
            at(day, 21, 0, offset),
            Vec::new(),
            Visibility::Private,
        ),
        reading(
            ReadingValue::Steps { count: steps },
            at(day, 23, 30, offset),
            Vec::new(),
            Visibility::Private,
        ),
    ]
}

/// Every demo reading, for the [`DAYS`] days before `today`.
pub fn readings(today: NaiveDate, offset: FixedOffset) -> Vec<NewReading> {
    let mut all = Vec::new();
    for back in (1..=DAYS).rev() {
        let day = today - Duration::days(back);
        all.extend(glucose(day, back, offset));
        all.extend(blood_pressure(day, back, offset));
        all.extend(daily(day, back, offset));
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use phr_core::model::ReadingKind;

    fn sample() -> Vec<NewReading> {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).expect("date");
        readings(today, FixedOffset::east_opt(0).expect("UTC"))
    }

    #[test]
    fn every_reading_is_valid_and_there_is_a_low() {
        let all = sample();
        for r in &all {
            r.validate().expect("valid");
        }
        let glucose: Vec<f64> = all
            .iter()
            .filter(|r| r.value.kind() == ReadingKind::BloodGlucose)
            .filter_map(|r| r.value.primary())
            .collect();
        assert_eq!(glucose.len() as i64, 4 * DAYS);
        assert!(glucose.iter().any(|g| *g < 4.0));
    }

    #[test]
    fn last_week_blood_pressure_averages_above_135_over_85() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).expect("date");
        let all = sample();
        let week: Vec<&NewReading> = all
            .iter()
            .filter(|r| r.value.kind() == ReadingKind::BloodPressure)
            .filter(|r| r.taken_at.date_naive() > today - Duration::days(8))
            .collect();
        assert_eq!(week.len(), 14);
        let mean = |f: fn(&ReadingValue) -> Option<f64>| {
            week.iter().filter_map(|r| f(&r.value)).sum::<f64>() / week.len() as f64
        };
        assert!(mean(ReadingValue::primary) > 135.0);
        assert!(mean(ReadingValue::secondary) > 85.0);
    }
}
