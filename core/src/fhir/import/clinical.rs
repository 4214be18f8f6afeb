//! Condition and Procedure (conditions and significant surgeries), AllergyIntolerance
//! (allergies) and Immunization (vaccinations).

use super::candidate::{MappedEntry, Planned};
use super::plan::Context;
use super::text;
use crate::fhir::Resource;
use crate::fhir::datatypes::CodeableConcept;
use crate::fhir::mapping::coding::{self, CodeUse};
use crate::fhir::mapping::negation::{self, Absence};
use crate::fhir::mapping::status::{self, CONDITION_STATUS, SEVERITY};
use crate::fhir::mapping::{by_code, dates};
use crate::fhir::resources::{AllergyIntolerance, Condition, Immunization, Procedure};
use crate::model::error::{NOTE_TEXT, SHORT_TEXT};
use crate::model::{self, Allergy, ConditionKind, ConditionStatus, EntryBody, Vaccination};

/// Why a resource is not a fact, from a status element holding codes.
pub fn not_a_fact_in(
    resource_type: &str,
    element: &str,
    concept: Option<&CodeableConcept>,
) -> Option<Planned> {
    concept?.coding.iter().find_map(|c| {
        status::not_a_fact(resource_type, element, c.code.as_deref()?).map(Planned::not_a_fact)
    })
}

/// A "no known ..." statement, or a statement that there is no information.
pub fn absence(resource_type: &str, code: Option<&CodeableConcept>) -> Option<Planned> {
    match negation::absence(resource_type, code?)? {
        Absence::NoneKnown(section) => Some(Planned::Negation(section)),
        Absence::NoInformation(_) => Some(Planned::not_a_fact("it says there is no information")),
    }
}

/// The words naming a concept, as an entry field noted at `element` (`code.text`).
fn named(concept: Option<&CodeableConcept>, element: &str) -> Option<(String, String)> {
    coding::label(concept?).map(|(t, at)| (t, format!("{element}.{at}")))
}

/// Notes the preferred coding of `concept` at `element`.
fn with_code(
    mapped: MappedEntry,
    concept: Option<&CodeableConcept>,
    element: &str,
    code: &Option<(usize, model::Coding)>,
) -> MappedEntry {
    match (concept, code) {
        (Some(_), Some((i, _))) => mapped.from("code", format!("{element}.coding[{i}]")),
        _ => mapped,
    }
}

/// A diagnosis.
pub fn condition(c: &Condition) -> Planned {
    if let Some(kept) = not_a_fact_in(
        "Condition",
        "verificationStatus",
        c.verification_status.as_ref(),
    ) {
        return kept;
    }
    if let Some(absent) = absence("Condition", c.code.as_ref()) {
        return absent;
    }
    let Some((name, name_at)) = named(c.code.as_ref(), "code") else {
        return Planned::not_mapped("the condition has no name or code display");
    };
    let code = c
        .code
        .as_ref()
        .and_then(|k| coding::preferred(k, CodeUse::Problem));
    let (since, since_at) = match (&c.onset_date_time, &c.onset_period) {
        (Some(t), _) => (dates::whole_date(t), "onsetDateTime"),
        (None, Some(p)) => (
            p.start.as_deref().and_then(dates::whole_date),
            "onsetPeriod.start",
        ),
        _ => (None, "onsetDateTime"),
    };
    let clinical = coding::code_in(c.clinical_status.as_ref(), status::CONDITION_CLINICAL)
        .and_then(|code| by_code(&CONDITION_STATUS, code));
    let abated = c.abatement_date_time.is_some()
        || c.abatement_period.is_some()
        || c.abatement_string.is_some();
    let status = clinical.unwrap_or(if abated {
        ConditionStatus::Resolved
    } else {
        ConditionStatus::Active
    });
    let mut notes = Vec::new();
    let body = model::Condition {
        name: text::fit(&mut notes, "name", name, SHORT_TEXT),
        category: ConditionKind::Diagnosis,
        code: code.as_ref().map(|(_, k)| k.clone()),
        since,
        status,
        notes: text::notes(&c.note).map(|n| text::fit(&mut notes, "note", n, NOTE_TEXT)),
    };
    let mut mapped = MappedEntry::new(EntryBody::Condition(body));
    mapped.notes = notes;
    let mapped = mapped
        .from("name", name_at)
        .from("since", since_at)
        .from("status", "clinicalStatus")
        .from("notes", "note");
    Planned::entry(with_code(mapped, c.code.as_ref(), "code", &code))
}

/// A significant surgery (any procedure the source records).
pub fn procedure(p: &Procedure) -> Planned {
    if let Some(why) = status::not_a_fact("Procedure", "status", &p.status) {
        return Planned::not_a_fact(why);
    }
    let Some((name, name_at)) = named(p.code.as_ref(), "code") else {
        return Planned::not_mapped("the procedure has no name or code display");
    };
    let code = p
        .code
        .as_ref()
        .and_then(|k| coding::preferred(k, CodeUse::Problem));
    let (since, since_at) = match (&p.performed_date_time, &p.performed_period) {
        (Some(t), _) => (dates::whole_date(t), "performedDateTime"),
        (None, Some(period)) => (
            period.start.as_deref().and_then(dates::whole_date),
            "performedPeriod.start",
        ),
        _ => (None, "performedDateTime"),
    };
    let mut notes = Vec::new();
    let body = model::Condition {
        name: text::fit(&mut notes, "name", name, SHORT_TEXT),
        category: ConditionKind::SignificantSurgery,
        code: code.as_ref().map(|(_, k)| k.clone()),
        since,
        status: ConditionStatus::default(),
        notes: text::notes(&p.note).map(|n| text::fit(&mut notes, "note", n, NOTE_TEXT)),
    };
    let mut mapped = MappedEntry::new(EntryBody::Condition(body));
    mapped.notes = notes;
    let mapped = mapped
        .from("name", name_at)
        .from("since", since_at)
        .from("notes", "note");
    Planned::entry(with_code(mapped, p.code.as_ref(), "code", &code))
}

/// An allergy. One the source says is resolved or inactive is not a current allergy.
pub fn allergy(a: &AllergyIntolerance) -> Planned {
    if let Some(kept) = not_a_fact_in(
        "AllergyIntolerance",
        "verificationStatus",
        a.verification_status.as_ref(),
    ) {
        return kept;
    }
    if let Some(absent) = absence("AllergyIntolerance", a.code.as_ref()) {
        return absent;
    }
    if let Some(code) = coding::code_in(a.clinical_status.as_ref(), status::ALLERGY_CLINICAL)
        && code != "active"
    {
        return Planned::not_mapped(format!(
            "the allergy is {code}: the record lists current allergies"
        ));
    }
    let Some((substance, substance_at)) = named(a.code.as_ref(), "code") else {
        return Planned::not_mapped("the allergy has no substance named");
    };
    let code = a
        .code
        .as_ref()
        .and_then(|k| coding::preferred(k, CodeUse::Substance));
    let reaction = a.reaction.iter().enumerate().find_map(|(i, r)| {
        text::some_text(r.description.as_deref())
            .map(|d| (d, format!("reaction[{i}].description")))
            .or_else(|| {
                r.manifestation.iter().enumerate().find_map(|(j, m)| {
                    coding::label(m)
                        .map(|(t, at)| (t, format!("reaction[{i}].manifestation[{j}].{at}")))
                })
            })
    });
    let severity = a
        .reaction
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((i, by_code(&SEVERITY, r.severity.as_deref()?)?)))
        .max_by_key(|(_, s)| SEVERITY.iter().position(|(_, x)| x == s));
    let mut notes = Vec::new();
    let body = Allergy {
        substance: text::fit(&mut notes, "substance", substance, SHORT_TEXT),
        reaction: reaction
            .as_ref()
            .map(|(t, _)| text::fit(&mut notes, "reaction", t.clone(), SHORT_TEXT)),
        severity: severity.map(|(_, s)| s),
        code: code.as_ref().map(|(_, k)| k.clone()),
        notes: text::notes(&a.note).map(|n| text::fit(&mut notes, "note", n, NOTE_TEXT)),
    };
    let mut mapped = MappedEntry::new(EntryBody::Allergy(body));
    mapped.notes = notes;
    let mut mapped = mapped.from("substance", substance_at).from("notes", "note");
    if let Some((_, at)) = reaction {
        mapped = mapped.from("reaction", at);
    }
    if let Some((i, _)) = severity {
        mapped = mapped.from("severity", format!("reaction[{i}].severity"));
    }
    Planned::entry(with_code(mapped, a.code.as_ref(), "code", &code))
}

/// A vaccination given.
pub fn immunization(v: &Immunization, cx: &Context<'_>) -> Planned {
    if let Some(why) = status::not_a_fact("Immunization", "status", &v.status) {
        return Planned::not_a_fact(why);
    }
    let Some((vaccine, vaccine_at)) = named(Some(&v.vaccine_code), "vaccineCode") else {
        return Planned::not_mapped("the vaccination has no vaccine named");
    };
    let Some(date) = v
        .occurrence_date_time
        .as_deref()
        .and_then(dates::whole_date)
    else {
        return Planned::not_mapped("the vaccination has no whole date");
    };
    let code = coding::preferred(&v.vaccine_code, CodeUse::Vaccine);
    let dose = v
        .protocol_applied
        .first()
        .and_then(|p| p.dose_number_positive_int)
        .filter(|n| *n >= 1);
    let given_by =
        v.performer.iter().enumerate().find_map(|(i, p)| {
            let name = p.actor.display.clone().or_else(|| {
                match cx.walk.resolve(cx.holder, &p.actor)? {
                    Resource::Organization(o) => o.name.clone(),
                    Resource::Practitioner(pr) => pr.name.first().and_then(text::name),
                    _ => None,
                }
            })?;
            Some((name, format!("performer[{i}].actor")))
        });
    let given_by = given_by.or_else(|| {
        v.location
            .as_ref()
            .and_then(|l| l.display.clone())
            .map(|d| (d, "location.display".to_owned()))
    });
    let mut notes = Vec::new();
    let body = Vaccination {
        vaccine: text::fit(&mut notes, "vaccine's name", vaccine, SHORT_TEXT),
        date,
        dose_number: dose,
        batch: text::some_text(v.lot_number.as_deref()).map(|b| {
            text::fit_checked(&mut notes, "batch number", b, |t| {
                Vaccination {
                    vaccine: "x".into(),
                    date,
                    dose_number: None,
                    batch: Some(t.to_owned()),
                    given_by: None,
                    code: None,
                }
                .validate()
                .is_ok()
            })
        }),
        given_by: given_by
            .as_ref()
            .map(|(g, _)| text::fit(&mut notes, "name of who gave it", g.clone(), SHORT_TEXT)),
        code: code.as_ref().map(|(_, k)| k.clone()),
    };
    let mut mapped = MappedEntry::new(EntryBody::Vaccination(body));
    mapped.notes = notes;
    let mut mapped = mapped
        .from("vaccine", vaccine_at)
        .from("date", "occurrenceDateTime")
        .from("dose_number", "protocolApplied[0].doseNumberPositiveInt")
        .from("batch", "lotNumber");
    if let Some((_, at)) = given_by {
        mapped = mapped.from("given_by", at);
    }
    Planned::entry(with_code(
        mapped,
        Some(&v.vaccine_code),
        "vaccineCode",
        &code,
    ))
}
