//! Errors of the sharing primitives: plain sentences that say what is wrong, with the
//! underlying error kept as the source where there is one.

/// Something in a link, an encrypted file, a QR code or a sealed message is wrong.
#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    /// A SMART Health Link (received or about to be built) breaks a rule. `field` names the
    /// payload property (`url`, `key`, `exp`, `flag`, `label`, `v`) or `link` / `payload`
    /// for the text around it.
    #[error("the link's {field} is not valid: {reason}")]
    InvalidLink {
        /// The payload property or part of the link that is wrong.
        field: &'static str,
        /// Why it is wrong.
        reason: String,
    },

    /// The file is a signed JWS (three parts), such as a SMART Health Card, not the
    /// encrypted JWE that a SMART Health Link must serve.
    #[error("this file is signed (a JWS), not encrypted (a JWE)")]
    SignedNotEncrypted,

    /// The encrypted file is malformed. `part` names the piece of the compact
    /// serialisation (`compact`, `header`, `encrypted key`, `iv`, `ciphertext`, `tag`).
    #[error("the encrypted file's {part} is not valid: {reason}")]
    InvalidJwe {
        /// The part of the compact serialisation that is wrong.
        part: &'static str,
        /// Why it is wrong.
        reason: String,
    },

    /// The encrypted file asks for something this implementation does not do (another
    /// algorithm, a compression other than DEFLATE, a critical extension).
    #[error("the encrypted file uses {parameter} {value}, which is not supported")]
    UnsupportedJwe {
        /// The header parameter (`alg`, `enc`, `zip`, `crit`).
        parameter: &'static str,
        /// Its value, as received.
        value: String,
    },

    /// Authentication failed: the key is wrong or the file was changed. AES-GCM cannot
    /// tell the two apart.
    #[error("the file could not be decrypted: the key is wrong or the file was changed")]
    DecryptionFailed,

    /// The decrypted (and decompressed) content would be larger than the caller's limit.
    #[error("the file is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },

    /// The compressed content of a `zip: DEF` file is not valid raw DEFLATE data.
    #[error("the file's compressed content is not valid DEFLATE data")]
    Inflate {
        /// What the decompressor reported.
        #[source]
        source: std::io::Error,
    },

    /// Compressing the content before encryption failed.
    #[error("the file could not be compressed")]
    Deflate {
        /// What the compressor reported.
        #[source]
        source: std::io::Error,
    },

    /// The content is too large for AES-GCM in one piece (beyond 64 GiB).
    #[error("the content is too large to encrypt in one piece")]
    TooLargeToEncrypt,

    /// The text does not fit in a QR code at error correction level M.
    #[error("the text ({length} bytes) is too long for a QR code")]
    TooLongForQr {
        /// The length of the text in bytes.
        length: usize,
        /// What the QR encoder reported.
        #[source]
        source: qrcode::types::QrError,
    },

    /// Writing the QR code as a PNG image failed.
    #[error("the QR code could not be written as a PNG image")]
    QrImage {
        /// What the PNG encoder reported.
        #[source]
        source: png::EncodingError,
    },

    /// A message key (X25519 public key) is not valid.
    #[error("the message key is not valid: {reason}")]
    InvalidMessageKey {
        /// Why it is not valid.
        reason: String,
    },

    /// A sealed message is not in the expected format (too short, unknown version).
    #[error("the sealed message is not valid: {reason}")]
    InvalidSealedMessage {
        /// Why it is not valid.
        reason: &'static str,
    },

    /// A sealed message did not open: it was changed, it is for another recipient, or
    /// its sender does not hold the key it claims.
    #[error(
        "the message could not be opened: it was changed, it is for another recipient, \
         or it does not come from the sender it names"
    )]
    OpenFailed,
}

impl ShareError {
    /// An [`ShareError::InvalidLink`] for `field`.
    pub(crate) fn link(field: &'static str, reason: impl Into<String>) -> Self {
        Self::InvalidLink {
            field,
            reason: reason.into(),
        }
    }

    /// An [`ShareError::InvalidJwe`] for `part`.
    pub(crate) fn jwe(part: &'static str, reason: impl Into<String>) -> Self {
        Self::InvalidJwe {
            part,
            reason: reason.into(),
        }
    }
}
