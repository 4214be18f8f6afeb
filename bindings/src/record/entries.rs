//! Entries: add, edit, privacy, delete, undo, purge, history, lists and pages, the
//! views screens show, module templates, the field schema of each kind, and the changes
//! feed.

use phr_core::api::{
    ChangesPage, EntriesCursor, EntriesPage, EntryChange, EntryFilter, EntryView, NewEntryOptions,
};
use phr_core::model::{
    Author, Entry, EntryBody, EntryId, EntryKind, FieldSpec, ModuleTemplate, NhsNumber, Viewer,
    Visibility,
};

use super::PersonHeldRecord;
use crate::error::RecordError;

/// One entry to add with `add_entries`.
#[derive(Debug, Clone, uniffi::Record)]
pub struct NewEntry {
    /// The content.
    pub body: EntryBody,
    /// Who may see it, where it came from, who wrote it.
    pub options: NewEntryOptions,
}

#[uniffi::export]
impl PersonHeldRecord {
    /// Adds an entry after checking it on its own and against the record (one identity,
    /// five active goals, no date of birth in the future ...).
    pub fn add_entry(
        &self,
        body: EntryBody,
        options: NewEntryOptions,
    ) -> Result<Entry, RecordError> {
        self.with(|r| r.add_entry(body, options))
    }

    /// Adds several entries in one transaction: all, or (when one is invalid) none;
    /// errors name the position, e.g. `entries[3].name`.
    pub fn add_entries(&self, entries: Vec<NewEntry>) -> Result<Vec<Entry>, RecordError> {
        self.with(|r| r.add_entries(entries.into_iter().map(|e| (e.body, e.options)).collect()))
    }

    /// Replaces an entry's content (same kind), keeping the old one in its history.
    pub fn update_entry(
        &self,
        id: EntryId,
        body: EntryBody,
        author: Author,
    ) -> Result<Entry, RecordError> {
        self.with(|r| r.update_entry(id, body, author))
    }

    /// Changes who may see an entry.
    pub fn set_visibility(
        &self,
        id: EntryId,
        visibility: Visibility,
        author: Author,
    ) -> Result<Entry, RecordError> {
        self.with(|r| r.set_visibility(id, visibility, author))
    }

    /// Deletes an entry softly (undo brings it back, until deleted entries are purged).
    pub fn delete_entry(&self, id: EntryId, author: Author) -> Result<(), RecordError> {
        self.with(|r| r.delete_entry(id, author))
    }

    /// Undoes the latest change to an entry not undone yet; an undo that would break a
    /// rule spanning entries is refused, saying which.
    pub fn undo(&self, id: EntryId, author: Author) -> Result<Entry, RecordError> {
        self.with(|r| r.undo(id, author))
    }

    /// Removes deleted entries and their history for good; returns how many.
    pub fn purge_deleted(&self) -> Result<u64, RecordError> {
        self.with(|r| r.purge_deleted().map(|n| n as u64))
    }

    /// Every change to an entry, oldest first.
    pub fn history(&self, id: EntryId) -> Result<Vec<EntryChange>, RecordError> {
        self.with(|r| r.history(id))
    }

    /// One entry as `viewer` may see it.
    pub fn entry(&self, id: EntryId, viewer: Viewer) -> Result<Entry, RecordError> {
        self.with(|r| r.entry(id, viewer))
    }

    /// Entries `viewer` may see, in the order they were written.
    pub fn entries(&self, filter: EntryFilter, viewer: Viewer) -> Result<Vec<Entry>, RecordError> {
        self.with(|r| r.entries(&filter, viewer))
    }

    /// A page of at most `limit` entries after `cursor` (`null`/`nil` for the first).
    pub fn entries_page(
        &self,
        filter: EntryFilter,
        viewer: Viewer,
        limit: u32,
        cursor: Option<EntriesCursor>,
    ) -> Result<EntriesPage, RecordError> {
        self.with(|r| r.entries_page(&filter, viewer, limit as usize, cursor))
    }

    /// An entry as a screen shows it: its summary and, for a module, how far it is
    /// filled in, its score and any attention advice.
    pub fn entry_view(&self, entry: Entry) -> Result<EntryView, RecordError> {
        self.with(|r| r.entry_view(entry))
    }

    /// Entries `viewer` may see, as screens show them.
    pub fn entry_views(
        &self,
        filter: EntryFilter,
        viewer: Viewer,
    ) -> Result<Vec<EntryView>, RecordError> {
        self.with(|r| r.entry_views(&filter, viewer))
    }

    /// What changed after `token` (`""` for everything) as `viewer` sees it: entries and
    /// readings upserted and removed, at most `limit` of each, and the next token.
    pub fn changes_since(
        &self,
        token: String,
        viewer: Viewer,
        limit: u32,
    ) -> Result<ChangesPage, RecordError> {
        self.with(|r| r.changes_since(&token, viewer, limit as usize))
    }

    /// Every module template the record knows: shipped ones, then stored ones.
    pub fn module_templates(&self) -> Result<Vec<ModuleTemplate>, RecordError> {
        self.with(|r| r.module_templates())
    }

    /// Stores a module template so modules can be added as data.
    pub fn add_module_template(&self, template: ModuleTemplate) -> Result<(), RecordError> {
        self.with(|r| r.add_module_template(&template))
    }
}

/// The fields an entry of `kind` has, with what each takes: what a form is built from.
#[uniffi::export]
pub fn entry_kind_fields(kind: EntryKind) -> Vec<FieldSpec> {
    kind.fields()
}

/// An NHS number typed by the person, checked (ten digits and the modulus 11 check
/// digit); `Invalid` says what is wrong.
#[uniffi::export]
pub fn parse_nhs_number(text: String) -> Result<NhsNumber, RecordError> {
    Ok(NhsNumber::parse(&text)?)
}
