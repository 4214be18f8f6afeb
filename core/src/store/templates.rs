//! Module templates stored in the record, beside the shipped ones, so that new modules
//! are added as data.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::codec::{from_json, to_json};
use super::error::StoreResult;
use crate::model::ModuleTemplate;
use crate::model::modules::{builtin_template, builtin_templates};

/// The shipped or stored template with this id and version.
pub fn find(conn: &Connection, id: &str, version: u32) -> StoreResult<Option<ModuleTemplate>> {
    if let Some(t) = builtin_template(id).filter(|t| t.version == version) {
        return Ok(Some(t));
    }
    let stored: Option<String> = conn
        .prepare_cached("SELECT template FROM module_templates WHERE id = ?1 AND version = ?2")?
        .query_row(params![id, version], |r| r.get(0))
        .optional()?;
    stored.map(|s| from_json(&s)).transpose()
}

/// Stores a template (the caller has checked it is new and valid).
pub fn insert(tx: &Transaction<'_>, template: &ModuleTemplate) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO module_templates (id, version, template) VALUES (?1, ?2, ?3)",
        params![template.id, template.version, to_json(template)?],
    )?;
    Ok(())
}

/// Every template the record knows: shipped ones, then stored ones.
pub fn all(conn: &Connection) -> StoreResult<Vec<ModuleTemplate>> {
    let mut all = builtin_templates();
    let mut stmt =
        conn.prepare_cached("SELECT template FROM module_templates ORDER BY id, version")?;
    for json in stmt.query_map([], |r| r.get::<_, String>(0))? {
        all.push(from_json(&json?)?);
    }
    Ok(all)
}
