//! Bluetooth LE health devices: pure GATT decoders, transfer sessions and transports.

pub mod gatt;
