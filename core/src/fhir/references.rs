//! Whether the references in a Bundle resolve inside it.
//!
//! Resolution follows R4 Bundle, "Resolving references in Bundles":
//! - `#id` refers to a resource contained in the one that holds the reference (`#`
//!   alone to that resource itself);
//! - an absolute reference (`urn:uuid:...`, `https://...`) must equal an entry's
//!   `fullUrl` (a version suffix `/_history/n` is ignored);
//! - a relative reference (`Patient/123`) is made absolute against the base of the
//!   holding entry's RESTful `fullUrl` and must then equal a `fullUrl`; failing that, it
//!   resolves when an entry's resource has that type and id (how the IPS examples with
//!   `urn:uuid` fullUrls are read in practice).
//!
//! A Bundle inside an entry is checked on its own terms, its references against its own
//! entries. References without a `reference` (an identifier or display only) are not
//! references to resolve.

use std::collections::HashSet;

use serde_json::Value;

use crate::fhir::resources::{Bundle, Resource};

/// Every reference in `bundle` that does not resolve inside it, each as
/// `entry[2] (Observation/abc): Patient/missing`.
pub fn unresolved_references(bundle: &Bundle) -> Vec<String> {
    let mut problems = Vec::new();
    collect(bundle, "", &mut problems);
    problems
}

fn collect(bundle: &Bundle, prefix: &str, problems: &mut Vec<String>) {
    let full_urls: HashSet<&str> = bundle
        .entry
        .iter()
        .filter_map(|e| e.full_url.as_deref())
        .collect();
    let typed_ids: HashSet<(&str, &str)> = bundle
        .entry
        .iter()
        .filter_map(|e| e.resource.as_ref())
        .filter_map(|r| Some((r.resource_type(), r.id()?)))
        .collect();
    for (index, entry) in bundle.entry.iter().enumerate() {
        let Some(resource) = &entry.resource else {
            continue;
        };
        let place = format!("{prefix}entry[{index}]");
        if let Resource::Bundle(inner) = resource {
            collect(inner, &format!("{place}.resource."), problems);
            continue;
        }
        let Ok(json) = serde_json::to_value(resource) else {
            problems.push(format!("{place}: could not be written as JSON"));
            continue;
        };
        let contained = contained_ids(&json);
        let mut references = Vec::new();
        references_in(&json, &mut references);
        let context = Context {
            full_urls: &full_urls,
            typed_ids: &typed_ids,
            contained: &contained,
            base: entry.full_url.as_deref().and_then(restful_base),
        };
        for reference in references {
            if !context.resolves(reference) {
                let who = match resource.id() {
                    Some(id) => format!("{}/{id}", resource.resource_type()),
                    None => resource.resource_type().to_owned(),
                };
                problems.push(format!("{place} ({who}): {reference}"));
            }
        }
    }
}

struct Context<'a> {
    full_urls: &'a HashSet<&'a str>,
    typed_ids: &'a HashSet<(&'a str, &'a str)>,
    contained: &'a HashSet<String>,
    base: Option<&'a str>,
}

impl Context<'_> {
    fn resolves(&self, reference: &str) -> bool {
        if let Some(id) = reference.strip_prefix('#') {
            return id.is_empty() || self.contained.contains(id);
        }
        let reference = without_version(reference);
        if is_absolute(reference) {
            return self.full_urls.contains(reference);
        }
        if let Some(base) = self.base
            && self
                .full_urls
                .contains(format!("{base}/{reference}").as_str())
        {
            return true;
        }
        match reference.split_once('/') {
            Some((kind, id)) if !id.contains('/') => self.typed_ids.contains(&(kind, id)),
            _ => false,
        }
    }
}

fn is_absolute(reference: &str) -> bool {
    reference.starts_with("urn:") || reference.contains("://")
}

/// `Patient/1/_history/2` and `https://x/Patient/1/_history/2` without the version.
fn without_version(reference: &str) -> &str {
    match reference.find("/_history/") {
        Some(at) => &reference[..at],
        None => reference,
    }
}

/// The base of a RESTful URL `https://server/fhir/Patient/123`: `https://server/fhir`.
fn restful_base(full_url: &str) -> Option<&str> {
    if !full_url.contains("://") {
        return None;
    }
    let (rest, _id) = full_url.rsplit_once('/')?;
    let (base, kind) = rest.rsplit_once('/')?;
    kind.starts_with(|c: char| c.is_ascii_uppercase())
        .then_some(base)
}

fn contained_ids(resource: &Value) -> HashSet<String> {
    resource
        .get("contained")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// Every `reference` string in the resource, contained resources and extensions too.
fn references_in<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                match (key.as_str(), child) {
                    ("reference", Value::String(reference)) => found.push(reference),
                    _ => references_in(child, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references_in(item, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(json: Value) -> Bundle {
        match serde_json::from_value::<Resource>(json).unwrap() {
            Resource::Bundle(b) => *b,
            other => panic!("not a Bundle: {}", other.resource_type()),
        }
    }

    #[test]
    fn urn_relative_restful_and_contained_references_resolve() {
        let b = bundle(serde_json::json!({
            "resourceType": "Bundle", "type": "collection",
            "entry": [
                {"fullUrl": "urn:uuid:0f6d7f55-1f30-4a4b-9b4c-1a2b3c4d5e6f",
                 "resource": {"resourceType": "Patient", "id": "0f6d7f55-1f30-4a4b-9b4c-1a2b3c4d5e6f"}},
                {"fullUrl": "https://example.org/fhir/Practitioner/p1",
                 "resource": {"resourceType": "Practitioner", "id": "p1"}},
                {"fullUrl": "https://example.org/fhir/Immunization/i1",
                 "resource": {"resourceType": "Immunization", "id": "i1", "status": "completed",
                   "contained": [{"resourceType": "Patient", "id": "pat"}],
                   "vaccineCode": {"text": "flu"},
                   "patient": {"reference": "#pat"},
                   "performer": [{"actor": {"reference": "Practitioner/p1"}}],
                   "recorder": {"reference": "urn:uuid:0f6d7f55-1f30-4a4b-9b4c-1a2b3c4d5e6f"},
                   "location": {"reference": "Location/nowhere"},
                   "manufacturer": {"display": "no reference to resolve"}}}
            ]
        }));
        assert_eq!(
            unresolved_references(&b),
            vec!["entry[2] (Immunization/i1): Location/nowhere"]
        );
    }

    #[test]
    fn versioned_references_resolve_to_their_resource() {
        assert_eq!(without_version("Patient/1/_history/2"), "Patient/1");
        assert_eq!(
            restful_base("https://x.org/fhir/Patient/1"),
            Some("https://x.org/fhir")
        );
        assert_eq!(restful_base("urn:uuid:1"), None);
    }
}
