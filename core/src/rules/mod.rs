//! Notification rules: thresholds, trends, missed measurements and reminders. Rules are
//! data (serde), versioned in the record; every firing is a stored notification with its
//! advice and state, evaluated incrementally as readings arrive and idempotently, so that
//! nothing fires twice and nothing is lost across restarts. Rules never act on a reading
//! whose value or time cannot be trusted. Advice tells the person what to do and whom to
//! contact; it never implies that anyone is watching. Numbers and their sources:
//! `docs/rules.md`.
//!
//! Everything here runs inside a transaction the caller (the façade) holds, on top of
//! the store's typed queries; nothing here knows the façade.
//!
//! | file | what |
//! |---|---|
//! | `rule.rs` | [`Rule`] and its kinds as data, [`Severity`] |
//! | `validate.rs` | checks (the body's ranges, band order, low below high), `key=value` changes |
//! | `defaults.rs` | the shipped rules, each number with its source; the safety rules |
//! | `advice.rs` | advice texts filled with the limits in force |
//! | `threshold.rs` | bands of single readings, one alert per episode |
//! | `trend.rs` | rolling means and percent changes over days, one alert per episode |
//! | `reminders.rs` | appointments, medication, goal check-ins, missed measurements |
//! | `notification.rs` | [`Notification`] and its states |
//! | `evaluate.rs` | incremental and full evaluation, reconciliation |
//! | `manage.rs` | active rules, their history, changes (with confirmation for safety rules) |
//! | `schedule.rs` | due now, the inbox and its order, next due time, acknowledge, snooze, shown |
//! | `store.rs` | SQL for rule versions |
//! | `notification_store.rs` | SQL for notifications |
//! | `error.rs` | [`RulesError`] |

pub mod advice;
pub mod defaults;
pub mod error;
mod evaluate;
pub mod manage;
pub mod notification;
mod notification_store;
mod reminders;
pub mod rule;
pub mod schedule;
mod store;
pub mod threshold;
pub mod trend;
mod validate;

pub use defaults::{default_rule, default_rules, ids};
pub use error::{RulesError, RulesResult};
pub use evaluate::{on_new_readings, on_new_samples, on_removed_readings, reevaluate_all};
pub use notification::{Category, MAX_SNOOZE_DAYS, Notification, NotificationState};
pub(crate) use notification::{Firing, MessageText};
pub use rule::{
    AppointmentReminderRule, Band, Comparison, GoalCheckInRule, Limit, Measure,
    MedicationReminderRule, MedicationSchedule, MissedRule, RequestLimitRule, Rule, RuleBody,
    Severity, StoredRule, ThresholdRule, TrendRule, TrendTest,
};
pub(crate) use schedule::notify_once;
pub use validate::{parse_setting, threshold_range};
