//! Person Held Record core: the record model, the encrypted store, notification rules,
//! Bluetooth LE device ingestion, requests and messages, FHIR in and out, and sharing. Shells (the `phr` command, the
//! Android and iOS apps through `phr-ffi`) draw screens and talk to the OS; every
//! decision is here.
//!
//! Layers point down (ARCHITECTURE.md):
//!
//! | module | what |
//! |---|---|
//! | [`api`] | the use cases: [`Record`], everything a record can do, and [`ApiError`] |
//! | [`rules`], [`messages`], [`devices`] | notification rules; requests and messages; Bluetooth devices |
//! | [`fhir`], [`share`], [`relay_client`] | FHIR R4 resources, import and export; SMART Health Links, JWE, QR, sealed messages; the relay's HTTP API |
//! | [`store`] | the encrypted SQLCipher file and its tables |
//! | [`model`] | the record model, shared definitions (units, days, limits) |
//! | [`keys`], [`clock`] | database keys and where they are kept; time behind a trait |

// Library and command code never panics on `expect`; tests may (clippy.toml).
#![warn(clippy::expect_used)]

pub mod api;
pub mod clock;
pub mod devices;
pub mod fhir;
pub mod keys;
pub mod messages;
pub mod model;
pub mod relay_client;
pub mod rules;
pub mod share;
pub mod store;

pub use api::{ApiError, ApiResult, Record};
