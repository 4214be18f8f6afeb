//! Passphrase cryptography shared by the key file and backups: Argon2id turns a
//! passphrase and a random salt into a 256-bit key-encryption key, and AES-256-GCM seals
//! data under it with a random 96-bit nonce.
//!
//! A random nonce is safe here because each derived key seals very few messages: a new
//! salt (hence a new key) is drawn every time a passphrase wraps something, far below the
//! 2^32 random-nonce limit of NIST SP 800-38D section 8.3.

use super::KeyError;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::fmt;
use zeroize::{Zeroize, Zeroizing};

/// Length of an Argon2id salt in bytes (RFC 9106 section 3.1 recommends 16).
pub const SALT_LEN: usize = 16;
/// Length of an AES-GCM nonce in bytes (96 bits, NIST SP 800-38D section 8.2).
pub const NONCE_LEN: usize = 12;
/// Length of the AES-GCM authentication tag appended to every ciphertext.
pub const TAG_LEN: usize = 16;
/// Length of a key-encryption key in bytes (AES-256).
pub const KEK_LEN: usize = 32;
/// The fewest characters (Unicode scalar values) accepted for a new passphrase.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// Largest memory cost this app will run when a file asks for it: 256 MiB, four times
/// the 64 MiB of RFC 9106's second recommended option that this app writes. A file that
/// asks for more is damaged or hostile, not ours, and is refused before Argon2 runs (a
/// header is authenticated only after the key is derived).
pub const MAX_MEMORY_KIB: u32 = 256 * 1024;
/// Smallest memory cost accepted: the 1 MiB of [`KdfParams::for_tests`], the cheapest
/// settings this app writes.
pub const MIN_MEMORY_KIB: u32 = 1024;
/// Largest number of passes this app will run when a file asks for it (it writes 3).
pub const MAX_ITERATIONS: u32 = 10;
/// Largest number of lanes this app will run when a file asks for it (it writes 4).
pub const MAX_PARALLELISM: u32 = 8;

/// Argon2id cost settings. They are stored next to every salt so that files made with
/// other settings still open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB (Argon2 `m`).
    pub memory_kib: u32,
    /// Passes over memory (Argon2 `t`).
    pub iterations: u32,
    /// Lanes (Argon2 `p`).
    pub parallelism: u32,
}

impl KdfParams {
    /// RFC 9106 section 4, second recommended option, for memory-constrained settings:
    /// Argon2id with t=3, p=4 and 64 MiB of memory.
    pub const RFC_9106_SECOND: Self = Self {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 4,
    };

    /// Cheap settings (1 MiB, one pass, one lane) so that tests run fast. Never use them
    /// for a real key file or backup: they make guessing a passphrase cheap too.
    pub fn for_tests() -> Self {
        Self {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        }
    }

    /// Checks that these settings are within what this app writes and will run: memory
    /// from [`MIN_MEMORY_KIB`] to [`MAX_MEMORY_KIB`], 1 to [`MAX_ITERATIONS`] passes, 1 to
    /// [`MAX_PARALLELISM`] lanes, and what Argon2 itself accepts. Run before any
    /// derivation, so that a damaged or hostile header cannot make the app allocate or
    /// compute without limit.
    pub fn validate(&self) -> Result<(), KeyError> {
        self.to_argon2().map(|_| ())
    }

    /// [`Self::validate`], then Argon2's own parameter set.
    fn to_argon2(self) -> Result<Params, KeyError> {
        let out_of_range = |what: &str, value: u32, min: u32, max: u32| KeyError::KdfParams {
            reason: format!("{what} is {value}, outside the {min} to {max} this app allows"),
        };
        if !(MIN_MEMORY_KIB..=MAX_MEMORY_KIB).contains(&self.memory_kib) {
            return Err(out_of_range(
                "memory (KiB)",
                self.memory_kib,
                MIN_MEMORY_KIB,
                MAX_MEMORY_KIB,
            ));
        }
        if !(1..=MAX_ITERATIONS).contains(&self.iterations) {
            return Err(out_of_range(
                "iterations",
                self.iterations,
                1,
                MAX_ITERATIONS,
            ));
        }
        if !(1..=MAX_PARALLELISM).contains(&self.parallelism) {
            return Err(out_of_range(
                "parallelism",
                self.parallelism,
                1,
                MAX_PARALLELISM,
            ));
        }
        Params::new(
            self.memory_kib,
            self.iterations,
            self.parallelism,
            Some(KEK_LEN),
        )
        .map_err(|e| KeyError::KdfParams {
            reason: e.to_string(),
        })
    }
}

impl Default for KdfParams {
    /// [`KdfParams::RFC_9106_SECOND`].
    fn default() -> Self {
        Self::RFC_9106_SECOND
    }
}

/// A 256-bit key-encryption key derived from a passphrase. Zeroized on drop; its `Debug`
/// prints nothing secret.
pub struct KeyEncryptionKey(Zeroizing<[u8; KEK_LEN]>);

impl fmt::Debug for KeyEncryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyEncryptionKey(<secret>)")
    }
}

/// Refuses a passphrase that is too short to protect anything. Only new passphrases are
/// checked: an existing file opens with whatever passphrase made it.
pub fn check_new_passphrase(passphrase: &str) -> Result<(), KeyError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(KeyError::PassphraseTooShort {
            min_chars: MIN_PASSPHRASE_CHARS,
        });
    }
    Ok(())
}

/// A fresh random salt from the operating system's generator.
pub fn random_salt() -> [u8; SALT_LEN] {
    let mut salt = [0u8; SALT_LEN];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    salt
}

/// Derives the key-encryption key for `passphrase` and `salt` with Argon2id (version
/// 0x13). Takes as long as `params` asks: with the defaults, about 0.2 s on a desktop
/// core and more on a phone, which is the point.
///
/// The passphrase bytes are used as given (no trimming or Unicode normalization), so a
/// shell must hand over exactly what the person typed.
pub fn derive(
    passphrase: &str,
    salt: &[u8; SALT_LEN],
    params: &KdfParams,
) -> Result<KeyEncryptionKey, KeyError> {
    let argon2_params = params.to_argon2()?;
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon2_params);
    // Our own working memory, so that it can be wiped afterwards: it holds values from
    // which the passphrase could be tested much faster than by running Argon2 again.
    let mut blocks = vec![Block::default(); argon2.params().block_count()];
    let mut kek = Zeroizing::new([0u8; KEK_LEN]);
    let result =
        argon2.hash_password_into_with_memory(passphrase.as_bytes(), salt, &mut *kek, &mut blocks);
    for block in &mut blocks {
        block.as_mut().zeroize();
    }
    result.map_err(|e| KeyError::KdfParams {
        reason: e.to_string(),
    })?;
    Ok(KeyEncryptionKey(kek))
}

/// Encrypts and authenticates `plaintext` under `kek` with AES-256-GCM and a fresh random
/// nonce. `aad` is authenticated but not encrypted: put every header field there that must
/// not be swapped. Returns the nonce and the ciphertext (with its 16-byte tag appended).
pub fn seal(
    kek: &KeyEncryptionKey,
    plaintext: &[u8],
    aad: &[u8],
) -> Result<([u8; NONCE_LEN], Vec<u8>), KeyError> {
    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&kek.0[..]));
    let ciphertext = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        // AES-GCM encryption fails only for messages beyond 64 GiB.
        .map_err(|_| {
            KeyError::Io(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the data is too large to encrypt in one piece",
            ))
        })?;
    Ok((nonce, ciphertext))
}

/// Checks and decrypts what [`seal`] produced. Any authentication failure (wrong
/// passphrase, altered ciphertext, nonce or associated data) is
/// [`KeyError::WrongPassphrase`]: AES-GCM cannot tell them apart. The plaintext is
/// zeroized when dropped.
pub fn open(
    kek: &KeyEncryptionKey,
    nonce: &[u8; NONCE_LEN],
    ciphertext: &[u8],
    aad: &[u8],
) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&kek.0[..]));
    cipher
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| KeyError::WrongPassphrase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::hex::encode as hex;

    fn kek(passphrase: &str, salt: &[u8; SALT_LEN]) -> KeyEncryptionKey {
        derive(passphrase, salt, &KdfParams::for_tests()).expect("derive")
    }

    #[test]
    fn default_params_are_rfc_9106_second_option() {
        let p = KdfParams::default();
        assert_eq!((p.memory_kib, p.iterations, p.parallelism), (65536, 3, 4));
    }

    #[test]
    fn derivation_matches_an_independent_argon2id_implementation() {
        // Expected values from OpenSSL's Argon2id (Python `cryptography` 48,
        // `Argon2id(salt, length=32, iterations, lanes, memory_cost)`), so a change of
        // algorithm, version or parameter order here cannot go unnoticed: it would
        // lock people out of existing key files and backups.
        let cheap = kek("correct horse battery", &[7u8; SALT_LEN]);
        assert_eq!(
            hex(&cheap.0[..]),
            "f47cd5662d6ca2520fd02056e6b5f4b7976908f1cef57223c02b6279e5746a2d"
        );
        let salt: [u8; SALT_LEN] = core::array::from_fn(|i| i as u8);
        let full = derive("pässphrase ✓", &salt, &KdfParams::default()).expect("derive");
        assert_eq!(
            hex(&full.0[..]),
            "00d68b3a9dbfbc16f5902e0c6788f29ba705806a0ff29b680cba34c57168b053"
        );
    }

    #[test]
    fn salt_and_passphrase_both_change_the_key() {
        let (s1, s2) = ([1u8; SALT_LEN], [2u8; SALT_LEN]);
        assert_ne!(*kek("passphrase one", &s1).0, *kek("passphrase one", &s2).0);
        assert_ne!(*kek("passphrase one", &s1).0, *kek("passphrase two", &s1).0);
    }

    #[test]
    fn params_change_the_key() {
        let salt = [3u8; SALT_LEN];
        let cheap = KdfParams::for_tests();
        let other = KdfParams {
            iterations: 2,
            ..cheap
        };
        let a = derive("same passphrase", &salt, &cheap).expect("derive");
        let b = derive("same passphrase", &salt, &other).expect("derive");
        assert_ne!(*a.0, *b.0);
    }

    #[test]
    fn seal_then_open_round_trips() {
        let k = kek("a good passphrase", &random_salt());
        let (nonce, ct) = seal(&k, b"secret bytes", b"header").expect("seal");
        assert_eq!(ct.len(), b"secret bytes".len() + TAG_LEN);
        let pt = open(&k, &nonce, &ct, b"header").expect("open");
        assert_eq!(pt.as_slice(), b"secret bytes");
    }

    #[test]
    fn nonces_are_fresh_each_time() {
        let k = kek("a good passphrase", &random_salt());
        let (n1, c1) = seal(&k, b"x", b"").expect("seal");
        let (n2, c2) = seal(&k, b"x", b"").expect("seal");
        assert_ne!(n1, n2);
        assert_ne!(c1, c2);
    }

    #[test]
    fn wrong_key_altered_data_or_aad_is_wrong_passphrase() {
        let salt = random_salt();
        let k = kek("a good passphrase", &salt);
        let (nonce, ct) = seal(&k, b"secret", b"header").expect("seal");
        let other = kek("another passphrase", &salt);
        assert!(matches!(
            open(&other, &nonce, &ct, b"header"),
            Err(KeyError::WrongPassphrase)
        ));
        assert!(matches!(
            open(&k, &nonce, &ct, b"HEADER"),
            Err(KeyError::WrongPassphrase)
        ));
        let mut flipped = ct.clone();
        flipped[0] ^= 1;
        assert!(matches!(
            open(&k, &nonce, &flipped, b"header"),
            Err(KeyError::WrongPassphrase)
        ));
        let mut other_nonce = nonce;
        other_nonce[0] ^= 1;
        assert!(matches!(
            open(&k, &other_nonce, &ct, b"header"),
            Err(KeyError::WrongPassphrase)
        ));
        assert!(matches!(
            open(&k, &nonce, &ct[..4], b"header"),
            Err(KeyError::WrongPassphrase)
        ));
    }

    #[test]
    fn short_new_passphrases_are_refused_by_characters_not_bytes() {
        assert!(matches!(
            check_new_passphrase("1234567"),
            Err(KeyError::PassphraseTooShort { min_chars: 8 })
        ));
        assert!(check_new_passphrase("12345678").is_ok());
        // Seven characters, fourteen bytes: still too short.
        assert!(check_new_passphrase("ééééééé").is_err());
        assert!(check_new_passphrase("").is_err());
    }

    #[test]
    fn out_of_range_params_are_refused_before_allocating() {
        let huge = KdfParams {
            memory_kib: u32::MAX,
            iterations: 1,
            parallelism: 1,
        };
        assert!(matches!(
            derive("passphrase", &[0; SALT_LEN], &huge),
            Err(KeyError::KdfParams { .. })
        ));
        let zero = KdfParams {
            memory_kib: 1024,
            iterations: 0,
            parallelism: 1,
        };
        assert!(matches!(
            derive("passphrase", &[0; SALT_LEN], &zero),
            Err(KeyError::KdfParams { .. })
        ));
    }

    #[test]
    fn params_beyond_what_this_app_writes_are_refused_before_argon2_runs() {
        // A tampered header once made Argon2 allocate 4 GiB before the header could be
        // authenticated.
        for (memory_kib, iterations, parallelism) in [
            (4 * 1024 * 1024, 1, 1),
            (MAX_MEMORY_KIB + 1, 1, 1),
            (MIN_MEMORY_KIB - 1, 1, 1),
            (1024, MAX_ITERATIONS + 1, 1),
            (1024, 1, MAX_PARALLELISM + 1),
            (1024, 1, 0),
        ] {
            let p = KdfParams {
                memory_kib,
                iterations,
                parallelism,
            };
            assert!(
                matches!(p.validate(), Err(KeyError::KdfParams { .. })),
                "{p:?}"
            );
        }
        for p in [KdfParams::default(), KdfParams::for_tests()] {
            assert!(p.validate().is_ok(), "{p:?}: this app writes it");
        }
    }

    #[test]
    fn debug_hides_the_derived_key() {
        let k = kek("a good passphrase", &[9; SALT_LEN]);
        assert_eq!(format!("{k:?}"), "KeyEncryptionKey(<secret>)");
    }
}
