//! What the phone brings, as foreign traits the shell implements, each adapted to the
//! core's own trait: the key store behind biometrics, a clock, a logger, a listener for
//! changes, and a Bluetooth link.

pub mod bluetooth;
pub mod clock;
pub mod keys;
pub mod listener;
pub mod logger;
