//! The append-only history of entries: every change keeps the entry before and after.
//! It gives undo, a per-entry history, and a changes feed for shells and platform
//! bridges (a monotonically increasing sequence, tombstones for deletes, and
//! [`StoreError::TokenExpired`] when history was purged past a token).

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::Record;
use super::codec::{from_json, parse_time, stored_now, time_text, to_json};
use super::entries::{load_entry, put_entry};
use super::error::{StoreError, StoreResult};
use crate::clock::Clock;
use crate::record::{Author, Entry, EntryId, Viewer};

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

/// A page of the changes feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangesPage {
    /// Entries created or changed since the token, as they are now visible.
    pub upserted: Vec<Entry>,
    /// Entries deleted (or no longer visible to the viewer) since the token.
    pub removed: Vec<EntryId>,
    /// The token to pass next time.
    pub next_token: i64,
    /// Whether more changes wait beyond this page.
    pub has_more: bool,
}

pub(super) fn append_change(
    tx: &Transaction<'_>,
    clock: &dyn Clock,
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
        time_text(clock.now()),
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

fn changes_of(conn: &rusqlite::Connection, id: EntryId) -> StoreResult<Vec<EntryChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, entry_id, op, at, author, before, after FROM entry_changes
         WHERE entry_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([id.to_string()], change_row)?
        .collect::<Result<Vec<ChangeRow>, _>>()?;
    rows.into_iter().map(decode_change).collect()
}

const PURGE_HORIZON: &str = "purge_horizon";

impl Record {
    /// Every change to an entry, oldest first (the person only).
    pub fn history(&self, id: EntryId) -> StoreResult<Vec<EntryChange>> {
        let changes = changes_of(self.conn(), id)?;
        if changes.is_empty() {
            return Err(StoreError::NotFound(id));
        }
        Ok(changes)
    }

    /// Undoes the latest change to an entry that has not been undone yet; repeated undos
    /// walk further back. Undoing a create deletes the entry (softly); undoing a delete
    /// brings it back. Returns the entry as it is now.
    pub fn undo(&mut self, id: EntryId, author: Author) -> StoreResult<Entry> {
        self.write(|tx, clock| {
            let changes = changes_of(tx, id)?;
            if changes.is_empty() {
                return Err(StoreError::NotFound(id));
            }
            let mut pending_undos = 0;
            let mut target = None;
            for change in changes.iter().rev() {
                if change.op == ChangeOp::Undo {
                    pending_undos += 1;
                } else if pending_undos > 0 {
                    pending_undos -= 1;
                } else {
                    target = Some(change);
                    break;
                }
            }
            let target = target.ok_or(StoreError::NothingToUndo(id))?;
            let current = load_entry(tx, id)?.ok_or(StoreError::NotFound(id))?;
            let mut restored = match &target.before {
                Some(before) => before.clone(),
                None => {
                    let mut gone = current.clone();
                    gone.meta.deleted_at = Some(stored_now(clock));
                    gone
                }
            };
            restored.meta.version = current.meta.version + 1;
            restored.meta.updated_at = stored_now(clock);
            restored.meta.author = author.clone();
            put_entry(tx, &restored)?;
            append_change(
                tx,
                clock,
                id,
                ChangeOp::Undo,
                &author,
                Some(&current),
                Some(&restored),
            )?;
            Ok(restored)
        })
    }

    /// Removes deleted entries and their history for good. Tokens from before the purge
    /// expire. Returns how many entries were purged.
    pub fn purge_deleted(&mut self) -> StoreResult<usize> {
        self.write(|tx, _| {
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
                tx.execute(
                    "INSERT INTO record_meta (key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = ?2",
                    params![PURGE_HORIZON, horizon.to_string()],
                )?;
            }
            Ok(purged)
        })
    }

    /// The changes feed: what changed after `token` (0 for everything), as `viewer` sees
    /// it, at most `limit` changes per page. An entry that became invisible to the viewer
    /// is reported as removed.
    pub fn changes_since(
        &self,
        token: i64,
        viewer: Viewer,
        limit: usize,
    ) -> StoreResult<ChangesPage> {
        let horizon: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM record_meta WHERE key = ?1",
                [PURGE_HORIZON],
                |r| r.get(0),
            )
            .optional()?;
        let horizon: i64 = horizon.and_then(|h| h.parse().ok()).unwrap_or(0);
        if token < horizon {
            return Err(StoreError::TokenExpired);
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT seq, entry_id, op, at, author, before, after FROM entry_changes
             WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let limit = limit.clamp(1, 10_000);
        let rows = stmt
            .query_map(params![token, limit as i64 + 1], change_row)?
            .collect::<Result<Vec<ChangeRow>, _>>()?;
        let has_more = rows.len() > limit;
        let mut page = ChangesPage {
            upserted: Vec::new(),
            removed: Vec::new(),
            next_token: token,
            has_more,
        };
        let mut latest: std::collections::BTreeMap<EntryId, Option<Entry>> = Default::default();
        let mut order = Vec::new();
        for row in rows.into_iter().take(limit) {
            let change = decode_change(row)?;
            page.next_token = change.seq;
            let was_visible = change
                .before
                .as_ref()
                .is_some_and(|e| e.meta.deleted_at.is_none() && viewer.can_see(e.meta.visibility));
            let now_visible = change
                .after
                .as_ref()
                .filter(|e| e.meta.deleted_at.is_none() && viewer.can_see(e.meta.visibility))
                .cloned();
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
}
