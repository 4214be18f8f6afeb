//! Validation errors: typed, and always naming the field that is wrong.

/// An entry failed validation. `field` is the path of the offending field, such as
/// `"items[2]"` or `"nhs_number"`, so that a screen can put the message beside it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct ValidationError {
    /// The path of the field that is wrong.
    pub field: String,
    /// Why it is wrong, in words a person understands.
    pub reason: String,
}

impl ValidationError {
    /// A validation error for `field`.
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// The result of a validation.
pub type Validation = Result<(), ValidationError>;

/// The widest UTC offset a time may carry, either way: 14 hours. Places use UTC-12:00
/// to UTC+14:00 (the IANA time zone database), and FHIR R4's `dateTime` allows at most
/// 14:00 either way (its regex, hl7.org/fhir/R4/datatypes.html#dateTime), so a time
/// outside could be neither a place's nor exported; Java's `ZoneOffset` (the Kotlin
/// app's) refuses beyond 18 hours.
pub const MAX_UTC_OFFSET_SECONDS: i32 = 14 * 3600;

/// Checks that a time's UTC offset is one a place uses (at most
/// [`MAX_UTC_OFFSET_SECONDS`] either way).
pub fn utc_offset(field: &str, time: &chrono::DateTime<chrono::FixedOffset>) -> Validation {
    let seconds = time.offset().local_minus_utc();
    if seconds.abs() > MAX_UTC_OFFSET_SECONDS {
        return Err(ValidationError::new(
            field,
            format!(
                "its UTC offset, {}, is more than {} hours from UTC, which no place uses",
                time.offset(),
                MAX_UTC_OFFSET_SECONDS / 3600
            ),
        ));
    }
    Ok(())
}

/// Checks that `value` has text (not only spaces) and at most `max` characters.
pub fn required_text(field: &str, value: &str, max: usize) -> Validation {
    if value.trim().is_empty() {
        return Err(ValidationError::new(field, "must not be empty"));
    }
    max_chars(field, value, max)
}

/// Checks that `value` has at most `max` characters (Unicode scalar values, as a person
/// counts them, not bytes).
pub fn max_chars(field: &str, value: &str, max: usize) -> Validation {
    let count = value.chars().count();
    if count > max {
        return Err(ValidationError::new(
            field,
            format!("must be at most {max} characters (has {count})"),
        ));
    }
    Ok(())
}

/// Checks an optional text field: when present, at most `max` characters.
pub fn optional_text(field: &str, value: &Option<String>, max: usize) -> Validation {
    match value {
        Some(text) => max_chars(field, text, max),
        None => Ok(()),
    }
}

/// Upper bound for short text fields (names, titles): enough for any real name.
pub const SHORT_TEXT: usize = 200;
/// Upper bound for free-text notes on an entry.
pub const NOTE_TEXT: usize = 2_000;
