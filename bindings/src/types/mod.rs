//! The core's types as uniffi sees them: `#[uniffi::remote]` definitions that restate
//! each type's shape (uniffi needs it to write the Kotlin and Swift types and the
//! conversion; a field that drifts from the core's does not compile), and custom types
//! for values that become the platform's own (instants, dates). No conversion is written
//! by hand. See `docs/adr/0002-ffi-types.md`.

pub mod about_me;
pub mod alerts;
pub mod custom;
pub mod devices;
pub mod entries;
pub mod fhir;
pub mod health;
pub mod messages;
pub mod modules;
pub mod readings;
pub mod share;
