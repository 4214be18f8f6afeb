//! One candidate entry: new, a re-import merged with the person's changes, a Patient
//! merged into the identity already there, this record's own export coming back.

use std::collections::HashSet;

use super::super::entries::touched;
use super::super::error::ApiError;
use super::run::{Import, Stop, Wrap, item};
use crate::fhir::import::merge::{FieldHashes, field_hashes, merge};
use crate::fhir::import::{
    Candidate, ImportItem, ImportOutcome, ImportTarget, MappedEntry, Planned,
};
use crate::model::{
    Author, Entry, EntryBody, EntryId, EntryKind, EntryMeta, GoalStatus, MAX_ACTIVE_GOALS,
};
use crate::store::entries;
use crate::store::imports::{ImportRow, ImportedAs};

impl Import<'_, '_> {
    /// A resource this record's own export made: its entry (by id) gets only what it
    /// lacks; anything else is already here.
    pub(super) fn own(
        &self,
        c: &Candidate,
        kinds: &mut HashSet<EntryKind>,
    ) -> Result<ImportItem, Stop> {
        let here = "made by this record (one of its exports): already here";
        let (Planned::Entry(m), true) = (&c.planned, c.is_whole()) else {
            return Ok(item(c, ImportOutcome::Unchanged, None, Some(here.into())));
        };
        let Some(id) = c.id.as_deref().and_then(|id| id.parse::<EntryId>().ok()) else {
            return Ok(item(c, ImportOutcome::Unchanged, None, Some(here.into())));
        };
        match entries::load(self.tx, id).map_err(Wrap)? {
            Some(current)
                if current.meta.deleted_at.is_none() && current.kind() == m.body.kind() =>
            {
                let merged = merge(&current.body, &m.body, None).map_err(|e| {
                    Stop::Failed(ApiError::Storage {
                        reason: e.to_string(),
                    })
                })?;
                let target = Some(ImportTarget::Entry {
                    id,
                    kind: current.kind(),
                });
                if !merged.changed {
                    return Ok(item(c, ImportOutcome::Unchanged, target, Some(here.into())));
                }
                let mut after = touched(current.clone(), self.now, &Author::Person);
                after.body = merged.body;
                self.write(c, m, Some(&current), &after)?;
                kinds.insert(after.kind());
                Ok(item(
                    c,
                    ImportOutcome::Updated,
                    target,
                    Some(format!("filled {}", merged.taken.join(", "))),
                ))
            }
            _ => Ok(item(
                c,
                ImportOutcome::NotImported,
                None,
                Some("made by this record and since deleted: not brought back".into()),
            )),
        }
    }

    pub(super) fn entry(
        &mut self,
        c: &Candidate,
        m: &MappedEntry,
        row: Option<ImportRow>,
        kinds: &mut HashSet<EntryKind>,
    ) -> Result<ImportItem, Stop> {
        let deleted = || {
            Ok(item(
                c,
                ImportOutcome::NotImported,
                None,
                Some("you deleted what this was imported as: it is not brought back".into()),
            ))
        };
        let whole = c.key.split('#').next().unwrap_or_default();
        if !c.is_whole() && self.rejected.contains(whole) {
            return Ok(item(
                c,
                ImportOutcome::NotImported,
                None,
                Some("part of a Patient that was not imported".into()),
            ));
        }
        let (current, base) = match &row {
            Some(r) if r.outcome == ImportedAs::Entry => {
                match r
                    .entry_id
                    .map(|id| entries::load(self.tx, id))
                    .transpose()
                    .map_err(Wrap)?
                    .flatten()
                {
                    Some(e) if e.meta.deleted_at.is_none() => {
                        let base: Option<FieldHashes> = r
                            .fields
                            .as_deref()
                            .and_then(|f| serde_json::from_str(f).ok());
                        (Some(e), base)
                    }
                    _ => return deleted(),
                }
            }
            _ => match entries::by_source_key(self.tx, &c.key).map_err(Wrap)? {
                Some(e) if e.meta.deleted_at.is_some() => return deleted(),
                Some(e) => (Some(e), None),
                None => (self.singleton(m)?, None),
            },
        };
        let kind = m.body.kind();
        let Some(current) = current else {
            if m.incomplete {
                self.rejected.insert(c.key.clone());
                self.ledger(
                    c,
                    ImportedAs::Kept,
                    None,
                    None,
                    None,
                    m.notes.first().map(String::as_str),
                )?;
                return Ok(item(
                    c,
                    ImportOutcome::NotMapped,
                    None,
                    m.notes.first().cloned(),
                ));
            }
            if let EntryBody::Goal(g) = &m.body
                && g.status == GoalStatus::Active
                && !self.room_for_an_active_goal()?
            {
                let why = format!(
                    "the record already has {MAX_ACTIVE_GOALS} active goals: kept, to add when one is achieved or paused"
                );
                self.ledger(c, ImportedAs::Kept, None, None, None, Some(&why))?;
                return Ok(item(c, ImportOutcome::NotMapped, None, Some(why)));
            }
            let entry = Entry {
                meta: EntryMeta {
                    id: EntryId::new(),
                    created_at: self.now,
                    updated_at: self.now,
                    provenance: self.provenance(c),
                    visibility: self.options.default_visibility,
                    author: Author::Person,
                    version: 1,
                    deleted_at: None,
                },
                body: m.body.clone(),
            };
            self.write(c, m, None, &entry)?;
            kinds.insert(kind);
            let hashes = field_hashes(&entry.body).map_err(|e| {
                Stop::Failed(ApiError::Storage {
                    reason: e.to_string(),
                })
            })?;
            self.ledger(
                c,
                ImportedAs::Entry,
                Some(entry.meta.id),
                None,
                Some(&hashes),
                None,
            )?;
            return Ok(item(
                c,
                ImportOutcome::Added,
                Some(ImportTarget::Entry {
                    id: entry.meta.id,
                    kind,
                }),
                None,
            ));
        };
        let target = Some(ImportTarget::Entry {
            id: current.meta.id,
            kind: current.kind(),
        });
        let ours = entries::source_key(&current.meta.provenance).as_deref() == Some(c.key.as_str());
        if !ours && base.is_none() && !same_person(&current.body, &m.body) {
            self.rejected.insert(c.key.clone());
            self.ledger(
                c,
                ImportedAs::Kept,
                None,
                None,
                None,
                Some("another person"),
            )?;
            return Ok(item(
                c,
                ImportOutcome::NotImported,
                target,
                Some(format!(
                    "not merged into {}: it is about another person",
                    kind.title().to_lowercase()
                )),
            ));
        }
        let merged = merge(&current.body, &m.body, base.as_ref()).map_err(|e| {
            Stop::Failed(ApiError::Storage {
                reason: e.to_string(),
            })
        })?;
        let provenance = if ours {
            self.provenance(c)
        } else {
            current.meta.provenance.clone()
        };
        let changed = merged.changed || provenance != current.meta.provenance;
        if changed {
            let mut after = touched(current.clone(), self.now, &Author::Person);
            after.body = merged.body.clone();
            after.meta.provenance = provenance;
            self.write(c, m, Some(&current), &after)?;
            kinds.insert(kind);
        }
        self.ledger(
            c,
            ImportedAs::Entry,
            Some(current.meta.id),
            None,
            Some(&merged.hashes),
            None,
        )?;
        let reason = (!ours && !merged.taken.is_empty()).then(|| {
            format!(
                "merged into the {} already in the record: filled {}",
                kind.title().to_lowercase(),
                merged.taken.join(", ")
            )
        });
        let outcome = if changed {
            ImportOutcome::Updated
        } else {
            ImportOutcome::Unchanged
        };
        Ok(item(c, outcome, target, reason))
    }

    /// The live entry of a kind the record holds once, which a new one merges into.
    fn singleton(&self, m: &MappedEntry) -> Result<Option<Entry>, Stop> {
        let kind = m.body.kind();
        if !kind.is_singleton() {
            return Ok(None);
        }
        Ok(entries::live_of_kind(self.tx, kind)
            .map_err(Wrap)?
            .into_iter()
            .next())
    }

    fn room_for_an_active_goal(&mut self) -> Result<bool, Stop> {
        let active = match self.active_goals {
            Some(n) => n,
            None => entries::live_of_kind(self.tx, EntryKind::Goal)
                .map_err(Wrap)?
                .iter()
                .filter(|e| matches!(&e.body, EntryBody::Goal(g) if g.status == GoalStatus::Active))
                .count(),
        };
        let room = active < MAX_ACTIVE_GOALS;
        self.active_goals = Some(active + usize::from(room));
        Ok(room)
    }
}

/// Whether a Patient is the person whose identity the record holds: the same NHS number
/// when both have one, else the same name (ignoring case and spacing).
fn same_person(current: &EntryBody, incoming: &EntryBody) -> bool {
    let (EntryBody::Identity(a), EntryBody::Identity(b)) = (current, incoming) else {
        return true;
    };
    match (&a.nhs_number, &b.nhs_number) {
        (Some(x), Some(y)) => x == y,
        _ => {
            let words = |s: &str| {
                s.split_whitespace()
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            };
            words(&a.name) == words(&b.name)
        }
    }
}
