//! End-to-end encryption of messages between a person and a practice. The relay that
//! carries them sees only ciphertext and routing ids.
//!
//! The construction, and why, is in `docs/sharing.md`, section "Message encryption".
//! In short: the sender's static X25519 key `S`, a fresh ephemeral key `e` and the
//! recipient's static key `R` (RFC 7748 §6.1) give
//! `k = HKDF-SHA256(salt = e_pub || R_pub || S_pub, ikm = DH(e, R) || DH(S, R),
//! info = "phr message v1")` (RFC 5869), the shape of HPKE's authenticated DHKEM
//! (RFC 9180 §4.1, `AuthEncap`). The message is AES-256-GCM under `k` with a random
//! nonce. Only the holder of `S` (or of `R`) can compute `DH(S, R)`, so a message that
//! opens comes from the key it names.
//!
//! Format, version 1 (all lengths in bytes):
//!
//! | bytes | what |
//! |---|---|
//! | 1 | version, `0x01` |
//! | 32 | sender's public key `S_pub` |
//! | 32 | ephemeral public key `e_pub` |
//! | 12 | AES-GCM nonce |
//! | n + 16 | ciphertext and tag |
//!
//! The first 77 bytes, followed by the caller's associated data, are the AES-GCM
//! associated data, so a changed version byte or nonce fails as surely as a changed key.

use super::{ShareError, b64};
use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce, Tag};
use hkdf::Hkdf;
use rand::RngCore;
use sha2::Sha256;
use std::fmt;
use x25519_dalek::{PublicKey, SharedSecret, StaticSecret};
use zeroize::Zeroizing;

/// The format version this code writes and reads.
pub const SEAL_VERSION: u8 = 1;
/// Length of an X25519 key, public or secret (RFC 7748 §6.1).
pub const MESSAGE_KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
const HEADER_LEN: usize = 1 + 2 * MESSAGE_KEY_LEN + NONCE_LEN;
/// HKDF `info` (RFC 5869 §3.2): binds the key to this protocol and version.
const INFO: &[u8] = b"phr message v1";

/// An X25519 public key: how a person or practice is addressed. Not secret.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct MessagePublicKey([u8; MESSAGE_KEY_LEN]);

impl MessagePublicKey {
    /// A public key from its 32 bytes.
    pub fn from_bytes(bytes: [u8; MESSAGE_KEY_LEN]) -> Self {
        Self(bytes)
    }

    /// A public key from base64url text (43 characters, no padding).
    pub fn from_base64url(text: &str) -> Result<Self, ShareError> {
        let bytes = b64::decode(text).map_err(|e| ShareError::InvalidMessageKey {
            reason: format!("is not base64url ({e})"),
        })?;
        let array = bytes
            .as_slice()
            .try_into()
            .map_err(|_| ShareError::InvalidMessageKey {
                reason: format!("must be {MESSAGE_KEY_LEN} bytes, not {}", bytes.len()),
            })?;
        Ok(Self(array))
    }

    /// The key as base64url text without padding (43 characters).
    pub fn to_base64url(&self) -> String {
        b64::encode(&self.0)
    }

    /// The key bytes.
    pub fn as_bytes(&self) -> &[u8; MESSAGE_KEY_LEN] {
        &self.0
    }
}

impl fmt::Debug for MessagePublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MessagePublicKey({})", self.to_base64url())
    }
}

impl fmt::Display for MessagePublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_base64url())
    }
}

/// An X25519 secret key. Zeroized on drop (by `x25519-dalek`); its `Debug` prints
/// nothing secret.
#[derive(Clone)]
pub struct MessageSecretKey(StaticSecret);

impl MessageSecretKey {
    /// A secret key from its 32 bytes (as kept by the record). Any 32 bytes are a valid
    /// X25519 secret: they are clamped when used (RFC 7748 §5).
    pub fn from_bytes(bytes: [u8; MESSAGE_KEY_LEN]) -> Self {
        Self(StaticSecret::from(bytes))
    }

    /// The secret bytes, for the record to keep; zeroized when dropped.
    pub fn to_bytes(&self) -> Zeroizing<[u8; MESSAGE_KEY_LEN]> {
        Zeroizing::new(self.0.to_bytes())
    }

    /// A secret key from base64url text, as [`Self::to_base64url`] writes it.
    pub fn from_base64url(text: &str) -> Result<Self, ShareError> {
        let bytes =
            Zeroizing::new(
                b64::decode(text).map_err(|e| ShareError::InvalidMessageKey {
                    reason: format!("is not base64url ({e})"),
                })?,
            );
        let array: [u8; MESSAGE_KEY_LEN] =
            bytes
                .as_slice()
                .try_into()
                .map_err(|_| ShareError::InvalidMessageKey {
                    reason: format!("must be {MESSAGE_KEY_LEN} bytes, not {}", bytes.len()),
                })?;
        Ok(Self::from_bytes(array))
    }

    /// The secret as base64url text without padding, for the record or an inbox file to
    /// keep; zeroized when dropped.
    pub fn to_base64url(&self) -> Zeroizing<String> {
        Zeroizing::new(b64::encode(&*self.to_bytes()))
    }

    /// The matching public key.
    pub fn public_key(&self) -> MessagePublicKey {
        MessagePublicKey(PublicKey::from(&self.0).to_bytes())
    }

    fn random() -> Self {
        let mut bytes = Zeroizing::new([0u8; MESSAGE_KEY_LEN]);
        rand::rngs::OsRng.fill_bytes(&mut *bytes);
        Self(StaticSecret::from(*bytes))
    }
}

impl fmt::Debug for MessageSecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MessageSecretKey(<secret>)")
    }
}

/// A static key pair of a person or a practice.
#[derive(Clone)]
pub struct MessageKeyPair {
    secret: MessageSecretKey,
    public: MessagePublicKey,
}

impl MessageKeyPair {
    /// A new key pair from the operating system's secure random number generator.
    pub fn generate() -> Self {
        Self::from_secret(MessageSecretKey::random())
    }

    /// The key pair of a kept secret key.
    pub fn from_secret(secret: MessageSecretKey) -> Self {
        let public = secret.public_key();
        Self { secret, public }
    }

    /// The secret key.
    pub fn secret(&self) -> &MessageSecretKey {
        &self.secret
    }

    /// The public key.
    pub fn public(&self) -> MessagePublicKey {
        self.public
    }
}

impl fmt::Debug for MessageKeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MessageKeyPair")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

/// An opened message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    /// The sender's public key, proven: only its holder (or the recipient) could have
    /// sealed this message. The caller decides whether it is a key it trusts.
    pub sender_public: MessagePublicKey,
    /// The message.
    pub plaintext: Vec<u8>,
}

/// Seals `plaintext` from the holder of `sender_secret` to `recipient_public`.
/// `associated_data` (routing ids, a message id) is authenticated but not encrypted or
/// included: the recipient must give the same bytes to [`open`].
pub fn seal(
    sender_secret: &MessageSecretKey,
    recipient_public: &MessagePublicKey,
    plaintext: &[u8],
    associated_data: &[u8],
) -> Result<Vec<u8>, ShareError> {
    let recipient = PublicKey::from(recipient_public.0);
    let sender_public = sender_secret.public_key();
    let ephemeral = MessageSecretKey::random();
    let ephemeral_public = ephemeral.public_key();

    let dh_ephemeral = ephemeral.0.diffie_hellman(&recipient);
    let dh_static = sender_secret.0.diffie_hellman(&recipient);
    let key = message_key(
        &ephemeral_public,
        recipient_public,
        &sender_public,
        &dh_ephemeral,
        &dh_static,
    )
    .ok_or_else(|| ShareError::InvalidMessageKey {
        reason: "the recipient's key is a low-order point (RFC 7748 §6.1)".into(),
    })?;

    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let mut sealed = Vec::with_capacity(HEADER_LEN + plaintext.len() + TAG_LEN);
    sealed.push(SEAL_VERSION);
    sealed.extend_from_slice(&sender_public.0);
    sealed.extend_from_slice(&ephemeral_public.0);
    sealed.extend_from_slice(&nonce);

    let aad = [&sealed[..HEADER_LEN], associated_data].concat();
    let mut buffer = Zeroizing::new(plaintext.to_vec());
    let tag = cipher(&key)
        .encrypt_in_place_detached(Nonce::from_slice(&nonce), &aad, &mut buffer)
        .map_err(|_| ShareError::TooLargeToEncrypt)?;
    sealed.extend_from_slice(&buffer);
    sealed.extend_from_slice(&tag);
    Ok(sealed)
}

/// Opens a message sealed to the holder of `recipient_secret`, with the same
/// `associated_data`. Any changed byte, another recipient, or a sender key the sealer
/// did not hold is [`ShareError::OpenFailed`].
pub fn open(
    recipient_secret: &MessageSecretKey,
    sealed: &[u8],
    associated_data: &[u8],
) -> Result<Opened, ShareError> {
    if sealed.len() < HEADER_LEN + TAG_LEN {
        return Err(ShareError::InvalidSealedMessage {
            reason: "it is too short",
        });
    }
    let (header, body) = sealed.split_at(HEADER_LEN);
    if header[0] != SEAL_VERSION {
        return Err(ShareError::InvalidSealedMessage {
            reason: "it has an unknown version",
        });
    }
    let sender_public = MessagePublicKey(key_at(header, 1));
    let ephemeral_public = MessagePublicKey(key_at(header, 1 + MESSAGE_KEY_LEN));
    let nonce = &header[1 + 2 * MESSAGE_KEY_LEN..];
    let (ciphertext, tag) = body.split_at(body.len() - TAG_LEN);

    let dh_ephemeral = recipient_secret
        .0
        .diffie_hellman(&PublicKey::from(ephemeral_public.0));
    let dh_static = recipient_secret
        .0
        .diffie_hellman(&PublicKey::from(sender_public.0));
    let key = message_key(
        &ephemeral_public,
        &recipient_secret.public_key(),
        &sender_public,
        &dh_ephemeral,
        &dh_static,
    )
    .ok_or(ShareError::OpenFailed)?;

    let aad = [header, associated_data].concat();
    let mut plaintext = Zeroizing::new(ciphertext.to_vec());
    cipher(&key)
        .decrypt_in_place_detached(
            Nonce::from_slice(nonce),
            &aad,
            &mut plaintext,
            Tag::from_slice(tag),
        )
        .map_err(|_| ShareError::OpenFailed)?;
    Ok(Opened {
        sender_public,
        plaintext: std::mem::take(&mut *plaintext),
    })
}

/// The 32 bytes of `header` from `at`; the caller has checked the length.
fn key_at(header: &[u8], at: usize) -> [u8; MESSAGE_KEY_LEN] {
    let mut key = [0u8; MESSAGE_KEY_LEN];
    key.copy_from_slice(&header[at..at + MESSAGE_KEY_LEN]);
    key
}

/// The message key, or `None` when either shared secret is all zeros: a low-order
/// public key, which RFC 7748 §6.1 says to refuse ("check ... is not all zero").
fn message_key(
    ephemeral_public: &MessagePublicKey,
    recipient_public: &MessagePublicKey,
    sender_public: &MessagePublicKey,
    dh_ephemeral: &SharedSecret,
    dh_static: &SharedSecret,
) -> Option<Zeroizing<[u8; 32]>> {
    if !dh_ephemeral.was_contributory() || !dh_static.was_contributory() {
        return None;
    }
    let salt = [ephemeral_public.0, recipient_public.0, sender_public.0].concat();
    let mut ikm = Zeroizing::new([0u8; 2 * MESSAGE_KEY_LEN]);
    ikm[..MESSAGE_KEY_LEN].copy_from_slice(dh_ephemeral.as_bytes());
    ikm[MESSAGE_KEY_LEN..].copy_from_slice(dh_static.as_bytes());
    let mut key = Zeroizing::new([0u8; 32]);
    // RFC 5869 §2.3: expand fails only for more than 255 * 32 bytes of output.
    Hkdf::<Sha256>::new(Some(&salt), &*ikm)
        .expand(INFO, &mut *key)
        .ok()?;
    Some(key)
}

fn cipher(key: &[u8; 32]) -> Aes256Gcm {
    Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key))
}
