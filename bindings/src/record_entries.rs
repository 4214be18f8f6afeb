//! `PersonHeldRecord`'s entry methods: add, edit, privacy, delete, read, history, undo,
//! purge, the changes feed and module templates.

use phr_core::model::{EntryBody as CoreEntryBody, EntryId, ValidationError};

use crate::entry::{
    Author, ChangesPage, Entry, EntryBody, EntryChange, EntryFilter, NewEntry, NewEntryOptions,
    Viewer, Visibility, author_or_person,
};
use crate::error::RecordError;
use crate::model::PersonHeldRecord;
use crate::modules::ModuleTemplate;

fn entry_id(id: &str) -> Result<EntryId, RecordError> {
    Ok(id.parse::<EntryId>()?)
}

fn body(body: EntryBody) -> Result<CoreEntryBody, ValidationError> {
    body.try_into()
}

#[uniffi::export]
impl PersonHeldRecord {
    /// Adds an entry after the core validated it on its own and against the record.
    /// Errors name the field (`Invalid`); a second entry of a kind held once is
    /// `OnlyOneAllowed`.
    pub fn add_entry(
        &self,
        body: EntryBody,
        options: NewEntryOptions,
    ) -> Result<Entry, RecordError> {
        let body = self::body(body)?;
        self.with(|r| Ok(r.add_entry(body, options.into())?.into()))
    }

    /// Adds several entries in one transaction: all are stored, or none is. Errors
    /// name the failing entry's position, e.g. `entries[3].name`.
    pub fn add_entries(&self, entries: Vec<NewEntry>) -> Result<Vec<Entry>, RecordError> {
        let entries = entries
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                body(e.body)
                    .map(|b| (b, e.options.into()))
                    .map_err(|mut v| {
                        v.field = format!("entries[{i}].{}", v.field);
                        v
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.with(|r| {
            Ok(r.add_entries(entries)?
                .into_iter()
                .map(Into::into)
                .collect())
        })
    }

    /// Replaces an entry's body (same kind); the old one stays in its history.
    #[uniffi::method(default(author = None))]
    pub fn update_entry(
        &self,
        id: String,
        body: EntryBody,
        author: Option<Author>,
    ) -> Result<Entry, RecordError> {
        let id = entry_id(&id)?;
        let body = self::body(body)?;
        self.with(|r| Ok(r.update_entry(id, body, author_or_person(author))?.into()))
    }

    /// Changes who may see an entry.
    #[uniffi::method(default(author = None))]
    pub fn set_visibility(
        &self,
        id: String,
        visibility: Visibility,
        author: Option<Author>,
    ) -> Result<Entry, RecordError> {
        let id = entry_id(&id)?;
        self.with(|r| {
            Ok(
                r.set_visibility(id, visibility.into(), author_or_person(author))?
                    .into(),
            )
        })
    }

    /// Deletes an entry softly: gone from every view, kept with its history until the
    /// person purges deleted entries (or undoes the delete).
    #[uniffi::method(default(author = None))]
    pub fn delete_entry(&self, id: String, author: Option<Author>) -> Result<(), RecordError> {
        let id = entry_id(&id)?;
        self.with(|r| Ok(r.delete_entry(id, author_or_person(author))?))
    }

    /// One entry as `viewer` may see it (`NotFound` otherwise).
    pub fn entry(&self, id: String, viewer: Viewer) -> Result<Entry, RecordError> {
        let id = entry_id(&id)?;
        self.with(|r| Ok(r.entry(id, viewer.into())?.into()))
    }

    /// The entries `viewer` may see, oldest first.
    pub fn entries(&self, filter: EntryFilter, viewer: Viewer) -> Result<Vec<Entry>, RecordError> {
        self.with(|r| {
            Ok(r.entries(&filter.into(), viewer.into())?
                .into_iter()
                .map(Into::into)
                .collect())
        })
    }

    /// Every change to an entry, oldest first (for the person).
    pub fn history(&self, id: String) -> Result<Vec<EntryChange>, RecordError> {
        let id = entry_id(&id)?;
        self.with(|r| Ok(r.history(id)?.into_iter().map(Into::into).collect()))
    }

    /// Undoes the latest change to an entry not yet undone; repeated undos walk back.
    /// Undoing a create deletes (softly); undoing a delete restores.
    #[uniffi::method(default(author = None))]
    pub fn undo(&self, id: String, author: Option<Author>) -> Result<Entry, RecordError> {
        let id = entry_id(&id)?;
        self.with(|r| Ok(r.undo(id, author_or_person(author))?.into()))
    }

    /// Removes deleted entries and their history for good; returns how many. Changes
    /// tokens from before expire.
    pub fn purge_deleted(&self) -> Result<u32, RecordError> {
        self.with(|r| Ok(u32::try_from(r.purge_deleted()?).unwrap_or(u32::MAX)))
    }

    /// The changes feed: what changed after `token` (0 for everything) as `viewer`
    /// sees it, at most `limit` changes per page.
    pub fn changes_since(
        &self,
        token: i64,
        viewer: Viewer,
        limit: u32,
    ) -> Result<ChangesPage, RecordError> {
        self.with(|r| {
            Ok(r.changes_since(token, viewer.into(), limit as usize)?
                .into())
        })
    }

    /// Every module template the record knows: shipped ones, then stored ones.
    pub fn module_templates(&self) -> Result<Vec<ModuleTemplate>, RecordError> {
        self.with(|r| Ok(r.module_templates()?.into_iter().map(Into::into).collect()))
    }

    /// Stores a module template, so that a module can be added as data. A stored id
    /// and version is never replaced.
    pub fn add_module_template(&self, template: ModuleTemplate) -> Result<(), RecordError> {
        self.with(|r| Ok(r.add_module_template(&template.into())?))
    }
}
