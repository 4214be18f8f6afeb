//! Appointment: what it is (its description, else the service, type or specialty),
//! when, how long, with whom (practitioners among the participants), where (a Location
//! participant), its status as the person sees it, and the comment and the instructions
//! for the patient as notes. Reminders are the record's defaults.

use super::candidate::{MappedEntry, Planned};
use super::plan::Context;
use super::text;
use crate::fhir::Resource;
use crate::fhir::datatypes::{CodeableConcept, Reference};
use crate::fhir::mapping::status::{self, APPOINTMENT_STATUS};
use crate::fhir::mapping::{by_code, coding, dates};
use crate::fhir::resources::Appointment;
use crate::model::appointment::DEFAULT_REMINDER_MINUTES;
use crate::model::error::{NOTE_TEXT, SHORT_TEXT};
use crate::model::{self, AppointmentStatus, EntryBody};

/// An Appointment.
pub fn map(a: &Appointment, cx: &Context<'_>) -> Planned {
    if let Some(why) = status::not_a_fact("Appointment", "status", &a.status) {
        return Planned::not_a_fact(why);
    }
    let Some(start) = a.start.as_deref().and_then(dates::date_time) else {
        return Planned::not_mapped("the appointment has no start time");
    };
    let concepts = |list: &[CodeableConcept], at: &str| {
        list.iter()
            .enumerate()
            .find_map(|(i, c)| coding::label(c).map(|(t, l)| (t, format!("{at}[{i}].{l}"))))
    };
    let title = text::some_text(a.description.as_deref())
        .map(|d| (d, "description".to_owned()))
        .or_else(|| concepts(&a.service_type, "serviceType"))
        .or_else(|| {
            a.appointment_type
                .as_ref()
                .and_then(coding::label)
                .map(|(t, l)| (t, format!("appointmentType.{l}")))
        })
        .or_else(|| concepts(&a.specialty, "specialty"))
        .unwrap_or_else(|| ("Appointment".into(), "description".into()));
    let minutes = a.minutes_duration.or_else(|| {
        let end = dates::date_time(a.end.as_deref()?)?;
        u32::try_from((end - start).num_minutes()).ok()
    });
    let minutes = minutes.filter(|m| (1..=24 * 60).contains(m));
    let who = |wanted: &[&str]| -> Vec<String> {
        a.participant
            .iter()
            .filter_map(|p| p.actor.as_ref())
            .filter(|r| is_a(r, wanted))
            .filter_map(|r| {
                r.display
                    .clone()
                    .or_else(|| match cx.walk.resolve(cx.holder, r)? {
                        Resource::Practitioner(p) => p.name.first().and_then(text::name),
                        Resource::Organization(o) => o.name.clone(),
                        _ => None,
                    })
            })
            .collect()
    };
    let with = who(&["Practitioner", "PractitionerRole"]);
    let location = who(&["Location"]);
    let mut notes_text: Vec<String> = Vec::new();
    notes_text.extend(text::some_text(a.comment.as_deref()));
    notes_text.extend(text::some_text(a.patient_instruction.as_deref()));
    let mut notes = Vec::new();
    let body = model::Appointment {
        title: text::fit(&mut notes, "title", title.0, SHORT_TEXT),
        start,
        duration_minutes: minutes,
        with: (!with.is_empty())
            .then(|| text::fit(&mut notes, "names of who with", with.join(", "), SHORT_TEXT)),
        location: (!location.is_empty()).then(|| {
            text::fit_checked(&mut notes, "place", location.join(", "), |t| {
                model::Appointment {
                    title: "x".into(),
                    start,
                    duration_minutes: None,
                    with: None,
                    location: Some(t.to_owned()),
                    status: AppointmentStatus::Booked,
                    reminder_minutes_before: Vec::new(),
                    notes: None,
                }
                .validate()
                .is_ok()
            })
        }),
        status: by_code(&APPOINTMENT_STATUS, &a.status).unwrap_or(AppointmentStatus::Booked),
        reminder_minutes_before: DEFAULT_REMINDER_MINUTES.to_vec(),
        notes: (!notes_text.is_empty())
            .then(|| text::fit(&mut notes, "note", notes_text.join("\n\n"), NOTE_TEXT)),
    };
    let mut mapped = MappedEntry::new(EntryBody::Appointment(body))
        .from("title", title.1)
        .from("start", "start")
        .from("duration_minutes", "minutesDuration")
        .from("with", "participant")
        .from("location", "participant")
        .from("status", "status")
        .from("notes", "comment");
    mapped.notes = notes;
    Planned::entry(mapped)
}

/// Whether a reference is to one of the resource types `wanted` (by its `type`, or the
/// type in its literal reference).
fn is_a(reference: &Reference, wanted: &[&str]) -> bool {
    if let Some(t) = reference.type_.as_deref() {
        return wanted.contains(&t);
    }
    reference
        .reference
        .as_deref()
        .and_then(|r| r.rsplit('/').nth(1))
        .is_some_and(|t| wanted.contains(&t))
}
