//! The PostgreSQL schema, created by the relay on start: idempotent and versioned.
//! Several instances may start at once against one database: the migration runs in one
//! transaction under a transaction-scoped advisory lock, so exactly one applies each
//! step and the others then find the schema current.

use super::pool::Pool;
use crate::error::StoreError;

/// Step `i` takes the schema from version `i` to `i + 1`.
const STEPS: &[&str] = &[include_str!("schema.sql")];

/// The version this build writes.
const VERSION: i64 = STEPS.len() as i64;

/// Any fixed number, shared by every relay instance: the advisory lock's key.
const MIGRATION_LOCK: i64 = 0x7068_7252_656c_6179; // "phrRelay"

pub(super) async fn migrate(pool: &Pool) -> Result<(), StoreError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS relay_schema (
             only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
             version  BIGINT NOT NULL
         )",
    )
    .await?;
    let found: i64 = match tx
        .query_opt("SELECT version FROM relay_schema", &[])
        .await?
    {
        Some(row) => row.try_get(0)?,
        None => 0,
    };
    if found > VERSION {
        return Err(StoreError::SchemaTooNew {
            found,
            known: VERSION,
        });
    }
    for step in STEPS.iter().skip(usize::try_from(found).unwrap_or(0)) {
        tx.batch_execute(step).await?;
    }
    tx.execute(
        "INSERT INTO relay_schema (only_row, version) VALUES (TRUE, $1)
         ON CONFLICT (only_row) DO UPDATE SET version = EXCLUDED.version",
        &[&VERSION],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
