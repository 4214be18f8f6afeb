//! A cuff measurement as a reading. Cuffs have no sequence numbers, so a stable one is
//! synthesised from what identifies a measurement, its time: the seconds from
//! 2000-01-01T00:00:00 to the cuff's wall-clock time stamp (below 2^31 until 2068).
//! A re-sync that resends a measurement gives the same number, and the store's
//! uniqueness (device, epoch, sequence) keeps one copy: deduplication on (device, time).
//! A measurement without a time stamp (clock not set) gets 2^31 + a hash of its bytes
//! instead, so it too is stored once.

use chrono::NaiveDate;

use super::SyncOptions;
use super::glucose_reading::device_time_placed;
use crate::devices::gatt::{BloodPressureMeasurement, BloodPressureStatus};
use crate::devices::session::CuffRecord;
use crate::model::{DeviceIdentity, NewReading, ReadingFlag, ReadingSource, ReadingValue};

/// Plausible pulse, /min: the record model's own limits (`ReadingValue::validate`).
const PULSE_RANGE: std::ops::RangeInclusive<f64> = crate::model::reading::plausible::PULSE_PER_MIN.0
    ..=crate::model::reading::plausible::PULSE_PER_MIN.1;
/// Top bit: a sequence number made from a hash, not a time.
const HASHED: u32 = 1 << 31;

/// The stable sequence number of a cuff measurement (see the module doc).
pub fn synthesized_sequence(m: &BloodPressureMeasurement) -> u32 {
    let epoch = NaiveDate::from_ymd_opt(2000, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
    let seconds = m
        .time_stamp
        .and_then(|t| t.to_naive())
        .zip(epoch)
        .and_then(|(t, e)| u32::try_from((t - e).num_seconds()).ok())
        .filter(|s| *s < HASHED);
    seconds.unwrap_or_else(|| HASHED | (fnv1a(&m.encode()) & !HASHED))
}

/// FNV-1a, 32 bits: a small stable hash (the same bytes give the same number in every
/// version, which `std`'s hasher does not promise).
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811C_9DC5u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

/// The reading for a measurement, plus a note of what was dropped from it (an
/// implausible pulse); or why it is skipped entirely.
pub(crate) fn cuff_reading(
    r: &CuffRecord,
    device: &DeviceIdentity,
    options: &SyncOptions,
) -> Result<(NewReading, Option<String>), String> {
    let m = &r.measurement;
    let (Some(systolic), Some(diastolic)) =
        (m.unit.to_mmhg(m.systolic), m.unit.to_mmhg(m.diastolic))
    else {
        return Err("the cuff sent no valid pressures (an error reading)".into());
    };
    // MAP 0 means "not measured" (BLE.md): no value rather than a false 0.
    let mean = m
        .mean_arterial_pressure_measured()
        .and_then(|v| m.unit.to_mmhg(v));
    let mut dropped = None;
    let pulse = match m.pulse_rate.map(|p| (p, p.finite())) {
        Some((_, Some(p))) if PULSE_RANGE.contains(&p) => Some(p),
        Some((_, Some(p))) => {
            dropped = Some(format!(
                "pulse {p} /min is implausible: kept the pressures only"
            ));
            None
        }
        _ => None,
    };
    let time = m.time_stamp.and_then(|t| t.to_naive());
    let (taken_at, time_known) = device_time_placed(time, r.received_at, options);
    let mut flags = Vec::new();
    if !time_known {
        flags.push(ReadingFlag::TimeUncertain);
    }
    let status = m.measurement_status.unwrap_or_default();
    for (bit, flag) in [
        (
            BloodPressureStatus::IRREGULAR_PULSE,
            ReadingFlag::IrregularPulse,
        ),
        (
            BloodPressureStatus::BODY_MOVEMENT,
            ReadingFlag::BodyMovement,
        ),
        (BloodPressureStatus::CUFF_TOO_LOOSE, ReadingFlag::CuffLoose),
    ] {
        if status.contains(bit) {
            flags.push(flag);
        }
    }
    let note = m
        .user_id
        .filter(|u| *u != crate::devices::gatt::blood_pressure::USER_ID_UNKNOWN)
        .map(|u| format!("cuff user {u}"));
    let reading = NewReading {
        value: ReadingValue::BloodPressure {
            systolic_mmhg: systolic,
            diastolic_mmhg: diastolic,
            mean_arterial_mmhg: mean.filter(|v| {
                let (lo, hi) = crate::model::reading::plausible::MEAN_ARTERIAL_MMHG;
                (lo..=hi).contains(v)
            }),
            pulse_per_min: pulse,
        },
        taken_at,
        ended_at: None,
        source: ReadingSource::Device,
        device: Some(device.clone()),
        sequence_number: Some(synthesized_sequence(m)),
        device_epoch: 0,
        client_record_id: None,
        client_record_version: None,
        received_at: Some(r.received_at),
        flags,
        context: Default::default(),
        note,
        visibility: options.visibility,
    };
    reading
        .validate()
        .map_err(|e| format!("not a plausible reading: {} {}", e.field, e.reason))?;
    Ok((reading, dropped))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devices::gatt::{DateTime, PressureUnit, Sfloat};

    fn bp(year: u16) -> BloodPressureMeasurement {
        BloodPressureMeasurement {
            unit: PressureUnit::MmHg,
            systolic: Sfloat::from_f64(120.0).expect("sfloat"),
            diastolic: Sfloat::from_f64(80.0).expect("sfloat"),
            mean_arterial_pressure: Sfloat::from_f64(93.0).expect("sfloat"),
            time_stamp: Some(DateTime {
                year,
                month: 1,
                day: 1,
                hours: 0,
                minutes: 1,
                seconds: 0,
            }),
            pulse_rate: None,
            user_id: None,
            measurement_status: None,
        }
    }

    #[test]
    fn sequence_is_seconds_since_2000_or_a_marked_hash() {
        assert_eq!(synthesized_sequence(&bp(2000)), 60);
        let unset = bp(0);
        let s = synthesized_sequence(&unset);
        assert!(s >= HASHED);
        assert_eq!(s, synthesized_sequence(&unset), "stable");
    }
}
