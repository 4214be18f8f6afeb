//! JSON of the other characteristics: blood pressure, cuff pressure, heart rate,
//! weight and current time.

use serde_json::{Value, json};

use super::{date_time_fields, derived, object, opt_sfloat, opt_time, with};
use crate::devices::gatt::blood_pressure::{
    BloodPressureMeasurement, BloodPressureStatus, IntermediateCuffPressure, PressureUnit,
};
use crate::devices::gatt::date_time::CurrentTime;
use crate::devices::gatt::heart_rate::{HeartRateMeasurement, SensorContact};
use crate::devices::gatt::sfloat::Sfloat;
use crate::devices::gatt::weight::{UnitSystem, WeightMeasurement};
use crate::model::units::round_to;

pub(super) fn current_time(t: &CurrentTime) -> Value {
    let mut o = object("current_time");
    o.insert("date_time".into(), t.date_time.to_json());
    o.extend(date_time_fields(&t.date_time));
    with(
        o,
        json!({
            "day_of_week": t.day_of_week.to_json(),
            "fractions256": t.fractions256,
            "milliseconds": t.milliseconds(),
            "adjust_reason": t.adjust_reason.to_json(),
        }),
    )
}

/// A pressure in mmHg for display: as sent when in mmHg, else converted (1 decimal).
fn mmhg(unit: PressureUnit, v: Sfloat) -> Value {
    match unit {
        PressureUnit::MmHg => v.to_json(),
        PressureUnit::KPa => derived(v, unit.to_mmhg(v), 1),
    }
}

fn status_json(s: Option<BloodPressureStatus>) -> (Value, Value) {
    (
        s.unwrap_or_default().to_json(),
        s.map_or(Value::Null, |s| s.pulse_rate_range().to_json()),
    )
}

pub(super) fn blood_pressure(m: &BloodPressureMeasurement) -> Value {
    let map = m.mean_arterial_pressure_measured();
    let (status, range) = status_json(m.measurement_status);
    with(
        object("blood_pressure_measurement"),
        json!({
            "systolic": m.systolic.to_json(),
            "diastolic": m.diastolic.to_json(),
            "mean_arterial_pressure": opt_sfloat(map),
            "unit": m.unit.label(),
            "systolic_mmhg": mmhg(m.unit, m.systolic),
            "diastolic_mmhg": mmhg(m.unit, m.diastolic),
            "mean_arterial_pressure_mmhg": map.map_or(Value::Null, |v| mmhg(m.unit, v)),
            "timestamp": opt_time(m.time_stamp),
            "pulse_rate": opt_sfloat(m.pulse_rate),
            "user_id": m.user_id,
            "measurement_status": status,
            "pulse_rate_range": range,
        }),
    )
}

pub(super) fn cuff_pressure(c: &IntermediateCuffPressure) -> Value {
    let (status, range) = status_json(c.measurement_status);
    with(
        object("intermediate_cuff_pressure"),
        json!({
            "cuff_pressure": c.cuff_pressure.to_json(),
            "unit": c.unit.label(),
            "cuff_pressure_mmhg": mmhg(c.unit, c.cuff_pressure),
            "timestamp": opt_time(c.time_stamp),
            "pulse_rate": opt_sfloat(c.pulse_rate),
            "user_id": c.user_id,
            "measurement_status": status,
            "pulse_rate_range": range,
        }),
    )
}

pub(super) fn heart_rate(m: &HeartRateMeasurement) -> Value {
    with(
        object("heart_rate_measurement"),
        json!({
            "heart_rate_bpm": m.heart_rate_bpm,
            "sensor_contact": match m.sensor_contact {
                SensorContact::NotSupported => "not_supported",
                SensorContact::NotDetected => "not_detected",
                SensorContact::Detected => "detected",
            },
            "energy_expended_kj": m.energy_expended_kj,
            "rr_intervals_1024ths": m.rr_intervals_1024ths,
            "rr_intervals_s": m.rr_intervals_seconds(),
        }),
    )
}

pub(super) fn weight(w: &WeightMeasurement) -> Value {
    let (system, weight_unit, height_unit) = match w.unit_system {
        UnitSystem::Si => ("si", "kg", "m"),
        UnitSystem::Imperial => ("imperial", "lb", "in"),
    };
    with(
        object("weight_measurement"),
        json!({
            "unit_system": system,
            "weight": w.weight(),
            "weight_unit": weight_unit,
            "weight_kg": w.weight_kg().map(|v| round_to(v, 3)),
            "measurement_unsuccessful": w.is_unsuccessful(),
            "timestamp": opt_time(w.time_stamp),
            "user_id": w.user_id,
            "bmi": w.bmi(),
            "height": w.height(),
            "height_unit": height_unit,
            "height_m": w.height_m().map(|v| round_to(v, 4)),
        }),
    )
}

#[cfg(test)]
mod tests {
    use crate::devices::gatt::decode_to_json;
    use serde_json::{Value, json};

    #[test]
    fn bp_json_for_ble_md_example() {
        let v = decode_to_json(
            "2a35",
            "1E 78 00 50 00 5D 00 EA 07 0B 18 07 00 00 48 00 01 04 00",
        )
        .expect("test value");
        assert_eq!(v["systolic"], 120);
        assert_eq!(v["diastolic"], 80);
        assert_eq!(v["mean_arterial_pressure"], 93);
        assert_eq!(v["unit"], "mmHg");
        assert_eq!(v["systolic_mmhg"], 120);
        assert_eq!(v["diastolic_mmhg"], 80);
        assert_eq!(v["timestamp"], "2026-11-24T07:00:00");
        assert_eq!(v["pulse_rate"], 72);
        assert_eq!(v["user_id"], 1);
        assert_eq!(v["measurement_status"], json!(["irregular_pulse"]));
    }

    #[test]
    fn kpa_cuff_converts_and_map_zero_is_not_measured() {
        // Nordic's "some" vector with MAP replaced by 0.
        let v = decode_to_json("2A35", "15 BD F0 0B 00 00 00 3C 00 12 00").expect("test value");
        assert_eq!(v["unit"], "kPa");
        assert_eq!(v["systolic"], 18.9);
        assert_eq!(v["systolic_mmhg"], 141.8);
        assert_eq!(v["diastolic_mmhg"], 82.5);
        assert_eq!(v["mean_arterial_pressure"], Value::Null);
        assert_eq!(v["timestamp"], Value::Null);
        assert_eq!(v["pulse_rate_range"], "below_lower_limit");
    }
}
