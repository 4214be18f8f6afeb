//! `phr add` and `phr edit`: entries from `key=value` arguments or a JSON object.

use phr_core::Record;
use phr_core::api::NewEntryOptions;
use phr_core::model::{Author, EntryKind, Viewer};
use serde_json::{Value, json};

use super::Ctx;
use super::entry_ref::resolve;
use crate::args::{AddArgs, EditArgs};
use crate::body::{body_to_json, build_body};
use crate::demo_record::example;
use crate::error::{CliError, CliResult};
use crate::kv::{self, Patch};
use crate::output::{entry_json, entry_line};
use crate::say;

/// `phr add KIND ...`
pub fn add(ctx: &Ctx, args: &AddArgs) -> CliResult {
    if args.example {
        return print_example(ctx, args.kind);
    }
    if args.fields.is_empty() {
        return Err(CliError::usage(format!(
            "give the fields as key=value; see `phr add {} --example`",
            args.kind
        )));
    }
    let patch = kv::parse_args(&args.fields)?;
    let entry = ctx.with_record(|record| {
        let base = module_version(record, args.kind, &patch)?;
        let body = build_body(args.kind, base, &patch)?;
        let options = NewEntryOptions {
            visibility: args.visibility,
            ..Default::default()
        };
        Ok(record.add_entry(body, options)?)
    })?;
    ctx.out.either(
        || entry_json(&entry),
        || say!("Added {}: {}", entry.kind().title(), entry_line(&entry)),
    )
}

/// For a module given by `template_id` alone, the newest version of that template, so
/// that nobody has to type it.
fn module_version(record: &Record, kind: EntryKind, patch: &Patch) -> CliResult<Value> {
    let mut given = json!({});
    kv::apply(&mut given, patch)?;
    if kind != EntryKind::Module || given.get("template_version").is_some() {
        return Ok(json!({}));
    }
    let Some(id) = given.get("template_id").and_then(Value::as_str) else {
        return Ok(json!({}));
    };
    let newest = record
        .module_templates()?
        .into_iter()
        .filter(|t| t.id == id)
        .map(|t| t.version)
        .max();
    Ok(match newest {
        Some(version) => json!({ "template_version": version }),
        None => json!({}),
    })
}

/// `phr edit ENTRY key=value ...`: merges into the stored body, validates, saves.
pub fn edit(ctx: &Ctx, args: &EditArgs) -> CliResult {
    let patch = kv::parse_args(&args.fields)?;
    let entry = ctx.with_record(|record| {
        let id = resolve(record, &args.entry)?;
        let current = record.entry(id, Viewer::Person)?;
        if current.meta.deleted_at.is_some() {
            return Err(CliError::usage(format!(
                "entry {id} is deleted; bring it back with `phr undo {}` first",
                args.entry
            )));
        }
        let body = build_body(current.kind(), body_to_json(&current.body), &patch)?;
        Ok(record.update_entry(id, body, Author::Person)?)
    })?;
    ctx.out.either(
        || entry_json(&entry),
        || {
            say!(
                "Changed {} (version {}): {}",
                entry.kind().title(),
                entry.meta.version,
                entry_line(&entry)
            )
        },
    )
}

/// Text safe to type in a shell: bare when it is plain, else in single quotes.
fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.,/:@+%".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The body as `key=value` arguments (nulls left out).
fn as_key_values(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                let path = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                as_key_values(v, &path, out);
            }
        }
        Value::Array(items) if items.iter().any(Value::is_object) => {
            for (i, item) in items.iter().enumerate() {
                as_key_values(item, &format!("{at}[{i}]"), out);
            }
        }
        Value::String(s) => {
            // A number or true/false typed for a text field is taken as text anyway;
            // only text that reads as null, a list or an object needs JSON quotes.
            let text = match kv::parse_value(s) {
                (Value::String(_) | Value::Number(_) | Value::Bool(_), _) => s.clone(),
                _ => Value::String(s.clone()).to_string(),
            };
            out.push(format!("{at}={}", shell_word(&text)));
        }
        other => out.push(format!("{at}={}", shell_word(&other.to_string()))),
    }
}

fn print_example(ctx: &Ctx, kind: EntryKind) -> CliResult {
    let (body, visibility) =
        example(kind).ok_or_else(|| CliError::failed(format!("there is no example of {kind}")))?;
    let fields = body_to_json(&body);
    let mut pairs = Vec::new();
    as_key_values(&fields, "", &mut pairs);
    let command = format!(
        "phr add {kind} {} --visibility {visibility}",
        pairs.join(" ")
    );
    let json_command = format!("phr add {kind} {}", shell_word(&fields.to_string()));
    ctx.out.either(
        || json!({ "kind": kind.as_str(), "example": fields, "command": command }),
        || {
            say!("An example {kind} ({}):", kind.title());
            say!();
            say!("  {command}");
            say!();
            say!("or with a JSON object:");
            say!();
            say!("  {json_command}");
            say!();
            say!("It reads: {}", body.summary());
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_command_builds_the_example_again() {
        for kind in EntryKind::ALL {
            let (body, _) = example(*kind).expect("example");
            let mut pairs = Vec::new();
            as_key_values(&body_to_json(&body), "", &mut pairs);
            // The shell would remove the quotes; do the same.
            let args: Vec<String> = pairs
                .iter()
                .map(|p| {
                    let (k, v) = p.split_once('=').expect("pair");
                    let v = v
                        .strip_prefix('\'')
                        .and_then(|v| v.strip_suffix('\''))
                        .unwrap_or(v);
                    format!("{k}={}", v.replace(r"'\''", "'"))
                })
                .collect();
            let patch = kv::parse_args(&args).expect("parse");
            let rebuilt = build_body(*kind, json!({}), &patch).expect("rebuild");
            assert_eq!(rebuilt, body, "{kind}");
        }
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("Penicillin"), "Penicillin");
        assert_eq!(shell_word("It's fine"), r"'It'\''s fine'");
    }
}
