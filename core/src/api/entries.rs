//! Entries: add, edit, privacy, delete, undo, purge, history, list and page, module
//! templates, and the views screens show. Every change is checked on its own, against
//! its module template, for dates that cannot be in the future, and then, inside the
//! same transaction, against the rules that span entries (one identity, five active
//! goals), so no path (add, edit, undo, import) can break them.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};

use super::Record;
use super::error::{ApiError, ApiResult};
use super::observer::ChangeArea;
use super::views::EntryView;
use crate::model::invariants::{check_dates_not_future, check_kind};
use crate::model::{
    Author, Conflict, Entry, EntryBody, EntryId, EntryMeta, ModuleTemplate, NewReading, Provenance,
    ValidationError, Viewer, Visibility,
};
use crate::rules::{Category, Firing, Severity, ids, notify_once};
use crate::store::entries::{self, EntriesCursor, EntriesPage, EntryFilter};
use crate::store::history::{self, ChangeOp, EntryChange};
use crate::store::readings::IngestReport;
use crate::store::{StoreError, reading_changes, templates};

/// How a new entry is written.
#[derive(Debug, Clone, Default)]
pub struct NewEntryOptions {
    /// Who may see it (private unless the person chooses otherwise).
    pub visibility: Visibility,
    /// Where it came from.
    pub provenance: Provenance,
    /// Who wrote it.
    pub author: Author,
}

/// Checks `body` on its own, against its module template and for dates in the future
/// (also what an import checks of each entry it writes).
pub(super) fn check_body(conn: &Connection, body: &EntryBody, now: DateTime<Utc>) -> ApiResult<()> {
    body.validate()?;
    check_dates_not_future(body, now)?;
    if let EntryBody::Module(instance) = body {
        let template = templates::find(conn, &instance.template_id, instance.template_version)?
            .ok_or_else(|| {
                ValidationError::new(
                    "template_id",
                    format!(
                        "no module template '{}' version {}",
                        instance.template_id, instance.template_version
                    ),
                )
            })?;
        instance.validate(&template)?;
    }
    Ok(())
}

/// What the rules spanning entries of `entry`'s kind say after a change, if it broke
/// one.
fn conflict_after(tx: &Transaction<'_>, entry: &Entry) -> ApiResult<Option<Conflict>> {
    let live = entries::live_of_kind(tx, entry.kind())?;
    Ok(check_kind(entry.kind(), &live).err())
}

/// Raises the attention advice of a module the moment an attention item is answered
/// above zero (PHQ-9 item 9), once per entry.
fn notify_attention(tx: &Transaction<'_>, entry: &Entry, now: DateTime<Utc>) -> ApiResult<bool> {
    let EntryBody::Module(instance) = &entry.body else {
        return Ok(false);
    };
    let Some(template) = templates::find(tx, &instance.template_id, instance.template_version)?
    else {
        return Ok(false);
    };
    let Some(advice) = instance.attention(&template) else {
        return Ok(false);
    };
    let firing = Firing {
        key: format!("module:{}:attention", entry.meta.id),
        key_time_ms: now.timestamp_millis(),
        category: Category::Alert,
        severity: Severity::Urgent,
        title: format!("{}: please read this now", template.title),
        detail: "One of your answers means it is important to talk to someone today.".into(),
        advice,
        readings: Vec::new(),
        entries: vec![entry.meta.id],
        due_at_ms: now.timestamp_millis(),
    };
    Ok(notify_once(tx, ids::MODULE_ATTENTION, &firing, now)?)
}

fn add_in(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    body: EntryBody,
    options: NewEntryOptions,
) -> ApiResult<Entry> {
    check_body(tx, &body, now)?;
    let entry = Entry {
        meta: EntryMeta {
            id: EntryId::new(),
            created_at: now,
            updated_at: now,
            provenance: options.provenance,
            visibility: options.visibility,
            author: options.author.clone(),
            version: 1,
            deleted_at: None,
        },
        body,
    };
    entries::put(tx, &entry)?;
    if let Some(c) = conflict_after(tx, &entry)? {
        return Err(StoreError::Conflict(c).into());
    }
    history::append(
        tx,
        now,
        entry.meta.id,
        ChangeOp::Create,
        &options.author,
        None,
        Some(&entry),
    )?;
    notify_attention(tx, &entry, now)?;
    Ok(entry)
}

/// The entry after a change by `author` at `now`.
pub(super) fn touched(mut entry: Entry, now: DateTime<Utc>, author: &Author) -> Entry {
    entry.meta.updated_at = now;
    entry.meta.version += 1;
    entry.meta.author = author.clone();
    entry
}

/// Writes `after` in place of `before` and records the change.
fn replace(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    op: ChangeOp,
    author: &Author,
    before: &Entry,
    after: &Entry,
) -> ApiResult<()> {
    entries::put(tx, after)?;
    if after.meta.deleted_at.is_none()
        && let Some(c) = conflict_after(tx, after)?
    {
        return Err(match op {
            ChangeOp::Undo => StoreError::UndoConflict(c),
            _ => StoreError::Conflict(c),
        }
        .into());
    }
    history::append(
        tx,
        now,
        after.meta.id,
        op,
        author,
        Some(before),
        Some(after),
    )?;
    Ok(())
}

impl Record {
    /// Adds an entry after checking it on its own and against the record.
    pub fn add_entry(&mut self, body: EntryBody, options: NewEntryOptions) -> ApiResult<Entry> {
        self.write(&[ChangeArea::Entries, ChangeArea::Alerts], |tx, now| {
            add_in(tx, now, body, options)
        })
    }

    /// Adds several entries in one transaction: all are stored, or (when one is invalid)
    /// none is. Errors name the failing entry's position, e.g. `entries[3].name`.
    pub fn add_entries(
        &mut self,
        batch: Vec<(EntryBody, NewEntryOptions)>,
    ) -> ApiResult<Vec<Entry>> {
        self.write(&[ChangeArea::Entries, ChangeArea::Alerts], |tx, now| {
            batch
                .into_iter()
                .enumerate()
                .map(|(i, (body, options))| {
                    add_in(tx, now, body, options).map_err(|e| match e {
                        ApiError::Invalid { field, reason } => ApiError::Invalid {
                            field: format!("entries[{i}].{field}"),
                            reason,
                        },
                        other => other,
                    })
                })
                .collect()
        })
    }

    /// Adds entries and readings in one transaction, the rules run on the readings in it:
    /// all are stored, or none is (filling a new record with what an import or the demo
    /// brings, so that a process killed half-way leaves the record as it was).
    pub fn add_entries_and_readings(
        &mut self,
        batch: Vec<(EntryBody, NewEntryOptions)>,
        readings: &[NewReading],
    ) -> ApiResult<(Vec<Entry>, IngestReport)> {
        self.write(
            &[
                ChangeArea::Entries,
                ChangeArea::Readings,
                ChangeArea::Alerts,
            ],
            |tx, now| {
                let entries = batch
                    .into_iter()
                    .map(|(body, options)| add_in(tx, now, body, options))
                    .collect::<ApiResult<Vec<_>>>()?;
                let report = super::readings::add_readings_in(tx, now, readings)?;
                Ok((entries, report))
            },
        )
    }

    /// Replaces an entry's body (same kind), keeping the old one in its history.
    pub fn update_entry(
        &mut self,
        id: EntryId,
        body: EntryBody,
        author: Author,
    ) -> ApiResult<Entry> {
        self.write(&[ChangeArea::Entries, ChangeArea::Alerts], |tx, now| {
            let before = entries::live(tx, id)?;
            if before.kind() != body.kind() {
                return Err(StoreError::KindMismatch {
                    id,
                    expected: before.kind(),
                    found: body.kind(),
                }
                .into());
            }
            check_body(tx, &body, now)?;
            let mut after = touched(before.clone(), now, &author);
            after.body = body;
            replace(tx, now, ChangeOp::Update, &author, &before, &after)?;
            notify_attention(tx, &after, now)?;
            Ok(after)
        })
    }

    /// Changes who may see an entry.
    pub fn set_visibility(
        &mut self,
        id: EntryId,
        visibility: Visibility,
        author: Author,
    ) -> ApiResult<Entry> {
        self.write(&[ChangeArea::Entries], |tx, now| {
            let before = entries::live(tx, id)?;
            let mut after = touched(before.clone(), now, &author);
            after.meta.visibility = visibility;
            replace(tx, now, ChangeOp::Privacy, &author, &before, &after)?;
            Ok(after)
        })
    }

    /// Deletes an entry softly: it disappears from every view but stays, with its
    /// history, until the person purges deleted entries (or undoes the delete).
    pub fn delete_entry(&mut self, id: EntryId, author: Author) -> ApiResult<()> {
        self.write(&[ChangeArea::Entries], |tx, now| {
            let before = entries::live(tx, id)?;
            let mut after = touched(before.clone(), now, &author);
            after.meta.deleted_at = Some(now);
            replace(tx, now, ChangeOp::Delete, &author, &before, &after)
        })
    }

    /// Undoes the latest change to an entry that has not been undone yet; repeated undos
    /// walk further back. Undoing a create deletes the entry (softly); undoing a delete
    /// brings it back. An undo that would break a rule spanning entries (a second
    /// identity, a sixth active goal) is refused, saying which. Returns the entry as it is
    /// now.
    pub fn undo(&mut self, id: EntryId, author: Author) -> ApiResult<Entry> {
        self.write(&[ChangeArea::Entries], |tx, now| {
            let changes = history::changes_of(tx, id)?;
            if changes.is_empty() {
                return Err(StoreError::EntryNotFound(id).into());
            }
            let target = history::undo_target(&changes).ok_or(StoreError::NothingToUndo(id))?;
            let current = entries::load(tx, id)?.ok_or(StoreError::EntryNotFound(id))?;
            let mut restored = match &target.before {
                Some(before) => before.clone(),
                None => {
                    let mut gone = current.clone();
                    gone.meta.deleted_at = Some(now);
                    gone
                }
            };
            restored.meta.version = current.meta.version + 1;
            restored.meta.updated_at = now;
            restored.meta.author = author.clone();
            replace(tx, now, ChangeOp::Undo, &author, &current, &restored)?;
            Ok(restored)
        })
    }

    /// Removes deleted entries and their history, and deleted readings' earlier
    /// versions, for good. Tokens of the changes feed from before expire. Returns how
    /// many entries were purged.
    pub fn purge_deleted(&mut self) -> ApiResult<usize> {
        self.write(&[ChangeArea::Entries, ChangeArea::Readings], |tx, _| {
            let purged = history::purge_deleted(tx)?;
            reading_changes::purge_deleted_versions(tx)?;
            Ok(purged)
        })
    }

    /// Every change to an entry, oldest first (the person only).
    pub fn history(&self, id: EntryId) -> ApiResult<Vec<EntryChange>> {
        let changes = history::changes_of(self.conn(), id)?;
        if changes.is_empty() {
            return Err(StoreError::EntryNotFound(id).into());
        }
        Ok(changes)
    }

    /// One entry as `viewer` may see it; deleted entries only for the person.
    pub fn entry(&self, id: EntryId, viewer: Viewer) -> ApiResult<Entry> {
        Ok(entries::get_for(self.conn(), id, viewer)?)
    }

    /// Entries `viewer` may see, in the order they were written.
    pub fn entries(&self, filter: &EntryFilter, viewer: Viewer) -> ApiResult<Vec<Entry>> {
        Ok(entries::list(self.conn(), filter, viewer)?)
    }

    /// A page of the entries `viewer` may see, in the order they were written, after
    /// `cursor`.
    pub fn entries_page(
        &self,
        filter: &EntryFilter,
        viewer: Viewer,
        limit: usize,
        cursor: Option<EntriesCursor>,
    ) -> ApiResult<EntriesPage> {
        Ok(entries::page(self.conn(), filter, viewer, limit, cursor)?)
    }

    /// An entry as a screen shows it: its summary and, for a module, how far it is filled
    /// in, its score and any attention advice (shown the moment an attention item is
    /// answered above zero, even on a half-filled form).
    pub fn entry_view(&self, entry: Entry) -> ApiResult<EntryView> {
        let module = match &entry.body {
            EntryBody::Module(m) => {
                templates::find(self.conn(), &m.template_id, m.template_version)?
                    .map(|t| m.view(&t))
            }
            _ => None,
        };
        Ok(EntryView {
            kind: entry.kind(),
            section: entry.kind().section(),
            summary: entry.body.summary(),
            module,
            entry,
        })
    }

    /// Entries `viewer` may see, as screens show them.
    pub fn entry_views(&self, filter: &EntryFilter, viewer: Viewer) -> ApiResult<Vec<EntryView>> {
        self.entries(filter, viewer)?
            .into_iter()
            .map(|e| self.entry_view(e))
            .collect()
    }

    /// Stores a module template so that modules can be added as data. It is checked
    /// first; a stored id + version is never replaced (instances depend on it).
    pub fn add_module_template(&mut self, template: &ModuleTemplate) -> ApiResult<()> {
        template.validate()?;
        self.write(&[ChangeArea::Settings], |tx, _| {
            if templates::find(tx, &template.id, template.version)?.is_some() {
                return Err(ValidationError::new(
                    "version",
                    format!(
                        "{} version {} exists already",
                        template.id, template.version
                    ),
                )
                .into());
            }
            Ok(templates::insert(tx, template)?)
        })
    }

    /// Every module template the record knows: shipped ones, then stored ones.
    pub fn module_templates(&self) -> ApiResult<Vec<ModuleTemplate>> {
        Ok(templates::all(self.conn())?)
    }
}
