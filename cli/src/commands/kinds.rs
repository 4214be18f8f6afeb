//! `phr kinds`: every entry kind with its fields (the core's own schema,
//! `EntryKind::fields()`), and the module templates.

use phr_core::model::modules::{FieldKind, builtin_templates};
use phr_core::model::{EntryKind, FieldType};
use serde_json::{Value, json};

use super::Ctx;
use crate::error::CliResult;
use crate::say;

/// What a field takes, in words.
fn field_type_text(t: &FieldType) -> String {
    match t {
        FieldType::Text { max_chars } => format!("text, up to {max_chars} characters"),
        FieldType::Number => "a number".into(),
        FieldType::WholeNumber { min, max } => format!("a whole number from {min} to {max}"),
        FieldType::Date => "a date, YYYY-MM-DD".into(),
        FieldType::DateTime => "a time with its offset, e.g. 2026-11-24T10:30:00+00:00".into(),
        FieldType::YesNo => "true or false".into(),
        FieldType::Choice { values } => format!("one of {}", values.join(", ")),
        FieldType::NhsNumber => "an NHS number, e.g. 943 476 5919".into(),
        FieldType::Coding => "a code: system, code and display".into(),
        FieldType::ListOf { item, max_items } => {
            format!("a list of up to {max_items}: {}", field_type_text(item))
        }
        FieldType::Group => "the fields below".into(),
    }
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
    let templates = builtin_templates();
    if ctx.out.json {
        let kinds: Vec<Value> = EntryKind::ALL
            .iter()
            .map(|k| {
                json!({
                    "kind": k.as_str(), "title": k.title(), "section": k.section().as_str(),
                    "one_per_record": k.is_singleton(), "fields": k.fields(),
                })
            })
            .collect();
        return ctx
            .out
            .print_json(&json!({ "kinds": kinds, "module_templates": templates }));
    }
    say!("Entry kinds: `phr add KIND field=value ...`; `phr add KIND --example` shows one.");
    for kind in EntryKind::ALL {
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
        for f in kind.fields() {
            let need = if f.required { "required" } else { "optional" };
            say!(
                "  {:<30} {need}  {}: {}",
                f.path,
                f.help,
                field_type_text(&f.kind)
            );
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
                "  answers.{:<22} {need}  {}",
                f.id,
                field_kind_text(&f.kind)
            );
        }
    }
    Ok(())
}
