//! FHIR dates and times (R4 datatypes `date`, `dateTime`, `instant`) and the record's.
//!
//! FHIR allows partial dates (`2019`, `2019-08`); the record keeps whole dates only, so a
//! partial date is not read into an entry (the resource keeps it). A `dateTime` with a
//! time must have an offset (R4: "if hours and minutes are specified, a time zone SHALL
//! be populated").

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, TimeZone};

/// The calendar date of a whole FHIR `date` or `dateTime` (`2019-08-01`,
/// `2019-08-01T10:00:00+01:00`: the date as written, in its own offset).
pub fn whole_date(text: &str) -> Option<NaiveDate> {
    let day = text.get(..10)?;
    if text.len() > 10 && !text[10..].starts_with('T') {
        return None;
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// A FHIR `dateTime` or `instant` as a time with its offset. A whole date without a time
/// (`2023-08-10`) is that day's midnight in UTC; partial dates are `None`.
pub fn date_time(text: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t);
    }
    if text.len() != 10 {
        return None;
    }
    let day = whole_date(text)?;
    FixedOffset::east_opt(0)?
        .from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .single()
}

/// A date as FHIR writes it.
pub fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A time as a FHIR `dateTime`: its own offset, fractions of a second only when there
/// are some, so that reading it back gives the same instant.
pub fn date_time_text(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_dates_are_read_and_partial_ones_are_not() {
        assert_eq!(
            whole_date("2019-08-01T10:00:00+01:00"),
            NaiveDate::from_ymd_opt(2019, 8, 1)
        );
        assert_eq!(
            whole_date("2019-08-01"),
            NaiveDate::from_ymd_opt(2019, 8, 1)
        );
        assert_eq!(whole_date("2019-08"), None);
        assert_eq!(whole_date("2019"), None);
        assert_eq!(whole_date("2019-08-01x"), None);
    }

    #[test]
    fn times_round_trip_with_their_offset() {
        let t = date_time("2026-11-30T07:45:00.123+01:00").unwrap();
        assert_eq!(date_time_text(&t), "2026-11-30T07:45:00.123+01:00");
        assert_eq!(date_time(&date_time_text(&t)), Some(t));
        let midnight = date_time("2023-08-10").unwrap();
        assert_eq!(date_time_text(&midnight), "2023-08-10T00:00:00+00:00");
        assert_eq!(date_time("2023-08"), None);
    }
}
