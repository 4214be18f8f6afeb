//! Sharing a chosen part of the record with a named person or organisation: a grant, a
//! SMART Health Link whose one file is the grant's FHIR export encrypted on this device,
//! uploaded to a relay that never sees the key; revoking it, refreshing it when the
//! record changes, and pulling back who looked. A private entry is absent from every
//! grant (the export is the `Shared` viewer's); naming one in a share asks first.
//!
//! `docs/sharing.md` has the grant model and the link's life.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Record;
use super::error::{ApiError, ApiResult};
use super::observer::ChangeArea;
use crate::fhir::export::ExportScope;
use crate::keys::hex;
use crate::model::{Author, EntryId, ValidationError, Viewer, Visibility};
use crate::relay_client::{LinkFile, NewLink, RelayClient, RelayClientError};
use crate::rules::{Firing, MessageText, Severity, notify_once};
use crate::share::ShareError;
use crate::share::{LinkKey, MAX_LABEL_CHARS, ShlFlags, ShlPayload, encrypt};
use crate::store::entries;
use crate::store::grants::{self, GrantRow, GrantViewRow};

/// A share lasts 30 days unless the person chooses otherwise (issue 15).
pub const DEFAULT_SHARE_DAYS: u32 = 30;
/// At most a year, unless the person chooses long-term.
pub const MAX_SHARE_DAYS: u32 = 365;
/// Wrong passcodes a link allows over its life (the relay's default, docs/sharing.md).
pub const SHARE_PASSCODE_ATTEMPTS: u32 = 5;
/// A passcode is at least this long: with five tries ever, six characters are not
/// guessable, and shorter ones are too easy to overhear.
pub const MIN_PASSCODE_CHARS: usize = 6;
/// The rule id of "someone looked at what you shared" notifications.
pub const SHARE_VIEWED_RULE_ID: &str = "share.viewed";
const CONTENT_TYPE: &str = "application/fhir+json";

/// Who a share is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    /// A GP practice.
    GpPractice,
    /// A hospital or clinic.
    Hospital,
    /// A paramedic or ambulance service.
    Paramedic,
    /// A pharmacy.
    Pharmacy,
    /// A carer, family or friend.
    Carer,
    /// Social care or a support worker.
    SocialCare,
    /// Anyone else.
    #[default]
    Other,
}

impl RecipientKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::GpPractice => "gp_practice",
            Self::Hospital => "hospital",
            Self::Paramedic => "paramedic",
            Self::Pharmacy => "pharmacy",
            Self::Carer => "carer",
            Self::SocialCare => "social_care",
            Self::Other => "other",
        }
    }

    fn parse(s: &str) -> Self {
        serde_json::from_value(serde_json::Value::String(s.to_owned())).unwrap_or_default()
    }
}

/// A share to make.
#[derive(Debug, Clone, PartialEq)]
pub struct NewShare {
    /// Who it is for, in the person's words ("Parkside Medical Practice").
    pub to: String,
    /// What kind of recipient.
    pub kind: RecipientKind,
    /// What it shares (sections, entry kinds, single entries, readings).
    pub scope: ExportScope,
    /// A passcode the viewer must give (at least six characters), if any.
    pub passcode: Option<String>,
    /// How many days it lasts: 30 when not given, at most 365.
    pub days: Option<u32>,
    /// No end date (the person chose long-term); `days` must then be unset.
    pub long_term: bool,
    /// The relay's base URL.
    pub relay_url: String,
    /// The person confirmed sharing private entries named in `scope.entries`: they become
    /// shared (visible to everyone the person shares with).
    pub include_private: bool,
}

/// Where a share stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareStatus {
    /// It works.
    Active,
    /// Its time is up.
    Expired,
    /// The person withdrew it.
    Revoked,
}

impl ShareStatus {
    /// Where a share or a write grant stands at `now`: revoked, whatever its expiry;
    /// else expired once its end has come; else active.
    pub fn at(
        revoked_at: Option<DateTime<Utc>>,
        expires_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> ShareStatus {
        if revoked_at.is_some() {
            ShareStatus::Revoked
        } else if expires_at.is_some_and(|t| t <= now) {
            ShareStatus::Expired
        } else {
            ShareStatus::Active
        }
    }
}

/// A share, as the person sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// Its id.
    pub id: String,
    /// Who it is for.
    pub to: String,
    /// What kind of recipient.
    pub kind: RecipientKind,
    /// What it shares.
    pub scope: ExportScope,
    /// Active, expired or revoked.
    pub status: ShareStatus,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it ends (`None`: long-term).
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When its file was last brought up to date.
    pub refreshed_at: DateTime<Utc>,
    /// The `shlink:/` link (for a QR code or a message).
    pub link: String,
    /// The link opened in the relay's viewer, for a professional's browser.
    pub viewer_link: String,
    /// The passcode, if it has one.
    pub passcode: Option<String>,
    /// The label the receiver sees.
    pub label: String,
    /// Whether this is the emergency summary's link: only what the person marked
    /// Emergency, handed over with no passcode to whoever has the link.
    pub emergency: bool,
}

/// One time someone opened (or tried to open) a share.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShareView {
    /// The share.
    pub share_id: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Who they said they were.
    pub recipient: String,
    /// `ok`, `wrong_passcode`, `locked`, `inactive` or `rate_limited`.
    pub outcome: String,
    /// Where the request came from (the address the relay saw).
    pub address: Option<String>,
    /// In words: "viewed by Dr Shah at Parkside Medical Practice, 3 Dec 10:42".
    pub text: String,
}

impl From<RelayClientError> for ApiError {
    fn from(e: RelayClientError) -> Self {
        log::info!(target: "phr_core::share", "relay: {e:?}");
        match e {
            RelayClientError::Gone => Self::LinkEnded,
            RelayClientError::WrongPasscode { remaining } => Self::Invalid {
                field: "passcode".into(),
                reason: format!("the passcode is not right; {remaining} tries left"),
            },
            other => Self::Server {
                reason: other.to_string(),
            },
        }
    }
}

impl From<ShareError> for ApiError {
    fn from(e: ShareError) -> Self {
        log::info!(target: "phr_core::share", "share: {e:?}");
        match e {
            ShareError::InvalidLink { field, reason } => Self::Invalid {
                field: format!("link.{field}"),
                reason,
            },
            other => Self::Invalid {
                field: "link".into(),
                reason: other.to_string(),
            },
        }
    }
}

/// The export's content, without what changes on every export (the Bundle's id and
/// time, the Composition's id and date), so a refresh uploads only when the record
/// changed.
fn content_hash(json: &str) -> String {
    let mut value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    if let Some(bundle) = value.as_object_mut() {
        bundle.remove("identifier");
        bundle.remove("timestamp");
    }
    if let Some(first) = value["entry"].get_mut(0) {
        if let Some(entry) = first.as_object_mut() {
            entry.remove("fullUrl");
        }
        if let Some(resource) = first["resource"].as_object_mut() {
            resource.remove("id");
            resource.remove("date");
        }
    }
    let digest = Sha256::digest(value.to_string().as_bytes());
    hex::encode(&digest)
}

fn share_of(g: &GrantRow, now: DateTime<Utc>) -> ApiResult<Share> {
    let scope: ExportScope = serde_json::from_str(&g.scope).map_err(|e| ApiError::Storage {
        reason: format!("a share's scope could not be read: {e}"),
    })?;
    let status = ShareStatus::at(g.revoked_at, g.expires_at, now);
    let payload = payload_of(g)?;
    let relay = RelayClient::new(&g.relay_url)?;
    Ok(Share {
        id: g.id.clone(),
        to: g.recipient.clone(),
        kind: RecipientKind::parse(&g.recipient_kind),
        scope,
        status,
        created_at: g.created_at,
        expires_at: g.expires_at,
        revoked_at: g.revoked_at,
        refreshed_at: g.refreshed_at,
        link: payload.to_link()?,
        viewer_link: payload.to_viewer_link(&relay.viewer_url())?,
        passcode: g.passcode.clone(),
        label: g.label.clone(),
        emergency: g.audience == EMERGENCY_AUDIENCE,
    })
}

/// The `audience` of the emergency summary's grants.
pub(super) const EMERGENCY_AUDIENCE: &str = "emergency";
const SHARED_AUDIENCE: &str = "shared";

/// The viewer whose export a grant holds.
fn audience_viewer(g: &GrantRow) -> Viewer {
    if g.audience == EMERGENCY_AUDIENCE {
        Viewer::Emergency
    } else {
        Viewer::Shared
    }
}

fn payload_of(g: &GrantRow) -> ApiResult<ShlPayload> {
    let key = LinkKey::from_base64url(&g.link_key)?;
    let mut payload = ShlPayload::new(g.manifest_url.clone(), key);
    payload.exp = g.expires_at.map(|t| t.timestamp());
    payload.flags = ShlFlags {
        long_term: g.expires_at.is_none(),
        passcode: g.passcode.is_some(),
        direct: g.direct,
    };
    payload.label = Some(g.label.clone());
    Ok(payload)
}

fn view_text(v: &GrantViewRow) -> String {
    let when = match &v.address {
        Some(address) => format!("{}, from {address}", v.at.format("%-d %b %H:%M")),
        None => v.at.format("%-d %b %H:%M").to_string(),
    };
    match v.outcome.as_str() {
        "ok" => format!("viewed by {}, {when}", v.recipient),
        "wrong_passcode" => format!("a wrong passcode from {}, {when}", v.recipient),
        "locked" => format!(
            "{} was refused: the link is locked after too many wrong passcodes, {when}",
            v.recipient
        ),
        "inactive" => format!("{} tried after the link ended, {when}", v.recipient),
        _ => format!("{} was held back (too many requests), {when}", v.recipient),
    }
}

/// The label an emergency summary's link carries.
const EMERGENCY_LABEL: &str = "Emergency information";

fn label_for(to: &str) -> String {
    let label = format!("Health record shared with {to}");
    label.chars().take(MAX_LABEL_CHARS).collect()
}

fn invalid(field: &str, reason: impl Into<String>) -> ApiError {
    ValidationError::new(field, reason).into()
}

impl NewShare {
    /// Checks what the person asked for; returns when it ends (`None`: long-term).
    fn check(&self, now: DateTime<Utc>, max_days: u32) -> ApiResult<Option<DateTime<Utc>>> {
        let to = self.to.trim();
        if to.is_empty() || to.chars().count() > 200 {
            return Err(invalid(
                "to",
                "say who it is for, in at most 200 characters",
            ));
        }
        if let Some(p) = &self.passcode
            && !(MIN_PASSCODE_CHARS..=256).contains(&p.chars().count())
        {
            return Err(invalid(
                "passcode",
                format!("a passcode is {MIN_PASSCODE_CHARS} to 256 characters"),
            ));
        }
        match (self.long_term, self.days) {
            (true, Some(_)) => Err(invalid("days", "a long-term share has no end date")),
            (true, None) => Ok(None),
            (false, days) => {
                let days = days.unwrap_or(DEFAULT_SHARE_DAYS);
                if !(1..=max_days).contains(&days) {
                    return Err(invalid(
                        "days",
                        format!("a share lasts 1 to {max_days} days; choose long-term for longer"),
                    ));
                }
                Ok(Some(now + Duration::days(i64::from(days))))
            }
        }
    }
}

impl Record {
    /// The person confirmed sharing these private entries: they become shared, each
    /// change in its history. Without confirmation, naming a private entry is
    /// [`ApiError::NeedsConfirmation`], listing them.
    fn share_private_entries(&mut self, ids: &[EntryId], confirmed: bool) -> ApiResult<()> {
        let private: Vec<_> = ids
            .iter()
            .map(|id| entries::live(self.conn(), *id).map_err(ApiError::from))
            .collect::<ApiResult<Vec<_>>>()?
            .into_iter()
            .filter(|e| e.meta.visibility == Visibility::Private)
            .collect();
        if private.is_empty() {
            return Ok(());
        }
        if !confirmed {
            let names: Vec<String> = private.iter().map(|e| e.body.summary()).collect();
            return Err(ApiError::NeedsConfirmation {
                reason: format!(
                    "{} private: {}. Sharing makes it visible to everyone you share with; confirm to go on",
                    if private.len() == 1 {
                        "this entry is"
                    } else {
                        "these entries are"
                    },
                    names.join("; ")
                ),
            });
        }
        for entry in private {
            self.set_visibility(entry.meta.id, Visibility::Shared, Author::Person)?;
        }
        Ok(())
    }

    /// Shares `share.scope` with `share.to`: exports what the `Shared` viewer may see in
    /// that scope (never a private entry), encrypts it on this device under a new link
    /// key, uploads the ciphertext to the relay and stores the grant. Returns the share
    /// with its `shlink:/` and viewer links.
    pub fn create_share(&mut self, share: NewShare) -> ApiResult<Share> {
        self.share_private_entries(&share.scope.entries, share.include_private)?;
        self.make_grant(share, SHARED_AUDIENCE, false)
    }

    /// Makes a grant of `share` for `audience` (`shared` or `emergency`), its link
    /// direct (`U` flag, no passcode) when `direct`.
    pub(super) fn make_grant(
        &mut self,
        share: NewShare,
        audience: &str,
        direct: bool,
    ) -> ApiResult<Share> {
        let now = self.now();
        let max_days = if audience == EMERGENCY_AUDIENCE {
            super::emergency::MAX_EMERGENCY_DAYS
        } else {
            MAX_SHARE_DAYS
        };
        let expires_at = share.check(now, max_days)?;
        if direct && share.passcode.is_some() {
            return Err(invalid(
                "passcode",
                "a link opened without asking cannot have a passcode",
            ));
        }
        let relay = RelayClient::new(&share.relay_url)?;
        let viewer = if audience == EMERGENCY_AUDIENCE {
            Viewer::Emergency
        } else {
            Viewer::Shared
        };
        let json = self.export_ips(viewer, &share.scope)?;
        let key = LinkKey::generate();
        let jwe = encrypt(&key, json.as_bytes(), CONTENT_TYPE, true)?;
        let created = relay.create_link(&NewLink {
            files: vec![LinkFile {
                content_type: CONTENT_TYPE.into(),
                jwe,
            }],
            passcode: share.passcode.clone(),
            max_attempts: share.passcode.as_ref().map(|_| SHARE_PASSCODE_ATTEMPTS),
            expires_at: expires_at.map(|t| t.timestamp()),
            direct,
        })?;
        let row = GrantRow {
            id: uuid::Uuid::new_v4().to_string(),
            recipient: share.to.trim().to_owned(),
            recipient_kind: share.kind.as_str().into(),
            scope: serde_json::to_string(&share.scope).unwrap_or_default(),
            created_at: now,
            expires_at,
            revoked_at: None,
            relay_url: relay.base().to_owned(),
            link_id: created.id.clone(),
            manifest_url: created.url.clone(),
            management_token: created.management_token.clone(),
            link_key: key.to_base64url().to_string(),
            passcode: share.passcode,
            label: if audience == EMERGENCY_AUDIENCE {
                EMERGENCY_LABEL.to_owned()
            } else {
                label_for(share.to.trim())
            },
            content_hash: content_hash(&json),
            refreshed_at: now,
            log_seq: 0,
            audience: audience.to_owned(),
            direct,
        };
        let stored = self.write(&[ChangeArea::Settings], |tx, _| {
            grants::insert(tx, &row)?;
            Ok(())
        });
        if let Err(e) = stored {
            // Nothing in the record knows the link: withdraw it rather than leave it.
            let _ = relay.revoke(&created.id, &created.management_token);
            return Err(e);
        }
        share_of(&row, now)
    }

    /// Every share, newest first.
    pub fn shares(&self) -> ApiResult<Vec<Share>> {
        let now = self.now();
        grants::all(self.conn())?
            .iter()
            .map(|g| share_of(g, now))
            .collect()
    }

    /// One share by id (or a unique prefix of at least four characters).
    pub fn share(&self, id: &str) -> ApiResult<Share> {
        share_of(&grants::get(self.conn(), id)?, self.now())
    }

    /// Withdraws a share: the relay answers 404 from now on, and its file is deleted
    /// there. When the relay cannot be reached the share stays active, and this says so.
    pub fn revoke_share(&mut self, id: &str) -> ApiResult<Share> {
        let g = grants::get(self.conn(), id)?;
        if g.revoked_at.is_none() {
            RelayClient::new(&g.relay_url)?.revoke(&g.link_id, &g.management_token)?;
            let now = self.now();
            self.write(&[ChangeArea::Settings], |tx, _| {
                Ok(grants::set_revoked(tx, &g.id, now)?)
            })?;
        }
        self.share(&g.id)
    }

    /// Brings an active share's file up to date with the record: exports again and
    /// uploads when anything in it changed. Returns whether it changed.
    pub fn refresh_share(&mut self, id: &str) -> ApiResult<bool> {
        let g = grants::get(self.conn(), id)?;
        let share = share_of(&g, self.now())?;
        if share.status != ShareStatus::Active {
            return Err(ApiError::Conflict {
                reason: format!("the share with {} has ended; make a new one", g.recipient),
            });
        }
        let json = self.export_ips(audience_viewer(&g), &share.scope)?;
        let hash = content_hash(&json);
        if hash == g.content_hash {
            return Ok(false);
        }
        let key = LinkKey::from_base64url(&g.link_key)?;
        let jwe = encrypt(&key, json.as_bytes(), CONTENT_TYPE, true)?;
        RelayClient::new(&g.relay_url)?.replace_files(
            &g.link_id,
            &g.management_token,
            &[LinkFile {
                content_type: CONTENT_TYPE.into(),
                jwe,
            }],
        )?;
        let now = self.now();
        self.write(&[ChangeArea::Settings], |tx, _| {
            Ok(grants::set_refreshed(tx, &g.id, &hash, now)?)
        })?;
        Ok(true)
    }

    /// Refreshes every active share; returns the ids of those whose file changed.
    pub fn refresh_shares(&mut self) -> ApiResult<Vec<String>> {
        let active: Vec<String> = self
            .shares()?
            .into_iter()
            .filter(|s| s.status == ShareStatus::Active)
            .map(|s| s.id)
            .collect();
        let mut changed = Vec::new();
        for id in active {
            if self.refresh_share(&id)? {
                changed.push(id);
            }
        }
        Ok(changed)
    }

    /// Who looked at a share (or at every share), oldest first: pulls what is new from
    /// the relay into the record, tells the person of each new view, and returns the
    /// whole log.
    pub fn share_views(&mut self, id: Option<&str>) -> ApiResult<Vec<ShareView>> {
        let rows = match id {
            Some(id) => vec![grants::get(self.conn(), id)?],
            None => grants::all(self.conn())?,
        };
        let mut out = Vec::new();
        for g in rows {
            let pulled = RelayClient::new(&g.relay_url)?.access_log(
                &g.link_id,
                &g.management_token,
                g.log_seq,
            );
            let pulled = match pulled {
                Ok(p) => p,
                // A revoked link's log is gone with it at the relay; what was pulled stays.
                Err(RelayClientError::Gone) => Vec::new(),
                Err(e) => return Err(e.into()),
            };
            let views: Vec<GrantViewRow> = pulled
                .into_iter()
                .map(|e| GrantViewRow {
                    grant_id: g.id.clone(),
                    seq: e.seq,
                    at: DateTime::from_timestamp(e.at, 0).unwrap_or_default(),
                    recipient: e.recipient,
                    outcome: e.outcome,
                    address: e.address,
                })
                .collect();
            if !views.is_empty() {
                self.write(&[ChangeArea::Settings, ChangeArea::Alerts], |tx, now| {
                    for v in grants::add_views(tx, &g.id, &views)? {
                        if v.outcome == "ok" {
                            tell_of_view(tx, &g, &v, now)?;
                        }
                    }
                    Ok(())
                })?;
            }
            out.extend(
                grants::views(self.conn(), &g.id)?
                    .iter()
                    .map(|v| ShareView {
                        share_id: g.id.clone(),
                        at: v.at,
                        recipient: v.recipient.clone(),
                        outcome: v.outcome.clone(),
                        address: v.address.clone(),
                        text: view_text(v),
                    }),
            );
        }
        out.sort_by_key(|v| v.at);
        Ok(out)
    }
}

/// The largest file a received link may hand over, decrypted.
const MAX_RECEIVED_BYTES: usize = 16 * 1024 * 1024;

impl Record {
    /// Opens a SMART Health Link someone gave the person (its `shlink:/` text, alone or
    /// after a viewer URL), asking its relay as `recipient` with `passcode`, decrypts
    /// its FHIR files and imports each (see [`Record::import_fhir`]; `options.dry_run`
    /// says what would be imported). Returns one report a file.
    pub fn import_shlink(
        &mut self,
        link: &str,
        passcode: Option<&str>,
        recipient: &str,
        options: &crate::fhir::import::ImportOptions,
    ) -> ApiResult<Vec<crate::fhir::import::ImportReport>> {
        let payload = ShlPayload::from_link(link)?;
        if !payload.supports_version() {
            return Err(invalid(
                "link.v",
                "this link is of a newer kind than this app reads; update the app",
            ));
        }
        if payload.exp.is_some_and(|exp| exp <= self.now().timestamp()) {
            return Err(ApiError::LinkEnded);
        }
        if payload.flags.passcode && passcode.is_none_or(|p| p.is_empty()) {
            return Err(invalid(
                "passcode",
                "this link needs the passcode its sender gave",
            ));
        }
        let recipient = recipient.trim();
        if recipient.is_empty() {
            return Err(invalid("recipient", "say who you are: the sender sees it"));
        }
        let files = crate::relay_client::fetch_manifest_files(
            &payload.url,
            recipient,
            passcode,
            payload.flags.direct,
        )?;
        let mut reports = Vec::new();
        for (i, file) in files.iter().enumerate() {
            let decrypted = crate::share::decrypt(&payload.key, &file.jwe, MAX_RECEIVED_BYTES)?;
            let content_type = decrypted
                .content_type
                .as_deref()
                .unwrap_or(&file.content_type);
            if !content_type.starts_with(CONTENT_TYPE) {
                continue;
            }
            let mut options = options.clone();
            options.system.get_or_insert_with(|| payload.url.clone());
            options
                .file_name
                .get_or_insert_with(|| format!("shared link file {}", i + 1));
            reports.push(self.import_fhir(&decrypted.plaintext, &options)?);
        }
        if reports.is_empty() {
            return Err(invalid("link", "the link holds no FHIR record to import"));
        }
        Ok(reports)
    }
}

/// "Dr Shah at Parkside Medical Practice looked at what you shared", once per view.
fn tell_of_view(
    tx: &rusqlite::Transaction<'_>,
    g: &GrantRow,
    v: &GrantViewRow,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let emergency = g.audience == EMERGENCY_AUDIENCE;
    // Break-glass use is something the person must not miss.
    let (severity, text) = if emergency {
        (
            Severity::Warning,
            MessageText {
                title: format!("{} opened your emergency summary", v.recipient),
                detail: format!("Your emergency summary was {}.", view_text(v)),
                advice: "If this was not an emergency you know of, withdraw the emergency link and make a new one."
                    .into(),
            },
        )
    } else {
        (
            Severity::Info,
            MessageText {
                title: format!("{} looked at what you shared", v.recipient),
                detail: format!("Your share with {} was {}.", g.recipient, view_text(v)),
                advice:
                    "If you do not know who this is, withdraw the share from the sharing screen."
                        .into(),
            },
        )
    };
    let key = format!("{}:{}", g.id, v.seq);
    let firing = Firing::message(
        key,
        v.at.timestamp_millis(),
        now.timestamp_millis(),
        severity,
        text,
    );
    notify_once(tx, SHARE_VIEWED_RULE_ID, &firing, now)?;
    Ok(())
}
