//! Requests to professionals, messages from them, and questions for appointments.

use super::Record;
use super::error::ApiResult;
use super::observer::ChangeArea;
use crate::messages::outbox;
use crate::messages::questions::{self, Question};
use crate::messages::{Direction, InboundKind, Message, MessageState};
use crate::model::EntryId;

const MESSAGES: &[ChangeArea] = &[ChangeArea::Messages, ChangeArea::Alerts];

impl Record {
    /// Writes a request from a preset as a draft. `entries` must be live entries of the
    /// record; `note` is short.
    pub fn create_request(
        &mut self,
        preset_id: &str,
        recipient: &str,
        entries: &[EntryId],
        note: Option<String>,
    ) -> ApiResult<Message> {
        self.write(MESSAGES, |tx, now| {
            Ok(outbox::create_request(
                tx, now, preset_id, recipient, entries, note,
            )?)
        })
    }

    fn move_message(
        &mut self,
        id: i64,
        to: MessageState,
        answer: Option<String>,
    ) -> ApiResult<Message> {
        self.write(MESSAGES, |tx, now| {
            Ok(outbox::move_message(tx, now, id, to, answer)?)
        })
    }

    /// Puts a draft in the outbox, if the recipient's limit allows
    /// ([`ApiError::RateLimited`](super::ApiError::RateLimited) says when it will).
    pub fn queue_request(&mut self, id: i64) -> ApiResult<Message> {
        self.move_message(id, MessageState::Queued, None)
    }

    /// Withdraws a draft or queued request.
    pub fn cancel_request(&mut self, id: i64) -> ApiResult<Message> {
        self.move_message(id, MessageState::Cancelled, None)
    }

    /// The transport handed it to the recipient's system.
    pub fn mark_sent(&mut self, id: i64) -> ApiResult<Message> {
        self.move_message(id, MessageState::Sent, None)
    }

    /// The recipient's system confirmed it arrived.
    pub fn mark_delivered(&mut self, id: i64) -> ApiResult<Message> {
        self.move_message(id, MessageState::Delivered, None)
    }

    /// The recipient opened it (or, for a message from a professional, the person did).
    pub fn mark_read(&mut self, id: i64) -> ApiResult<Message> {
        self.move_message(id, MessageState::Read, None)
    }

    /// An answer came; the person gets a notification.
    pub fn mark_answered(&mut self, id: i64, answer: Option<String>) -> ApiResult<Message> {
        self.move_message(id, MessageState::Answered, answer)
    }

    /// Queued requests, oldest first: what the transport sends next.
    pub fn outbox(&self) -> ApiResult<Vec<Message>> {
        Ok(outbox::outbox(self.conn())?)
    }

    /// Requests and messages, newest first (one direction, or both).
    pub fn messages(&self, direction: Option<Direction>) -> ApiResult<Vec<Message>> {
        Ok(outbox::messages(self.conn(), direction)?)
    }

    /// One request or message.
    pub fn message(&self, id: i64) -> ApiResult<Message> {
        Ok(outbox::message(self.conn(), id)?)
    }

    /// Stores a message from a professional ("your results have arrived") as delivered,
    /// and notifies the person.
    pub fn receive_message(
        &mut self,
        from: &str,
        kind: InboundKind,
        text: &str,
    ) -> ApiResult<Message> {
        self.write(MESSAGES, |tx, now| {
            Ok(outbox::receive_message(tx, now, from, kind, text)?)
        })
    }

    /// Adds a question to an appointment's list.
    pub fn add_question(&mut self, appointment: EntryId, text: &str) -> ApiResult<Question> {
        self.write(&[ChangeArea::Messages], |tx, now| {
            Ok(questions::add_question(tx, now, appointment, text)?)
        })
    }

    /// The questions for an appointment, in the order they were written.
    pub fn questions(&self, appointment: EntryId) -> ApiResult<Vec<Question>> {
        Ok(questions::questions(self.conn(), appointment)?)
    }

    /// One question.
    pub fn question(&self, id: i64) -> ApiResult<Question> {
        Ok(questions::question(self.conn(), id)?)
    }

    /// Removes a question.
    pub fn remove_question(&mut self, id: i64) -> ApiResult<()> {
        self.write(&[ChangeArea::Messages], |tx, _| {
            Ok(questions::remove_question(tx, id)?)
        })
    }

    /// Marks a question asked (or not asked again with `asked = false`).
    pub fn mark_question_asked(&mut self, id: i64, asked: bool) -> ApiResult<Question> {
        self.write(&[ChangeArea::Messages], |tx, now| {
            Ok(questions::mark_question_asked(tx, now, id, asked)?)
        })
    }
}
