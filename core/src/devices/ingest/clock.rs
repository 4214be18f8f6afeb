//! What a sync can tell about a device's clock, and which of its records a correction
//! moves. A meter whose clock is five years fast dates every record five years ahead:
//! its readings are kept and shown, but never fire a rule, never count as the latest
//! reading and never move a summary, until the person corrects their times (BLE.md,
//! "sanity-check record times against receive time").

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};

use crate::devices::session::{DeviceClock, Zone};
use crate::store::origins::ClockSource;

/// A device clock found off by more than this makes every reading of the sync
/// untrusted and tells the person (issue 9: "more than an hour off"; an hour also lets
/// a clock that missed a daylight-saving change through without an alarm).
pub const CLOCK_OFF_AFTER: TimeDelta = TimeDelta::hours(1);

/// What a sync found of a device's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ClockCheck {
    /// How far the device's clock is ahead of the record's clock (negative: behind),
    /// milliseconds. From the newest record this is a lower bound.
    pub offset_ms: i64,
    /// How it was found.
    pub source: ClockSource,
}

impl ClockCheck {
    /// Whether the clock is off by more than [`CLOCK_OFF_AFTER`].
    pub fn is_off(&self) -> bool {
        self.offset_ms.abs() > CLOCK_OFF_AFTER.num_milliseconds()
    }

    /// In words: "4 years 364 days ahead", "2 hours behind".
    pub fn text(&self) -> String {
        let way = if self.offset_ms > 0 {
            "ahead"
        } else {
            "behind"
        };
        format!(
            "{} {way}",
            crate::model::reading_text::span_text(self.offset_ms)
        )
    }
}

/// What the sync can tell: from the device's Current Time when it was read, else from
/// the newest record's time against when it arrived (only a clock that is ahead shows
/// that way). `None` when neither says anything.
pub fn check(
    clock: Option<DeviceClock>,
    newest_record: Option<(DateTime<FixedOffset>, DateTime<Utc>)>,
    zone: Zone,
) -> Option<ClockCheck> {
    if let Some(c) = clock {
        let device_now = zone.place(c.device_time);
        return Some(ClockCheck {
            offset_ms: (device_now.to_utc() - c.read_at).num_milliseconds(),
            source: ClockSource::CurrentTime,
        });
    }
    let (taken, received) = newest_record?;
    let ahead = (taken.to_utc() - received).num_milliseconds();
    (ahead > 0).then_some(ClockCheck {
        offset_ms: ahead,
        source: ClockSource::NewestRecord,
    })
}

/// Which records a correction by `offset_ms` moves, given the records' times in the
/// device's numbering order: those from where the clock jumped (the first step between
/// neighbours of at least the offset, less an hour) to the end; every record when no
/// jump shows, because then the clock was off for all of them.
pub fn corrected_from(times_in_order: &[i64], offset_ms: i64) -> usize {
    let step = offset_ms.abs() - CLOCK_OFF_AFTER.num_milliseconds();
    if step <= 0 {
        return 0;
    }
    times_in_order
        .windows(2)
        .position(|w| {
            let jump = w[1] - w[0];
            if offset_ms > 0 {
                jump >= step
            } else {
                -jump >= step
            }
        })
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_read_from_the_device_gives_its_offset() {
        let read_at = DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .expect("t")
            .to_utc();
        let device_time = chrono::NaiveDate::from_ymd_opt(2031, 11, 30)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("t");
        let c = check(
            Some(DeviceClock {
                device_time,
                read_at,
            }),
            None,
            Zone::Fixed(FixedOffset::east_opt(0).expect("utc")),
        )
        .expect("check");
        assert_eq!(c.source, ClockSource::CurrentTime);
        assert!(c.is_off());
        assert!(c.offset_ms > 4 * 365 * 86_400_000);
    }

    #[test]
    fn without_current_time_only_a_clock_ahead_shows() {
        let received = DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .expect("t")
            .to_utc();
        let past = DateTime::parse_from_rfc3339("2026-12-01T09:00:00+00:00").expect("t");
        assert_eq!(check(None, Some((past, received)), Zone::Local), None);
        let future = DateTime::parse_from_rfc3339("2031-12-01T09:00:00+00:00").expect("t");
        let c = check(None, Some((future, received)), Zone::Local).expect("ahead");
        assert_eq!(c.source, ClockSource::NewestRecord);
        assert!(c.is_off());
    }

    #[test]
    fn a_correction_moves_the_records_from_the_jump_on() {
        let day = 86_400_000;
        let years = 5 * 365 * day;
        let times = [0, day, 2 * day, 3 * day + years, 4 * day + years];
        assert_eq!(corrected_from(&times, years), 3);
        // No jump: the clock was off for every record.
        let all = [years, years + day];
        assert_eq!(corrected_from(&all, years), 0);
    }
}
