//! The PHR relay: hosts encrypted SMART Health Link manifests and files and
//! end-to-end-encrypted messages, and serves the professionals' browser viewer.
//!
//! The relay never sees a key or plaintext: clients upload compact JWE ciphertext and
//! opaque message bodies. State lives in SQLite (one instance) or PostgreSQL (several
//! stateless instances behind a load balancer).
//!
//! ```no_run
//! # async fn run() -> Result<(), phr_relay::RelayError> {
//! let config = phr_relay::RelayConfig::new("127.0.0.1:8080", "sqlite://relay.db", None)?;
//! let relay = phr_relay::serve(config).await?;
//! println!("relay at {}", relay.public_url());
//! relay.run_until_ctrl_c().await?;
//! # Ok(()) }
//! ```

mod api;
pub mod clock;
pub mod config;
mod error;
mod rate_limit;
mod secrets;
pub mod store;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use clock::{Clock, ManualClock, SystemClock};
pub use config::{Database, Limits, Rate, RelayConfig};
pub use error::{RelayError, StoreError};

use store::{PostgresStore, SqliteStore, Store};

/// How often each instance deletes expired locations and old rate-limit windows.
const PURGE_EVERY: Duration = Duration::from_secs(300);

/// A relay that is listening. Dropping it does not stop it; call
/// [`RunningRelay::shutdown`].
#[derive(Debug)]
pub struct RunningRelay {
    local_addr: SocketAddr,
    public_url: String,
    stop: Option<oneshot::Sender<()>>,
    server: JoinHandle<std::io::Result<()>>,
    purger: JoinHandle<()>,
}

impl RunningRelay {
    /// The address the relay listens on (with the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The base URL written into links (`PUBLIC`).
    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// Stops taking connections, lets requests in flight finish, and returns.
    pub async fn shutdown(mut self) -> Result<(), RelayError> {
        if let Some(stop) = self.stop.take() {
            // The server may already have stopped; then there is nobody to tell.
            let _ = stop.send(());
        }
        self.purger.abort();
        match self.server.await {
            Ok(result) => result.map_err(RelayError::Serve),
            Err(join) => Err(RelayError::Serve(std::io::Error::other(join))),
        }
    }

    /// Serves until Ctrl-C (SIGINT), then shuts down gracefully. What
    /// `phr relay serve` runs.
    pub async fn run_until_ctrl_c(self) -> Result<(), RelayError> {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %err, "cannot wait for Ctrl-C; shutting down");
        }
        self.shutdown().await
    }
}

/// Opens the database (creating or upgrading its schema), binds the listening socket
/// and starts serving in the background.
pub async fn serve(config: RelayConfig) -> Result<RunningRelay, RelayError> {
    let store: Arc<dyn Store> = match &config.database {
        Database::Sqlite(path) => Arc::new(SqliteStore::open(path).await?),
        Database::Postgres(url) => Arc::new(PostgresStore::connect(url, config.pool_size).await?),
    };
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| RelayError::Bind {
            addr: config.listen.to_string(),
            source,
        })?;
    let local_addr = listener.local_addr().map_err(|source| RelayError::Bind {
        addr: config.listen.to_string(),
        source,
    })?;
    let public_url = match &config.public_url {
        Some(url) => config::normalise_public_url(url)?,
        None => config::normalise_public_url(&format!("http://{local_addr}"))?,
    };
    let state = api::AppState {
        store: Arc::clone(&store),
        clock: Arc::clone(&config.clock),
        public_url: Arc::from(public_url.as_str()),
        limits: config.limits,
        trust_forwarded_for: config.trust_forwarded_for,
    };
    let app = api::router(state).into_make_service_with_connect_info::<SocketAddr>();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await
    });
    let purger = tokio::spawn(purge_forever(store, Arc::clone(&config.clock)));
    Ok(RunningRelay {
        local_addr,
        public_url,
        stop: Some(stop),
        server,
        purger,
    })
}

async fn purge_forever(store: Arc<dyn Store>, clock: Arc<dyn Clock>) {
    let mut tick = tokio::time::interval(PURGE_EVERY);
    loop {
        tick.tick().await;
        let now = clock.now();
        if let Err(err) = store.purge(now, now - rate_limit::KEEP_WINDOWS_SECS).await {
            tracing::warn!(error = %err, "purging expired locations failed");
        }
    }
}
