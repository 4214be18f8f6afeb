//! The SQLite schema: one step per version, applied in one IMMEDIATE transaction, the
//! version kept in `PRAGMA user_version`.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::StoreError;

/// Step `i` takes the schema from version `i` to `i + 1`.
const STEPS: &[&str] = &[include_str!("schema.sql")];

/// The version this build writes.
pub(super) const VERSION: i64 = STEPS.len() as i64;

/// Brings the database up to [`VERSION`]; refuses a newer one.
pub(super) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > VERSION {
        return Err(StoreError::SchemaTooNew {
            found,
            known: VERSION,
        });
    }
    for step in STEPS.iter().skip(usize::try_from(found).unwrap_or(0)) {
        tx.execute_batch(step)?;
    }
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()?;
    Ok(())
}
