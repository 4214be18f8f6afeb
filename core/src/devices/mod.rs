//! Bluetooth LE health devices: pure GATT decoders, transfer sessions, transports and
//! ingestion into the record. Map:
//!
//! | Module | Concern |
//! |---|---|
//! | [`gatt`] | pure decoders and encoders of the SIG characteristics (bytes in, values out) |
//! | [`session`] | sans-IO transfer state machines: glucose meter (RACP), blood-pressure cuff |
//! | [`transport`] | the `Transport` trait, btleplug (feature `btleplug-transport`), the feed API for shells, simulated peripherals |
//! | [`ingest`] | turning transfers into readings with provenance, epochs, sync state; the `SyncDriver` |
//!
//! Layers point down: `transport` drives `session` through `ingest::SyncDriver`;
//! `session` uses `gatt`; `ingest` uses `session`, `record` and `store`.

pub mod gatt;
pub mod ingest;
pub mod session;
pub mod transport;

pub use session::DeviceError;
