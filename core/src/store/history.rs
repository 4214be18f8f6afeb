//! The append-only history of entries: every change keeps the entry before and after.
//! It gives undo, a per-entry history, and the entries' part of the changes feed (a
//! monotonically increasing sequence, tombstones for deletes, and
//! [`StoreError::TokenExpired`] when history was purged past a token).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};

use super::codec::{from_json, parse_time, time_text, to_json};
use super::error::{StoreError, StoreResult};
use super::meta;
use crate::model::{Author, Entry, EntryId, Viewer};

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOp {
    /// The entry was created.
    Create,
    /// Its content changed.
    Update,
    /// Its visibility changed.
    Privacy,
    /// It was deleted (softly).
    Delete,
    /// An earlier change was undone.
    Undo,
}

impl ChangeOp {
    fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Privacy => "privacy",
            Self::Delete => "delete",
            Self::Undo => "undo",
        }
    }

    fn parse(s: &str) -> StoreResult<Self> {
        Ok(match s {
            "create" => Self::Create,
            "update" => Self::Update,
            "privacy" => Self::Privacy,
            "delete" => Self::Delete,
            "undo" => Self::Undo,
            other => {
                return Err(StoreError::Corrupt {
                    reason: format!("unknown change '{other}'"),
                });
            }
        })
    }
}

/// One change to an entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryChange {
    /// Position in the record's change sequence (increases, never reused).
    pub seq: i64,
    /// The entry.
    pub entry_id: EntryId,
    /// What happened.
    pub op: ChangeOp,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub author: Author,
    /// The entry before (none for a create).
    pub before: Option<Entry>,
    /// The entry after.
    pub after: Option<Entry>,
}

/// The entries' part of a page of the changes feed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntryChanges {
    /// Entries created or changed since the token, as they are now visible.
    pub upserted: Vec<Entry>,
    /// Entries deleted (or no longer visible to the viewer) since the token.
    pub removed: Vec<EntryId>,
    /// The sequence to pass next time.
    pub next_seq: i64,
    /// Whether more changes wait beyond this page.
    pub has_more: bool,
}

/// Appends a change to the history.
pub fn append(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    entry_id: EntryId,
    op: ChangeOp,
    author: &Author,
    before: Option<&Entry>,
    after: Option<&Entry>,
) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO entry_changes (entry_id, op, at, author, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        entry_id.to_string(),
        op.as_str(),
        time_text(now),
        to_json(author)?,
        before.map(to_json).transpose()?,
        after.map(to_json).transpose()?,
    ])?;
    Ok(())
}

type ChangeRow = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

/// One `entry_changes` row, selected as `seq, entry_id, op, at, author, before, after`.
fn change_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ChangeRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

fn decode_change(row: ChangeRow) -> StoreResult<EntryChange> {
    let (seq, id, op, at, author, before, after) = row;
    Ok(EntryChange {
        seq,
        entry_id: id.parse().map_err(|_| StoreError::Corrupt {
            reason: "a change's entry id is unreadable".into(),
        })?,
        op: ChangeOp::parse(&op)?,
        at: parse_time(&at)?,
        author: from_json(&author)?,
        before: before.as_deref().map(from_json).transpose()?,
        after: after.as_deref().map(from_json).transpose()?,
    })
}

/// Every change to an entry, oldest first.
pub fn changes_of(conn: &Connection, id: EntryId) -> StoreResult<Vec<EntryChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, entry_id, op, at, author, before, after FROM entry_changes
         WHERE entry_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([id.to_string()], change_row)?
        .collect::<Result<Vec<ChangeRow>, _>>()?;
    rows.into_iter().map(decode_change).collect()
}

/// The change an undo of `id` takes back: the latest change not yet undone (undos of
/// undos walk further back). `None` when nothing is left to undo.
pub fn undo_target(changes: &[EntryChange]) -> Option<&EntryChange> {
    let mut pending_undos = 0;
    for change in changes.iter().rev() {
        if change.op == ChangeOp::Undo {
            pending_undos += 1;
        } else if pending_undos > 0 {
            pending_undos -= 1;
        } else {
            return Some(change);
        }
    }
    None
}

const PURGE_HORIZON: &str = "purge_horizon";

/// Removes deleted entries and their history for good; tokens from before expire.
/// Returns how many entries were purged.
pub fn purge_deleted(tx: &Transaction<'_>) -> StoreResult<usize> {
    let horizon: i64 =
        tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM entry_changes", [], |r| {
            r.get(0)
        })?;
    tx.execute(
        "DELETE FROM entry_changes WHERE entry_id IN
            (SELECT id FROM entries WHERE deleted_at IS NOT NULL)",
        [],
    )?;
    let purged = tx.execute("DELETE FROM entries WHERE deleted_at IS NOT NULL", [])?;
    if purged > 0 {
        meta::set(tx, PURGE_HORIZON, &horizon.to_string())?;
    }
    Ok(purged)
}

/// What changed after `seq` (0 for everything), as `viewer` sees it, at most `limit`
/// changes. An entry that became invisible to the viewer is reported as removed; one the
/// viewer never saw is not reported at all.
pub fn changes_since(
    conn: &Connection,
    seq: i64,
    viewer: Viewer,
    limit: usize,
) -> StoreResult<EntryChanges> {
    let horizon: i64 = meta::get(conn, PURGE_HORIZON)?
        .and_then(|h| h.parse().ok())
        .unwrap_or(0);
    if seq < horizon {
        return Err(StoreError::TokenExpired);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT seq, entry_id, op, at, author, before, after FROM entry_changes
         WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    let limit = limit.clamp(1, 10_000);
    let rows = stmt
        .query_map(params![seq, limit as i64 + 1], change_row)?
        .collect::<Result<Vec<ChangeRow>, _>>()?;
    let has_more = rows.len() > limit;
    let mut page = EntryChanges {
        next_seq: seq,
        has_more,
        ..Default::default()
    };
    let mut latest: std::collections::BTreeMap<EntryId, Option<Entry>> = Default::default();
    let mut order = Vec::new();
    for row in rows.into_iter().take(limit) {
        let change = decode_change(row)?;
        page.next_seq = change.seq;
        let shown = |e: &Entry| e.meta.deleted_at.is_none() && viewer.can_see(e.meta.visibility);
        let was_visible = change.before.as_ref().is_some_and(shown);
        let now_visible = change.after.as_ref().filter(|e| shown(e)).cloned();
        if !was_visible && now_visible.is_none() && !latest.contains_key(&change.entry_id) {
            continue;
        }
        if !latest.contains_key(&change.entry_id) {
            order.push(change.entry_id);
        }
        latest.insert(change.entry_id, now_visible);
    }
    for id in order {
        match latest.remove(&id).flatten() {
            Some(entry) => page.upserted.push(entry),
            None => page.removed.push(id),
        }
    }
    Ok(page)
}
