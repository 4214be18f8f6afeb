//! Sharing primitives: SMART Health Link payloads, the JWE files behind them, QR codes of
//! links, and end-to-end encryption of messages. Pure: no storage, no network, no other
//! module of the core; the store and the shells decide what to share and where it goes.
//!
//! | file | what |
//! |---|---|
//! | `shlink.rs` | [`ShlPayload`], [`LinkKey`], [`ShlFlags`]: the payload and its `shlink:/` text, built strictly, read leniently |
//! | `jwe.rs` | [`encrypt`], [`decrypt`]: JWE compact, `dir` + `A256GCM`, optional `zip` `DEF`, parsed defensively |
//! | `qr.rs` | [`qr_png`], [`qr_svg`]: a link as a QR code, error correction level M |
//! | `seal.rs` | [`seal`], [`open`], [`MessageKeyPair`]: X25519 + HKDF-SHA256 + AES-256-GCM messages that authenticate their sender |
//! | `error.rs` | [`ShareError`] |
//! | `url.rs` | which URLs a link and a viewer may point to (https, or http to this device) |
//! | `b64.rs` | base64url, strict for JOSE, lenient for pasted links |
//!
//! `docs/sharing.md` says what the core writes and accepts, and why.

mod b64;
mod error;
mod jwe;
mod qr;
mod seal;
mod shlink;
mod url;

pub use error::ShareError;
pub use jwe::{Decrypted, decrypt, encrypt};
pub use qr::{MODULE_PIXELS, QUIET_ZONE_MODULES, qr_png, qr_svg};
pub use seal::{
    MESSAGE_KEY_LEN, MessageKeyPair, MessagePublicKey, MessageSecretKey, Opened, SEAL_VERSION,
    open, seal,
};
pub use shlink::{
    LINK_KEY_LEN, LinkKey, MAX_LABEL_CHARS, MAX_LINK_BYTES, MAX_URL_CHARS, SHLINK_PREFIX, ShlFlags,
    ShlPayload, new_manifest_id,
};
pub(crate) use url::check_url as check_link_url;
