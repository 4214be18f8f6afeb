//! Requests and messages in the record: create, queue (with the rate limit), the outbox
//! the transport drains, the state changes it reports, and messages from professionals,
//! each of which is also a notification. All in the caller's transaction.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::error::{MessagesError, MessagesResult};
use super::requests::{
    Direction, InboundKind, Message, MessageState, MessageTimes, PRESETS_VERSION, REQUEST_NOTE_MAX,
    request_preset,
};
use crate::model::error::{NOTE_TEXT, SHORT_TEXT, optional_text, required_text};
use crate::model::{EntryId, ValidationError};
use crate::rules::{Firing, MessageText, RuleBody, Severity, manage, notify_once};
use crate::store::codec::{from_millis as time, millis as ms, to_json};
use crate::store::{StoreError, StoreResult, entries};

/// The rule id of notifications that come from messages (version 0: no rule made them).
pub const MESSAGE_RULE_ID: &str = "message";

/// Advice on a message notification.
pub const MESSAGE_ADVICE: &str = "Read the message and do what it asks when you can. If anything is unclear, contact the service that sent it. For urgent help call NHS 111, or 999 in an emergency.";

const COLUMNS: &str =
    "id, direction, topic, topic_version, counterpart, text, note, entries, state,
    created_at_ms, queued_at_ms, sent_at_ms, delivered_at_ms, read_at_ms, answered_at_ms,
    cancelled_at_ms, answer";

fn counterpart_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn opt_time(v: Option<i64>) -> StoreResult<Option<DateTime<Utc>>> {
    v.map(time).transpose()
}

fn decode(r: &Row<'_>) -> rusqlite::Result<StoreResult<Message>> {
    let direction: String = r.get(1)?;
    let entries: String = r.get(7)?;
    let state: String = r.get(8)?;
    let t = |i: usize| r.get::<_, Option<i64>>(i);
    let (c, q, s, d, rd, a, x) = (t(9)?, t(10)?, t(11)?, t(12)?, t(13)?, t(14)?, t(15)?);
    let (id, topic, topic_version, counterpart, text, note, answer) = (
        r.get(0)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(16)?,
    );
    Ok((|| {
        let corrupt = |what: String| StoreError::Corrupt { reason: what };
        Ok(Message {
            id,
            direction: match direction.as_str() {
                "outbound" => Direction::Outbound,
                "inbound" => Direction::Inbound,
                other => return Err(corrupt(format!("unknown direction '{other}'"))),
            },
            topic,
            topic_version,
            counterpart,
            text,
            note,
            entries: serde_json::from_str(&entries)?,
            state: MessageState::parse(&state)
                .ok_or_else(|| corrupt(format!("unknown state '{state}'")))?,
            times: MessageTimes {
                created_at: opt_time(c)?,
                queued_at: opt_time(q)?,
                sent_at: opt_time(s)?,
                delivered_at: opt_time(d)?,
                read_at: opt_time(rd)?,
                answered_at: opt_time(a)?,
                cancelled_at: opt_time(x)?,
            },
            answer,
        })
    })())
}

fn load(conn: &Connection, id: i64) -> MessagesResult<Message> {
    let row = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM messages WHERE id = ?1"),
            [id],
            decode,
        )
        .optional()?;
    Ok(row.ok_or(MessagesError::MessageNotFound(id))??)
}

fn list(conn: &Connection, filter: &str, order: &str) -> MessagesResult<Vec<Message>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM messages {filter} ORDER BY {order}"
    ))?;
    let rows = stmt.query_map([], decode)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows.into_iter().collect::<StoreResult<Vec<_>>>()?)
}

fn save_state(tx: &Transaction<'_>, m: &Message) -> StoreResult<()> {
    let t = &m.times;
    tx.execute(
        "UPDATE messages SET state = ?1, queued_at_ms = ?2, sent_at_ms = ?3, delivered_at_ms = ?4,
             read_at_ms = ?5, answered_at_ms = ?6, cancelled_at_ms = ?7, answer = ?8 WHERE id = ?9",
        params![
            m.state.as_str(),
            t.queued_at.map(ms),
            t.sent_at.map(ms),
            t.delivered_at.map(ms),
            t.read_at.map(ms),
            t.answered_at.map(ms),
            t.cancelled_at.map(ms),
            m.answer,
            m.id
        ],
    )?;
    Ok(())
}

fn notify(
    tx: &Transaction<'_>,
    key: String,
    title: &str,
    detail: String,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let now_ms = ms(now);
    let text = MessageText {
        title: title.to_string(),
        detail,
        advice: MESSAGE_ADVICE.to_string(),
    };
    let firing = Firing::message(key, now_ms, now_ms, Severity::Info, text);
    notify_once(tx, MESSAGE_RULE_ID, &firing, now)?;
    Ok(())
}

/// Checks the request limit for `recipient` at `now`.
fn check_limit(tx: &Transaction<'_>, recipient: &str, now: DateTime<Utc>) -> MessagesResult<()> {
    let limit = manage::rules(tx)?
        .into_iter()
        .find_map(|r| match r.rule.body {
            RuleBody::RequestLimit(l) if r.rule.enabled => Some(l),
            _ => None,
        });
    let Some(limit) = limit else { return Ok(()) };
    let window = Duration::hours(i64::from(limit.window_hours));
    let open: Vec<i64> = tx
        .prepare_cached(
            "SELECT queued_at_ms FROM messages WHERE direction = 'outbound' AND counterpart_key = ?1
                 AND state IN ('queued', 'sent', 'delivered', 'read') AND queued_at_ms > ?2
             ORDER BY queued_at_ms",
        )?
        .query_map(params![counterpart_key(recipient), ms(now - window)], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if open.len() >= limit.max_open_per_recipient as usize {
        let oldest = open.len() + 1 - limit.max_open_per_recipient as usize;
        let blocking = open.get(oldest - 1).copied().unwrap_or_default();
        return Err(MessagesError::RateLimited {
            recipient: recipient.to_string(),
            retry_after: time(blocking)? + window,
        });
    }
    Ok(())
}

/// Writes a request from a preset as a draft. `entries` must be live entries of the
/// record; `note` is at most [`REQUEST_NOTE_MAX`] characters.
pub fn create_request(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    preset_id: &str,
    recipient: &str,
    attached: &[EntryId],
    note: Option<String>,
) -> MessagesResult<Message> {
    let preset = request_preset(preset_id)
        .ok_or_else(|| MessagesError::UnknownPreset(preset_id.to_string()))?;
    required_text("recipient", recipient, SHORT_TEXT)?;
    let note = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    optional_text("note", &note, REQUEST_NOTE_MAX)?;
    if !preset.allows_entries && !attached.is_empty() {
        return Err(ValidationError::new("entries", "this request cannot carry entries").into());
    }
    for id in attached {
        entries::live(tx, *id)
            .map_err(|_| ValidationError::new("entries", format!("no entry {id}")))?;
    }
    tx.execute(
        "INSERT INTO messages (direction, topic, topic_version, counterpart, counterpart_key, text,
             note, entries, state, created_at_ms)
         VALUES ('outbound', ?1, ?2, ?3, ?4, ?5, ?6, ?7, 'draft', ?8)",
        params![
            preset.id,
            PRESETS_VERSION,
            recipient.trim(),
            counterpart_key(recipient),
            preset.text,
            note,
            to_json(&attached)?,
            ms(now)
        ],
    )?;
    load(tx, tx.last_insert_rowid())
}

/// The topic of a message in the person's own words (not from the preset list).
pub const FREE_MESSAGE_TOPIC: &str = "message";

/// Writes a message in the person's own words as a draft: it goes through the same
/// outbox and rate limit as a request.
pub fn create_message(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    recipient: &str,
    text: &str,
) -> MessagesResult<Message> {
    required_text("recipient", recipient, SHORT_TEXT)?;
    required_text("text", text, NOTE_TEXT)?;
    tx.execute(
        "INSERT INTO messages (direction, topic, topic_version, counterpart, counterpart_key, text,
             entries, state, created_at_ms)
         VALUES ('outbound', ?1, 0, ?2, ?3, ?4, '[]', 'draft', ?5)",
        params![
            FREE_MESSAGE_TOPIC,
            recipient.trim(),
            counterpart_key(recipient),
            text.trim(),
            ms(now)
        ],
    )?;
    load(tx, tx.last_insert_rowid())
}

/// Moves a request or message to state `to` (with its time), checking the rate limit when
/// it is queued; an answer to a request notifies the person.
pub fn move_message(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    id: i64,
    to: MessageState,
    answer: Option<String>,
) -> MessagesResult<Message> {
    optional_text("answer", &answer, NOTE_TEXT)?;
    let mut m = load(tx, id)?;
    m.state.check(to)?;
    if to == MessageState::Queued {
        check_limit(tx, &m.counterpart, now)?;
    }
    m.times.reach(m.state, to, now);
    m.state = to;
    if let Some(text) = answer {
        m.answer = Some(text);
    }
    save_state(tx, &m)?;
    if to == MessageState::Answered && m.direction == Direction::Outbound {
        let detail = format!(
            "{} answered: {}",
            m.counterpart,
            m.answer.clone().unwrap_or_default()
        );
        notify(
            tx,
            format!("message:{id}:answered"),
            InboundKind::Answer.title(),
            detail,
            now,
        )?;
    }
    load(tx, id)
}

/// Queued requests, oldest first: what the transport sends next.
pub fn outbox(conn: &Connection) -> MessagesResult<Vec<Message>> {
    list(conn, "WHERE state = 'queued'", "queued_at_ms, id")
}

/// Requests and messages, newest first (one direction, or both).
pub fn messages(conn: &Connection, direction: Option<Direction>) -> MessagesResult<Vec<Message>> {
    let filter = match direction {
        Some(Direction::Outbound) => "WHERE direction = 'outbound'",
        Some(Direction::Inbound) => "WHERE direction = 'inbound'",
        None => "",
    };
    list(conn, filter, "created_at_ms DESC, id DESC")
}

/// One request or message.
pub fn message(conn: &Connection, id: i64) -> MessagesResult<Message> {
    load(conn, id)
}

/// Stores a message from a professional ("your results have arrived") as delivered,
/// and notifies the person.
pub fn receive_message(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    from: &str,
    kind: InboundKind,
    text: &str,
) -> MessagesResult<Message> {
    required_text("from", from, SHORT_TEXT)?;
    required_text("text", text, NOTE_TEXT)?;
    tx.execute(
        "INSERT INTO messages (direction, topic, topic_version, counterpart, counterpart_key, text,
             entries, state, created_at_ms, delivered_at_ms)
         VALUES ('inbound', ?1, 0, ?2, ?3, ?4, '[]', 'delivered', ?5, ?5)",
        params![
            kind.as_str(),
            from.trim(),
            counterpart_key(from),
            text.trim(),
            ms(now)
        ],
    )?;
    let id = tx.last_insert_rowid();
    notify(
        tx,
        format!("message:{id}"),
        kind.title(),
        format!("From {}: {}", from.trim(), text.trim()),
        now,
    )?;
    load(tx, id)
}
