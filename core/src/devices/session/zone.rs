//! Meters and cuffs keep local wall-clock time without a zone. The zone turns it into
//! an instant: the host's local zone (per reading, so a summer reading gets summer
//! time) or a fixed offset (tests, or a person who set the meter to home time abroad).

use chrono::{DateTime, FixedOffset, Local, NaiveDateTime, Offset, TimeZone, Utc};

/// How device wall-clock times are placed on the time line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    /// The host's local time zone.
    #[default]
    Local,
    /// A fixed UTC offset.
    Fixed(FixedOffset),
}

impl Zone {
    /// UTC.
    pub fn utc() -> Self {
        Self::Fixed(Utc.fix())
    }

    /// A device wall-clock time with its offset. In a daylight-saving gap or overlap
    /// the earlier offset is taken: the time as shown on the device is kept either way.
    pub fn place(self, local: NaiveDateTime) -> DateTime<FixedOffset> {
        match self {
            Self::Fixed(offset) => offset
                .from_local_datetime(&local)
                .earliest()
                .unwrap_or_else(|| local.and_utc().with_timezone(&offset)),
            Self::Local => match Local.from_local_datetime(&local).earliest() {
                Some(t) => t.fixed_offset(),
                // A wall-clock time skipped by a DST change: use the offset an hour on.
                None => {
                    let offset = Local
                        .offset_from_utc_datetime(&(local + chrono::TimeDelta::hours(1)))
                        .fix();
                    local
                        .and_utc()
                        .checked_sub_signed(chrono::TimeDelta::seconds(i64::from(
                            offset.local_minus_utc(),
                        )))
                        .unwrap_or_else(|| local.and_utc())
                        .with_timezone(&offset)
                }
            },
        }
    }

    /// The wall-clock time now, e.g. to set a cuff's clock.
    pub fn now_local(self, now: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Self::Fixed(offset) => now.with_timezone(&offset).naive_local(),
            Self::Local => now.with_timezone(&Local).naive_local(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placing_keeps_the_wall_clock_time() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 7, 1)
            .and_then(|d| d.and_hms_opt(8, 30, 0))
            .expect("time");
        let plus_one = FixedOffset::east_opt(3600).expect("offset");
        let placed = Zone::Fixed(plus_one).place(t);
        assert_eq!(placed.naive_local(), t);
        assert_eq!(placed.naive_utc().to_string(), "2026-07-01 07:30:00");
        assert_eq!(Zone::Local.place(t).naive_local(), t);
    }
}
