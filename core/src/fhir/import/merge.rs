//! A re-import's changes, merged with the person's own. For each field of an entry the
//! ledger holds a hash of what the import last wrote into it. A newer version of the
//! resource changes a field only when the field still holds what the import wrote (the
//! person has not changed it) or is empty; what the person wrote is never overwritten.
//! An entry the import did not make (the person's own identity, into which a Patient is
//! merged) has no hashes: only its empty fields are filled.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::model::EntryBody;

/// Each field's hash as an import wrote it.
pub type FieldHashes = BTreeMap<String, String>;

/// The result of a merge.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The entry's content after the merge.
    pub body: EntryBody,
    /// The hashes to keep for next time.
    pub hashes: FieldHashes,
    /// Whether the content differs from the current one.
    pub changed: bool,
    /// The fields taken from the import.
    pub taken: Vec<String>,
}

fn fields(body: &EntryBody) -> Result<Map<String, Value>, serde_json::Error> {
    match serde_json::to_value(body)? {
        Value::Object(map) => Ok(map),
        _ => Err(serde::de::Error::custom("an entry body is not an object")),
    }
}

fn hash(value: &Value) -> String {
    // serde_json's map keeps keys sorted, so equal values give equal text.
    let digest = Sha256::digest(value.to_string().as_bytes());
    crate::store::codec::hex(&digest[..12])
}

fn is_empty(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        Some(_) => false,
    }
}

/// The hashes of every field of `body`, as a new import writes it.
pub fn field_hashes(body: &EntryBody) -> Result<FieldHashes, serde_json::Error> {
    Ok(fields(body)?
        .iter()
        .filter(|(k, v)| k.as_str() != "kind" && !is_empty(Some(v)))
        .map(|(k, v)| (k.clone(), hash(v)))
        .collect())
}

/// Merges `incoming` (a newer mapping of the resource) into `current` (the entry as it
/// is), `base` being what the import last wrote (`None`: nothing).
pub fn merge(
    current: &EntryBody,
    incoming: &EntryBody,
    base: Option<&FieldHashes>,
) -> Result<Merged, serde_json::Error> {
    let now = fields(current)?;
    let new = fields(incoming)?;
    let mut merged = now.clone();
    let mut hashes = FieldHashes::new();
    let mut taken = Vec::new();
    let mut names: Vec<&String> = now.keys().chain(new.keys()).collect();
    names.sort();
    names.dedup();
    for name in names {
        if name == "kind" {
            continue;
        }
        let (cur, inc) = (now.get(name), new.get(name));
        let written_by_import = base
            .and_then(|b| b.get(name))
            .is_some_and(|h| cur.is_some_and(|c| hash(c) == *h));
        let take = (!is_empty(inc) && is_empty(cur)) || written_by_import;
        if take && cur != inc {
            match inc {
                Some(v) => merged.insert(name.clone(), v.clone()),
                None => merged.remove(name),
            };
            taken.push(name.clone());
        }
        let kept = if take { inc } else { None };
        match (kept, base.and_then(|b| b.get(name))) {
            (Some(v), _) if !is_empty(Some(v)) => {
                hashes.insert(name.clone(), hash(v));
            }
            (Some(_), _) => {}
            (None, Some(old)) => {
                hashes.insert(name.clone(), old.clone());
            }
            (None, None) => {}
        }
    }
    let changed = merged != now;
    let body = serde_json::from_value(Value::Object(merged))?;
    Ok(Merged {
        body,
        hashes,
        changed,
        taken,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Condition, ConditionKind, ConditionStatus};

    fn condition(name: &str, notes: Option<&str>, since: Option<&str>) -> EntryBody {
        EntryBody::Condition(Condition {
            name: name.into(),
            category: ConditionKind::Diagnosis,
            code: None,
            since: since.map(|s| s.parse().unwrap()),
            status: ConditionStatus::Active,
            notes: notes.map(str::to_owned),
        })
    }

    #[test]
    fn a_newer_version_changes_what_the_import_wrote_but_not_what_the_person_wrote() {
        let first = condition("Diabetes", Some("from the GP"), None);
        let base = field_hashes(&first).unwrap();
        // The person rewrote the note.
        let current = condition("Diabetes", Some("my own words"), None);
        let newer = condition(
            "Type 2 diabetes",
            Some("updated by the GP"),
            Some("2015-03-01"),
        );
        let merged = merge(&current, &newer, Some(&base)).unwrap();
        assert!(merged.changed);
        let EntryBody::Condition(c) = &merged.body else {
            panic!()
        };
        assert_eq!(c.name, "Type 2 diabetes");
        assert_eq!(c.notes.as_deref(), Some("my own words"));
        assert_eq!(c.since, "2015-03-01".parse().ok());
        // The same version again changes nothing.
        let again = merge(&merged.body, &newer, Some(&merged.hashes)).unwrap();
        assert!(!again.changed);
    }

    #[test]
    fn into_the_persons_own_entry_only_empty_fields_are_filled() {
        let current = condition("Asthma", None, None);
        let incoming = condition("Asthma (disorder)", Some("GP note"), Some("2001-01-01"));
        let merged = merge(&current, &incoming, None).unwrap();
        let EntryBody::Condition(c) = &merged.body else {
            panic!()
        };
        assert_eq!(c.name, "Asthma");
        assert_eq!(c.notes.as_deref(), Some("GP note"));
        assert_eq!(merged.taken, vec!["notes".to_owned(), "since".to_owned()]);
    }
}
