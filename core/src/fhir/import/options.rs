//! [`ImportOptions`]: how an import is done.

use serde::{Deserialize, Serialize};

use crate::model::Visibility;

/// The system named when neither the options, the Bundle's `meta.source` nor a RESTful
/// `fullUrl` says where a file came from.
pub const UNKNOWN_SYSTEM: &str = "unknown source";

/// How an import is done.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// Who may see new entries and readings: private unless the person chose otherwise.
    /// A re-import never changes the visibility of what is already in the record.
    pub default_visibility: Visibility,
    /// Only say what would be added, updated and not mapped: nothing is written.
    pub dry_run: bool,
    /// The system the data comes from (a FHIR base URL, "NHS App" ...), which with each
    /// resource's type and id keys what it became. When `None`: the Bundle's
    /// `meta.source`, else the base of its RESTful `fullUrl`s, else [`UNKNOWN_SYSTEM`].
    pub system: Option<String>,
    /// The file's name, for errors and the report ("the file" when `None`).
    pub file_name: Option<String>,
}

impl ImportOptions {
    /// The file's name as errors say it.
    pub fn file(&self) -> &str {
        self.file_name.as_deref().unwrap_or("the file")
    }
}
