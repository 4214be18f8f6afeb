//! Requests to professionals and messages from them: the preset list, the states with
//! their times, and the state machine. To protect professionals from floods a request is
//! chosen from a versioned preset list (with at most a short note) and limited in rate per
//! recipient; the person always sees where each request stands. Nothing here implies that
//! anyone is watching: a request is read when the professional's system says so.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

use super::error::MessagesError;
use crate::model::EntryId;

/// Version of the preset list; a request keeps the version it was made from.
pub const PRESETS_VERSION: u32 = 1;

/// Longest note a person can add to a request (tweet-length, like "three things to know").
pub const REQUEST_NOTE_MAX: usize = 280;

/// Shown wherever a request is made: requests are not for emergencies.
pub const NOT_URGENT_NOTICE: &str = "Requests are read when the practice or service next looks at them, which may take a few days. For urgent help call NHS 111, or 999 in an emergency.";

/// A request the person can send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestPreset {
    /// Stable id, e.g. `look_at_readings`.
    pub id: String,
    /// What the person picks, in their words.
    pub title: String,
    /// What the professional receives.
    pub text: String,
    /// Whether entries can be attached (readings summary, medications ...).
    pub allows_entries: bool,
}

/// The preset list, version [`PRESETS_VERSION`].
pub fn request_presets() -> Vec<RequestPreset> {
    vec![
        RequestPreset {
            id: "look_at_readings".into(),
            title: "Please look at my readings".into(),
            text: "I would like you to look at my recent readings when you next review my care.".into(),
            allows_entries: true,
        },
        RequestPreset {
            id: "repeat_prescription".into(),
            title: "I need a repeat prescription".into(),
            text: "I need a repeat prescription for the medicines attached.".into(),
            allows_entries: true,
        },
        RequestPreset {
            id: "questions_for_appointment".into(),
            title: "I have questions for my next appointment".into(),
            text: "I have some questions I would like to go through at my next appointment.".into(),
            allows_entries: true,
        },
        RequestPreset {
            id: "explain_results".into(),
            title: "Please explain my test results".into(),
            text: "I would like my recent test results explained to me.".into(),
            allows_entries: true,
        },
        RequestPreset {
            id: "update_my_details".into(),
            title: "Please update my details".into(),
            text: "My contact details or circumstances have changed; the up-to-date details are attached.".into(),
            allows_entries: true,
        },
    ]
}

/// The preset with this id.
pub fn request_preset(id: &str) -> Option<RequestPreset> {
    request_presets().into_iter().find(|p| p.id == id)
}

/// What a professional's system can tell the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InboundKind {
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

impl InboundKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ResultsArrived => "results_arrived",
            Self::BookAppointment => "book_appointment",
            Self::PrescriptionReady => "prescription_ready",
            Self::Answer => "answer",
            Self::Other => "other",
        }
    }

    /// The heading shown to the person.
    pub fn title(self) -> &'static str {
        match self {
            Self::ResultsArrived => "Your results have arrived",
            Self::BookAppointment => "Please book an appointment",
            Self::PrescriptionReady => "Your prescription is ready",
            Self::Answer => "You have an answer",
            Self::Other => "A message for you",
        }
    }
}

/// Which way a message goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// A request from the person.
    Outbound,
    /// A message from a professional.
    Inbound,
}

/// Where a request or message stands. Requests move forward along draft, queued, sent,
/// delivered, read, answered; messages from professionals start at delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageState {
    /// Being written; not yet sent anywhere.
    Draft,
    /// Waiting in the outbox for the transport.
    Queued,
    /// Handed to the recipient's system.
    Sent,
    /// The recipient's system confirmed it arrived.
    Delivered,
    /// The recipient (or, for inbound messages, the person) opened it.
    Read,
    /// Answered.
    Answered,
    /// Withdrawn before it was sent.
    Cancelled,
}

impl MessageState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Queued => "queued",
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Read => "read",
            Self::Answered => "answered",
            Self::Cancelled => "cancelled",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        [
            Self::Draft,
            Self::Queued,
            Self::Sent,
            Self::Delivered,
            Self::Read,
            Self::Answered,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }

    /// Whether a request in this state counts against the rate limit.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Queued | Self::Sent | Self::Delivered | Self::Read
        )
    }

    /// Checks a move from this state to `to`. Forward moves may skip steps (a read
    /// receipt implies delivery); nothing moves back; only a draft or a queued request can
    /// be cancelled; a draft must be queued before it is sent.
    pub fn check(self, to: MessageState) -> Result<(), MessagesError> {
        use MessageState::*;
        let ok = match (self, to) {
            (Draft, Queued) | (Draft, Cancelled) | (Queued, Cancelled) => true,
            (Queued | Sent | Delivered | Read, Sent | Delivered | Read | Answered) => to > self,
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(MessagesError::InvalidTransition { from: self, to })
        }
    }
}

impl fmt::Display for MessageState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When a request or message reached each state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageTimes {
    /// Written (draft, or received for an inbound message).
    pub created_at: Option<DateTime<Utc>>,
    /// Put in the outbox.
    pub queued_at: Option<DateTime<Utc>>,
    /// Handed to the recipient's system.
    pub sent_at: Option<DateTime<Utc>>,
    /// Arrived.
    pub delivered_at: Option<DateTime<Utc>>,
    /// Opened.
    pub read_at: Option<DateTime<Utc>>,
    /// Answered.
    pub answered_at: Option<DateTime<Utc>>,
    /// Withdrawn.
    pub cancelled_at: Option<DateTime<Utc>>,
}

impl MessageTimes {
    /// Sets the time of `state`, and of the steps it skipped, to `at`.
    pub fn reach(&mut self, from: MessageState, state: MessageState, at: DateTime<Utc>) {
        use MessageState::*;
        for step in [Queued, Sent, Delivered, Read, Answered] {
            if step > from && step <= state && state != Cancelled {
                let slot = match step {
                    Queued => &mut self.queued_at,
                    Sent => &mut self.sent_at,
                    Delivered => &mut self.delivered_at,
                    Read => &mut self.read_at,
                    _ => &mut self.answered_at,
                };
                slot.get_or_insert(at);
            }
        }
        if state == Cancelled {
            self.cancelled_at = Some(at);
        }
    }
}

/// A request to a professional, or a message from one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Its id within the record.
    pub id: i64,
    /// Request or message.
    pub direction: Direction,
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
    /// Attached entries.
    pub entries: Vec<EntryId>,
    /// Where it stands.
    pub state: MessageState,
    /// When it reached each state.
    pub times: MessageTimes,
    /// The answer, when one came.
    pub answer: Option<String>,
}
