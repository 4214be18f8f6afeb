//! The fuzz targets' functions on stable, in the default test run: every decoder of
//! bytes from outside (each GATT characteristic, RACP responses, backup headers, key
//! files) returns a typed value or a typed error for any input, and a key derivation
//! never runs outside its bounds. Inputs found by `scripts/fuzz.sh` that crashed become
//! cases at the end of this file.

use phr_core::devices::gatt::{Characteristic, RacpResponse};
use phr_core::keys::PassphraseKeyFile;
use phr_core::keys::passphrase::{KdfParams, MAX_ITERATIONS, MAX_MEMORY_KIB, MAX_PARALLELISM};
use proptest::collection::vec;
use proptest::prelude::*;

/// A backup header as this app writes it, for `params` and an image of `image_len` bytes.
fn backup_bytes(params: KdfParams, image_len: usize) -> Vec<u8> {
    let mut b = b"PHR-BACKUP\n".to_vec();
    b.push(1);
    for n in [params.memory_kib, params.iterations, params.parallelism] {
        b.extend_from_slice(&n.to_le_bytes());
    }
    b.extend_from_slice(&[7; 16]);
    b.extend_from_slice(&(image_len as u64).to_le_bytes());
    b.extend_from_slice(&[1; 12 + 48]);
    b.extend(std::iter::repeat_n(0xab, image_len));
    b
}

fn key_file_bytes(memory_kib: u64, iterations: u64, parallelism: u64) -> Vec<u8> {
    format!(
        r#"{{"format":"phr-key-file","version":1,"kdf":{{"name":"argon2id","version":19,"memory_kib":{memory_kib},"iterations":{iterations},"parallelism":{parallelism},"salt":"{}"}},"cipher":{{"name":"aes-256-gcm","nonce":"{}"}},"wrapped_key":"{}"}}"#,
        "0".repeat(32),
        "1".repeat(24),
        "2".repeat(96)
    )
    .into_bytes()
}

fn within_bounds(p: &KdfParams) -> bool {
    p.memory_kib <= MAX_MEMORY_KIB
        && p.iterations <= MAX_ITERATIONS
        && p.parallelism <= MAX_PARALLELISM
}

proptest! {
    #[test]
    fn every_characteristic_decodes_any_bytes_without_panicking(
        which in 0..Characteristic::ALL.len(),
        bytes in vec(any::<u8>(), 0..64),
    ) {
        let _ = Characteristic::ALL[which].decode(&bytes);
    }

    #[test]
    fn racp_responses_decode_any_bytes_without_panicking(bytes in vec(any::<u8>(), 0..16)) {
        let _ = RacpResponse::decode(&bytes);
    }

    #[test]
    fn backup_headers_accept_only_bounded_settings(
        memory_kib in any::<u32>(),
        iterations in any::<u32>(),
        parallelism in any::<u32>(),
        image_len in 0usize..64,
        cut in any::<prop::sample::Index>(),
    ) {
        let params = KdfParams { memory_kib, iterations, parallelism };
        let bytes = backup_bytes(params, image_len);
        match phr_core::store::parse_header(&bytes) {
            Ok(header) => {
                prop_assert!(within_bounds(&header.params));
                prop_assert!(header.params.validate().is_ok());
            }
            Err(e) => prop_assert!(!within_bounds(&params) || params.validate().is_err(), "{e}"),
        }
        // Cut anywhere: never a panic, and never accepted unless whole.
        let at = cut.index(bytes.len());
        prop_assert!(phr_core::store::parse_header(&bytes[..at]).is_err());
    }

    #[test]
    fn backup_headers_of_any_bytes_never_panic(bytes in vec(any::<u8>(), 0..200)) {
        let mut with_magic = b"PHR-BACKUP\n\x01".to_vec();
        with_magic.extend_from_slice(&bytes);
        for b in [&bytes, &with_magic] {
            if let Ok(h) = phr_core::store::parse_header(b) {
                prop_assert!(within_bounds(&h.params));
            }
        }
    }

    #[test]
    fn key_files_accept_only_bounded_settings(
        memory_kib in any::<u64>(),
        iterations in any::<u64>(),
        parallelism in any::<u64>(),
    ) {
        if let Ok(file) = PassphraseKeyFile::from_bytes(&key_file_bytes(memory_kib, iterations, parallelism)) {
            prop_assert!(within_bounds(&file.params()));
        }
    }

    #[test]
    fn key_files_of_any_bytes_never_panic(bytes in vec(any::<u8>(), 0..300)) {
        let _ = PassphraseKeyFile::from_bytes(&bytes);
    }
}

#[test]
fn a_cheap_in_bounds_key_file_runs_argon2_and_is_a_wrong_passphrase() {
    let file = PassphraseKeyFile::from_bytes(&key_file_bytes(1024, 1, 1)).expect("parses");
    assert!(matches!(
        file.unwrap_with("any passphrase"),
        Err(phr_core::keys::KeyError::WrongPassphrase)
    ));
}

#[test]
fn a_backup_header_at_the_4_gib_that_once_ran_is_refused() {
    let bytes = backup_bytes(
        KdfParams {
            memory_kib: 4 * 1024 * 1024,
            iterations: 1,
            parallelism: 1,
        },
        8,
    );
    assert!(phr_core::store::parse_header(&bytes).is_err());
    assert!(phr_core::store::open_backup_key(&bytes, "passphrase").is_err());
}
