//! How a relay is configured: where it listens, which database, the public URL it
//! writes into links, its clock and its rate limits.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use crate::clock::{Clock, SystemClock};
use crate::error::RelayError;
use crate::store::DEFAULT_POOL_SIZE;

/// The longest public base URL accepted: a manifest URL is the base plus `/m/` and a
/// 43-character id, and the SHL specification caps `url` at 128 characters.
pub const MAX_PUBLIC_URL: usize = 128 - 3 - 43;

/// Which database holds the relay's state.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file (one relay instance).
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (any number of instances sharing it).
    Postgres(String),
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Database::Sqlite(p) => f.debug_tuple("Sqlite").field(p).finish(),
            // A PostgreSQL URL may carry a password: never print it.
            Database::Postgres(_) => f.write_str("Postgres(..)"),
        }
    }
}

impl Database {
    /// Parses `sqlite://PATH` (`sqlite:///abs/path` or `sqlite://relative/path`),
    /// `postgres://user@host:port/db` or `postgresql://...`.
    pub fn parse(url: &str) -> Result<Self, RelayError> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(RelayError::DatabaseUrl(url.to_owned()));
            }
            Ok(Database::Sqlite(PathBuf::from(path)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Database::Postgres(url.to_owned()))
        } else {
            // Not echoed whole: it might be a mistyped URL with a password in it.
            let scheme = url.split_once("://").map_or("", |(s, _)| s);
            Err(RelayError::DatabaseUrl(format!("{scheme}://...")))
        }
    }
}

/// At most `max` requests per `per_secs` seconds (a fixed window counted in the
/// database, so every instance sees the same count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Requests allowed per window.
    pub max: i64,
    /// Window length in seconds.
    pub per_secs: i64,
}

impl Rate {
    /// `max` requests per minute.
    pub const fn per_minute(max: i64) -> Self {
        Self { max, per_secs: 60 }
    }

    /// `max` requests per hour.
    pub const fn per_hour(max: i64) -> Self {
        Self {
            max,
            per_secs: 3600,
        }
    }
}

/// The relay's rate limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// `POST /links` per client address.
    pub create_link_per_address: Rate,
    /// `POST /mailboxes` per client address.
    pub create_mailbox_per_address: Rate,
    /// Manifest requests (POST or direct GET) per link.
    pub manifest_per_link: Rate,
    /// Manifest requests per client address.
    pub manifest_per_address: Rate,
    /// `GET /f/{token}` per client address.
    pub file_per_address: Rate,
    /// Messages sent per sender mailbox.
    pub message_per_sender: Rate,
    /// Messages received per recipient mailbox.
    pub message_per_recipient: Rate,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            create_link_per_address: Rate::per_hour(60),
            create_mailbox_per_address: Rate::per_hour(30),
            manifest_per_link: Rate::per_minute(30),
            manifest_per_address: Rate::per_minute(60),
            file_per_address: Rate::per_minute(240),
            message_per_sender: Rate::per_minute(60),
            message_per_recipient: Rate::per_minute(120),
        }
    }
}

impl Limits {
    /// Limits high enough never to be reached (tests and benchmarks that are not about
    /// rate limiting).
    pub fn unlimited() -> Self {
        let r = Rate::per_minute(i64::MAX / 2);
        Self {
            create_link_per_address: r,
            create_mailbox_per_address: r,
            manifest_per_link: r,
            manifest_per_address: r,
            file_per_address: r,
            message_per_sender: r,
            message_per_recipient: r,
        }
    }
}

/// Everything [`crate::serve`] needs.
#[derive(Clone)]
pub struct RelayConfig {
    /// Address and port to listen on (port 0 picks a free one).
    pub listen: SocketAddr,
    /// The database.
    pub database: Database,
    /// Base URL written into links (`PUBLIC`); `None` means `http://ADDR:PORT` of the
    /// bound socket.
    pub public_url: Option<String>,
    /// Where the time comes from.
    pub clock: Arc<dyn Clock>,
    /// Rate limits.
    pub limits: Limits,
    /// Take the client address from the last `X-Forwarded-For` entry (only behind a
    /// load balancer that sets it; otherwise clients could choose their address).
    pub trust_forwarded_for: bool,
    /// PostgreSQL connections per instance.
    pub pool_size: usize,
}

impl std::fmt::Debug for RelayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelayConfig")
            .field("listen", &self.listen)
            .field("database", &self.database)
            .field("public_url", &self.public_url)
            .field("limits", &self.limits)
            .field("trust_forwarded_for", &self.trust_forwarded_for)
            .field("pool_size", &self.pool_size)
            .finish_non_exhaustive()
    }
}

impl RelayConfig {
    /// The configuration `phr relay serve --listen ADDR:PORT --db URL [--public-url URL]`
    /// means: the system clock and the default limits.
    pub fn new(listen: &str, db_url: &str, public_url: Option<&str>) -> Result<Self, RelayError> {
        let listen: SocketAddr = listen
            .parse()
            .map_err(|_| RelayError::ListenAddress(listen.to_owned()))?;
        let database = Database::parse(db_url)?;
        let public_url = public_url.map(normalise_public_url).transpose()?;
        Ok(Self {
            listen,
            database,
            public_url,
            clock: Arc::new(SystemClock),
            limits: Limits::default(),
            trust_forwarded_for: false,
            pool_size: DEFAULT_POOL_SIZE,
        })
    }
}

/// Checks a public base URL and drops a trailing `/`.
pub(crate) fn normalise_public_url(url: &str) -> Result<String, RelayError> {
    let trimmed = url.trim_end_matches('/');
    let ok_scheme = trimmed.starts_with("https://") || trimmed.starts_with("http://");
    if !ok_scheme || trimmed.len() > MAX_PUBLIC_URL || trimmed.contains(['#', '?', ' ']) {
        return Err(RelayError::PublicUrl(url.to_owned()));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_name_their_backend() {
        assert_eq!(
            Database::parse("sqlite:///var/lib/relay.db").ok(),
            Some(Database::Sqlite(PathBuf::from("/var/lib/relay.db")))
        );
        assert!(matches!(
            Database::parse("postgresql://relay@127.0.0.1:5432/relay"),
            Ok(Database::Postgres(_))
        ));
        assert!(Database::parse("mysql://x").is_err());
        assert!(Database::parse("sqlite://").is_err());
    }

    #[test]
    fn a_public_url_leaves_room_for_the_manifest_path_within_128_characters() {
        assert_eq!(
            normalise_public_url("https://relay.example.org/")
                .ok()
                .as_deref(),
            Some("https://relay.example.org")
        );
        let long = format!("https://{}", "a".repeat(MAX_PUBLIC_URL));
        assert!(normalise_public_url(&long).is_err());
        assert!(normalise_public_url("ftp://x").is_err());
    }
}
