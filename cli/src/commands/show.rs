//! `phr show [SECTION]`: every section with a heading, entries with short id, visibility
//! and the core's one-line summary, module scores with their attention advice, and the
//! core's overview of each kind of reading.

use chrono::Local;
use phr_core::Record;
use phr_core::api::{EntryFilter, EntryView, KindOverview};
use phr_core::model::{EntryKind, Section, Viewer};
use serde_json::{Value, json};

use super::Ctx;
use super::readings::reading_json;
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

/// A module entry's line: its score and band, or how far it is filled in, and the
/// attention advice on a line of its own the moment it applies.
fn module_line(view: &EntryView) -> String {
    let Some(m) = &view.module else {
        return entry_line(&view.entry);
    };
    let done = match &view.entry.body {
        phr_core::model::EntryBody::Module(i) => i
            .completed_on
            .map(|d| format!(", completed {d}"))
            .unwrap_or_default(),
        _ => String::new(),
    };
    let what = match &m.score {
        Some(s) => format!("score {} ({}){done}", s.total, s.band),
        None => format!("{} of {} answered{done}", m.answered, m.questions),
    };
    let attention = m
        .attention
        .as_deref()
        .map(|a| format!("\n                         ! {a}"))
        .unwrap_or_default();
    format!(
        "{}  {:<9}  {}: {what}{attention}",
        short_id(&view.entry),
        view.entry.meta.visibility.as_str(),
        m.title
    )
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

/// One kind's overview: count, the latest reading that counts, the 7- and 30-day windows,
/// and how many readings are kept aside for a doubtful time.
fn overview_text(o: &KindOverview) -> String {
    let latest = o
        .latest
        .as_ref()
        .map(|r| {
            format!(
                "latest {} on {}",
                r.text,
                r.reading.reading.taken_at.format("%Y-%m-%d %H:%M")
            )
        })
        .unwrap_or_else(|| "no reading with a time that can be trusted".into());
    let per_day = if o.kind.is_cumulative() {
        "total"
    } else {
        "mean"
    };
    let mut text = format!(
        "{:<17} {:>4} readings; {latest}\n{:<23}daily {per_day}: last 7 days {}, last 30 days {}",
        o.kind.as_str(),
        o.count,
        "",
        o.week.text,
        o.month.text
    );
    if o.time_untrusted > 0 {
        text.push_str(&format!(
            "\n{:<23}! {} readings have a time that cannot be trusted (a device clock may be wrong); they are not used for alerts or trends",
            "", o.time_untrusted
        ));
    }
    text
}

fn overview_json(o: &KindOverview) -> Value {
    json!({
        "kind": o.kind.as_str(), "unit": o.kind.unit(), "count": o.count,
        "latest": o.latest.as_ref().map(reading_json),
        "time_untrusted": o.time_untrusted,
        "mean_7_days": o.week, "mean_30_days": o.month,
    })
}

/// The chosen sections as JSON, and as text lines (`true` marks a heading).
pub fn render(
    record: &Record,
    only: Option<ShowSection>,
) -> CliResult<(Value, Vec<(bool, String)>)> {
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
        let views = record.entry_views(&filter, Viewer::Person)?;
        text.push((true, section.title().to_string()));
        let mut entries_json = Vec::new();
        for kind in EntryKind::ALL.iter().filter(|k| k.section() == section) {
            let of_kind: Vec<&EntryView> =
                views.iter().filter(|v| v.entry.kind() == *kind).collect();
            if of_kind.is_empty() {
                continue;
            }
            // A section of one kind (appointments, modules) needs no second heading.
            if kind.title() != section.title() {
                text.push((false, format!("  {}", kind.title())));
            }
            for view in of_kind {
                let mut value = entry_json(&view.entry);
                if let Some(m) = &view.module {
                    value["module"] = json!(m);
                }
                text.push((false, format!("    {}", module_line(view))));
                entries_json.push(value);
            }
        }
        if views.is_empty() {
            text.push((
                false,
                "  (nothing yet: add with `phr add KIND ...`; see `phr kinds`)".into(),
            ));
        }
        sections_json.push(json!({
            "section": section.as_str(), "title": section.title(), "entries": entries_json,
        }));
    }
    let mut value = json!({ "sections": sections_json });
    if only.is_none_or(|o| o == ShowSection::Readings) {
        let today = Local::now().date_naive();
        text.push((true, "Readings".into()));
        let overview = record.overview(today, Viewer::Person)?;
        for o in &overview {
            text.push((false, format!("  {}", overview_text(o))));
        }
        if overview.is_empty() {
            text.push((
                false,
                "  (no readings yet: `phr readings add KIND VALUE`)".into(),
            ));
        }
        value["readings"] = Value::Array(overview.iter().map(overview_json).collect());
    }
    Ok((value, text))
}
