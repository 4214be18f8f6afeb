//! History, undo, soft delete and purge, and the changes feed.

mod common;

use common::*;
use phr_core::api::{ApiError, ChangeOp, EntryFilter};
use phr_core::model::*;

fn history_body(text: &str) -> EntryBody {
    EntryBody::MyHistory(MyHistory { text: text.into() })
}

#[test]
fn every_change_is_kept_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let e = record
        .add_entry(history_body("v1"), opts(Visibility::Private))
        .expect("add");
    let id = e.meta.id;
    record
        .update_entry(id, history_body("v2"), Author::Person)
        .expect("edit");
    record
        .set_visibility(id, Visibility::Shared, Author::Person)
        .expect("privacy");
    record.delete_entry(id, Author::Person).expect("delete");

    let h = record.history(id).expect("history");
    let ops: Vec<ChangeOp> = h.iter().map(|c| c.op).collect();
    assert_eq!(
        ops,
        [
            ChangeOp::Create,
            ChangeOp::Update,
            ChangeOp::Privacy,
            ChangeOp::Delete
        ]
    );
    assert!(h.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(
        h[1].before.as_ref().map(|e| &e.body),
        Some(&history_body("v1"))
    );
    assert_eq!(
        h[1].after.as_ref().map(|e| &e.body),
        Some(&history_body("v2"))
    );
    assert_eq!(
        h[3].after
            .as_ref()
            .and_then(|e| e.meta.version.checked_sub(0)),
        Some(4)
    );
}

#[test]
fn undo_walks_back_one_change_at_a_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let id = record
        .add_entry(history_body("v1"), opts(Visibility::Private))
        .expect("add")
        .meta
        .id;
    record
        .update_entry(id, history_body("v2"), Author::Person)
        .expect("edit");
    record
        .update_entry(id, history_body("v3"), Author::Person)
        .expect("edit");

    assert_eq!(
        record.undo(id, Author::Person).expect("undo").body,
        history_body("v2")
    );
    assert_eq!(
        record.undo(id, Author::Person).expect("undo").body,
        history_body("v1")
    );
    // Undoing the create removes the entry (softly).
    let gone = record.undo(id, Author::Person).expect("undo create");
    assert!(gone.meta.deleted_at.is_some());
    assert!(
        record
            .entries(&EntryFilter::default(), Viewer::Person)
            .expect("list")
            .is_empty()
    );
    assert!(matches!(
        record.undo(id, Author::Person),
        Err(ApiError::NothingToUndo)
    ));
}

#[test]
fn undo_brings_back_a_deleted_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, path, key) = new_record(dir.path());
    let id = record
        .add_entry(allergy("Nuts"), opts(Visibility::Shared))
        .expect("add")
        .meta
        .id;
    record.delete_entry(id, Author::Person).expect("delete");
    assert!(matches!(
        record.entry(id, Viewer::Shared),
        Err(ApiError::NotFound { .. })
    ));
    // Deleted but kept: the person still sees it among deleted entries, across reopen.
    record.close().expect("close");
    let mut record = phr_core::api::Record::open(&path, &key).expect("reopen");
    let all = record
        .entries(
            &EntryFilter {
                include_deleted: true,
                ..Default::default()
            },
            Viewer::Person,
        )
        .expect("list");
    assert_eq!(all.len(), 1);
    let back = record.undo(id, Author::Person).expect("undo delete");
    assert!(back.meta.deleted_at.is_none());
    assert_eq!(
        record
            .entry(id, Viewer::Shared)
            .expect("visible again")
            .body,
        allergy("Nuts")
    );
}

#[test]
fn purge_removes_deleted_entries_and_expires_old_tokens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let keep = record
        .add_entry(allergy("Keep"), opts(Visibility::Private))
        .expect("add")
        .meta
        .id;
    let drop = record
        .add_entry(allergy("Drop"), opts(Visibility::Private))
        .expect("add")
        .meta
        .id;
    record.delete_entry(drop, Author::Person).expect("delete");
    let before_purge = record
        .changes_since("", Viewer::Person, 100)
        .expect("feed")
        .next_token;

    assert_eq!(record.purge_deleted().expect("purge"), 1);
    assert!(matches!(
        record.history(drop),
        Err(ApiError::NotFound { .. })
    ));
    assert!(record.history(keep).is_ok());
    assert!(matches!(
        record.changes_since("", Viewer::Person, 100),
        Err(ApiError::TokenExpired)
    ));
    let page = record
        .changes_since(&before_purge, Viewer::Person, 100)
        .expect("fresh token");
    assert!(page.entries_upserted.is_empty() && page.entries_removed.is_empty());
}

#[test]
fn changes_feed_reports_upserts_and_tombstones_per_viewer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    let a = record
        .add_entry(allergy("A"), opts(Visibility::Shared))
        .expect("add")
        .meta
        .id;
    let b = record
        .add_entry(allergy("B"), opts(Visibility::Private))
        .expect("add")
        .meta
        .id;

    let first = record.changes_since("", Viewer::Shared, 100).expect("feed");
    assert_eq!(
        first
            .entries_upserted
            .iter()
            .map(|e| e.meta.id)
            .collect::<Vec<_>>(),
        vec![a]
    );
    assert!(first.entries_removed.is_empty());

    record
        .set_visibility(a, Visibility::Private, Author::Person)
        .expect("hide a");
    record
        .set_visibility(b, Visibility::Shared, Author::Person)
        .expect("share b");
    let second = record
        .changes_since(&first.next_token, Viewer::Shared, 100)
        .expect("feed");
    assert_eq!(
        second.entries_removed,
        vec![a],
        "hidden entry is a tombstone for the viewer"
    );
    assert_eq!(
        second
            .entries_upserted
            .iter()
            .map(|e| e.meta.id)
            .collect::<Vec<_>>(),
        vec![b]
    );

    let person = record.changes_since("", Viewer::Person, 1).expect("paged");
    assert!(person.has_more);
    assert_eq!(person.entries_upserted.len(), 1);
}
