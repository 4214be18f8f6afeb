//! The SQLite backend: one file, one connection, WAL. Every call runs on tokio's
//! blocking pool (`spawn_blocking`) holding the connection's lock, so each store method
//! is atomic against every other: exact counts for one relay instance.
//!
//! rusqlite in this workspace is built with SQLCipher; the relay opens its database
//! without a key, which is plain SQLite (it holds only ciphertext and hashes).

mod links;
mod mailboxes;
mod schema;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use rusqlite::Connection;

use super::{
    AccessEntry, Link, Message, NewAccess, NewFile, NewLink, NewMessage, Receipt, Store,
    StoreResult, StoredFile,
};
use crate::error::StoreError;
use crate::secrets::SaltedHash;

/// The relay's storage in one SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its schema up to
    /// date.
    pub async fn open(path: &Path) -> StoreResult<Self> {
        let path: PathBuf = path.to_owned();
        let conn = tokio::task::spawn_blocking(move || -> StoreResult<Connection> {
            let mut conn = Connection::open(&path)?;
            conn.busy_timeout(Duration::from_secs(5))?;
            let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Corrupt(format!(
                    "SQLite refused WAL mode (journal_mode is {mode})"
                )));
            }
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            schema::migrate(&mut conn)?;
            Ok(conn)
        })
        .await??;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with the connection on the blocking pool.
    async fn run<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        let result = tokio::task::spawn_blocking(move || {
            // A panic while holding the lock cannot leave a transaction open (rusqlite
            // rolls back on drop), so a poisoned lock is still a usable connection.
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await?;
        Ok(result?)
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn create_link(&self, link: NewLink) -> StoreResult<()> {
        self.run(move |c| links::create_link(c, &link)).await
    }

    async fn link(&self, id: &str) -> StoreResult<Option<Link>> {
        let id = id.to_owned();
        self.run(move |c| links::link(c, &id)).await
    }

    async fn replace_files(&self, id: &str, files: Vec<NewFile>) -> StoreResult<()> {
        let id = id.to_owned();
        self.run(move |c| links::replace_files(c, &id, &files))
            .await
    }

    async fn revoke_link(&self, id: &str, at: i64) -> StoreResult<()> {
        let id = id.to_owned();
        self.run(move |c| links::revoke_link(c, &id, at)).await
    }

    async fn files(&self, id: &str) -> StoreResult<Vec<StoredFile>> {
        let id = id.to_owned();
        self.run(move |c| links::files(c, &id)).await
    }

    async fn spend_attempt(&self, id: &str) -> StoreResult<Option<i64>> {
        let id = id.to_owned();
        self.run(move |c| links::spend_attempt(c, &id)).await
    }

    async fn add_location(
        &self,
        key: &str,
        link_id: &str,
        file_index: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        let (key, link_id) = (key.to_owned(), link_id.to_owned());
        self.run(move |c| links::add_location(c, &key, &link_id, file_index, expires_at))
            .await
    }

    async fn file_at_location(&self, key: &str, now: i64) -> StoreResult<Option<String>> {
        let key = key.to_owned();
        self.run(move |c| links::file_at_location(c, &key, now))
            .await
    }

    async fn append_access(&self, entry: NewAccess) -> StoreResult<i64> {
        self.run(move |c| links::append_access(c, &entry)).await
    }

    async fn access_log(
        &self,
        link_id: &str,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<AccessEntry>> {
        let link_id = link_id.to_owned();
        self.run(move |c| links::access_log(c, &link_id, after, limit))
            .await
    }

    async fn count_hit(&self, key: &str, window_start: i64) -> StoreResult<i64> {
        let key = key.to_owned();
        self.run(move |c| links::count_hit(c, &key, window_start))
            .await
    }

    async fn create_mailbox(&self, id: &str, token: &SaltedHash, at: i64) -> StoreResult<()> {
        let (id, token) = (id.to_owned(), token.clone());
        self.run(move |c| mailboxes::create_mailbox(c, &id, &token, at))
            .await
    }

    async fn mailbox(&self, id: &str) -> StoreResult<Option<SaltedHash>> {
        let id = id.to_owned();
        self.run(move |c| mailboxes::mailbox(c, &id)).await
    }

    async fn post_message(&self, message: NewMessage) -> StoreResult<Option<i64>> {
        self.run(move |c| mailboxes::post_message(c, &message))
            .await
    }

    async fn take_messages(
        &self,
        mailbox: &str,
        after: i64,
        limit: i64,
        now: i64,
    ) -> StoreResult<Vec<Message>> {
        let mailbox = mailbox.to_owned();
        self.run(move |c| mailboxes::take_messages(c, &mailbox, after, limit, now))
            .await
    }

    async fn mark_read(&self, mailbox: &str, message_id: &str, now: i64) -> StoreResult<bool> {
        let (mailbox, message_id) = (mailbox.to_owned(), message_id.to_owned());
        self.run(move |c| mailboxes::mark_read(c, &mailbox, &message_id, now))
            .await
    }

    async fn receipts(&self, sender: &str, after: i64, limit: i64) -> StoreResult<Vec<Receipt>> {
        let sender = sender.to_owned();
        self.run(move |c| mailboxes::receipts(c, &sender, after, limit))
            .await
    }

    async fn purge(&self, now: i64, before: i64) -> StoreResult<()> {
        self.run(move |c| links::purge(c, now, before)).await
    }
}
