//! FHIR import reports and export scopes as uniffi sees the core's types (remote
//! definitions).

use phr_core::api::{
    ExportScope, ImportItem, ImportOptions, ImportOutcome, ImportReport, ImportTarget, KeptResource,
};
use phr_core::model::{EntryId, EntryKind, Section, Visibility};

use super::custom::UtcTime;

/// How an import is done.
#[uniffi::remote(Record)]
pub struct ImportOptions {
    pub default_visibility: Visibility,
    pub dry_run: bool,
    #[uniffi(default)]
    pub system: Option<String>,
    #[uniffi(default)]
    pub file_name: Option<String>,
}

/// What an import did.
#[uniffi::remote(Record)]
pub struct ImportReport {
    pub file: String,
    pub system: String,
    pub dry_run: bool,
    #[uniffi(default)]
    pub items: Vec<ImportItem>,
}

/// One line of the report.
#[uniffi::remote(Record)]
pub struct ImportItem {
    pub resource: String,
    pub path: String,
    pub outcome: ImportOutcome,
    #[uniffi(default)]
    pub target: Option<ImportTarget>,
    #[uniffi(default)]
    pub reason: Option<String>,
    #[uniffi(default)]
    pub notes: Vec<String>,
}

/// What happened to one resource (or one part of it: a Patient gives an identity,
/// contact details and contacts).
#[uniffi::remote(Enum)]
pub enum ImportOutcome {
    Added,
    Updated,
    Unchanged,
    NotMapped,
    NotImported,
}

/// What a resource became.
#[uniffi::remote(Enum)]
pub enum ImportTarget {
    Entry { id: EntryId, kind: EntryKind },
    Reading { id: i64 },
    Statement { section: String },
}

/// What of the record an export holds.
#[uniffi::remote(Record)]
pub struct ExportScope {
    #[uniffi(default)]
    pub sections: Vec<Section>,
    #[uniffi(default)]
    pub kinds: Vec<EntryKind>,
    #[uniffi(default)]
    pub entries: Vec<EntryId>,
    pub readings: bool,
    #[uniffi(default)]
    pub readings_since: Option<UtcTime>,
}

/// A resource kept by an import without being mapped.
#[uniffi::remote(Record)]
pub struct KeptResource {
    pub source_key: String,
    #[uniffi(default)]
    pub reason: Option<String>,
    #[uniffi(default)]
    pub raw: Option<String>,
}
