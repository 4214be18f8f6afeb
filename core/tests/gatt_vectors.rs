//! `decode_to_json` on the worked examples of the project's BLE notes
//! (`../shared/docs/BLE.md`, beside the repository) and on truncated input: the JSON the `phr decode` command prints, checked through the public API only.

use phr_core::devices::gatt::{DecodeError, decode_to_json};
use serde_json::{Value, json};

fn decode(characteristic: &str, hex: &str) -> Value {
    match decode_to_json(characteristic, hex) {
        Ok(v) => v,
        Err(e) => panic!("{characteristic} {hex}: {e}"),
    }
}

fn error(characteristic: &str, hex: &str) -> DecodeError {
    match decode_to_json(characteristic, hex) {
        Ok(v) => panic!("{characteristic} {hex} decoded to {v}"),
        Err(e) => e,
    }
}

#[test]
fn ble_md_glucose_worked_example() {
    let v = decode("2a18", "03 01 00 EA 07 0B 18 08 1E 00 3C 00 61 B0 11");
    assert_eq!(v["characteristic"], "glucose_measurement");
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
    assert_eq!(v["control_solution"], false);
}

#[test]
fn ble_md_blood_pressure_worked_example() {
    let v = decode(
        "0x2A35",
        "1E 78 00 50 00 5D 00 EA 07 0B 18 07 00 00 48 00 01 04 00",
    );
    assert_eq!(v["characteristic"], "blood_pressure_measurement");
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
fn hex_and_uuid_spellings_are_equivalent() {
    let reference = decode("2a18", "03 01 00 EA 07 0B 18 08 1E 00 3C 00 61 B0 11");
    for (c, hex) in [
        ("2A18", "030100ea070b18081e003c0061b011"),
        ("0x2a18", "0x030100EA070B18081E003C0061B011"),
        (
            "00002a18-0000-1000-8000-00805f9b34fb",
            "03 01 00 ea 07 0b 18 08 1e 00 3c 00 61 b0 11",
        ),
        (
            "glucose_measurement",
            "  03 01 00 EA 07 0B 18 08 1E 00 3C 00 61 B0 11\n",
        ),
    ] {
        assert_eq!(decode(c, hex), reference, "{c} {hex}");
    }
}

#[test]
fn ble_md_racp_examples() {
    let all = decode("2a52", "01 01");
    assert_eq!(
        (
            all["message"].as_str(),
            all["op_code"].as_str(),
            all["operator"].as_str()
        ),
        (
            Some("request"),
            Some("report_stored_records"),
            Some("all_records")
        )
    );
    let ge5 = decode("2a52", "01 03 01 05 00");
    assert_eq!(ge5["operator"], "greater_than_or_equal");
    assert_eq!(
        ge5["filter"],
        json!({ "type": "sequence_number", "value": 5 })
    );
    let count = decode("2a52", "04 01");
    assert_eq!(count["op_code"], "report_number_of_stored_records");
    let success = decode("2a52", "06 00 01 01");
    assert_eq!(success["request_op_code"], "report_stored_records");
    assert_eq!(success["response_code"], "success");
    assert_eq!(
        decode("2a52", "06 00 01 06")["response_code"],
        "no_records_found"
    );
    assert_eq!(decode("2a52", "05 00 03 00")["count"], 3);
}

#[test]
fn ble_md_special_sfloat_values_are_strings() {
    // Glucose with concentration + status: each special value in turn.
    for (raw, label) in [
        ("FF 07", "NaN"),
        ("00 08", "NRes"),
        ("FE 07", "+INF"),
        ("02 08", "-INF"),
        ("01 08", "reserved"),
    ] {
        let v = decode(
            "2a18",
            &format!("0A 01 00 EA 07 0B 18 08 1E 00 {raw} 11 00 00"),
        );
        assert_eq!(v["concentration"], label);
        assert_eq!(v["concentration_mmol_per_l"], label);
    }
}

#[test]
fn ble_md_lo_reading_is_below_range_never_zero() {
    let v = decode("2a18", "0A 01 00 EA 07 0B 18 08 1E 00 02 08 F1 40 00");
    assert_eq!(v["concentration"], "-INF");
    assert_eq!(v["sensor_status"], json!(["result_too_low"]));
    assert_eq!(v["out_of_range"], "below");
}

#[test]
fn ble_md_negative_time_offset_and_unset_year() {
    // Offset -420 minutes (0xFE5C).
    let v = decode("2a18", "01 02 00 EA 07 0B 18 08 1E 00 5C FE");
    assert_eq!(v["time_offset_minutes"], -420);
    assert_eq!(v["user_facing_time"], "2026-11-24T01:30:00");
    // Year 0: base time not set.
    let v = decode("2a18", "01 02 00 00 00 0B 18 08 1E 00 5C FE");
    assert_eq!(v["base_time"], Value::Null);
    assert_eq!(v["user_facing_time"], Value::Null);
}

#[test]
fn ble_md_control_solution_and_nibble_order() {
    let v = decode("2a18", "02 03 00 EA 07 0B 18 08 1E 00 61 B0 4A");
    assert_eq!(v["type"], "control_solution");
    assert_eq!(v["sample_location"], "control_solution");
    assert_eq!(v["control_solution"], true);
    let v = decode("2a18", "02 03 00 EA 07 0B 18 08 1E 00 61 B0 F8");
    assert_eq!(v["type"], "undetermined_plasma");
    assert_eq!(v["sample_location"], "not_available");
}

#[test]
fn ble_md_unknown_meal_is_kept_raw() {
    let v = decode("2a34", "02 04 00 06");
    assert_eq!(v["characteristic"], "glucose_measurement_context");
    assert_eq!(v["sequence_number"], 4);
    assert_eq!(v["meal"], 6);
    assert_eq!(decode("2a34", "02 04 00 05")["meal"], "bedtime");
}

#[test]
fn ble_md_cuff_quirks_map_zero_reserved_flags_trailing_bytes() {
    let v = decode("2a35", "E0 78 00 50 00 00 00 AA BB");
    assert_eq!(v["systolic"], 120);
    assert_eq!(v["mean_arterial_pressure"], Value::Null);
    assert_eq!(v["timestamp"], Value::Null);
}

#[test]
fn truncated_glucose_names_base_time_at_offset_3() {
    let e = error("2a18", "03 01 00 EA 07 0B 18");
    assert_eq!(
        e,
        DecodeError::Truncated {
            characteristic: "glucose measurement",
            field: "base_time",
            offset: 3,
            needed: 7,
            available: 4,
        }
    );
    assert_eq!(
        e.to_string(),
        "glucose measurement truncated: field \"base_time\" at byte offset 3 needs 7 bytes, 4 available"
    );
}

#[test]
fn truncated_inputs_name_field_and_offset() {
    let cases = [
        ("2a18", "", "flags", 0),
        (
            "2a18",
            "03 01 00 EA 07 0B 18 08 1E 00 3C",
            "time_offset",
            10,
        ),
        (
            "2a18",
            "03 01 00 EA 07 0B 18 08 1E 00 3C 00 61 B0",
            "type_sample_location",
            14,
        ),
        (
            "2a35",
            "1E 78 00 50 00 5D 00 EA 07 0B 18 07 00 00 48 00 01 04",
            "measurement_status",
            17,
        ),
        ("2a35", "1E 78 00 50 00 5D", "mean_arterial_pressure", 5),
        ("2a34", "FF 01 00", "extended_flags", 3),
        ("2a52", "01 03 01 05", "operand", 3),
        ("2a52", "06 00 01", "response_code", 3),
        ("2a37", "10 48 01", "rr_interval", 2),
        ("2a9d", "02 A4 38 EA 07", "time_stamp", 3),
        ("2a2b", "E7 07 01 02 14 16 07 01 FF", "adjust_reason", 9),
    ];
    for (c, hex, field, offset) in cases {
        let e = error(c, hex);
        assert!(matches!(e, DecodeError::Truncated { .. }), "{c} {hex}: {e}");
        assert_eq!(
            (e.field(), e.offset()),
            (Some(field), Some(offset)),
            "{c} {hex}: {e}"
        );
        assert!(
            e.to_string()
                .contains(&format!("field \"{field}\" at byte offset {offset}")),
            "{e}"
        );
    }
}

#[test]
fn bad_characteristic_and_bad_hex_are_errors() {
    assert!(matches!(
        error("2a99", "00"),
        DecodeError::UnknownCharacteristic { .. }
    ));
    assert!(matches!(
        error("glucose", "00"),
        DecodeError::UnknownCharacteristic { .. }
    ));
    assert!(matches!(
        error("2a18", "03 0"),
        DecodeError::InvalidHex { .. }
    ));
    assert!(matches!(
        error("2a18", "zz"),
        DecodeError::InvalidHex { position: 0, .. }
    ));
}
