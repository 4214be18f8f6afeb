//! The record's database key: 256 random bits, handed to SQLCipher as a raw key.

use super::hex;
use rand::RngCore;
use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Length of a database key in bytes (AES-256).
pub const KEY_LEN: usize = 32;

/// A 256-bit database key. Zeroized on drop; its `Debug` prints nothing secret.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct DatabaseKey([u8; KEY_LEN]);

impl DatabaseKey {
    /// A new key from the operating system's secure random number generator.
    pub fn generate() -> Self {
        let mut bytes = [0u8; KEY_LEN];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// A key from exactly 32 bytes (from a key store or a shell's Keychain).
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let array: [u8; KEY_LEN] = bytes.try_into().ok()?;
        Some(Self(array))
    }

    /// The key bytes, for a key store to keep.
    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// The SQLCipher raw-key literal `x'<64 hex digits>'`, zeroized when dropped. A raw
    /// key skips SQLCipher's passphrase derivation, so opening is fast. SQLCipher reads
    /// the file's salt from its first 16 bytes.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        self.literal_with(&[])
    }

    /// The raw-key literal for a new file, `x'<64 hex digits of key><32 of salt>'`: the
    /// salt SQLCipher writes at the start of the file begins with [`RECORD_SALT_MARK`]
    /// and ends with 8 random bytes, so a file of this app is told from random bytes.
    pub(crate) fn sqlcipher_new_file_literal(&self) -> Zeroizing<String> {
        let mut salt = [0u8; SQLCIPHER_SALT_LEN];
        salt[..RECORD_SALT_MARK.len()].copy_from_slice(RECORD_SALT_MARK);
        rand::rngs::OsRng.fill_bytes(&mut salt[RECORD_SALT_MARK.len()..]);
        self.literal_with(&salt)
    }

    fn literal_with(&self, salt: &[u8]) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(2 * (KEY_LEN + salt.len()) + 3));
        s.push_str("x'");
        hex::push_encoded(&mut s, &self.0);
        hex::push_encoded(&mut s, salt);
        s.push('\'');
        s
    }
}

/// How a record file made by this app begins: the first 8 of the 16 salt bytes that
/// SQLCipher keeps in plain at the start of the file (the rest are random). The salt
/// only salts the derivation of the pages' HMAC key from a random 256-bit key, so fixing
/// half of it costs nothing; it lets a wrong key be told from a file that is no record.
pub const RECORD_SALT_MARK: &[u8; 8] = b"PHR-REC1";
/// Length of SQLCipher's salt at the start of a database file.
pub const SQLCIPHER_SALT_LEN: usize = 16;

impl fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DatabaseKey(<secret>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_key() {
        let key = DatabaseKey::from_bytes(&[0xab; 32]).expect("32 bytes");
        assert_eq!(format!("{key:?}"), "DatabaseKey(<secret>)");
        assert!(!format!("{key:?}").contains("abab"));
    }

    #[test]
    fn generated_keys_differ_and_literal_is_hex() {
        let (a, b) = (DatabaseKey::generate(), DatabaseKey::generate());
        assert_ne!(a, b);
        let lit = DatabaseKey::from_bytes(&[0x0f; 32])
            .expect("key")
            .sqlcipher_literal();
        assert_eq!(lit.len(), 67);
        assert!(lit.starts_with("x'0f0f") && lit.ends_with("0f'"));
    }

    #[test]
    fn a_new_file_literal_carries_the_key_then_the_marked_salt() {
        let key = DatabaseKey::from_bytes(&[0x0f; 32]).expect("key");
        let lit = key.sqlcipher_new_file_literal();
        assert_eq!(lit.len(), 2 * (32 + 16) + 3);
        let mark = hex::encode(RECORD_SALT_MARK);
        assert!(lit[2..].starts_with(&"0f".repeat(32)));
        assert_eq!(&lit[66..82], mark);
        assert_ne!(lit, key.sqlcipher_new_file_literal(), "the rest is random");
    }

    #[test]
    fn wrong_length_is_refused() {
        assert!(DatabaseKey::from_bytes(&[1; 31]).is_none());
        assert!(DatabaseKey::from_bytes(&[1; 33]).is_none());
    }
}
