//! `phr readings add | list | trend`, and the per-kind overview `phr show` prints. Trends
//! are means of daily means from the record's per-day summaries: home devices are not
//! calibrated, so the direction over days matters more than any single value.

use chrono::{DateTime, Duration, Local, NaiveDate, Utc};
use phr_core::model::{NewReading, Reading, ReadingKind, Viewer};
use phr_core::store::{ReadingQuery, Record};
use serde_json::{Value, json};

use super::Ctx;
use super::reading_value;
use crate::args::{ReadingAddArgs, ReadingsCommand};
use crate::error::{CliError, CliResult};
use crate::output::{number, reading_text};
use crate::say;

/// Runs a `phr readings` command.
pub fn run(ctx: &Ctx, command: ReadingsCommand) -> CliResult {
    match command {
        ReadingsCommand::Add(args) => add(ctx, &args),
        ReadingsCommand::List { kind, days, limit } => list(ctx, kind, days, limit),
        ReadingsCommand::Trend { kind, days } => trend(ctx, kind, days),
    }
}

fn add(ctx: &Ctx, args: &ReadingAddArgs) -> CliResult {
    let (value, flags) = reading_value::parse(args)?;
    let taken_at = match &args.at {
        Some(text) => DateTime::parse_from_rfc3339(text.trim()).map_err(|_| {
            CliError::usage(format!(
                "--at: '{text}' is not a time like 2026-03-01T08:30:00+00:00"
            ))
        })?,
        None => Local::now().fixed_offset(),
    };
    let mut reading = NewReading::manual(value, taken_at);
    reading.flags = flags;
    reading.note = args.note.clone();
    reading.visibility = args.visibility;
    // Checked before the record is unlocked, so a typing slip costs no passphrase.
    reading
        .validate()
        .map_err(|e| CliError::from(e).context(&format!("invalid {} reading", args.kind)))?;
    let stored = ctx.with_record(|record| Ok(record.add_reading(reading)?))?;
    ctx.out.either(
        || reading_json(&stored),
        || say!("Added reading {}", reading_line(&stored)),
    )
}

/// One line for a reading in a list.
fn reading_line(r: &Reading) -> String {
    let note = r
        .reading
        .note
        .as_deref()
        .map(|n| format!("  \"{n}\""))
        .unwrap_or_default();
    format!(
        "#{:<6} {}  {:<15} {}  [{}]{note}",
        r.id,
        r.reading.taken_at.format("%Y-%m-%d %H:%M %:z"),
        r.reading.value.kind().as_str(),
        reading_text(&r.reading.value, &r.reading.flags),
        r.reading.visibility
    )
}

fn reading_json(r: &Reading) -> Value {
    let mut v = serde_json::to_value(r).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.insert(
            "text".into(),
            reading_text(&r.reading.value, &r.reading.flags).into(),
        );
    }
    v
}

fn list(ctx: &Ctx, kind: Option<ReadingKind>, days: Option<u32>, limit: usize) -> CliResult {
    let query = ReadingQuery {
        kind,
        from: days.map(|d| Utc::now() - Duration::days(i64::from(d))),
        to: None,
        limit: Some(limit),
    };
    let readings = ctx.with_record(|record| Ok(record.readings(&query, Viewer::Person)?))?;
    ctx.out.either(
        || Value::Array(readings.iter().map(reading_json).collect()),
        || {
            if readings.is_empty() {
                say!("No readings.");
            }
            for r in &readings {
                say!("{}", reading_line(r));
            }
        },
    )
}

/// The mean of daily means over a window ending today.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// Days in the window.
    pub days: u32,
    /// Days that had readings.
    pub days_with_readings: usize,
    /// Mean of the days' means of the main value.
    pub mean: Option<f64>,
    /// Mean of the days' means of the second value (diastolic).
    pub mean_secondary: Option<f64>,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// The window of `days` days ending today, from the per-day summaries.
pub fn window(
    record: &Record,
    kind: ReadingKind,
    days: u32,
    today: NaiveDate,
) -> CliResult<Window> {
    let from = today - Duration::days(i64::from(days.max(1)) - 1);
    let summaries = record.daily_summaries(kind, from, today, Viewer::Person)?;
    Ok(Window {
        days,
        days_with_readings: summaries.iter().filter(|s| s.count > 0).count(),
        mean: mean(summaries.iter().filter_map(|s| s.mean)),
        mean_secondary: mean(summaries.iter().filter_map(|s| s.mean_secondary)),
    })
}

/// A mean as a person reads it, in the kind's unit.
pub fn mean_text(kind: ReadingKind, w: &Window) -> String {
    let Some(m) = w.mean else {
        return "no readings".into();
    };
    match (kind, w.mean_secondary) {
        (ReadingKind::BloodPressure, Some(d)) => format!("{}/{} mmHg", number(m, 0), number(d, 0)),
        (ReadingKind::BloodGlucose, _) => format!("{} mmol/L", number(m, 1)),
        (ReadingKind::HeartRate, _) => format!("{} beats/min", number(m, 0)),
        (ReadingKind::Weight, _) => format!("{} kg", number(m, 1)),
        (ReadingKind::Steps, _) => format!("{} steps", number(m, 0)),
        (ReadingKind::Sleep, _) => {
            let minutes = m.round() as u32;
            format!("{} h {:02} min", minutes / 60, minutes % 60)
        }
        (ReadingKind::Mood | ReadingKind::Stress, _) => format!("{}/10", number(m, 1)),
        (ReadingKind::Alcohol, _) => format!("{} units", number(m, 1)),
        (ReadingKind::MenstrualCycle, _) => format!("flow level {} of 4", number(m, 1)),
        (ReadingKind::SideEffect, _) => format!("severity {}/10", number(m, 1)),
        (ReadingKind::BloodPressure, None) => format!("{} mmHg systolic", number(m, 0)),
    }
}

fn window_json(w: &Window) -> Value {
    json!({
        "days": w.days, "days_with_readings": w.days_with_readings,
        "mean": w.mean, "mean_secondary": w.mean_secondary,
    })
}

/// What `phr show` prints for one kind: count, latest, 7-day and 30-day trend.
pub fn overview(
    record: &Record,
    kind: ReadingKind,
    today: NaiveDate,
) -> CliResult<Option<(String, Value)>> {
    let count = record.reading_count(Some(kind), Viewer::Person)?;
    if count == 0 {
        return Ok(None);
    }
    let latest_query = ReadingQuery {
        kind: Some(kind),
        limit: Some(1),
        ..Default::default()
    };
    let latest = record
        .readings(&latest_query, Viewer::Person)?
        .into_iter()
        .next();
    let week = window(record, kind, 7, today)?;
    let month = window(record, kind, 30, today)?;
    let latest_text = latest
        .as_ref()
        .map(|r| {
            format!(
                "latest {} on {}",
                reading_text(&r.reading.value, &r.reading.flags),
                r.reading.taken_at.format("%Y-%m-%d %H:%M")
            )
        })
        .unwrap_or_default();
    let text = format!(
        "{:<15} {count:>4} readings; {latest_text}\n{:<21}daily mean: last 7 days {}, last 30 days {}",
        kind.as_str(),
        "",
        mean_text(kind, &week),
        mean_text(kind, &month)
    );
    let value = json!({
        "kind": kind.as_str(), "unit": kind.unit(), "count": count,
        "latest": latest.as_ref().map(reading_json),
        "mean_7_days": window_json(&week), "mean_30_days": window_json(&month),
    });
    Ok(Some((text, value)))
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
            window(record, kind, days, today)?,
            window(record, kind, 7, today)?,
        ))
    })?;
    ctx.out.either(
        || {
            json!({
                "kind": kind.as_str(), "unit": kind.unit(), "from": from, "to": today,
                "days": summaries, "mean_of_daily_means": window_json(&all),
                "mean_7_days": window_json(&week),
            })
        },
        || {
            say!("{kind}: daily means from {from} to {today}");
            for s in &summaries {
                let w = Window {
                    days: 1,
                    days_with_readings: 1,
                    mean: s.mean,
                    mean_secondary: s.mean_secondary,
                };
                let plural = if s.count == 1 { "reading " } else { "readings" };
                say!(
                    "  {}  {:>3} {plural}  mean {}",
                    s.date,
                    s.count,
                    mean_text(kind, &w)
                );
            }
            say!(
                "Mean of daily means: last 7 days {}; all {days} days {}",
                mean_text(kind, &week),
                mean_text(kind, &all)
            );
        },
    )
}
