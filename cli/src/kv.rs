//! `key=value` arguments: dotted keys nest (`status.state=taking`, `barriers[0].barrier=x`
//! or `barriers.0.barrier=x`), values that parse as JSON are JSON (`3`, `true`, `null`,
//! `["a","b"]`, `"007"` for text that looks like a number), anything else is text. An
//! argument that starts with `{` is a whole JSON object, merged in.

use serde_json::{Map, Value};

use crate::error::{CliError, CliResult};

/// One step of a dotted key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

/// One `key=value` from the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// Where it goes.
    pub path: Vec<Segment>,
    /// The value.
    pub value: Value,
    /// The text typed, when it was read as a number or true/false rather than as text
    /// (so that a field that wants text, such as an NHS number, can have it back).
    pub guessed_from: Option<String>,
}

/// Everything given on the command line for an entry body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Patch {
    /// JSON objects given whole, merged first, in order.
    pub objects: Vec<Map<String, Value>>,
    /// `key=value` assignments, applied after the objects, in order.
    pub assignments: Vec<Assignment>,
}

/// Reads the arguments into a patch.
pub fn parse_args(args: &[String]) -> CliResult<Patch> {
    let mut patch = Patch::default();
    for arg in args {
        if arg.trim_start().starts_with('{') {
            match serde_json::from_str::<Value>(arg) {
                Ok(Value::Object(map)) => patch.objects.push(map),
                Ok(_) => return Err(CliError::usage("a JSON body must be an object {...}")),
                Err(e) => {
                    return Err(CliError::usage(format!(
                        "the JSON body is not valid JSON: {e}"
                    )));
                }
            }
            continue;
        }
        let Some((key, raw)) = arg.split_once('=') else {
            return Err(CliError::usage(format!(
                "'{arg}' is not key=value (e.g. substance=Penicillin) or a JSON object"
            )));
        };
        let path = parse_path(key)?;
        let (value, guessed) = parse_value(raw);
        patch.assignments.push(Assignment {
            path,
            value,
            guessed_from: guessed.then(|| raw.to_string()),
        });
    }
    Ok(patch)
}

/// Splits `barriers[0].barrier` or `barriers.0.barrier` into segments.
pub fn parse_path(key: &str) -> CliResult<Vec<Segment>> {
    let normalised = key.trim().replace('[', ".").replace(']', "");
    let mut path = Vec::new();
    for part in normalised.split('.') {
        if part.is_empty() {
            return Err(CliError::usage(format!("'{key}' is not a field name")));
        }
        path.push(match part.parse::<usize>() {
            Ok(i) => Segment::Index(i),
            Err(_) => Segment::Key(part.to_string()),
        });
    }
    if !matches!(path.first(), Some(Segment::Key(_))) {
        return Err(CliError::usage(format!(
            "'{key}' must start with a field name"
        )));
    }
    Ok(path)
}

/// A typed value: JSON where the text is JSON, else the text itself. The flag says the
/// text was read as a number or true/false.
pub fn parse_value(raw: &str) -> (Value, bool) {
    match serde_json::from_str::<Value>(raw) {
        Ok(v @ Value::String(_)) => (v, false),
        Ok(v @ (Value::Number(_) | Value::Bool(_))) => (v, true),
        Ok(v) => (v, false),
        Err(_) => (Value::String(raw.to_string()), false),
    }
}

/// The path as serde_path_to_error and the core's validation write it: `a.b[0].c`.
pub fn path_text(path: &[Segment]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Segment::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Segment::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Applies the patch to `target` (an object).
pub fn apply(target: &mut Value, patch: &Patch) -> CliResult {
    for object in &patch.objects {
        merge(target, Value::Object(object.clone()));
    }
    for a in &patch.assignments {
        set(target, &a.path, a.value.clone())
            .map_err(|why| CliError::usage(format!("{}: {why}", path_text(&a.path))))?;
    }
    Ok(())
}

/// Deep merge: objects merge member by member, anything else replaces.
fn merge(target: &mut Value, patch: Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                merge(t.entry(k).or_insert(Value::Null), v);
            }
        }
        (t, p) => *t = p,
    }
}

/// Sets the value at `path`, making objects and arrays on the way.
pub fn set(target: &mut Value, path: &[Segment], value: Value) -> Result<(), String> {
    let Some((first, rest)) = path.split_first() else {
        *target = value;
        return Ok(());
    };
    let child = match first {
        Segment::Key(k) => {
            if target.is_null() {
                *target = Value::Object(Map::new());
            }
            let Value::Object(map) = target else {
                return Err(format!(
                    "cannot set '{k}' inside a value that is not an object"
                ));
            };
            map.entry(k.clone()).or_insert(Value::Null)
        }
        Segment::Index(i) => {
            if target.is_null() {
                *target = Value::Array(Vec::new());
            }
            let Value::Array(items) = target else {
                return Err(format!("cannot set item {i} of a value that is not a list"));
            };
            if *i > items.len() {
                return Err(format!(
                    "item {i} would leave a gap (the list has {})",
                    items.len()
                ));
            }
            if *i == items.len() {
                items.push(Value::Null);
            }
            &mut items[*i]
        }
    };
    set(child, rest, value)
}

/// The value at `path`, if there is one.
pub fn get<'a>(target: &'a Value, path: &[Segment]) -> Option<&'a Value> {
    path.iter().try_fold(target, |v, seg| match seg {
        Segment::Key(k) => v.get(k.as_str()),
        Segment::Index(i) => v.get(*i),
    })
}

/// The value at `path`, if there is one, to change.
pub fn get_mut<'a>(target: &'a mut Value, path: &[Segment]) -> Option<&'a mut Value> {
    path.iter().try_fold(target, |v, seg| match seg {
        Segment::Key(k) => v.get_mut(k.as_str()),
        Segment::Index(i) => v.get_mut(*i),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn patched(args: &[&str]) -> Value {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let patch = parse_args(&args).expect("parse");
        let mut v = json!({});
        apply(&mut v, &patch).expect("apply");
        v
    }

    #[test]
    fn dotted_keys_nest_and_values_are_json_where_they_parse() {
        let v = patched(&[
            "substance=Penicillin",
            "severity=severe",
            "status.state=stopped_by_me",
            "status.on=2026-01-05",
            "dose_number=2",
            "registered=true",
            "organs=[\"kidneys\",\"liver\"]",
            "barriers[0].barrier=Cost",
            "barriers.0.how_to_overcome=Ask",
            "notes=null",
            "batch=\"007\"",
        ]);
        assert_eq!(
            v,
            json!({
                "substance": "Penicillin", "severity": "severe",
                "status": {"state": "stopped_by_me", "on": "2026-01-05"},
                "dose_number": 2, "registered": true, "organs": ["kidneys", "liver"],
                "barriers": [{"barrier": "Cost", "how_to_overcome": "Ask"}],
                "notes": null, "batch": "007",
            })
        );
    }

    #[test]
    fn a_json_object_merges_and_key_values_win() {
        let v = patched(&[
            r#"{"name": "A", "code": {"system": "s", "code": "1"}}"#,
            "code.code=E11",
        ]);
        assert_eq!(
            v,
            json!({"name": "A", "code": {"system": "s", "code": "E11"}})
        );
    }

    #[test]
    fn numbers_remember_the_text_typed() {
        let patch = parse_args(&["nhs_number=9434765919".to_string()]).expect("parse");
        assert_eq!(
            patch.assignments[0].guessed_from.as_deref(),
            Some("9434765919")
        );
        let patch = parse_args(&["name=Sam".to_string()]).expect("parse");
        assert_eq!(patch.assignments[0].guessed_from, None);
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        for bad in ["substance", "=x", "a..b=1", "[0]=x", "{not json"] {
            assert!(
                matches!(parse_args(&[bad.to_string()]), Err(CliError::Usage(_))),
                "{bad}"
            );
        }
        let patch = parse_args(&["items[3]=x".to_string()]).expect("parse");
        assert!(apply(&mut json!({}), &patch).is_err());
    }

    #[test]
    fn paths_print_like_validation_errors() {
        let p = parse_path("barriers.0.barrier").expect("path");
        assert_eq!(path_text(&p), "barriers[0].barrier");
    }
}
