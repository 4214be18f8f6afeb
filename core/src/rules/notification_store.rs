//! SQL for notifications: reconciliation reads and writes, states, listings.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::notification::{Category, Firing, Notification, NotificationState};
use super::rule::Severity;
use crate::store::codec::{from_millis, millis, to_json};
use crate::store::{StoreError, StoreResult};

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        reason: what.to_string(),
    }
}

/// A stored notification's revisable part.
pub(crate) struct Existing {
    pub id: i64,
    pub key: String,
    pub state: NotificationState,
    pub severity: String,
    pub detail: String,
    pub readings: String,
}

fn state_from(name: &str, until: Option<i64>) -> StoreResult<NotificationState> {
    Ok(match (name, until) {
        ("new", _) => NotificationState::New,
        ("shown", _) => NotificationState::Shown,
        ("acknowledged", _) => NotificationState::Acknowledged,
        ("resolved", _) => NotificationState::Resolved,
        ("snoozed", Some(ms)) => NotificationState::Snoozed {
            until: from_millis(ms)?,
        },
        (other, _) => return Err(corrupt(format!("unknown notification state '{other}'"))),
    })
}

/// Notifications of one rule version whose key time is in `[lo_ms, hi_ms]`.
pub(crate) fn existing_between(
    conn: &Connection,
    rule_id: &str,
    version: u32,
    lo_ms: i64,
    hi_ms: i64,
) -> StoreResult<Vec<Existing>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, fire_key, state, snoozed_until_ms, severity, detail, readings FROM notifications
         WHERE rule_id = ?1 AND rule_version = ?2 AND key_time_ms BETWEEN ?3 AND ?4",
    )?;
    let rows = stmt
        .query_map(params![rule_id, version, lo_ms, hi_ms], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(id, key, state, until, severity, detail, readings)| {
            Ok(Existing {
                id,
                key,
                state: state_from(&state, until)?,
                severity,
                detail,
                readings,
            })
        })
        .collect()
}

/// Whether any version of `rule_id` has already fired for `key`. The key's length is
/// named so that the unique index on (rule, key length, key, version) finds it.
pub(crate) fn key_fired(conn: &Connection, rule_id: &str, key: &str) -> StoreResult<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM notifications
             WHERE rule_id = ?1 AND length(fire_key) = length(?2) AND fire_key = ?2 LIMIT 1",
        )?
        .exists(params![rule_id, key])?)
}

/// Key times of every notification of `rule_id` (any version) in `[lo_ms, hi_ms]`.
pub(crate) fn key_times(
    conn: &Connection,
    rule_id: &str,
    lo_ms: i64,
    hi_ms: i64,
) -> StoreResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key_time_ms FROM notifications WHERE rule_id = ?1 AND key_time_ms BETWEEN ?2 AND ?3",
    )?;
    let rows = stmt.query_map(params![rule_id, lo_ms, hi_ms], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Stores a new notification in state `new`. An alert is due when stored; a reminder at
/// its own time.
pub(crate) fn insert_notification(
    tx: &Transaction<'_>,
    rule_id: &str,
    version: u32,
    f: &Firing,
    now_ms: i64,
) -> StoreResult<i64> {
    let due = if f.category == Category::Alert {
        now_ms
    } else {
        f.due_at_ms
    };
    let advice = text_id(tx, &f.advice)?;
    tx.prepare_cached(
        "INSERT INTO notifications (rule_id, rule_version, fire_key, key_time_ms, category, severity,
             title, detail, advice, advice_id, readings, entries, created_at_ms, due_at_ms, state,
             state_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '', ?9, ?10, ?11, ?12, ?13, 'new', ?12)",
    )?
    .execute(params![
        rule_id,
        version,
        f.key,
        f.key_time_ms,
        f.category.as_str(),
        f.severity.as_str(),
        f.title,
        f.detail,
        advice,
        to_json(&f.readings)?,
        to_json(&f.entries)?,
        now_ms,
        due,
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Whether a stored notification says something other than `f`.
pub(crate) fn differs(e: &Existing, f: &Firing) -> StoreResult<bool> {
    Ok(e.severity != f.severity.as_str()
        || e.detail != f.detail
        || e.readings != to_json(&f.readings)?)
}

/// Rewrites what a not-yet-shown notification says.
pub(crate) fn update_payload(tx: &Transaction<'_>, id: i64, f: &Firing) -> StoreResult<()> {
    let advice = text_id(tx, &f.advice)?;
    tx.prepare_cached(
        "UPDATE notifications SET severity = ?1, title = ?2, detail = ?3, advice = '',
             advice_id = ?4, readings = ?5
         WHERE id = ?6",
    )?
    .execute(params![
        f.severity.as_str(),
        f.title,
        f.detail,
        advice,
        to_json(&f.readings)?,
        id
    ])?;
    Ok(())
}

/// The id of an advice text in `notification_texts`, stored when new: every alert of a
/// rule's band gives the same advice, which is then kept once rather than in each of
/// thousands of notifications.
fn text_id(tx: &Transaction<'_>, text: &str) -> StoreResult<i64> {
    let found: Option<i64> = tx
        .prepare_cached("SELECT id FROM notification_texts WHERE text = ?1")?
        .query_row([text], |r| r.get(0))
        .optional()?;
    match found {
        Some(id) => Ok(id),
        None => {
            tx.prepare_cached("INSERT INTO notification_texts (text) VALUES (?1)")?
                .execute([text])?;
            Ok(tx.last_insert_rowid())
        }
    }
}

/// Deletes a notification nobody has seen.
pub(crate) fn delete_notification(tx: &Transaction<'_>, id: i64) -> StoreResult<()> {
    tx.execute(
        "DELETE FROM notifications WHERE id = ?1 AND state = 'new'",
        [id],
    )?;
    Ok(())
}

/// Sets a notification's state.
pub(crate) fn set_state(
    tx: &Transaction<'_>,
    id: i64,
    state: NotificationState,
    now_ms: i64,
) -> StoreResult<()> {
    let until = match state {
        NotificationState::Snoozed { until } => Some(millis(until)),
        _ => None,
    };
    tx.execute(
        "UPDATE notifications SET state = ?1, snoozed_until_ms = ?2, state_at_ms = ?3 WHERE id = ?4",
        params![state.name(), until, now_ms, id],
    )?;
    Ok(())
}

/// Resolves the open notifications of `rule_id` whose key starts with `prefix`, except
/// the one with key `keep`.
pub(crate) fn resolve_open(
    tx: &Transaction<'_>,
    rule_id: &str,
    prefix: &str,
    keep: Option<&str>,
    now_ms: i64,
) -> StoreResult<()> {
    tx.prepare_cached(
        "UPDATE notifications SET state = 'resolved', snoozed_until_ms = NULL, state_at_ms = ?1
         WHERE rule_id = ?2 AND state IN ('new', 'shown', 'snoozed')
             AND substr(fire_key, 1, length(?3)) = ?3 AND (?4 IS NULL OR fire_key <> ?4)",
    )?
    .execute(params![now_ms, rule_id, prefix, keep])?;
    Ok(())
}

/// Resolves the open notifications of `rule_id` whose key time is before `before_ms`.
pub(crate) fn resolve_open_before(
    tx: &Transaction<'_>,
    rule_id: &str,
    before_ms: i64,
    now_ms: i64,
) -> StoreResult<()> {
    tx.prepare_cached(
        "UPDATE notifications SET state = 'resolved', snoozed_until_ms = NULL, state_at_ms = ?1
         WHERE rule_id = ?2 AND state IN ('new', 'shown', 'snoozed') AND key_time_ms < ?3",
    )?
    .execute(params![now_ms, rule_id, before_ms])?;
    Ok(())
}

/// The columns [`notification_row`] reads. The advice is kept once per distinct text
/// (`notification_texts`, schema version 9); a notification stored before that keeps its
/// own text in `advice`.
const NOTIFICATION_COLUMNS: &str =
    "id, rule_id, rule_version, fire_key, category, severity, title, detail,
    COALESCE((SELECT t.text FROM notification_texts t WHERE t.id = advice_id), advice), readings, entries, created_at_ms, due_at_ms, state, state_at_ms, snoozed_until_ms";

type NotificationRow = (
    i64,
    String,
    u32,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
    String,
    i64,
    Option<i64>,
);

fn notification_row(r: &Row<'_>) -> rusqlite::Result<NotificationRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
        r.get(12)?,
        r.get(13)?,
        r.get(14)?,
        r.get(15)?,
    ))
}

fn decode_notification(row: NotificationRow) -> StoreResult<Notification> {
    let (
        id,
        rule_id,
        rule_version,
        key,
        category,
        severity,
        title,
        detail,
        advice,
        readings,
        entries,
        created,
        due,
        state,
        state_at,
        until,
    ) = row;
    Ok(Notification {
        id,
        rule_id,
        rule_version,
        key,
        category: Category::parse(&category)
            .ok_or_else(|| corrupt(format!("unknown category '{category}'")))?,
        severity: severity.parse::<Severity>().map_err(corrupt)?,
        title,
        detail,
        advice,
        readings: serde_json::from_str(&readings)?,
        entries: serde_json::from_str(&entries)?,
        created_at: from_millis(created)?,
        due_at: from_millis(due)?,
        state: state_from(&state, until)?,
        state_changed_at: from_millis(state_at)?,
    })
}

/// One notification.
pub(crate) fn notification(conn: &Connection, id: i64) -> StoreResult<Option<Notification>> {
    let row = conn
        .query_row(
            &format!("SELECT {NOTIFICATION_COLUMNS} FROM notifications WHERE id = ?1"),
            [id],
            notification_row,
        )
        .optional()?;
    row.map(decode_notification).transpose()
}

/// Notifications, newest first; only open ones (new, shown, snoozed) unless `all`.
pub(crate) fn notifications(conn: &Connection, all: bool) -> StoreResult<Vec<Notification>> {
    let filter = if all {
        ""
    } else {
        "WHERE state IN ('new', 'shown', 'snoozed')"
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {NOTIFICATION_COLUMNS} FROM notifications {filter} ORDER BY due_at_ms DESC, id DESC"
    ))?;
    let rows = stmt
        .query_map([], notification_row)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(decode_notification).collect()
}

/// The earliest end of a snooze after `now_ms`.
pub(crate) fn next_snooze_end(conn: &Connection, now_ms: i64) -> StoreResult<Option<i64>> {
    Ok(conn.query_row(
        "SELECT MIN(snoozed_until_ms) FROM notifications WHERE state = 'snoozed' AND snoozed_until_ms > ?1",
        [now_ms],
        |r| r.get(0),
    )?)
}
