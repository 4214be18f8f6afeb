//! Requests to professionals (from the preset list, limited in rate), messages from
//! them, and questions for appointments.

use phr_core::messages::{Direction, InboundKind, Message, Question, RequestPreset};
use phr_core::model::EntryId;

use super::PersonHeldRecord;
use crate::error::RecordError;

/// The requests a person can send, in their words.
#[uniffi::export]
pub fn request_presets() -> Vec<RequestPreset> {
    phr_core::messages::requests::request_presets()
}

/// Shown wherever a request is made: requests are not for emergencies.
#[uniffi::export]
pub fn not_urgent_notice() -> String {
    phr_core::messages::requests::NOT_URGENT_NOTICE.to_string()
}

#[uniffi::export]
impl PersonHeldRecord {
    /// Writes a request from a preset as a draft, with live entries attached and a short
    /// note.
    pub fn create_request(
        &self,
        preset_id: String,
        recipient: String,
        entries: Vec<EntryId>,
        note: Option<String>,
    ) -> Result<Message, RecordError> {
        self.with(|r| r.create_request(&preset_id, &recipient, &entries, note))
    }

    /// Puts a draft in the outbox, if the recipient's limit allows (`RateLimited` says
    /// when it will).
    pub fn queue_request(&self, id: i64) -> Result<Message, RecordError> {
        self.with(|r| r.queue_request(id))
    }

    /// Withdraws a draft or queued request.
    pub fn cancel_request(&self, id: i64) -> Result<Message, RecordError> {
        self.with(|r| r.cancel_request(id))
    }

    /// The transport handed it to the recipient's system.
    pub fn mark_request_sent(&self, id: i64) -> Result<Message, RecordError> {
        self.with(|r| r.mark_sent(id))
    }

    /// The recipient's system confirmed it arrived.
    pub fn mark_request_delivered(&self, id: i64) -> Result<Message, RecordError> {
        self.with(|r| r.mark_delivered(id))
    }

    /// It was read (the recipient's, or the person's own for a message received).
    pub fn mark_message_read(&self, id: i64) -> Result<Message, RecordError> {
        self.with(|r| r.mark_read(id))
    }

    /// The recipient answered.
    pub fn mark_request_answered(
        &self,
        id: i64,
        answer: Option<String>,
    ) -> Result<Message, RecordError> {
        self.with(|r| r.mark_answered(id, answer))
    }

    /// Requests still on their way, newest first.
    pub fn outbox(&self) -> Result<Vec<Message>, RecordError> {
        self.with(|r| r.outbox())
    }

    /// Every message, or those going one way.
    pub fn messages(&self, direction: Option<Direction>) -> Result<Vec<Message>, RecordError> {
        self.with(|r| r.messages(direction))
    }

    /// One message.
    pub fn message(&self, id: i64) -> Result<Message, RecordError> {
        self.with(|r| r.message(id))
    }

    /// A message from a professional's system arrived ("your results have arrived").
    pub fn receive_message(
        &self,
        kind: InboundKind,
        sender: String,
        text: String,
    ) -> Result<Message, RecordError> {
        self.with(|r| r.receive_message(&sender, kind, &text))
    }

    /// Adds a question to ask at an appointment.
    pub fn add_question(
        &self,
        appointment: EntryId,
        text: String,
    ) -> Result<Question, RecordError> {
        self.with(|r| r.add_question(appointment, &text))
    }

    /// The questions for an appointment.
    pub fn questions(&self, appointment: EntryId) -> Result<Vec<Question>, RecordError> {
        self.with(|r| r.questions(appointment))
    }

    /// Marks a question asked (or not).
    pub fn mark_question_asked(&self, id: i64, asked: bool) -> Result<Question, RecordError> {
        self.with(|r| r.mark_question_asked(id, asked))
    }

    /// Removes a question.
    pub fn remove_question(&self, id: i64) -> Result<(), RecordError> {
        self.with(|r| r.remove_question(id))
    }
}
