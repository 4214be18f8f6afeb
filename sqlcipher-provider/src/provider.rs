//! The provider itself: SQLCipher's `struct sqlcipher_provider` filled with functions
//! over OpenSSL's primitives, and its registration.

use std::ffi::{CStr, c_char, c_int, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use crate::RegisterError;

use openssl::cipher::Cipher;
use openssl::cipher_ctx::CipherCtx;
use openssl::hash::MessageDigest;
use openssl::sha::{Sha256, Sha512};
use rand::RngCore;

const SQLITE_OK: c_int = 0;
const SQLITE_ERROR: c_int = 1;

/// SQLCipher's names for the HMAC and PBKDF2 digests (`SQLCIPHER_HMAC_SHA*`).
const HMAC_SHA1: c_int = 0;
const HMAC_SHA256: c_int = 1;
const HMAC_SHA512: c_int = 2;

/// SQLCipher's `CIPHER_ENCRYPT` (and `CIPHER_DECRYPT` is 0).
const ENCRYPT: c_int = 1;

const KEY_SIZE: usize = 32;
const IV_SIZE: usize = 16;
const BLOCK_SIZE: usize = 16;

const NAME: &CStr = c"phr-openssl";
const CIPHER_NAME: &CStr = c"AES-256-CBC";
const VERSION: &CStr = c"OpenSSL primitives without per-call fetches";

/// SQLCipher's `struct sqlcipher_provider` (`crypto.h`), field for field.
#[repr(C)]
struct Provider {
    init: Option<unsafe extern "C" fn() -> c_int>,
    shutdown: Option<unsafe extern "C" fn()>,
    get_provider_name: Option<unsafe extern "C" fn(*mut c_void) -> *const c_char>,
    add_random: Option<unsafe extern "C" fn(*mut c_void, *const c_void, c_int) -> c_int>,
    random: Option<unsafe extern "C" fn(*mut c_void, *mut c_void, c_int) -> c_int>,
    hmac: Option<
        unsafe extern "C" fn(
            *mut c_void,
            c_int,
            *const u8,
            c_int,
            *const u8,
            c_int,
            *const u8,
            c_int,
            *mut u8,
        ) -> c_int,
    >,
    kdf: Option<
        unsafe extern "C" fn(
            *mut c_void,
            c_int,
            *const u8,
            c_int,
            *const u8,
            c_int,
            c_int,
            c_int,
            *mut u8,
        ) -> c_int,
    >,
    cipher: Option<
        unsafe extern "C" fn(
            *mut c_void,
            c_int,
            *const u8,
            c_int,
            *const u8,
            *const u8,
            c_int,
            *mut u8,
        ) -> c_int,
    >,
    get_cipher: Option<unsafe extern "C" fn(*mut c_void) -> *const c_char>,
    get_key_sz: Option<unsafe extern "C" fn(*mut c_void) -> c_int>,
    get_iv_sz: Option<unsafe extern "C" fn(*mut c_void) -> c_int>,
    get_block_sz: Option<unsafe extern "C" fn(*mut c_void) -> c_int>,
    get_hmac_sz: Option<unsafe extern "C" fn(*mut c_void, c_int) -> c_int>,
    ctx_init: Option<unsafe extern "C" fn(*mut *mut c_void) -> c_int>,
    ctx_free: Option<unsafe extern "C" fn(*mut *mut c_void) -> c_int>,
    fips_status: Option<unsafe extern "C" fn(*mut c_void) -> c_int>,
    get_provider_version: Option<unsafe extern "C" fn(*mut c_void) -> *const c_char>,
    next: *mut Provider,
}

unsafe extern "C" {
    /// Makes `p` the provider of every codec context created from now on (`crypto.c`).
    fn sqlcipher_register_provider(p: *mut Provider) -> c_int;
    /// SQLCipher's allocator: the provider list is freed with `sqlcipher_free` at
    /// `sqlite3_shutdown`, so the provider must come from here.
    fn sqlcipher_malloc(size: u64) -> *mut c_void;
}

pub(crate) fn register_once() -> Result<(), RegisterError> {
    // SAFETY: sqlite3_initialize may be called any number of times from any thread; it
    // runs SQLCipher's own start-up (mutexes, the OpenSSL provider) the first time.
    let rc = unsafe { libsqlite3_sys::sqlite3_initialize() };
    if rc != SQLITE_OK {
        return Err(RegisterError::Initialize(rc));
    }
    // SAFETY: sqlcipher_malloc returns zeroed memory of the size asked, or null.
    let p = unsafe { sqlcipher_malloc(std::mem::size_of::<Provider>() as u64) }.cast::<Provider>();
    if p.is_null() {
        return Err(RegisterError::OutOfMemory);
    }
    let provider = Provider {
        init: None,
        shutdown: None,
        get_provider_name: Some(provider_name),
        add_random: Some(add_random),
        random: Some(random),
        hmac: Some(hmac),
        kdf: Some(kdf),
        cipher: Some(cipher),
        get_cipher: Some(cipher_name),
        get_key_sz: Some(key_size),
        get_iv_sz: Some(iv_size),
        get_block_sz: Some(block_size),
        get_hmac_sz: Some(hmac_size),
        ctx_init: Some(ctx_init),
        ctx_free: Some(ctx_free),
        fips_status: Some(fips_status),
        get_provider_version: Some(provider_version),
        next: std::ptr::null_mut(),
    };
    // SAFETY: p is non-null, aligned (SQLite's allocator aligns to 8) and large enough for
    // a Provider; writing initialises it without reading the old bytes.
    unsafe { p.write(provider) };
    // SAFETY: p points to a valid provider that lives until SQLCipher frees it.
    let rc = unsafe { sqlcipher_register_provider(p) };
    if rc != SQLITE_OK {
        return Err(RegisterError::Refused(rc));
    }
    Ok(())
}

/// Runs `f`, turning a panic into `SQLITE_ERROR`: no panic may unwind into C.
fn guarded(f: impl FnOnce() -> Result<(), ()>) -> c_int {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => SQLITE_OK,
        _ => SQLITE_ERROR,
    }
}

/// The `len` bytes at `ptr`, or an empty slice for a null pointer with length 0.
///
/// # Safety
/// `ptr` must be null or point to `len` readable bytes that stay valid and unchanged for
/// `'a`.
unsafe fn input<'a>(ptr: *const u8, len: c_int) -> Result<&'a [u8], ()> {
    let len = usize::try_from(len).map_err(|_| ())?;
    if ptr.is_null() {
        return if len == 0 { Ok(&[]) } else { Err(()) };
    }
    // SAFETY: the caller promises len readable bytes at ptr.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// The `len` writable bytes at `ptr`.
///
/// # Safety
/// `ptr` must point to `len` writable bytes, not otherwise borrowed for `'a`.
unsafe fn output<'a>(ptr: *mut u8, len: usize) -> Result<&'a mut [u8], ()> {
    if ptr.is_null() {
        return Err(());
    }
    // SAFETY: the caller promises len writable bytes at ptr that nothing else borrows.
    Ok(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
}

/// A SHA-2 hash in the shape HMAC needs.
trait Digest: Sized {
    /// The hash's block size (the HMAC key is padded to it).
    const BLOCK: usize;
    fn start() -> Self;
    fn add(&mut self, data: &[u8]);
    fn end(self) -> Vec<u8>;
}

/// `Digest` for one of OpenSSL's SHA-2 hashers, whose block size is `$block`.
macro_rules! digest {
    ($hash:ty, $block:expr) => {
        impl Digest for $hash {
            const BLOCK: usize = $block;
            fn start() -> Self {
                <$hash>::new()
            }
            fn add(&mut self, data: &[u8]) {
                self.update(data);
            }
            fn end(self) -> Vec<u8> {
                self.finish().to_vec()
            }
        }
    };
}

digest!(Sha512, 128);
digest!(Sha256, 64);

/// HMAC (RFC 2104): H((K ^ opad) || H((K ^ ipad) || first || second)), with a key
/// longer than the block hashed first.
fn hmac_with<D: Digest>(key: &[u8], first: &[u8], second: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 128];
    let block = &mut block[..D::BLOCK];
    if key.len() > D::BLOCK {
        let mut h = D::start();
        h.add(key);
        let hashed = h.end();
        block[..hashed.len()].copy_from_slice(&hashed);
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut pad = [0u8; 128];
    let pad = &mut pad[..D::BLOCK];
    for (p, k) in pad.iter_mut().zip(block.iter()) {
        *p = k ^ 0x36;
    }
    let mut inner = D::start();
    inner.add(pad);
    inner.add(first);
    inner.add(second);
    let inner = inner.end();
    for (p, k) in pad.iter_mut().zip(block.iter()) {
        *p = k ^ 0x5c;
    }
    let mut outer = D::start();
    outer.add(pad);
    outer.add(&inner);
    // The padded key is secret: wiped before the stack frame is reused.
    block.fill(0);
    pad.fill(0);
    outer.end()
}

/// The HMAC of `first` followed by `second` with `key`, into `out`.
fn hmac_into(
    algorithm: c_int,
    key: &[u8],
    first: &[u8],
    second: &[u8],
    out: &mut [u8],
) -> Result<(), ()> {
    let tag = match algorithm {
        HMAC_SHA256 => hmac_with::<Sha256>(key, first, second),
        HMAC_SHA512 => hmac_with::<Sha512>(key, first, second),
        // SHA-1 is SQLCipher 3's, which no record uses: refused, never guessed at.
        _ => return Err(()),
    };
    if tag.len() != out.len() {
        return Err(());
    }
    out.copy_from_slice(&tag);
    Ok(())
}

/// AES-256-CBC, fetched from OpenSSL's default provider once for the process.
fn aes_256_cbc() -> Result<&'static Cipher, ()> {
    static CIPHER: OnceLock<Option<Cipher>> = OnceLock::new();
    CIPHER
        .get_or_init(|| Cipher::fetch(None, "AES-256-CBC", None).ok())
        .as_ref()
        .ok_or(())
}

/// `data` encrypted or decrypted (without padding: whole blocks) into `out`.
fn cbc_into(encrypt: bool, key: &[u8], iv: &[u8], data: &[u8], out: &mut [u8]) -> Result<(), ()> {
    let cipher = aes_256_cbc()?;
    let mut ctx = CipherCtx::new().map_err(|_| ())?;
    if encrypt {
        ctx.encrypt_init(Some(cipher), Some(key), Some(iv))
            .map_err(|_| ())?;
    } else {
        ctx.decrypt_init(Some(cipher), Some(key), Some(iv))
            .map_err(|_| ())?;
    }
    ctx.set_padding(false);
    if !data.len().is_multiple_of(BLOCK_SIZE) || out.len() < data.len() {
        return Err(());
    }
    // SAFETY: with padding off and whole blocks in, OpenSSL holds nothing back and writes
    // exactly `data.len()` bytes, for which `out` has room (the safe call would insist on
    // a spare block that SQLCipher's buffer does not have).
    let written = unsafe { ctx.cipher_update_unchecked(data, Some(out)) }.map_err(|_| ())?;
    // Without padding the final step adds nothing; it still checks that every block was
    // whole, so it runs (into a spare block).
    let mut spare = [0u8; BLOCK_SIZE];
    let rest = ctx.cipher_final(&mut spare).map_err(|_| ())?;
    if written != data.len() || rest != 0 {
        return Err(());
    }
    Ok(())
}

/// The digest size of an HMAC algorithm, or 0 when it is not one of SQLCipher's.
fn digest_size(algorithm: c_int) -> usize {
    match algorithm {
        HMAC_SHA1 => 20,
        HMAC_SHA256 => 32,
        HMAC_SHA512 => 64,
        _ => 0,
    }
}

unsafe extern "C" fn provider_name(_ctx: *mut c_void) -> *const c_char {
    NAME.as_ptr()
}

unsafe extern "C" fn provider_version(_ctx: *mut c_void) -> *const c_char {
    VERSION.as_ptr()
}

unsafe extern "C" fn cipher_name(_ctx: *mut c_void) -> *const c_char {
    CIPHER_NAME.as_ptr()
}

unsafe extern "C" fn key_size(_ctx: *mut c_void) -> c_int {
    KEY_SIZE as c_int
}

unsafe extern "C" fn iv_size(_ctx: *mut c_void) -> c_int {
    IV_SIZE as c_int
}

unsafe extern "C" fn block_size(_ctx: *mut c_void) -> c_int {
    BLOCK_SIZE as c_int
}

unsafe extern "C" fn hmac_size(_ctx: *mut c_void, algorithm: c_int) -> c_int {
    digest_size(algorithm) as c_int
}

unsafe extern "C" fn fips_status(_ctx: *mut c_void) -> c_int {
    0
}

/// Nothing per context: the primitives keep no state between calls.
unsafe extern "C" fn ctx_init(_ctx: *mut *mut c_void) -> c_int {
    SQLITE_OK
}

unsafe extern "C" fn ctx_free(_ctx: *mut *mut c_void) -> c_int {
    SQLITE_OK
}

/// The generator is seeded from the operating system; extra entropy is not needed.
unsafe extern "C" fn add_random(
    _ctx: *mut c_void,
    _buffer: *const c_void,
    _length: c_int,
) -> c_int {
    SQLITE_OK
}

unsafe extern "C" fn random(_ctx: *mut c_void, buffer: *mut c_void, length: c_int) -> c_int {
    guarded(|| {
        let len = usize::try_from(length).map_err(|_| ())?;
        // SAFETY: SQLCipher hands a buffer of `length` writable bytes (an IV, a salt).
        let out = unsafe { output(buffer.cast::<u8>(), len) }?;
        rand::thread_rng().try_fill_bytes(out).map_err(|_| ())
    })
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn hmac(
    _ctx: *mut c_void,
    algorithm: c_int,
    key: *const u8,
    key_size: c_int,
    first: *const u8,
    first_size: c_int,
    second: *const u8,
    second_size: c_int,
    out: *mut u8,
) -> c_int {
    guarded(|| {
        if first.is_null() {
            return Err(());
        }
        // SAFETY: SQLCipher passes each buffer with its length (the HMAC key, the page's
        // ciphertext and IV, the page number) and an output of the digest's size.
        let (key, first, second, out) = unsafe {
            (
                input(key, key_size)?,
                input(first, first_size)?,
                input(second, second_size)?,
                output(out, digest_size(algorithm))?,
            )
        };
        hmac_into(algorithm, key, first, second, out)
    })
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn kdf(
    _ctx: *mut c_void,
    algorithm: c_int,
    pass: *const u8,
    pass_size: c_int,
    salt: *const u8,
    salt_size: c_int,
    rounds: c_int,
    key_size: c_int,
    key: *mut u8,
) -> c_int {
    guarded(|| {
        let rounds = u32::try_from(rounds).map_err(|_| ())?;
        let key_len = usize::try_from(key_size).map_err(|_| ())?;
        // SAFETY: SQLCipher passes the passphrase (or key) and salt with their lengths,
        // and an output of key_size bytes.
        let (pass, salt, key) = unsafe {
            (
                input(pass, pass_size)?,
                input(salt, salt_size)?,
                output(key, key_len)?,
            )
        };
        let digest = match algorithm {
            HMAC_SHA256 => MessageDigest::sha256(),
            HMAC_SHA512 => MessageDigest::sha512(),
            _ => return Err(()),
        };
        if rounds == 0 || key.is_empty() {
            return Err(());
        }
        openssl::pkcs5::pbkdf2_hmac(pass, salt, rounds as usize, digest, key).map_err(|_| ())
    })
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn cipher(
    _ctx: *mut c_void,
    mode: c_int,
    key: *const u8,
    key_size: c_int,
    iv: *const u8,
    data: *const u8,
    data_size: c_int,
    out: *mut u8,
) -> c_int {
    guarded(|| {
        let len = usize::try_from(data_size).map_err(|_| ())?;
        if !len.is_multiple_of(BLOCK_SIZE) || data.is_null() || out.is_null() {
            return Err(());
        }
        // SAFETY: SQLCipher passes a 32-byte key and a 16-byte IV.
        let (key, iv) = unsafe { (input(key, key_size)?, input(iv, IV_SIZE as c_int)?) };
        if key.len() != KEY_SIZE {
            return Err(());
        }
        // SAFETY: both pointers are non-null; `data` holds `len` bytes and `out` has room
        // for `len` bytes. SQLCipher passes two different buffers; should they ever be
        // the same, the data is copied aside first so no two borrows overlap.
        let (data, out) = unsafe {
            if std::ptr::eq(data, out) {
                let copy = std::slice::from_raw_parts(data, len).to_vec();
                (std::borrow::Cow::Owned(copy), output(out, len)?)
            } else {
                (
                    std::borrow::Cow::Borrowed(input(data, data_size)?),
                    output(out, len)?,
                )
            }
        };
        cbc_into(mode == ENCRYPT, key, iv, &data, out)
    })
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
