//! A crypto provider for the SQLCipher that rusqlite bundles: every record's pages are
//! encrypted and authenticated through the same OpenSSL, without the set-up SQLCipher's
//! own provider repeats for every page.
//!
//! **The same algorithms, the same file format.** SQLCipher 4's defaults, unchanged:
//! each 4 KiB page is encrypted with AES-256-CBC under a fresh random IV and carries an
//! HMAC-SHA512 of its ciphertext, IV and page number; a passphrase becomes a key by
//! PBKDF2-HMAC-SHA512 (256,000 rounds), and the HMAC key is derived from the encryption
//! key by PBKDF2 too. SQLCipher's codec decides all of that (the page layout, the
//! salts, the key derivation settings, the constant-time comparison of the HMAC); this
//! crate only supplies the primitives it calls, exactly as its OpenSSL provider does
//! (`crypto_openssl.c`). A file written here opens in any SQLCipher 4, and the other way
//! round: the tests check each primitive against OpenSSL and whole files against the
//! stock SQLCipher.
//!
//! **Why.** On OpenSSL 3, SQLCipher's own provider fetches the HMAC and the cipher by
//! name, builds fresh contexts and draws the IV from OpenSSL's DRBG for every page,
//! which costs about half as much again as encrypting and authenticating the page's
//! 4 KiB (issue 14, BENCHMARKS.md). This provider calls the same OpenSSL: AES-256-CBC
//! through a cipher fetched once (`EVP_CIPHER_fetch`), and HMAC (RFC 2104) over
//! OpenSSL's SHA-512 and SHA-256 (its assembly, no fetch); PBKDF2 is OpenSSL's
//! (`PKCS5_PBKDF2_HMAC`). The IVs and salts come from `rand`'s thread-local generator
//! (ChaCha12, seeded and reseeded from the operating system).
//!
//! **Where.** Wherever SQLCipher is built on OpenSSL (Linux, Android with its vendored
//! OpenSSL). On Apple platforms SQLCipher uses CommonCrypto, which has no such cost:
//! there [`register`] leaves it be.
//!
//! [`register`] once per process, before the first keyed connection.

#[cfg(not(target_vendor = "apple"))]
mod provider;

/// Why [`register`] failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterError {
    /// `sqlite3_initialize` failed with this SQLite result code.
    Initialize(i32),
    /// SQLCipher could not allocate the provider.
    OutOfMemory,
    /// SQLCipher refused the provider with this SQLite result code.
    Refused(i32),
}

impl std::fmt::Display for RegisterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RegisterError::Initialize(rc) => {
                write!(f, "SQLite could not be initialised (result code {rc})")
            }
            RegisterError::OutOfMemory => {
                write!(f, "there was no memory for SQLCipher's crypto provider")
            }
            RegisterError::Refused(rc) => {
                write!(
                    f,
                    "SQLCipher refused the crypto provider (result code {rc})"
                )
            }
        }
    }
}

impl std::error::Error for RegisterError {}

/// Registers this provider with SQLCipher, once per process; later calls return the
/// first call's outcome. Connections keyed afterwards use it; call it before the first.
pub fn register() -> Result<(), RegisterError> {
    #[cfg(not(target_vendor = "apple"))]
    {
        static OUTCOME: std::sync::OnceLock<Result<(), RegisterError>> = std::sync::OnceLock::new();
        OUTCOME.get_or_init(provider::register_once).clone()
    }
    #[cfg(target_vendor = "apple")]
    {
        // SQLCipher is on CommonCrypto here: nothing to replace.
        Ok(())
    }
}
