//! The record's use cases: everything a record can do, in one place, for every shell
//! (the `phr` command, the Android and iPhone apps through the bindings). Each use case
//! composes the layers below in one transaction (store a batch of readings, then run the
//! rules on it; change an entry, then check the rules that span entries), turns their
//! detailed errors into [`ApiError`] once, and tells the change listeners after it
//! commits. Nothing below calls up into this layer.
//!
//! | file | use cases |
//! |---|---|
//! | `mod.rs` | create, open, close, clock, integrity, checkpoint, backup, restore, listeners |
//! | `keys.rs` | a new record with its key kept by a key store; opening with it |
//! | `entries.rs` | add, edit, privacy, delete, undo, purge, history, list, page, module templates, entry views |
//! | `readings.rs` | add (typed, manual, from devices and apps), correct, privacy, delete, history, list, page, summaries, windows, the overview, reading views |
//! | `changes.rs` | the changes feed of entries and readings, with one token |
//! | `alerts.rs` | the inbox, what is due, acknowledge, snooze, shown, next due time; rules and their history, changes |
//! | `messages.rs` | requests to professionals, messages from them, questions for appointments |
//! | `fhir.rs` | FHIR: import a file or a server's answer, export an IPS document for a viewer |
//! | `devices.rs` | device syncs into the record (the [`SyncSink`]), device states, clock corrections |
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
mod keys;
mod messages;
pub mod observer;
mod readings;
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
    KeptResource, fetch_from_server,
};
pub use observer::{ChangeArea, ChangeListener, RecordChange, Subscription};
pub use readings::{CorrectionOffer, ReadingsPageRequest, TypedReading};
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
        }
    }

    /// Creates a new, empty record at `path`, encrypted with `key`. Refuses
    /// ([`ApiError::AlreadyExists`]) when anything of a record is there: the file, a
    /// stale write-ahead log, a lock file, even a dangling link.
    pub fn create(path: impl AsRef<Path>, key: &DatabaseKey) -> ApiResult<Self> {
        Ok(Self::wrap(Database::create(path.as_ref(), key)?))
    }

    /// Opens the record at `path`. A wrong key is [`ApiError::WrongKey`]; a file that is
    /// not a record is [`ApiError::NotARecord`]; neither changes any file.
    pub fn open(path: impl AsRef<Path>, key: &DatabaseKey) -> ApiResult<Self> {
        Ok(Self::wrap(Database::open(path.as_ref(), key)?))
    }

    /// The first file of a record found at `path` (the file, its log, a lock file, or a
    /// link by one of those names): a new record is never made where one is.
    pub fn leftover_at(path: &Path) -> Option<PathBuf> {
        Database::anything_at(path)
    }

    /// Restores the backup at `backup` into a new record at `dest`, encrypted with `key`.
    /// A wrong passphrase is [`ApiError::WrongPassphrase`]; nothing is left at `dest` on
    /// failure, and an existing record is never overwritten.
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

    /// Writes the whole record to `dest` as one file protected by `passphrase` (Argon2id
    /// with `params`, AES-256-GCM). Refuses to overwrite an existing file.
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

    /// Checks every page's authentication code and SQLite's own structure. A damaged
    /// record is [`ApiError::Damaged`].
    pub fn check_integrity(&self) -> ApiResult<()> {
        Ok(self.db.check_integrity()?)
    }

    /// Writes everything in the write-ahead log into the main file (before a backup or
    /// when the app goes to the background).
    pub fn checkpoint(&self) -> ApiResult<()> {
        Ok(self.db.checkpoint()?)
    }

    /// Closes the record, writing the log into the main file.
    pub fn close(self) -> ApiResult<()> {
        Ok(self.db.close()?)
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
