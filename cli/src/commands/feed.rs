//! `phr changes`: the record's changes feed, as a phone or a share keeps up with it.

use phr_core::api::ChangesPage;
use phr_core::model::Viewer;

use super::Ctx;
use super::readings::reading_line;
use crate::error::CliResult;
use crate::output::{entry_json, entry_line};
use crate::say;

/// Prints what changed after `since` as `viewer` sees it, and the token to pass next.
pub fn run(ctx: &Ctx, since: &str, viewer: Viewer, limit: usize) -> CliResult {
    let (page, views) = ctx.with_record(|record| {
        let page: ChangesPage = record.changes_since(since, viewer, limit)?;
        let views: Vec<_> = page
            .readings_upserted
            .iter()
            .cloned()
            .map(|r| record.reading_view(r))
            .collect();
        Ok((page, views))
    })?;
    ctx.out.either(
        || {
            serde_json::json!({
                "entries_upserted": page.entries_upserted.iter().map(entry_json).collect::<Vec<_>>(),
                "entries_removed": page.entries_removed.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "readings_upserted": views,
                "readings_removed": page.readings_removed,
                "next_token": page.next_token,
                "has_more": page.has_more,
            })
        },
        || {
            for e in &page.entries_upserted {
                say!("+ {}", entry_line(e));
            }
            for id in &page.entries_removed {
                say!("- entry {id}");
            }
            for v in &views {
                say!("+ {}", reading_line(v));
            }
            for id in &page.readings_removed {
                say!("- reading #{id}");
            }
            if page.entries_upserted.is_empty()
                && page.entries_removed.is_empty()
                && views.is_empty()
                && page.readings_removed.is_empty()
            {
                say!("No changes.");
            }
            say!("Next: `phr changes --since {}`{}", page.next_token, if page.has_more { " (more waiting)" } else { "" });
        },
    )
}
