//! The entries table: load, write, list and page entries. Validation, the rules that
//! span entries and the history of each change are composed by the façade, which runs
//! them in the same transaction.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

use super::codec::{from_json, parse_time, time_text, to_json};
use super::error::{StoreError, StoreResult};
use crate::model::{Entry, EntryId, EntryKind, EntryMeta, Provenance, Section, Viewer};

/// Which entries to list.
#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    /// Only this kind.
    pub kind: Option<EntryKind>,
    /// Only this section.
    pub section: Option<Section>,
    /// Include deleted entries (only ever for the person).
    pub include_deleted: bool,
}

/// Where a page of entries ends (entries are listed in the order they were written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntriesCursor {
    /// The last entry's place in that order.
    pub after: i64,
}

/// A page of entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntriesPage {
    /// The entries, oldest first.
    pub entries: Vec<Entry>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<EntriesCursor>,
}

/// The columns every entry query selects; `rowid` is the order entries were written in
/// (also within one batch, whose entries share a time).
const ENTRY_COLUMNS: &str =
    "id, body, visibility, provenance, author, created_at, updated_at, version, deleted_at, rowid";

/// An entry's columns as stored, before decoding.
struct StoredEntry {
    id: String,
    body: String,
    visibility: String,
    provenance: String,
    author: String,
    created_at: String,
    updated_at: String,
    version: u32,
    deleted_at: Option<String>,
    rowid: i64,
}

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<StoredEntry> {
    Ok(StoredEntry {
        id: row.get(0)?,
        body: row.get(1)?,
        visibility: row.get(2)?,
        provenance: row.get(3)?,
        author: row.get(4)?,
        created_at: row.get(5)?,
        updated_at: row.get(6)?,
        version: row.get(7)?,
        deleted_at: row.get(8)?,
        rowid: row.get(9)?,
    })
}

fn decode_entry(stored: StoredEntry) -> StoreResult<Entry> {
    let corrupt = |what: &str| StoreError::Corrupt {
        reason: format!("an entry's {what} is unreadable"),
    };
    Ok(Entry {
        meta: EntryMeta {
            id: stored.id.parse().map_err(|_| corrupt("id"))?,
            created_at: parse_time(&stored.created_at)?,
            updated_at: parse_time(&stored.updated_at)?,
            provenance: from_json(&stored.provenance)?,
            visibility: stored
                .visibility
                .parse()
                .map_err(|_| corrupt("visibility"))?,
            author: from_json(&stored.author)?,
            version: stored.version,
            deleted_at: stored.deleted_at.as_deref().map(parse_time).transpose()?,
        },
        body: from_json(&stored.body)?,
    })
}

fn decode_all(rows: Vec<StoredEntry>) -> StoreResult<Vec<Entry>> {
    rows.into_iter().map(decode_entry).collect()
}

/// Where an imported entry came from, as one key: the system and the resource's type and
/// id. Re-importing the same resource finds its entry by this key.
pub fn source_key(provenance: &Provenance) -> Option<String> {
    match provenance {
        Provenance::Imported {
            system,
            resource_id,
            ..
        } => Some(format!("{system}|{resource_id}")),
        _ => None,
    }
}

/// One entry by id, whatever its state.
pub fn load(conn: &Connection, id: EntryId) -> StoreResult<Option<Entry>> {
    let cols = conn
        .prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS} FROM entries WHERE id = ?1"
        ))?
        .query_row([id.to_string()], entry_from_row)
        .optional()?;
    cols.map(decode_entry).transpose()
}

/// One entry as `viewer` may see it; deleted entries only for the person.
pub fn get_for(conn: &Connection, id: EntryId, viewer: Viewer) -> StoreResult<Entry> {
    match load(conn, id)? {
        Some(e)
            if viewer.can_see(e.meta.visibility)
                && (e.meta.deleted_at.is_none() || viewer == Viewer::Person) =>
        {
            Ok(e)
        }
        _ => Err(StoreError::EntryNotFound(id)),
    }
}

/// A live (not deleted) entry.
pub fn live(conn: &Connection, id: EntryId) -> StoreResult<Entry> {
    match load(conn, id)? {
        Some(e) if e.meta.deleted_at.is_none() => Ok(e),
        _ => Err(StoreError::EntryNotFound(id)),
    }
}

/// The entry imported from a source (see [`source_key`]), deleted or not.
pub fn by_source_key(conn: &Connection, key: &str) -> StoreResult<Option<Entry>> {
    let cols = conn
        .prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS} FROM entries WHERE source_key = ?1 ORDER BY rowid LIMIT 1"
        ))?
        .query_row([key], entry_from_row)
        .optional()?;
    cols.map(decode_entry).transpose()
}

/// Writes `entry` (insert or replace) into the entries table.
pub fn put(tx: &Transaction<'_>, entry: &Entry) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO entries (id, kind, section, body, visibility, provenance, author,
                              created_at, updated_at, version, deleted_at, source_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT(id) DO UPDATE SET body = ?4, visibility = ?5, provenance = ?6,
             author = ?7, updated_at = ?9, version = ?10, deleted_at = ?11, source_key = ?12",
    )?
    .execute(params![
        entry.meta.id.to_string(),
        entry.kind().as_str(),
        entry.kind().section().as_str(),
        to_json(&entry.body)?,
        entry.meta.visibility.as_str(),
        to_json(&entry.meta.provenance)?,
        to_json(&entry.meta.author)?,
        time_text(entry.meta.created_at),
        time_text(entry.meta.updated_at),
        entry.meta.version,
        entry.meta.deleted_at.map(time_text),
        source_key(&entry.meta.provenance),
    ])?;
    Ok(())
}

/// Every live entry of a kind (what the rules spanning entries look at).
pub fn live_of_kind(conn: &Connection, kind: EntryKind) -> StoreResult<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} FROM entries WHERE kind = ?1 AND deleted_at IS NULL
         ORDER BY rowid"
    ))?;
    let rows = stmt
        .query_map([kind.as_str()], entry_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    decode_all(rows)
}

fn filter_sql(filter: &EntryFilter, viewer: Viewer, args: &mut Vec<String>) -> String {
    let mut sql = String::from("WHERE 1 = 1");
    if let Some(kind) = filter.kind {
        args.push(kind.as_str().into());
        sql.push_str(&format!(" AND kind = ?{}", args.len()));
    }
    if let Some(section) = filter.section {
        args.push(section.as_str().into());
        sql.push_str(&format!(" AND section = ?{}", args.len()));
    }
    if !(filter.include_deleted && viewer == Viewer::Person) {
        sql.push_str(" AND deleted_at IS NULL");
    }
    let visible: Vec<String> = viewer
        .visible()
        .iter()
        .map(|v| format!("'{}'", v.as_str()))
        .collect();
    sql.push_str(&format!(" AND visibility IN ({})", visible.join(", ")));
    sql
}

/// Entries `viewer` may see, in the order they were written.
pub fn list(conn: &Connection, filter: &EntryFilter, viewer: Viewer) -> StoreResult<Vec<Entry>> {
    let mut args = Vec::new();
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM entries {} ORDER BY rowid",
        filter_sql(filter, viewer, &mut args)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), entry_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    decode_all(rows)
}

/// A page of the entries `viewer` may see, in the order they were written, after
/// `cursor`.
pub fn page(
    conn: &Connection,
    filter: &EntryFilter,
    viewer: Viewer,
    limit: usize,
    cursor: Option<EntriesCursor>,
) -> StoreResult<EntriesPage> {
    let limit = limit.clamp(1, 10_000);
    let mut args = Vec::new();
    let mut sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM entries {}",
        filter_sql(filter, viewer, &mut args)
    );
    if let Some(c) = cursor {
        sql.push_str(&format!(" AND rowid > {}", c.after));
    }
    sql.push_str(&format!(" ORDER BY rowid LIMIT {}", limit + 1));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), entry_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let more = rows.len() > limit;
    let kept: Vec<StoredEntry> = rows.into_iter().take(limit).collect();
    let next = match (more, kept.last()) {
        (true, Some(last)) => Some(EntriesCursor { after: last.rowid }),
        _ => None,
    };
    let entries = decode_all(kept)?;
    Ok(EntriesPage { entries, next })
}
