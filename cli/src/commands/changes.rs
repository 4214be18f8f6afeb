//! `phr delete`, `undo`, `purge`, `history` and `privacy`: changes to entries, all kept in
//! the record's history until the person purges deleted entries.

use phr_core::api::{ChangeOp, EntryChange};
use phr_core::model::{Author, Entry, Visibility};
use serde_json::{Value, json};

use super::Ctx;
use super::entry_ref::resolve;
use crate::error::CliResult;
use crate::output::{entry_json, entry_line};
use crate::say;

/// `phr delete ENTRY`: a soft delete that `phr undo` reverses.
pub fn delete(ctx: &Ctx, typed: &str) -> CliResult {
    let id = ctx.with_record(|record| {
        let id = resolve(record, typed)?;
        record.delete_entry(id, Author::Person)?;
        Ok(id)
    })?;
    ctx.out.either(
        || json!({ "deleted": id.to_string() }),
        || {
            say!("Deleted entry {id}.");
            say!(
                "`phr undo {typed}` brings it back; `phr purge` removes deleted entries for good."
            );
        },
    )
}

/// `phr undo ENTRY`: reverses the latest change not yet undone.
pub fn undo(ctx: &Ctx, typed: &str) -> CliResult {
    let entry = ctx.with_record(|record| {
        let id = resolve(record, typed)?;
        Ok(record.undo(id, Author::Person)?)
    })?;
    ctx.out.either(
        || entry_json(&entry),
        || {
            if entry.meta.deleted_at.is_some() {
                say!("Undone: entry {} is now deleted.", entry.meta.id);
            } else {
                say!("Undone. Now: {}", entry_line(&entry));
            }
        },
    )
}

/// `phr purge`: removes deleted entries and their history for good.
pub fn purge(ctx: &Ctx) -> CliResult {
    let purged = ctx.with_record(|record| Ok(record.purge_deleted()?))?;
    ctx.out.either(
        || json!({ "purged": purged }),
        || match purged {
            0 => say!("There were no deleted entries to purge."),
            1 => say!("Purged 1 deleted entry and its history."),
            n => say!("Purged {n} deleted entries and their history."),
        },
    )
}

/// `phr privacy ENTRY private|shared|emergency`
pub fn privacy(ctx: &Ctx, typed: &str, visibility: Visibility) -> CliResult {
    let entry = ctx.with_record(|record| {
        let id = resolve(record, typed)?;
        Ok(record.set_visibility(id, visibility, Author::Person)?)
    })?;
    ctx.out.either(
        || entry_json(&entry),
        || {
            let who = match visibility {
                Visibility::Private => "only you",
                Visibility::Shared => "you and the people you share with",
                Visibility::Emergency => {
                    "you, the people you share with, and the emergency summary"
                }
            };
            say!("Now seen by {who}: {}", entry_line(&entry));
        },
    )
}

fn op_text(op: ChangeOp) -> &'static str {
    match op {
        ChangeOp::Create => "created",
        ChangeOp::Update => "changed",
        ChangeOp::Privacy => "privacy",
        ChangeOp::Delete => "deleted",
        ChangeOp::Undo => "undone",
    }
}

fn change_line(change: &EntryChange) -> String {
    let state = |e: &Entry| {
        let deleted = if e.meta.deleted_at.is_some() {
            " (deleted)"
        } else {
            ""
        };
        format!("[{}] {}{deleted}", e.meta.visibility, e.body.summary())
    };
    let after = change.after.as_ref().map(state).unwrap_or_default();
    format!(
        "#{:<5} {}  {:<8} {after}",
        change.seq,
        change.at.format("%Y-%m-%d %H:%M:%S UTC"),
        op_text(change.op)
    )
}

fn change_json(change: &EntryChange) -> Value {
    json!({
        "seq": change.seq,
        "op": change.op,
        "at": change.at,
        "author": change.author,
        "before": change.before.as_ref().map(entry_json),
        "after": change.after.as_ref().map(entry_json),
    })
}

/// `phr history ENTRY`: every change, oldest first.
pub fn history(ctx: &Ctx, typed: &str) -> CliResult {
    let (id, changes) = ctx.with_record(|record| {
        let id = resolve(record, typed)?;
        Ok((id, record.history(id)?))
    })?;
    ctx.out.either(
        || json!({ "entry": id.to_string(), "changes": changes.iter().map(change_json).collect::<Vec<_>>() }),
        || {
            say!("History of entry {id} (oldest first):");
            for change in &changes {
                say!("  {}", change_line(change));
            }
        },
    )
}
