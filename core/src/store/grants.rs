//! The `grants` and `grant_views` tables (schema version 7): what the person shares with
//! whom through which link, and who looked.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::codec::{from_millis, millis};
use super::error::{StoreError, StoreResult};

/// A grant as stored. The scope is JSON (the export scope the use case reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRow {
    /// Its id.
    pub id: String,
    /// Who it is for, as the person named them.
    pub recipient: String,
    /// What kind of recipient (`gp_practice`, `carer` ...).
    pub recipient_kind: String,
    /// What it shares, as JSON.
    pub scope: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it ends; `None` for a long-term grant.
    pub expires_at: Option<DateTime<Utc>>,
    /// When the person revoked it.
    pub revoked_at: Option<DateTime<Utc>>,
    /// The relay's base URL.
    pub relay_url: String,
    /// The link's id at the relay.
    pub link_id: String,
    /// The manifest URL.
    pub manifest_url: String,
    /// The secret that manages the link.
    pub management_token: String,
    /// The link's key, base64url.
    pub link_key: String,
    /// The passcode, if the link has one (kept so the person can tell it again).
    pub passcode: Option<String>,
    /// The link's label.
    pub label: String,
    /// What the files held when last uploaded (a hash), to know when to refresh.
    pub content_hash: String,
    /// When the files were last uploaded.
    pub refreshed_at: DateTime<Utc>,
    /// The last access-log line pulled back.
    pub log_seq: i64,
}

/// One request for a grant's link, as the relay logged it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantViewRow {
    /// The grant.
    pub grant_id: String,
    /// Its place in the relay's log.
    pub seq: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who said they were.
    pub recipient: String,
    /// `ok`, `wrong_passcode`, `locked`, `inactive` or `rate_limited`.
    pub outcome: String,
    /// Where the request came from.
    pub address: Option<String>,
}

const COLUMNS: &str =
    "id, recipient, recipient_kind, scope, created_at_ms, expires_at_ms, revoked_at_ms,
    relay_url, link_id, manifest_url, management_token, link_key, passcode, label, content_hash,
    refreshed_at_ms, log_seq";

fn row(r: &Row<'_>) -> rusqlite::Result<(GrantRow, [Option<i64>; 4])> {
    Ok((
        GrantRow {
            id: r.get(0)?,
            recipient: r.get(1)?,
            recipient_kind: r.get(2)?,
            scope: r.get(3)?,
            created_at: DateTime::UNIX_EPOCH,
            expires_at: None,
            revoked_at: None,
            relay_url: r.get(7)?,
            link_id: r.get(8)?,
            manifest_url: r.get(9)?,
            management_token: r.get(10)?,
            link_key: r.get(11)?,
            passcode: r.get(12)?,
            label: r.get(13)?,
            content_hash: r.get(14)?,
            refreshed_at: DateTime::UNIX_EPOCH,
            log_seq: r.get(16)?,
        },
        [r.get(4)?, r.get(5)?, r.get(6)?, r.get(15)?],
    ))
}

fn decode(
    (mut g, [created, expires, revoked, refreshed]): (GrantRow, [Option<i64>; 4]),
) -> StoreResult<GrantRow> {
    g.created_at = from_millis(created.unwrap_or_default())?;
    g.expires_at = expires.map(from_millis).transpose()?;
    g.revoked_at = revoked.map(from_millis).transpose()?;
    g.refreshed_at = from_millis(refreshed.unwrap_or_default())?;
    Ok(g)
}

/// Stores a new grant.
pub fn insert(tx: &Transaction<'_>, g: &GrantRow) -> StoreResult<()> {
    tx.execute(
        &format!("INSERT INTO grants ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"),
        params![
            g.id,
            g.recipient,
            g.recipient_kind,
            g.scope,
            millis(g.created_at),
            g.expires_at.map(millis),
            g.revoked_at.map(millis),
            g.relay_url,
            g.link_id,
            g.manifest_url,
            g.management_token,
            g.link_key,
            g.passcode,
            g.label,
            g.content_hash,
            millis(g.refreshed_at),
            g.log_seq,
        ],
    )?;
    Ok(())
}

/// One grant by id, or by a unique prefix of at least four characters.
pub fn get(conn: &Connection, id: &str) -> StoreResult<GrantRow> {
    let id = id.trim();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM grants WHERE id = ?1 OR (length(?1) >= 4 AND id LIKE ?1 || '%') LIMIT 2"
    ))?;
    let found = stmt.query_map([id], row)?.collect::<Result<Vec<_>, _>>()?;
    match <[_; 1]>::try_from(found) {
        Ok([one]) => decode(one),
        Err(found) if found.is_empty() => Err(StoreError::NotFound(format!("share {id}"))),
        Err(_) => Err(StoreError::NotFound(format!(
            "share {id} (more than one share starts with it; give more of the id)"
        ))),
    }
}

/// Every grant, newest first.
pub fn all(conn: &Connection) -> StoreResult<Vec<GrantRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM grants ORDER BY created_at_ms DESC, id"
    ))?;
    let rows = stmt.query_map([], row)?.collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(decode).collect()
}

/// Marks a grant revoked.
pub fn set_revoked(tx: &Transaction<'_>, id: &str, at: DateTime<Utc>) -> StoreResult<()> {
    tx.execute(
        "UPDATE grants SET revoked_at_ms = ?2 WHERE id = ?1",
        params![id, millis(at)],
    )?;
    Ok(())
}

/// Records that the link's files were uploaded again.
pub fn set_refreshed(
    tx: &Transaction<'_>,
    id: &str,
    content_hash: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    tx.execute(
        "UPDATE grants SET content_hash = ?2, refreshed_at_ms = ?3 WHERE id = ?1",
        params![id, content_hash, millis(at)],
    )?;
    Ok(())
}

/// Adds access-log lines pulled back from the relay (a line seen before is ignored) and
/// moves the grant's log position on. Returns the lines that were new.
pub fn add_views(
    tx: &Transaction<'_>,
    grant_id: &str,
    views: &[GrantViewRow],
) -> StoreResult<Vec<GrantViewRow>> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO grant_views (grant_id, seq, at_ms, recipient, outcome, address)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut new = Vec::new();
    for v in views {
        let added = insert.execute(params![
            grant_id,
            v.seq,
            millis(v.at),
            v.recipient,
            v.outcome,
            v.address
        ])?;
        if added > 0 {
            new.push(v.clone());
        }
    }
    if let Some(last) = views.iter().map(|v| v.seq).max() {
        tx.execute(
            "UPDATE grants SET log_seq = max(log_seq, ?2) WHERE id = ?1",
            params![grant_id, last],
        )?;
    }
    Ok(new)
}

/// A grant's access log, oldest first.
pub fn views(conn: &Connection, grant_id: &str) -> StoreResult<Vec<GrantViewRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT grant_id, seq, at_ms, recipient, outcome, address FROM grant_views
         WHERE grant_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([grant_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(grant_id, seq, at, recipient, outcome, address)| {
            Ok(GrantViewRow {
                grant_id,
                seq,
                at: from_millis(at)?,
                recipient,
                outcome,
                address,
            })
        })
        .collect()
}

/// Whether any grant exists (the record has shared something).
pub fn any(conn: &Connection) -> StoreResult<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM grants LIMIT 1", [], |_| Ok(()))
        .optional()?
        .is_some())
}
