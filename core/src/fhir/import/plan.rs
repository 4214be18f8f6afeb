//! From an input to [`Candidate`]s: which system it came from, each resource's key,
//! and the table of which mapping reads which resource type.
//!
//! | resource | mapped by | into |
//! |---|---|---|
//! | Patient | `patient.rs` | identity; contact details; next of kin, emergency contacts, GP |
//! | Condition, Procedure, AllergyIntolerance, Immunization | `clinical.rs` | conditions and surgeries, allergies, vaccinations |
//! | MedicationStatement, MedicationRequest | `medication.rs` | medications |
//! | Observation | `observation.rs`, `reading.rs` | test results; readings |
//! | Appointment | `appointment.rs` | appointments |
//! | Goal, RelatedPerson, Consent | `about_me.rs` | goals, people in my life, organ donation |
//! | Composition | `about_me.rs` | "none known" statements of a document's sections |
//! | anything else | [`KEPT`] | kept as it came, with the reason |

use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::candidate::{Candidate, Planned};
use super::error::ImportError;
use super::options::{ImportOptions, UNKNOWN_SYSTEM};
use super::resource_types::is_r4_resource_type;
use super::walk::{Walk, meta};
use super::{about_me, appointment, clinical, medication, observation, patient};
use crate::fhir::{FhirInput, Resource};

/// What the mappings read from besides the resource itself.
pub struct Context<'a> {
    /// Every resource of the input, to resolve references.
    pub walk: &'a Walk<'a>,
    /// The resource being mapped.
    pub holder: &'a Resource,
    /// The system it came from.
    pub system: &'a str,
}

/// Why resources of types the record does not map are kept.
pub const KEPT: [(&str, &str); 21] = [
    (
        "Composition",
        "the table of contents of a document: its entries are imported one by one",
    ),
    (
        "DiagnosticReport",
        "a report grouping results: its results are imported one by one",
    ),
    (
        "Medication",
        "a medicine that a statement or prescription refers to",
    ),
    (
        "Organization",
        "an organisation (the record keeps your GP as a contact)",
    ),
    ("Practitioner", "a professional"),
    ("PractitionerRole", "a professional's role"),
    ("Location", "a place"),
    (
        "Encounter",
        "a visit or stay: the record keeps what was found and done, not the visits",
    ),
    ("EpisodeOfCare", "an episode of care"),
    ("Claim", "billing"),
    ("ExplanationOfBenefit", "billing"),
    ("Coverage", "insurance"),
    (
        "CarePlan",
        "a care plan: the record's own plans are modules you fill in",
    ),
    ("Device", "a device"),
    ("Specimen", "a specimen taken for a test"),
    ("ServiceRequest", "a request for a service"),
    ("List", "a list of other resources"),
    ("Provenance", "where other resources came from"),
    (
        "QuestionnaireResponse",
        "answers to a questionnaire: modules are not imported",
    ),
    ("OperationOutcome", "a server's message"),
    ("Bundle", "a Bundle"),
];

fn kept_reason(resource_type: &str) -> String {
    KEPT.iter()
        .find(|(t, _)| *t == resource_type)
        .map(|(_, why)| (*why).to_owned())
        .unwrap_or_else(|| format!("the record does not map {resource_type} resources"))
}

/// The `meta` of a resource of a type not modelled, read from its JSON.
#[derive(serde::Deserialize)]
struct Head {
    meta: Option<crate::fhir::datatypes::Meta>,
}

/// An input's resources, mapped.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The system the input came from.
    pub system: String,
    /// Every resource (and part of one), in the order of the input.
    pub candidates: Vec<Candidate>,
    /// Entries that hold no resource: their paths.
    pub empty: Vec<String>,
}

/// Maps every resource of `input`. `own_uri` is this record's URI (what its exports
/// carry in `meta.source`). Fails, importing nothing, on a resource type FHIR R4 does not
/// have or an id that is not a FHIR id.
pub fn plan(
    input: &FhirInput,
    options: &ImportOptions,
    own_uri: &str,
) -> Result<Plan, ImportError> {
    let system = system_of(input, options);
    let walk = Walk::of(input);
    let mut out = Plan {
        system: system.clone(),
        candidates: Vec::with_capacity(walk.found.len()),
        empty: Vec::new(),
    };
    for (path, found) in &walk.found {
        let Some(resource) = found.resource else {
            out.empty.push(path.clone());
            continue;
        };
        check(resource, path)?;
        let raw: Arc<str> = serde_json::to_string(resource)
            .map_err(|e| ImportError::Invalid {
                path: path.clone(),
                resource: None,
                reason: format!("could not be read back as JSON ({e})"),
            })?
            .into();
        let resource_id = identity(resource, found.full_url, &raw);
        let unmodelled = match resource {
            Resource::Other { json, .. } => serde_json::from_str::<Head>(json.get())
                .ok()
                .and_then(|h| h.meta),
            _ => None,
        };
        let meta = meta(resource).or(unmodelled.as_ref());
        let own = meta.and_then(|m| m.source.as_deref()) == Some(own_uri);
        let cx = Context {
            walk: &walk,
            holder: resource,
            system: &system,
        };
        for (part, planned) in map(resource, &cx) {
            let resource_id = format!("{resource_id}{part}");
            out.candidates.push(Candidate {
                key: format!("{system}|{resource_id}"),
                resource_id,
                resource_type: resource.resource_type().to_owned(),
                id: resource.id().map(str::to_owned),
                path: path.clone(),
                version: meta.and_then(|m| m.version_id.clone()),
                raw: raw.clone(),
                own,
                planned,
            });
        }
    }
    Ok(out)
}

/// The mapping of one resource: `(part, what it maps to)`, the part empty for the
/// resource itself.
fn map(resource: &Resource, cx: &Context<'_>) -> Vec<(String, Planned)> {
    let whole = |planned: Planned| vec![(String::new(), planned)];
    match resource {
        Resource::Patient(p) => patient::map(p, cx),
        Resource::Condition(c) => whole(clinical::condition(c)),
        Resource::Procedure(p) => whole(clinical::procedure(p)),
        Resource::AllergyIntolerance(a) => whole(clinical::allergy(a)),
        Resource::Immunization(i) => whole(clinical::immunization(i, cx)),
        Resource::MedicationStatement(m) => whole(medication::statement(m, cx)),
        Resource::MedicationRequest(m) => whole(medication::request(m, cx)),
        Resource::Observation(o) => whole(observation::map(o, cx)),
        Resource::Appointment(a) => whole(appointment::map(a, cx)),
        Resource::Goal(g) => whole(about_me::goal(g)),
        Resource::RelatedPerson(r) => whole(about_me::related_person(r)),
        Resource::Consent(c) => whole(about_me::consent(c)),
        Resource::Composition(c) => {
            let mut parts = about_me::document_statements(c);
            parts.insert(
                0,
                (
                    String::new(),
                    Planned::not_mapped(kept_reason("Composition")),
                ),
            );
            parts
        }
        other => whole(Planned::not_mapped(kept_reason(other.resource_type()))),
    }
}

/// Refuses what is not FHIR R4: an unknown resource type, an id that is not a FHIR id
/// (R4 `id`: 1 to 64 of `A-Z a-z 0-9 - .`).
fn check(resource: &Resource, path: &str) -> Result<(), ImportError> {
    let at = |element: &str| {
        if path.is_empty() {
            element.to_owned()
        } else {
            format!("{path}.{element}")
        }
    };
    if !is_r4_resource_type(resource.resource_type()) {
        return Err(ImportError::Invalid {
            path: at("resourceType"),
            resource: None,
            reason: "is not a FHIR R4 resource type".into(),
        });
    }
    if let Some(id) = resource.id() {
        let ok = (1..=64).contains(&id.len())
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        if !ok {
            return Err(ImportError::Invalid {
                path: at("id"),
                resource: Some(resource.resource_type().to_owned()),
                reason: "is not a FHIR id (1 to 64 letters, digits, '-' or '.')".into(),
            });
        }
    }
    Ok(())
}

/// `Type/id`; without an id, the UUID of a `urn:uuid:` fullUrl (what a server makes of a
/// transaction's entry), else `Type?fullUrl=...` for an absolute one, else
/// `Type?identifier=system|value` of its first identifier (stable across versions), else
/// `Type?sha256=...` of its JSON.
fn identity(resource: &Resource, full_url: Option<&str>, raw: &str) -> String {
    let kind = resource.resource_type();
    if let Some(id) = resource.id() {
        return format!("{kind}/{id}");
    }
    #[derive(serde::Deserialize)]
    struct Identifiers {
        #[serde(default)]
        identifier: serde_json::Value,
    }
    let identifier = serde_json::from_str::<Identifiers>(raw).ok().and_then(|i| {
        let first = match i.identifier {
            serde_json::Value::Array(list) => list.into_iter().next()?,
            one @ serde_json::Value::Object(_) => one,
            _ => return None,
        };
        let value = first.get("value")?.as_str()?.to_owned();
        let system = first
            .get("system")
            .and_then(|s| s.as_str())
            .unwrap_or_default()
            .to_owned();
        Some(format!("{system}|{value}"))
    });
    match (full_url, identifier) {
        (Some(url), _) if url.starts_with("urn:uuid:") => {
            format!("{kind}/{}", &url["urn:uuid:".len()..])
        }
        (Some(url), _) if url.contains("://") => format!("{kind}?fullUrl={url}"),
        (_, Some(identifier)) => format!("{kind}?identifier={identifier}"),
        _ => {
            let digest = Sha256::digest(raw.as_bytes());
            format!("{kind}?sha256={}", crate::store::codec::hex(&digest[..12]))
        }
    }
}

/// Where the input came from: the options, else the Bundle's `meta.source`, else the
/// base of its first RESTful `fullUrl` (`https://server/fhir/Patient/1`), else
/// [`UNKNOWN_SYSTEM`].
fn system_of(input: &FhirInput, options: &ImportOptions) -> String {
    if let Some(system) = options.system.as_deref().filter(|s| !s.trim().is_empty()) {
        return system.trim().to_owned();
    }
    let FhirInput::Bundle(bundle) = input else {
        return UNKNOWN_SYSTEM.into();
    };
    if let Some(source) = bundle.meta.as_ref().and_then(|m| m.source.as_deref()) {
        return source.to_owned();
    }
    bundle
        .entry
        .iter()
        .filter_map(|e| e.full_url.as_deref())
        .find_map(restful_base)
        .unwrap_or(UNKNOWN_SYSTEM)
        .to_owned()
}

/// `https://server/fhir` of `https://server/fhir/Patient/123`.
fn restful_base(url: &str) -> Option<&str> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return None;
    }
    let (rest, _id) = url.rsplit_once('/')?;
    let (base, kind) = rest.rsplit_once('/')?;
    (kind.starts_with(|c: char| c.is_ascii_uppercase()) && base.contains("://")).then_some(base)
}
