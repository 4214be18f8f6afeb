//! Random identifiers and tokens, and how the relay keeps the secrets it must check.
//!
//! Ids and tokens are 32 random bytes from the operating system's generator, written as
//! 43 characters of base64url without padding (256 bits, as the SHL specification asks
//! of a manifest URL).
//!
//! Passcodes and bearer tokens are stored as SHA-256 over a per-row random salt and the
//! secret, never in the clear. A slow KDF (Argon2, scrypt) is deliberately not used:
//! - tokens are 256-bit random values, which no amount of hashing speed makes guessable;
//! - a passcode is protected by the lifetime attempt limit enforced in the database
//!   (at most `maxAttempts` wrong guesses, ever), not by the cost of a hash;
//! - whoever could read the hashes (the operator, or someone with the database) already
//!   holds the ciphertext, and the passcode is not the decryption key: the key travels
//!   only in the link itself. A slow hash would buy them nothing to protect and would
//!   hand anyone who can send requests a cheap way to burn the relay's CPU.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

/// Length in characters of every id and token the relay makes.
pub const TOKEN_CHARS: usize = 43;

/// 32 random bytes as 43 characters of base64url (an id, a token or a salt).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `s` has the shape of an id or token the relay makes (43 base64url characters).
/// Checked before any database look-up so junk never reaches a query.
pub fn looks_like_token(s: &str) -> bool {
    s.len() == TOKEN_CHARS
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A salted hash of a secret, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaltedHash {
    /// Random salt (43 base64url characters).
    pub salt: String,
    /// base64url SHA-256 of the salt, a separator and the secret.
    pub hash: String,
}

impl SaltedHash {
    /// Hashes `secret` under a fresh random salt.
    pub fn new(secret: &str) -> Self {
        let salt = random_token();
        let hash = salted_sha256(&salt, secret);
        Self { salt, hash }
    }

    /// Whether `secret` is the one this hash was made from (compared in constant time).
    pub fn verify(&self, secret: &str) -> bool {
        constant_time_eq(
            salted_sha256(&self.salt, secret).as_bytes(),
            self.hash.as_bytes(),
        )
    }
}

fn salted_sha256(salt: &str, secret: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    // A separator no salt contains, so (salt, secret) pairs cannot run into each other.
    h.update(b"\0");
    h.update(secret.as_bytes());
    URL_SAFE_NO_PAD.encode(h.finalize())
}

/// Unsalted SHA-256 of a random 256-bit token, used as its look-up key: the token has
/// all the entropy a salt would add, and a look-up by token needs a stable key.
pub fn token_key(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_43_base64url_characters_and_differ() {
        let a = random_token();
        let b = random_token();
        assert!(looks_like_token(&a));
        assert_ne!(a, b);
    }

    #[test]
    fn a_salted_hash_accepts_only_its_secret() {
        let h = SaltedHash::new("1234");
        assert!(h.verify("1234"));
        assert!(!h.verify("1235"));
        assert!(!h.verify(""));
        assert_ne!(SaltedHash::new("1234").hash, h.hash, "salts differ");
    }

    #[test]
    fn junk_does_not_look_like_a_token() {
        assert!(!looks_like_token("abc"));
        assert!(!looks_like_token(&"a".repeat(42).replace('a', "/")));
        assert!(!looks_like_token(&format!("{}%", "a".repeat(42))));
    }
}
