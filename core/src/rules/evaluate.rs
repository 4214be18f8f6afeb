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

use rusqlite::Transaction;

use super::error::{RulesError, RulesResult};
use super::notification::{Firing, NotificationState};
use super::rule::{Rule, RuleBody, StoredRule, ThresholdRule, TrendRule};
use super::store::{self as sql, DAY_MS, ms};
use super::{threshold, trend};
use crate::clock::Clock;
use crate::record::{Author, ReadingKind};
use crate::store::{Record, StoreResult};

/// Times and days a batch of readings covers, per kind.
#[derive(Debug, Clone, Copy)]
struct Span {
    min_ms: i64,
    max_ms: i64,
    min_day: i64,
    max_day: i64,
}

/// The hook the store's ingestion calls after inserting a batch, inside the same
/// transaction: evaluates every enabled reading rule over what the batch touched.
pub(crate) fn evaluate_new_readings(
    tx: &Transaction<'_>,
    clock: &dyn Clock,
    ids: &[i64],
) -> StoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    sql::seed_defaults(tx)?;
    let now_ms = ms(clock.now());
    let mut spans: BTreeMap<ReadingKind, Span> = BTreeMap::new();
    for s in sql::samples_by_ids(tx, ids)? {
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
    for stored in sql::active_rules(tx)?.iter().filter(|r| r.rule.enabled) {
        match &stored.rule.body {
            RuleBody::Threshold(t) => {
                if let Some(span) = spans.get(&t.reading_kind) {
                    threshold_range(tx, now_ms, stored, t, span.min_ms, span.max_ms)?;
                }
            }
            RuleBody::Trend(t) => {
                if let Some(span) = spans.get(&t.reading_kind) {
                    trend_range(tx, now_ms, stored, t, span.min_day, span.max_day)?;
                }
            }
            RuleBody::Missed(m) => {
                // A newer reading ends the gap a missed-measurement reminder was about.
                if let Some(span) = spans.get(&m.reading_kind) {
                    sql::resolve_open_before(tx, &stored.rule.id, span.max_ms, now_ms)?;
                }
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
) -> StoreResult<()> {
    let repeat = i64::from(rule.repeat_after_minutes) * 60_000;
    let cutoff = now_ms - i64::from(rule.max_age_hours) * 3_600_000;
    let lo = from_ms.max(cutoff);
    let hi = to_ms.saturating_add(repeat);
    if lo > hi {
        return Ok(());
    }
    let samples = sql::samples_between(tx, rule.reading_kind, lo - repeat, hi)?;
    let wanted = threshold::firings(rule, &samples, lo, hi);
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
    let samples = sql::samples_on_days(tx, rule.reading_kind, first, hi)?;
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
fn reevaluate(tx: &Transaction<'_>, now_ms: i64, stored: &StoredRule) -> StoreResult<()> {
    if !stored.rule.enabled {
        return Ok(());
    }
    match &stored.rule.body {
        RuleBody::Threshold(t) => {
            if let Some((a, b)) = sql::time_bounds(tx, t.reading_kind)? {
                threshold_range(tx, now_ms, stored, t, a, b)?;
            }
        }
        RuleBody::Trend(t) => {
            if let Some((a, b)) = sql::time_bounds(tx, t.reading_kind)? {
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

impl Record {
    /// Runs `f` in one write transaction with rules errors: any error rolls back.
    pub(crate) fn write_rules<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &dyn Clock) -> RulesResult<T>,
    ) -> RulesResult<T> {
        let mut failure: Option<RulesError> = None;
        let result = self.write(|tx, clock| match f(tx, clock) {
            Ok(value) => Ok(value),
            Err(RulesError::Store(e)) => Err(e),
            Err(other) => {
                failure = Some(other);
                Err(crate::store::StoreError::Storage("rolled back".into()))
            }
        });
        match (result, failure) {
            (_, Some(err)) => Err(err),
            (result, None) => Ok(result?),
        }
    }

    /// The active version of every rule (shipped defaults until changed).
    pub fn rules(&self) -> RulesResult<Vec<StoredRule>> {
        Ok(sql::active_rules(self.conn())?)
    }

    /// The active version of one rule.
    pub fn rule(&self, rule_id: &str) -> RulesResult<StoredRule> {
        self.rules()?
            .into_iter()
            .find(|r| r.rule.id == rule_id)
            .ok_or_else(|| RulesError::UnknownRule(rule_id.to_string()))
    }

    /// Every stored version of a rule, oldest first (the shipped default is version 1).
    pub fn rule_history(&self, rule_id: &str) -> RulesResult<Vec<StoredRule>> {
        let stored = sql::rule_versions(self.conn(), rule_id)?;
        if stored.is_empty() {
            return Ok(vec![self.rule(rule_id)?]);
        }
        Ok(stored)
    }

    /// Stores `rule` as a new version (the person's or a delegate's change; old versions
    /// stay) and evaluates it in full. Readings an earlier version already notified
    /// about do not notify again.
    pub fn set_rule(&mut self, rule: Rule, author: Author) -> RulesResult<StoredRule> {
        rule.validate()?;
        let known = self.rules()?.into_iter().find(|r| r.rule.id == rule.id);
        if let Some(k) = &known
            && k.rule.body.type_name() != rule.body.type_name()
        {
            return Err(
                crate::record::ValidationError::new("type", "a rule's type cannot change").into(),
            );
        }
        self.write_rules(|tx, clock| {
            let stored = sql::insert_rule_version(tx, &rule, &author, ms(clock.now()))?;
            reevaluate(tx, ms(clock.now()), &stored)?;
            Ok(stored)
        })
    }

    /// Changes settings of a rule (`key=value` pairs; see [`Rule::with_settings`]) and
    /// stores the result as a new version.
    pub fn change_rule(
        &mut self,
        rule_id: &str,
        settings: &[(String, String)],
        author: Author,
    ) -> RulesResult<StoredRule> {
        let changed = self.rule(rule_id)?.rule.with_settings(settings)?;
        self.set_rule(changed, author)
    }

    /// Evaluates every enabled reading rule over every reading, as after a rule change.
    pub fn reevaluate_rules(&mut self) -> RulesResult<()> {
        self.write_rules(|tx, clock| {
            sql::seed_defaults(tx)?;
            for stored in sql::active_rules(tx)? {
                reevaluate(tx, ms(clock.now()), &stored)?;
            }
            Ok(())
        })
    }
}
