//! SMART Health Link payloads and their `shlink:/` text.
//!
//! Rules from the HL7 FHIR IG "SMART Health Cards and Links" (STU1), links specification,
//! cited below by section title: "Establish a SMART Health Link Manifest URL" (IG-URL),
//! "Construct a SMART Health Link Payload" (IG-PAYLOAD) and its "Design Note: Protocol
//! Versioning" (IG-VERSIONING).
//!
//! Links this crate *writes* follow every rule. Links it *receives* (pasted, or read from
//! a QR code) are read leniently where the IG's own examples break its rules, and
//! strictly where a mistake would be unsafe (the key, the URL scheme).

use super::url::check_url;
use super::{ShareError, b64};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Length of a link key in bytes: 32 random bytes (IG-PAYLOAD, `key`).
pub const LINK_KEY_LEN: usize = 32;
/// Longest manifest `url` a link may carry, in characters (IG-URL: "SHALL NOT exceed 128
/// characters").
pub const MAX_URL_CHARS: usize = 128;
/// Longest `label`, in characters (IG-PAYLOAD: "no longer than 80 characters").
pub const MAX_LABEL_CHARS: usize = 80;
/// Longest received link text, in bytes. The largest QR code holds 2,953 bytes, so a
/// longer text is not a link (and is refused before any decoding).
pub const MAX_LINK_BYTES: usize = 8 * 1024;
/// The URI prefix of a link (IG-PAYLOAD: "Prefixed with `shlink:/`").
pub const SHLINK_PREFIX: &str = "shlink:/";

/// An `exp` above this is read as milliseconds: 10^11 seconds is the year 5138, while
/// 10^11 milliseconds is March 1973, before any link existed.
const MILLISECONDS_ABOVE: i64 = 100_000_000_000;

/// The key that encrypts every file behind one link: 32 random bytes. Zeroized on drop;
/// its `Debug` prints nothing secret.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct LinkKey([u8; LINK_KEY_LEN]);

impl LinkKey {
    /// A new key from the operating system's secure random number generator
    /// (IG: "the SMART Health Links Sharing Application SHALL generate a random key").
    pub fn generate() -> Self {
        let mut bytes = [0u8; LINK_KEY_LEN];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// A key from its 32 bytes (a key kept by the record).
    pub fn from_bytes(bytes: [u8; LINK_KEY_LEN]) -> Self {
        Self(bytes)
    }

    /// A key from its base64url text, as in a payload's `key`. It must decode to exactly
    /// 32 bytes (IG-PAYLOAD: "43 characters, consisting of 32 random bytes").
    pub fn from_base64url(text: &str) -> Result<Self, ShareError> {
        let bytes = Zeroizing::new(
            b64::decode_lenient(text)
                .map_err(|e| ShareError::link("key", format!("is not base64url ({e})")))?,
        );
        let array: [u8; LINK_KEY_LEN] = bytes.as_slice().try_into().map_err(|_| {
            ShareError::link(
                "key",
                format!(
                    "must be {LINK_KEY_LEN} bytes (43 base64url characters), not {} bytes",
                    bytes.len()
                ),
            )
        })?;
        Ok(Self(array))
    }

    /// The key bytes, for the record to keep.
    pub fn as_bytes(&self) -> &[u8; LINK_KEY_LEN] {
        &self.0
    }

    /// The key as base64url without padding (43 characters), zeroized when dropped.
    pub fn to_base64url(&self) -> Zeroizing<String> {
        Zeroizing::new(b64::encode(&self.0))
    }
}

impl PartialEq for LinkKey {
    /// Compares every byte, without stopping at the first difference.
    fn eq(&self, other: &Self) -> bool {
        self.0
            .iter()
            .zip(other.0.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

impl Eq for LinkKey {}

impl fmt::Debug for LinkKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LinkKey(<secret>)")
    }
}

/// A new manifest id: 32 random bytes as base64url (43 characters, 256 bits), for a path
/// segment of a manifest URL (IG-URL: "SHALL include at least 256 bits of entropy").
pub fn new_manifest_id() -> String {
    let mut bytes = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(&mut *bytes);
    b64::encode(&*bytes)
}

/// The payload's `flag` letters (IG-PAYLOAD, `flag`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShlFlags {
    /// `L`: for long-term use; the manifest may change over time.
    pub long_term: bool,
    /// `P`: a passcode is needed to fetch the manifest.
    pub passcode: bool,
    /// `U`: the `url` is a single encrypted file fetched directly with `GET`.
    pub direct: bool,
}

impl ShlFlags {
    /// The letters in alphabetical order, as the IG requires ("concatenating
    /// single-character flags in alphabetical order"); empty when no flag is set.
    pub fn letters(&self) -> String {
        let mut letters = String::new();
        for (set, letter) in [
            (self.long_term, 'L'),
            (self.passcode, 'P'),
            (self.direct, 'U'),
        ] {
            if set {
                letters.push(letter);
            }
        }
        letters
    }

    /// IG-PAYLOAD, `U`: "SHALL NOT be used in combination with `P`" (a direct `GET`
    /// cannot carry a passcode).
    fn check(&self) -> Result<(), ShareError> {
        if self.direct && self.passcode {
            return Err(ShareError::link(
                "flag",
                "U (one file fetched directly) cannot be combined with P (passcode)",
            ));
        }
        Ok(())
    }
}

/// A SMART Health Link payload: where the files are, the key that decrypts them, and
/// what the person sees about the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShlPayload {
    /// The manifest URL (or, with the `U` flag, the single file's URL).
    pub url: String,
    /// The key for every file behind the link.
    pub key: LinkKey,
    /// When the link expires, in seconds since 1970-01-01 UTC (a hint for the receiver).
    pub exp: Option<i64>,
    /// The flags.
    pub flags: ShlFlags,
    /// A short description of the data behind the link.
    pub label: Option<String>,
    /// The protocol version; absent means 1.
    pub v: Option<u32>,
}

/// The payload as written: the property order of the IG's own examples.
#[derive(Serialize)]
struct WrittenPayload<'a> {
    url: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    flag: &'a str,
    key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    exp: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    v: Option<u32>,
}

/// The payload as received. A derived struct (not a map) so that a property given twice
/// is refused rather than read differently by different parsers; properties not named
/// here are ignored (IG-VERSIONING: "SHALL ignore properties they don't recognize").
#[derive(Deserialize)]
struct ReceivedPayload {
    url: Option<Value>,
    key: Option<Value>,
    exp: Option<Value>,
    flag: Option<Value>,
    label: Option<Value>,
    v: Option<Value>,
}

impl ShlPayload {
    /// A payload for `url` and `key`, with no expiry, flags, label or version.
    pub fn new(url: impl Into<String>, key: LinkKey) -> Self {
        Self {
            url: url.into(),
            key,
            exp: None,
            flags: ShlFlags::default(),
            label: None,
            v: None,
        }
    }

    /// Whether this implementation speaks the link's protocol version (absent or 1).
    /// For a newer version the IG says a receiver "SHOULD display an appropriate message
    /// to the user and SHOULD NOT proceed with a manifest request" (IG-VERSIONING).
    pub fn supports_version(&self) -> bool {
        matches!(self.v, None | Some(1))
    }

    /// Checks the rules for a link this crate writes: `url` https (or http to this
    /// device) and at most 128 characters, `label` at most 80 characters, `exp` in
    /// seconds, `U` never with `P`, version 1.
    pub fn check(&self) -> Result<(), ShareError> {
        check_url(&self.url).map_err(|reason| ShareError::link("url", reason))?;
        let url_chars = self.url.chars().count();
        if url_chars > MAX_URL_CHARS {
            return Err(ShareError::link(
                "url",
                format!("must be at most {MAX_URL_CHARS} characters (has {url_chars})"),
            ));
        }
        if let Some(label) = &self.label {
            let label_chars = label.chars().count();
            if label_chars > MAX_LABEL_CHARS {
                return Err(ShareError::link(
                    "label",
                    format!("must be at most {MAX_LABEL_CHARS} characters (has {label_chars})"),
                ));
            }
        }
        if let Some(exp) = self.exp
            && !(0..MILLISECONDS_ABOVE).contains(&exp)
        {
            return Err(ShareError::link(
                "exp",
                "must be seconds since 1970 (IG: epoch seconds), not milliseconds",
            ));
        }
        self.flags.check()?;
        if !self.supports_version() {
            return Err(ShareError::link(
                "v",
                "this implementation writes version 1",
            ));
        }
        Ok(())
    }

    /// The minified payload JSON (zeroized when dropped: it holds the key), after
    /// [`check`](Self::check).
    pub fn to_json(&self) -> Result<Zeroizing<String>, ShareError> {
        self.check()?;
        let key = self.key.to_base64url();
        let flag = self.flags.letters();
        let written = WrittenPayload {
            url: &self.url,
            flag: &flag,
            key: &key,
            exp: self.exp,
            label: self.label.as_deref(),
            v: self.v,
        };
        serde_json::to_string(&written)
            .map(Zeroizing::new)
            .map_err(|e| ShareError::link("payload", e.to_string()))
    }

    /// The link: `shlink:/` + base64url(minified JSON) (IG-PAYLOAD).
    pub fn to_link(&self) -> Result<String, ShareError> {
        let json = self.to_json()?;
        Ok(format!("{SHLINK_PREFIX}{}", b64::encode(json.as_bytes())))
    }

    /// The link after a viewer URL and `#` (IG-PAYLOAD: "Optionally prefixed with a
    /// viewer URL that ends with `#`"), so that a phone without an SHL app opens the
    /// viewer, and the payload, in the fragment, never reaches the viewer's server.
    /// `viewer_url` may end with `#` or not; it must have no other `#`.
    pub fn to_viewer_link(&self, viewer_url: &str) -> Result<String, ShareError> {
        let base = viewer_url.strip_suffix('#').unwrap_or(viewer_url);
        if base.contains('#') {
            return Err(ShareError::link(
                "viewer",
                "must not have a fragment (#) of its own",
            ));
        }
        check_url(base).map_err(|reason| ShareError::link("viewer", reason))?;
        Ok(format!("{base}#{}", self.to_link()?))
    }

    /// Reads a received link: bare `shlink:/...`, or after a viewer URL and `#`.
    /// Surrounding white space is ignored (pasted text).
    pub fn from_link(text: &str) -> Result<Self, ShareError> {
        let text = text.trim();
        if text.len() > MAX_LINK_BYTES {
            return Err(ShareError::link(
                "link",
                format!("is longer than {MAX_LINK_BYTES} bytes"),
            ));
        }
        let encoded = payload_text(text)?;
        if encoded.is_empty() {
            return Err(ShareError::link("payload", "is empty"));
        }
        let json = Zeroizing::new(
            b64::decode_lenient(encoded)
                .map_err(|e| ShareError::link("payload", format!("is not base64url ({e})")))?,
        );
        Self::from_json(&json)
    }

    /// Reads a received payload's JSON (the decoded part of a link).
    pub fn from_json(json: &[u8]) -> Result<Self, ShareError> {
        let received: ReceivedPayload = serde_json::from_slice(json)
            .map_err(|e| ShareError::link("payload", format!("is not a JSON object ({e})")))?;

        let url = match received.url {
            Some(Value::String(url)) => url,
            Some(_) => return Err(ShareError::link("url", "must be a string")),
            None => return Err(ShareError::link("url", "is missing")),
        };
        // Only the scheme is enforced on receipt: the length limit binds the sharer and
        // a longer URL harms nobody; a non-https URL would send the request in clear.
        check_url(&url).map_err(|reason| ShareError::link("url", reason))?;

        let key = match received.key {
            Some(Value::String(key)) => LinkKey::from_base64url(&Zeroizing::new(key))?,
            Some(_) => return Err(ShareError::link("key", "must be a string")),
            None => return Err(ShareError::link("key", "is missing")),
        };

        let exp = received.exp.as_ref().map(received_exp).transpose()?;
        let flags = match &received.flag {
            Some(value) => received_flags(value)?,
            None => ShlFlags::default(),
        };
        let label = match received.label {
            Some(Value::String(label)) => Some(label),
            Some(_) => return Err(ShareError::link("label", "must be a string")),
            None => None,
        };
        let v = match &received.v {
            Some(value) => Some(received_version(value)?),
            None => None,
        };
        Ok(Self {
            url,
            key,
            exp,
            flags,
            label,
            v,
        })
    }
}

/// The base64url part of a received link.
fn payload_text(text: &str) -> Result<&str, ShareError> {
    // URI schemes are case-insensitive (RFC 3986 §3.1); byte offsets survive
    // `to_ascii_lowercase`, so they index `text` too.
    let lower = text.to_ascii_lowercase();
    if lower.starts_with(SHLINK_PREFIX) {
        return Ok(&text[SHLINK_PREFIX.len()..]);
    }
    match lower.find("#shlink:/") {
        Some(at) => Ok(&text[at + 1 + SHLINK_PREFIX.len()..]),
        None => Err(ShareError::link(
            "link",
            "is not a SMART Health Link (no shlink:/ at the start or after a viewer URL and #)",
        )),
    }
}

/// A received `exp`. The IG defines "a number representing expiration time in Epoch
/// seconds", but its own example payload (`shl-payload-1.json`, see the fixtures'
/// SOURCES.md, section "shl/") gives a *string* of epoch *milliseconds*. A number or a
/// string of digits is accepted, and a value above 10^11 is read as milliseconds.
fn received_exp(value: &Value) -> Result<i64, ShareError> {
    const REASON: &str = "must be a number of seconds since 1970";
    let exp = match value {
        Value::Number(number) => match (number.as_i64(), number.as_f64()) {
            (Some(whole), _) => whole,
            // A fractional number of seconds: whole seconds are enough for a hint.
            (None, Some(real)) if real.is_finite() && real.abs() < 9.0e15 => real.floor() as i64,
            _ => return Err(ShareError::link("exp", format!("{REASON} (out of range)"))),
        },
        Value::String(text) => text
            .parse::<i64>()
            .map_err(|_| ShareError::link("exp", format!("{REASON} (got {text:?})")))?,
        _ => return Err(ShareError::link("exp", REASON)),
    };
    Ok(if exp > MILLISECONDS_ABOVE {
        exp.div_euclid(1000)
    } else {
        exp
    })
}

/// A received `flag`. Letters other than `L`, `P`, `U` are ignored: IG-VERSIONING says a
/// receiver "SHALL ignore flag values they don't recognize" (a flag that cannot be
/// ignored comes with a new `v`, which [`ShlPayload::supports_version`] catches).
fn received_flags(value: &Value) -> Result<ShlFlags, ShareError> {
    let Value::String(letters) = value else {
        return Err(ShareError::link("flag", "must be a string of flag letters"));
    };
    let mut flags = ShlFlags::default();
    for letter in letters.chars() {
        match letter {
            'L' => flags.long_term = true,
            'P' => flags.passcode = true,
            'U' => flags.direct = true,
            _ => {}
        }
    }
    flags.check()?;
    Ok(flags)
}

/// A received `v`: a positive whole number (IG-PAYLOAD: "Integer representing the
/// SMART Health Links protocol version").
fn received_version(value: &Value) -> Result<u32, ShareError> {
    value
        .as_u64()
        .filter(|v| *v >= 1)
        .and_then(|v| u32::try_from(v).ok())
        .ok_or_else(|| ShareError::link("v", "must be a whole number from 1"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_in_milliseconds_or_as_text_becomes_seconds() {
        let seconds = 1_767_225_600;
        for value in [
            serde_json::json!(1_767_225_600),
            serde_json::json!(1_767_225_600_000_i64),
            serde_json::json!("1767225600000"),
            serde_json::json!("1767225600"),
            serde_json::json!(1_767_225_600.7),
        ] {
            assert_eq!(received_exp(&value).expect("exp"), seconds, "{value}");
        }
        for bad in [
            serde_json::json!("soon"),
            serde_json::json!(true),
            serde_json::json!(1e300),
            serde_json::json!(u64::MAX),
        ] {
            assert!(received_exp(&bad).is_err(), "{bad} was accepted");
        }
    }
}
