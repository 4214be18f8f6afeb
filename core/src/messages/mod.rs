//! Requests to professionals, messages from them, and questions for appointments. To
//! protect professionals from floods a request comes from a preset list and is limited
//! in rate per recipient; the person always sees where each request stands, and nothing
//! implies that anyone is watching.
//!
//! | file | what |
//! |---|---|
//! | `requests.rs` | presets, [`Message`] and its states, the state machine |
//! | `outbox.rs` | requests and messages in the record: rate limit, outbox, inbound messages |
//! | `questions.rs` | questions for an appointment |
//! | `error.rs` | [`MessagesError`] |

pub mod error;
pub mod outbox;
pub mod questions;
pub mod requests;

pub use error::{MessagesError, MessagesResult};
pub use outbox::{MESSAGE_ADVICE, MESSAGE_RULE_ID};
pub use questions::Question;
pub use requests::{
    Direction, InboundKind, Message, MessageState, MessageTimes, NOT_URGENT_NOTICE,
    PRESETS_VERSION, RequestPreset, request_preset, request_presets,
};
