//! Links, their files, locations, the access log and rate-limit counters (SQLite).

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::secrets::SaltedHash;
use crate::store::{AccessEntry, Link, NewAccess, NewFile, NewLink, StoredFile};

pub(super) fn create_link(conn: &mut Connection, link: &NewLink) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO links (id, management_salt, management_hash, passcode_salt, passcode_hash,
             max_attempts, failures_remaining, expires_at, direct, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9)",
        params![
            link.id,
            link.management.salt,
            link.management.hash,
            link.passcode.as_ref().map(|p| &p.salt),
            link.passcode.as_ref().map(|p| &p.hash),
            link.max_attempts,
            link.expires_at,
            link.direct,
            link.created_at,
        ],
    )?;
    insert_files(&tx, &link.id, &link.files)?;
    tx.commit()
}

fn insert_files(conn: &Connection, link_id: &str, files: &[NewFile]) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(
        "INSERT INTO link_files (link_id, idx, content_type, jwe) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (idx, f) in (0i64..).zip(files) {
        stmt.execute(params![link_id, idx, f.content_type, f.jwe])?;
    }
    Ok(())
}

fn link_from_row(r: &Row<'_>) -> rusqlite::Result<Link> {
    let passcode = match (
        r.get::<_, Option<String>>(3)?,
        r.get::<_, Option<String>>(4)?,
    ) {
        (Some(salt), Some(hash)) => Some(SaltedHash { salt, hash }),
        _ => None,
    };
    Ok(Link {
        id: r.get(0)?,
        management: SaltedHash {
            salt: r.get(1)?,
            hash: r.get(2)?,
        },
        passcode,
        failures_remaining: r.get(5)?,
        expires_at: r.get(6)?,
        direct: r.get(7)?,
        created_at: r.get(8)?,
        revoked_at: r.get(9)?,
    })
}

pub(super) fn link(conn: &Connection, id: &str) -> rusqlite::Result<Option<Link>> {
    conn.query_row(
        "SELECT id, management_salt, management_hash, passcode_salt, passcode_hash,
                failures_remaining, expires_at, direct, created_at, revoked_at
         FROM links WHERE id = ?1",
        [id],
        link_from_row,
    )
    .optional()
}

pub(super) fn replace_files(
    conn: &mut Connection,
    id: &str,
    files: &[NewFile],
) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM file_locations WHERE link_id = ?1", [id])?;
    tx.execute("DELETE FROM link_files WHERE link_id = ?1", [id])?;
    insert_files(&tx, id, files)?;
    tx.commit()
}

pub(super) fn revoke_link(conn: &mut Connection, id: &str, at: i64) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE links SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
        params![id, at],
    )?;
    tx.execute("DELETE FROM file_locations WHERE link_id = ?1", [id])?;
    tx.execute("DELETE FROM link_files WHERE link_id = ?1", [id])?;
    tx.commit()
}

pub(super) fn files(conn: &Connection, id: &str) -> rusqlite::Result<Vec<StoredFile>> {
    let mut stmt = conn.prepare_cached(
        "SELECT idx, content_type, jwe FROM link_files WHERE link_id = ?1 ORDER BY idx",
    )?;
    stmt.query_map([id], |r| {
        Ok(StoredFile {
            index: r.get(0)?,
            content_type: r.get(1)?,
            jwe: r.get(2)?,
        })
    })?
    .collect()
}

pub(super) fn spend_attempt(conn: &Connection, id: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "UPDATE links SET failures_remaining = failures_remaining - 1
         WHERE id = ?1 AND failures_remaining > 0
         RETURNING failures_remaining",
        [id],
        |r| r.get(0),
    )
    .optional()
}

pub(super) fn add_location(
    conn: &Connection,
    key: &str,
    link_id: &str,
    file_index: i64,
    expires_at: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO file_locations (key, link_id, file_index, expires_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![key, link_id, file_index, expires_at])?;
    Ok(())
}

pub(super) fn file_at_location(
    conn: &Connection,
    key: &str,
    now: i64,
) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached(
        "SELECT f.jwe FROM file_locations t
         JOIN links l ON l.id = t.link_id
         JOIN link_files f ON f.link_id = t.link_id AND f.idx = t.file_index
         WHERE t.key = ?1 AND t.expires_at > ?2
           AND l.revoked_at IS NULL
           AND (l.expires_at IS NULL OR l.expires_at > ?2)
           AND (l.passcode_hash IS NULL OR l.failures_remaining > 0)",
    )?
    .query_row(params![key, now], |r| r.get(0))
    .optional()
}

pub(super) fn append_access(conn: &mut Connection, e: &NewAccess) -> rusqlite::Result<i64> {
    let tx = conn.transaction()?;
    let seq: i64 = tx.query_row(
        "UPDATE links SET log_seq = log_seq + 1 WHERE id = ?1 RETURNING log_seq",
        [&e.link_id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO access_log (link_id, seq, at, recipient, outcome, address)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            e.link_id,
            seq,
            e.at,
            e.recipient,
            e.outcome.as_str(),
            e.address
        ],
    )?;
    tx.commit()?;
    Ok(seq)
}

pub(super) fn access_log(
    conn: &Connection,
    link_id: &str,
    after: i64,
    limit: i64,
) -> rusqlite::Result<Vec<AccessEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, at, recipient, outcome, address FROM access_log
         WHERE link_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
    )?;
    stmt.query_map(params![link_id, after, limit], |r| {
        Ok(AccessEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            recipient: r.get(2)?,
            outcome: r.get(3)?,
            address: r.get(4)?,
        })
    })?
    .collect()
}

pub(super) fn count_hit(conn: &Connection, key: &str, window_start: i64) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO rate_counters (key, window_start, hits) VALUES (?1, ?2, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET hits = hits + 1
         RETURNING hits",
    )?
    .query_row(params![key, window_start], |r| r.get(0))
}

pub(super) fn purge(conn: &mut Connection, now: i64, before: i64) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM file_locations WHERE expires_at <= ?1", [now])?;
    tx.execute(
        "DELETE FROM rate_counters WHERE window_start < ?1",
        [before],
    )?;
    tx.commit()
}
