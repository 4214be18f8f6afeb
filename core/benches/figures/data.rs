//! The readings every figure is measured on: a continuous glucose monitor's, one every
//! five minutes (288 a day), from one sensor with sequence numbers, so that 1,000,000
//! readings are about 9.5 years of a person's record. Values follow a daily curve with
//! deterministic noise and reach below 4.0 and above 15.0 mmol/L now and then, so the
//! shipped glucose rules have episodes to find.

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use phr_core::model::{DeviceIdentity, NewReading, ReadingSource, ReadingValue};

/// One reading every five minutes.
pub const STEP_MINUTES: i64 = 5;
/// Readings per batch, as a meter or a sensor sync hands them over.
pub const BATCH: usize = 500;

/// When the last reading of every data set is taken: the end of the record.
pub fn end() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0)
        .single()
        .unwrap_or(DateTime::UNIX_EPOCH)
}

/// Deterministic noise in [0, 1) for reading `i` (splitmix64), so every run and every
/// part of a data set stores the same values.
fn noise(i: i64, salt: u64) -> f64 {
    let mut z = (i as u64)
        .wrapping_mul(4)
        .wrapping_add(salt)
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// The glucose value of reading `i`, mmol/L, one decimal.
fn glucose(i: i64) -> f64 {
    let day = (i % 288) as f64 / 288.0 * std::f64::consts::TAU;
    let mut v = 7.5 + 3.0 * day.sin() + 2.0 * (noise(i, 0) - 0.5);
    // About one excursion a day: a low or a high for an hour.
    if (i / 12) % 24 == 3 && (i / 288) % 2 == 0 {
        v = 3.4 - noise(i, 1);
    } else if (i / 12) % 24 == 17 && (i / 288) % 3 == 0 {
        v = 16.0 + 2.0 * noise(i, 2);
    }
    (v.clamp(2.2, 27.0) * 10.0).round() / 10.0
}

/// `n` readings ending at [`end`], oldest first.
pub fn cgm(n: usize) -> Vec<NewReading> {
    cgm_part(n, 0..n)
}

/// Readings `range` of the `n` that end at [`end`] (the same values as [`cgm`] gives
/// them), so a long sync can be made batch by batch without holding all of it.
pub fn cgm_part(n: usize, range: std::ops::Range<usize>) -> Vec<NewReading> {
    let utc = FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!());
    let first = end() - Duration::minutes(STEP_MINUTES * (n as i64 - 1));
    let device = DeviceIdentity {
        id: "CGM-0001".into(),
        manufacturer: Some("Bench".into()),
        model: Some("Sensor".into()),
    };
    range
        .map(|i| {
            let i = i as i64;
            let at = first + Duration::minutes(STEP_MINUTES * i);
            let mut r = NewReading::manual(
                ReadingValue::BloodGlucose {
                    mmol_per_l: Some(glucose(i)),
                },
                at.with_timezone(&utc),
            );
            r.source = ReadingSource::Device;
            r.device = Some(device.clone());
            r.sequence_number = Some(i as u32);
            r
        })
        .collect()
}

/// The time a batch arrives: just after its newest reading, so every batch is live for
/// the rules (a sensor syncing as it goes), as the moving clock of a real phone.
pub fn arrival(batch: &[NewReading]) -> DateTime<Utc> {
    batch
        .iter()
        .map(|r| r.taken_at.to_utc())
        .max()
        .unwrap_or_else(end)
        + Duration::minutes(1)
}
