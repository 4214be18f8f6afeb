//! The glucose feature characteristic's decoder on arbitrary bytes: a typed value or a typed
//! error, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    phr_fuzz::gatt("glucose_feature", bytes);
});
