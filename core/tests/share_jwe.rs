//! JWE files: round trips, a fresh IV every time, every changed byte refused, zip bombs
//! refused without allocating them, headers outside `dir` + `A256GCM` (+ `zip` `DEF`)
//! refused, and no input makes the parser panic.

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use flate2::Compression;
use flate2::write::DeflateEncoder;
use phr_core::share::{Decrypted, LinkKey, ShareError, decrypt, encrypt};
use proptest::prelude::*;
use std::io::Write;

const FHIR: &str = "application/fhir+json";
const MIB: usize = 1024 * 1024;

fn key() -> LinkKey {
    LinkKey::from_bytes([0x42; 32])
}

fn bundle(entries: usize) -> Vec<u8> {
    let entry = r#"{"resource":{"resourceType":"AllergyIntolerance","code":{"text":"Penicillin"},"reaction":[{"manifestation":[{"text":"Hives"}]}]}}"#;
    format!(
        r#"{{"resourceType":"Bundle","type":"document","entry":[{}]}}"#,
        vec![entry; entries].join(",")
    )
    .into_bytes()
}

/// A JWE with any header, made with `aes-gcm` directly (not through `encrypt`), so that
/// headers `encrypt` never writes can be tried.
fn jwe_with_header(header: &str, plaintext: &[u8]) -> String {
    let header = B64.encode(header);
    let mut buffer = plaintext.to_vec();
    let iv = [9u8; 12];
    let tag = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key().as_bytes()))
        .encrypt_in_place_detached(Nonce::from_slice(&iv), header.as_bytes(), &mut buffer)
        .expect("encrypts");
    format!(
        "{header}..{}.{}.{}",
        B64.encode(iv),
        B64.encode(buffer),
        B64.encode(tag)
    )
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).expect("deflate");
    encoder.finish().expect("deflate")
}

fn header_of(compact: &str) -> serde_json::Value {
    let segment = compact.split('.').next().expect("header");
    serde_json::from_slice(&B64.decode(segment).expect("b64")).expect("JSON")
}

#[test]
fn files_round_trip_with_and_without_compression() {
    for compress in [false, true] {
        let plaintext = bundle(200);
        let compact = encrypt(&key(), &plaintext, FHIR, compress).expect("encrypts");
        let decrypted = decrypt(&key(), &compact, MIB).expect("decrypts");
        assert_eq!(
            decrypted,
            Decrypted {
                content_type: Some(FHIR.into()),
                plaintext
            }
        );
    }
    let empty = encrypt(&key(), b"", FHIR, true).expect("encrypts");
    assert_eq!(decrypt(&key(), &empty, 0).expect("decrypts").plaintext, b"");
}

#[test]
fn the_header_is_dir_a256gcm_with_cty_and_zip_only_when_compressed() {
    let plain = encrypt(&key(), b"{}", FHIR, false).expect("encrypts");
    assert_eq!(
        header_of(&plain),
        serde_json::json!({"alg": "dir", "enc": "A256GCM", "cty": FHIR})
    );
    let compressed = encrypt(&key(), b"{}", FHIR, true).expect("encrypts");
    assert_eq!(
        header_of(&compressed),
        serde_json::json!({"alg": "dir", "enc": "A256GCM", "cty": FHIR, "zip": "DEF"})
    );
    let parts: Vec<&str> = plain.split('.').collect();
    assert_eq!(parts.len(), 5);
    assert_eq!(parts[1], "", "the encrypted key is empty for dir");
    assert_eq!(B64.decode(parts[2]).expect("iv").len(), 12);
    assert_eq!(B64.decode(parts[4]).expect("tag").len(), 16);
}

#[test]
fn a_file_is_never_written_without_a_content_type() {
    for content_type in ["", "  "] {
        let error = encrypt(&key(), b"{}", content_type, false).expect_err("no cty");
        assert!(
            matches!(error, ShareError::InvalidJwe { part: "header", .. }),
            "{error:?}"
        );
    }
}

#[test]
fn compression_is_raw_deflate_and_makes_repetitive_files_smaller() {
    let plaintext = bundle(500);
    let plain = encrypt(&key(), &plaintext, FHIR, false).expect("encrypts");
    let compressed = encrypt(&key(), &plaintext, FHIR, true).expect("encrypts");
    assert!(
        compressed.len() * 10 < plain.len(),
        "{} vs {}",
        compressed.len(),
        plain.len()
    );
    // Decrypt by hand and inflate as raw DEFLATE (RFC 1951, no zlib header).
    let parts: Vec<&str> = compressed.split('.').collect();
    let mut buffer = B64.decode(parts[3]).expect("ct");
    let tag = B64.decode(parts[4]).expect("tag");
    Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key().as_bytes()))
        .decrypt_in_place_detached(
            Nonce::from_slice(&B64.decode(parts[2]).expect("iv")),
            parts[0].as_bytes(),
            &mut buffer,
            aes_gcm::Tag::from_slice(&tag),
        )
        .expect("authentic");
    let mut inflated = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::DeflateDecoder::new(&buffer[..]),
        &mut inflated,
    )
    .expect("raw deflate");
    assert_eq!(inflated, plaintext);
}

#[test]
fn every_encryption_draws_a_fresh_iv() {
    let ivs: std::collections::HashSet<String> = (0..50)
        .map(|_| {
            let compact = encrypt(&key(), b"same file, same key", FHIR, false).expect("enc");
            compact.split('.').nth(2).expect("iv").to_owned()
        })
        .collect();
    assert_eq!(ivs.len(), 50);
}

#[test]
fn every_changed_character_is_refused() {
    let compact = encrypt(&key(), br#"{"resourceType":"Patient"}"#, FHIR, false).expect("enc");
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = compact.as_bytes();
    for at in 0..bytes.len() {
        if bytes[at] == b'.' {
            continue;
        }
        let position = alphabet
            .iter()
            .position(|c| *c == bytes[at])
            .expect("base64url");
        let mut changed = bytes.to_vec();
        changed[at] = alphabet[(position + 1) % alphabet.len()];
        let changed = String::from_utf8(changed).expect("ascii");
        assert!(
            decrypt(&key(), &changed, MIB).is_err(),
            "a change at {at} was accepted"
        );
    }
}

#[test]
fn every_flipped_byte_of_header_iv_ciphertext_or_tag_is_refused() {
    let compact = encrypt(&key(), br#"{"resourceType":"Patient"}"#, FHIR, true).expect("enc");
    let parts: Vec<Vec<u8>> = compact
        .split('.')
        .map(|p| B64.decode(p).expect("b64"))
        .collect();
    for part in [0, 2, 3, 4] {
        for at in 0..parts[part].len() {
            for bit in [0x01, 0x80] {
                let mut changed = parts.clone();
                changed[part][at] ^= bit;
                let text: Vec<String> = changed.iter().map(|p| B64.encode(p)).collect();
                let result = decrypt(&key(), &text.join("."), MIB);
                assert!(
                    result.is_err(),
                    "flip {bit:#x} at {at} of part {part} accepted"
                );
            }
        }
    }
}

#[test]
fn a_wrong_key_is_refused() {
    let compact = encrypt(&key(), b"{}", FHIR, false).expect("enc");
    let error = decrypt(&LinkKey::generate(), &compact, MIB).expect_err("wrong key");
    assert!(matches!(error, ShareError::DecryptionFailed), "{error:?}");
}

#[test]
fn a_zip_bomb_is_refused_at_the_limit() {
    // 64 MiB of zeros deflates to about 64 KiB.
    let bomb = vec![0u8; 64 * MIB];
    let compact = encrypt(&key(), &bomb, FHIR, true).expect("enc");
    assert!(compact.len() < 200 * 1024, "{}", compact.len());
    let error = decrypt(&key(), &compact, MIB).expect_err("bomb");
    assert!(
        matches!(error, ShareError::TooLarge { limit } if limit == MIB),
        "{error:?}"
    );
}

#[test]
fn the_limit_is_exact_with_and_without_compression() {
    for compress in [false, true] {
        let compact = encrypt(&key(), &[b'x'; 1000], FHIR, compress).expect("enc");
        assert_eq!(
            decrypt(&key(), &compact, 1000)
                .expect("at the limit")
                .plaintext
                .len(),
            1000
        );
        let error = decrypt(&key(), &compact, 999).expect_err("over the limit");
        assert!(
            matches!(error, ShareError::TooLarge { limit: 999 }),
            "{error:?}"
        );
    }
}

#[test]
fn a_critical_header_is_refused() {
    let compact = jwe_with_header(
        r#"{"alg":"dir","enc":"A256GCM","cty":"application/fhir+json","crit":["exp"],"exp":1}"#,
        b"{}",
    );
    let error = decrypt(&key(), &compact, MIB).expect_err("crit");
    assert!(
        matches!(
            error,
            ShareError::UnsupportedJwe {
                parameter: "crit",
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn compression_other_than_deflate_is_refused() {
    let compact = jwe_with_header(r#"{"alg":"dir","enc":"A256GCM","zip":"GZIP"}"#, b"{}");
    let error = decrypt(&key(), &compact, MIB).expect_err("GZIP");
    assert!(
        matches!(&error, ShareError::UnsupportedJwe { parameter: "zip", value } if value == "GZIP"),
        "{error:?}"
    );
}

#[test]
fn other_algorithms_are_refused() {
    for (header, parameter) in [
        (r#"{"alg":"A256KW","enc":"A256GCM"}"#, "alg"),
        (r#"{"alg":"none","enc":"A256GCM"}"#, "alg"),
        (r#"{"alg":"dir","enc":"A128GCM"}"#, "enc"),
        (r#"{"alg":"dir","enc":"A256CBC-HS512"}"#, "enc"),
    ] {
        let error = decrypt(&key(), &jwe_with_header(header, b"{}"), MIB).expect_err(header);
        assert!(
            matches!(&error, ShareError::UnsupportedJwe { parameter: p, .. } if *p == parameter),
            "{header}: {error:?}"
        );
    }
    for header in [
        r#"{"enc":"A256GCM"}"#,
        r#"{"alg":"dir"}"#,
        r#"{"alg":"dir","alg":"dir","enc":"A256GCM"}"#,
        r#"{"alg":"dir","enc":"A256GCM","cty":7}"#,
        r#"["dir"]"#,
        "not json",
    ] {
        let error = decrypt(&key(), &jwe_with_header(header, b"{}"), MIB).expect_err(header);
        assert!(
            matches!(error, ShareError::InvalidJwe { part: "header", .. }),
            "{header}: {error:?}"
        );
    }
}

#[test]
fn a_missing_content_type_is_accepted_as_none() {
    let compact = jwe_with_header(r#"{"enc":"A256GCM","alg":"dir","kid":"k1"}"#, b"{}");
    let decrypted = decrypt(&key(), &compact, MIB).expect("no cty");
    assert_eq!(decrypted.content_type, None);
    assert_eq!(decrypted.plaintext, b"{}");
}

#[test]
fn the_aad_is_the_header_as_received() {
    // Spaces and another order: a different segment, so a different AAD.
    let spaced = r#"{ "enc": "A256GCM", "alg": "dir", "zip": "DEF" }"#;
    let compact = jwe_with_header(spaced, &deflate(b"hello"));
    assert_eq!(
        decrypt(&key(), &compact, MIB).expect("accepted").plaintext,
        b"hello"
    );
    // The same header JSON, re-encoded compactly, no longer authenticates.
    let compact_header = B64.encode(r#"{"enc":"A256GCM","alg":"dir","zip":"DEF"}"#);
    let (_, rest) = compact.split_once('.').expect("parts");
    let error = decrypt(&key(), &format!("{compact_header}.{rest}"), MIB).expect_err("other AAD");
    assert!(matches!(error, ShareError::DecryptionFailed), "{error:?}");
}

#[test]
fn compressed_content_that_is_not_deflate_is_refused() {
    let compact = jwe_with_header(r#"{"alg":"dir","enc":"A256GCM","zip":"DEF"}"#, &[0xff; 64]);
    let error = decrypt(&key(), &compact, MIB).expect_err("not deflate");
    assert!(matches!(error, ShareError::Inflate { .. }), "{error:?}");
}

#[test]
fn malformed_compact_serialisations_name_their_part() {
    let good = encrypt(&key(), b"{}", FHIR, false).expect("enc");
    let parts: Vec<&str> = good.split('.').collect();
    let with = |index: usize, value: &str| {
        let mut changed = parts.clone();
        changed[index] = value;
        changed.join(".")
    };
    let cases = [
        (format!("{good}.x"), "compact"),
        (parts[..4].join("."), "compact"),
        (with(1, "AAAA"), "encrypted key"),
        (with(2, &B64.encode([0u8; 16])), "iv"),
        (with(2, "!!"), "iv"),
        (with(4, &B64.encode([0u8; 15])), "tag"),
        (with(3, "a+b/"), "ciphertext"),
        (with(0, "eyJ="), "header"),
    ];
    for (compact, part) in cases {
        let error = decrypt(&key(), &compact, MIB).expect_err(&compact);
        assert!(
            matches!(&error, ShareError::InvalidJwe { part: p, .. } if *p == part),
            "{part}: {error:?}"
        );
    }
}

#[test]
fn a_signed_file_is_named_as_such() {
    let jws = format!(
        "{}.{}.{}",
        B64.encode(r#"{"alg":"ES256","zip":"DEF","kid":"k"}"#),
        B64.encode("payload"),
        B64.encode([1u8; 64])
    );
    let error = decrypt(&key(), &jws, MIB).expect_err("JWS");
    assert!(matches!(error, ShareError::SignedNotEncrypted), "{error:?}");
    // Three parts of garbage are not called a signature.
    let error = decrypt(&key(), "a.b.c", MIB).expect_err("garbage");
    assert!(
        matches!(
            error,
            ShareError::InvalidJwe {
                part: "compact",
                ..
            }
        ),
        "{error:?}"
    );
}

proptest! {
    #[test]
    fn any_text_is_decrypted_without_panicking(text in ".{0,300}") {
        let _ = decrypt(&key(), &text, MIB);
    }

    #[test]
    fn any_five_base64url_parts_are_decrypted_without_panicking(
        parts in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..40), 5),
        zip in any::<bool>(),
    ) {
        let mut text: Vec<String> = parts.iter().map(|p| B64.encode(p)).collect();
        if zip {
            text[0] = B64.encode(r#"{"alg":"dir","enc":"A256GCM","zip":"DEF"}"#);
        }
        let _ = decrypt(&key(), &text.join("."), MIB);
    }

    #[test]
    fn a_changed_file_never_decrypts_to_something_else(
        at in any::<prop::sample::Index>(),
        with in "[A-Za-z0-9_.-]",
        compress in any::<bool>(),
    ) {
        let plaintext = b"{\"resourceType\":\"Observation\"}";
        let compact = encrypt(&key(), plaintext, FHIR, compress).expect("enc");
        let at = at.index(compact.len());
        let mut changed = compact.clone();
        changed.replace_range(at..at + 1, &with);
        match decrypt(&key(), &changed, MIB) {
            Ok(decrypted) => {
                prop_assert_eq!(&changed, &compact);
                prop_assert_eq!(decrypted.plaintext, plaintext.to_vec());
            }
            Err(_) => prop_assert_ne!(changed, compact),
        }
    }
}
