//! What each fuzz target runs: one plain function of phr-core, plus the checks that must
//! hold for any input (a KDF never runs outside its bounds).

use phr_core::devices::gatt::Characteristic;
use phr_core::keys::PassphraseKeyFile;
use phr_core::keys::passphrase::{KdfParams, MAX_MEMORY_KIB};

/// Settings cheap enough to run Argon2 on every fuzz input (those of the tests).
fn cheap(p: &KdfParams) -> bool {
    *p == KdfParams::for_tests()
}

/// Decodes `bytes` as the characteristic called `key` (`glucose_measurement`, ...).
pub fn gatt(key: &str, bytes: &[u8]) {
    if let Ok(c) = Characteristic::parse(key) {
        let _ = c.decode(bytes);
    }
}

/// A backup file's header, then (for cheap settings) the sealed key.
pub fn backup(bytes: &[u8]) {
    if let Ok(header) = phr_core::store::parse_header(bytes) {
        assert!(header.params.validate().is_ok());
        assert!(header.params.memory_kib <= MAX_MEMORY_KIB);
        if cheap(&header.params) {
            let _ = phr_core::store::open_backup_key(bytes, "fuzzing passphrase");
        }
    }
}

/// A key file, then (for cheap settings) unwrapping it.
pub fn key_file(bytes: &[u8]) {
    if let Ok(file) = PassphraseKeyFile::from_bytes(bytes) {
        assert!(file.params().validate().is_ok());
        if cheap(&file.params()) {
            let _ = file.unwrap_with("fuzzing passphrase");
        }
    }
}
