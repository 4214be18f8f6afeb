//! Threshold rules: which band a single reading falls in, and which readings notify.
//! Pure functions over samples; `evaluate.rs` feeds them and stores the result.

use super::advice::{AdviceValues, fill, limits_text};
use super::notification::{Category, Firing};
use super::rule::{Band, ThresholdRule};
use crate::model::Sample;

impl ThresholdRule {
    /// The most severe band `sample` is in (the first of equally severe ones), or `None`.
    /// Readings of another kind, control-solution tests, device faults and readings whose
    /// time cannot be trusted are in none: a rule never acts on a value or a time it
    /// cannot trust.
    pub fn band_for(&self, sample: &Sample) -> Option<&Band> {
        if sample.kind != self.reading_kind || !sample.counts() {
            return None;
        }
        let mut best: Option<&Band> = None;
        for band in &self.bands {
            let hit = band
                .when
                .iter()
                .any(|l| sample.measure(l.measure).is_some_and(|v| l.holds(v)));
            if hit && best.is_none_or(|b| band.severity > b.severity) {
                best = Some(band);
            }
        }
        best
    }

    /// The advice of `band` with the limits in force written in.
    pub fn advice(&self, band: &Band) -> String {
        fill(
            &band.advice,
            &AdviceValues::of_limits(self.reading_kind, &band.when),
        )
    }
}

/// The notifications a threshold rule wants for the samples whose time is in
/// `[lo_ms, hi_ms]`. `samples` holds every sample of the rule's kind from
/// `lo_ms - repeat` to `hi_ms`, sorted by (time, id), so that each candidate can look back
/// for an earlier reading of the same episode.
pub(crate) fn firings(
    rule: &ThresholdRule,
    samples: &[Sample],
    lo_ms: i64,
    hi_ms: i64,
) -> Vec<Firing> {
    let repeat_ms = i64::from(rule.repeat_after_minutes) * 60_000;
    let bands: Vec<Option<&Band>> = samples.iter().map(|s| rule.band_for(s)).collect();
    let mut out = Vec::new();
    for (i, sample) in samples.iter().enumerate() {
        if sample.taken_at_ms < lo_ms || sample.taken_at_ms > hi_ms {
            continue;
        }
        let Some(band) = bands[i] else { continue };
        // Same episode: an earlier reading, less than `repeat` before, in a band at least
        // as severe. Samples are sorted, so walk back until outside the window.
        let same_episode = repeat_ms > 0
            && (0..i)
                .rev()
                .take_while(|&j| sample.taken_at_ms - samples[j].taken_at_ms < repeat_ms)
                .any(|j| bands[j].is_some_and(|b| b.severity >= band.severity));
        if same_episode {
            continue;
        }
        out.push(Firing {
            key: format!("reading:{}", sample.id),
            key_time_ms: sample.taken_at_ms,
            category: Category::Alert,
            severity: band.severity,
            title: band.title.clone(),
            detail: format!(
                "{} at {} ({})",
                sample.value_text(),
                sample.time_text(),
                limits_text(rule.reading_kind, &band.when)
            ),
            advice: rule.advice(band),
            readings: vec![sample.id],
            entries: Vec::new(),
            due_at_ms: sample.taken_at_ms,
        });
    }
    out
}
