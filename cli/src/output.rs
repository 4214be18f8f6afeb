//! Output: readable text by default, JSON with `--json`. Printing never panics: a closed
//! pipe (`phr show | head`) silently ends the output.

use chrono::{DateTime, Utc};
use phr_core::model::Entry;
use serde::Serialize;
use serde_json::{Value, json};
use std::fmt;
use std::io::Write;

use crate::body::body_to_json;
use crate::error::{CliError, CliResult};

/// Text safe to put on a terminal: control characters (an escape sequence hidden in an
/// entry's text could move the cursor, rewrite what was printed or retitle the window)
/// are shown as `\u{1b}` instead of being obeyed; line breaks and tabs stay.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes one line to standard output, ignoring a closed pipe. Control characters in
/// it are made visible rather than obeyed ([`printable`]).
pub fn write_line(args: fmt::Arguments<'_>) {
    let line = printable(&args.to_string());
    let mut out = std::io::stdout().lock();
    let _ = out
        .write_all(line.as_bytes())
        .and_then(|()| out.write_all(b"\n"));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(printable("Hives\u{1b}[2J"), "Hives\\u{1b}[2J");
        assert_eq!(printable("a\nb\tc"), "a\nb\tc");
        assert_eq!(printable("Penicillin"), "Penicillin");
    }
}
