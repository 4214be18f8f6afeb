//! `phr kinds`: every entry kind with its fields, and the module templates.
//!
//! The fields are read off each kind's example (which fills every field), and whether a
//! field is required, and which words it accepts, are asked of the core's own types, so
//! this list cannot drift from the record model.

use phr_core::model::EntryKind;
use phr_core::model::modules::{FieldKind, builtin_templates};
use serde::Serialize;
use serde_json::{Value, json};

use super::Ctx;
use crate::body::{body_from_json, body_to_json};
use crate::demo_record::example;
use crate::error::CliResult;
use crate::kv::{self, Segment};
use crate::say;

/// One field of a kind.
#[derive(Debug, Serialize)]
struct FieldInfo {
    path: String,
    required: bool,
    choices: Vec<String>,
    example: Value,
}

/// The words a serde error lists after "expected": `a`, `b` or `c`.
fn listed_choices(message: &str) -> Vec<String> {
    let Some((_, tail)) = message.split_once("expected") else {
        return Vec::new();
    };
    tail.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Leaves of an example body as (path, value); lists of objects look at their first item.
fn leaves(value: &Value, at: &mut Vec<Segment>, out: &mut Vec<(Vec<Segment>, Value)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                at.push(Segment::Key(k.clone()));
                leaves(v, at, out);
                at.pop();
            }
        }
        Value::Array(items) if items.first().is_some_and(Value::is_object) => {
            at.push(Segment::Index(0));
            leaves(&items[0], at, out);
            at.pop();
        }
        other => out.push((at.clone(), other.clone())),
    }
}

fn fields_of(kind: EntryKind) -> Vec<FieldInfo> {
    let Some((body, _)) = example(kind) else {
        return Vec::new();
    };
    let full = body_to_json(&body);
    let mut found = Vec::new();
    leaves(&full, &mut Vec::new(), &mut found);
    let mut fields: Vec<FieldInfo> = found
        .into_iter()
        .map(|(path, value)| {
            let top = match path.first() {
                Some(Segment::Key(k)) => k.clone(),
                _ => String::new(),
            };
            let mut without = full.clone();
            if let Value::Object(map) = &mut without {
                map.remove(&top);
            }
            let required = body_from_json(kind, without)
                .is_err_and(|e| e.inner().to_string().starts_with("missing field"));
            let choices = if value.is_string() {
                let mut probe = full.clone();
                let _ = kv::set(&mut probe, &path, json!("?"));
                match body_from_json(kind, probe) {
                    Err(e) if e.inner().to_string().contains("unknown variant") => {
                        listed_choices(&e.inner().to_string())
                    }
                    _ => Vec::new(),
                }
            } else {
                Vec::new()
            };
            FieldInfo {
                path: kv::path_text(&path),
                required,
                choices,
                example: value,
            }
        })
        .collect();
    // Required fields first, each group in name order.
    fields.sort_by_key(|f| !f.required);
    fields
}

/// At most 50 characters of an example.
fn shorten(s: &str) -> String {
    if s.chars().count() <= 50 {
        return s.to_string();
    }
    format!("{}...", s.chars().take(47).collect::<String>())
}

fn field_kind_text(kind: &FieldKind) -> String {
    match kind {
        FieldKind::Text { max_chars } => format!("text, up to {max_chars} characters"),
        FieldKind::Choice { options } => {
            let values: Vec<&str> = options.iter().map(|o| o.value.as_str()).collect();
            format!("one of {}", values.join(", "))
        }
        FieldKind::YesNo => "true or false".into(),
        FieldKind::Date => "a date, YYYY-MM-DD".into(),
        FieldKind::Number { min, max } => format!("a number from {min} to {max}"),
    }
}

/// Lists every kind and module template.
pub fn run(ctx: &Ctx) -> CliResult {
    let kinds: Vec<(EntryKind, Vec<FieldInfo>)> =
        EntryKind::ALL.iter().map(|k| (*k, fields_of(*k))).collect();
    let templates = builtin_templates();
    if ctx.out.json {
        let kinds: Vec<Value> = kinds
            .iter()
            .map(|(k, fields)| {
                json!({
                    "kind": k.as_str(), "title": k.title(), "section": k.section().as_str(),
                    "one_per_record": k.is_singleton(), "fields": fields,
                })
            })
            .collect();
        return ctx
            .out
            .print_json(&json!({ "kinds": kinds, "module_templates": templates }));
    }
    say!("Entry kinds: `phr add KIND field=value ...`; `phr add KIND --example` shows one.");
    for (kind, fields) in &kinds {
        say!();
        let once = if kind.is_singleton() {
            ", one per record"
        } else {
            ""
        };
        say!(
            "{kind}  ({}: {}{once})",
            kind.section().title(),
            kind.title()
        );
        for f in fields {
            let need = if f.required { "required" } else { "optional" };
            let detail = match (&f.example, f.choices.is_empty()) {
                (_, false) => format!("one of {}", f.choices.join(", ")),
                (Value::Null, true) => String::new(),
                (Value::String(s), true) => format!("e.g. {}", shorten(s)),
                (other, true) => format!("e.g. {}", shorten(&other.to_string())),
            };
            say!("  {:<34} {need}  {detail}", f.path);
        }
    }
    say!();
    say!(
        "Module templates: `phr add module template_id=ID answers.FIELD=VALUE ... completed_on=YYYY-MM-DD`"
    );
    for t in &templates {
        say!();
        say!("{} (version {}): {}", t.id, t.version, t.title);
        for f in &t.fields {
            let need = if f.required { "required" } else { "optional" };
            say!(
                "  answers.{:<26} {need}  {}",
                f.id,
                field_kind_text(&f.kind)
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_come_from_the_error_wording() {
        assert_eq!(
            listed_choices("unknown variant `?`, expected one of `mild`, `moderate`, `severe`"),
            vec!["mild", "moderate", "severe"]
        );
        assert_eq!(
            listed_choices("unknown variant `?`, expected `a` or `b`"),
            vec!["a", "b"]
        );
    }

    #[test]
    fn allergy_fields_know_what_is_required_and_the_severities() {
        let fields = fields_of(EntryKind::Allergy);
        let substance = fields
            .iter()
            .find(|f| f.path == "substance")
            .expect("substance");
        assert!(substance.required);
        let severity = fields
            .iter()
            .find(|f| f.path == "severity")
            .expect("severity");
        assert!(!severity.required);
        assert_eq!(severity.choices, vec!["mild", "moderate", "severe"]);
    }

    #[test]
    fn every_kind_lists_fields() {
        for kind in EntryKind::ALL {
            assert!(!fields_of(*kind).is_empty(), "{kind}");
        }
    }
}
