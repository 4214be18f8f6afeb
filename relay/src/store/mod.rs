//! The storage trait every backend implements, and the rows it speaks in.
//!
//! Everything that must be exact across several relay instances lives behind this
//! trait, in the database: passcode attempts, rate-limit counters, file-location tokens,
//! the access log and the mailboxes. Each method is one atomic step (one statement or
//! one transaction), so two instances sharing a database never double-count.

mod postgres;
mod sqlite;

pub use postgres::{DEFAULT_POOL_SIZE, PostgresStore};
pub use sqlite::SqliteStore;

use async_trait::async_trait;

use crate::error::StoreError;
use crate::secrets::SaltedHash;

/// Results of the storage layer.
pub type StoreResult<T> = Result<T, StoreError>;

/// A link to create, with its files.
#[derive(Debug, Clone)]
pub struct NewLink {
    /// The link's id (also the last part of its manifest URL).
    pub id: String,
    /// Hash of the owner's management token.
    pub management: SaltedHash,
    /// Hash of the passcode, for links with the `P` flag.
    pub passcode: Option<SaltedHash>,
    /// Wrong passcodes allowed over the link's whole life.
    pub max_attempts: i64,
    /// When the link stops working (epoch seconds), if ever.
    pub expires_at: Option<i64>,
    /// A `U` link: its single file is fetched directly with GET.
    pub direct: bool,
    /// When the link was made (epoch seconds).
    pub created_at: i64,
    /// The encrypted files, in order.
    pub files: Vec<NewFile>,
}

/// One encrypted file as uploaded.
#[derive(Debug, Clone)]
pub struct NewFile {
    /// `application/fhir+json`, `application/smart-health-card` or
    /// `application/smart-api-access`.
    pub content_type: String,
    /// The compact JWE, opaque to the relay.
    pub jwe: String,
}

/// A stored link (without its files).
#[derive(Debug, Clone)]
pub struct Link {
    /// The link's id.
    pub id: String,
    /// Hash of the owner's management token.
    pub management: SaltedHash,
    /// Hash of the passcode, for `P` links.
    pub passcode: Option<SaltedHash>,
    /// Wrong passcodes still allowed; 0 means locked (for `P` links).
    pub failures_remaining: i64,
    /// When the link stops working, if ever.
    pub expires_at: Option<i64>,
    /// A `U` link.
    pub direct: bool,
    /// When the link was made.
    pub created_at: i64,
    /// When the owner revoked it, if they did.
    pub revoked_at: Option<i64>,
}

/// What a link is doing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// Serves its manifest.
    Active,
    /// Revoked by its owner.
    Revoked,
    /// Past its expiry time.
    Expired,
    /// Every allowed wrong passcode has been used.
    Locked,
}

impl LinkState {
    /// The word the owner API uses.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkState::Active => "active",
            LinkState::Revoked => "revoked",
            LinkState::Expired => "expired",
            LinkState::Locked => "locked",
        }
    }
}

impl Link {
    /// The link's state at `now`. Revocation wins over expiry, expiry over lockout.
    pub fn state(&self, now: i64) -> LinkState {
        if self.revoked_at.is_some() {
            LinkState::Revoked
        } else if self.expires_at.is_some_and(|exp| now >= exp) {
            LinkState::Expired
        } else if self.passcode.is_some() && self.failures_remaining <= 0 {
            LinkState::Locked
        } else {
            LinkState::Active
        }
    }
}

/// A stored file of a link.
#[derive(Debug, Clone)]
pub struct StoredFile {
    /// Position in the link's file list, from 0.
    pub index: i64,
    /// The file's content type.
    pub content_type: String,
    /// The compact JWE.
    pub jwe: String,
}

/// How a request for a link ended, as written in its access log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The files were handed out.
    Ok,
    /// The passcode was wrong or missing.
    WrongPasscode,
    /// The link is locked after too many wrong passcodes.
    Locked,
    /// The link is revoked or expired.
    Inactive,
    /// Too many requests; refused with 429.
    RateLimited,
}

impl Outcome {
    /// The word stored and shown in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::WrongPasscode => "wrong_passcode",
            Outcome::Locked => "locked",
            Outcome::Inactive => "inactive",
            Outcome::RateLimited => "rate_limited",
        }
    }
}

/// An access-log line to append.
#[derive(Debug, Clone)]
pub struct NewAccess {
    /// The link asked for.
    pub link_id: String,
    /// When (epoch seconds).
    pub at: i64,
    /// Who said they were asking ("Dr Shah at Parkside Medical Practice").
    pub recipient: String,
    /// How it ended.
    pub outcome: Outcome,
    /// The client's address.
    pub address: String,
}

/// A line of a link's access log.
#[derive(Debug, Clone)]
pub struct AccessEntry {
    /// Position in this link's log, from 1.
    pub seq: i64,
    /// When (epoch seconds).
    pub at: i64,
    /// Who said they were asking.
    pub recipient: String,
    /// How it ended (see [`Outcome::as_str`]).
    pub outcome: String,
    /// The client's address.
    pub address: String,
}

/// A message to deliver.
#[derive(Debug, Clone)]
pub struct NewMessage {
    /// Recipient mailbox id.
    pub to: String,
    /// Sender mailbox id.
    pub from: String,
    /// Random id for receipts.
    pub message_id: String,
    /// Opaque (end-to-end-encrypted) body.
    pub body: String,
    /// When the relay received it.
    pub at: i64,
}

/// A message waiting in a mailbox.
#[derive(Debug, Clone)]
pub struct Message {
    /// Position in the recipient's mailbox, from 1.
    pub seq: i64,
    /// The message's id.
    pub message_id: String,
    /// Sender mailbox id.
    pub from: String,
    /// Opaque body.
    pub body: String,
    /// When the relay received it.
    pub received_at: i64,
}

/// A delivered or read receipt, kept for the sender.
#[derive(Debug, Clone)]
pub struct Receipt {
    /// Position in the sender's receipt feed, from 1.
    pub seq: i64,
    /// The message it is about.
    pub message_id: String,
    /// `delivered` or `read`.
    pub kind: String,
    /// When it happened.
    pub at: i64,
}

/// The relay's storage. Implemented by [`SqliteStore`] and [`PostgresStore`]; both run
/// the same test suite.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Stores a new link and its files.
    async fn create_link(&self, link: NewLink) -> StoreResult<()>;
    /// The link with this id, if there is one.
    async fn link(&self, id: &str) -> StoreResult<Option<Link>>;
    /// Replaces a link's files; every location handed out for the old files dies.
    async fn replace_files(&self, id: &str, files: Vec<NewFile>) -> StoreResult<()>;
    /// Revokes a link at `at`, forgets its files and kills its locations.
    async fn revoke_link(&self, id: &str, at: i64) -> StoreResult<()>;
    /// The link's files, in order.
    async fn files(&self, id: &str) -> StoreResult<Vec<StoredFile>>;
    /// Spends one wrong-passcode attempt, atomically: the attempts left afterwards, or
    /// `None` when none were left (the link was already locked).
    async fn spend_attempt(&self, id: &str) -> StoreResult<Option<i64>>;
    /// Records a file location (by its token's key) valid until `expires_at`.
    async fn add_location(
        &self,
        key: &str,
        link_id: &str,
        file_index: i64,
        expires_at: i64,
    ) -> StoreResult<()>;
    /// The JWE behind a location, if the location is alive at `now` and its link is
    /// active (not revoked, expired or locked).
    async fn file_at_location(&self, key: &str, now: i64) -> StoreResult<Option<String>>;
    /// Appends a line to a link's access log; returns its `seq`.
    async fn append_access(&self, entry: NewAccess) -> StoreResult<i64>;
    /// A link's access log after `after`, oldest first, at most `limit` lines.
    async fn access_log(
        &self,
        link_id: &str,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<AccessEntry>>;
    /// Counts one hit on a rate-limit counter for the window starting at
    /// `window_start`; returns the count including this hit.
    async fn count_hit(&self, key: &str, window_start: i64) -> StoreResult<i64>;
    /// Stores a new mailbox.
    async fn create_mailbox(&self, id: &str, token: &SaltedHash, at: i64) -> StoreResult<()>;
    /// The token hash of a mailbox, if it exists.
    async fn mailbox(&self, id: &str) -> StoreResult<Option<SaltedHash>>;
    /// Delivers a message into its recipient's mailbox; its `seq` there, or `None`
    /// when the recipient does not exist.
    async fn post_message(&self, message: NewMessage) -> StoreResult<Option<i64>>;
    /// Messages in a mailbox after `after` (at most `limit`), recording a `delivered`
    /// receipt at `now` for each one returned for the first time.
    async fn take_messages(
        &self,
        mailbox: &str,
        after: i64,
        limit: i64,
        now: i64,
    ) -> StoreResult<Vec<Message>>;
    /// Records a `read` receipt (once) for a message in this mailbox; `false` when the
    /// mailbox holds no such message.
    async fn mark_read(&self, mailbox: &str, message_id: &str, now: i64) -> StoreResult<bool>;
    /// Receipts for messages this mailbox sent, after `after`, at most `limit`.
    async fn receipts(&self, sender: &str, after: i64, limit: i64) -> StoreResult<Vec<Receipt>>;
    /// Deletes expired locations and rate-limit windows that ended before `before`.
    async fn purge(&self, now: i64, before: i64) -> StoreResult<()>;
}
