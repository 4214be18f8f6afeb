//! Sharing, as `async` calls (each talks to the relay): make a share, withdraw it, bring
//! it up to date, see who looked, open a link someone gave; and the link as a QR code.

use std::sync::Arc;

use phr_core::api::{
    EmergencySummary, ImportOptions, ImportReport, NewEmergencyLink, NewShare, Share, ShareView,
};

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

#[uniffi::export]
impl PersonHeldRecord {
    /// Whether the person switched the emergency summary on.
    pub fn emergency_summary_enabled(&self) -> Result<bool, RecordError> {
        self.with(|r| r.emergency_summary_enabled())
    }

    /// Switches the emergency summary on or off (off withdraws its links at the relay).
    pub async fn set_emergency_summary(self: Arc<Self>, on: bool) -> Result<(), RecordError> {
        worker::run(move |_| self.with(|r| r.set_emergency_summary(on))).await
    }

    /// The emergency summary, from this device alone (no network).
    pub fn emergency_summary(&self) -> Result<EmergencySummary, RecordError> {
        self.with(|r| r.emergency_summary())
    }

    /// The emergency summary as short text for the lock screen.
    pub fn emergency_lock_screen_text(&self) -> Result<String, RecordError> {
        self.with(|r| r.emergency_summary().map(|s| s.lock_screen_text()))
    }

    /// The emergency summary as an International Patient Summary (FHIR JSON).
    pub fn emergency_summary_fhir(&self) -> Result<String, RecordError> {
        self.with(|r| r.emergency_summary_fhir())
    }

    /// A direct, no-passcode link to the emergency summary, for a printed QR code
    /// ([`link_qr_png`]); whoever opens it comes back through `share_views`.
    pub async fn create_emergency_link(
        self: Arc<Self>,
        link: NewEmergencyLink,
    ) -> Result<Share, RecordError> {
        worker::run(move |_| self.with(|r| r.create_emergency_link(link))).await
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
