//! base64url (RFC 4648 §5) as the sharing formats use it.

use base64::Engine;
use base64::alphabet::URL_SAFE;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// Accepts base64url with or without `=` padding. Used only where a person's tool may
/// have padded a link; the encoded bytes must still be canonical (no stray low bits).
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// base64url without padding, as JOSE (RFC 7515 §2) and the SHL payload use it.
pub(crate) fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Strict decoding: no padding, canonical trailing bits (RFC 7515 §2, "Base64url
/// Encoding": all trailing `=` omitted).
pub(crate) fn decode(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    URL_SAFE_NO_PAD.decode(text)
}

/// Decoding that also accepts `=` padding (received links only).
pub(crate) fn decode_lenient(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    LENIENT.decode(text)
}
