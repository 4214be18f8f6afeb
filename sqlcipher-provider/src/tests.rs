//! Every primitive against OpenSSL (an independent implementation), with inputs of the
//! sizes SQLCipher uses and others.

#![allow(clippy::unwrap_used, clippy::undocumented_unsafe_blocks)]

use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use openssl::sign::Signer;
use openssl::symm::{Cipher, Crypter, Mode};
use rand::{Rng, RngCore};

use super::*;

fn bytes(len: usize) -> Vec<u8> {
    let mut v = vec![0u8; len];
    rand::thread_rng().fill_bytes(&mut v);
    v
}

fn openssl_hmac(digest: MessageDigest, key: &[u8], first: &[u8], second: &[u8]) -> Vec<u8> {
    let key = PKey::hmac(key).unwrap();
    let mut signer = Signer::new(digest, &key).unwrap();
    signer.update(first).unwrap();
    signer.update(second).unwrap();
    signer.sign_to_vec().unwrap()
}

fn our_hmac(algorithm: c_int, key: &[u8], first: &[u8], second: Option<&[u8]>) -> (c_int, Vec<u8>) {
    let mut out = vec![0u8; digest_size(algorithm).max(1)];
    let (second_ptr, second_len) =
        second.map_or((std::ptr::null(), 0), |s| (s.as_ptr(), s.len() as c_int));
    let rc = unsafe {
        hmac(
            std::ptr::null_mut(),
            algorithm,
            key.as_ptr(),
            key.len() as c_int,
            first.as_ptr(),
            first.len() as c_int,
            second_ptr,
            second_len,
            out.as_mut_ptr(),
        )
    };
    (rc, out)
}

#[test]
fn hmac_matches_openssl_for_pages_and_page_numbers() {
    for (algorithm, digest) in [
        (HMAC_SHA512, MessageDigest::sha512()),
        (HMAC_SHA256, MessageDigest::sha256()),
    ] {
        for (key_len, len) in [
            (32, 0usize),
            (64, 1),
            (64, 16),
            (32, 127),
            (128, 128),
            (131, 4016),
            (32, 4032),
            (64, 16_368),
        ] {
            let key = bytes(key_len);
            let page = bytes(len);
            let pgno = rand::thread_rng().r#gen::<u32>().to_le_bytes();
            let (rc, ours) = our_hmac(algorithm, &key, &page, Some(&pgno));
            assert_eq!(rc, SQLITE_OK);
            assert_eq!(
                ours,
                openssl_hmac(digest, &key, &page, &pgno),
                "algorithm {algorithm}, {len} bytes"
            );
            let (rc, ours) = our_hmac(algorithm, &key, &page, None);
            assert_eq!(rc, SQLITE_OK);
            assert_eq!(ours, openssl_hmac(digest, &key, &page, &[]));
        }
    }
}

#[test]
fn hmac_sha512_gives_the_rfc_4231_answers() {
    // RFC 4231, test cases 2 and 6 (a key longer than the block is hashed first).
    let (rc, tag) = our_hmac(
        HMAC_SHA512,
        b"Jefe",
        b"what do ya want ",
        Some(b"for nothing?"),
    );
    assert_eq!(rc, SQLITE_OK);
    assert_eq!(
        hex(&tag),
        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
    );
    let (rc, tag) = our_hmac(
        HMAC_SHA512,
        &[0xaa; 131],
        b"Test Using Larger Than Block-Size Key - Hash Key First",
        None,
    );
    assert_eq!(rc, SQLITE_OK);
    assert_eq!(
        hex(&tag),
        "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn sha1_and_unknown_algorithms_are_refused_not_guessed() {
    let (rc, _) = our_hmac(HMAC_SHA1, &bytes(20), &bytes(32), None);
    assert_eq!(rc, SQLITE_ERROR);
    let (rc, _) = our_hmac(7, &bytes(20), &bytes(32), None);
    assert_eq!(rc, SQLITE_ERROR);
    assert_eq!(unsafe { hmac_size(std::ptr::null_mut(), HMAC_SHA1) }, 20);
    assert_eq!(unsafe { hmac_size(std::ptr::null_mut(), HMAC_SHA256) }, 32);
    assert_eq!(unsafe { hmac_size(std::ptr::null_mut(), HMAC_SHA512) }, 64);
    assert_eq!(unsafe { hmac_size(std::ptr::null_mut(), 7) }, 0);
}

#[test]
fn pbkdf2_matches_openssl() {
    // SQLCipher's two uses: a passphrase (256,000 rounds in real files; fewer here for
    // speed) and the HMAC key from the encryption key (2 rounds).
    for (algorithm, digest) in [
        (HMAC_SHA512, MessageDigest::sha512()),
        (HMAC_SHA256, MessageDigest::sha256()),
    ] {
        for (pass_len, rounds) in [(32usize, 2), (17, 1000), (0, 3)] {
            let pass = bytes(pass_len);
            let salt = bytes(16);
            let mut ours = [0u8; 32];
            let rc = unsafe {
                kdf(
                    std::ptr::null_mut(),
                    algorithm,
                    if pass.is_empty() {
                        std::ptr::null()
                    } else {
                        pass.as_ptr()
                    },
                    pass.len() as c_int,
                    salt.as_ptr(),
                    salt.len() as c_int,
                    rounds,
                    32,
                    ours.as_mut_ptr(),
                )
            };
            assert_eq!(rc, SQLITE_OK);
            let mut theirs = [0u8; 32];
            openssl::pkcs5::pbkdf2_hmac(&pass, &salt, rounds as usize, digest, &mut theirs)
                .unwrap();
            assert_eq!(ours, theirs, "algorithm {algorithm}, {rounds} rounds");
        }
    }
    let mut key = [0u8; 32];
    let rc = unsafe {
        kdf(
            std::ptr::null_mut(),
            HMAC_SHA512,
            [1u8].as_ptr(),
            1,
            [2u8].as_ptr(),
            1,
            0,
            32,
            key.as_mut_ptr(),
        )
    };
    assert_eq!(rc, SQLITE_ERROR, "no rounds is refused");
}

/// Our cipher on `data`, into a new buffer or (`in_place`) over a copy of it.
fn run_cipher(mode: c_int, key: &[u8], iv: &[u8], data: &[u8], in_place: bool) -> (c_int, Vec<u8>) {
    let mut out = if in_place {
        data.to_vec()
    } else {
        vec![0u8; data.len()]
    };
    let input = if in_place {
        out.as_ptr()
    } else {
        data.as_ptr()
    };
    let rc = unsafe {
        cipher(
            std::ptr::null_mut(),
            mode,
            key.as_ptr(),
            key.len() as c_int,
            iv.as_ptr(),
            input,
            data.len() as c_int,
            out.as_mut_ptr(),
        )
    };
    (rc, out)
}

fn our_cipher(mode: c_int, key: &[u8], iv: &[u8], data: &[u8]) -> (c_int, Vec<u8>) {
    run_cipher(mode, key, iv, data, false)
}

fn openssl_cipher(mode: Mode, key: &[u8], iv: &[u8], data: &[u8]) -> Vec<u8> {
    let mut c = Crypter::new(Cipher::aes_256_cbc(), mode, key, Some(iv)).unwrap();
    c.pad(false);
    let mut out = vec![0u8; data.len() + 16];
    let mut n = c.update(data, &mut out).unwrap();
    n += c.finalize(&mut out[n..]).unwrap();
    out.truncate(n);
    out
}

#[test]
fn aes_256_cbc_matches_openssl_both_ways() {
    for len in [16usize, 4016, 4032, 16_368] {
        let key = bytes(32);
        let iv = bytes(16);
        let plain = bytes(len);
        let (rc, ours) = our_cipher(ENCRYPT, &key, &iv, &plain);
        assert_eq!(rc, SQLITE_OK);
        assert_eq!(
            ours,
            openssl_cipher(Mode::Encrypt, &key, &iv, &plain),
            "{len} bytes"
        );
        let (rc, back) = our_cipher(0, &key, &iv, &ours);
        assert_eq!(rc, SQLITE_OK);
        assert_eq!(back, plain);
        assert_eq!(openssl_cipher(Mode::Decrypt, &key, &iv, &ours), plain);
    }
}

#[test]
fn encrypting_in_place_gives_the_same_ciphertext() {
    let key = bytes(32);
    let iv = bytes(16);
    let plain = bytes(4016);
    let (rc, buffer) = run_cipher(ENCRYPT, &key, &iv, &plain, true);
    assert_eq!(rc, SQLITE_OK);
    assert_eq!(buffer, openssl_cipher(Mode::Encrypt, &key, &iv, &plain));
}

#[test]
fn bad_lengths_and_null_buffers_are_errors() {
    let key = bytes(32);
    let iv = bytes(16);
    assert_eq!(
        our_cipher(ENCRYPT, &key, &iv, &bytes(4017)).0,
        SQLITE_ERROR,
        "not whole blocks"
    );
    assert_eq!(
        our_cipher(ENCRYPT, &key[..16], &iv, &bytes(32)).0,
        SQLITE_ERROR,
        "a short key"
    );
    let rc = unsafe {
        cipher(
            std::ptr::null_mut(),
            ENCRYPT,
            key.as_ptr(),
            32,
            iv.as_ptr(),
            std::ptr::null(),
            16,
            std::ptr::null_mut(),
        )
    };
    assert_eq!(rc, SQLITE_ERROR);
    let rc = unsafe { random(std::ptr::null_mut(), std::ptr::null_mut(), 16) };
    assert_eq!(rc, SQLITE_ERROR);
}

#[test]
fn random_fills_every_byte_and_never_repeats() {
    let mut a = [0u8; 16];
    let mut b = [0u8; 16];
    unsafe {
        assert_eq!(
            random(std::ptr::null_mut(), a.as_mut_ptr().cast(), 16),
            SQLITE_OK
        );
        assert_eq!(
            random(std::ptr::null_mut(), b.as_mut_ptr().cast(), 16),
            SQLITE_OK
        );
    }
    assert_ne!(a, b);
    assert_ne!(a, [0u8; 16]);
}
