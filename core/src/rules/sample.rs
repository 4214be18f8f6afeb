//! A reading as the rules see it: its numbers, its time and day, and whether it counts.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::rule::Measure;
use crate::record::{NewReading, ReadingFlag, ReadingKind, ReadingValue};

/// Days since 1970-01-01 of a date (the `local_day` of a reading).
pub fn day_number(date: NaiveDate) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (date - epoch).num_days()
}

/// The date of a day number.
pub fn day_date(day: i64) -> NaiveDate {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    epoch + chrono::Duration::days(day)
}

/// One reading, reduced to what rules look at.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// The reading's id.
    pub id: i64,
    /// Its kind.
    pub kind: ReadingKind,
    /// When it was taken, milliseconds since the Unix epoch.
    pub taken_at_ms: i64,
    /// The UTC offset where it was taken, in minutes.
    pub utc_offset_min: i32,
    /// The day in its own offset (days since 1970-01-01).
    pub local_day: i64,
    /// The primary value (glucose, systolic ...); `None` for a meter's LO or HI.
    pub primary: Option<f64>,
    /// The secondary value (diastolic ...).
    pub secondary: Option<f64>,
    /// The pulse a cuff measured.
    pub pulse: Option<f64>,
    /// The meter reported LO: below what it can measure.
    pub below_range: bool,
    /// The meter reported HI: above what it can measure.
    pub above_range: bool,
    /// A control-solution test or a device fault: not the person's value, never alerts.
    pub excluded: bool,
}

impl Sample {
    /// A sample from a reading (for shells and tests that evaluate before storing).
    pub fn from_reading(id: i64, r: &NewReading) -> Self {
        let pulse = match r.value {
            ReadingValue::BloodPressure { pulse_per_min, .. } => pulse_per_min,
            _ => None,
        };
        Self {
            id,
            kind: r.value.kind(),
            taken_at_ms: r.taken_at.timestamp_millis(),
            utc_offset_min: r.taken_at.offset().local_minus_utc() / 60,
            local_day: day_number(r.taken_at.date_naive()),
            primary: r.value.primary(),
            secondary: r.value.secondary(),
            pulse,
            below_range: r.flags.contains(&ReadingFlag::BelowDeviceRange),
            above_range: r.flags.contains(&ReadingFlag::AboveDeviceRange),
            excluded: r.flags.contains(&ReadingFlag::ControlSolution)
                || r.flags.contains(&ReadingFlag::DeviceFault),
        }
    }

    /// The value of `measure`. A meter's LO counts as below every limit and its HI as
    /// above every limit, so "LO" always raises the most severe low-glucose band.
    pub fn measure(&self, measure: Measure) -> Option<f64> {
        match measure {
            Measure::Primary => self.primary.or(if self.below_range {
                Some(f64::NEG_INFINITY)
            } else if self.above_range {
                Some(f64::INFINITY)
            } else {
                None
            }),
            Measure::Secondary => self.secondary,
            Measure::Pulse => self.pulse,
        }
    }

    /// When it was taken, in its own offset.
    pub fn local_time(&self) -> Option<DateTime<FixedOffset>> {
        let offset = FixedOffset::east_opt(self.utc_offset_min * 60)?;
        DateTime::<Utc>::from_timestamp_millis(self.taken_at_ms).map(|t| t.with_timezone(&offset))
    }

    /// The value in words with its unit: "3.5 mmol/L", "182/95 mmHg", "LO (below the
    /// meter's range)".
    pub fn value_text(&self) -> String {
        let num = |v: f64| {
            if (v - v.round()).abs() < 1e-9 {
                format!("{v:.0}")
            } else {
                format!("{v:.1}")
            }
        };
        match (self.kind, self.primary, self.secondary) {
            (_, None, _) if self.below_range => "LO (below the meter's range)".into(),
            (_, None, _) if self.above_range => "HI (above the meter's range)".into(),
            (ReadingKind::BloodPressure, Some(s), Some(d)) => format!("{}/{} mmHg", num(s), num(d)),
            (kind, Some(v), _) => format!("{} {}", num(v), unit_text(kind)),
            (kind, None, _) => format!("no value ({kind})"),
        }
    }

    /// When it was taken, for a screen: "24 Nov 2026 08:30".
    pub fn time_text(&self) -> String {
        self.local_time()
            .map(|t| t.format("%-d %b %Y %H:%M").to_string())
            .unwrap_or_default()
    }
}

/// A unit as people write it.
pub fn unit_text(kind: ReadingKind) -> &'static str {
    match kind {
        ReadingKind::BloodGlucose => "mmol/L",
        ReadingKind::BloodPressure => "mmHg",
        ReadingKind::HeartRate => "beats a minute",
        ReadingKind::Weight => "kg",
        ReadingKind::Steps => "steps",
        ReadingKind::Sleep => "minutes",
        ReadingKind::Alcohol => "units",
        ReadingKind::Mood | ReadingKind::Stress | ReadingKind::SideEffect => "out of 10",
        ReadingKind::MenstrualCycle => "(flow)",
    }
}
