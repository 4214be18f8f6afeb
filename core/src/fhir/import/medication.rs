//! MedicationStatement (what the person takes, as they or a professional say) and
//! MedicationRequest (a prescription): one medication entry each.
//!
//! - the name and code: `medicationCodeableConcept`, else the Medication it refers to
//!   (contained or in the input), else the reference's display;
//! - what it is for: `reasonCode`, else `reasonReference` (its display, or the
//!   Condition's name);
//! - the status (R4 `medication-statement-status`, `medicationrequest-status`): a
//!   statement saying "stopped" whose `informationSource` is the patient is the person's
//!   own decision ("I have stopped taking this"), with `statusReason` as their reason;
//!   the date of a stop or of a course's end is `effectivePeriod.end`, else when it was
//!   said (`dateAsserted`) or written (`authoredOn`);
//! - a statement of category `patientspecified` (R4 `medication-statement-category`:
//!   "provided ... by the patient", over the counter medication included) is over the
//!   counter; everything else is prescribed.

use chrono::NaiveDate;

use super::candidate::{MappedEntry, Planned};
use super::clinical::absence;
use super::plan::Context;
use super::text;
use crate::fhir::Resource;
use crate::fhir::datatypes::{CodeableConcept, Period, Reference};
use crate::fhir::mapping::coding::{self, CodeUse};
use crate::fhir::mapping::status::{self, MEDICINE_STATUS, MedicineState};
use crate::fhir::mapping::{by_code, dates};
use crate::fhir::resources::{Dosage, MedicationRequest, MedicationStatement};
use crate::model::error::{NOTE_TEXT, SHORT_TEXT};
use crate::model::{EntryBody, Medication, MedicationOrigin, MedicationStatus};

/// What a statement and a request have in common, read the same way.
struct Medicine<'a> {
    resource_type: &'static str,
    status: &'a str,
    concept: Option<&'a CodeableConcept>,
    reference: Option<&'a Reference>,
    dosage: Option<&'a Dosage>,
    dosage_at: &'static str,
    reason_code: &'a [CodeableConcept],
    reason_reference: &'a [Reference],
    period: Option<&'a Period>,
    written: Option<&'a str>,
    written_at: &'static str,
    by_the_person: bool,
    status_reason: Option<&'a CodeableConcept>,
    origin: MedicationOrigin,
}

/// A MedicationStatement.
pub fn statement(m: &MedicationStatement, cx: &Context<'_>) -> Planned {
    let by_the_person = m
        .information_source
        .as_ref()
        .and_then(|s| s.reference.as_deref())
        .is_some_and(|r| r.starts_with("Patient/") || Some(r) == m.subject.reference.as_deref());
    let patient_specified = coding::has(
        m.category.as_ref(),
        status::MEDICATION_STATEMENT_CATEGORY,
        "patientspecified",
    );
    map(
        Medicine {
            resource_type: "MedicationStatement",
            status: &m.status,
            concept: m.medication_codeable_concept.as_ref(),
            reference: m.medication_reference.as_ref(),
            dosage: m.dosage.first(),
            dosage_at: "dosage[0].text",
            reason_code: &m.reason_code,
            reason_reference: &m.reason_reference,
            period: m.effective_period.as_ref(),
            written: m
                .date_asserted
                .as_deref()
                .or(m.effective_date_time.as_deref()),
            written_at: "dateAsserted",
            by_the_person,
            status_reason: m.status_reason.first(),
            origin: if patient_specified {
                MedicationOrigin::OverTheCounter
            } else {
                MedicationOrigin::Prescribed
            },
        },
        cx,
    )
}

/// A MedicationRequest.
pub fn request(m: &MedicationRequest, cx: &Context<'_>) -> Planned {
    map(
        Medicine {
            resource_type: "MedicationRequest",
            status: &m.status,
            concept: m.medication_codeable_concept.as_ref(),
            reference: m.medication_reference.as_ref(),
            dosage: m.dosage_instruction.first(),
            dosage_at: "dosageInstruction[0].text",
            reason_code: &m.reason_code,
            reason_reference: &m.reason_reference,
            period: None,
            written: m.authored_on.as_deref(),
            written_at: "authoredOn",
            by_the_person: false,
            status_reason: m.status_reason.as_ref(),
            origin: MedicationOrigin::Prescribed,
        },
        cx,
    )
}

fn map(m: Medicine<'_>, cx: &Context<'_>) -> Planned {
    if let Some(why) = status::not_a_fact(m.resource_type, "status", m.status) {
        return Planned::not_a_fact(why);
    }
    if let Some(absent) = absence(m.resource_type, m.concept) {
        return absent;
    }
    let referred = m
        .reference
        .and_then(|r| match cx.walk.resolve(cx.holder, r)? {
            Resource::Medication(med) => med.code.as_ref(),
            _ => None,
        });
    let (concept, concept_at) = match (m.concept, referred) {
        (Some(c), _) => (Some(c), "medicationCodeableConcept"),
        (None, Some(c)) => (Some(c), "medicationReference"),
        _ => (None, "medicationReference"),
    };
    let name = concept
        .and_then(|c| coding::label(c).map(|(t, at)| (t, format!("{concept_at}.{at}"))))
        .or_else(|| {
            m.reference
                .and_then(|r| r.display.clone())
                .map(|d| (d, "medicationReference.display".to_owned()))
        });
    let Some((name, name_at)) = name else {
        return Planned::not_mapped("the medicine is not named");
    };
    let code = concept.and_then(|c| coding::preferred(c, CodeUse::Medicine));
    let Some(state) = by_code(&MEDICINE_STATUS, m.status) else {
        return Planned::not_mapped(format!(
            "the status {} is not one the record reads",
            m.status
        ));
    };
    let ended = m
        .period
        .and_then(|p| p.end.as_deref())
        .and_then(dates::whole_date)
        .or_else(|| m.written.and_then(dates::whole_date));
    let when = |on: Option<NaiveDate>| {
        on.ok_or("the medicine was stopped or finished, and no date says when")
    };
    let mut notes = Vec::new();
    let status = match state {
        MedicineState::Taking => Ok(MedicationStatus::Taking),
        MedicineState::Stopped if m.by_the_person => {
            when(ended).map(|on| MedicationStatus::StoppedByMe {
                on,
                reason: m
                    .status_reason
                    .and_then(coding::label)
                    .map(|(t, _)| text::fit(&mut notes, "reason for stopping", t, NOTE_TEXT)),
            })
        }
        MedicineState::Stopped => {
            when(ended).map(|on| MedicationStatus::StoppedByProfessional { on })
        }
        MedicineState::Completed => when(ended).map(|on| MedicationStatus::Completed { on }),
    };
    let status = match status {
        Ok(s) => s,
        Err(why) => return Planned::not_mapped(why),
    };
    let reason = m
        .reason_code
        .iter()
        .enumerate()
        .find_map(|(i, c)| coding::label(c).map(|(t, at)| (t, format!("reasonCode[{i}].{at}"))))
        .or_else(|| {
            m.reason_reference.iter().enumerate().find_map(|(i, r)| {
                let named =
                    r.display
                        .clone()
                        .or_else(|| match cx.walk.resolve(cx.holder, r)? {
                            Resource::Condition(c) => {
                                c.code.as_ref().and_then(coding::label).map(|(t, _)| t)
                            }
                            _ => None,
                        })?;
                Some((named, format!("reasonReference[{i}]")))
            })
        });
    let dose = m.dosage.and_then(|d| {
        text::some_text(d.text.as_deref())
            .or_else(|| text::some_text(d.patient_instruction.as_deref()))
    });
    let body = Medication {
        name: text::fit(&mut notes, "name", name, SHORT_TEXT),
        dose: dose.map(|d| text::fit(&mut notes, "dose", d, SHORT_TEXT)),
        reason: reason
            .as_ref()
            .map(|(r, _)| text::fit(&mut notes, "reason", r.clone(), SHORT_TEXT)),
        origin: m.origin,
        status,
        code: code.as_ref().map(|(_, k)| k.clone()),
    };
    let mut mapped = MappedEntry::new(EntryBody::Medication(body))
        .from("name", name_at)
        .from("dose", m.dosage_at)
        .from("status", "status")
        .from(
            "status.on",
            if m.period.is_some() {
                "effectivePeriod.end"
            } else {
                m.written_at
            },
        )
        .from("status.reason", "statusReason");
    if let Some((_, at)) = reason {
        mapped = mapped.from("reason", at);
    }
    if let (Some((i, _)), Some(_)) = (&code, concept) {
        mapped = mapped.from("code", format!("{concept_at}.coding[{i}]"));
    }
    mapped.notes = notes;
    Planned::entry(mapped)
}
