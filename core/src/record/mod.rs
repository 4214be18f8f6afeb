//! The record model: sections, entry kinds, validation, privacy. Depends on nothing else
//! in the core.
//!
//! | file | what |
//! |---|---|
//! | `entry.rs` | [`Entry`], [`EntryBody`] (one variant per kind), [`EntryKind`], [`Section`] |
//! | `meta.rs` | [`EntryMeta`]: id, times, provenance, visibility, author |
//! | `health.rs` | About my health: identity, conditions, allergies, vaccinations, medications, social prescriptions, test results |
//! | `about_me.rs` | About me: things to know, history, goals, people, contacts, organ donation, other treatment |
//! | `appointment.rs` | Appointments with reminders |
//! | `reading.rs` | Readings from devices, apps and manual entry |
//! | `modules/` | Optional modules as data: templates, instances, scoring |
//! | `nhs_number.rs`, `codes.rs` | NHS number (Modulus 11), codings, LOINC and UCUM checks |
//! | `error.rs` | [`ValidationError`], naming the field |

pub mod about_me;
pub mod appointment;
pub mod codes;
pub mod entry;
pub mod error;
pub mod health;
pub mod meta;
pub mod modules;
pub mod nhs_number;
pub mod reading;
mod summary;
pub mod viewer;

pub use about_me::*;
pub use appointment::*;
pub use codes::Coding;
pub use entry::{Entry, EntryBody, EntryKind, Section};
pub use error::ValidationError;
pub use health::*;
pub use meta::{Author, EntryId, EntryMeta, Provenance, Visibility};
pub use modules::{AnswerValue, ModuleInstance, ModuleScore, ModuleTemplate};
pub use nhs_number::NhsNumber;
pub use reading::*;
pub use viewer::Viewer;
