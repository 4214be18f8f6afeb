//! Conversions between Rust values and stored columns.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{StoreError, StoreResult};

/// A UTC time as stored text (fixed width, so text order is time order).
pub fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A stored time back.
pub fn parse_time(s: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt {
            reason: format!("stored time '{s}' is unreadable: {e}"),
        })
}

/// Bytes as lowercase hex text (digests, salts, stamps): the keys' own encoding, here so
/// that the layers above the store (which may not use `keys`) share the one copy.
pub fn hex(bytes: &[u8]) -> String {
    crate::keys::hex::encode(bytes)
}

/// A value as stored JSON.
pub fn to_json<T: Serialize>(value: &T) -> StoreResult<String> {
    // Only maps with keys that are not text fail to serialise, and no stored type has one.
    serde_json::to_string(value).map_err(StoreError::unreadable)
}

/// Stored JSON back.
pub fn from_json<T: DeserializeOwned>(s: &str) -> StoreResult<T> {
    Ok(serde_json::from_str(s)?)
}

/// Milliseconds since the Unix epoch.
pub fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// A time from milliseconds since the Unix epoch.
pub fn from_millis(ms: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| StoreError::Corrupt {
        reason: format!("stored time {ms} is out of range"),
    })
}

/// A time at the precision times are stored with (microseconds), so that what is
/// returned from a write equals what is read back.
pub fn stored_time(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::SubsecRound;
    t.trunc_subsecs(6)
}
