//! One import inside its transaction: each candidate compared with the imports ledger
//! and written, readings in one batch with the rules run on them, the rules spanning
//! entries checked at the end.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use super::super::entries::check_body;
use super::super::error::ApiError;
use crate::fhir::codes::IpsSection;
use crate::fhir::import::merge::FieldHashes;
use crate::fhir::import::{
    self, Candidate, ImportItem, ImportOptions, ImportOutcome, ImportReport, ImportTarget,
    MappedEntry, Planned,
};
use crate::fhir::mapping::MAPPING_VERSION;
use crate::fhir::mapping::negation::section_name;
use crate::model::invariants::check_kind;
use crate::model::{Author, Entry, EntryId, EntryKind, NewReading, Provenance};
use crate::store::entries;
use crate::store::history::{self, ChangeOp};
use crate::store::imports::{self, ImportRow, ImportedAs};
use crate::store::readings;

/// A check of an entry that failed, named at the FHIR element it came from.
pub(super) fn at_element(file: &str, c: &Candidate, m: &MappedEntry, e: ApiError) -> ApiError {
    match e {
        ApiError::Invalid { field, reason } => {
            let element = m.path_of(&field).unwrap_or_default();
            let path = [c.path.as_str(), element.as_str()]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(".");
            ApiError::Invalid {
                field: format!("{file}: {path}"),
                reason: format!("{reason} (in {})", c.label()),
            }
        }
        other => other,
    }
}

/// Why an import stops, inside its transaction: a dry run's report rolls everything back.
pub(super) enum Stop {
    DryRun(ImportReport),
    Failed(ApiError),
}

impl From<rusqlite::Error> for Stop {
    fn from(e: rusqlite::Error) -> Self {
        Self::Failed(e.into())
    }
}

impl<E: Into<ApiError>> From<Wrap<E>> for Stop {
    fn from(Wrap(e): Wrap<E>) -> Self {
        Self::Failed(e.into())
    }
}

pub(super) struct Wrap<E>(pub(super) E);

/// A reading the record holds under a client id: its id and version.
pub(super) type Stored = (i64, Option<i64>);

/// A reading to add with what the record held under its client id, or what to say.
type Pending = Result<(NewReading, Option<Stored>), ImportItem>;

/// One import, inside its transaction.
pub(super) struct Import<'a, 't> {
    pub(super) tx: &'a Transaction<'t>,
    pub(super) now: DateTime<Utc>,
    pub(super) options: &'a ImportOptions,
    pub(super) plan: &'a import::Plan,
    pub(super) active_goals: Option<usize>,
    /// Patients (their keys) that are another person: their other parts are not imported.
    pub(super) rejected: HashSet<String>,
}

/// What to say about one candidate.
pub(super) fn item(
    c: &Candidate,
    outcome: ImportOutcome,
    target: Option<ImportTarget>,
    reason: Option<String>,
) -> ImportItem {
    let notes = match &c.planned {
        Planned::Entry(m) => m.notes.clone(),
        _ => Vec::new(),
    };
    ImportItem {
        resource: c.label().to_owned(),
        path: c.path.clone(),
        outcome,
        target,
        reason,
        notes,
    }
}

impl Import<'_, '_> {
    pub(super) fn run(mut self) -> Result<ImportReport, Stop> {
        let plan = self.plan;
        let mut items: Vec<Option<ImportItem>> = vec![None; plan.candidates.len()];
        let mut batch: Vec<(usize, NewReading, Option<Stored>)> = Vec::new();
        let mut seen = HashSet::new();
        let mut touched_kinds = HashSet::new();
        for (i, c) in plan.candidates.iter().enumerate() {
            if !seen.insert(c.key.as_str()) {
                items[i] = Some(item(
                    c,
                    ImportOutcome::NotImported,
                    None,
                    Some("the same resource appears earlier in the file".into()),
                ));
                continue;
            }
            let row = imports::get(self.tx, &c.key).map_err(Wrap)?;
            let said = match &c.planned {
                _ if c.own => self.own(c, &mut touched_kinds)?,
                Planned::Entry(m) => self.entry(c, m, row, &mut touched_kinds)?,
                Planned::Reading(r) => match self.reading(c, r, row.as_ref())? {
                    Ok(pending) => {
                        batch.push((i, pending.0, pending.1));
                        continue;
                    }
                    Err(said) => said,
                },
                Planned::Negation(section) => self.negation(c, *section, row)?,
                Planned::Kept { reason, not_a_fact } => self.kept(c, reason, *not_a_fact, row)?,
            };
            items[i] = Some(said);
        }
        let news: Vec<NewReading> = batch.iter().map(|(_, r, _)| r.clone()).collect();
        let ingest = readings::insert_batch(self.tx, self.now, &news, None).map_err(Wrap)?;
        crate::rules::on_new_readings(self.tx, self.now, &ingest.ids).map_err(Wrap)?;
        for (i, reading, before) in batch {
            let c = &plan.candidates[i];
            let after = imports::client_reading(self.tx, &reading).map_err(Wrap)?;
            let outcome = match (before, after) {
                (None, Some(_)) => ImportOutcome::Added,
                (Some((_, old)), Some(_))
                    if reading.client_record_version.unwrap_or(0) > old.unwrap_or(0) =>
                {
                    ImportOutcome::Updated
                }
                _ => ImportOutcome::Unchanged,
            };
            let id = after.map(|(id, _)| id);
            self.ledger(c, ImportedAs::Reading, None, id, None, None)?;
            items[i] = Some(item(
                c,
                outcome,
                id.map(|id| ImportTarget::Reading { id }),
                None,
            ));
        }
        let mut touched_kinds: Vec<EntryKind> = touched_kinds.into_iter().collect();
        touched_kinds.sort_by_key(|k| k.as_str());
        for kind in touched_kinds {
            let live = entries::live_of_kind(self.tx, kind).map_err(Wrap)?;
            check_kind(kind, &live).map_err(Wrap)?;
        }
        let mut report = ImportReport {
            file: self.options.file().to_owned(),
            system: plan.system.clone(),
            dry_run: self.options.dry_run,
            items: items.into_iter().flatten().collect(),
        };
        report
            .items
            .extend(plan.empty.iter().map(|path| ImportItem {
                resource: "an entry".into(),
                path: path.clone(),
                outcome: ImportOutcome::NotImported,
                target: None,
                reason: Some("the entry holds no resource".into()),
                notes: Vec::new(),
            }));
        Ok(report)
    }

    pub(super) fn ledger(
        &self,
        c: &Candidate,
        outcome: ImportedAs,
        entry: Option<EntryId>,
        reading: Option<i64>,
        fields: Option<&FieldHashes>,
        reason: Option<&str>,
    ) -> Result<(), Stop> {
        let keeps_raw = matches!(outcome, ImportedAs::Kept | ImportedAs::Negation);
        let row = ImportRow {
            source_key: c.key.clone(),
            resource_type: c.resource_type.clone(),
            version: c.version.clone(),
            mapping_version: MAPPING_VERSION,
            outcome,
            entry_id: entry,
            reading_id: reading,
            fields: fields.and_then(|f| serde_json::to_string(f).ok()),
            reason: reason.map(str::to_owned),
            section: match &c.planned {
                Planned::Negation(s) => Some(section_name(*s).to_owned()),
                _ => None,
            },
            visibility: (outcome == ImportedAs::Negation)
                .then_some(self.options.default_visibility),
            raw: keeps_raw.then(|| c.raw.to_string()),
        };
        // An unchanged row is not written again: a re-import of the same file writes nothing.
        if imports::get(self.tx, &row.source_key)
            .map_err(Wrap)?
            .as_ref()
            != Some(&row)
        {
            imports::put(self.tx, &row, self.now).map_err(Wrap)?;
        }
        Ok(())
    }

    pub(super) fn provenance(&self, c: &Candidate) -> Provenance {
        Provenance::Imported {
            system: self.plan.system.clone(),
            resource_id: c.resource_id.clone(),
            version: c.version.clone(),
            mapping_version: Some(MAPPING_VERSION),
            raw: serde_json::from_str(&c.raw).ok(),
        }
    }

    /// Writes `after` in place of `before` (or as new), with its history.
    pub(super) fn write(
        &self,
        c: &Candidate,
        m: &MappedEntry,
        before: Option<&Entry>,
        after: &Entry,
    ) -> Result<(), Stop> {
        check_body(self.tx, &after.body, self.now)
            .map_err(|e| Stop::Failed(at_element(self.options.file(), c, m, e)))?;
        entries::put(self.tx, after).map_err(Wrap)?;
        let op = if before.is_some() {
            ChangeOp::Update
        } else {
            ChangeOp::Create
        };
        history::append(
            self.tx,
            self.now,
            after.meta.id,
            op,
            &Author::Person,
            before,
            Some(after),
        )
        .map_err(Wrap)?;
        Ok(())
    }
}

impl Import<'_, '_> {
    /// A reading to add (with what the record held under its client id before), or what
    /// to say instead.
    fn reading(
        &self,
        c: &Candidate,
        r: &NewReading,
        row: Option<&ImportRow>,
    ) -> Result<Pending, Stop> {
        let mut reading = r.clone();
        reading.visibility = self.options.default_visibility;
        if reading.client_record_id.is_none() {
            reading.client_record_id = Some(c.resource_id.clone());
        }
        if let Some(id) = row
            .filter(|r| r.outcome == ImportedAs::Reading)
            .and_then(|r| r.reading_id)
        {
            match readings::get(self.tx, id) {
                Ok(stored)
                    if stored.reading.client_record_id == reading.client_record_id
                        && stored.reading.client_record_version.unwrap_or(0)
                            >= reading.client_record_version.unwrap_or(0) =>
                {
                    let target = Some(ImportTarget::Reading { id });
                    return Ok(Err(item(c, ImportOutcome::Unchanged, target, None)));
                }
                Ok(stored) => {
                    reading.visibility = stored.reading.visibility;
                    reading.note = stored.reading.note.or(reading.note);
                }
                Err(_) => {
                    return Ok(Err(item(
                        c,
                        ImportOutcome::NotImported,
                        None,
                        Some("you deleted this reading: it is not brought back".into()),
                    )));
                }
            }
        }
        let before = imports::client_reading(self.tx, &reading).map_err(Wrap)?;
        Ok(Ok((reading, before)))
    }

    fn negation(
        &self,
        c: &Candidate,
        section: IpsSection,
        row: Option<ImportRow>,
    ) -> Result<ImportItem, Stop> {
        let target = Some(ImportTarget::Statement {
            section: section_name(section).into(),
        });
        let reason = Some(format!(
            "a statement that there are no known {}",
            section.title().to_lowercase()
        ));
        if row
            .is_some_and(|r| r.outcome == ImportedAs::Negation && r.raw.as_deref() == Some(&*c.raw))
        {
            return Ok(item(c, ImportOutcome::Unchanged, target, reason));
        }
        self.ledger(c, ImportedAs::Negation, None, None, None, reason.as_deref())?;
        Ok(item(c, ImportOutcome::Added, target, reason))
    }

    fn kept(
        &self,
        c: &Candidate,
        reason: &str,
        not_a_fact: bool,
        row: Option<ImportRow>,
    ) -> Result<ImportItem, Stop> {
        let outcome = if not_a_fact {
            ImportOutcome::NotImported
        } else {
            ImportOutcome::NotMapped
        };
        if let Some(r) = &row
            && matches!(r.outcome, ImportedAs::Entry | ImportedAs::Reading)
        {
            let why = format!(
                "{reason}; what it was imported as before is left for you to keep or delete"
            );
            return Ok(item(c, outcome, None, Some(why)));
        }
        let unchanged = row.is_some_and(|r| r.raw.as_deref() == Some(&*c.raw));
        if !unchanged {
            self.ledger(c, ImportedAs::Kept, None, None, None, Some(reason))?;
        }
        Ok(item(c, outcome, None, Some(reason.into())))
    }
}
