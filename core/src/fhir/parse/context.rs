//! Which resource an error is in: the input is walked along the error's path (only when
//! there is an error), keeping the innermost object that has a `resourceType`. The walk
//! borrows raw slices of the input, so it holds little beyond the input itself.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::fhir::error::ResourceRef;

enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// Splits `entry[3].resource.code` into its steps.
fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut steps = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut indexes) = match part.find('[') {
            Some(at) => (&part[..at], &part[at..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            steps.push(Step::Key(key));
        }
        while let Some(rest) = indexes.strip_prefix('[') {
            let (number, after) = rest.split_once(']')?;
            steps.push(Step::Index(number.parse().ok()?));
            indexes = after;
        }
    }
    Some(steps)
}

#[derive(Deserialize)]
struct Head {
    #[serde(rename = "resourceType")]
    resource_type: Option<Value>,
    id: Option<Value>,
}

fn resource_of(node: &RawValue) -> Option<ResourceRef> {
    if !node.get().starts_with('{') {
        return None;
    }
    let head: Head = serde_json::from_str(node.get()).ok()?;
    let Some(Value::String(resource_type)) = head.resource_type else {
        return None;
    };
    let id = match head.id {
        Some(Value::String(id)) => Some(id),
        _ => None,
    };
    Some(ResourceRef { resource_type, id })
}

/// The innermost resource on `path` in `input`, if the walk gets that far.
pub(crate) fn resource_at(input: &[u8], path: &str) -> Option<ResourceRef> {
    let mut node: &RawValue = serde_json::from_slice(input).ok()?;
    let mut found = resource_of(node);
    for step in steps(path)? {
        node = match step {
            Step::Key(key) => {
                let mut object: BTreeMap<String, &RawValue> =
                    serde_json::from_str(node.get()).ok()?;
                object.remove(key)?
            }
            Step::Index(index) => {
                let array: Vec<&RawValue> = serde_json::from_str(node.get()).ok()?;
                array.get(index).copied()?
            }
        };
        if let Some(resource) = resource_of(node) {
            found = Some(resource);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_innermost_resource_on_the_path_is_found() {
        let input = br#"{"resourceType":"Bundle","id":"b","entry":[{"resource":
            {"resourceType":"Observation","id":"o1","code":{"coding":[{"system":3}]}}}]}"#;
        let found = resource_at(input, "entry[0].resource.code.coding[0].system").unwrap();
        assert_eq!(
            (found.resource_type.as_str(), found.id.as_deref()),
            ("Observation", Some("o1"))
        );
        let found = resource_at(input, "entry[0]").unwrap();
        assert_eq!(found.resource_type, "Bundle");
        assert!(resource_at(b"[1]", "x").is_none());
    }
}
