//! Evaluation of reading rules: incremental after each ingest batch, in full after a
//! rule changes. Both evaluate a rule over a range and reconcile the result with what is
//! stored, so that the notifications depend only on the readings (never on how they
//! arrived in batches) and the same readings never fire the same rule twice:
//!
//! - a wanted notification that is not stored, and that no version of the rule has
//!   fired for the same key, is stored;
//! - a stored notification still wanted keeps its state (its wording is refreshed if the
//!   person has not seen it yet);
//! - a stored notification no longer wanted (a late reading showed the episode began
//!   earlier, or a week's average fell back) is deleted if nobody saw it, or resolved.
//!
//! A batch of 500 meter records evaluates each rule once over the batch's time span, not
//! once per reading.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use super::error::RulesResult;
use super::notification::{Firing, NotificationState};
use super::notification_store as sql;
use super::rule::{RuleBody, StoredRule, ThresholdRule, TrendRule};
use super::store::seeded_active_rules;
use super::{threshold, trend};
use crate::model::day::DAY_MS;
use crate::model::{ReadingKind, Sample};
use crate::store::StoreResult;
use crate::store::readings;

/// Times and days a batch of readings covers, per kind.
#[derive(Debug, Clone, Copy)]
struct Span {
    min_ms: i64,
    max_ms: i64,
    min_day: i64,
    max_day: i64,
}

/// Evaluates every enabled reading rule over what a batch of new (or changed) readings
/// touched, inside the caller's transaction: the façade runs this in the same transaction
/// as the insert, so a reading and the alert it raises are stored together or not at all.
/// Readings whose time cannot be trusted are left out by the rules themselves.
pub fn on_new_readings(tx: &Transaction<'_>, now: DateTime<Utc>, ids: &[i64]) -> RulesResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    on_new_samples(tx, now, &readings::samples_by_ids(tx, ids)?)
}

/// [`on_new_readings`] for readings the caller already holds as samples (the store's
/// batch insert returns them), so the batch is not read back.
pub fn on_new_samples(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    samples: &[Sample],
) -> RulesResult<()> {
    if samples.is_empty() {
        return Ok(());
    }
    let rules = seeded_active_rules(tx)?;
    let now_ms = now.timestamp_millis();
    let mut spans: BTreeMap<ReadingKind, Span> = BTreeMap::new();
    // The newest reading of each kind that counts: only a reading at a trusted time ends
    // the gap a missed-measurement reminder is about (a meter dating its readings five
    // years ahead must not silence the reminder).
    let mut newest_counted: BTreeMap<ReadingKind, i64> = BTreeMap::new();
    for s in samples {
        if s.counts() {
            let newest = newest_counted.entry(s.kind).or_insert(s.taken_at_ms);
            *newest = (*newest).max(s.taken_at_ms);
        }
        let span = spans.entry(s.kind).or_insert(Span {
            min_ms: s.taken_at_ms,
            max_ms: s.taken_at_ms,
            min_day: s.local_day,
            max_day: s.local_day,
        });
        span.min_ms = span.min_ms.min(s.taken_at_ms);
        span.max_ms = span.max_ms.max(s.taken_at_ms);
        span.min_day = span.min_day.min(s.local_day);
        span.max_day = span.max_day.max(s.local_day);
    }
    let mut loaded = Loaded::default();
    for stored in rules.iter().filter(|r| r.rule.enabled) {
        match &stored.rule.body {
            RuleBody::Threshold(t) => {
                if let Some(span) = spans.get(&t.reading_kind) {
                    threshold_range(tx, now_ms, stored, t, span.min_ms, span.max_ms, &mut loaded)?;
                }
            }
            RuleBody::Trend(t) => {
                if let Some(span) = spans.get(&t.reading_kind) {
                    trend_range(tx, now_ms, stored, t, span.min_day, span.max_day)?;
                }
            }
            RuleBody::Missed(m) => {
                // A newer reading ends the gap a missed-measurement reminder was about.
                if let Some(newest) = newest_counted.get(&m.reading_kind) {
                    sql::resolve_open_before(tx, &stored.rule.id, *newest, now_ms)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Samples already read in one evaluation, by (kind, from, to): the low and the high
/// glucose rules look at the same readings, which are then read once.
#[derive(Default)]
struct Loaded(Vec<((ReadingKind, i64, i64), Vec<Sample>)>);

impl Loaded {
    fn between(
        &mut self,
        tx: &Transaction<'_>,
        kind: ReadingKind,
        from_ms: i64,
        to_ms: i64,
    ) -> StoreResult<&[Sample]> {
        let key = (kind, from_ms, to_ms);
        let i = match self.0.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                let samples = readings::samples_between(tx, kind, from_ms, to_ms)?;
                self.0.push((key, samples));
                self.0.len() - 1
            }
        };
        Ok(&self.0[i].1)
    }
}

/// Evaluates the reading rules of `kind` again over `[from_ms, to_ms]`, after readings
/// there were deleted: an alert no longer borne out by the readings is withdrawn (if
/// nobody saw it) or resolved.
pub fn on_removed_readings(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    kind: ReadingKind,
    from_ms: i64,
    to_ms: i64,
) -> RulesResult<()> {
    let rules = seeded_active_rules(tx)?;
    let now_ms = now.timestamp_millis();
    let mut loaded = Loaded::default();
    for stored in rules.iter().filter(|r| r.rule.enabled) {
        match &stored.rule.body {
            RuleBody::Threshold(t) if t.reading_kind == kind => {
                threshold_range(tx, now_ms, stored, t, from_ms, to_ms, &mut loaded)?;
            }
            RuleBody::Trend(t) if t.reading_kind == kind => {
                // Local days reach one day either side of the UTC day.
                let (a, b) = (from_ms.div_euclid(DAY_MS) - 1, to_ms.div_euclid(DAY_MS) + 1);
                trend_range(tx, now_ms, stored, t, a, b)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Evaluates a threshold rule for readings taken in `[from_ms, to_ms]` (and the readings
/// after them whose episode they may change).
fn threshold_range(
    tx: &Transaction<'_>,
    now_ms: i64,
    stored: &StoredRule,
    rule: &ThresholdRule,
    from_ms: i64,
    to_ms: i64,
    loaded: &mut Loaded,
) -> StoreResult<()> {
    let repeat = i64::from(rule.repeat_after_minutes) * 60_000;
    let cutoff = now_ms - i64::from(rule.max_age_hours) * 3_600_000;
    let lo = from_ms.max(cutoff);
    let hi = to_ms.saturating_add(repeat);
    if lo > hi {
        return Ok(());
    }
    let samples = loaded.between(tx, rule.reading_kind, lo - repeat, hi)?;
    let wanted = threshold::firings(rule, samples, lo, hi);
    reconcile(tx, now_ms, stored, lo, hi, wanted)
}

/// Evaluates a trend rule for episodes that readings on days `[from_day, to_day]` may
/// start, move or end. Windows ending before the live horizon (`max_age_days` before
/// today) are history: they neither notify nor change stored notifications.
fn trend_range(
    tx: &Transaction<'_>,
    now_ms: i64,
    stored: &StoredRule,
    rule: &TrendRule,
    from_day: i64,
    to_day: i64,
) -> StoreResult<()> {
    let live_from = now_ms.div_euclid(DAY_MS) - i64::from(rule.max_age_days);
    let lo = from_day.max(live_from);
    let hi = to_day + rule.reach_days();
    if lo > hi {
        return Ok(());
    }
    let first = lo - rule.reach_days() - trend::EPISODE_LOOKBACK_DAYS;
    let samples = readings::samples_on_days(tx, rule.reading_kind, first, hi)?;
    let days = trend::day_stats(&samples);
    let notified = sql::key_times(
        tx,
        &stored.rule.id,
        trend::day_key_ms(first),
        trend::day_key_ms(lo) - 1,
    )?
    .into_iter()
    .map(|t| t.div_euclid(DAY_MS))
    .collect();
    let wanted = trend::firings(
        &stored.rule.title,
        rule,
        &days,
        (lo, hi),
        live_from,
        &notified,
    );
    reconcile(
        tx,
        now_ms,
        stored,
        trend::day_key_ms(lo),
        trend::day_key_ms(hi),
        wanted,
    )
}

/// Makes the stored notifications of `stored` with key times in `[lo_ms, hi_ms]` match
/// `wanted` (see the module comment).
fn reconcile(
    tx: &Transaction<'_>,
    now_ms: i64,
    stored: &StoredRule,
    lo_ms: i64,
    hi_ms: i64,
    wanted: Vec<Firing>,
) -> StoreResult<()> {
    let id = &stored.rule.id;
    let mut existing: HashMap<String, sql::Existing> =
        sql::existing_between(tx, id, stored.version, lo_ms, hi_ms)?
            .into_iter()
            .map(|e| (e.key.clone(), e))
            .collect();
    for firing in wanted {
        match existing.remove(&firing.key) {
            Some(e) => {
                if e.state == NotificationState::New && sql::differs(&e, &firing)? {
                    sql::update_payload(tx, e.id, &firing)?;
                }
            }
            None => {
                if !sql::key_fired(tx, id, &firing.key)? {
                    sql::insert_notification(tx, id, stored.version, &firing, now_ms)?;
                }
            }
        }
    }
    for gone in existing.into_values() {
        match gone.state {
            NotificationState::New => sql::delete_notification(tx, gone.id)?,
            NotificationState::Shown | NotificationState::Snoozed { .. } => {
                sql::set_state(tx, gone.id, NotificationState::Resolved, now_ms)?;
            }
            NotificationState::Acknowledged | NotificationState::Resolved => {}
        }
    }
    Ok(())
}

/// Evaluates a reading rule over every reading of its kind (after the rule changed).
pub(crate) fn reevaluate(
    tx: &Transaction<'_>,
    now_ms: i64,
    stored: &StoredRule,
) -> StoreResult<()> {
    if !stored.rule.enabled {
        return Ok(());
    }
    match &stored.rule.body {
        RuleBody::Threshold(t) => {
            if let Some((a, b)) = readings::time_bounds(tx, t.reading_kind)? {
                threshold_range(tx, now_ms, stored, t, a, b, &mut Loaded::default())?;
            }
        }
        RuleBody::Trend(t) => {
            if let Some((a, b)) = readings::time_bounds(tx, t.reading_kind)? {
                // Local days reach one day either side of the UTC day.
                trend_range(
                    tx,
                    now_ms,
                    stored,
                    t,
                    a.div_euclid(DAY_MS) - 1,
                    b.div_euclid(DAY_MS) + 1,
                )?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Evaluates every enabled reading rule over every reading.
pub fn reevaluate_all(tx: &Transaction<'_>, now: DateTime<Utc>) -> RulesResult<()> {
    for stored in seeded_active_rules(tx)?.iter() {
        reevaluate(tx, now.timestamp_millis(), stored)?;
    }
    Ok(())
}
