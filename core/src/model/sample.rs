//! A reading as the rules see it: its numbers, its time and day, and whether it counts.

use chrono::{DateTime, FixedOffset, Utc};

use super::day::local_day;
use super::reading::{NewReading, ReadingFlag, ReadingValue};
use super::reading_kind::ReadingKind;
use super::reading_text::{HI_TEXT, LO_TEXT, number};

/// Which number of a reading a limit looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The main value: glucose, systolic pressure, heart rate, weight ...
    Primary,
    /// The second value: diastolic pressure, sleep quality.
    Secondary,
    /// The pulse a blood pressure cuff measured.
    Pulse,
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
    /// Its time can be trusted. A reading whose time cannot (a meter's clock five years
    /// ahead) never fires a rule, never counts as the latest reading and never moves a
    /// window.
    pub time_trusted: bool,
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
            local_day: local_day(&r.taken_at),
            primary: r.value.primary(),
            secondary: r.value.secondary(),
            pulse,
            below_range: r.flags.contains(&ReadingFlag::BelowDeviceRange),
            above_range: r.flags.contains(&ReadingFlag::AboveDeviceRange),
            excluded: r.flags.contains(&ReadingFlag::ControlSolution)
                || r.flags.contains(&ReadingFlag::DeviceFault),
            time_trusted: r.time_trusted(),
        }
    }

    /// Whether rules may act on it: the person's own value, at a time that can be
    /// trusted.
    pub fn counts(&self) -> bool {
        !self.excluded && self.time_trusted
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

    /// The value in words with its unit: "3.5 mmol/L", "182/95 mmHg", "LO (below what
    /// the meter measures)".
    pub fn value_text(&self) -> String {
        match (self.kind, self.primary, self.secondary) {
            (_, None, _) if self.below_range => LO_TEXT.into(),
            (_, None, _) if self.above_range => HI_TEXT.into(),
            (ReadingKind::BloodPressure, Some(s), Some(d)) => {
                format!("{}/{} mmHg", number(s, 0), number(d, 0))
            }
            // Two decimals, so 2.99 never reads as the 3 it is below.
            (kind, Some(v), _) => format!("{} {}", number(v, 2), kind.unit_text()),
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
