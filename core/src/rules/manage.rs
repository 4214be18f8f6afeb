//! The person's rules: the active version of each, their history, and changes. A change
//! is checked on its own (`validate.rs`) and against the other rules (a low limit below
//! the high one), a safety rule is only turned off when the person confirms, and the
//! change is stored as a new version and evaluated over every reading, all in the
//! caller's transaction.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};

use super::error::{RulesError, RulesResult};
use super::evaluate::reevaluate;
use super::rule::{Rule, StoredRule};
use super::store::{active_rules, insert_rule_version, rule_versions};
use super::validate::check_rule_set;
use crate::model::{Author, ValidationError};

/// The active version of every rule (shipped defaults until changed).
pub fn rules(conn: &Connection) -> RulesResult<Vec<StoredRule>> {
    Ok(active_rules(conn)?.as_ref().clone())
}

/// The active version of one rule.
pub fn rule(conn: &Connection, rule_id: &str) -> RulesResult<StoredRule> {
    rules(conn)?
        .into_iter()
        .find(|r| r.rule.id == rule_id)
        .ok_or_else(|| RulesError::UnknownRule(rule_id.to_string()))
}

/// Every stored version of a rule, oldest first (the shipped default is version 1).
pub fn rule_history(conn: &Connection, rule_id: &str) -> RulesResult<Vec<StoredRule>> {
    let stored = rule_versions(conn, rule_id)?;
    if stored.is_empty() {
        return Ok(vec![rule(conn, rule_id)?]);
    }
    Ok(stored)
}

/// Since when, and by whom, a rule has been off: the first version of the latest run of
/// versions that are off. `None` for a rule that is on.
pub fn off_since(history: &[StoredRule]) -> Option<&StoredRule> {
    let mut since = None;
    for version in history.iter().rev() {
        if version.rule.enabled {
            break;
        }
        since = Some(version);
    }
    since
}

/// Stores `rule` as a new version (the person's or a delegate's change; old versions
/// stay) and evaluates it in full. Readings an earlier version already notified about do
/// not notify again. Turning a safety rule off needs `confirmed`.
pub fn set_rule(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    rule: Rule,
    author: &Author,
    confirmed: bool,
) -> RulesResult<StoredRule> {
    rule.validate()?;
    let active = active_rules(tx)?;
    let known = active.iter().find(|r| r.rule.id == rule.id);
    if let Some(k) = known {
        if k.rule.body.type_name() != rule.body.type_name() {
            return Err(ValidationError::new("type", "a rule's type cannot change").into());
        }
        if rule.is_safety_rule() && k.rule.enabled && !rule.enabled && !confirmed {
            return Err(RulesError::NeedsConfirmation {
                rule_id: rule.id.clone(),
                title: rule.title.clone(),
            });
        }
    }
    let others: Vec<Rule> = active.iter().map(|s| s.rule.clone()).collect();
    check_rule_set(&rule, &others)?;
    let now_ms = now.timestamp_millis();
    let stored = insert_rule_version(tx, &rule, author, now_ms)?;
    reevaluate(tx, now_ms, &stored)?;
    Ok(stored)
}

/// Changes settings of a rule (`key=value` pairs; see [`Rule::with_settings`]) and
/// stores the result as a new version.
pub fn change_rule(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    rule_id: &str,
    settings: &[(String, String)],
    author: &Author,
    confirmed: bool,
) -> RulesResult<StoredRule> {
    let changed = rule(tx, rule_id)?.rule.with_settings(settings)?;
    set_rule(tx, now, changed, author, confirmed)
}
