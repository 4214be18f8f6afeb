//! Clinical codes: a coding (system + code + display), LOINC and UCUM checks.

use serde::{Deserialize, Serialize};

use super::error::{SHORT_TEXT, Validation, ValidationError, optional_text, required_text};

/// SNOMED CT's FHIR system URI.
pub const SNOMED_CT: &str = "http://snomed.info/sct";
/// LOINC's FHIR system URI.
pub const LOINC: &str = "http://loinc.org";

/// A code from a code system, as in FHIR `Coding`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coding {
    /// The code system's URI, e.g. [`SNOMED_CT`].
    pub system: String,
    /// The code.
    pub code: String,
    /// Its human-readable name.
    #[serde(default)]
    pub display: Option<String>,
}

impl Coding {
    /// A SNOMED CT coding.
    pub fn snomed(code: &str, display: &str) -> Self {
        Self {
            system: SNOMED_CT.into(),
            code: code.into(),
            display: Some(display.into()),
        }
    }

    /// Checks the coding; `field` names it in errors.
    pub fn validate(&self, field: &str) -> Validation {
        required_text(&format!("{field}.system"), &self.system, SHORT_TEXT)?;
        required_text(&format!("{field}.code"), &self.code, 100)?;
        optional_text(&format!("{field}.display"), &self.display, SHORT_TEXT)?;
        if self.system == SNOMED_CT && !self.code.chars().all(|c| c.is_ascii_digit()) {
            return Err(ValidationError::new(
                format!("{field}.code"),
                "a SNOMED CT code is digits only",
            ));
        }
        if self.system == LOINC {
            validate_loinc(&format!("{field}.code"), &self.code)?;
        }
        Ok(())
    }
}

/// Checks a LOINC code: digits, a hyphen, and LOINC's Mod 10 check digit.
///
/// Source: LOINC Users' Guide, appendix "Calculating Mod 10 Check Digits": from the
/// rightmost digit of the number part, double every other digit, add all the digits of
/// the results, and the check digit is what brings the sum to the next multiple of ten.
pub fn validate_loinc(field: &str, code: &str) -> Validation {
    let invalid = |why: &str| Err(ValidationError::new(field, format!("'{code}' {why}")));
    let Some((number, check)) = code.split_once('-') else {
        return invalid("is not a LOINC code (expected digits-check digit, e.g. 4548-4)");
    };
    if number.is_empty()
        || number.len() > 7
        || !number.chars().all(|c| c.is_ascii_digit())
        || check.len() != 1
    {
        return invalid("is not a LOINC code (expected digits-check digit, e.g. 4548-4)");
    }
    let Some(check) = check.chars().next().and_then(|c| c.to_digit(10)) else {
        return invalid("is not a LOINC code (the check digit is not a digit)");
    };
    let sum: u32 = number
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                let doubled = d * 2;
                doubled / 10 + doubled % 10
            } else {
                d
            }
        })
        .sum();
    if (10 - sum % 10) % 10 != check {
        return invalid("has a wrong LOINC check digit");
    }
    Ok(())
}

/// Checks that a unit looks like a UCUM expression (printable ASCII, no spaces, brackets
/// balanced). Full UCUM parsing is not needed to store a lab's unit faithfully.
pub fn validate_ucum(field: &str, unit: &str) -> Validation {
    if unit.is_empty() || unit.len() > 40 {
        return Err(ValidationError::new(
            field,
            "must be a UCUM unit, e.g. mmol/L",
        ));
    }
    if !unit.chars().all(|c| c.is_ascii_graphic()) {
        return Err(ValidationError::new(
            field,
            format!("'{unit}' is not a UCUM unit (no spaces, ASCII only)"),
        ));
    }
    let mut depth: i32 = 0;
    for c in unit.chars() {
        match c {
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            break;
        }
    }
    if depth != 0 {
        return Err(ValidationError::new(
            field,
            format!("'{unit}' has unbalanced brackets"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loinc_codes_from_the_shared_notes_pass_their_check_digit() {
        // Codes from shared/docs/SHARING.md and the UK Core examples.
        for code in [
            "14743-9", "41653-7", "15074-8", "2339-0", "85354-9", "8480-6", "8462-4", "8478-0",
            "8867-4", "29463-7", "55423-8", "4548-4", "60591-5", "11450-4",
        ] {
            assert!(validate_loinc("loinc", code).is_ok(), "{code}");
        }
    }

    #[test]
    fn loinc_with_wrong_check_digit_or_shape_is_rejected() {
        assert!(
            validate_loinc("loinc", "4548-5")
                .unwrap_err()
                .reason
                .contains("check digit")
        );
        assert!(validate_loinc("loinc", "4548").is_err());
        assert!(validate_loinc("loinc", "ab-1").is_err());
        assert_eq!(
            validate_loinc("x.loinc", "1-").unwrap_err().field,
            "x.loinc"
        );
    }

    #[test]
    fn ucum_units_are_checked_for_shape() {
        for unit in [
            "mmol/L", "mm[Hg]", "10*9/L", "{steps}", "/min", "kg/m2", "%",
        ] {
            assert!(validate_ucum("unit", unit).is_ok(), "{unit}");
        }
        assert!(validate_ucum("unit", "").is_err());
        assert!(validate_ucum("unit", "mmol per L").is_err());
        assert!(validate_ucum("unit", "mm[Hg").is_err());
    }

    #[test]
    fn snomed_codes_are_digits() {
        assert!(
            Coding::snomed("44054006", "Diabetes mellitus type 2")
                .validate("code")
                .is_ok()
        );
        let err = Coding::snomed("E11", "Type 2")
            .validate("code")
            .unwrap_err();
        assert_eq!(err.field, "code.code");
    }
}
