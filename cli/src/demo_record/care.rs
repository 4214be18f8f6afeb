//! The demo person's appointments (future ones with reminders, one past and attended)
//! and modules (plans, advance wishes, a hospital passport, PHQ-9 and GAD-7 with scores).

use chrono::{Duration, FixedOffset, NaiveDate};
use phr_core::model::*;

use super::{answers, at, choice, text};

/// Two future appointments with reminders and one attended last month.
pub(super) fn appointments(today: NaiveDate, offset: FixedOffset) -> Vec<(EntryBody, Visibility)> {
    let appointment = |title: &str, start, with: &str, location: &str, status| Appointment {
        title: title.into(),
        start,
        duration_minutes: Some(30),
        with: text(with),
        location: text(location),
        status,
        reminder_minutes_before: DEFAULT_REMINDER_MINUTES.to_vec(),
        notes: None,
    };
    let mut review = appointment(
        "Diabetes annual review",
        at(today, 9, 10, 30, offset),
        "Practice nurse",
        "Parkside Medical Practice",
        AppointmentStatus::Booked,
    );
    review.notes = text("Ask about the statin and the higher blood pressure readings.");
    let mut eyes = appointment(
        "Diabetic eye screening",
        at(today, 23, 14, 0, offset),
        "Eye screening service",
        "Didsbury Health Centre",
        AppointmentStatus::Booked,
    );
    eyes.reminder_minutes_before = vec![7 * 24 * 60, 24 * 60];
    let bloods = appointment(
        "Blood test (HbA1c, cholesterol)",
        at(today, -20, 8, 40, offset),
        "Phlebotomist",
        "Parkside Medical Practice",
        AppointmentStatus::Attended,
    );
    vec![
        (EntryBody::Appointment(review), Visibility::Shared),
        (EntryBody::Appointment(eyes), Visibility::Private),
        (EntryBody::Appointment(bloods), Visibility::Private),
    ]
}

/// A resilience plan, advance wishes, a hospital passport and two scored questionnaires.
pub(super) fn modules(today: NaiveDate) -> Vec<(EntryBody, Visibility)> {
    let module = |id: &str, answers, completed_on| {
        EntryBody::Module(ModuleInstance {
            template_id: id.into(),
            template_version: 1,
            answers,
            completed_on,
        })
    };
    let t = |s: &str| AnswerValue::Text(s.into());
    let resilience = answers(&[
        (
            "keeps_me_well",
            t("Walking group, seeing Priya, sleeping 7 hours"),
        ),
        (
            "early_signs",
            t("Skipping meals, high sugar readings, snapping at Mum"),
        ),
        (
            "what_i_do",
            t("Ask Chris to cover two evenings; book a GP call"),
        ),
        (
            "who_to_contact",
            t("Chris 07700 900777; Parkside Carers' Centre"),
        ),
        ("crisis", t("Call 111; Priya has a key")),
    ]);
    let wishes = answers(&[
        ("preferred_place_of_care", t("At home, with Biscuit")),
        ("what_matters", t("That Mum is looked after")),
        ("has_adrt", AnswerValue::YesNo(false)),
        ("has_lpa", AnswerValue::YesNo(true)),
        ("lpa_name", t("Chris Morgan, 07700 900777")),
        ("faith_and_beliefs", t("No religion; a humanist celebrant")),
    ]);
    let passport = answers(&[
        (
            "things_you_must_know",
            t("Deaf in my left ear. Allergic to penicillin."),
        ),
        (
            "how_i_communicate",
            t("Speak clearly on my right side; write things down"),
        ),
        ("how_i_show_pain", t("I go quiet and rub my knee")),
        ("what_calms_me", t("Knowing who is looking after Mum")),
    ]);
    let phq9 = answers(&[
        ("q1", choice("several_days")),
        ("q2", choice("several_days")),
        ("q3", choice("more_than_half")),
        ("q4", choice("several_days")),
        ("q5", choice("not_at_all")),
        ("q6", choice("several_days")),
        ("q7", choice("not_at_all")),
        ("q8", choice("not_at_all")),
        ("q9", choice("not_at_all")),
    ]);
    let gad7 = answers(&[
        ("q1", choice("several_days")),
        ("q2", choice("more_than_half")),
        ("q3", choice("more_than_half")),
        ("q4", choice("several_days")),
        ("q5", choice("not_at_all")),
        ("q6", choice("several_days")),
        ("q7", choice("not_at_all")),
    ]);
    let done = Some(today - Duration::days(6));
    vec![
        (
            module("resilience-plan", resilience, None),
            Visibility::Shared,
        ),
        (
            module("advance-wishes", wishes, None),
            Visibility::Emergency,
        ),
        (
            module("hospital-passport", passport, None),
            Visibility::Shared,
        ),
        (module("phq-9", phq9, done), Visibility::Private),
        (module("gad-7", gad7, done), Visibility::Private),
    ]
}
