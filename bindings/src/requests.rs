//! Requests to professionals (from a versioned preset list, rate-limited per
//! recipient), messages from them, and questions for appointments, mirroring
//! `phr_core::rules::{requests, questions}`.

use std::time::SystemTime;

use phr_core::model::EntryId;
use phr_core::rules::{
    Direction as CoreDirection, InboundKind as CoreInboundKind, Message as CoreMessage,
    MessageState as CoreMessageState, NOT_URGENT_NOTICE, Question as CoreQuestion,
    RequestPreset as CoreRequestPreset, request_presets as core_request_presets,
};

use crate::error::AlertError;
use crate::mirror::mirror_enum;
use crate::model::PersonHeldRecord;
use crate::time::instant;

/// A request the person can send (what they pick, and what the professional gets).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RequestPreset {
    /// Stable id, e.g. `look_at_readings`.
    pub id: String,
    /// What the person picks, in their words.
    pub title: String,
    /// What the professional receives.
    pub text: String,
    /// Whether entries can be attached.
    pub allows_entries: bool,
}

impl From<CoreRequestPreset> for RequestPreset {
    fn from(p: CoreRequestPreset) -> Self {
        Self {
            id: p.id.to_string(),
            title: p.title.to_string(),
            text: p.text.to_string(),
            allows_entries: p.allows_entries,
        }
    }
}

/// The requests a person can send.
#[uniffi::export]
pub fn request_presets() -> Vec<RequestPreset> {
    core_request_presets().into_iter().map(Into::into).collect()
}

/// To show wherever a request is made: requests are not for emergencies.
#[uniffi::export]
pub fn not_urgent_notice() -> String {
    NOT_URGENT_NOTICE.to_string()
}

mirror_enum! {
    /// Which way a message goes.
    pub enum MessageDirection mirrors CoreDirection {
        /// A request from the person.
        Outbound,
        /// A message from a professional.
        Inbound,
    }
}

mirror_enum! {
    /// Where a request or message stands.
    pub enum MessageState mirrors CoreMessageState {
        /// Being written; not sent anywhere.
        Draft,
        /// Waiting in the outbox.
        Queued,
        /// Handed to the recipient's system.
        Sent,
        /// The recipient's system confirmed it arrived.
        Delivered,
        /// Opened.
        Read,
        /// Answered.
        Answered,
        /// Withdrawn before it was sent.
        Cancelled,
    }
}

mirror_enum! {
    /// What a professional's system can tell the person.
    pub enum InboundKind mirrors CoreInboundKind {
        /// "Your results have arrived."
        ResultsArrived,
        /// "Please book an appointment."
        BookAppointment,
        /// "Your prescription is ready."
        PrescriptionReady,
        /// An answer to one of the person's requests.
        Answer,
        /// Anything else, in the sender's words.
        Other,
    }
}

/// When a request or message reached each state.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MessageTimes {
    /// Written (or received).
    pub created_at: Option<SystemTime>,
    /// Put in the outbox.
    pub queued_at: Option<SystemTime>,
    /// Handed to the recipient's system.
    pub sent_at: Option<SystemTime>,
    /// Arrived.
    pub delivered_at: Option<SystemTime>,
    /// Opened.
    pub read_at: Option<SystemTime>,
    /// Answered.
    pub answered_at: Option<SystemTime>,
    /// Withdrawn.
    pub cancelled_at: Option<SystemTime>,
}

/// A request to a professional, or a message from one.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Message {
    /// Its id within the record.
    pub id: i64,
    /// Request or message.
    pub direction: MessageDirection,
    /// The preset id (requests) or inbound kind (messages).
    pub topic: String,
    /// The preset list version it was made from (0 for inbound messages).
    pub topic_version: u32,
    /// The recipient of a request, or the sender of a message.
    pub counterpart: String,
    /// The text the professional receives, or the message's text.
    pub text: String,
    /// The person's short note on a request.
    pub note: Option<String>,
    /// Attached entry ids.
    pub entries: Vec<String>,
    /// Where it stands.
    pub state: MessageState,
    /// When it reached each state.
    pub times: MessageTimes,
    /// The answer, when one came.
    pub answer: Option<String>,
}

impl From<CoreMessage> for Message {
    fn from(m: CoreMessage) -> Self {
        let t = m.times;
        Self {
            id: m.id,
            direction: m.direction.into(),
            topic: m.topic,
            topic_version: m.topic_version,
            counterpart: m.counterpart,
            text: m.text,
            note: m.note,
            entries: m.entries.iter().map(ToString::to_string).collect(),
            state: m.state.into(),
            times: MessageTimes {
                created_at: t.created_at.map(instant),
                queued_at: t.queued_at.map(instant),
                sent_at: t.sent_at.map(instant),
                delivered_at: t.delivered_at.map(instant),
                read_at: t.read_at.map(instant),
                answered_at: t.answered_at.map(instant),
                cancelled_at: t.cancelled_at.map(instant),
            },
            answer: m.answer,
        }
    }
}

/// A question the person wants to ask at an appointment.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Question {
    /// Its id within the record.
    pub id: i64,
    /// The appointment entry's id.
    pub appointment_id: String,
    /// The question.
    pub text: String,
    /// When it was written.
    pub created_at: SystemTime,
    /// When the person marked it asked.
    pub asked_at: Option<SystemTime>,
}

impl From<CoreQuestion> for Question {
    fn from(q: CoreQuestion) -> Self {
        Self {
            id: q.id,
            appointment_id: q.appointment.to_string(),
            text: q.text,
            created_at: instant(q.created_at),
            asked_at: q.asked_at.map(instant),
        }
    }
}

fn entry_ids(field: &str, ids: &[String]) -> Result<Vec<EntryId>, AlertError> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            id.parse::<EntryId>().map_err(|mut e| {
                e.field = format!("{field}[{i}]");
                e.into()
            })
        })
        .collect()
}

fn entry_id(field: &str, id: &str) -> Result<EntryId, AlertError> {
    id.parse::<EntryId>().map_err(|mut e| {
        e.field = field.to_string();
        e.into()
    })
}

#[uniffi::export]
impl PersonHeldRecord {
    /// Writes a request from a preset as a draft, with entries attached (when the preset
    /// allows) and an optional short note.
    #[uniffi::method(default(note = None))]
    pub fn create_request(
        &self,
        preset_id: String,
        recipient: String,
        entry_ids: Vec<String>,
        note: Option<String>,
    ) -> Result<Message, AlertError> {
        let entries = self::entry_ids("entries", &entry_ids)?;
        self.with(|r| {
            Ok(r.create_request(&preset_id, &recipient, &entries, note)?
                .into())
        })
    }

    /// Puts a draft in the outbox, if the recipient's limit allows (`RateLimited` says
    /// when it will).
    pub fn queue_request(&self, id: i64) -> Result<Message, AlertError> {
        self.with(|r| Ok(r.queue_request(id)?.into()))
    }

    /// Withdraws a draft or queued request.
    pub fn cancel_request(&self, id: i64) -> Result<Message, AlertError> {
        self.with(|r| Ok(r.cancel_request(id)?.into()))
    }

    /// The transport handed it to the recipient's system.
    pub fn mark_request_sent(&self, id: i64) -> Result<Message, AlertError> {
        self.with(|r| Ok(r.mark_sent(id)?.into()))
    }

    /// The recipient's system confirmed it arrived.
    pub fn mark_request_delivered(&self, id: i64) -> Result<Message, AlertError> {
        self.with(|r| Ok(r.mark_delivered(id)?.into()))
    }

    /// The recipient opened it (or, for a message from a professional, the person did).
    pub fn mark_message_read(&self, id: i64) -> Result<Message, AlertError> {
        self.with(|r| Ok(r.mark_read(id)?.into()))
    }

    /// An answer came; the person gets a notification.
    #[uniffi::method(default(answer = None))]
    pub fn mark_request_answered(
        &self,
        id: i64,
        answer: Option<String>,
    ) -> Result<Message, AlertError> {
        self.with(|r| Ok(r.mark_answered(id, answer)?.into()))
    }

    /// Queued requests, oldest first: what the transport sends next.
    pub fn outbox(&self) -> Result<Vec<Message>, AlertError> {
        self.with(|r| Ok(r.outbox()?.into_iter().map(Into::into).collect()))
    }

    /// Requests and messages, newest first (one direction, or both).
    #[uniffi::method(default(direction = None))]
    pub fn messages(
        &self,
        direction: Option<MessageDirection>,
    ) -> Result<Vec<Message>, AlertError> {
        self.with(|r| {
            Ok(r.messages(direction.map(Into::into))?
                .into_iter()
                .map(Into::into)
                .collect())
        })
    }

    /// One request or message.
    pub fn message(&self, id: i64) -> Result<Message, AlertError> {
        self.with(|r| Ok(r.message(id)?.into()))
    }

    /// Stores a message from a professional as delivered and notifies the person.
    pub fn receive_message(
        &self,
        from: String,
        kind: InboundKind,
        text: String,
    ) -> Result<Message, AlertError> {
        self.with(|r| Ok(r.receive_message(&from, kind.into(), &text)?.into()))
    }

    /// Adds a question for an appointment entry.
    pub fn add_question(
        &self,
        appointment_id: String,
        text: String,
    ) -> Result<Question, AlertError> {
        let appointment = entry_id("appointment", &appointment_id)?;
        self.with(|r| Ok(r.add_question(appointment, &text)?.into()))
    }

    /// The questions for an appointment, oldest first.
    pub fn questions(&self, appointment_id: String) -> Result<Vec<Question>, AlertError> {
        let appointment = entry_id("appointment", &appointment_id)?;
        self.with(|r| {
            Ok(r.questions(appointment)?
                .into_iter()
                .map(Into::into)
                .collect())
        })
    }

    /// Marks a question asked (or not).
    pub fn mark_question_asked(&self, id: i64, asked: bool) -> Result<Question, AlertError> {
        self.with(|r| Ok(r.mark_question_asked(id, asked)?.into()))
    }

    /// Removes a question.
    pub fn remove_question(&self, id: i64) -> Result<(), AlertError> {
        self.with(|r| Ok(r.remove_question(id)?))
    }
}
