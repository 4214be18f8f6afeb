//! The PostgreSQL backend, for several stateless relay instances behind a load
//! balancer sharing one database. Each store method is one atomic statement or one
//! transaction, so counts are exact across instances.

mod links;
mod mailboxes;
mod pool;
mod schema;

use async_trait::async_trait;

use super::{
    AccessEntry, Link, Message, NewAccess, NewFile, NewLink, NewMessage, Receipt, Store,
    StoreResult, StoredFile,
};
use crate::secrets::SaltedHash;
use pool::Pool;

/// Connections each relay instance keeps open at most.
pub const DEFAULT_POOL_SIZE: usize = 8;

/// The relay's storage in a PostgreSQL database.
pub struct PostgresStore {
    pool: Pool,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The config may hold a password: never print it.
        f.debug_struct("PostgresStore").finish_non_exhaustive()
    }
}

impl PostgresStore {
    /// Connects to `url` (`postgres://user@host:port/db` or `postgresql://...`) with up
    /// to `pool_size` connections and creates or upgrades the schema.
    pub async fn connect(url: &str, pool_size: usize) -> StoreResult<Self> {
        let config: tokio_postgres::Config = url.parse()?;
        let pool = Pool::new(config, pool_size);
        schema::migrate(&pool).await?;
        Ok(Self { pool })
    }
}

#[async_trait]
impl Store for PostgresStore {
    async fn create_link(&self, link: NewLink) -> StoreResult<()> {
        links::create_link(&self.pool, &link).await
    }

    async fn link(&self, id: &str) -> StoreResult<Option<Link>> {
        links::link(&self.pool, id).await
    }

    async fn replace_files(&self, id: &str, files: Vec<NewFile>) -> StoreResult<()> {
        links::replace_files(&self.pool, id, &files).await
    }

    async fn revoke_link(&self, id: &str, at: i64) -> StoreResult<()> {
        links::revoke_link(&self.pool, id, at).await
    }

    async fn files(&self, id: &str) -> StoreResult<Vec<StoredFile>> {
        links::files(&self.pool, id).await
    }

    async fn spend_attempt(&self, id: &str) -> StoreResult<Option<i64>> {
        links::spend_attempt(&self.pool, id).await
    }

    async fn add_location(
        &self,
        key: &str,
        link_id: &str,
        file_index: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        links::add_location(&self.pool, key, link_id, file_index, expires_at).await
    }

    async fn file_at_location(&self, key: &str, now: i64) -> StoreResult<Option<String>> {
        links::file_at_location(&self.pool, key, now).await
    }

    async fn append_access(&self, entry: NewAccess) -> StoreResult<i64> {
        links::append_access(&self.pool, &entry).await
    }

    async fn access_log(
        &self,
        link_id: &str,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<AccessEntry>> {
        links::access_log(&self.pool, link_id, after, limit).await
    }

    async fn count_hit(&self, key: &str, window_start: i64) -> StoreResult<i64> {
        links::count_hit(&self.pool, key, window_start).await
    }

    async fn create_mailbox(&self, id: &str, token: &SaltedHash, at: i64) -> StoreResult<()> {
        mailboxes::create_mailbox(&self.pool, id, token, at).await
    }

    async fn mailbox(&self, id: &str) -> StoreResult<Option<SaltedHash>> {
        mailboxes::mailbox(&self.pool, id).await
    }

    async fn post_message(&self, message: NewMessage) -> StoreResult<Option<i64>> {
        mailboxes::post_message(&self.pool, &message).await
    }

    async fn take_messages(
        &self,
        mailbox: &str,
        after: i64,
        limit: i64,
        now: i64,
    ) -> StoreResult<Vec<Message>> {
        mailboxes::take_messages(&self.pool, mailbox, after, limit, now).await
    }

    async fn mark_read(&self, mailbox: &str, message_id: &str, now: i64) -> StoreResult<bool> {
        mailboxes::mark_read(&self.pool, mailbox, message_id, now).await
    }

    async fn receipts(&self, sender: &str, after: i64, limit: i64) -> StoreResult<Vec<Receipt>> {
        mailboxes::receipts(&self.pool, sender, after, limit).await
    }

    async fn purge(&self, now: i64, before: i64) -> StoreResult<()> {
        links::purge(&self.pool, now, before).await
    }
}
