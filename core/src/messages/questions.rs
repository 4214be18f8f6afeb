//! Questions for an appointment: a list the person keeps per appointment, to take along
//! and tick off.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

use super::error::{MessagesError, MessagesResult};
use crate::model::error::required_text;
use crate::model::{EntryBody, EntryId, ValidationError};
use crate::store::codec::{from_millis as time, millis as ms};
use crate::store::{StoreResult, entries};

/// Longest question.
pub const QUESTION_TEXT_MAX: usize = 500;
/// Most questions per appointment (an appointment is short).
pub const MAX_QUESTIONS: usize = 30;

/// A question for an appointment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Its id within the record.
    pub id: i64,
    /// The appointment entry.
    pub appointment: EntryId,
    /// The question.
    pub text: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When the person marked it asked.
    pub asked_at: Option<DateTime<Utc>>,
}

fn row(r: &Row<'_>) -> rusqlite::Result<(i64, String, String, i64, Option<i64>)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn decode(row: (i64, String, String, i64, Option<i64>)) -> StoreResult<Question> {
    let (id, appointment, text, created, asked) = row;
    Ok(Question {
        id,
        appointment: appointment
            .parse()
            .map_err(|_| crate::store::StoreError::Corrupt {
                reason: format!("question {id} names no appointment"),
            })?,
        text,
        created_at: time(created)?,
        asked_at: asked.map(time).transpose()?,
    })
}

fn check_appointment(conn: &Connection, appointment: EntryId) -> MessagesResult<()> {
    match entries::live(conn, appointment) {
        Ok(e) if matches!(e.body, EntryBody::Appointment(_)) => Ok(()),
        _ => {
            Err(ValidationError::new("appointment", format!("no appointment {appointment}")).into())
        }
    }
}

/// Adds a question to an appointment's list.
pub fn add_question(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    appointment: EntryId,
    text: &str,
) -> MessagesResult<Question> {
    check_appointment(tx, appointment)?;
    required_text("text", text, QUESTION_TEXT_MAX)?;
    if questions(tx, appointment)?.len() >= MAX_QUESTIONS {
        return Err(ValidationError::new(
            "text",
            format!("at most {MAX_QUESTIONS} questions per appointment"),
        )
        .into());
    }
    tx.execute(
        "INSERT INTO appointment_questions (appointment_id, text, created_at_ms) VALUES (?1, ?2, ?3)",
        params![appointment.to_string(), text.trim(), ms(now)],
    )?;
    question(tx, tx.last_insert_rowid())
}

/// The questions for an appointment, in the order they were written.
pub fn questions(conn: &Connection, appointment: EntryId) -> MessagesResult<Vec<Question>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, appointment_id, text, created_at_ms, asked_at_ms FROM appointment_questions
         WHERE appointment_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([appointment.to_string()], row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows.into_iter().map(decode).collect::<StoreResult<_>>()?)
}

/// One question.
pub fn question(conn: &Connection, id: i64) -> MessagesResult<Question> {
    let found = conn
        .query_row(
            "SELECT id, appointment_id, text, created_at_ms, asked_at_ms FROM appointment_questions WHERE id = ?1",
            [id],
            row,
        )
        .optional()?;
    Ok(decode(found.ok_or(MessagesError::QuestionNotFound(id))?)?)
}

/// Removes a question.
pub fn remove_question(tx: &Transaction<'_>, id: i64) -> MessagesResult<()> {
    match tx.execute("DELETE FROM appointment_questions WHERE id = ?1", [id])? {
        0 => Err(MessagesError::QuestionNotFound(id)),
        _ => Ok(()),
    }
}

/// Marks a question asked (or not asked again with `asked = false`).
pub fn mark_question_asked(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    id: i64,
    asked: bool,
) -> MessagesResult<Question> {
    let at = asked.then(|| ms(now));
    match tx.execute(
        "UPDATE appointment_questions SET asked_at_ms = ?1 WHERE id = ?2",
        params![at, id],
    )? {
        0 => Err(MessagesError::QuestionNotFound(id)),
        _ => question(tx, id),
    }
}
