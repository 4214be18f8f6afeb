//! Times and dates across the FFI.
//!
//! - An instant (`created_at`, `stored_at`, a snooze's end) is a `SystemTime`: Kotlin's
//!   `java.time.Instant`, Swift's `Date`.
//! - A time as the person lived it (a reading's `taken_at`, an appointment's `start`)
//!   keeps its UTC offset, which neither `Instant` nor `Date` can hold, so it is RFC 3339
//!   text: `2026-11-24T08:30:00+01:00` (Kotlin `OffsetDateTime.toString()`, Swift
//!   `ISO8601DateFormatter`).
//! - A calendar date (date of birth, a vaccination) is ISO 8601 text: `2026-11-24`
//!   (Kotlin `LocalDate.toString()`).
//!
//! Text that does not parse is a validation error naming the field, like any other.

use std::time::SystemTime;

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};
use phr_core::model::ValidationError;

/// A calendar date from `YYYY-MM-DD`.
pub(crate) fn date_from(field: &str, text: &str) -> Result<NaiveDate, ValidationError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        ValidationError::new(
            field,
            format!("'{text}' is not a date (expected YYYY-MM-DD, e.g. 2026-11-24)"),
        )
    })
}

/// An optional calendar date.
pub(crate) fn optional_date_from(
    field: &str,
    text: Option<String>,
) -> Result<Option<NaiveDate>, ValidationError> {
    text.map(|t| date_from(field, &t)).transpose()
}

/// A calendar date as `YYYY-MM-DD`.
pub(crate) fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A time with its UTC offset from RFC 3339 text.
pub(crate) fn local_time_from(
    field: &str,
    text: &str,
) -> Result<DateTime<FixedOffset>, ValidationError> {
    DateTime::parse_from_rfc3339(text.trim()).map_err(|_| {
        ValidationError::new(
            field,
            format!(
                "'{text}' is not a time with its UTC offset (expected RFC 3339, e.g. 2026-11-24T08:30:00+00:00)"
            ),
        )
    })
}

/// A time with its UTC offset as RFC 3339 text (seconds, and fractions only when there
/// are any).
pub(crate) fn local_time_text(time: DateTime<FixedOffset>) -> String {
    time.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

/// An instant for the FFI.
pub(crate) fn instant(time: DateTime<Utc>) -> SystemTime {
    time.into()
}

/// An instant from the FFI.
pub(crate) fn utc(time: SystemTime) -> DateTime<Utc> {
    time.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_local_times_round_trip_through_text() {
        let date = date_from("date", "2026-11-24").expect("date");
        assert_eq!(date_text(date), "2026-11-24");
        let t = local_time_from("taken_at", "2026-11-24T08:30:00+01:00").expect("time");
        assert_eq!(local_time_text(t), "2026-11-24T08:30:00+01:00");
    }

    #[test]
    fn text_that_is_not_a_date_names_its_field() {
        assert_eq!(
            date_from("date_of_birth", "24/11/2026")
                .expect_err("not ISO")
                .field,
            "date_of_birth"
        );
        assert_eq!(
            local_time_from("start", "2026-11-24 08:30")
                .expect_err("no offset")
                .field,
            "start"
        );
    }
}
