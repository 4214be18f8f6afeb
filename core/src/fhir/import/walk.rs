//! The resources of an input, in order, with where each is (`entry[3].resource`), and
//! references between them resolved (R4 Bundle, "Resolving references in Bundles": a
//! `fullUrl`, `Type/id`, or `#id` for a resource contained in the one referring).
//! A Bundle inside a Bundle (the Prescriptions for Patients API nests one) is opened:
//! its entries are resources of the input like the others.

use std::collections::HashMap;

use crate::fhir::datatypes::{Meta, Reference};
use crate::fhir::{FhirInput, Resource};

/// One resource of the input.
#[derive(Debug, Clone, Copy)]
pub struct Found<'a> {
    /// The resource (`None` for an entry without one).
    pub resource: Option<&'a Resource>,
    /// Its entry's `fullUrl`.
    pub full_url: Option<&'a str>,
}

/// Every resource of an input, and the means to resolve references among them.
pub struct Walk<'a> {
    /// The resources, in order, each with its path.
    pub found: Vec<(String, Found<'a>)>,
    by_url: HashMap<&'a str, &'a Resource>,
    by_type_id: HashMap<(&'a str, &'a str), &'a Resource>,
}

impl<'a> Walk<'a> {
    /// The resources of `input`.
    pub fn of(input: &'a FhirInput) -> Self {
        let mut walk = Self {
            found: Vec::new(),
            by_url: HashMap::new(),
            by_type_id: HashMap::new(),
        };
        match input {
            FhirInput::Bundle(bundle) => walk.bundle(bundle, ""),
            FhirInput::Resource(resource) => walk.add(String::new(), Some(resource), None),
        }
        walk
    }

    fn bundle(&mut self, bundle: &'a crate::fhir::Bundle, prefix: &str) {
        for (i, entry) in bundle.entry.iter().enumerate() {
            let path = format!("{prefix}entry[{i}]");
            match &entry.resource {
                Some(Resource::Bundle(inner)) => self.bundle(inner, &format!("{path}.resource.")),
                Some(resource) => self.add(
                    format!("{path}.resource"),
                    Some(resource),
                    entry.full_url.as_deref(),
                ),
                None => self.add(path, None, entry.full_url.as_deref()),
            }
        }
    }

    fn add(&mut self, path: String, resource: Option<&'a Resource>, full_url: Option<&'a str>) {
        if let Some(r) = resource {
            if let Some(url) = full_url {
                self.by_url.insert(url, r);
            }
            if let Some(id) = r.id() {
                self.by_type_id.entry((r.resource_type(), id)).or_insert(r);
            }
        }
        self.found.push((path, Found { resource, full_url }));
    }

    /// The resource `reference` (made inside `holder`) points at, when it is in the input.
    pub fn resolve(&self, holder: &'a Resource, reference: &Reference) -> Option<&'a Resource> {
        let target = reference.reference.as_deref()?;
        if let Some(id) = target.strip_prefix('#') {
            return contained(holder).iter().find(|c| c.id() == Some(id));
        }
        let target = target.split("/_history/").next().unwrap_or(target);
        if let Some(found) = self.by_url.get(target) {
            return Some(found);
        }
        let mut parts = target.rsplitn(3, '/');
        let (id, kind) = (parts.next()?, parts.next()?);
        self.by_type_id.get(&(kind, id)).copied()
    }
}

/// The resources contained in a resource of a type the import reads.
pub fn contained(resource: &Resource) -> &[Resource] {
    match resource {
        Resource::Patient(r) => &r.contained,
        Resource::Condition(r) => &r.contained,
        Resource::Procedure(r) => &r.contained,
        Resource::AllergyIntolerance(r) => &r.contained,
        Resource::Immunization(r) => &r.contained,
        Resource::MedicationStatement(r) => &r.contained,
        Resource::MedicationRequest(r) => &r.contained,
        Resource::Observation(r) => &r.contained,
        Resource::Appointment(r) => &r.contained,
        Resource::Goal(r) => &r.contained,
        Resource::RelatedPerson(r) => &r.contained,
        Resource::Consent(r) => &r.contained,
        _ => &[],
    }
}

/// A resource's `meta`, for the modelled types.
pub fn meta(resource: &Resource) -> Option<&Meta> {
    match resource {
        Resource::Bundle(r) => r.meta.as_ref(),
        Resource::Patient(r) => r.meta.as_ref(),
        Resource::RelatedPerson(r) => r.meta.as_ref(),
        Resource::Organization(r) => r.meta.as_ref(),
        Resource::Practitioner(r) => r.meta.as_ref(),
        Resource::Device(r) => r.meta.as_ref(),
        Resource::Condition(r) => r.meta.as_ref(),
        Resource::Procedure(r) => r.meta.as_ref(),
        Resource::AllergyIntolerance(r) => r.meta.as_ref(),
        Resource::Immunization(r) => r.meta.as_ref(),
        Resource::Medication(r) => r.meta.as_ref(),
        Resource::MedicationStatement(r) => r.meta.as_ref(),
        Resource::MedicationRequest(r) => r.meta.as_ref(),
        Resource::Observation(r) => r.meta.as_ref(),
        Resource::DiagnosticReport(r) => r.meta.as_ref(),
        Resource::Appointment(r) => r.meta.as_ref(),
        Resource::Goal(r) => r.meta.as_ref(),
        Resource::Consent(r) => r.meta.as_ref(),
        Resource::Composition(r) => r.meta.as_ref(),
        Resource::QuestionnaireResponse(r) => r.meta.as_ref(),
        Resource::Provenance(r) => r.meta.as_ref(),
        Resource::Other { .. } => None,
    }
}
