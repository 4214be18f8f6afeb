//! The NHS number: ten digits whose last is a Modulus 11 check digit.
//!
//! Source: NHS Data Dictionary, "NHS Number" (check digit: weights 10..2 on the first nine
//! digits, remainder modulo 11, check = 11 - remainder, 11 becomes 0, 10 is invalid).
//!
//! Ten equal digits (`0000000000`, `1111111111`, ...) pass Modulus 11 (the weights add up
//! to 54, and 54 d leaves a check digit of d), but they are placeholders typed into forms,
//! never issued numbers, so they are refused.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

use super::error::ValidationError;

/// A valid NHS number. It can only be made through [`NhsNumber::parse`], so holding one
/// means the check digit is right.
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub struct NhsNumber(String);

impl NhsNumber {
    /// FHIR identifier system for NHS numbers (UK Core).
    pub const FHIR_SYSTEM: &'static str = "https://fhir.nhs.uk/Id/nhs-number";

    /// Parses ten digits; spaces and hyphens between them are allowed (`943 476 5919`).
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let digits: Vec<u32> = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .map(|c| c.to_digit(10).ok_or(c))
            .collect::<Result<_, char>>()
            .map_err(|c| ValidationError::new("nhs_number", format!("'{c}' is not a digit")))?;
        if digits.len() != 10 {
            return Err(ValidationError::new(
                "nhs_number",
                format!("must have 10 digits (has {})", digits.len()),
            ));
        }
        if digits.iter().all(|d| *d == digits[0]) {
            return Err(ValidationError::new(
                "nhs_number",
                "is not a valid NHS number (ten equal digits are a placeholder)",
            ));
        }
        let sum: u32 = digits[..9]
            .iter()
            .zip((2..=10).rev())
            .map(|(d, w)| d * w)
            .sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => {
                return Err(ValidationError::new(
                    "nhs_number",
                    "is not a valid NHS number (no check digit fits)",
                ));
            }
            c => c,
        };
        if check != digits[9] {
            return Err(ValidationError::new(
                "nhs_number",
                "is not a valid NHS number (check digit does not match)",
            ));
        }
        Ok(Self(
            digits.iter().map(|d| char::from(b'0' + *d as u8)).collect(),
        ))
    }

    /// The ten digits without spaces.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as shown to people: `943 476 5919`.
    pub fn formatted(&self) -> String {
        format!("{} {} {}", &self.0[..3], &self.0[3..6], &self.0[6..])
    }
}

impl fmt::Display for NhsNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

impl fmt::Debug for NhsNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NhsNumber({})", self.formatted())
    }
}

impl TryFrom<String> for NhsNumber {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl<'de> Deserialize<'de> for NhsNumber {
    /// The error names no field: serde's path (or the caller) says which field it is, and
    /// the message would otherwise read `nhs_number: nhs_number: ...`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(|e| serde::de::Error::custom(e.reason))
    }
}

impl From<NhsNumber> for String {
    fn from(value: NhsNumber) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_nhs_example_number_with_spaces() {
        // 943 476 5919 is the NHS's published example (shared/docs/SHARING.md).
        let n = NhsNumber::parse("943 476 5919").expect("valid");
        assert_eq!(n.as_str(), "9434765919");
        assert_eq!(n.to_string(), "943 476 5919");
    }

    #[test]
    fn accepts_numbers_from_the_pds_sandbox() {
        for n in ["9000000009", "9449306680", "9449310475"] {
            assert!(NhsNumber::parse(n).is_ok(), "{n}");
        }
    }

    #[test]
    fn check_digit_eleven_becomes_zero() {
        // 401 023 211: 40+0+8+0+12+15+8+3+2 = 88, 88 % 11 = 0, 11 - 0 = 11 -> 0.
        assert!(NhsNumber::parse("4010232110").is_ok());
        assert!(NhsNumber::parse("4010232111").is_err());
    }

    #[test]
    fn rejects_wrong_check_digit_length_and_letters() {
        let wrong = NhsNumber::parse("9434765910").unwrap_err();
        assert_eq!(wrong.field, "nhs_number");
        assert!(wrong.reason.contains("check digit"));
        assert!(
            NhsNumber::parse("943476591")
                .unwrap_err()
                .reason
                .contains("10 digits")
        );
        assert!(
            NhsNumber::parse("94347659x9")
                .unwrap_err()
                .reason
                .contains("'x'")
        );
    }

    #[test]
    fn rejects_numbers_whose_check_would_be_ten() {
        // 100 000 001: 10 + 2 = 12, 12 % 11 = 1, 11 - 1 = 10: no digit can be right.
        for last in 0..=9 {
            let err = NhsNumber::parse(&format!("100000001{last}")).unwrap_err();
            assert!(err.reason.contains("no check digit"), "{err}");
        }
    }

    #[test]
    fn ten_equal_digits_are_refused_though_they_pass_modulus_11() {
        for d in 0..=9 {
            let n = d.to_string().repeat(10);
            let err = NhsNumber::parse(&n).unwrap_err();
            assert!(err.reason.contains("placeholder"), "{n}: {err}");
        }
        assert!(NhsNumber::parse("000 000 0000").is_err());
    }

    #[test]
    fn a_json_error_names_the_field_once() {
        let err = serde_json::from_str::<NhsNumber>("\"9434765910\"").unwrap_err();
        assert!(!err.to_string().contains("nhs_number"), "{err}");
        assert!(
            err.to_string().starts_with("is not a valid NHS number"),
            "{err}"
        );
    }

    #[test]
    fn serde_round_trip_rejects_invalid() {
        let n = NhsNumber::parse("9434765919").expect("valid");
        let json = serde_json::to_string(&n).expect("serialize");
        assert_eq!(json, "\"9434765919\"");
        assert_eq!(serde_json::from_str::<NhsNumber>(&json).expect("parse"), n);
        assert!(serde_json::from_str::<NhsNumber>("\"9434765910\"").is_err());
    }
}
