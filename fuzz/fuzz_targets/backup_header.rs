//! A backup file from outside: its header is parsed and bounded before any key is
//! derived; Argon2 only runs for headers inside the bounds (and, to keep the fuzzer
//! fast, only for the cheapest settings).
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    phr_fuzz::backup(bytes);
});
