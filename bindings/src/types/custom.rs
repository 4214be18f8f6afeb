//! Values that cross as a simpler uniffi type and become the platform's own type on the
//! other side (`uniffi.toml` says which): instants, dates, times of day, ids, NHS
//! numbers, the raw JSON an import kept, and a module's answers. Text from a shell that
//! does not parse is an error naming what was expected, never a panic.

use std::collections::{BTreeMap, HashMap};
use std::time::SystemTime;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, Utc};
use phr_core::model::{AnswerValue, EntryId, NhsNumber};
use uniffi::deps::anyhow::anyhow;

/// An instant: Kotlin `java.time.Instant`, Swift `Date`.
pub type UtcTime = DateTime<Utc>;
uniffi::custom_type!(UtcTime, SystemTime, {
    remote,
    lower: |t| t.into(),
    try_lift: |t| Ok(t.into()),
});

/// A time as it was lived, with its UTC offset (a reading's `taken_at`, an
/// appointment's start): RFC 3339 text, Kotlin `java.time.OffsetDateTime`, Swift `Date`
/// (written with the phone's current offset).
pub type LocalTime = DateTime<FixedOffset>;
uniffi::custom_type!(LocalTime, String, {
    remote,
    lower: |t| t.to_rfc3339_opts(SecondsFormat::AutoSi, false),
    try_lift: |s| Ok(DateTime::parse_from_rfc3339(s.trim())
        .or_else(|_| DateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M%:z"))
        .map_err(|_| {
        anyhow!("'{s}' is not a time with its UTC offset (RFC 3339, e.g. 2026-11-24T08:30:00+00:00)")
    })?),
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
