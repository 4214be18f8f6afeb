//! Date Time (0x2A08) and Current Time (0x2A2B).
//!
//! Date Time is 7 bytes: year u16 (1582..=9999, 0 = unknown), month (1..=12,
//! 0 = unknown), day (1..=31, 0 = unknown), hours, minutes, seconds (GATT Specification
//! Supplement, "Date Time"). Current Time adds day of week (1 Monday ..= 7 Sunday,
//! 0 unknown), fractions of a second in 1/256 and an adjust reason bit field (Current
//! Time Service 1.1, 3.1). Fields are kept as sent; conversion to a calendar time is
//! a separate, fallible step so a meter with an unset clock still yields its reading.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::Serialize;

use super::codes::{code_enum, flag_set};
use super::error::DecodeError;
use super::reader::Reader;

/// A Date Time value, fields exactly as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct DateTime {
    /// Year, 1582..=9999; 0 = not known (the device clock was never set).
    pub year: u16,
    /// Month 1..=12; 0 = not known.
    pub month: u8,
    /// Day of month 1..=31; 0 = not known.
    pub day: u8,
    /// Hours 0..=23.
    pub hours: u8,
    /// Minutes 0..=59.
    pub minutes: u8,
    /// Seconds 0..=59.
    pub seconds: u8,
}

impl DateTime {
    /// Bytes on the wire.
    pub const LEN: usize = 7;

    /// Reads the 7 bytes of `field` from `r`.
    pub fn read(r: &mut Reader<'_>, field: &'static str) -> Result<Self, DecodeError> {
        let [y0, y1, month, day, hours, minutes, seconds] = r.array::<7>(field)?;
        Ok(Self {
            year: u16::from_le_bytes([y0, y1]),
            month,
            day,
            hours,
            minutes,
            seconds,
        })
    }

    /// Decodes a Date Time characteristic (0x2A08); extra bytes are ignored.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        Self::read(&mut Reader::new("date time", bytes), "date_time")
    }

    /// The 7-byte wire form.
    pub fn encode(&self) -> [u8; 7] {
        let [y0, y1] = self.year.to_le_bytes();
        [
            y0,
            y1,
            self.month,
            self.day,
            self.hours,
            self.minutes,
            self.seconds,
        ]
    }

    /// Whether year, month and day are all set (none is the "unknown" 0).
    pub fn is_date_known(&self) -> bool {
        self.year != 0 && self.month != 0 && self.day != 0
    }

    /// The calendar time, or `None` if any date part is unknown or the fields do not
    /// form a real time (month 13, 25 o'clock...).
    pub fn to_naive(&self) -> Option<NaiveDateTime> {
        if !self.is_date_known() {
            return None;
        }
        NaiveDate::from_ymd_opt(
            i32::from(self.year),
            u32::from(self.month),
            u32::from(self.day),
        )?
        .and_hms_opt(
            u32::from(self.hours),
            u32::from(self.minutes),
            u32::from(self.seconds),
        )
    }

    /// The Date Time for a calendar time; `None` outside the years 1582..=9999 the
    /// format allows. Sub-second parts are dropped.
    pub fn from_naive(t: &NaiveDateTime) -> Option<Self> {
        let year = u16::try_from(t.year())
            .ok()
            .filter(|y| (1582..=9999).contains(y))?;
        // chrono guarantees month 1..=12, day 1..=31, hour 0..=23, minute and second 0..=59.
        Some(Self {
            year,
            month: u8::try_from(t.month()).ok()?,
            day: u8::try_from(t.day()).ok()?,
            hours: u8::try_from(t.hour()).ok()?,
            minutes: u8::try_from(t.minute()).ok()?,
            seconds: u8::try_from(t.second()).ok()?,
        })
    }

    /// ISO 8601 without zone (`2026-11-24T08:30:00`), or `None` as for [`Self::to_naive`].
    pub fn to_iso(&self) -> Option<String> {
        self.to_naive().map(|t| iso(&t))
    }

    /// JSON: the ISO 8601 string, or null when unset or impossible.
    pub fn to_json(&self) -> serde_json::Value {
        self.to_iso()
            .map_or(serde_json::Value::Null, serde_json::Value::from)
    }
}

/// ISO 8601 local date-time to the second, the format used in all decoder JSON.
pub fn iso(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

code_enum! {
    /// Day of week (GATT Specification Supplement, "Day of Week").
    pub enum DayOfWeek: u8 {
        /// Not known.
        Unknown = 0 => "unknown",
        /// Monday.
        Monday = 1 => "monday",
        /// Tuesday.
        Tuesday = 2 => "tuesday",
        /// Wednesday.
        Wednesday = 3 => "wednesday",
        /// Thursday.
        Thursday = 4 => "thursday",
        /// Friday.
        Friday = 5 => "friday",
        /// Saturday.
        Saturday = 6 => "saturday",
        /// Sunday.
        Sunday = 7 => "sunday",
    }
}

flag_set! {
    /// Why the clock was last adjusted (Current Time Service 1.1, 3.1.2.1).
    pub struct AdjustReason: u8 {
        /// Bit 0: manual time update.
        const MANUAL_TIME_UPDATE = 0 => "manual_time_update";
        /// Bit 1: external reference time update.
        const EXTERNAL_REFERENCE_TIME_UPDATE = 1 => "external_reference_time_update";
        /// Bit 2: change of time zone.
        const CHANGE_OF_TIME_ZONE = 2 => "change_of_time_zone";
        /// Bit 3: change of daylight saving time.
        const CHANGE_OF_DST = 3 => "change_of_dst";
    }
}

/// A Current Time value (0x2A2B): Exact Time 256 plus adjust reason, 10 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct CurrentTime {
    /// Date and time of day.
    pub date_time: DateTime,
    /// Day of week.
    pub day_of_week: DayOfWeek,
    /// Fractions of a second, in 1/256 s.
    pub fractions256: u8,
    /// Why the clock was last changed.
    pub adjust_reason: AdjustReason,
}

impl CurrentTime {
    /// Bytes on the wire.
    pub const LEN: usize = 10;

    /// Decodes a Current Time value; extra bytes are ignored.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new("current time", bytes);
        Ok(Self {
            date_time: DateTime::read(&mut r, "date_time")?,
            day_of_week: DayOfWeek::from_code(r.u8("day_of_week")?),
            fractions256: r.u8("fractions256")?,
            adjust_reason: AdjustReason::from_bits(r.u8("adjust_reason")?),
        })
    }

    /// The 10-byte wire form, e.g. to write to a cuff's Current Time Service.
    pub fn encode(&self) -> [u8; 10] {
        let [a, b, c, d, e, f, g] = self.date_time.encode();
        [
            a,
            b,
            c,
            d,
            e,
            f,
            g,
            self.day_of_week.code(),
            self.fractions256,
            self.adjust_reason.bits(),
        ]
    }

    /// The Current Time to write for a calendar (local) time: day of week and
    /// fractions computed from it. `None` outside the years 1582..=9999.
    pub fn from_naive(t: &NaiveDateTime, adjust_reason: AdjustReason) -> Option<Self> {
        // Bluetooth numbers Monday 1 ..= Sunday 7, as ISO 8601 and chrono do.
        let weekday = u8::try_from(t.weekday().number_from_monday()).ok()?;
        // 1/256 s steps; a leap second's nanoseconds (>= 10^9) are capped at 255.
        let fractions = (u64::from(t.nanosecond()) * 256 / 1_000_000_000).min(255);
        Some(Self {
            date_time: DateTime::from_naive(t)?,
            day_of_week: DayOfWeek::from_code(weekday),
            fractions256: u8::try_from(fractions).ok()?,
            adjust_reason,
        })
    }

    /// Milliseconds of the fraction (rounded down).
    pub fn milliseconds(&self) -> u16 {
        // 255 * 1000 / 256 = 996, fits a u16.
        (u32::from(self.fractions256) * 1000 / 256) as u16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ble_md_base_time_2026_11_24_08_30() {
        let t = DateTime::decode(&[0xEA, 0x07, 0x0B, 0x18, 0x08, 0x1E, 0x00]).expect("test value");
        assert_eq!(t.to_iso().as_deref(), Some("2026-11-24T08:30:00"));
        assert_eq!(t.encode(), [0xEA, 0x07, 0x0B, 0x18, 0x08, 0x1E, 0x00]);
    }

    #[test]
    fn year_zero_means_not_set() {
        // NordicSemiconductor/Android-BLE-Common-Library, bps/BloodPressureMeasurementDataCallbackTest.java
        // sends year 0, April 17th 20:41:59 and expects the year to be unset.
        let t = DateTime::decode(&[0x00, 0x00, 0x04, 0x11, 0x14, 0x29, 0x3B]).expect("test value");
        assert_eq!(
            (t.month, t.day, t.hours, t.minutes, t.seconds),
            (4, 17, 20, 41, 59)
        );
        assert!(!t.is_date_known());
        assert_eq!(t.to_naive(), None);
        assert_eq!(t.to_json(), serde_json::Value::Null);
    }

    #[test]
    fn unknown_month_and_impossible_dates_have_no_calendar_time() {
        // im97mori-github/AndroidBLEUtil, characteristic-wss/.../WeightMeasurementTest.java
        // test_constructor101: year 1582, month and day "not known".
        let t = DateTime::decode(&[0x2E, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00]).expect("test value");
        assert_eq!(t.year, 1582);
        assert_eq!(t.to_naive(), None);
        // Same file, test_constructor103: 9999-02-31 is kept raw but is not a date.
        let t = DateTime::decode(&[0x0F, 0x27, 0x02, 0x1F, 0x00, 0x00, 0x00]).expect("test value");
        assert_eq!((t.year, t.month, t.day), (9999, 2, 31));
        assert_eq!(t.to_naive(), None);
    }

    #[test]
    fn truncated_date_time_names_the_field() {
        assert_eq!(
            DateTime::decode(&[0xEA, 0x07, 0x0B]),
            Err(DecodeError::Truncated {
                characteristic: "date time",
                field: "date_time",
                offset: 0,
                needed: 7,
                available: 3,
            })
        );
    }

    #[test]
    fn current_time_vectors_from_blevalueparser() {
        // eisaev/blevalueparser, tests/currenttimetest.cpp, Manual_255 and DSTChanged_128.
        let t = CurrentTime::decode(&[0xE7, 0x07, 0x01, 0x02, 0x14, 0x16, 0x07, 0x01, 0xFF, 0x01])
            .expect("test value");
        assert_eq!(t.date_time.to_iso().as_deref(), Some("2023-01-02T20:22:07"));
        assert_eq!(t.day_of_week, DayOfWeek::Monday);
        assert_eq!((t.fractions256, t.milliseconds()), (255, 996));
        assert_eq!(t.adjust_reason, AdjustReason::MANUAL_TIME_UPDATE);

        let t = CurrentTime::decode(&[0xE7, 0x07, 0x01, 0x05, 0x14, 0x16, 0x07, 0x04, 0x80, 0x08])
            .expect("test value");
        assert_eq!(t.day_of_week, DayOfWeek::Thursday);
        assert_eq!(t.milliseconds(), 500);
        assert_eq!(t.adjust_reason.names(), vec!["change_of_dst"]);

        // UnknownDayOfWeek: 0xAA is kept raw.
        let t = CurrentTime::decode(&[0xE6, 0x07, 0x0C, 0x1F, 0x17, 0x3B, 0x3B, 0xAA, 0xFF, 0x01])
            .expect("test value");
        assert_eq!(t.day_of_week, DayOfWeek::Other(0xAA));

        // TooShort: 9 bytes.
        assert!(matches!(
            CurrentTime::decode(&[0xE7, 0x07, 0x01, 0x04, 0x14, 0x16, 0x07, 0x03, 0x80]),
            Err(DecodeError::Truncated {
                field: "adjust_reason",
                offset: 9,
                ..
            })
        ));
    }

    #[test]
    fn current_time_for_a_cuff_is_computed_from_a_calendar_time() {
        let t = NaiveDate::from_ymd_opt(2026, 11, 24)
            .and_then(|d| d.and_hms_milli_opt(7, 0, 0, 500))
            .expect("test value");
        let ct = CurrentTime::from_naive(&t, AdjustReason::MANUAL_TIME_UPDATE).expect("test value");
        // 2026-11-24 is a Tuesday.
        assert_eq!(
            ct.encode(),
            [0xEA, 0x07, 0x0B, 0x18, 0x07, 0x00, 0x00, 0x02, 0x80, 0x01]
        );
        assert_eq!(CurrentTime::decode(&ct.encode()), Ok(ct));
        let too_old = NaiveDate::from_ymd_opt(1500, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("test value");
        assert_eq!(
            CurrentTime::from_naive(&too_old, AdjustReason::default()),
            None
        );
    }
}
