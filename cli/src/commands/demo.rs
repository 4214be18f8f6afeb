//! `phr demo`: a new record filled with the demo person (see `demo_record.rs`), then
//! shown. Refuses to add to a record that has anything in it.

use chrono::Local;
use phr_core::Record;
use phr_core::api::{EntryFilter, NewEntryOptions};
use phr_core::model::Viewer;
use serde_json::json;

use super::Ctx;
use super::show::{print_text, render};
use crate::demo_record::{self, readings as demo_readings};
use crate::error::{CliError, CliResult};
use crate::record_file::{create_record, open_record, record_exists};
use crate::say;

fn is_empty(record: &Record) -> CliResult<bool> {
    let filter = EntryFilter {
        include_deleted: true,
        ..Default::default()
    };
    Ok(record.entries(&filter, Viewer::Person)?.is_empty()
        && record.reading_count(None, Viewer::Person)? == 0)
}

/// Fills the record at `ctx.record` (made first when there is none) and shows it.
pub fn run(ctx: &Ctx) -> CliResult {
    let (mut record, key_home) = if record_exists(&ctx.record) {
        let record = open_record(&ctx.record)?;
        if !is_empty(&record)? {
            return Err(CliError::failed(format!(
                "the record at {} is not empty; the demo only fills an empty record (use another --record)",
                ctx.record.display()
            )));
        }
        (record, None)
    } else {
        let (record, home) = create_record(&ctx.record)?;
        (record, Some(home))
    };
    let now = Local::now();
    let (today, offset) = (now.date_naive(), *now.offset());
    let entries: Vec<_> = demo_record::entries(today, offset)
        .into_iter()
        .map(|(body, visibility)| {
            let options = NewEntryOptions {
                visibility,
                ..Default::default()
            };
            (body, options)
        })
        .collect();
    let entry_count = entries.len();
    // One transaction: a demo killed half-way leaves an empty record, which the next
    // demo fills.
    let (_, report) = record
        .add_entries_and_readings(entries, &demo_readings::readings(today, offset))
        .map_err(|e| CliError::from(e).context("the demo record could not be filled"))?;
    let (contents, text) = render(&record, None)?;
    record.close()?;
    let path = ctx.record.display().to_string();
    ctx.out.either(
        || {
            json!({
                "record": path, "key": key_home, "entries_added": entry_count,
                "readings_added": report.added, "contents": contents,
            })
        },
        || {
            say!("Filled the record at {path} with a demo person:");
            say!("{entry_count} entries and {} readings.", report.added);
            if let Some(home) = &key_home {
                say!("Its key is kept in the {home}.");
            }
            print_text(&text);
        },
    )
}
