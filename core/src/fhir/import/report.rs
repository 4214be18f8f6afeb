//! [`ImportReport`]: what an import did (or, in a dry run, would do) with each resource.

use serde::{Deserialize, Serialize};

use crate::model::{EntryId, EntryKind};

/// What happened to one resource (or one part of it: a Patient gives an identity,
/// contact details and contacts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    /// A new entry, reading or statement.
    Added,
    /// An entry or reading imported before, changed by a newer version.
    Updated,
    /// Already in the record as it is.
    Unchanged,
    /// Kept as it came, not mapped into the record (the reason says why).
    NotMapped,
    /// Not imported as a fact (entered in error, refuted, deleted by the person, a
    /// second person): kept as it came where there is something to keep.
    NotImported,
}

/// What a resource became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ImportTarget {
    /// An entry.
    Entry {
        /// Its id.
        id: EntryId,
        /// Its kind.
        kind: EntryKind,
    },
    /// A reading.
    Reading {
        /// Its id.
        id: i64,
    },
    /// A statement that there is none, for an IPS section ("allergies").
    Statement {
        /// The section.
        section: String,
    },
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportItem {
    /// The resource: `Condition/abc`, `Patient/p1#contact[0]`.
    pub resource: String,
    /// Where it is in the file: `entry[3].resource`.
    pub path: String,
    /// What happened.
    pub outcome: ImportOutcome,
    /// What it became.
    pub target: Option<ImportTarget>,
    /// Why, for what was not mapped or not imported, or merged.
    pub reason: Option<String>,
    /// What was left out of the entry and why ("the NHS number does not pass its check").
    pub notes: Vec<String>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// The file's name.
    pub file: String,
    /// The system the data came from.
    pub system: String,
    /// Whether this was a dry run (then nothing was written).
    pub dry_run: bool,
    /// One line per resource, in the order of the file.
    pub items: Vec<ImportItem>,
}

impl ImportReport {
    /// How many lines have `outcome`.
    pub fn count(&self, outcome: ImportOutcome) -> usize {
        self.items.iter().filter(|i| i.outcome == outcome).count()
    }

    /// The lines with `outcome`.
    pub fn with(&self, outcome: ImportOutcome) -> impl Iterator<Item = &ImportItem> {
        self.items.iter().filter(move |i| i.outcome == outcome)
    }

    /// Whether the import added or updated anything.
    pub fn changed_anything(&self) -> bool {
        self.count(ImportOutcome::Added) + self.count(ImportOutcome::Updated) > 0
    }
}
