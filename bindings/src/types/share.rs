//! Shares as uniffi sees the core's types (remote definitions).

use phr_core::api::{ExportScope, NewShare, RecipientKind, Share, ShareStatus, ShareView};

use super::custom::UtcTime;

/// A share to make.
#[uniffi::remote(Record)]
pub struct NewShare {
    pub to: String,
    pub kind: RecipientKind,
    pub scope: ExportScope,
    #[uniffi(default)]
    pub passcode: Option<String>,
    #[uniffi(default)]
    pub days: Option<u32>,
    pub long_term: bool,
    pub relay_url: String,
    pub include_private: bool,
}

/// Who a share is for.
#[uniffi::remote(Enum)]
pub enum RecipientKind {
    GpPractice,
    Hospital,
    Paramedic,
    Pharmacy,
    Carer,
    SocialCare,
    Other,
}

/// A share, as the person sees it.
#[uniffi::remote(Record)]
pub struct Share {
    pub id: String,
    pub to: String,
    pub kind: RecipientKind,
    pub scope: ExportScope,
    pub status: ShareStatus,
    pub created_at: UtcTime,
    #[uniffi(default)]
    pub expires_at: Option<UtcTime>,
    #[uniffi(default)]
    pub revoked_at: Option<UtcTime>,
    pub refreshed_at: UtcTime,
    pub link: String,
    pub viewer_link: String,
    #[uniffi(default)]
    pub passcode: Option<String>,
    pub label: String,
}

/// Where a share stands.
#[uniffi::remote(Enum)]
pub enum ShareStatus {
    Active,
    Expired,
    Revoked,
}

/// One time someone opened (or tried to open) a share.
#[uniffi::remote(Record)]
pub struct ShareView {
    pub share_id: String,
    pub at: UtcTime,
    pub recipient: String,
    pub outcome: String,
    pub text: String,
}
