//! Trend rules over days: a rolling mean beyond limits (home blood pressure), or a change
//! in percent (weight). A trend is judged on each day that has readings, over the window
//! ending that day. It notifies once per episode: on a day where it holds when it did not
//! hold on the previous day with readings (within one window). So a week of high readings
//! gives one alert, not seven, and the result depends only on the readings, never on how
//! they were split into batches.

use std::collections::{BTreeMap, BTreeSet};

use super::advice::{AdviceValues, fill, limits_text};
use super::notification::{Category, Firing};
use super::rule::{Measure, TrendRule, TrendTest};
use crate::model::day::{DAY_MS, day_date};
use crate::model::{ReadingKind, Sample};

/// Most reading ids kept on a trend notification (a sensor can give thousands a week).
const MAX_TREND_READINGS: usize = 200;

/// One day's readings of a kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayStats {
    /// Sum and count of the primary values.
    pub sum1: f64,
    /// How many primary values.
    pub n1: u32,
    /// Sum of the secondary values.
    pub sum2: f64,
    /// How many secondary values.
    pub n2: u32,
    /// The readings.
    pub ids: Vec<i64>,
}

/// Per-day statistics of samples. Left out: control-solution tests and device faults,
/// readings whose time cannot be trusted (they would move a window they do not belong
/// to), and LO/HI values (a trend needs numbers).
pub fn day_stats(samples: &[Sample]) -> BTreeMap<i64, DayStats> {
    let mut days: BTreeMap<i64, DayStats> = BTreeMap::new();
    for s in samples.iter().filter(|s| s.counts()) {
        let Some(p) = s.primary else { continue };
        let day = days.entry(s.local_day).or_default();
        day.sum1 += p;
        day.n1 += 1;
        if let Some(v) = s.secondary {
            day.sum2 += v;
            day.n2 += 1;
        }
        day.ids.push(s.id);
    }
    days
}

/// A trend that holds on a day, with what was found.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendOutcome {
    /// Whether the trend is beyond its limit.
    pub holds: bool,
    /// What was found, in words.
    pub detail: String,
    /// The readings it looked at.
    pub readings: Vec<i64>,
}

fn fmt1(v: f64) -> String {
    format!("{v:.1}").trim_end_matches(".0").to_string()
}

impl TrendRule {
    /// The trend on `day`, or `None` when it cannot be judged there (no readings that
    /// day, too few days in the window, nothing to compare with).
    pub fn judge(&self, days: &BTreeMap<i64, DayStats>, day: i64) -> Option<TrendOutcome> {
        let today = days.get(&day)?;
        let n = i64::from(self.window_days);
        match &self.test {
            TrendTest::Mean { when } => {
                let window: Vec<_> = days.range(day - n + 1..=day).map(|(_, s)| s).collect();
                if window.len() < self.min_days_with_readings as usize {
                    return None;
                }
                let (s1, n1, s2, n2) = window.iter().fold((0.0, 0u32, 0.0, 0u32), |a, s| {
                    (a.0 + s.sum1, a.1 + s.n1, a.2 + s.sum2, a.3 + s.n2)
                });
                let mean1 = (n1 > 0).then(|| s1 / f64::from(n1));
                let mean2 = (n2 > 0).then(|| s2 / f64::from(n2));
                let holds = when.iter().any(|l| {
                    let v = match l.measure {
                        Measure::Primary => mean1,
                        Measure::Secondary => mean2,
                        Measure::Pulse => None,
                    };
                    v.is_some_and(|v| l.holds(v))
                });
                let value = match (self.reading_kind, mean1, mean2) {
                    (ReadingKind::BloodPressure, Some(a), Some(b)) => {
                        format!("{}/{} mmHg", fmt1(a), fmt1(b))
                    }
                    (kind, Some(a), _) => format!("{} {}", fmt1(a), kind.unit_text()),
                    _ => "no value".into(),
                };
                let readings: Vec<i64> =
                    window.iter().flat_map(|s| s.ids.iter().copied()).collect();
                Some(TrendOutcome {
                    holds,
                    detail: format!(
                        "Average {value} over the {n} days to {} ({} readings on {} days)",
                        day_date(day).format("%-d %b %Y"),
                        readings.len(),
                        window.len()
                    ),
                    readings: readings.into_iter().take(MAX_TREND_READINGS).collect(),
                })
            }
            TrendTest::PercentChange { is, percent } => {
                let (first_day, first) = days.range(day - n..day).next()?;
                let in_window = days.range(*first_day..=day).count();
                if in_window < self.min_days_with_readings as usize
                    || first.n1 == 0
                    || today.n1 == 0
                {
                    return None;
                }
                let before = first.sum1 / f64::from(first.n1);
                let now = today.sum1 / f64::from(today.n1);
                if before == 0.0 {
                    return None;
                }
                let change = (now - before) / before * 100.0;
                let unit = self.reading_kind.unit_text();
                let mut readings = first.ids.clone();
                readings.extend(&today.ids);
                Some(TrendOutcome {
                    holds: is.holds(change, *percent),
                    detail: format!(
                        "{} {unit} on {}, {} {}% from {} {unit} on {}",
                        fmt1(now),
                        day_date(day).format("%-d %b %Y"),
                        if change < 0.0 { "down" } else { "up" },
                        fmt1(change.abs()),
                        fmt1(before),
                        day_date(*first_day).format("%-d %b %Y"),
                    ),
                    readings,
                })
            }
        }
    }

    fn previous_day(&self, days: &BTreeMap<i64, DayStats>, day: i64) -> Option<i64> {
        let n = i64::from(self.window_days);
        days.range(day - n..day).next_back().map(|(d, _)| *d)
    }

    fn holds(&self, days: &BTreeMap<i64, DayStats>, day: i64) -> bool {
        self.judge(days, day).is_some_and(|o| o.holds)
    }

    /// Whether the trend starts an episode on `day`: it holds there, and did not hold on
    /// the previous day with readings within one window.
    pub fn starts_episode(&self, days: &BTreeMap<i64, DayStats>, day: i64) -> Option<TrendOutcome> {
        let outcome = self.judge(days, day).filter(|o| o.holds)?;
        let held_before = self
            .previous_day(days, day)
            .is_some_and(|p| self.holds(days, p));
        (!held_before).then_some(outcome)
    }

    /// The first day of the episode `day` belongs to, as far back as `days` reaches.
    fn episode_start(&self, days: &BTreeMap<i64, DayStats>, day: i64) -> i64 {
        let mut start = day;
        while let Some(p) = self
            .previous_day(days, start)
            .filter(|p| self.holds(days, *p))
        {
            start = p;
        }
        start
    }

    /// How many days before a changed day can still change a judgement on or after it:
    /// loading readings from `first - reach()` is enough to judge days from `first` on.
    pub fn reach_days(&self) -> i64 {
        2 * i64::from(self.window_days) + 1
    }
}

/// Milliseconds of the start of a day number (UTC), the key time of a trend notification.
pub(crate) fn day_key_ms(day: i64) -> i64 {
    day * DAY_MS
}

impl TrendRule {
    /// The advice with the numbers in force written in.
    pub fn filled_advice(&self) -> String {
        let mut values = AdviceValues {
            window: Some(format!("{} days", self.window_days)),
            ..Default::default()
        };
        match &self.test {
            TrendTest::Mean { when } => {
                values = AdviceValues {
                    window: values.window,
                    ..AdviceValues::of_limits(self.reading_kind, when)
                };
                values.limits = Some(limits_text(self.reading_kind, when));
            }
            TrendTest::PercentChange { percent, .. } => {
                values.percent = Some(format!("{}%", fmt1(percent.abs())));
            }
        }
        fill(&self.advice, &values)
    }
}

/// How far back an episode is followed to find an earlier alert for it.
pub(crate) const EPISODE_LOOKBACK_DAYS: i64 = 92;

/// The notifications a trend rule wants on days in `[lo_day, hi_day]`, none before
/// `live_from` (the live horizon). An episode notifies on its first day; an episode that
/// began before the live horizon (a month of history imported at once) notifies on its
/// first live day, unless `notified` (days this rule already notified on) shows an alert
/// earlier in the same episode. `days` must hold every day from
/// `lo_day - reach_days() - EPISODE_LOOKBACK_DAYS` on.
pub(crate) fn firings(
    title: &str,
    rule: &TrendRule,
    days: &BTreeMap<i64, DayStats>,
    (lo_day, hi_day): (i64, i64),
    live_from: i64,
    notified: &BTreeSet<i64>,
) -> Vec<Firing> {
    let mut out = Vec::new();
    for (&day, _) in days.range(lo_day.max(live_from)..=hi_day) {
        let Some(outcome) = rule.judge(days, day).filter(|o| o.holds) else {
            continue;
        };
        if let Some(p) = rule
            .previous_day(days, day)
            .filter(|p| rule.holds(days, *p))
        {
            if p >= live_from {
                continue; // the episode notified on an earlier live day
            }
            let start = rule.episode_start(days, p);
            if notified.range(start..day).next().is_some() {
                continue;
            }
        }
        out.push(Firing {
            key: format!("day:{day}"),
            key_time_ms: day_key_ms(day),
            category: Category::Alert,
            severity: rule.severity,
            title: title.to_string(),
            detail: outcome.detail,
            advice: rule.filled_advice(),
            readings: outcome.readings,
            entries: Vec::new(),
            due_at_ms: day_key_ms(day),
        });
    }
    out
}
