//! Finding an entry from what was typed: its full id, or a unique prefix of at least four
//! characters (lists show the first eight).

use phr_core::Record;
use phr_core::api::EntryFilter;
use phr_core::model::{EntryId, Viewer};

use crate::error::{CliError, CliResult};

/// The shortest prefix accepted.
pub const MIN_PREFIX: usize = 4;

/// The id of the entry `typed` names, among all entries including deleted ones (so that
/// a delete can be undone and its history read).
pub fn resolve(record: &Record, typed: &str) -> CliResult<EntryId> {
    resolve_among(record, typed, true)
}

/// The id of the live entry `typed` names (what a request attaches or a question is for):
/// a prefix is matched against entries that are not deleted.
pub fn resolve_live(record: &Record, typed: &str) -> CliResult<EntryId> {
    resolve_among(record, typed, false)
}

fn resolve_among(record: &Record, typed: &str, include_deleted: bool) -> CliResult<EntryId> {
    let wanted = typed.trim().to_ascii_lowercase();
    if let Ok(id) = wanted.parse::<EntryId>() {
        // Checked, so that an id that never existed or was purged says so.
        return Ok(record.entry(id, Viewer::Person)?.meta.id);
    }
    if wanted.chars().count() < MIN_PREFIX
        || !wanted.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
    {
        return Err(CliError::usage(format!(
            "'{typed}' is not an entry id: give the id or at least its first {MIN_PREFIX} characters, as `phr show` lists them"
        )));
    }
    let filter = EntryFilter {
        include_deleted,
        ..Default::default()
    };
    let matches: Vec<EntryId> = record
        .entries(&filter, Viewer::Person)?
        .into_iter()
        .map(|e| e.meta.id)
        .filter(|id| id.to_string().starts_with(&wanted))
        .collect();
    match matches.as_slice() {
        [id] => Ok(*id),
        [] => Err(CliError::usage(format!("no entry starts with '{typed}'"))),
        many => Err(CliError::usage(format!(
            "'{typed}' starts {} entries; type more of the id",
            many.len()
        ))),
    }
}
