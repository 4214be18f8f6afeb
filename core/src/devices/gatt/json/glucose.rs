//! JSON of the glucose characteristics: measurement, context and RACP.

use serde_json::{Map, Value, json};

use super::{derived, object, opt_sfloat, rescaled, with};
use crate::devices::gatt::date_time::iso;
use crate::devices::gatt::glucose_context::{GlucoseContext, MedicationUnit};
use crate::devices::gatt::glucose_measurement::{
    ConcentrationUnit, GlucoseMeasurement, OutOfRange,
};
use crate::devices::gatt::racp::{
    RacpMessage, RacpOperator, RacpRequest, RacpResponse, RecordSelection,
};

pub(super) fn glucose_measurement(m: &GlucoseMeasurement) -> Value {
    let [concentration, unit, mg, mmol, sample_type, location] = match m.concentration {
        Some(c) => {
            let (mg, mmol) = match c.unit {
                ConcentrationUnit::KgPerL => {
                    (rescaled(c.value, 5), derived(c.value, m.mmol_per_l(), 2))
                }
                ConcentrationUnit::MolPerL => {
                    (derived(c.value, m.mg_per_dl(), 1), rescaled(c.value, 3))
                }
            };
            [
                c.value.to_json(),
                Value::from(c.unit.label()),
                mg,
                mmol,
                c.sample_type.to_json(),
                c.sample_location.to_json(),
            ]
        }
        None => std::array::from_fn(|_| Value::Null),
    };
    with(
        object("glucose_measurement"),
        json!({
            "sequence_number": m.sequence_number,
            "base_time": m.base_time.to_json(),
            "time_offset_minutes": m.time_offset_minutes,
            "user_facing_time": m.user_facing_time().map(|t| iso(&t)),
            "concentration": concentration,
            "unit": unit,
            "concentration_mg_per_dl": mg,
            "concentration_mmol_per_l": mmol,
            "type": sample_type,
            "sample_location": location,
            "sensor_status": m.sensor_status.unwrap_or_default().to_json(),
            "context_follows": m.context_follows,
            "control_solution": m.is_control_solution(),
            "out_of_range": m.out_of_range().map(|r| match r {
                OutOfRange::Below => "below",
                OutOfRange::Above => "above",
            }),
        }),
    )
}

pub(super) fn glucose_context(c: &GlucoseContext) -> Value {
    let carbohydrate = c.carbohydrate.map_or(Value::Null, |x| {
        json!({ "id": x.id.to_json(), "kilograms": x.kilograms.to_json(), "grams": rescaled(x.kilograms, 3) })
    });
    let medication = c.medication.map_or(Value::Null, |m| {
        let (unit, scaled_key, pow10) = match m.unit {
            MedicationUnit::Kilograms => ("kg", "milligrams", 6),
            MedicationUnit::Litres => ("L", "millilitres", 3),
        };
        let mut o = Map::new();
        o.insert("id".into(), m.id.to_json());
        o.insert("amount".into(), m.amount.to_json());
        o.insert("unit".into(), Value::from(unit));
        o.insert(scaled_key.into(), rescaled(m.amount, pow10));
        Value::Object(o)
    });
    let exercise = c.exercise.map_or(Value::Null, |e| {
        json!({
            "duration_seconds": e.duration_seconds,
            "duration_overrun": e.is_overrun(),
            "intensity_percent": e.intensity_percent,
        })
    });
    with(
        object("glucose_measurement_context"),
        json!({
            "sequence_number": c.sequence_number,
            "extended_flags": c.extended_flags,
            "carbohydrate": carbohydrate,
            "meal": c.meal.map_or(Value::Null, |m| m.to_json()),
            "tester": c.tester_health.map_or(Value::Null, |t| t.tester.to_json()),
            "health": c.tester_health.map_or(Value::Null, |t| t.health.to_json()),
            "exercise": exercise,
            "medication": medication,
            "hba1c_percent": opt_sfloat(c.hba1c_percent),
        }),
    )
}

pub(super) fn racp(m: &RacpMessage) -> Value {
    let o = object("record_access_control_point");
    match m {
        RacpMessage::Request(r) => {
            let selection = match r {
                RacpRequest::ReportStoredRecords(s)
                | RacpRequest::DeleteStoredRecords(s)
                | RacpRequest::ReportNumberOfStoredRecords(s) => Some(*s),
                RacpRequest::Abort => None,
            };
            let filter = match selection {
                Some(
                    RecordSelection::LessThanOrEqual(n) | RecordSelection::GreaterThanOrEqual(n),
                ) => {
                    json!({ "type": "sequence_number", "value": n })
                }
                Some(RecordSelection::WithinRange { min, max }) => {
                    json!({ "type": "sequence_number", "min": min, "max": max })
                }
                _ => Value::Null,
            };
            let operator = selection.map_or(RacpOperator::Null, RecordSelection::operator);
            with(
                o,
                json!({
                    "message": "request",
                    "op_code": r.op_code().to_json(),
                    "operator": operator.to_json(),
                    "filter": filter,
                }),
            )
        }
        RacpMessage::Response(RacpResponse::NumberOfStoredRecords(n)) => with(
            o,
            json!({ "message": "number_of_stored_records", "op_code": "number_of_stored_records_response", "count": n }),
        ),
        RacpMessage::Response(RacpResponse::ResponseCode {
            request_op_code,
            response,
        }) => with(
            o,
            json!({
                "message": "response_code",
                "op_code": "response_code",
                "request_op_code": request_op_code.to_json(),
                "response_code": response.to_json(),
            }),
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::devices::gatt::decode_to_json;
    use serde_json::{Value, json};

    #[test]
    fn glucose_json_for_ble_md_example() {
        let v = decode_to_json("2a18", "03 01 00 EA 07 0B 18 08 1E 00 3C 00 61 B0 11")
            .expect("test value");
        assert_eq!(v["sequence_number"], 1);
        assert_eq!(v["base_time"], "2026-11-24T08:30:00");
        assert_eq!(v["time_offset_minutes"], 60);
        assert_eq!(v["user_facing_time"], "2026-11-24T09:30:00");
        assert_eq!(v["concentration"], 0.00097);
        assert_eq!(v["unit"], "kg/L");
        assert_eq!(v["concentration_mg_per_dl"], 97);
        assert_eq!(v["concentration_mmol_per_l"], 5.38);
        assert_eq!(v["type"], "capillary_whole_blood");
        assert_eq!(v["sample_location"], "finger");
        assert_eq!(v["sensor_status"], json!([]));
        assert_eq!(v["context_follows"], false);
        assert_eq!(v["out_of_range"], Value::Null);
    }

    #[test]
    fn lo_glucose_shows_minus_inf_strings() {
        // flags: concentration + status; -INF; status bit 6.
        let v = decode_to_json("0x2A18", "0A 02 00 EA 07 01 01 00 00 00 02 08 F1 40 00")
            .expect("test value");
        assert_eq!(v["concentration"], "-INF");
        assert_eq!(v["concentration_mmol_per_l"], "-INF");
        assert_eq!(v["sensor_status"], json!(["result_too_low"]));
        assert_eq!(v["out_of_range"], "below");
        assert_eq!(v["type"], "capillary_whole_blood");
        assert_eq!(v["sample_location"], "not_available");
    }

    #[test]
    fn racp_responses_and_context_ids() {
        let v = decode_to_json("2a52", "06 00 01 06").expect("test value");
        assert_eq!(
            (v["request_op_code"].as_str(), v["response_code"].as_str()),
            (Some("report_stored_records"), Some("no_records_found"))
        );
        assert_eq!(
            decode_to_json("2a52", "05 00 03 00").expect("test value")["count"],
            3
        );
        let v = decode_to_json("2a34", "13 09 00 09 32 00 06 2A 05 00").expect("test value");
        assert_eq!(v["meal"], 6);
        assert_eq!(v["carbohydrate"]["id"], 9);
        assert_eq!(v["medication"]["id"], 42);
        assert_eq!(v["medication"]["milligrams"], 5_000_000);
    }
}
