//! Entry bodies to and from JSON, one kind at a time.
//!
//! The body is read as its own kind's type rather than through `EntryBody`'s `kind` tag:
//! that way errors carry the field's path (serde buffers tagged content, which loses it).

use phr_core::model::{EntryBody, EntryKind};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{CliError, CliResult};
use crate::kv::{Patch, Segment, get, get_mut, path_text};

type PathError = serde_path_to_error::Error<serde_json::Error>;

fn de<T: DeserializeOwned>(value: Value) -> Result<T, PathError> {
    serde_path_to_error::deserialize(value)
}

/// Reads `value` (the body's fields, without a tag) as a body of `kind`.
pub fn body_from_json(kind: EntryKind, value: Value) -> Result<EntryBody, PathError> {
    Ok(match kind {
        EntryKind::Identity => EntryBody::Identity(de(value)?),
        EntryKind::Condition => EntryBody::Condition(de(value)?),
        EntryKind::Allergy => EntryBody::Allergy(de(value)?),
        EntryKind::Vaccination => EntryBody::Vaccination(de(value)?),
        EntryKind::Medication => EntryBody::Medication(de(value)?),
        EntryKind::SocialPrescription => EntryBody::SocialPrescription(de(value)?),
        EntryKind::TestResult => EntryBody::TestResult(de(value)?),
        EntryKind::ThingsToKnow => EntryBody::ThingsToKnow(de(value)?),
        EntryKind::MyHistory => EntryBody::MyHistory(de(value)?),
        EntryKind::Goal => EntryBody::Goal(de(value)?),
        EntryKind::PersonInMyLife => EntryBody::PersonInMyLife(de(value)?),
        EntryKind::MyContactDetails => EntryBody::MyContactDetails(de(value)?),
        EntryKind::Contact => EntryBody::Contact(de(value)?),
        EntryKind::OrganDonation => EntryBody::OrganDonation(de(value)?),
        EntryKind::OtherTreatment => EntryBody::OtherTreatment(de(value)?),
        EntryKind::Appointment => EntryBody::Appointment(de(value)?),
        EntryKind::Module => EntryBody::Module(de(value)?),
    })
}

/// The body's fields as JSON, without the kind tag.
pub fn body_to_json(body: &EntryBody) -> Value {
    let value = match body {
        EntryBody::Identity(x) => serde_json::to_value(x),
        EntryBody::Condition(x) => serde_json::to_value(x),
        EntryBody::Allergy(x) => serde_json::to_value(x),
        EntryBody::Vaccination(x) => serde_json::to_value(x),
        EntryBody::Medication(x) => serde_json::to_value(x),
        EntryBody::SocialPrescription(x) => serde_json::to_value(x),
        EntryBody::TestResult(x) => serde_json::to_value(x),
        EntryBody::ThingsToKnow(x) => serde_json::to_value(x),
        EntryBody::MyHistory(x) => serde_json::to_value(x),
        EntryBody::Goal(x) => serde_json::to_value(x),
        EntryBody::PersonInMyLife(x) => serde_json::to_value(x),
        EntryBody::MyContactDetails(x) => serde_json::to_value(x),
        EntryBody::Contact(x) => serde_json::to_value(x),
        EntryBody::OrganDonation(x) => serde_json::to_value(x),
        EntryBody::OtherTreatment(x) => serde_json::to_value(x),
        EntryBody::Appointment(x) => serde_json::to_value(x),
        EntryBody::Module(x) => serde_json::to_value(x),
    };
    // Only maps with non-text keys fail to convert, and bodies have none.
    value.unwrap_or(Value::Null)
}

/// Whether serde said a text was wanted where something else was given.
fn wanted_text(e: &PathError) -> bool {
    let m = e.inner().to_string();
    m.starts_with("invalid type") && m.contains("expected a string")
        || m.contains("expected a borrowed string")
}

/// Builds a body of `kind` from `value` with `patch` applied, then validates it on its
/// own. A number or true/false typed where the field wants text (an NHS number, a phone
/// number) is given back as the text typed. Errors name the field and exit 2.
pub fn build_body(kind: EntryKind, mut value: Value, patch: &Patch) -> CliResult<EntryBody> {
    crate::kv::apply(&mut value, patch)?;
    if let Value::Object(map) = &mut value
        && map.get("kind").and_then(Value::as_str) == Some(kind.as_str())
    {
        map.remove("kind");
    }
    let guessed: Vec<(&Vec<Segment>, &String)> = patch
        .assignments
        .iter()
        .filter_map(|a| a.guessed_from.as_ref().map(|raw| (&a.path, raw)))
        .collect();
    let mut tries = guessed.len() + 1;
    loop {
        tries -= 1;
        let error = match body_from_json(kind, value.clone()) {
            Ok(body) => {
                if let Some(field) = unknown_field(&value, &body_to_json(&body), "") {
                    return Err(CliError::usage(format!(
                        "invalid {kind}: '{field}' is not a field of {kind} (see `phr kinds` or `phr add {kind} --example`)"
                    )));
                }
                body.validate()
                    .map_err(|e| CliError::from(e).context(&format!("invalid {kind}")))?;
                return Ok(body);
            }
            Err(e) => e,
        };
        let at = error.path().to_string();
        let at = if at == "." { String::new() } else { at };
        let fixable = wanted_text(&error).then(|| {
            // The field serde pointed at, else (inside a flattened or tagged part, where
            // serde loses the path) the first typed number under it.
            guessed
                .iter()
                .filter(|(path, _)| {
                    let p = path_text(path);
                    p == at || at.is_empty() || p.starts_with(&format!("{at}."))
                })
                .find(|(path, _)| get(&value, path).is_some_and(|v| !v.is_string()))
                .map(|(path, raw)| ((*path).clone(), (*raw).clone()))
        });
        match fixable.flatten() {
            Some((path, raw)) if tries > 0 => {
                if let Some(slot) = get_mut(&mut value, &path) {
                    *slot = Value::String(raw);
                }
            }
            _ => {
                let field = if at.is_empty() {
                    String::new()
                } else {
                    format!("{at}: ")
                };
                return Err(CliError::usage(format!(
                    "invalid {kind}: {field}{}",
                    error.inner()
                )));
            }
        }
    }
}

/// The first member of `input` that is not in `known` (the same body read back), as a
/// dotted path: a field the kind does not have, such as a misspelt one.
fn unknown_field(input: &Value, known: &Value, at: &str) -> Option<String> {
    match (input, known) {
        (Value::Object(i), Value::Object(k)) => i.iter().find_map(|(key, v)| {
            let path = if at.is_empty() {
                key.clone()
            } else {
                format!("{at}.{key}")
            };
            match k.get(key) {
                None => Some(path),
                Some(kv) => unknown_field(v, kv, &path),
            }
        }),
        (Value::Array(i), Value::Array(k)) => i
            .iter()
            .zip(k)
            .enumerate()
            .find_map(|(n, (iv, kv))| unknown_field(iv, kv, &format!("{at}[{n}]"))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kv::parse_args;
    use serde_json::json;

    fn build(kind: EntryKind, args: &[&str]) -> CliResult<EntryBody> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        build_body(kind, json!({}), &parse_args(&args)?)
    }

    #[test]
    fn an_allergy_builds_from_key_values() {
        let body = build(
            EntryKind::Allergy,
            &["substance=Penicillin", "reaction=Hives", "severity=severe"],
        )
        .expect("body");
        assert_eq!(body.summary(), "Penicillin: Hives (severe)");
    }

    #[test]
    fn errors_name_the_field() {
        let e = build(EntryKind::Allergy, &["substance=X", "severity=sever"]).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("invalid allergy: severity: unknown variant"),
            "{e}"
        );
        let e = build(EntryKind::Allergy, &["reaction=Hives"]).unwrap_err();
        assert!(e.to_string().contains("missing field `substance`"), "{e}");
        let e = build(EntryKind::Allergy, &["substance=X", "reacton=Hives"]).unwrap_err();
        assert!(
            e.to_string()
                .contains("'reacton' is not a field of allergy"),
            "{e}"
        );
        let e = build(EntryKind::Identity, &["name=Sam", "nhs_number=9434765918"]).unwrap_err();
        assert!(
            e.to_string().starts_with("invalid identity: nhs_number:"),
            "{e}"
        );
    }

    #[test]
    fn numbers_typed_for_text_fields_become_text() {
        let body =
            build(EntryKind::Identity, &["name=Sam", "nhs_number=9434765919"]).expect("body");
        assert!(
            body.summary().contains("943 476 5919"),
            "{}",
            body.summary()
        );
        let body = build(
            EntryKind::Contact,
            &["role=gp", "name=1", "phone=441614960000"],
        )
        .expect("flattened phone");
        assert!(
            body.summary().contains("441614960000"),
            "{}",
            body.summary()
        );
    }

    #[test]
    fn numbers_typed_for_text_inside_lists_become_text() {
        let body = build(EntryKind::Goal, &["goal=Save", "barriers[0].barrier=42"]).expect("body");
        assert_eq!(body_to_json(&body)["barriers"][0]["barrier"], "42");
        let body = build(EntryKind::Goal, &["goal=100", "support=true"]).expect("body");
        assert_eq!(body_to_json(&body)["goal"], "100");
        assert_eq!(body_to_json(&body)["support"], "true");
    }

    #[test]
    fn a_condition_takes_its_category() {
        let body = build(
            EntryKind::Condition,
            &["name=Knee replacement", "category=significant_surgery"],
        )
        .expect("body");
        assert!(body.summary().contains("(surgery)"));
        assert_eq!(body_to_json(&body)["category"], "significant_surgery");
    }
}
