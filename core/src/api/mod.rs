//! The record's use cases: everything a record can do, in one place, for every shell
//! (the `phr` command, the Android and iPhone apps through the bindings). Each use case
//! composes the layers below in one transaction (store a batch of readings, then run the
//! rules on it; change an entry, then check the rules that span entries), turns their
//! detailed errors into [`ApiError`] once, and tells the change listeners after it
//! commits. Nothing below calls up into this layer.
//!
//! | file | use cases |
//! |---|---|
//! | `mod.rs` | create, open, close, clock, checkpoint, backup, restore, listeners |
//! | `integrity.rs` | the integrity check on demand, the damage marker, refusing writes to a damaged record |
//! | `keys.rs` | a new record with its key kept by a key store; opening with it |
//! | `entries.rs` | add, edit, privacy, delete, undo, purge, history, list, page, module templates, entry views |
//! | `readings.rs` | add (typed, manual, from devices and apps), correct, privacy, delete, history, list, page, summaries, windows, the overview, reading views |
//! | `changes.rs` | the changes feed of entries and readings, with one token |
//! | `alerts.rs` | the inbox, what is due, acknowledge, snooze, shown, next due time; rules and their history, changes |
//! | `messages.rs` | requests to professionals, messages from them, questions for appointments |
//! | `fhir.rs` | FHIR: import a file or a server's answer, export an IPS document for a viewer |
//! | `devices.rs` | device syncs into the record (the [`SyncSink`]), device states, clock corrections |
//! | `fhir.rs`, `fhir/` | FHIR import (files, bytes, a server) and the IPS export of what a viewer may see |
//! | `share.rs` | shares: grants, their SMART Health Links at a relay, revoke, refresh, who looked; received links |
//! | `integrity.rs` | integrity on demand, and refusing writes to a record known to be damaged |
//! | `views.rs` | what screens show: a reading with its text and note, an entry with its summary and module view, a kind's overview |
//! | `observer.rs` | change listeners and their subscriptions |
//! | `error.rs` | [`ApiError`], the public error |
//!
//! [`SyncSink`]: crate::devices::ingest::SyncSink

mod alerts;
mod changes;
mod devices;
mod entries;
pub mod error;
mod fhir;
mod integrity;
mod keys;
mod messages;
pub mod observer;
mod readings;
mod share;
pub mod views;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

pub use crate::store::entries::{EntriesCursor, EntriesPage, EntryFilter};
pub use crate::store::history::{ChangeOp, EntryChange};
pub use crate::store::origins::{ClockSource, DeviceSync, DeviceSyncState};
pub use crate::store::reading_changes::{ReadingChangeOp, ReadingVersion};
pub use crate::store::reading_days::DailySummary;
pub use crate::store::readings::{IngestReport, ReadingQuery, ReadingsCursor, ReadingsPage};
pub use changes::{ChangeToken, ChangesPage};
pub use entries::NewEntryOptions;
pub use error::{ApiError, ApiResult};
pub use fhir::{
    ExportScope, FetchLimits, ImportItem, ImportOptions, ImportOutcome, ImportReport, ImportTarget,
    KeptResource, fetch_from_server, fetch_from_server_blocking,
};
pub use integrity::IntegrityReport;
pub use observer::{ChangeArea, ChangeListener, RecordChange, Subscription};
pub use readings::{CorrectionOffer, ReadingsPageRequest, TypedReading};
pub use share::{
    DEFAULT_SHARE_DAYS, MAX_SHARE_DAYS, MIN_PASSCODE_CHARS, NewShare, RecipientKind, Share,
    ShareStatus, ShareView,
};
pub use views::{EntryView, KindOverview, ReadingView, RuleView, TrendWindow};

use crate::clock::{Clock, SystemClock};
use crate::keys::{DatabaseKey, KdfParams};
use crate::store::{self, Database};
use observer::Observers;

/// An open record: the encrypted file, the clock its use cases run on, and the listeners
/// told of its changes. One writer: every change runs in one transaction.
pub struct Record {
    db: Database,
    clock: Arc<dyn Clock>,
    observers: Observers,
    /// What was found when the record was last found damaged (its marker): writes are
    /// refused until it is restored.
    damage: std::sync::Mutex<Option<Vec<String>>>,
}

/// What closing or checkpointing a record came to. It is only ever returned when
/// everything committed is saved: a log that could not be written into the main file
/// (a full disk) stays beside it and is replayed on the next open, so it is a warning,
/// never [`ApiError::DiskFull`], and a retry would store the change twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    /// Something the person should know, though nothing was lost.
    pub warning: Option<SaveWarning>,
}

/// A warning that comes with [`Saved`]. `Display` is the sentence to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SaveWarning {
    /// The disk is (nearly) full: free some space before the next change.
    #[error(
        "everything is saved, but the disk is nearly full: free some space before making more changes"
    )]
    LowSpace,
    /// The log could not be tidied into the main file for another reason (details in
    /// the log); it is on the next open.
    #[error("everything is saved; the record will finish tidying its files the next time it opens")]
    LogKept,
}

impl From<store::Checkpoint> for Saved {
    fn from(c: store::Checkpoint) -> Self {
        Self {
            warning: match c {
                store::Checkpoint::Done => None,
                store::Checkpoint::Deferred { low_space: true } => Some(SaveWarning::LowSpace),
                store::Checkpoint::Deferred { low_space: false } => Some(SaveWarning::LogKept),
            },
        }
    }
}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Record")
            .field("path", &self.db.path())
            .finish_non_exhaustive()
    }
}

impl Record {
    fn wrap(db: Database) -> Self {
        Self {
            db,
            clock: Arc::new(SystemClock),
            observers: Observers::default(),
            damage: std::sync::Mutex::new(None),
        }
    }

    /// Wraps a record just opened, minding its damage marker: a record known to be
    /// damaged opens for reading (and backup), and refuses writes.
    fn opened(db: Database) -> ApiResult<Self> {
        let record = Self::wrap(db);
        log::debug!(target: "phr_core::api", "record opened");
        if let Some(marker) = store::integrity::read_marker(record.db.path()) {
            log::warn!(target: "phr_core::api", "the record is marked damaged: writes are refused until it is restored");
            record.mark_damaged(marker.findings)?;
        }
        Ok(record)
    }

    /// Creates a new, empty record at `path`, encrypted with `key`. Refuses
    /// ([`ApiError::AlreadyExists`]) when anything of a record is there: the file, a
    /// stale write-ahead log, a lock file, even a dangling link. The record is made
    /// whole under a staging name and linked into place (files 0600), so a process
    /// killed meanwhile leaves nothing at `path`, and its staging files are removed by
    /// the next attempt.
    pub fn create(path: impl AsRef<Path>, key: &DatabaseKey) -> ApiResult<Self> {
        Ok(Self::wrap(Database::create(path.as_ref(), key)?))
    }

    /// Creates a new record at `path` filled by `fill`, and links it into place only
    /// when `fill` succeeded: a demo or an import killed half way leaves no half-filled
    /// record behind (see [`Self::create`]), and running it again starts afresh.
    /// During `fill` the record lives under its staging name ([`Self::path`] says
    /// which).
    pub fn create_with(
        path: impl AsRef<Path>,
        key: &DatabaseKey,
        fill: impl FnOnce(&mut Record) -> ApiResult<()>,
    ) -> ApiResult<Self> {
        let db = Database::create_with(path.as_ref(), key, |db| -> ApiResult<Database> {
            let mut staged = Self::wrap(db);
            fill(&mut staged)?;
            Ok(staged.db)
        })?;
        Ok(Self::wrap(db))
    }

    /// Opens the record at `path`. A wrong key is [`ApiError::WrongKey`]; a file that is
    /// not a record (random bytes, zeros, another database) is [`ApiError::NotARecord`];
    /// neither changes any byte of the record or its log: the key is proven on a
    /// read-only connection first. A record marked damaged opens, and refuses writes
    /// ([`Self::damage`]).
    pub fn open(path: impl AsRef<Path>, key: &DatabaseKey) -> ApiResult<Self> {
        Self::opened(Database::open(path.as_ref(), key)?)
    }

    /// The first file of a record found at `path` (the file, its log, a lock file, or a
    /// link by one of those names): a new record is never made where one is.
    pub fn leftover_at(path: &Path) -> Option<PathBuf> {
        Database::anything_at(path)
    }

    /// Restores the backup at `backup` into a new record at `dest`, encrypted with `key`.
    /// A wrong passphrase is [`ApiError::WrongPassphrase`]; a file that is no backup is
    /// [`ApiError::NotABackup`], a damaged or altered one [`ApiError::BackupDamaged`]
    /// (its header is checked, and its key derivation settings bounded, before any key
    /// is derived). Nothing is left at `dest` on failure, an existing record is never
    /// overwritten, and a restore killed half way is cleaned up by the next one.
    pub fn restore_from(
        backup: &Path,
        passphrase: &str,
        dest: &Path,
        key: &DatabaseKey,
    ) -> ApiResult<Self> {
        Ok(Self::wrap(store::restore_from(
            backup, passphrase, dest, key,
        )?))
    }

    /// Writes the whole record to `dest` as one file (0600) protected by `passphrase`
    /// (Argon2id with `params`, AES-256-GCM). Refuses to overwrite an existing file. A
    /// damaged record is [`ApiError::Damaged`]; a full disk [`ApiError::NoSpace`]. A
    /// record marked damaged can still be backed up, to keep what can be read.
    pub fn backup_to(&self, dest: &Path, passphrase: &str, params: &KdfParams) -> ApiResult<()> {
        Ok(store::backup_to(&self.db, dest, passphrase, params)?)
    }

    /// Replaces the clock (tests, and shells that want one clock for everything).
    pub fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.clock = clock;
    }

    /// The clock this record uses.
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    /// Now, on the record's clock, at the precision times are stored with.
    pub fn now(&self) -> DateTime<Utc> {
        store::codec::stored_time(self.clock.now())
    }

    /// Where the record lives.
    pub fn path(&self) -> &Path {
        self.db.path()
    }

    /// The schema version of the open record.
    pub fn schema_version(&self) -> ApiResult<u32> {
        Ok(self.db.schema_version()?)
    }

    /// Writes everything in the write-ahead log into the main file (when the app goes to
    /// the background). Everything committed is saved whatever it says: a full disk is
    /// `Ok` with [`SaveWarning::LowSpace`], never [`ApiError::DiskFull`].
    pub fn checkpoint(&self) -> ApiResult<Saved> {
        Ok(self.db.checkpoint()?.into())
    }

    /// Closes the record, writing the log into the main file when it can. Everything
    /// committed is saved whatever it says: a full disk is `Ok` with
    /// [`SaveWarning::LowSpace`], never [`ApiError::DiskFull`].
    pub fn close(self) -> ApiResult<Saved> {
        let saved: Saved = self.db.close()?.into();
        log::debug!(target: "phr_core::api", "record closed ({:?})", saved.warning);
        Ok(saved)
    }

    /// Tells `listener` of every change committed from now on, until the returned
    /// subscription is dropped or cancelled.
    pub fn observe(&self, listener: Arc<dyn ChangeListener>) -> Subscription {
        self.observers.add(listener)
    }

    /// How many listeners are registered.
    pub fn listener_count(&self) -> usize {
        self.observers.count()
    }

    /// Caps the file at `pages` pages so that tests can see what a full disk does.
    #[doc(hidden)]
    pub fn limit_pages_for_tests(&self, pages: u32) -> ApiResult<()> {
        Ok(self.db.limit_pages_for_tests(pages)?)
    }

    /// Runs `f` in one write transaction at the record clock's `now`; when it commits,
    /// the listeners hear about `areas`. Any error rolls everything back.
    fn write<T>(
        &mut self,
        areas: &[ChangeArea],
        f: impl FnOnce(&Transaction<'_>, DateTime<Utc>) -> ApiResult<T>,
    ) -> ApiResult<T> {
        self.refuse_if_damaged()?;
        let now = self.now();
        let value = self.db.write(|tx| f(tx, now))?;
        self.observers.notify(areas.to_vec());
        Ok(value)
    }

    /// The database connection, for reads.
    fn conn(&self) -> &rusqlite::Connection {
        self.db.conn()
    }
}
