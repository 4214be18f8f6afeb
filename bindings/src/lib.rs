//! uniffi exports of the Person Held Record core for Kotlin and Swift.
//!
//! This crate converts only: every decision is made in `phr-core`. FFI types are copies
//! of the core's, converted with `From`/`TryFrom`, one file per core area; see
//! `src/README.md` for the map and `docs/bindings.md` for the guide.

uniffi::setup_scaffolding!();

mod mirror;
mod time;

pub mod about_me;
pub mod alerts;
pub mod appointment;
pub mod clock;
pub mod devices;
pub mod entry;
pub mod error;
pub mod feed;
pub mod health;
pub mod keys;
pub mod logger;
pub mod modules;
pub mod reading;
pub mod record;
mod record_entries;
mod record_readings;
pub mod requests;
pub mod simulator;

/// The version of the core library, so a shell can show and log it.
#[uniffi::export]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Panics with `message`, for the tests that prove a panic never crosses the FFI: the
/// shell gets a catchable error (Kotlin `InternalException`, Swift an `Error`) and the
/// library keeps working. Not for apps.
#[doc(hidden)]
#[uniffi::export]
pub fn test_support_panic(message: String) -> Result<(), error::RecordError> {
    panic!("{message}")
}
