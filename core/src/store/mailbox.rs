//! The `message_contacts`, `message_transport` and `write_grants` tables (schema
//! version 7): who messages can go to (their relay, mailbox and public key), which relay
//! message each stored message is, so receipts and replies find it, and which contact
//! may fill in which optional module.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::codec::{from_millis, millis};
use super::error::{StoreError, StoreResult};

/// A contact messages can go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRow {
    /// Their name, as on their card.
    pub name: String,
    /// Their relay's base URL.
    pub relay_url: String,
    /// Their mailbox id.
    pub mailbox_id: String,
    /// Their public key, base64url.
    pub public_key: String,
    /// When the person added them.
    pub added_at: DateTime<Utc>,
}

/// How names are matched: spaces collapsed, case ignored (as the outbox matches a
/// request's recipient).
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Adds a contact, or replaces the one with the same name (a practice's new card).
pub fn put_contact(tx: &Transaction<'_>, c: &ContactRow) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO message_contacts (name_key, name, relay_url, mailbox_id, public_key, added_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(name_key) DO UPDATE SET name = ?2, relay_url = ?3, mailbox_id = ?4,
             public_key = ?5, added_at_ms = ?6",
        params![
            name_key(&c.name),
            c.name.trim(),
            c.relay_url,
            c.mailbox_id,
            c.public_key,
            millis(c.added_at)
        ],
    )?;
    Ok(())
}

fn decode(r: &rusqlite::Row<'_>) -> rusqlite::Result<(ContactRow, i64)> {
    Ok((
        ContactRow {
            name: r.get(0)?,
            relay_url: r.get(1)?,
            mailbox_id: r.get(2)?,
            public_key: r.get(3)?,
            added_at: DateTime::UNIX_EPOCH,
        },
        r.get(4)?,
    ))
}

fn finish((mut c, at): (ContactRow, i64)) -> StoreResult<ContactRow> {
    c.added_at = from_millis(at)?;
    Ok(c)
}

const COLUMNS: &str = "name, relay_url, mailbox_id, public_key, added_at_ms";

/// The contact with this name, if any.
pub fn contact(conn: &Connection, name: &str) -> StoreResult<Option<ContactRow>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM message_contacts WHERE name_key = ?1"
    ))?
    .query_row([name_key(name)], decode)
    .optional()?
    .map(finish)
    .transpose()
}

/// The contact whose public key this is, if any.
pub fn contact_by_key(conn: &Connection, public_key: &str) -> StoreResult<Option<ContactRow>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM message_contacts WHERE public_key = ?1 LIMIT 1"
    ))?
    .query_row([public_key], decode)
    .optional()?
    .map(finish)
    .transpose()
}

/// Every contact, by name.
pub fn contacts(conn: &Connection) -> StoreResult<Vec<ContactRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM message_contacts ORDER BY name_key"
    ))?;
    let rows = stmt.query_map([], decode)?.collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(finish).collect()
}

/// Removes a contact. Unknown is [`StoreError::NotFound`].
pub fn remove_contact(tx: &Transaction<'_>, name: &str) -> StoreResult<()> {
    let n = tx.execute(
        "DELETE FROM message_contacts WHERE name_key = ?1",
        [name_key(name)],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("contact {name}")));
    }
    Ok(())
}

/// Records that stored message `message_id` is relay message `relay_id`.
pub fn link(tx: &Transaction<'_>, message_id: i64, relay_id: &str) -> StoreResult<()> {
    tx.execute(
        "INSERT OR IGNORE INTO message_transport (message_id, relay_message_id) VALUES (?1, ?2)",
        params![message_id, relay_id],
    )?;
    Ok(())
}

/// The stored message that is relay message `relay_id`.
pub fn message_for(conn: &Connection, relay_id: &str) -> StoreResult<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT message_id FROM message_transport WHERE relay_message_id = ?1")?
        .query_row([relay_id], |r| r.get(0))
        .optional()?)
}

/// The relay message that stored message `message_id` is.
pub fn relay_id_of(conn: &Connection, message_id: i64) -> StoreResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT relay_message_id FROM message_transport WHERE message_id = ?1")?
        .query_row([message_id], |r| r.get(0))
        .optional()?)
}

/// Received messages the person has read whose read receipt has not gone yet.
pub fn reads_to_send(conn: &Connection) -> StoreResult<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.message_id, t.relay_message_id FROM message_transport t
         JOIN messages m ON m.id = t.message_id
         WHERE m.direction = 'inbound' AND m.state = 'read' AND t.read_sent = 0",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Records that the read receipt of `message_id` went.
pub fn set_read_sent(tx: &Transaction<'_>, message_id: i64) -> StoreResult<()> {
    tx.execute(
        "UPDATE message_transport SET read_sent = 1 WHERE message_id = ?1",
        [message_id],
    )?;
    Ok(())
}

/// A contact's leave to fill in one optional module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteGrantRow {
    /// Its id.
    pub id: String,
    /// The contact's name.
    pub contact_name: String,
    /// The module template they may fill in.
    pub template_id: String,
    /// When it was given.
    pub created_at: DateTime<Utc>,
    /// When it ends.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was withdrawn.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Stores a write grant.
pub fn put_write_grant(tx: &Transaction<'_>, g: &WriteGrantRow) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO write_grants (id, contact_key, contact_name, template_id, created_at_ms,
             expires_at_ms, revoked_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            g.id,
            name_key(&g.contact_name),
            g.contact_name.trim(),
            g.template_id,
            millis(g.created_at),
            g.expires_at.map(millis),
            g.revoked_at.map(millis)
        ],
    )?;
    Ok(())
}

type WriteGrantCols = (String, String, String, i64, Option<i64>, Option<i64>);

fn write_grant_of(
    (id, contact_name, template_id, c, e, r): WriteGrantCols,
) -> StoreResult<WriteGrantRow> {
    Ok(WriteGrantRow {
        id,
        contact_name,
        template_id,
        created_at: from_millis(c)?,
        expires_at: e.map(from_millis).transpose()?,
        revoked_at: r.map(from_millis).transpose()?,
    })
}

/// Every write grant, newest first.
pub fn write_grants(conn: &Connection) -> StoreResult<Vec<WriteGrantRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, contact_name, template_id, created_at_ms, expires_at_ms, revoked_at_ms
         FROM write_grants ORDER BY created_at_ms DESC, id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<Result<Vec<WriteGrantCols>, _>>()?;
    rows.into_iter().map(write_grant_of).collect()
}

/// Marks a write grant withdrawn (by id or a unique prefix of at least four characters).
pub fn revoke_write_grant(
    tx: &Transaction<'_>,
    id: &str,
    at: DateTime<Utc>,
) -> StoreResult<String> {
    let id = id.trim();
    let found: Vec<String> = write_grants(tx)?
        .into_iter()
        .filter(|g| g.id == id || (id.len() >= 4 && g.id.starts_with(id)))
        .map(|g| g.id)
        .collect();
    let [one] = found.as_slice() else {
        return Err(StoreError::NotFound(format!("write grant {id}")));
    };
    tx.execute(
        "UPDATE write_grants SET revoked_at_ms = ?2 WHERE id = ?1 AND revoked_at_ms IS NULL",
        params![one, millis(at)],
    )?;
    Ok(one.clone())
}
