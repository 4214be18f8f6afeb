//! A key file from outside: parsed and bounded before any key is derived.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    phr_fuzz::key_file(bytes);
});
