//! Output: readable text by default, JSON with `--json`. Printing never panics: a closed
//! pipe (`phr show | head`) silently ends the output.

use chrono::{DateTime, Utc};
use phr_core::model::{Entry, ReadingFlag, ReadingValue};
use serde::Serialize;
use serde_json::{Value, json};
use std::fmt;
use std::io::Write;

use crate::body::body_to_json;
use crate::error::{CliError, CliResult};

/// Writes one line to standard output, ignoring a closed pipe.
pub fn write_line(args: fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_fmt(args).and_then(|()| out.write_all(b"\n"));
}

/// `println!` that never panics on a closed pipe.
#[macro_export]
macro_rules! say {
    () => { $crate::output::write_line(format_args!("")) };
    ($($arg:tt)*) => { $crate::output::write_line(format_args!($($arg)*)) };
}

/// How to print: for people, or JSON for programs.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// Print JSON.
    pub json: bool,
}

impl Output {
    /// Prints `value` as pretty JSON.
    pub fn print_json(&self, value: &impl Serialize) -> CliResult {
        let text = serde_json::to_string_pretty(value)
            .map_err(|e| CliError::failed(format!("cannot write JSON: {e}")))?;
        say!("{text}");
        Ok(())
    }

    /// Prints `value` as JSON in JSON mode, else calls `text`.
    pub fn either(&self, value: impl FnOnce() -> Value, text: impl FnOnce()) -> CliResult {
        if self.json {
            self.print_json(&value())
        } else {
            text();
            Ok(())
        }
    }
}

/// A time as the CLI prints it: `24 Nov 2026 10:00 UTC`.
pub fn utc_time(t: DateTime<Utc>) -> String {
    t.format("%-d %b %Y %H:%M UTC").to_string()
}

/// A heading with a rule under it.
pub fn heading(title: &str) {
    say!();
    say!("{title}");
    say!("{}", "=".repeat(title.chars().count()));
}

/// The first 8 characters of an entry's id, as shown in lists.
pub fn short_id(entry: &Entry) -> String {
    entry.meta.id.to_string().chars().take(8).collect()
}

/// One line for an entry in a list: short id, visibility, summary.
pub fn entry_line(entry: &Entry) -> String {
    format!(
        "{}  {:<9}  {}",
        short_id(entry),
        entry.meta.visibility.as_str(),
        entry.body.summary()
    )
}

/// An entry as JSON: its metadata, short id, summary and body (without the kind tag,
/// which is its own field).
pub fn entry_json(entry: &Entry) -> Value {
    json!({
        "id": entry.meta.id.to_string(),
        "short_id": short_id(entry),
        "kind": entry.kind().as_str(),
        "section": entry.kind().section().as_str(),
        "visibility": entry.meta.visibility.as_str(),
        "summary": entry.body.summary(),
        "version": entry.meta.version,
        "created_at": entry.meta.created_at,
        "updated_at": entry.meta.updated_at,
        "deleted_at": entry.meta.deleted_at,
        "provenance": entry.meta.provenance,
        "author": entry.meta.author,
        "body": body_to_json(&entry.body),
    })
}

/// A number without a needless fraction: 7 rather than 7.0, 5.4 rather than 5.40.
pub fn number(v: f64, decimals: usize) -> String {
    let text = format!("{v:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// A reading's value as a person reads it: `5.4 mmol/L`, `135/85 mmHg, pulse 72`.
pub fn reading_text(value: &ReadingValue, flags: &[ReadingFlag]) -> String {
    match value {
        ReadingValue::BloodGlucose {
            mmol_per_l: Some(v),
        } => format!("{} mmol/L", number(*v, 1)),
        ReadingValue::BloodGlucose { mmol_per_l: None } => {
            if flags.contains(&ReadingFlag::AboveDeviceRange) {
                "HI (above what the meter measures)".into()
            } else {
                "LO (below what the meter measures)".into()
            }
        }
        ReadingValue::BloodPressure {
            systolic_mmhg,
            diastolic_mmhg,
            pulse_per_min,
            ..
        } => {
            let pulse = pulse_per_min
                .map(|p| format!(", pulse {}", number(p, 0)))
                .unwrap_or_default();
            format!(
                "{}/{} mmHg{pulse}",
                number(*systolic_mmhg, 0),
                number(*diastolic_mmhg, 0)
            )
        }
        ReadingValue::HeartRate { per_min } => format!("{} beats/min", number(*per_min, 0)),
        ReadingValue::Weight { kg } => format!("{} kg", number(*kg, 1)),
        ReadingValue::Steps { count } => format!("{count} steps"),
        ReadingValue::Sleep { minutes, quality } => {
            let q = quality
                .map(|q| format!(", quality {q}/10"))
                .unwrap_or_default();
            format!("{} h {:02} min{q}", minutes / 60, minutes % 60)
        }
        ReadingValue::Mood { score } => format!("mood {score}/10"),
        ReadingValue::Stress { score } => format!("stress {score}/10"),
        ReadingValue::Alcohol { units } => format!("{} units", number(*units, 1)),
        ReadingValue::MenstrualCycle { flow } => format!("{flow:?}").to_lowercase(),
        ReadingValue::SideEffect {
            description,
            severity,
            medication,
        } => {
            let med = medication
                .as_deref()
                .map(|m| format!(", suspected {m}"))
                .unwrap_or_default();
            format!("{description} (severity {severity}/10{med})")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_drop_needless_zeros() {
        assert_eq!(number(7.0, 1), "7");
        assert_eq!(number(5.43, 1), "5.4");
        assert_eq!(number(140.0, 0), "140");
    }

    #[test]
    fn blood_pressure_reads_as_people_write_it() {
        let bp = ReadingValue::BloodPressure {
            systolic_mmhg: 135.0,
            diastolic_mmhg: 85.0,
            mean_arterial_mmhg: None,
            pulse_per_min: Some(72.0),
        };
        assert_eq!(reading_text(&bp, &[]), "135/85 mmHg, pulse 72");
    }
}
