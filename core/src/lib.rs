//! Person Held Record core: the record model, the encrypted store, notification rules,
//! Bluetooth LE device ingestion and sharing. Shells (the `phr` command, the Android and
//! iOS apps through `phr-ffi`) draw screens and talk to the OS; every decision is here.

// Library and command code never panics on `expect`; tests may (clippy.toml).
#![warn(clippy::expect_used)]

pub mod clock;
pub mod devices;
pub mod fhir;
pub mod keys;
pub mod record;
pub mod rules;
pub mod store;
