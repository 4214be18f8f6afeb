//! A small connection pool: at most `size` connections, opened on demand, checked out
//! one request at a time and put back when dropped. A connection that died (the server
//! restarted) is dropped and replaced on the next checkout. Each connection keeps the
//! statements the hot paths prepare, so a manifest request costs one round trip per
//! statement instead of two.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::sync::Mutex;

use tokio::sync::{Semaphore, SemaphorePermit};
use tokio_postgres::{Client, Config, NoTls, Statement};

/// One connection and the statements prepared on it.
struct Conn {
    client: Client,
    statements: HashMap<&'static str, Statement>,
}

use crate::error::StoreError;

pub(super) struct Pool {
    config: Config,
    idle: Mutex<Vec<Conn>>,
    permits: Semaphore,
}

impl Pool {
    pub(super) fn new(config: Config, size: usize) -> Self {
        Self {
            config,
            idle: Mutex::new(Vec::new()),
            permits: Semaphore::new(size.max(1)),
        }
    }

    /// A connection for one unit of work.
    pub(super) async fn get(&self) -> Result<PooledClient<'_>, StoreError> {
        let permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| StoreError::Corrupt("the connection pool was closed".into()))?;
        let reused = loop {
            let next = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
            match next {
                Some(c) if c.client.is_closed() => continue,
                other => break other,
            }
        };
        let client = match reused {
            Some(c) => c,
            None => {
                let (client, connection) = self.config.connect(NoTls).await?;
                tokio::spawn(async move {
                    if let Err(err) = connection.await {
                        tracing::warn!(error = %err, "a PostgreSQL connection closed with an error");
                    }
                });
                Conn {
                    client,
                    statements: HashMap::new(),
                }
            }
        };
        Ok(PooledClient {
            conn: Some(client),
            pool: self,
            _permit: permit,
        })
    }
}

/// A checked-out connection; goes back to the pool on drop.
pub(super) struct PooledClient<'a> {
    conn: Option<Conn>,
    pool: &'a Pool,
    _permit: SemaphorePermit<'a>,
}

impl PooledClient<'_> {
    fn conn(&self) -> &Conn {
        match &self.conn {
            Some(c) => c,
            None => unreachable!("a pooled client is present until it is dropped"),
        }
    }

    fn conn_mut(&mut self) -> &mut Conn {
        match &mut self.conn {
            Some(c) => c,
            None => unreachable!("a pooled client is present until it is dropped"),
        }
    }

    /// `sql` prepared on this connection, once per connection.
    pub(super) async fn cached(
        &mut self,
        sql: &'static str,
    ) -> Result<Statement, tokio_postgres::Error> {
        let conn = self.conn_mut();
        if let Some(s) = conn.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = conn.client.prepare(sql).await?;
        conn.statements.insert(sql, s.clone());
        Ok(s)
    }
}

impl Deref for PooledClient<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.conn().client
    }
}

impl DerefMut for PooledClient<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        &mut self.conn_mut().client
    }
}

impl Drop for PooledClient<'_> {
    fn drop(&mut self) {
        if let Some(c) = self.conn.take()
            && !c.client.is_closed()
        {
            self.pool
                .idle
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(c);
        }
    }
}
