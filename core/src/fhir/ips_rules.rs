//! The rules an IPS document Bundle keeps, checked in Rust: the ones the record's own
//! documents must never break, written from the R4 Bundle and Composition invariants and
//! the IPS IG 2.0.0 profiles (`Bundle-uv-ips`, `Composition-uv-ips`).

use std::collections::HashSet;

use crate::fhir::codes::{IPS_DOCUMENT, IpsSection, LOINC};
use crate::fhir::references::unresolved_references;
use crate::fhir::resources::{Bundle, BundleType, Composition, CompositionSection, Resource};

/// What breaks the IPS rules in `bundle`, in words; empty when it keeps them all.
///
/// - a `document` (R4 bdl-11 context) with an `identifier` holding a system and value
///   (bdl-9) and a `timestamp` (bdl-10);
/// - every entry has a `fullUrl` (IPS Bundle) and no two are the same (bdl-7);
/// - the first entry is a Composition (bdl-11) of type LOINC 60591-5 whose subject
///   resolves to a Patient in the Bundle;
/// - the problems (11450-4), allergies (48765-2) and medication (10160-0) sections are
///   each present once with entries or an `emptyReason` (IPS ips-comp-1);
/// - every section has a title, a code and text (IPS), and never both entries and an
///   `emptyReason` (R4 cmp-2);
/// - every reference resolves inside the Bundle ([`unresolved_references`]).
pub fn ips_problems(bundle: &Bundle) -> Vec<String> {
    let mut problems = Vec::new();
    if bundle.type_ != BundleType::Document {
        problems.push(format!("type is {}, not document", bundle.type_.as_str()));
    }
    let identified = bundle
        .identifier
        .as_ref()
        .is_some_and(|i| i.system.is_some() && i.value.is_some());
    if !identified {
        problems.push("identifier needs a system and a value (bdl-9)".into());
    }
    if bundle.timestamp.is_none() {
        problems.push("timestamp is missing (bdl-10)".into());
    }
    let mut seen = HashSet::new();
    for (index, entry) in bundle.entry.iter().enumerate() {
        match entry.full_url.as_deref() {
            None => problems.push(format!("entry[{index}] has no fullUrl")),
            Some(url) if !seen.insert(url) => {
                problems.push(format!("entry[{index}] repeats fullUrl {url} (bdl-7)"));
            }
            Some(_) => {}
        }
    }
    match bundle.entry.first().and_then(|e| e.resource.as_ref()) {
        Some(Resource::Composition(composition)) => {
            composition_problems(bundle, composition, &mut problems);
        }
        _ => problems.push("the first entry is not a Composition (bdl-11)".into()),
    }
    problems.extend(
        unresolved_references(bundle)
            .into_iter()
            .map(|r| format!("unresolved reference {r}")),
    );
    problems
}

fn composition_problems(bundle: &Bundle, composition: &Composition, problems: &mut Vec<String>) {
    if !composition.type_.has_code(LOINC, IPS_DOCUMENT.code) {
        problems.push(format!(
            "Composition.type is not LOINC {}",
            IPS_DOCUMENT.code
        ));
    }
    let subject = composition
        .subject
        .as_ref()
        .and_then(|s| s.reference.as_deref());
    let patient_urls: Vec<&str> = bundle
        .entry
        .iter()
        .filter(|e| matches!(e.resource, Some(Resource::Patient(_))))
        .filter_map(|e| e.full_url.as_deref())
        .collect();
    let subject_is_patient = subject.is_some_and(|s| {
        patient_urls.contains(&s)
            || s.strip_prefix("Patient/").is_some_and(|id| {
                bundle.entry.iter().any(
                    |e| matches!(&e.resource, Some(r @ Resource::Patient(_)) if r.id() == Some(id)),
                )
            })
            || patient_urls.iter().any(|u| u.ends_with(&format!("/{s}")))
    });
    if !subject_is_patient {
        problems.push("Composition.subject does not refer to a Patient in the Bundle".into());
    }
    for required in IpsSection::REQUIRED {
        let count = composition
            .section
            .iter()
            .filter(|s| is_section(s, required))
            .count();
        if count != 1 {
            problems.push(format!(
                "the {} section ({}) appears {count} times, not once",
                required.title(),
                required.loinc().code
            ));
        }
    }
    for (index, section) in composition.section.iter().enumerate() {
        let place = format!("Composition.section[{index}]");
        if section.title.is_none() {
            problems.push(format!("{place} has no title"));
        }
        if section.code.is_none() {
            problems.push(format!("{place} has no code"));
        }
        if section.text.is_none() {
            problems.push(format!("{place} has no text"));
        }
        let has_entries = section.entry.iter().any(|e| e.reference.is_some());
        let required = IpsSection::REQUIRED
            .into_iter()
            .any(|r| is_section(section, r));
        if required && !has_entries && section.empty_reason.is_none() {
            problems.push(format!(
                "{place} has neither entries nor an emptyReason (ips-comp-1)"
            ));
        }
        if has_entries && section.empty_reason.is_some() {
            problems.push(format!("{place} has entries and an emptyReason (cmp-2)"));
        }
    }
}

fn is_section(section: &CompositionSection, kind: IpsSection) -> bool {
    section
        .code
        .as_ref()
        .is_some_and(|c| c.has_code(LOINC, kind.loinc().code))
}
