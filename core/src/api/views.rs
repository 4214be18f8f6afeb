//! What screens show, computed once for every shell: a reading with its text and the
//! note on a doubtful time, an entry with its summary and (for a module) its score and
//! attention advice, a kind's overview with its 7- and 30-day windows, a rule with
//! whether it is off, since when and by whom.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::reading_text::{mean_text, time_note, value_text};
use crate::model::{Author, Entry, EntryKind, ModuleView, Reading, ReadingKind, Section};
use crate::rules::StoredRule;
use crate::store::reading_days::DailySummary;
use crate::store::reading_overview::KindFigures;

/// A reading as a screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadingView {
    /// The reading (its fields sit beside the others in JSON).
    #[serde(flatten)]
    pub reading: Reading,
    /// Its value in words: "5.4 mmol/L", "LO (below what the meter measures)".
    pub text: String,
    /// Whether its time can be trusted (only then does it count for alerts and trends).
    pub time_trusted: bool,
    /// The note shown beside a doubtful or corrected time.
    pub time_note: Option<String>,
}

impl ReadingView {
    /// The view of `reading`.
    pub fn of(reading: Reading) -> Self {
        Self {
            text: value_text(&reading.reading.value, &reading.reading.flags),
            time_trusted: reading.reading.time_trusted(),
            time_note: time_note(&reading.reading).map(str::to_string),
            reading,
        }
    }
}

/// An entry as a screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryView {
    /// The entry.
    pub entry: Entry,
    /// Its kind.
    pub kind: EntryKind,
    /// The section it belongs in.
    pub section: Section,
    /// One line for lists.
    pub summary: String,
    /// For a module: how far it is filled in, its score, and attention advice.
    pub module: Option<ModuleView>,
}

/// Readings over a window of days ending today: the mean of the days' means (home
/// devices are not calibrated, so the direction over days matters more than any single
/// value), or for a cumulative kind the mean of the days' totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendWindow {
    /// Days in the window.
    pub days: u32,
    /// Days that had readings.
    pub days_with_readings: u32,
    /// Mean of the days' means (or totals) of the main value.
    pub mean: Option<f64>,
    /// Mean of the days' means of the second value (diastolic).
    pub mean_secondary: Option<f64>,
    /// The mean in words, in the kind's unit.
    pub text: String,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

impl TrendWindow {
    /// The window of `days` from the per-day summaries of `kind`.
    pub fn of(kind: ReadingKind, days: u32, summaries: &[DailySummary]) -> Self {
        let with = summaries.iter().filter(|s| s.count > 0);
        let m = if kind.is_cumulative() {
            mean(with.clone().filter_map(|s| s.total))
        } else {
            mean(with.clone().filter_map(|s| s.mean))
        };
        let m2 = mean(with.clone().filter_map(|s| s.mean_secondary));
        Self {
            days,
            days_with_readings: u32::try_from(with.count()).unwrap_or(u32::MAX),
            mean: m,
            mean_secondary: m2,
            text: mean_text(kind, m, m2),
        }
    }
}

/// What the first screen shows for one kind of reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KindOverview {
    /// The kind.
    pub kind: ReadingKind,
    /// How many readings the viewer may see.
    pub count: u64,
    /// The latest reading that counts (the person's own value, at a trusted time).
    pub latest: Option<ReadingView>,
    /// Readings kept aside because their time cannot be trusted.
    pub time_untrusted: u64,
    /// The last 7 days.
    pub week: TrendWindow,
    /// The last 30 days.
    pub month: TrendWindow,
}

impl KindOverview {
    /// The first screen's line for one kind, from the store's figures for it: the 7-day
    /// window is the last seven days of the 30 ending `today`.
    pub fn of(k: KindFigures, today: NaiveDate) -> KindOverview {
        let week_from = today - Duration::days(6);
        let week: Vec<DailySummary> = k
            .month
            .iter()
            .filter(|s| s.date >= week_from)
            .cloned()
            .collect();
        KindOverview {
            kind: k.kind,
            count: k.count,
            latest: k.latest.map(ReadingView::of),
            time_untrusted: k.time_untrusted,
            week: TrendWindow::of(k.kind, 7, &week),
            month: TrendWindow::of(k.kind, 30, &k.month),
        }
    }
}

/// A rule as the rules screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleView {
    /// The active version.
    pub stored: StoredRule,
    /// Whether it is one of the shipped rules that keep the person safe.
    pub safety: bool,
    /// When it was turned off, if it is off.
    pub off_since: Option<DateTime<Utc>>,
    /// Who turned it off (`None`: the shipped default is off).
    pub off_by: Option<Author>,
}
