//! The JSON shown by `phr decode CHARACTERISTIC HEX` (documented in docs/gatt.md).
//!
//! Conventions: times are ISO 8601 local date-times ("2026-11-24T08:30:00") or null
//! when the device clock is unset; SFLOAT specials are the strings "NaN", "NRes",
//! "+INF", "-INF", "reserved"; enumerations are snake_case names, or the raw number
//! for a code without a name; flag sets are lists of names.

mod glucose;
mod vitals;

use serde_json::{Map, Value, json};

use super::date_time::DateTime;
use super::sfloat::{Sfloat, number_json};
use super::{Characteristic, DecodeError, GattValue};
use crate::model::units::round_to;

/// Decodes `hex` (spaces allowed, optional 0x prefix, either case) as a value of
/// `characteristic` (`2a18`, `0x2A18`, a base UUID or a name) and returns its JSON.
pub fn decode_to_json(characteristic: &str, hex: &str) -> Result<Value, DecodeError> {
    let c = Characteristic::parse(characteristic)?;
    let bytes = parse_hex(hex)?;
    Ok(to_json(&c.decode(&bytes)?))
}

/// Bytes from hex text. Digits may be grouped and separated by whitespace, `:`, `,`,
/// `-` or `_`; each group may start with `0x`. An odd digit count is an error.
pub fn parse_hex(hex: &str) -> Result<Vec<u8>, DecodeError> {
    let mut digits = Vec::with_capacity(hex.len());
    let mut chars = hex.chars().enumerate().peekable();
    let mut group_start = true;
    while let Some((position, c)) = chars.next() {
        if c.is_whitespace() || matches!(c, ':' | ',' | '-' | '_') {
            group_start = true;
            continue;
        }
        if group_start && c == '0' && matches!(chars.peek(), Some((_, 'x' | 'X'))) {
            chars.next();
            group_start = false;
            continue;
        }
        group_start = false;
        let digit = c.to_digit(16).ok_or(DecodeError::InvalidHex {
            position,
            reason: "not a hex digit",
        })?;
        // A hex digit is below 16.
        digits.push(digit as u8);
    }
    if !digits.len().is_multiple_of(2) {
        return Err(DecodeError::InvalidHex {
            position: hex.chars().count(),
            reason: "odd number of hex digits",
        });
    }
    Ok(digits
        .chunks_exact(2)
        .map(|pair| match pair {
            [hi, lo] => (hi << 4) | lo,
            _ => 0,
        })
        .collect())
}

/// The JSON object for a decoded value.
pub fn to_json(value: &GattValue) -> Value {
    match value {
        GattValue::DateTime(t) => {
            let mut o = object("date_time");
            o.insert("date_time".into(), t.to_json());
            o.extend(date_time_fields(t));
            Value::Object(o)
        }
        GattValue::CurrentTime(t) => vitals::current_time(t),
        GattValue::GlucoseMeasurement(m) => glucose::glucose_measurement(m),
        GattValue::GlucoseContext(c) => glucose::glucose_context(c),
        GattValue::GlucoseFeature(f) => features("glucose_feature", f.to_json(), f.bits()),
        GattValue::Racp(m) => glucose::racp(m),
        GattValue::BloodPressureMeasurement(m) => vitals::blood_pressure(m),
        GattValue::IntermediateCuffPressure(c) => vitals::cuff_pressure(c),
        GattValue::BloodPressureFeature(f) => {
            features("blood_pressure_feature", f.to_json(), f.bits())
        }
        GattValue::HeartRateMeasurement(m) => vitals::heart_rate(m),
        GattValue::WeightMeasurement(w) => vitals::weight(w),
    }
}

pub(super) fn object(characteristic: &str) -> Map<String, Value> {
    let mut o = Map::new();
    o.insert("characteristic".into(), Value::from(characteristic));
    o
}

pub(super) fn with(mut o: Map<String, Value>, rest: Value) -> Value {
    if let Value::Object(fields) = rest {
        o.extend(fields);
    }
    Value::Object(o)
}

pub(super) fn date_time_fields(t: &DateTime) -> Map<String, Value> {
    let mut o = Map::new();
    for (k, v) in [
        ("year", u64::from(t.year)),
        ("month", u64::from(t.month)),
        ("day", u64::from(t.day)),
        ("hours", u64::from(t.hours)),
        ("minutes", u64::from(t.minutes)),
        ("seconds", u64::from(t.seconds)),
    ] {
        o.insert(k.into(), Value::from(v));
    }
    o
}

pub(super) fn opt_time(t: Option<DateTime>) -> Value {
    t.map_or(Value::Null, |t| t.to_json())
}

pub(super) fn opt_sfloat(v: Option<Sfloat>) -> Value {
    v.map_or(Value::Null, Sfloat::to_json)
}

/// A derived quantity: rounded number, or the special value's name.
pub(super) fn derived(v: Sfloat, converted: Option<f64>, decimals: i32) -> Value {
    match converted {
        Some(x) => Value::from(round_to(x, decimals)),
        None => v.to_json(),
    }
}

/// `v x 10^pow10` exactly (an integer when whole), or the special value's name.
pub(super) fn rescaled(v: Sfloat, pow10: i32) -> Value {
    match v.special() {
        Some(_) => v.to_json(),
        None => number_json(i64::from(v.mantissa()), i32::from(v.exponent()) + pow10),
    }
}

fn features(key: &str, names: Value, bits: u16) -> Value {
    with(object(key), json!({ "features": names, "bits": bits }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_accepts_spaces_prefixes_and_case() {
        assert_eq!(parse_hex("03 01 0a"), Ok(vec![3, 1, 10]));
        assert_eq!(parse_hex("0x03010A"), Ok(vec![3, 1, 10]));
        assert_eq!(
            parse_hex("0X03 0x01 0xa"),
            Err(DecodeError::InvalidHex {
                position: 13,
                reason: "odd number of hex digits"
            })
        );
        assert_eq!(parse_hex("  AbCd\n"), Ok(vec![0xAB, 0xCD]));
        assert_eq!(parse_hex("ab:cd-ef"), Ok(vec![0xAB, 0xCD, 0xEF]));
        assert_eq!(parse_hex(""), Ok(vec![]));
        assert_eq!(
            parse_hex("0g"),
            Err(DecodeError::InvalidHex {
                position: 1,
                reason: "not a hex digit"
            })
        );
        assert!(parse_hex("0x").is_ok_and(|b| b.is_empty()));
    }

    #[test]
    fn every_characteristic_has_a_json_object() {
        let cases = [
            (
                "2a08",
                "EA 07 0B 18 08 1E 00",
                "date_time",
                "2026-11-24T08:30:00",
            ),
            (
                "2a2b",
                "E7 07 01 02 14 16 07 01 FF 01",
                "day_of_week",
                "monday",
            ),
            ("2a34", "02 01 00 05", "meal", "bedtime"),
            ("2a51", "01 00", "features", "x"),
            (
                "2a52",
                "01 03 01 05 00",
                "operator",
                "greater_than_or_equal",
            ),
            ("2a36", "00 D7 F0 FF 07 FF 07", "unit", "mmHg"),
            ("2a49", "3F 00", "bits", "x"),
            ("2a37", "16 48 00 04", "sensor_contact", "detected"),
            ("2a9d", "00 A4 38", "weight_unit", "kg"),
        ];
        for (c, hex, key, expected) in cases {
            let v = decode_to_json(c, hex).expect("test value");
            assert!(v.is_object(), "{c}");
            assert_eq!(
                v["characteristic"],
                Characteristic::parse(c).expect("test value").key(),
                "{c}"
            );
            if expected != "x" {
                assert_eq!(v[key], expected, "{c}: {v}");
            }
        }
    }

    #[test]
    fn errors_name_field_and_offset() {
        let e = decode_to_json("2a18", "03 01 00 EA 07 0B 18").expect_err("must fail");
        assert_eq!(
            e.to_string(),
            "glucose measurement truncated: field \"base_time\" at byte offset 3 needs 7 bytes, 4 available"
        );
        assert!(matches!(
            decode_to_json("2a99", "00"),
            Err(DecodeError::UnknownCharacteristic { .. })
        ));
        assert!(matches!(
            decode_to_json("2a18", "0"),
            Err(DecodeError::InvalidHex { .. })
        ));
    }
}
