//! uniffi exports of the Person Held Record core for Kotlin and Swift.
//!
//! Conversion only: every decision is made in `phr-core`'s use-case façade
//! (`phr_core::Record`). `types/` lets uniffi see the core's types as they are,
//! `record/` exports the façade's use cases on one object (long ones as `async`),
//! `platform/` holds what the phone brings (key store, clock, logger, change listener,
//! Bluetooth link). `src/README.md` is the map; `docs/bindings.md` the guide;
//! `docs/adr/0002-ffi-types.md` why the types cross as they do.

uniffi::setup_scaffolding!();

pub mod error;
pub mod platform;
pub mod record;
pub mod types;

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
