//! [`ExportScope`]: what of the record an export holds, besides who is looking (the
//! viewer decides what can be seen at all; the scope narrows it). The sharing work keeps
//! one per grant.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Entry, EntryId, EntryKind, Section};

/// What of the record an export holds.
///
/// Entries: with `sections`, `kinds` and `entries` all empty, every entry the viewer may
/// see; otherwise those in one of `sections`, of one of `kinds`, or listed in `entries`.
/// Readings: only with `readings`, taken at or after `readings_since` when set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportScope {
    /// Whole sections.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Whole entry kinds.
    #[serde(default)]
    pub kinds: Vec<EntryKind>,
    /// Single entries.
    #[serde(default)]
    pub entries: Vec<EntryId>,
    /// Whether readings go in.
    #[serde(default)]
    pub readings: bool,
    /// Readings from this time on.
    #[serde(default)]
    pub readings_since: Option<DateTime<Utc>>,
}

impl Default for ExportScope {
    /// Everything the viewer may see, readings included.
    fn default() -> Self {
        Self::everything()
    }
}

impl ExportScope {
    /// Everything the viewer may see, readings included.
    pub fn everything() -> Self {
        Self {
            sections: Vec::new(),
            kinds: Vec::new(),
            entries: Vec::new(),
            readings: true,
            readings_since: None,
        }
    }

    fn is_everything(&self) -> bool {
        self.sections.is_empty() && self.kinds.is_empty() && self.entries.is_empty()
    }

    /// Whether every entry of `kind` is in (a section or kind chosen whole).
    pub fn has_kind(&self, kind: EntryKind) -> bool {
        self.is_everything()
            || self.kinds.contains(&kind)
            || self.sections.contains(&kind.section())
    }

    /// Whether `entry` is in.
    pub fn has(&self, entry: &Entry) -> bool {
        self.has_kind(entry.kind()) || self.entries.contains(&entry.meta.id)
    }
}
