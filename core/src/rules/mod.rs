//! Notification rules: thresholds, trends, missed measurements, reminders, requests to
//! professionals and questions for appointments. Rules are data (serde), versioned in the
//! record; every firing is a stored notification with its advice and state, evaluated
//! incrementally as readings arrive and idempotently, so that nothing fires twice and
//! nothing is lost across restarts. Advice tells the person what to do and whom to
//! contact; it never implies that anyone is watching. Numbers and their sources:
//! `docs/rules.md`.
//!
//! | file | what |
//! |---|---|
//! | `rule.rs` | [`Rule`] and its kinds as data, [`Severity`] |
//! | `validate.rs` | checks, and `key=value` changes of one setting |
//! | `defaults.rs` | the shipped rules, each number with its source |
//! | `sample.rs` | [`Sample`]: a reading as rules see it (LO/HI, control solution) |
//! | `threshold.rs` | bands of single readings, one alert per episode |
//! | `trend.rs` | rolling means and percent changes over days, one alert per episode |
//! | `reminders.rs` | appointments, medication, goal check-ins, missed measurements |
//! | `notification.rs` | [`Notification`] and its states |
//! | `evaluate.rs` | incremental and full evaluation, reconciliation; rule changes |
//! | `schedule.rs` | due now, next due time, acknowledge, snooze, shown |
//! | `requests.rs` | presets, [`Message`] states and their state machine |
//! | `outbox.rs` | requests and messages in the record: rate limit, outbox, inbound |
//! | `questions.rs` | questions for an appointment |
//! | `store.rs` | SQL for rules and the reading queries rules need |
//! | `notification_store.rs` | SQL for notifications |
//! | `error.rs` | [`RulesError`] |

pub mod defaults;
pub mod error;
mod evaluate;
pub mod notification;
mod notification_store;
mod outbox;
pub mod questions;
mod reminders;
pub mod requests;
pub mod rule;
pub mod sample;
mod schedule;
mod store;
pub mod threshold;
pub mod trend;
mod validate;

pub use defaults::{default_rule, default_rules, ids};
pub use error::{RulesError, RulesResult};
pub(crate) use evaluate::evaluate_new_readings;
pub use notification::{Category, MAX_SNOOZE_DAYS, Notification, NotificationState};
pub use outbox::{MESSAGE_ADVICE, MESSAGE_RULE_ID};
pub use questions::Question;
pub use requests::{
    Direction, InboundKind, Message, MessageState, MessageTimes, NOT_URGENT_NOTICE,
    PRESETS_VERSION, RequestPreset, request_preset, request_presets,
};
pub use rule::{
    AppointmentReminderRule, Band, Comparison, GoalCheckInRule, Limit, Measure,
    MedicationReminderRule, MedicationSchedule, MissedRule, RequestLimitRule, Rule, RuleBody,
    Severity, StoredRule, ThresholdRule, TrendRule, TrendTest,
};
pub use sample::Sample;
pub use validate::parse_setting;
