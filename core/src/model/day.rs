//! Days as numbers: a reading's `local_day` is the date it was taken in its own UTC
//! offset, counted in days since 1970-01-01. "Readings on Tuesday" means the person's
//! Tuesday, wherever they were; summaries, trends and windows all count days this way.

use chrono::{DateTime, FixedOffset, NaiveDate};

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// The first day, 1970-01-01 (day 0).
fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

/// Days since 1970-01-01 of a date.
pub fn day_number(date: NaiveDate) -> i64 {
    (date - epoch()).num_days()
}

/// The date of a day number.
pub fn day_date(day: i64) -> NaiveDate {
    epoch()
        .checked_add_signed(chrono::Duration::days(day))
        .unwrap_or(epoch())
}

/// The local day of a time: its date in its own offset.
pub fn local_day(t: &DateTime<FixedOffset>) -> i64 {
    day_number(t.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_1970_in_the_readings_own_offset() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        assert_eq!(day_date(day_number(date)), date);
        assert_eq!(day_number(epoch()), 0);
        // 23:30 on the 24th at UTC-5 is the 25th in UTC, but the person's 24th.
        let late = DateTime::parse_from_rfc3339("2026-11-24T23:30:00-05:00").expect("time");
        assert_eq!(local_day(&late), day_number(date));
    }
}
