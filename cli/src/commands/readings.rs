//! `phr readings add | list | trend | edit | delete | privacy | history`. The typed value
//! is read by the core (units, mg/dL, the question asked about a doubtful glucose), and
//! trends are the core's windows over its per-day summaries.

use chrono::{DateTime, Duration, FixedOffset, Local, Utc};
use phr_core::api::{ReadingQuery, ReadingView, TypedReading};
use phr_core::model::{Author, ReadingKind, TypedExtras, Viewer, Visibility};
use serde_json::{Value, json};

use super::Ctx;
use crate::args::{ReadingAddArgs, ReadingsCommand};
use crate::error::{CliError, CliResult};
use crate::output::utc_time;
use crate::say;

/// Runs a `phr readings` command.
pub fn run(ctx: &Ctx, command: ReadingsCommand) -> CliResult {
    match command {
        ReadingsCommand::Add(args) => add(ctx, &args),
        ReadingsCommand::List { kind, days, limit } => list(ctx, kind, days, limit),
        ReadingsCommand::Trend { kind, days } => trend(ctx, kind, days),
        ReadingsCommand::Edit {
            id,
            value,
            note,
            pulse,
        } => edit(ctx, id, &value, note, pulse),
        ReadingsCommand::Delete { id } => delete(ctx, id),
        ReadingsCommand::Privacy { id, visibility } => privacy(ctx, id, visibility),
        ReadingsCommand::History { id } => history(ctx, id),
    }
}

fn time_arg(name: &str, text: &Option<String>) -> CliResult<Option<DateTime<FixedOffset>>> {
    text.as_deref()
        .map(|t| {
            DateTime::parse_from_rfc3339(t.trim()).map_err(|_| {
                CliError::usage(format!(
                    "{name}: '{t}' is not a time like 2026-03-01T08:30:00+00:00"
                ))
            })
        })
        .transpose()
}

fn add(ctx: &Ctx, args: &ReadingAddArgs) -> CliResult {
    let typed = TypedReading {
        kind: args.kind,
        text: args.value.clone(),
        extras: TypedExtras {
            pulse: args.pulse,
            quality: args.quality,
            description: args.description.clone(),
            medication: args.medication.clone(),
        },
        taken_at: Some(time_arg("--at", &args.at)?.unwrap_or_else(|| Local::now().fixed_offset())),
        ended_at: time_arg("--until", &args.until)?,
        context: Default::default(),
        note: args.note.clone(),
        visibility: args.visibility,
    };
    let stored = ctx.with_record(|record| {
        let r = record.add_typed_reading(typed)?;
        Ok(record.reading_view(r))
    });
    let stored =
        stored.map_err(|e| e.context(&format!("the {} reading was not added", args.kind)))?;
    ctx.out.either(
        || reading_json(&stored),
        || say!("Added reading {}", reading_line(&stored)),
    )
}

/// One line for a reading in a list, with the note on a doubtful time.
pub fn reading_line(v: &ReadingView) -> String {
    let r = &v.reading;
    let note = r
        .reading
        .note
        .as_deref()
        .map(|n| format!("  \"{}\"", n))
        .unwrap_or_default();
    let time = v
        .time_note
        .as_deref()
        .map(|t| format!("  (! {t})"))
        .unwrap_or_default();
    format!(
        "#{:<6} {}  {:<15} {}  [{}]{note}{time}",
        r.id,
        r.reading.taken_at.format("%Y-%m-%d %H:%M %:z"),
        r.reading.value.kind().as_str(),
        v.text,
        r.reading.visibility
    )
}

/// A reading as JSON: the reading, its text and its time note.
pub fn reading_json(v: &ReadingView) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn list(ctx: &Ctx, kind: Option<ReadingKind>, days: Option<u32>, limit: u32) -> CliResult {
    let query = ReadingQuery {
        kind,
        from: days.map(|d| Utc::now() - Duration::days(i64::from(d))),
        to: None,
        limit: Some(limit),
    };
    let views = ctx.with_record(|record| {
        let readings = record.readings(&query, Viewer::Person)?;
        Ok(readings
            .into_iter()
            .map(|r| record.reading_view(r))
            .collect::<Vec<_>>())
    })?;
    ctx.out.either(
        || Value::Array(views.iter().map(reading_json).collect()),
        || {
            if views.is_empty() {
                say!("No readings.");
            }
            for v in &views {
                say!("{}", reading_line(v));
            }
        },
    )
}

fn trend(ctx: &Ctx, kind: ReadingKind, days: u32) -> CliResult {
    if !(1..=3660).contains(&days) {
        return Err(CliError::usage("--days must be from 1 to 3660"));
    }
    let today = Local::now().date_naive();
    let from = today - Duration::days(i64::from(days) - 1);
    let (summaries, all, week) = ctx.with_record(|record| {
        Ok((
            record.daily_summaries(kind, from, today, Viewer::Person)?,
            record.trend_window(kind, days, today, Viewer::Person)?,
            record.trend_window(kind, 7, today, Viewer::Person)?,
        ))
    })?;
    let per_day = if kind.is_cumulative() {
        "total"
    } else {
        "mean"
    };
    ctx.out.either(
        || {
            json!({
                "kind": kind.as_str(), "unit": kind.unit(), "from": from, "to": today,
                "days": summaries, "mean_of_daily_means": all, "mean_7_days": week,
            })
        },
        || {
            say!("{kind}: daily {per_day}s from {from} to {today}");
            for s in &summaries {
                let value = if kind.is_cumulative() {
                    s.total
                } else {
                    s.mean
                };
                let text = phr_core::model::reading_text::mean_text(kind, value, s.mean_secondary);
                let plural = if s.count == 1 { "reading " } else { "readings" };
                say!("  {}  {:>3} {plural}  {per_day} {text}", s.date, s.count);
            }
            say!(
                "Average of daily {per_day}s: last 7 days {}; all {days} days {}",
                week.text,
                all.text
            );
        },
    )
}

fn edit(ctx: &Ctx, id: i64, value: &str, note: Option<String>, pulse: Option<f64>) -> CliResult {
    let extras = TypedExtras {
        pulse,
        ..Default::default()
    };
    let view = ctx.with_record(|record| {
        let note = match note {
            Some(n) => Some(n),
            None => record.reading(id)?.reading.note,
        };
        let r = record.correct_typed_reading(id, value, &extras, note, Author::Person)?;
        Ok(record.reading_view(r))
    })?;
    ctx.out.either(
        || reading_json(&view),
        || say!("Corrected reading {}", reading_line(&view)),
    )
}

fn delete(ctx: &Ctx, id: i64) -> CliResult {
    ctx.with_record(|record| Ok(record.delete_reading(id, Author::Person)?))?;
    ctx.out.either(
        || json!({ "deleted": id }),
        || say!("Deleted reading #{id} (its earlier versions stay until `phr purge`)."),
    )
}

fn privacy(ctx: &Ctx, id: i64, visibility: Visibility) -> CliResult {
    let view = ctx.with_record(|record| {
        let r = record.set_reading_visibility(id, visibility, Author::Person)?;
        Ok(record.reading_view(r))
    })?;
    ctx.out.either(
        || reading_json(&view),
        || say!("Reading #{id} is now {visibility}."),
    )
}

fn history(ctx: &Ctx, id: i64) -> CliResult {
    let (now, versions) = ctx.with_record(|record| {
        let now = record.reading(id).ok().map(|r| record.reading_view(r));
        Ok((now, record.reading_history(id)?))
    })?;
    if now.is_none() && versions.is_empty() {
        return Err(CliError::usage(format!("reading {id} was not found")));
    }
    ctx.out.either(
        || json!({ "now": now, "earlier": versions }),
        || {
            for v in &versions {
                let view = ReadingView::of(v.reading.clone());
                say!(
                    "v{} until {} ({:?}): {}",
                    v.reading.version,
                    utc_time(v.replaced_at),
                    v.change,
                    view.text
                );
            }
            match &now {
                Some(v) => say!("now v{}: {}", v.reading.version, reading_line(v)),
                None => say!("now: deleted"),
            }
        },
    )
}
