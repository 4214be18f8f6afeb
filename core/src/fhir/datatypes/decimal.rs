//! FHIR `decimal`: a number kept exactly as written.
//!
//! FHIR decimals carry their precision in their text: `3.90` is not `3.9` (R4 datatypes,
//! "decimal": "the precision of the decimal value has significance"). serde_json reads
//! numbers as `f64`, which would turn `3.90` into `3.9`; so a [`Decimal`] takes the
//! number's raw JSON text instead and writes it back unchanged (ADR 0003).

use std::fmt;
use std::str::FromStr;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A FHIR decimal, holding the exact text of the JSON number (`5.4`, `3.90`, `1e-3`).
/// Two decimals are equal when their text is equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal(String);

/// A text that is not a decimal number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a decimal number")]
pub struct NotADecimal(String);

impl Decimal {
    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The nearest `f64`.
    pub fn to_f64(&self) -> f64 {
        // The text was checked to be a JSON number, which Rust's float parser accepts.
        self.0.parse().unwrap_or(f64::NAN)
    }

    /// The shortest text that reads back as `value` (`5.4`, `120.0`); `None` for NaN
    /// and infinities, which FHIR cannot carry.
    pub fn from_f64(value: f64) -> Option<Self> {
        serde_json::Number::from_f64(value).map(|n| Self(n.to_string()))
    }
}

impl From<i64> for Decimal {
    fn from(value: i64) -> Self {
        Self(value.to_string())
    }
}

impl FromStr for Decimal {
    type Err = NotADecimal;

    /// Accepts JSON number syntax, which is FHIR's decimal syntax (R4 datatypes,
    /// "decimal": `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if is_json_number(text) {
            Ok(Self(text.to_owned()))
        } else {
            Err(NotADecimal(text.chars().take(40).collect()))
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A RawValue is written verbatim by serde_json's serializers.
        let raw = RawValue::from_string(self.0.clone()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let text = raw.get();
        if is_json_number(text) {
            Ok(Self(text.to_owned()))
        } else {
            // Name the kind of value only: the text may be long or personal.
            Err(D::Error::custom(format!(
                "expected a decimal number, found {}",
                json_kind(text)
            )))
        }
    }
}

/// What kind of JSON value a raw text is, in words.
fn json_kind(text: &str) -> &'static str {
    match text.as_bytes().first() {
        Some(b'"') => "a string",
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b't' | b'f') => "true or false",
        Some(b'n') => "null",
        _ => "something else",
    }
}

/// JSON number grammar (RFC 8259 section 6).
fn is_json_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if bytes.get(i) == Some(&b'-') {
        i += 1;
    }
    match bytes.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_zeros_and_exponents_survive_a_round_trip() {
        for text in ["3.90", "120.0", "1e-3", "-0.50", "0", "17", "1.2E+10"] {
            let d: Decimal = serde_json::from_str(text).unwrap();
            assert_eq!(d.as_str(), text);
            assert_eq!(serde_json::to_string(&d).unwrap(), text);
        }
    }

    #[test]
    fn a_string_where_a_decimal_belongs_is_named_without_its_content() {
        let err = serde_json::from_str::<Decimal>("\"5.4 mmol/L\"").unwrap_err();
        assert!(
            err.to_string()
                .contains("expected a decimal number, found a string")
        );
        assert!(!err.to_string().contains("mmol"));
    }

    #[test]
    fn from_str_checks_json_number_syntax() {
        for bad in ["", "-", "01", "1.", ".5", "1e", "+1", "1,5", "NaN", "5 "] {
            assert!(bad.parse::<Decimal>().is_err(), "{bad:?}");
        }
        assert_eq!("5.40".parse::<Decimal>().unwrap().to_f64(), 5.4);
    }

    #[test]
    fn from_f64_writes_the_shortest_text() {
        assert_eq!(Decimal::from_f64(5.4).unwrap().as_str(), "5.4");
        assert!(Decimal::from_f64(f64::NAN).is_none());
    }
}
