//! Sharing, as `async` calls (each talks to the relay): make a share, withdraw it, bring
//! it up to date, see who looked, open a link someone gave; and the link as a QR code.

use std::sync::Arc;

use phr_core::api::{ImportOptions, ImportReport, NewShare, Share, ShareView};

use super::{PersonHeldRecord, worker};
use crate::error::RecordError;

#[uniffi::export]
impl PersonHeldRecord {
    /// Shares a part of the record: exports what a shared viewer may see in the scope
    /// (never a private entry; naming one is `NeedsConfirmation` unless
    /// `include_private`), encrypts it on this device, uploads the ciphertext to the
    /// relay. The share has the `shlink:/` link and the viewer link.
    pub async fn create_share(self: Arc<Self>, share: NewShare) -> Result<Share, RecordError> {
        worker::run(move |_| self.with(|r| r.create_share(share))).await
    }

    /// Every share, newest first.
    pub fn shares(&self) -> Result<Vec<Share>, RecordError> {
        self.with(|r| r.shares())
    }

    /// Withdraws a share at the relay at once.
    pub async fn revoke_share(self: Arc<Self>, id: String) -> Result<Share, RecordError> {
        worker::run(move |_| self.with(|r| r.revoke_share(&id))).await
    }

    /// Brings every active share up to date with the record (call after changes);
    /// returns the ids of those whose file changed.
    pub async fn refresh_shares(self: Arc<Self>) -> Result<Vec<String>, RecordError> {
        worker::run(move |_| self.with(|r| r.refresh_shares())).await
    }

    /// Who looked at a share (or at every share), pulled back from the relay; each new
    /// view also becomes a notification.
    pub async fn share_views(
        self: Arc<Self>,
        id: Option<String>,
    ) -> Result<Vec<ShareView>, RecordError> {
        worker::run(move |_| self.with(|r| r.share_views(id.as_deref()))).await
    }

    /// Opens a link someone gave the person (text or a scanned QR code), as `recipient`
    /// with `passcode`, and imports its FHIR files.
    pub async fn import_shlink(
        self: Arc<Self>,
        link: String,
        passcode: Option<String>,
        recipient: String,
        options: ImportOptions,
    ) -> Result<Vec<ImportReport>, RecordError> {
        worker::run(move |_| {
            self.with(|r| r.import_shlink(&link, passcode.as_deref(), &recipient, &options))
        })
        .await
    }
}

/// A link as a QR code (PNG), error correction level M.
#[uniffi::export]
pub fn link_qr_png(link: String) -> Result<Vec<u8>, RecordError> {
    phr_core::share::qr_png(&link).map_err(|e| phr_core::ApiError::from(e).into())
}

/// A link as a QR code (SVG), error correction level M.
#[uniffi::export]
pub fn link_qr_svg(link: String) -> Result<String, RecordError> {
    phr_core::share::qr_svg(&link).map_err(|e| phr_core::ApiError::from(e).into())
}
