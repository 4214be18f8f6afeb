//! `phr show [SECTION]`: every section with a heading, entries with short id, visibility
//! and a one-line summary, module scores, and an overview of each kind of reading.

use chrono::Local;
use phr_core::model::modules::ModuleTemplate;
use phr_core::model::{Entry, EntryBody, EntryKind, ReadingKind, Section, Viewer};
use phr_core::store::{EntryFilter, Record};
use serde_json::{Value, json};

use super::Ctx;
use super::readings::overview;
use crate::args::ShowSection;
use crate::error::CliResult;
use crate::output::{Output, entry_json, entry_line, heading, short_id};
use crate::say;

/// Runs `phr show`.
pub fn run(ctx: &Ctx, section: Option<ShowSection>) -> CliResult {
    ctx.with_record(|record| show_record(record, ctx.out, section))
}

fn wanted(section: Section) -> ShowSection {
    match section {
        Section::Health => ShowSection::Health,
        Section::AboutMe => ShowSection::AboutMe,
        Section::Appointments => ShowSection::Appointments,
        Section::Modules => ShowSection::Modules,
    }
}

/// A module entry's line and JSON score, scored against its template (shipped or
/// stored in the record).
fn module_detail(entry: &Entry, templates: &[ModuleTemplate]) -> (String, Value) {
    let EntryBody::Module(m) = &entry.body else {
        return (entry_line(entry), Value::Null);
    };
    let Some(t) = templates
        .iter()
        .find(|t| t.id == m.template_id && t.version == m.template_version)
    else {
        return (entry_line(entry), Value::Null);
    };
    let done = m
        .completed_on
        .map(|d| format!(", completed {d}"))
        .unwrap_or_default();
    let (what, score) = match m.score(t) {
        Some(s) => {
            let attention = s
                .attention
                .as_deref()
                .map(|a| format!("\n                         ! {a}"))
                .unwrap_or_default();
            (
                format!("score {} ({}){done}{attention}", s.total, s.band),
                json!(s),
            )
        }
        None => (
            format!("{} of {} answered{done}", m.answers.len(), t.fields.len()),
            Value::Null,
        ),
    };
    let line = format!(
        "{}  {:<9}  {}: {what}",
        short_id(entry),
        entry.meta.visibility.as_str(),
        t.title
    );
    (line, score)
}

/// Prints the chosen sections of an open record (all of them for `None`).
pub fn show_record(record: &Record, out: Output, only: Option<ShowSection>) -> CliResult {
    let (value, text) = render(record, only)?;
    out.either(|| value, || print_text(&text))
}

/// Prints rendered text: headings and lines.
pub fn print_text(text: &[(bool, String)]) {
    for (is_heading, line) in text {
        if *is_heading {
            heading(line);
        } else {
            say!("{line}");
        }
    }
}

/// The chosen sections as JSON, and as text lines (`true` marks a heading).
pub fn render(
    record: &Record,
    only: Option<ShowSection>,
) -> CliResult<(Value, Vec<(bool, String)>)> {
    let templates = record.module_templates()?;
    let mut sections_json = Vec::new();
    // Headings and lines, printed only in text mode.
    let mut text: Vec<(bool, String)> = Vec::new();
    for section in Section::ALL {
        if only.is_some_and(|o| o != wanted(section)) {
            continue;
        }
        let filter = EntryFilter {
            section: Some(section),
            ..Default::default()
        };
        let entries = record.entries(&filter, Viewer::Person)?;
        text.push((true, section.title().to_string()));
        let mut entries_json = Vec::new();
        for kind in EntryKind::ALL.iter().filter(|k| k.section() == section) {
            let of_kind: Vec<&Entry> = entries.iter().filter(|e| e.kind() == *kind).collect();
            if of_kind.is_empty() {
                continue;
            }
            // A section of one kind (appointments, modules) needs no second heading.
            if kind.title() != section.title() {
                text.push((false, format!("  {}", kind.title())));
            }
            for entry in of_kind {
                let mut value = entry_json(entry);
                let line = if *kind == EntryKind::Module {
                    let (line, score) = module_detail(entry, &templates);
                    value["score"] = score;
                    line
                } else {
                    entry_line(entry)
                };
                text.push((false, format!("    {line}")));
                entries_json.push(value);
            }
        }
        if entries.is_empty() {
            text.push((
                false,
                "  (nothing yet: add with `phr add KIND ...`; see `phr kinds`)".into(),
            ));
        }
        sections_json.push(json!({
            "section": section.as_str(), "title": section.title(), "entries": entries_json,
        }));
    }
    let mut readings_json = None;
    if only.is_none_or(|o| o == ShowSection::Readings) {
        let today = Local::now().date_naive();
        text.push((true, "Readings".into()));
        let mut kinds = Vec::new();
        for kind in ReadingKind::ALL {
            if let Some((line, value)) = overview(record, kind, today)? {
                text.push((false, format!("  {line}")));
                kinds.push(value);
            }
        }
        if kinds.is_empty() {
            text.push((
                false,
                "  (no readings yet: `phr readings add KIND VALUE`)".into(),
            ));
        }
        readings_json = Some(kinds);
    }
    let mut value = json!({ "sections": sections_json });
    if let Some(r) = readings_json {
        value["readings"] = Value::Array(r);
    }
    Ok((value, text))
}
