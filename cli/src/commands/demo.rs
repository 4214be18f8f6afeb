//! `phr demo`: a new record filled with the demo person (see `demo_record.rs`), then
//! shown. Refuses to add to a record that has anything in it.

use chrono::Local;
use phr_core::Record;
use phr_core::api::{ApiError, ApiResult, EntryFilter, NewEntryOptions};
use phr_core::model::{EntryBody, NewReading, Viewer};
use serde_json::json;

use super::show::{print_text, render};
use super::{Ctx, close};
use crate::demo_record::{self, readings as demo_readings};
use crate::error::{CliError, CliResult};
use crate::record_file::{create_record_with, open_record, record_exists};
use crate::say;

fn is_empty(record: &Record) -> CliResult<bool> {
    let filter = EntryFilter {
        include_deleted: true,
        ..Default::default()
    };
    Ok(record.entries(&filter, Viewer::Person)?.is_empty()
        && record.reading_count(None, Viewer::Person)? == 0)
}

/// The demo person's entries and readings, as of now.
fn demo_contents() -> (Vec<(EntryBody, NewEntryOptions)>, Vec<NewReading>) {
    let now = Local::now();
    let (today, offset) = (now.date_naive(), *now.offset());
    let entries = demo_record::entries(today, offset)
        .into_iter()
        .map(|(body, visibility)| {
            let options = NewEntryOptions {
                visibility,
                ..Default::default()
            };
            (body, options)
        })
        .collect();
    (entries, demo_readings::readings(today, offset))
}

/// Adds the demo person in one transaction.
fn fill(record: &mut Record) -> ApiResult<u32> {
    let (entries, readings) = demo_contents();
    Ok(record.add_entries_and_readings(entries, &readings)?.1.added)
}

/// Fills the record at `ctx.record` (made first when there is none) and shows it. A new
/// record is filled before it appears, so a demo killed half way leaves nothing behind
/// and the next one starts afresh.
pub fn run(ctx: &Ctx) -> CliResult {
    let failed = |e: ApiError| CliError::from(e).context("the demo record could not be filled");
    let (record, key_home, added) = if record_exists(&ctx.record) {
        let mut record = open_record(&ctx.record)?;
        if !is_empty(&record)? {
            return Err(CliError::failed(format!(
                "the record at {} is not empty; the demo only fills an empty record (use another --record)",
                ctx.record.display()
            )));
        }
        let added = fill(&mut record).map_err(failed)?;
        (record, None, added)
    } else {
        let mut added = 0;
        let (record, home) = create_record_with(&ctx.record, |r| {
            added = fill(r)?;
            Ok(())
        })
        .map_err(|e| e.context("the demo record could not be made"))?;
        (record, Some(home), added)
    };
    let entry_count = record
        .entries(&EntryFilter::default(), Viewer::Person)?
        .len();
    let (contents, text) = render(&record, None)?;
    close(record)?;
    let path = ctx.record.display().to_string();
    ctx.out.either(
        || {
            json!({
                "record": path, "key": key_home, "entries_added": entry_count,
                "readings_added": added, "contents": contents,
            })
        },
        || {
            say!("Filled the record at {path} with a demo person:");
            say!("{entry_count} entries and {added} readings.");
            if let Some(home) = &key_home {
                say!("Its key is kept in the {home}.");
            }
            print_text(&text);
        },
    )
}
