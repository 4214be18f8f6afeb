//! The FHIR imports ledger (`fhir_imports`): one row per resource (or part of one) an
//! import has seen, keyed like entries are (`entries::source_key`: the system and the
//! resource's type and id). A row says what the resource became: an entry, with a hash
//! of each field as the import last wrote it (so a re-import can tell the person's own
//! changes from its own); a reading; a statement that there is nothing to record ("no
//! known allergies"); or a resource kept as its exact JSON because the record does not
//! map it, with the reason. The rows never hold what the person wrote.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::codec::millis;
use super::error::{StoreError, StoreResult};
use crate::model::{EntryId, Viewer, Visibility};

/// What an imported resource became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportedAs {
    /// An entry of the record.
    Entry,
    /// A reading.
    Reading,
    /// A statement that there is none ("no known allergies"), for the IPS section named
    /// in [`ImportRow::section`].
    Negation,
    /// Kept as JSON, not mapped into the record (see [`ImportRow::reason`]).
    Kept,
}

impl ImportedAs {
    fn code(self) -> i64 {
        match self {
            Self::Entry => 1,
            Self::Reading => 2,
            Self::Negation => 3,
            Self::Kept => 4,
        }
    }

    fn from_code(code: i64) -> StoreResult<Self> {
        Ok(match code {
            1 => Self::Entry,
            2 => Self::Reading,
            3 => Self::Negation,
            4 => Self::Kept,
            other => {
                return Err(StoreError::Corrupt {
                    reason: format!("unknown import outcome {other}"),
                });
            }
        })
    }
}

/// One row of the ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    /// `system|Type/id`, with `#part` for a part of a resource (a Patient's contacts).
    pub source_key: String,
    /// The resource type.
    pub resource_type: String,
    /// `meta.versionId`, when the resource had one.
    pub version: Option<String>,
    /// The version of the mapping that read it.
    pub mapping_version: u32,
    /// What it became.
    pub outcome: ImportedAs,
    /// The entry, for [`ImportedAs::Entry`].
    pub entry_id: Option<EntryId>,
    /// The reading, for [`ImportedAs::Reading`].
    pub reading_id: Option<i64>,
    /// For an entry: each field's hash as the import last wrote it (JSON object).
    pub fields: Option<String>,
    /// Why it was kept and not mapped, or what was reported about it.
    pub reason: Option<String>,
    /// For a negation: the IPS section it speaks for (`problems`, `allergies`,
    /// `medication`).
    pub section: Option<String>,
    /// For a negation: who may see it.
    pub visibility: Option<Visibility>,
    /// For a kept resource or a negation: the resource's exact JSON.
    pub raw: Option<String>,
}

const COLUMNS: &str = "source_key, resource_type, version, mapping_version, outcome, entry_id,
    reading_id, fields, reason, section, visibility, raw";

fn row_of(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<(ImportRow, i64, Option<String>, Option<String>)> {
    Ok((
        ImportRow {
            source_key: r.get(0)?,
            resource_type: r.get(1)?,
            version: r.get(2)?,
            mapping_version: r.get(3)?,
            outcome: ImportedAs::Kept,
            entry_id: None,
            reading_id: r.get(6)?,
            fields: r.get(7)?,
            reason: r.get(8)?,
            section: r.get(9)?,
            visibility: None,
            raw: r.get(11)?,
        },
        r.get(4)?,
        r.get(5)?,
        r.get(10)?,
    ))
}

fn decode(
    (mut row, outcome, entry, visibility): (ImportRow, i64, Option<String>, Option<String>),
) -> StoreResult<ImportRow> {
    row.outcome = ImportedAs::from_code(outcome)?;
    row.entry_id = entry
        .map(|id| id.parse())
        .transpose()
        .map_err(|_| StoreError::Corrupt {
            reason: "an import's entry id is unreadable".into(),
        })?;
    row.visibility =
        visibility
            .map(|v| v.parse())
            .transpose()
            .map_err(|_| StoreError::Corrupt {
                reason: "an import's visibility is unreadable".into(),
            })?;
    Ok(row)
}

/// The row for a source key.
pub fn get(conn: &Connection, source_key: &str) -> StoreResult<Option<ImportRow>> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM fhir_imports WHERE source_key = ?1"
        ))?
        .query_row([source_key], row_of)
        .optional()?;
    row.map(decode).transpose()
}

/// Writes a row (insert or replace), keeping when it was first imported.
pub fn put(tx: &Transaction<'_>, row: &ImportRow, now: DateTime<Utc>) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO fhir_imports (source_key, resource_type, version, mapping_version, outcome,
             entry_id, reading_id, fields, reason, section, visibility, raw, imported_at_ms,
             updated_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)
         ON CONFLICT(source_key) DO UPDATE SET resource_type = ?2, version = ?3,
             mapping_version = ?4, outcome = ?5, entry_id = ?6, reading_id = ?7, fields = ?8,
             reason = ?9, section = ?10, visibility = ?11, raw = ?12, updated_at_ms = ?13",
    )?
    .execute(params![
        row.source_key,
        row.resource_type,
        row.version,
        row.mapping_version,
        row.outcome.code(),
        row.entry_id.map(|id| id.to_string()),
        row.reading_id,
        row.fields,
        row.reason,
        row.section,
        row.visibility.map(Visibility::as_str),
        row.raw,
        millis(now),
    ])?;
    Ok(())
}

/// The IPS sections for which `viewer` may see an imported statement that there is none.
pub fn negations(conn: &Connection, viewer: Viewer) -> StoreResult<Vec<String>> {
    let visible: Vec<String> = viewer
        .visible()
        .iter()
        .map(|v| format!("'{}'", v.as_str()))
        .collect();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT DISTINCT section FROM fhir_imports WHERE outcome = ?1 AND section IS NOT NULL
             AND visibility IN ({}) ORDER BY section",
        visible.join(", ")
    ))?;
    let rows = stmt
        .query_map([ImportedAs::Negation.code()], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(rows)
}

/// Every resource kept without being mapped, with the reason, in key order.
pub fn kept(conn: &Connection) -> StoreResult<Vec<ImportRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM fhir_imports WHERE outcome = ?1 ORDER BY source_key"
    ))?;
    let rows = stmt
        .query_map([ImportedAs::Kept.code()], row_of)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(decode).collect()
}

/// How many rows the ledger holds.
pub fn count(conn: &Connection) -> StoreResult<u64> {
    let n: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM fhir_imports")?
        .query_row([], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// The record's random id (made by migration 6), as 32 hexadecimal digits.
pub fn record_uuid(conn: &Connection) -> StoreResult<String> {
    super::meta::get(conn, "record_uuid")?.ok_or_else(|| StoreError::Corrupt {
        reason: "the record has no id".into(),
    })
}

/// The stored reading a system or app gave `client_id`, with its version: what the
/// readings table's client-id rule compares a new version against.
pub fn client_reading(
    conn: &Connection,
    reading: &crate::model::NewReading,
) -> StoreResult<Option<(i64, Option<i64>)>> {
    let (Some(client_id), Some((kind, name))) = (
        reading.client_record_id.as_deref(),
        super::reading_columns::origin_of(reading),
    ) else {
        return Ok(None);
    };
    Ok(conn
        .prepare_cached(
            "SELECT r.id, r.client_version FROM readings r JOIN origins o ON o.id = r.origin
             WHERE o.kind = ?1 AND o.name = ?2 AND r.client_id = ?3",
        )?
        .query_row(params![kind, name, client_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}
