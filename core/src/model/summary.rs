//! One-line summaries of entries, for lists in every shell.

use super::about_me::{ContactRole, GoalStatus, OrganDonationDecision, Relationship};
use super::entry::EntryBody;
use super::health::{ConditionKind, MedicationOrigin, MedicationStatus, ResultValue};
use super::modules::builtin_template;

fn with_detail(main: &str, detail: Option<&str>) -> String {
    match detail {
        Some(d) if !d.is_empty() => format!("{main}: {d}"),
        _ => main.to_string(),
    }
}

impl EntryBody {
    /// A one-line summary for lists ("Penicillin: hives (severe)").
    pub fn summary(&self) -> String {
        summarise(self)
    }
}

/// A short line describing `body`.
fn summarise(body: &EntryBody) -> String {
    match body {
        EntryBody::Identity(x) => {
            let mut s = x.name.clone();
            if let Some(dob) = x.date_of_birth {
                s.push_str(&format!(", born {dob}"));
            }
            if let Some(n) = &x.nhs_number {
                s.push_str(&format!(", NHS number {n}"));
            }
            s
        }
        EntryBody::Condition(x) => {
            let kind = match x.category {
                ConditionKind::Diagnosis => "",
                ConditionKind::SignificantSurgery => " (surgery)",
            };
            let since = x.since.map(|d| format!(" since {d}")).unwrap_or_default();
            format!("{}{kind}{since}", x.name)
        }
        EntryBody::Allergy(x) => {
            let sev = x
                .severity
                .map(|s| format!(" ({})", format!("{s:?}").to_lowercase()))
                .unwrap_or_default();
            format!("{}{sev}", with_detail(&x.substance, x.reaction.as_deref()))
        }
        EntryBody::Vaccination(x) => format!("{} on {}", x.vaccine, x.date),
        EntryBody::Medication(x) => {
            let mut s = x.name.clone();
            if let Some(dose) = &x.dose {
                s.push_str(&format!(", {dose}"));
            }
            if let Some(reason) = &x.reason {
                s.push_str(&format!(", for {reason}"));
            }
            if x.origin == MedicationOrigin::OverTheCounter {
                s.push_str(" (over the counter)");
            }
            match &x.status {
                MedicationStatus::Taking => {}
                MedicationStatus::StoppedByMe { on, .. } => {
                    s.push_str(&format!(" - I stopped taking this on {on}"))
                }
                MedicationStatus::StoppedByProfessional { on } => {
                    s.push_str(&format!(" - stopped by a professional on {on}"))
                }
                MedicationStatus::Completed { on } => {
                    s.push_str(&format!(" - course completed on {on}"))
                }
            }
            s
        }
        EntryBody::SocialPrescription(x) => with_detail(&x.activity, x.organisation.as_deref()),
        EntryBody::TestResult(x) => {
            let value = match &x.value {
                ResultValue::Quantity { value, unit } => format!("{value} {unit}"),
                ResultValue::Text { text } => text.clone(),
            };
            let flag = if x.is_out_of_range() {
                " (out of range)"
            } else {
                ""
            };
            format!("{} {value}{flag} on {}", x.name, x.date)
        }
        EntryBody::ThingsToKnow(x) => x
            .items
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{}. {t}", i + 1))
            .collect::<Vec<_>>()
            .join("  "),
        EntryBody::MyHistory(x) => {
            let first: String = x.text.chars().take(80).collect();
            if x.text.chars().count() > 80 {
                format!("{first}...")
            } else {
                first
            }
        }
        EntryBody::Goal(x) => {
            let status = match x.status {
                GoalStatus::Active => "",
                GoalStatus::Achieved => " (achieved)",
                GoalStatus::Paused => " (paused)",
            };
            let barriers = match x.barriers.len() {
                0 => String::new(),
                1 => ", 1 barrier".into(),
                n => format!(", {n} barriers"),
            };
            format!("{}{status}{barriers}", x.goal)
        }
        EntryBody::PersonInMyLife(x) => {
            let rel = match x.relationship {
                Relationship::CaresForMe => "cares for me",
                Relationship::ICareFor => "I care for",
                Relationship::Family => "family",
                Relationship::Friend => "friend",
                Relationship::Professional => "professional",
                Relationship::Organisation => "organisation",
                Relationship::Volunteer => "volunteer",
                Relationship::Animal => "animal",
            };
            let role = x
                .role
                .as_deref()
                .map(|r| format!(", {r}"))
                .unwrap_or_default();
            format!("{} ({rel}{role})", x.name)
        }
        EntryBody::MyContactDetails(x) => {
            let mut parts = Vec::new();
            if let Some(p) = &x.points.phone {
                parts.push(p.clone());
            }
            if let Some(e) = &x.points.email {
                parts.push(e.clone());
            }
            if let Some(m) = x.preferred_method {
                parts.push(format!("prefers {}", format!("{m:?}").to_lowercase()));
            }
            parts.join(", ")
        }
        EntryBody::Contact(x) => {
            let role = match x.role {
                ContactRole::Gp => "GP",
                ContactRole::NextOfKin => "next of kin",
                ContactRole::EmergencyContact => "emergency contact",
            };
            let phone = x
                .points
                .phone
                .as_deref()
                .map(|p| format!(", {p}"))
                .unwrap_or_default();
            format!("{role}: {}{phone}", x.name)
        }
        EntryBody::OrganDonation(x) => match x.decision {
            OrganDonationDecision::Donate if x.organs.is_empty() => "I want to donate".into(),
            OrganDonationDecision::Donate => format!("I want to donate: {}", x.organs.join(", ")),
            OrganDonationDecision::DoNotDonate => "I do not want to donate".into(),
            OrganDonationDecision::NominatedRepresentative => {
                "Someone I nominated will decide".into()
            }
            OrganDonationDecision::Undecided => "Not decided yet".into(),
        },
        EntryBody::OtherTreatment(x) => with_detail(&x.name, x.provider.as_deref()),
        EntryBody::Appointment(x) => {
            let with = x
                .with
                .as_deref()
                .map(|w| format!(" with {w}"))
                .unwrap_or_default();
            format!(
                "{}{with} on {} ({:?})",
                x.title,
                x.start.format("%Y-%m-%d %H:%M"),
                x.status
            )
        }
        EntryBody::Module(x) => match builtin_template(&x.template_id) {
            Some(t) => match x.score(&t) {
                Some(score) => format!("{}: {} ({})", t.title, score.total, score.band),
                None => format!(
                    "{}: {} of {} answered",
                    t.title,
                    x.answers.len(),
                    t.fields.len()
                ),
            },
            None => format!("{} v{}", x.template_id, x.template_version),
        },
    }
}
