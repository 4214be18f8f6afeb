//! uniffi exports of the Person Held Record core for Kotlin and Swift.
//!
//! This crate converts only: every decision is made in `phr-core`.

uniffi::setup_scaffolding!();

/// The version of the core library, so a shell can show and log it.
#[uniffi::export]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
