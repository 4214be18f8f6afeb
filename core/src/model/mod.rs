//! The record model: sections, entry kinds, readings, validation, privacy, and every
//! definition the rest of the core shares (units, days, plausibility limits, the rules
//! that span entries). Depends on nothing else in the core.
//!
//! | file | what |
//! |---|---|
//! | `entry.rs` | [`Entry`], [`EntryBody`] (one variant per kind), [`EntryKind`], [`Section`] |
//! | `meta.rs` | [`EntryMeta`]: id, times, provenance, visibility, author |
//! | `health.rs` | About my health: identity, conditions, allergies, vaccinations, medications, social prescriptions, test results |
//! | `about_me.rs` | About me: things to know, history, goals, people, contacts, organ donation, other treatment |
//! | `appointment.rs` | Appointments with reminders |
//! | `summary.rs` | one-line summaries of entries for lists |
//! | `fields.rs` | every kind's fields as data ([`FieldSpec`]), for forms and `phr kinds` |
//! | `invariants.rs` | rules spanning entries (kinds held once, five active goals) and dates that may not be in the future |
//! | `reading_kind.rs` | [`ReadingKind`]: storage codes, UCUM units, LOINC codes |
//! | `reading.rs` | readings from devices, apps and manual entry; plausibility limits; time trust |
//! | `reading_text.rs` | a reading and a mean as people read them, and the notes on doubtful times |
//! | `reading_input.rs` | typed text to a reading value (units, mg/dL, the questions asked) |
//! | `sample.rs` | [`Sample`]: a reading as rules see it |
//! | `day.rs` | local days as numbers (days since 1970-01-01) |
//! | `units.rs` | conversion factors with their sources |
//! | `modules/` | optional modules as data: templates, instances, scoring, attention items |
//! | `nhs_number.rs`, `codes.rs` | NHS number (Modulus 11), codings, LOINC and UCUM checks |
//! | `viewer.rs` | [`Viewer`]: who is reading, and what they may see |
//! | `error.rs` | [`ValidationError`], naming the field |

pub mod about_me;
pub mod appointment;
pub mod codes;
pub mod day;
pub mod entry;
pub mod error;
pub mod fields;
pub mod health;
pub mod invariants;
pub mod meta;
pub mod modules;
pub mod nhs_number;
pub mod reading;
pub mod reading_input;
pub mod reading_kind;
pub mod reading_text;
pub mod sample;
mod summary;
pub mod units;
pub mod viewer;

pub use about_me::*;
pub use appointment::*;
pub use codes::Coding;
pub use entry::{Entry, EntryBody, EntryKind, Section};
pub use error::ValidationError;
pub use fields::{FieldSpec, FieldType};
pub use health::*;
pub use invariants::Conflict;
pub use meta::{Author, EntryId, EntryMeta, Provenance, Visibility};
pub use modules::{AnswerValue, ModuleInstance, ModuleScore, ModuleTemplate, ModuleView};
pub use nhs_number::NhsNumber;
pub use reading::*;
pub use reading_input::{InputError, TypedExtras};
pub use sample::{Measure, Sample};
pub use viewer::Viewer;
