//! RACP indications from a meter (responses and counts) on arbitrary bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let _ = phr_core::devices::gatt::RacpResponse::decode(bytes);
});
