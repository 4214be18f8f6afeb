//! Entries: add, edit, privacy, delete, read. Rules that span entries (one identity, at
//! most five active goals, module answers that follow a known template) live here because
//! only the store sees the other entries.

use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::Record;
use super::codec::{from_json, parse_time, stored_now, time_text, to_json};
use super::error::{StoreError, StoreResult};
use super::history::{ChangeOp, append_change};
use crate::clock::Clock;
use crate::record::about_me::MAX_ACTIVE_GOALS;
use crate::record::modules::{ModuleTemplate, builtin_template};
use crate::record::{
    Author, Entry, EntryBody, EntryId, EntryKind, EntryMeta, GoalStatus, Provenance, Section,
    ValidationError, Viewer, Visibility,
};

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

const ENTRY_COLUMNS: &str =
    "id, body, visibility, provenance, author, created_at, updated_at, version, deleted_at";

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

pub(super) fn load_entry(tx: &rusqlite::Connection, id: EntryId) -> StoreResult<Option<Entry>> {
    let cols = tx
        .query_row(
            &format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE id = ?1"),
            [id.to_string()],
            entry_from_row,
        )
        .optional()?;
    cols.map(decode_entry).transpose()
}

/// Writes `entry` (insert or replace) into the entries table.
pub(super) fn put_entry(tx: &Transaction<'_>, entry: &Entry) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO entries (id, kind, section, body, visibility, provenance, author,
                              created_at, updated_at, version, deleted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT(id) DO UPDATE SET body = ?4, visibility = ?5, provenance = ?6,
             author = ?7, updated_at = ?9, version = ?10, deleted_at = ?11",
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
    ])?;
    Ok(())
}

/// Finds the stored or shipped template an instance follows.
fn find_template(
    tx: &rusqlite::Connection,
    id: &str,
    version: u32,
) -> StoreResult<Option<ModuleTemplate>> {
    if let Some(t) = builtin_template(id).filter(|t| t.version == version) {
        return Ok(Some(t));
    }
    let stored: Option<String> = tx
        .query_row(
            "SELECT template FROM module_templates WHERE id = ?1 AND version = ?2",
            params![id, version],
            |r| r.get(0),
        )
        .optional()?;
    stored.map(|s| from_json(&s)).transpose()
}

/// Validates `body` on its own and against the other live entries (`except` is the
/// entry being edited).
fn validate_in_record(
    tx: &rusqlite::Connection,
    body: &EntryBody,
    except: Option<EntryId>,
) -> StoreResult<()> {
    body.validate()?;
    let kind = body.kind();
    let others = |tx: &rusqlite::Connection| -> StoreResult<Vec<Entry>> {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS} FROM entries WHERE kind = ?1 AND deleted_at IS NULL"
        ))?;
        let rows = stmt
            .query_map([kind.as_str()], entry_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(decode_entry)
            .filter(|e| !matches!(e, Ok(e) if Some(e.meta.id) == except))
            .collect()
    };
    if kind.is_singleton()
        && let Some(existing) = others(tx)?.first()
    {
        return Err(StoreError::SingletonExists {
            kind,
            existing: existing.meta.id,
        });
    }
    if let EntryBody::Goal(goal) = body
        && goal.status == GoalStatus::Active
    {
        let active = others(tx)?
            .iter()
            .filter(|e| matches!(&e.body, EntryBody::Goal(g) if g.status == GoalStatus::Active))
            .count();
        if active >= MAX_ACTIVE_GOALS {
            return Err(ValidationError::new(
                "status",
                format!(
                    "at most {MAX_ACTIVE_GOALS} goals can be active; achieve or pause one first"
                ),
            )
            .into());
        }
    }
    if let EntryBody::Module(instance) = body {
        let template = find_template(tx, &instance.template_id, instance.template_version)?
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

impl Record {
    /// Adds an entry after validating it on its own and against the record.
    pub fn add_entry(&mut self, body: EntryBody, options: NewEntryOptions) -> StoreResult<Entry> {
        self.write(|tx, clock| add_entry_in(tx, clock, body, options))
    }

    /// Adds several entries in one transaction: all are stored, or (when one is invalid)
    /// none is. Errors name the failing entry's position, e.g. `entries[3].name`.
    pub fn add_entries(
        &mut self,
        entries: Vec<(EntryBody, NewEntryOptions)>,
    ) -> StoreResult<Vec<Entry>> {
        self.write(|tx, clock| {
            entries
                .into_iter()
                .enumerate()
                .map(|(i, (body, options))| {
                    add_entry_in(tx, clock, body, options).map_err(|e| match e {
                        StoreError::Invalid(mut v) => {
                            v.field = format!("entries[{i}].{}", v.field);
                            StoreError::Invalid(v)
                        }
                        other => other,
                    })
                })
                .collect()
        })
    }

    /// Replaces an entry's body (same kind), keeping the old one in history.
    pub fn update_entry(
        &mut self,
        id: EntryId,
        body: EntryBody,
        author: Author,
    ) -> StoreResult<Entry> {
        self.write(|tx, clock| {
            let before = live_entry(tx, id)?;
            if before.kind() != body.kind() {
                return Err(StoreError::KindMismatch {
                    id,
                    expected: before.kind(),
                    found: body.kind(),
                });
            }
            validate_in_record(tx, &body, Some(id))?;
            let mut after = before.clone();
            after.body = body;
            touch(&mut after, clock, author.clone());
            put_entry(tx, &after)?;
            append_change(
                tx,
                clock,
                id,
                ChangeOp::Update,
                &author,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// Changes who may see an entry.
    pub fn set_visibility(
        &mut self,
        id: EntryId,
        visibility: Visibility,
        author: Author,
    ) -> StoreResult<Entry> {
        self.write(|tx, clock| {
            let before = live_entry(tx, id)?;
            let mut after = before.clone();
            after.meta.visibility = visibility;
            touch(&mut after, clock, author.clone());
            put_entry(tx, &after)?;
            append_change(
                tx,
                clock,
                id,
                ChangeOp::Privacy,
                &author,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// Deletes an entry softly: it disappears from every view but stays, with its
    /// history, until the person purges deleted entries (or undoes the delete).
    pub fn delete_entry(&mut self, id: EntryId, author: Author) -> StoreResult<()> {
        self.write(|tx, clock| {
            let before = live_entry(tx, id)?;
            let mut after = before.clone();
            touch(&mut after, clock, author.clone());
            after.meta.deleted_at = Some(stored_now(clock));
            put_entry(tx, &after)?;
            append_change(
                tx,
                clock,
                id,
                ChangeOp::Delete,
                &author,
                Some(&before),
                Some(&after),
            )?;
            Ok(())
        })
    }

    /// One entry as `viewer` may see it; deleted entries only for the person.
    pub fn entry(&self, id: EntryId, viewer: Viewer) -> StoreResult<Entry> {
        match load_entry(self.conn(), id)? {
            Some(e)
                if viewer.can_see(e.meta.visibility)
                    && (e.meta.deleted_at.is_none() || viewer == Viewer::Person) =>
            {
                Ok(e)
            }
            _ => Err(StoreError::NotFound(id)),
        }
    }

    /// Entries `viewer` may see, oldest first.
    pub fn entries(&self, filter: &EntryFilter, viewer: Viewer) -> StoreResult<Vec<Entry>> {
        let mut sql = format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE 1 = 1");
        let mut args: Vec<String> = Vec::new();
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
        sql.push_str(" ORDER BY created_at, id");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), entry_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(decode_entry).collect()
    }

    /// Stores a module template so that modules can be added as data. It is checked
    /// first; a stored id + version is never replaced (instances depend on it).
    pub fn add_module_template(&mut self, template: &ModuleTemplate) -> StoreResult<()> {
        template.validate()?;
        self.write(|tx, _| {
            if find_template(tx, &template.id, template.version)?.is_some() {
                return Err(ValidationError::new(
                    "version",
                    format!(
                        "{} version {} exists already",
                        template.id, template.version
                    ),
                )
                .into());
            }
            tx.execute(
                "INSERT INTO module_templates (id, version, template) VALUES (?1, ?2, ?3)",
                params![template.id, template.version, to_json(template)?],
            )?;
            Ok(())
        })
    }

    /// Every module template the record knows: shipped ones, then stored ones.
    pub fn module_templates(&self) -> StoreResult<Vec<ModuleTemplate>> {
        let mut all = crate::record::modules::builtin_templates();
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT template FROM module_templates ORDER BY id, version")?;
        for json in stmt.query_map([], |r| r.get::<_, String>(0))? {
            all.push(from_json(&json?)?);
        }
        Ok(all)
    }
}

pub(super) fn add_entry_in(
    tx: &Transaction<'_>,
    clock: &dyn Clock,
    body: EntryBody,
    options: NewEntryOptions,
) -> StoreResult<Entry> {
    validate_in_record(tx, &body, None)?;
    let now = stored_now(clock);
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
    put_entry(tx, &entry)?;
    append_change(
        tx,
        clock,
        entry.meta.id,
        ChangeOp::Create,
        &options.author,
        None,
        Some(&entry),
    )?;
    Ok(entry)
}

fn live_entry(tx: &Transaction<'_>, id: EntryId) -> StoreResult<Entry> {
    match load_entry(tx, id)? {
        Some(e) if e.meta.deleted_at.is_none() => Ok(e),
        _ => Err(StoreError::NotFound(id)),
    }
}

fn touch(entry: &mut Entry, clock: &dyn Clock, author: Author) {
    entry.meta.updated_at = stored_now(clock);
    entry.meta.version += 1;
    entry.meta.author = author;
}
