//! [`DocumentBuilder`]: an IPS-style FHIR R4 `document` Bundle from resources.
//!
//! | file | what |
//! |---|---|
//! | `mod.rs` | the builder and [`DocumentError`] |
//! | `narrative.rs` | section text for people |
//!
//! The Bundle holds the Composition first (type LOINC 60591-5, the Patient as subject,
//! sections coded by LOINC), then the Patient, the author, every section's resources
//! and the supporting resources given, each once, each with a `urn:uuid:` `fullUrl`.
//! The Composition refers to entries by those `fullUrl`s. The three sections the IPS
//! requires are always there: with entries, or with the [`EmptyReason`] given, or with
//! `unavailable`. Every reference inside must resolve in the Bundle, or `build` fails:
//! write references between the resources given as `urn:uuid:<id>` (resources whose id
//! is a UUID get exactly that `fullUrl`) or `Type/id`.
//!
//! The Bundle does not claim the IPS profiles in `meta.profile`: whether the resources
//! meet them (a Patient with a name and birth date ...) is the caller's matter.

mod narrative;

use chrono::{DateTime, FixedOffset, SecondsFormat};
use uuid::Uuid;

use crate::fhir::codes::{
    EmptyReason, IPS_DOCUMENT, IpsSection, LIST_EMPTY_REASON, LOINC, URI_IDENTIFIER,
};
use crate::fhir::datatypes::{CodeableConcept, Coding, Identifier, Narrative, Reference};
use crate::fhir::references::unresolved_references;
use crate::fhir::resources::{
    Bundle, BundleEntry, BundleType, Composition, CompositionSection, Patient, Resource,
};

/// The resource types that may author a Composition (R4 `Composition.author`).
const AUTHOR_TYPES: [&str; 6] = [
    "Practitioner",
    "PractitionerRole",
    "Device",
    "Patient",
    "RelatedPerson",
    "Organization",
];

/// Why a document could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// A resource refers to something that is not in the document.
    #[error("references that do not resolve inside the document: {}", .0.join("; "))]
    UnresolvedReferences(Vec<String>),
    /// Two different resources have the same type and id.
    #[error("two different resources are both {0}")]
    DuplicateId(String),
    /// A resource of a type the IPS does not allow in that section.
    #[error("a {resource_type} cannot be an entry of the {section} section")]
    NotAllowedInSection {
        /// The section's title.
        section: &'static str,
        /// The resource's type.
        resource_type: String,
    },
    /// A section was given entries and also a reason for having none.
    #[error("the {0} section has entries and also a reason for having none")]
    EntriesAndEmptyReason(&'static str),
    /// The author is not a kind of resource that can author a Composition.
    #[error("a {0} cannot be the author of a document")]
    NotAnAuthor(String),
}

/// Builds an IPS-style `document` Bundle. Add resources, then [`build`](Self::build).
#[derive(Debug, Clone)]
pub struct DocumentBuilder {
    patient: Resource,
    patient_url: String,
    timestamp: String,
    identifier: Uuid,
    title: String,
    author: Option<Resource>,
    sections: Vec<SectionPlan>,
    supporting: Vec<Resource>,
}

#[derive(Debug, Clone)]
struct SectionPlan {
    section: IpsSection,
    entries: Vec<Resource>,
    empty: Option<EmptyReason>,
}

impl DocumentBuilder {
    /// A document about `patient`, assembled at `timestamp` (the Bundle's timestamp and
    /// the Composition's date). A patient without an id gets a random UUID.
    pub fn new(mut patient: Patient, timestamp: DateTime<FixedOffset>) -> Self {
        let id = patient
            .id
            .get_or_insert_with(|| Uuid::new_v4().to_string())
            .clone();
        Self {
            patient_url: full_url_for(Some(&id)),
            patient: patient.into(),
            timestamp: timestamp.to_rfc3339_opts(SecondsFormat::Secs, true),
            identifier: Uuid::new_v4(),
            title: "Patient summary".into(),
            author: None,
            sections: Vec::new(),
            supporting: Vec::new(),
        }
    }

    /// A reference to the patient, for the resources' `subject` and `patient`.
    pub fn patient_reference(&self) -> Reference {
        Reference::to(&self.patient_url)
    }

    /// The document's identifier (`Bundle.identifier`, `urn:uuid:`); random by default.
    pub fn identifier(&mut self, identifier: Uuid) -> &mut Self {
        self.identifier = identifier;
        self
    }

    /// The title (`Composition.title`); "Patient summary" by default.
    pub fn title(&mut self, title: &str) -> &mut Self {
        title.clone_into(&mut self.title);
        self
    }

    /// Who wrote it (`Composition.author`); the patient by default, since the person
    /// keeps their own record.
    pub fn author(&mut self, author: impl Into<Resource>) -> &mut Self {
        self.author = Some(author.into());
        self
    }

    /// Adds a resource as an entry of a section.
    pub fn add(&mut self, section: IpsSection, resource: impl Into<Resource>) -> &mut Self {
        self.plan(section).entries.push(resource.into());
        self
    }

    /// Says why a section has no entries.
    pub fn empty(&mut self, section: IpsSection, reason: EmptyReason) -> &mut Self {
        self.plan(section).empty = Some(reason);
        self
    }

    /// Adds a resource that entries refer to but that is in no section (a Medication,
    /// an Organization, a Practitioner).
    pub fn supporting(&mut self, resource: impl Into<Resource>) -> &mut Self {
        self.supporting.push(resource.into());
        self
    }

    fn plan(&mut self, section: IpsSection) -> &mut SectionPlan {
        let at = match self.sections.iter().position(|p| p.section == section) {
            Some(at) => at,
            None => {
                self.sections.push(SectionPlan {
                    section,
                    entries: Vec::new(),
                    empty: None,
                });
                self.sections.len() - 1
            }
        };
        &mut self.sections[at]
    }

    /// The document Bundle.
    pub fn build(self) -> Result<Bundle, DocumentError> {
        let mut entries = Entries::default();
        let patient_url = self.patient_url.clone();
        entries.list.push((patient_url.clone(), self.patient));
        let author_url = match self.author {
            Some(author) if !AUTHOR_TYPES.contains(&author.resource_type()) => {
                return Err(DocumentError::NotAnAuthor(
                    author.resource_type().to_owned(),
                ));
            }
            Some(author) => entries.add(author)?,
            None => patient_url.clone(),
        };
        let mut plans = self.sections;
        let mut sections = Vec::new();
        for section in IpsSection::ALL {
            // Each plan is taken whole, so its resources move into the Bundle.
            let (given, empty) = match plans.iter().position(|p| p.section == section) {
                Some(at) => {
                    let plan = plans.swap_remove(at);
                    (plan.entries, plan.empty)
                }
                None => (Vec::new(), None),
            };
            if !given.is_empty() && empty.is_some() {
                return Err(DocumentError::EntriesAndEmptyReason(section.title()));
            }
            if given.is_empty() && empty.is_none() && !section.is_required() {
                continue;
            }
            if let Some(resource) = given
                .iter()
                .find(|r| !section.entry_types().contains(&r.resource_type()))
            {
                return Err(DocumentError::NotAllowedInSection {
                    section: section.title(),
                    resource_type: resource.resource_type().to_owned(),
                });
            }
            let text = (!given.is_empty())
                .then(|| narrative::entries_text(&given.iter().collect::<Vec<_>>()));
            let mut references = Vec::with_capacity(given.len());
            for resource in given {
                references.push(Reference::to(&entries.add(resource)?));
            }
            sections.push(section_for(section, text, references, empty));
        }
        for resource in self.supporting {
            entries.add(resource)?;
        }
        let composition = Composition {
            id: Some(Uuid::new_v4().to_string()),
            text: Some(narrative::narrative(&format!(
                "<h1>{}</h1>",
                narrative::escape(&self.title)
            ))),
            status: "final".into(),
            type_: CodeableConcept::from_coding(Coding::new(
                LOINC,
                IPS_DOCUMENT.code,
                IPS_DOCUMENT.display,
            )),
            subject: Some(Reference::to(&patient_url)),
            date: self.timestamp.clone(),
            author: vec![Reference::to(&author_url)],
            title: self.title,
            section: sections,
            ..Composition::default()
        };
        let composition_url = full_url_for(composition.id.as_deref());
        let mut entry = vec![BundleEntry {
            full_url: Some(composition_url),
            resource: Some(composition.into()),
            ..BundleEntry::default()
        }];
        entry.extend(entries.list.into_iter().map(|(url, resource)| BundleEntry {
            full_url: Some(url),
            resource: Some(resource),
            ..BundleEntry::default()
        }));
        let bundle = Bundle {
            identifier: Some(Identifier::new(
                URI_IDENTIFIER,
                &format!("urn:uuid:{}", self.identifier),
            )),
            type_: BundleType::Document,
            timestamp: Some(self.timestamp),
            entry,
            ..Bundle::default()
        };
        let unresolved = unresolved_references(&bundle);
        if unresolved.is_empty() {
            Ok(bundle)
        } else {
            Err(DocumentError::UnresolvedReferences(unresolved))
        }
    }
}

/// `urn:uuid:<id>` when the id is a UUID, else a fresh `urn:uuid:`.
fn full_url_for(id: Option<&str>) -> String {
    let uuid = id
        .and_then(|id| Uuid::parse_str(id).ok())
        .unwrap_or_else(Uuid::new_v4);
    format!("urn:uuid:{}", uuid.hyphenated())
}

/// The document's entries after the Composition, each resource once.
#[derive(Default)]
struct Entries {
    list: Vec<(String, Resource)>,
}

impl Entries {
    /// Adds a resource (once: the same resource again gives the same URL) and returns
    /// its `fullUrl`.
    fn add(&mut self, mut resource: Resource) -> Result<String, DocumentError> {
        if let Some(id) = resource.id() {
            let key = (resource.resource_type().to_owned(), id.to_owned());
            if let Some((url, known)) = self.list.iter().find(|(_, r)| {
                (r.resource_type(), r.id()) == (key.0.as_str(), Some(key.1.as_str()))
            }) {
                return if *known == resource {
                    Ok(url.clone())
                } else {
                    Err(DocumentError::DuplicateId(format!("{}/{}", key.0, key.1)))
                };
            }
        } else {
            resource.set_id(&Uuid::new_v4().to_string());
        }
        let url = full_url_for(resource.id());
        self.list.push((url.clone(), resource));
        Ok(url)
    }
}

/// A section of the Composition: its entries' `references` with their narrative `text`,
/// or, with none, why it is empty.
fn section_for(
    section: IpsSection,
    text: Option<Narrative>,
    references: Vec<Reference>,
    empty: Option<EmptyReason>,
) -> CompositionSection {
    let loinc = section.loinc();
    let mut out = CompositionSection {
        title: Some(section.title().into()),
        code: Some(CodeableConcept::from_coding(Coding::new(
            LOINC,
            loinc.code,
            loinc.display,
        ))),
        ..CompositionSection::default()
    };
    if references.is_empty() {
        let reason = empty.unwrap_or(EmptyReason::Unavailable);
        let (code, display) = reason.code_and_display();
        out.text = Some(narrative::empty_text(section, reason));
        out.empty_reason = Some(CodeableConcept::from_coding(Coding::new(
            LIST_EMPTY_REASON,
            code,
            display,
        )));
    } else {
        out.text = text;
        out.entry = references;
    }
    out
}
