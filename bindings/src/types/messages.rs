//! Requests, messages and questions as uniffi sees the core's types (remote definitions).

use phr_core::api::{MessageContact, MessageSync, ShareStatus, WriteGrant};
use phr_core::messages::{
    Direction, InboundKind, Message, MessageState, MessageTimes, Question, RequestPreset,
};
use phr_core::model::EntryId;

use super::custom::UtcTime;

/// A question for an appointment.
#[uniffi::remote(Record)]
pub struct Question {
    pub id: i64,
    pub appointment: EntryId,
    pub text: String,
    pub created_at: UtcTime,
    #[uniffi(default)]
    pub asked_at: Option<UtcTime>,
}

/// What a professional's system can tell the person.
#[uniffi::remote(Enum)]
pub enum InboundKind {
    ResultsArrived,
    BookAppointment,
    PrescriptionReady,
    Answer,
    Other,
}

/// Which way a message goes.
#[uniffi::remote(Enum)]
pub enum Direction {
    Outbound,
    Inbound,
}

/// Where a request or message stands. Requests move forward along draft, queued, sent,
/// delivered, read, answered; messages from professionals start at delivered.
#[uniffi::remote(Enum)]
pub enum MessageState {
    Draft,
    Queued,
    Sent,
    Delivered,
    Read,
    Answered,
    Cancelled,
}

/// When a request or message reached each state.
#[uniffi::remote(Record)]
pub struct MessageTimes {
    #[uniffi(default)]
    pub created_at: Option<UtcTime>,
    #[uniffi(default)]
    pub queued_at: Option<UtcTime>,
    #[uniffi(default)]
    pub sent_at: Option<UtcTime>,
    #[uniffi(default)]
    pub delivered_at: Option<UtcTime>,
    #[uniffi(default)]
    pub read_at: Option<UtcTime>,
    #[uniffi(default)]
    pub answered_at: Option<UtcTime>,
    #[uniffi(default)]
    pub cancelled_at: Option<UtcTime>,
}

/// A request to a professional, or a message from one.
#[uniffi::remote(Record)]
pub struct Message {
    pub id: i64,
    pub direction: Direction,
    pub topic: String,
    pub topic_version: u32,
    pub counterpart: String,
    pub text: String,
    #[uniffi(default)]
    pub note: Option<String>,
    #[uniffi(default)]
    pub entries: Vec<EntryId>,
    pub state: MessageState,
    pub times: MessageTimes,
    #[uniffi(default)]
    pub answer: Option<String>,
}

/// A request the person can send.
#[uniffi::remote(Record)]
pub struct RequestPreset {
    pub id: String,
    pub title: String,
    pub text: String,
    pub allows_entries: bool,
}

/// Someone messages can go to.
#[uniffi::remote(Record)]
pub struct MessageContact {
    pub name: String,
    pub relay_url: String,
    pub added_at: UtcTime,
}

/// What one message sync did.
#[uniffi::remote(Record)]
pub struct MessageSync {
    pub sent: u32,
    pub delivered: u32,
    pub read: u32,
    pub received: u32,
    pub refused: u32,
    pub waiting: Vec<String>,
}

/// A contact's leave to fill in one module.
#[uniffi::remote(Record)]
pub struct WriteGrant {
    pub id: String,
    pub to: String,
    pub template_id: String,
    pub title: String,
    pub created_at: UtcTime,
    #[uniffi(default)]
    pub expires_at: Option<UtcTime>,
    pub status: ShareStatus,
}
