//! Exporting the record as an IPS-style FHIR R4 document Bundle: what one viewer may
//! see, narrowed by an [`ExportScope`]. The façade (`api::fhir`) gathers the entries,
//! readings and day summaries the viewer may see; this layer writes the resources and
//! assembles them with [`DocumentBuilder`](crate::fhir::DocumentBuilder).
//!
//! | file | what |
//! |---|---|
//! | `scope.rs` | [`ExportScope`]: sections, kinds, single entries, readings since when |
//! | `patient.rs` | Patient (identity, contact details, contacts), the GP's Organization |
//! | `health.rs` | Condition, Procedure, AllergyIntolerance, Immunization, MedicationStatement, test results |
//! | `about_me.rs` | Goal and its CarePlan, RelatedPerson, organ donation and advance wishes as Consent |
//! | `modules.rs` | module answers (QuestionnaireResponse) and scores (Observation) |
//! | `readings.rs` | readings as vital-signs Observations, long series as day summaries |
//!
//! | entry | resource | section |
//! |---|---|---|
//! | condition | Condition | Problems |
//! | significant surgery | Procedure | History of Procedures |
//! | allergy | AllergyIntolerance | Allergies and Intolerances |
//! | medication | MedicationStatement | Medication Summary |
//! | vaccination | Immunization | Immunizations |
//! | test result, module score | Observation | Results |
//! | readings | Observation (vital-signs) | Vital Signs |
//! | goals | Goal, gathered by a CarePlan | Plan of Care |
//! | organ donation, advance wishes | Consent | Advance Directives |
//! | people in my life | RelatedPerson | (in the document, in no section) |

mod about_me;
mod health;
mod modules;
mod patient;
mod readings;
mod scope;

use chrono::{DateTime, FixedOffset};

pub use readings::{SERIES_LIMIT, exported as reading_exported};
pub use scope::ExportScope;

use crate::fhir::codes::{EmptyReason, IpsSection};
use crate::fhir::datatypes::Meta;
use crate::fhir::mapping::ids;
use crate::fhir::{Bundle, DocumentBuilder, DocumentError, Resource};
use crate::model::modules::ModuleTemplate;
use crate::model::{Entry, EntryBody, EntryKind, Reading, ReadingKind, Viewer};
use crate::store::reading_days::DailySummary;

/// What an export is made of, as the viewer may see it.
#[derive(Debug, Clone, Copy)]
pub struct ExportInput<'a> {
    /// The record's id (`store::imports::record_uuid`).
    pub record_id: &'a str,
    /// When the document is made.
    pub now: DateTime<FixedOffset>,
    /// Who it is for (decides the ids of summaries).
    pub viewer: Viewer,
    /// What of the record goes in.
    pub scope: &'a ExportScope,
    /// Every live entry the viewer may see.
    pub entries: &'a [Entry],
    /// The readings of short series the viewer may see, in the scope.
    pub readings: &'a [Reading],
    /// Day summaries of long series, per kind, for the viewer.
    pub summaries: &'a [(ReadingKind, Vec<DailySummary>)],
    /// The sections for which the viewer may see a statement that there is none.
    pub none_known: &'a [IpsSection],
    /// The module templates the record knows.
    pub templates: &'a [ModuleTemplate],
}

/// The kind of entry whose absence each required section speaks of.
const REQUIRED_KINDS: [(IpsSection, EntryKind); 3] = [
    (IpsSection::Problems, EntryKind::Condition),
    (IpsSection::Allergies, EntryKind::Allergy),
    (IpsSection::Medication, EntryKind::Medication),
];

/// The IPS-style document of `input`.
pub fn document(input: &ExportInput<'_>) -> Result<Bundle, DocumentError> {
    let rid = input.record_id;
    let entries: Vec<&Entry> = input
        .entries
        .iter()
        .filter(|e| e.meta.deleted_at.is_none() && input.scope.has(e))
        .collect();
    let (patient, gp) = patient::patient(rid, &entries);
    let mut doc = DocumentBuilder::new(patient, input.now);
    let me = doc.patient_reference();
    if let Some(gp) = gp {
        doc.supporting(gp);
    }
    let mut goals = Vec::new();
    let mut filled = Vec::new();
    for entry in &entries {
        let id = entry.meta.id;
        match &entry.body {
            EntryBody::Condition(c) => {
                let resource = health::condition(id, c, &me);
                let section = match resource {
                    Resource::Procedure(_) => IpsSection::Procedures,
                    _ => IpsSection::Problems,
                };
                filled.push(section);
                doc.add(section, resource);
            }
            EntryBody::Allergy(a) => {
                filled.push(IpsSection::Allergies);
                doc.add(IpsSection::Allergies, health::allergy(id, a, &me));
            }
            EntryBody::Medication(m) => {
                filled.push(IpsSection::Medication);
                doc.add(IpsSection::Medication, health::medication(id, m, &me));
            }
            EntryBody::Vaccination(v) => {
                doc.add(IpsSection::Immunizations, health::vaccination(id, v, &me));
            }
            EntryBody::TestResult(t) => {
                doc.add(IpsSection::Results, health::test_result(id, t, &me));
            }
            EntryBody::Goal(g) => {
                goals.push(id.to_string());
                doc.supporting(about_me::goal(id, g, &me));
            }
            EntryBody::PersonInMyLife(p) => {
                doc.supporting(about_me::person(id, p, &me));
            }
            EntryBody::OrganDonation(o) => {
                doc.add(
                    IpsSection::AdvanceDirectives,
                    about_me::organ_donation(id, o, &me),
                );
            }
            EntryBody::Module(m) if modules::exported(m) => {
                let Some(template) = input
                    .templates
                    .iter()
                    .find(|t| t.id == m.template_id && t.version == m.template_version)
                else {
                    continue;
                };
                let answers_id = ids::derived(rid, &format!("answers/{id}"));
                doc.supporting(modules::answers(answers_id.clone(), m, template, &me));
                if m.template_id == modules::ADVANCE_WISHES {
                    doc.add(
                        IpsSection::AdvanceDirectives,
                        about_me::advance_wishes(id, &answers_id, &me),
                    );
                } else if let Some(score) = modules::score(
                    ids::derived(rid, &format!("score/{id}")),
                    m,
                    template,
                    &answers_id,
                    &me,
                ) {
                    doc.add(IpsSection::Results, score);
                }
            }
            _ => {}
        }
    }
    if !goals.is_empty() {
        let plan_id = ids::derived(rid, &format!("goals/{}", viewer_name(input.viewer)));
        if let Some(plan) = about_me::care_plan(&plan_id, &goals, &me, &ids::record_uri(rid)) {
            doc.add(IpsSection::PlanOfCare, plan);
        }
    }
    if input.scope.readings {
        for r in input.readings {
            let id = ids::derived(rid, &format!("reading/{}", r.id));
            if let Some(obs) = readings::reading(id, r, &me) {
                doc.add(IpsSection::VitalSigns, obs);
            }
        }
        for (kind, days) in input.summaries {
            for day in days {
                let what = format!(
                    "summary/{}/{}/{}",
                    viewer_name(input.viewer),
                    kind.as_str(),
                    day.date
                );
                if let Some(obs) = readings::summary(ids::derived(rid, &what), *kind, day, &me) {
                    doc.add(IpsSection::VitalSigns, obs);
                }
            }
        }
    }
    for (section, kind) in REQUIRED_KINDS {
        if !filled.contains(&section)
            && input.scope.has_kind(kind)
            && input.none_known.contains(&section)
        {
            doc.empty(section, EmptyReason::NilKnown);
        }
    }
    let mut bundle = doc.build()?;
    let source = ids::record_uri(rid);
    bundle.meta.get_or_insert_with(Meta::default).source = Some(source.clone());
    for entry in &mut bundle.entry {
        if let Some(resource) = entry.resource.as_mut() {
            stamp(resource, &source);
        }
    }
    Ok(bundle)
}

fn viewer_name(viewer: Viewer) -> &'static str {
    match viewer {
        Viewer::Person => "person",
        Viewer::Shared => "shared",
        Viewer::Emergency => "emergency",
    }
}

/// Sets `meta.source` to the record's URI, so that importing the document back into
/// the record is recognised (`mapping::ids`).
fn stamp(resource: &mut Resource, source: &str) {
    let meta = match resource {
        Resource::Composition(r) => &mut r.meta,
        Resource::Patient(r) => &mut r.meta,
        Resource::Organization(r) => &mut r.meta,
        Resource::Condition(r) => &mut r.meta,
        Resource::Procedure(r) => &mut r.meta,
        Resource::AllergyIntolerance(r) => &mut r.meta,
        Resource::Immunization(r) => &mut r.meta,
        Resource::MedicationStatement(r) => &mut r.meta,
        Resource::Observation(r) => &mut r.meta,
        Resource::Goal(r) => &mut r.meta,
        Resource::RelatedPerson(r) => &mut r.meta,
        Resource::Consent(r) => &mut r.meta,
        Resource::QuestionnaireResponse(r) => &mut r.meta,
        _ => return,
    };
    meta.get_or_insert_with(Meta::default).source = Some(source.to_owned());
}
