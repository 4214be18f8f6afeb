//! Links, their files, locations, the access log and rate-limit counters (PostgreSQL).
//! Counters that must be exact across instances are single atomic statements.

use tokio_postgres::{GenericClient, Row};

use super::pool::Pool;
use crate::error::StoreError;
use crate::secrets::SaltedHash;
use crate::store::{AccessEntry, Link, NewAccess, NewFile, NewLink, StoreResult, StoredFile};

async fn insert_files<C: GenericClient>(
    c: &C,
    link_id: &str,
    files: &[NewFile],
) -> StoreResult<()> {
    let stmt = c
        .prepare("INSERT INTO link_files (link_id, idx, content_type, jwe) VALUES ($1, $2, $3, $4)")
        .await?;
    for (idx, f) in (0i64..).zip(files) {
        c.execute(&stmt, &[&link_id, &idx, &f.content_type, &f.jwe])
            .await?;
    }
    Ok(())
}

pub(super) async fn create_link(pool: &Pool, link: &NewLink) -> StoreResult<()> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute(
        "INSERT INTO links (id, management_salt, management_hash, passcode_salt, passcode_hash,
             max_attempts, failures_remaining, expires_at, direct, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9)",
        &[
            &link.id,
            &link.management.salt,
            &link.management.hash,
            &link.passcode.as_ref().map(|p| p.salt.as_str()),
            &link.passcode.as_ref().map(|p| p.hash.as_str()),
            &link.max_attempts,
            &link.expires_at,
            &link.direct,
            &link.created_at,
        ],
    )
    .await?;
    insert_files(&tx, &link.id, &link.files).await?;
    tx.commit().await?;
    Ok(())
}

fn link_from_row(r: &Row) -> Result<Link, tokio_postgres::Error> {
    let passcode = match (
        r.try_get::<_, Option<String>>(3)?,
        r.try_get::<_, Option<String>>(4)?,
    ) {
        (Some(salt), Some(hash)) => Some(SaltedHash { salt, hash }),
        _ => None,
    };
    Ok(Link {
        id: r.try_get(0)?,
        management: SaltedHash {
            salt: r.try_get(1)?,
            hash: r.try_get(2)?,
        },
        passcode,
        failures_remaining: r.try_get(5)?,
        expires_at: r.try_get(6)?,
        direct: r.try_get(7)?,
        created_at: r.try_get(8)?,
        revoked_at: r.try_get(9)?,
    })
}

pub(super) async fn link(pool: &Pool, id: &str) -> StoreResult<Option<Link>> {
    let mut client = pool.get().await?;
    let stmt = client
        .cached(
            "SELECT id, management_salt, management_hash, passcode_salt, passcode_hash,
                    failures_remaining, expires_at, direct, created_at, revoked_at
             FROM links WHERE id = $1",
        )
        .await?;
    let row = client.query_opt(&stmt, &[&id]).await?;
    Ok(row.as_ref().map(link_from_row).transpose()?)
}

pub(super) async fn replace_files(pool: &Pool, id: &str, files: &[NewFile]) -> StoreResult<()> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute("DELETE FROM file_locations WHERE link_id = $1", &[&id])
        .await?;
    tx.execute("DELETE FROM link_files WHERE link_id = $1", &[&id])
        .await?;
    insert_files(&tx, id, files).await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn revoke_link(pool: &Pool, id: &str, at: i64) -> StoreResult<()> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute(
        "UPDATE links SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
        &[&id, &at],
    )
    .await?;
    tx.execute("DELETE FROM file_locations WHERE link_id = $1", &[&id])
        .await?;
    tx.execute("DELETE FROM link_files WHERE link_id = $1", &[&id])
        .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn files(pool: &Pool, id: &str) -> StoreResult<Vec<StoredFile>> {
    let mut client = pool.get().await?;
    let stmt = client
        .cached("SELECT idx, content_type, jwe FROM link_files WHERE link_id = $1 ORDER BY idx")
        .await?;
    let rows = client.query(&stmt, &[&id]).await?;
    rows.iter()
        .map(|r| {
            Ok(StoredFile {
                index: r.try_get(0)?,
                content_type: r.try_get(1)?,
                jwe: r.try_get(2)?,
            })
        })
        .collect::<Result<_, tokio_postgres::Error>>()
        .map_err(StoreError::from)
}

pub(super) async fn spend_attempt(pool: &Pool, id: &str) -> StoreResult<Option<i64>> {
    let mut client = pool.get().await?;
    let stmt = client
        .cached(
            "UPDATE links SET failures_remaining = failures_remaining - 1
             WHERE id = $1 AND failures_remaining > 0
             RETURNING failures_remaining",
        )
        .await?;
    let row = client.query_opt(&stmt, &[&id]).await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

pub(super) async fn add_location(
    pool: &Pool,
    key: &str,
    link_id: &str,
    file_index: i64,
    expires_at: i64,
) -> StoreResult<()> {
    let mut client = pool.get().await?;
    let stmt = client
        .cached(
            "INSERT INTO file_locations (key, link_id, file_index, expires_at)
             VALUES ($1, $2, $3, $4)",
        )
        .await?;
    client
        .execute(&stmt, &[&key, &link_id, &file_index, &expires_at])
        .await?;
    Ok(())
}

pub(super) async fn file_at_location(
    pool: &Pool,
    key: &str,
    now: i64,
) -> StoreResult<Option<String>> {
    let mut client = pool.get().await?;
    let stmt = client
        .cached(
            "SELECT f.jwe FROM file_locations t
             JOIN links l ON l.id = t.link_id
             JOIN link_files f ON f.link_id = t.link_id AND f.idx = t.file_index
             WHERE t.key = $1 AND t.expires_at > $2
               AND l.revoked_at IS NULL
               AND (l.expires_at IS NULL OR l.expires_at > $2)
               AND (l.passcode_hash IS NULL OR l.failures_remaining > 0)",
        )
        .await?;
    let row = client.query_opt(&stmt, &[&key, &now]).await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

pub(super) async fn append_access(pool: &Pool, e: &NewAccess) -> StoreResult<i64> {
    let mut client = pool.get().await?;
    // One statement: the per-link counter and the line move together.
    let stmt = client
        .cached(
            "WITH s AS (UPDATE links SET log_seq = log_seq + 1 WHERE id = $1 RETURNING log_seq)
             INSERT INTO access_log (link_id, seq, at, recipient, outcome, address)
             SELECT $1, log_seq, $2, $3, $4, $5 FROM s
             RETURNING seq",
        )
        .await?;
    let row = client
        .query_opt(
            &stmt,
            &[
                &e.link_id,
                &e.at,
                &e.recipient,
                &e.outcome.as_str(),
                &e.address,
            ],
        )
        .await?;
    match row {
        Some(r) => Ok(r.try_get(0)?),
        None => Err(StoreError::Corrupt(
            "an access-log line for a link that does not exist".into(),
        )),
    }
}

pub(super) async fn access_log(
    pool: &Pool,
    link_id: &str,
    after: i64,
    limit: i64,
) -> StoreResult<Vec<AccessEntry>> {
    let mut client = pool.get().await?;
    let stmt = client
        .cached(
            "SELECT seq, at, recipient, outcome, address FROM access_log
             WHERE link_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        )
        .await?;
    let rows = client.query(&stmt, &[&link_id, &after, &limit]).await?;
    rows.iter()
        .map(|r| {
            Ok(AccessEntry {
                seq: r.try_get(0)?,
                at: r.try_get(1)?,
                recipient: r.try_get(2)?,
                outcome: r.try_get(3)?,
                address: r.try_get(4)?,
            })
        })
        .collect::<Result<_, tokio_postgres::Error>>()
        .map_err(StoreError::from)
}

pub(super) async fn count_hit(pool: &Pool, key: &str, window_start: i64) -> StoreResult<i64> {
    let mut client = pool.get().await?;
    let stmt = client
        .cached(
            "INSERT INTO rate_counters (key, window_start, hits) VALUES ($1, $2, 1)
             ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_counters.hits + 1
             RETURNING hits",
        )
        .await?;
    let row = client.query_one(&stmt, &[&key, &window_start]).await?;
    Ok(row.try_get(0)?)
}

pub(super) async fn purge(pool: &Pool, now: i64, before: i64) -> StoreResult<()> {
    let client = pool.get().await?;
    client
        .execute("DELETE FROM file_locations WHERE expires_at <= $1", &[&now])
        .await?;
    client
        .execute(
            "DELETE FROM rate_counters WHERE window_start < $1",
            &[&before],
        )
        .await?;
    Ok(())
}
