//! Values that cross as a simpler uniffi type and become the platform's own type on the
//! other side (`uniffi.toml` says which): instants, dates, times of day, ids, NHS
//! numbers, the raw JSON an import kept, and a module's answers. Text from a shell that
//! does not parse is an error naming what was expected, never a panic.

use std::collections::{BTreeMap, HashMap};
use std::time::SystemTime;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use phr_core::model::{AnswerValue, EntryId, NhsNumber};
use uniffi::deps::anyhow::anyhow;

/// An instant: Kotlin `java.time.Instant`, Swift `Date`.
pub type UtcTime = DateTime<Utc>;
uniffi::custom_type!(UtcTime, SystemTime, {
    remote,
    lower: |t| t.into(),
    try_lift: |t| Ok(t.into()),
});

/// How a [`LocalTime`] crosses: its instant and the UTC offset it was lived at. Kotlin
/// and Swift build their own type from it at once (`uniffi.toml`); numbers, not text,
/// because parsing RFC 3339 text took the JVM 1.5-2 µs a time, about half of a page of
/// 10,000 readings (BENCHMARKS.md).
#[derive(uniffi::Record)]
pub struct TimeWithOffset {
    /// The instant.
    pub instant: UtcTime,
    /// The UTC offset, in seconds east of UTC (3600 for +01:00).
    pub offset_seconds: i32,
}

/// A time as it was lived, with its UTC offset (a reading's `taken_at`, an
/// appointment's start): a [`TimeWithOffset`], Kotlin `java.time.OffsetDateTime`, Swift
/// `Date` (written with the phone's current offset).
pub type LocalTime = DateTime<FixedOffset>;
uniffi::custom_type!(LocalTime, TimeWithOffset, {
    remote,
    lower: |t| TimeWithOffset {
        instant: t.with_timezone(&Utc),
        offset_seconds: t.offset().local_minus_utc(),
    },
    try_lift: |t| {
        let offset = FixedOffset::east_opt(t.offset_seconds).ok_or_else(|| {
            anyhow!("{} seconds is not a UTC offset (it is less than a day either way)", t.offset_seconds)
        })?;
        Ok(t.instant.with_timezone(&offset))
    },
});

/// A calendar date (a date of birth, a vaccination): ISO 8601 text, Kotlin
/// `java.time.LocalDate`, Swift `DateComponents`.
pub type LocalDate = NaiveDate;
uniffi::custom_type!(LocalDate, String, {
    remote,
    lower: |d| d.format("%Y-%m-%d").to_string(),
    try_lift: |s| Ok(NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| anyhow!("'{s}' is not a date (YYYY-MM-DD)"))?),
});

/// A time of day (a reminder at 08:00): `HH:MM` text, Kotlin `java.time.LocalTime`,
/// Swift `DateComponents`.
pub type TimeOfDay = NaiveTime;
uniffi::custom_type!(TimeOfDay, String, {
    remote,
    lower: |t| t.format("%H:%M").to_string(),
    try_lift: |s| Ok(NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s.trim(), "%H:%M:%S"))
        .map_err(|_| anyhow!("'{s}' is not a time of day (HH:MM)"))?),
});

/// A device's wall-clock time, without a zone (what a meter shows): ISO 8601 text.
pub type DeviceTime = NaiveDateTime;
uniffi::custom_type!(DeviceTime, String, {
    remote,
    lower: |t| t.format("%Y-%m-%dT%H:%M:%S").to_string(),
    try_lift: |s| Ok(NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M:%S")
        .map_err(|_| anyhow!("'{s}' is not a device time (YYYY-MM-DDTHH:MM:SS)"))?),
});

uniffi::custom_type!(EntryId, String, {
    remote,
    lower: |id| id.to_string(),
    try_lift: |s| Ok(s.parse::<EntryId>().map_err(|e| anyhow!("{e}"))?),
});

uniffi::custom_type!(NhsNumber, String, {
    remote,
    lower: |n| n.as_str().to_string(),
    try_lift: |s| Ok(NhsNumber::parse(&s).map_err(|e| anyhow!("{e}"))?),
});

/// JSON text (a resource an import kept as it came).
pub type JsonText = serde_json::Value;
uniffi::custom_type!(JsonText, String, {
    remote,
    lower: |v| v.to_string(),
    try_lift: |s| Ok(serde_json::from_str(&s).map_err(|e| anyhow!("not JSON: {e}"))?),
});

/// A module's answers by field id.
pub type Answers = BTreeMap<String, AnswerValue>;
uniffi::custom_type!(Answers, HashMap<String, AnswerValue>, {
    remote,
    lower: |a| a.into_iter().collect(),
    try_lift: |m| Ok(m.into_iter().collect()),
});

#[cfg(test)]
mod tests {
    use super::*;
    use uniffi::{Lift, Lower};

    type Tag = crate::UniFfiTag;

    fn round_trip(t: LocalTime) -> LocalTime {
        let lowered = <LocalTime as Lower<Tag>>::lower(t);
        <LocalTime as Lift<Tag>>::try_lift(lowered).expect("lifts back")
    }

    #[test]
    fn a_local_time_crosses_with_its_instant_and_offset() {
        for text in [
            "2026-03-29T01:30:00+01:00",
            "2026-11-24T08:30:00.123456789-05:30",
            "1969-07-20T20:17:40Z",
        ] {
            let t = DateTime::parse_from_rfc3339(text).expect("a time");
            let back = round_trip(t);
            assert_eq!(back, t, "{text}");
            assert_eq!(back.offset(), t.offset(), "{text}");
        }
    }

    #[test]
    fn an_offset_of_a_day_or_more_is_refused_in_words() {
        let lowered = <TimeWithOffset as Lower<Tag>>::lower(TimeWithOffset {
            instant: Utc::now(),
            offset_seconds: 86_400,
        });
        let error = <LocalTime as Lift<Tag>>::try_lift(lowered).expect_err("refused");
        let words = format!("{error:#}");
        assert!(
            words.contains("86400 seconds is not a UTC offset"),
            "{words}"
        );
    }
}
