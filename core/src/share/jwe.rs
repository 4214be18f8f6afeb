//! The encrypted files behind a SMART Health Link: JWE compact serialisation with
//! `alg` `dir` and `enc` `A256GCM`, optionally `zip` `DEF`.
//!
//! Sources: RFC 7516 (JWE), RFC 7518 (JWA), and the SMART Health Cards and Links IG,
//! links specification, section "Encrypting and Decrypting Files" (IG-FILES).

use super::{LinkKey, ShareError, b64};
use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce, Tag};
use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use zeroize::Zeroizing;

/// IV length for A256GCM: 96 bits (RFC 7518 §5.3).
const IV_LEN: usize = 12;
/// Authentication tag length for A256GCM: 128 bits (RFC 7518 §5.3).
const TAG_LEN: usize = 16;

/// A decrypted file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decrypted {
    /// The `cty` header: the content type (`application/fhir+json`, ...). `None` when
    /// the file has none (the IG's own `IPS_IG-bundle-01-enc.txt` has none, although
    /// IG-FILES asks for it).
    pub content_type: Option<String>,
    /// The plaintext, decompressed if the file was compressed.
    pub plaintext: Vec<u8>,
}

/// The protected header as written. Field order matches the IG's example.
#[derive(Serialize)]
struct WrittenHeader<'a> {
    alg: &'a str,
    enc: &'a str,
    cty: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    zip: Option<&'a str>,
}

/// The protected header as received. A derived struct refuses a parameter given twice
/// (RFC 7516 §4: "Header Parameter names ... MUST be unique"); others (such as `kid`)
/// are ignored.
#[derive(Deserialize)]
struct ReceivedHeader {
    alg: Option<String>,
    enc: Option<String>,
    cty: Option<String>,
    zip: Option<String>,
    crit: Option<serde_json::Value>,
}

/// Encrypts `plaintext` for a link: protected header `{"alg":"dir","enc":"A256GCM",
/// "cty":content_type}` plus `"zip":"DEF"` (raw DEFLATE, RFC 1951) when `compress`.
/// `content_type` must not be empty (IG-FILES: "a `cty` header indicating the content
/// type"). Every call draws a fresh random 96-bit IV: the same key encrypts every file
/// of a link and every update (IG-FILES: "SHALL ensure a unique nonce ... for each
/// encryption").
pub fn encrypt(
    key: &LinkKey,
    plaintext: &[u8],
    content_type: &str,
    compress: bool,
) -> Result<String, ShareError> {
    if content_type.trim().is_empty() {
        return Err(ShareError::jwe(
            "header",
            "needs a content type (cty), such as application/fhir+json",
        ));
    }
    let header = WrittenHeader {
        alg: "dir",
        enc: "A256GCM",
        cty: content_type,
        zip: compress.then_some("DEF"),
    };
    let header_json =
        serde_json::to_vec(&header).map_err(|e| ShareError::jwe("header", e.to_string()))?;
    let header_segment = b64::encode(&header_json);

    // The buffer becomes the ciphertext in place; until then it holds plaintext.
    let mut buffer = Zeroizing::new(if compress {
        let mut encoder = DeflateEncoder::new(Vec::new(), Compression::default());
        encoder
            .write_all(plaintext)
            .map_err(|source| ShareError::Deflate { source })?;
        encoder
            .finish()
            .map_err(|source| ShareError::Deflate { source })?
    } else {
        plaintext.to_vec()
    });

    let mut iv = [0u8; IV_LEN];
    rand::rngs::OsRng.fill_bytes(&mut iv);
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key.as_bytes()));
    // AAD = ASCII(BASE64URL(UTF8(JWE Protected Header))) (RFC 7516 §5.1 step 14).
    let tag = cipher
        .encrypt_in_place_detached(
            Nonce::from_slice(&iv),
            header_segment.as_bytes(),
            &mut buffer,
        )
        .map_err(|_| ShareError::TooLargeToEncrypt)?;

    // Compact serialisation (RFC 7516 §7.1); the encrypted key is empty for `dir`
    // (RFC 7518 §4.5).
    Ok(format!(
        "{header_segment}..{}.{}.{}",
        b64::encode(&iv),
        b64::encode(buffer.as_slice()),
        b64::encode(tag.as_slice())
    ))
}

/// Decrypts a received file, refusing anything but what [`encrypt`] writes (and the
/// IG's published quirks): five parts, an empty encrypted key, `alg` `dir`, `enc`
/// `A256GCM`, no `crit`, `zip` absent or `DEF`, a 12-byte IV and a 16-byte tag. The
/// plaintext (after decompression) may be at most `max_plaintext_bytes` long; a larger
/// one, such as a zip bomb, is [`ShareError::TooLarge`] and is never allocated whole.
pub fn decrypt(
    key: &LinkKey,
    compact: &str,
    max_plaintext_bytes: usize,
) -> Result<Decrypted, ShareError> {
    let compact = compact.trim_ascii();
    let parts: Vec<&str> = compact.split('.').collect();
    if parts.len() == 3 && looks_like_jose_header(parts[0]) {
        // RFC 7516 §9: a JWS compact serialisation has three parts, a JWE five.
        return Err(ShareError::SignedNotEncrypted);
    }
    let [header_segment, encrypted_key, iv, ciphertext, tag] = parts[..] else {
        return Err(ShareError::jwe(
            "compact",
            format!("has {} parts separated by '.'; a JWE has 5", parts.len()),
        ));
    };

    let header = parse_header(header_segment)?;
    if !encrypted_key.is_empty() {
        return Err(ShareError::jwe(
            "encrypted key",
            "must be empty for alg dir (RFC 7518 §4.5)",
        ));
    }
    let iv = decode_part("iv", iv)?;
    if iv.len() != IV_LEN {
        return Err(ShareError::jwe(
            "iv",
            format!("must be {IV_LEN} bytes, not {}", iv.len()),
        ));
    }
    let tag = decode_part("tag", tag)?;
    if tag.len() != TAG_LEN {
        return Err(ShareError::jwe(
            "tag",
            format!("must be {TAG_LEN} bytes, not {}", tag.len()),
        ));
    }
    let compressed = header.zip.is_some();
    // Without compression the plaintext is as long as the ciphertext: refuse an
    // oversized one before decoding or decrypting it.
    if !compressed && ciphertext.len() / 4 * 3 > max_plaintext_bytes {
        return Err(ShareError::TooLarge {
            limit: max_plaintext_bytes,
        });
    }
    let mut buffer = Zeroizing::new(decode_part("ciphertext", ciphertext)?);
    if !compressed && buffer.len() > max_plaintext_bytes {
        return Err(ShareError::TooLarge {
            limit: max_plaintext_bytes,
        });
    }

    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key.as_bytes()));
    // AAD is the protected header segment exactly as received (RFC 7516 §5.2 step 14),
    // never a re-encoding of the parsed header.
    cipher
        .decrypt_in_place_detached(
            Nonce::from_slice(&iv),
            header_segment.as_bytes(),
            &mut buffer,
            Tag::from_slice(&tag),
        )
        .map_err(|_| ShareError::DecryptionFailed)?;

    let plaintext = if compressed {
        inflate_at_most(&buffer, max_plaintext_bytes)?
    } else {
        std::mem::take(&mut *buffer)
    };
    Ok(Decrypted {
        content_type: header.cty,
        plaintext,
    })
}

/// Parses and checks the protected header.
fn parse_header(segment: &str) -> Result<ReceivedHeader, ShareError> {
    let json = decode_part("header", segment)?;
    let header: ReceivedHeader = serde_json::from_slice(&json)
        .map_err(|e| ShareError::jwe("header", format!("is not a JSON object ({e})")))?;
    // RFC 7516 §4.1.13 / RFC 7515 §4.1.11: a recipient must understand every critical
    // extension; this implementation understands none.
    if let Some(crit) = &header.crit {
        return Err(ShareError::UnsupportedJwe {
            parameter: "crit",
            value: crit.to_string(),
        });
    }
    // IG-FILES: `"alg": "dir"`, `"enc": "A256GCM"`.
    expect_parameter("alg", header.alg.as_deref(), "dir")?;
    expect_parameter("enc", header.enc.as_deref(), "A256GCM")?;
    // RFC 7516 §4.1.3: `DEF` is the only registered value; IG-FILES allows only it.
    if let Some(zip) = &header.zip
        && zip != "DEF"
    {
        return Err(ShareError::UnsupportedJwe {
            parameter: "zip",
            value: zip.clone(),
        });
    }
    Ok(header)
}

fn expect_parameter(
    parameter: &'static str,
    value: Option<&str>,
    expected: &str,
) -> Result<(), ShareError> {
    match value {
        Some(value) if value == expected => Ok(()),
        Some(value) => Err(ShareError::UnsupportedJwe {
            parameter,
            value: value.to_owned(),
        }),
        None => Err(ShareError::jwe(
            "header",
            format!("has no {parameter} (must be {expected})"),
        )),
    }
}

fn decode_part(part: &'static str, text: &str) -> Result<Vec<u8>, ShareError> {
    b64::decode(text).map_err(|e| ShareError::jwe(part, format!("is not base64url ({e})")))
}

/// Whether `segment` decodes to a JSON object with an `alg`: the first part of a JWS.
fn looks_like_jose_header(segment: &str) -> bool {
    b64::decode(segment)
        .ok()
        .and_then(|json| serde_json::from_slice::<serde_json::Value>(&json).ok())
        .is_some_and(|header| header.get("alg").is_some())
}

/// Raw DEFLATE (RFC 1951) decompression that stops one byte past `limit`.
fn inflate_at_most(compressed: &[u8], limit: usize) -> Result<Vec<u8>, ShareError> {
    let mut plaintext = Zeroizing::new(Vec::new());
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    DeflateDecoder::new(compressed)
        .take(cap)
        .read_to_end(&mut plaintext)
        .map_err(|source| ShareError::Inflate { source })?;
    if plaintext.len() > limit {
        return Err(ShareError::TooLarge { limit });
    }
    Ok(std::mem::take(&mut *plaintext))
}
