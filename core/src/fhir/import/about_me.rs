//! Goal (goals with barriers), RelatedPerson (people in my life), Consent (organ
//! donation wishes, written as `mapping::about_me` says) and the "nil known" sections of
//! a document's Composition.

use super::candidate::{MappedEntry, Planned};
use super::text;
use crate::fhir::codes::{IpsSection, LIST_EMPTY_REASON, LOINC};
use crate::fhir::mapping::about_me::{
    DECISIONS, HOW_TO_OVERCOME, ORGAN_DONATION, ORGAN_DONOR_REGISTER, SUPPORT,
};
use crate::fhir::mapping::people::{relationship_of, relationship_words};
use crate::fhir::mapping::status::{self, GOAL_ACHIEVEMENT, GOAL_STATUS};
use crate::fhir::mapping::{by_code, coding, dates};
use crate::fhir::resources::{Composition, Consent, Goal, RelatedPerson};
use crate::model::error::SHORT_TEXT;
use crate::model::{
    self, Barrier, EntryBody, GoalStatus, OrganDonation, OrganDonationDecision, PersonInMyLife,
    Relationship,
};

/// A goal with only its words, to check one field against the record's own limits.
fn goal_with(goal: &str, barriers: Vec<Barrier>) -> bool {
    model::Goal {
        goal: goal.to_owned(),
        barriers,
        status: GoalStatus::Active,
        target_date: None,
        support: None,
    }
    .validate()
    .is_ok()
}

/// A Goal.
pub fn goal(g: &Goal) -> Planned {
    if let Some(why) = status::not_a_fact("Goal", "lifecycleStatus", &g.lifecycle_status) {
        return Planned::not_a_fact(why);
    }
    let Some((words, words_at)) = coding::label(&g.description) else {
        return Planned::not_mapped("the goal has no description");
    };
    let achieved = coding::has(g.achievement_status.as_ref(), GOAL_ACHIEVEMENT, "achieved");
    let status = if achieved {
        GoalStatus::Achieved
    } else {
        by_code(&GOAL_STATUS, &g.lifecycle_status).unwrap_or_default()
    };
    let mut notes = Vec::new();
    let mut support = None;
    let mut barriers = Vec::new();
    for note in &g.note {
        let text = note.text.trim();
        if let Some(s) = text.strip_prefix(SUPPORT) {
            support = Some(text::fit(&mut notes, "support", s.to_owned(), SHORT_TEXT));
        } else if !text.is_empty() {
            let (barrier, how) = match text.split_once(HOW_TO_OVERCOME.trim_start()) {
                Some((b, h)) => (b.trim_end(), Some(h.trim())),
                None => (text, None),
            };
            let barrier = text::fit_checked(&mut notes, "barrier", barrier.to_owned(), |t| {
                goal_with(
                    "x",
                    vec![Barrier {
                        barrier: t.to_owned(),
                        how_to_overcome: None,
                    }],
                )
            });
            let how_to_overcome = how.map(|h| {
                text::fit_checked(&mut notes, "way past a barrier", h.to_owned(), |t| {
                    goal_with(
                        "x",
                        vec![Barrier {
                            barrier: "x".into(),
                            how_to_overcome: Some(t.to_owned()),
                        }],
                    )
                })
            });
            barriers.push(Barrier {
                barrier,
                how_to_overcome,
            });
        }
    }
    // As many barriers as the record keeps (`Goal::validate`), in order.
    while !goal_with("x", barriers.clone()) && barriers.pop().is_some() {
        notes.push("a note was left out: the record keeps fewer barriers".into());
    }
    let body = model::Goal {
        goal: text::fit_checked(&mut notes, "goal", words, |t| goal_with(t, Vec::new())),
        barriers,
        status,
        target_date: g
            .target
            .iter()
            .find_map(|t| t.due_date.as_deref().and_then(dates::whole_date)),
        support,
    };
    let mut mapped = MappedEntry::new(EntryBody::Goal(body))
        .from("goal", format!("description.{words_at}"))
        .from("barriers", "note")
        .from("support", "note")
        .from("target_date", "target[0].dueDate");
    mapped.notes = notes;
    Planned::entry(mapped)
}

/// A RelatedPerson: the relationship is the first one the record recognises (its own
/// words, v3 RoleCode family and friend codes, words such as "carer"), family when none
/// is; the words of the others are the role.
pub fn related_person(r: &RelatedPerson) -> Planned {
    let Some((name, name_at)) = r
        .name
        .iter()
        .enumerate()
        .find_map(|(i, n)| text::name(n).map(|t| (t, format!("name[{i}]"))))
    else {
        return Planned::not_mapped("the related person has no name");
    };
    let recognised = r
        .relationship
        .iter()
        .position(|c| relationship_of(c).is_some());
    let relationship = recognised
        .and_then(|i| relationship_of(&r.relationship[i]))
        .unwrap_or(Relationship::Family);
    let role: Vec<String> = r
        .relationship
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != recognised)
        .filter_map(|(_, c)| coding::label(c).map(|(t, _)| t))
        .filter(|t| t != relationship_words(relationship))
        .collect();
    let contact = text::contact_point(&r.telecom, &["phone", "sms", "email", "other", "url"]);
    let mut notes = Vec::new();
    let body = PersonInMyLife {
        name: text::fit(&mut notes, "name", name, SHORT_TEXT),
        relationship,
        role: (!role.is_empty())
            .then(|| text::fit(&mut notes, "role", role.join(", "), SHORT_TEXT)),
        contact: contact.map(|(_, c)| text::fit(&mut notes, "contact", c.to_owned(), SHORT_TEXT)),
        notes: None,
    };
    let mut mapped = MappedEntry::new(EntryBody::PersonInMyLife(body))
        .from("name", name_at)
        .from("role", "relationship")
        .from("contact", "telecom");
    mapped.notes = notes;
    Planned::entry(mapped)
}

/// A Consent: organ donation wishes when one of its categories says so in the words of
/// `mapping::about_me`; any other consent is kept.
pub fn consent(c: &Consent) -> Planned {
    if let Some(why) = status::not_a_fact("Consent", "status", &c.status) {
        return Planned::not_a_fact(why);
    }
    let words = c.category.iter().find_map(|k| {
        let text = k.text.as_deref()?;
        text.strip_prefix(ORGAN_DONATION).or_else(|| {
            text.eq_ignore_ascii_case(ORGAN_DONATION.trim_end_matches([':', ' ']))
                .then_some("")
        })
    });
    let Some(words) = words else {
        return Planned::not_mapped("a consent or directive the record does not keep as an entry");
    };
    let provision = c.extra.value("provision");
    let provision_type = provision
        .as_ref()
        .and_then(|p| p.get("type"))
        .and_then(|t| t.as_str());
    let decision = DECISIONS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(words.trim()))
        .map(|(_, d)| *d)
        .or(match provision_type {
            Some("permit") => Some(OrganDonationDecision::Donate),
            Some("deny") => Some(OrganDonationDecision::DoNotDonate),
            _ => None,
        })
        .unwrap_or(OrganDonationDecision::Undecided);
    let mut notes = Vec::new();
    let organs: Vec<String> = if decision == OrganDonationDecision::DoNotDonate {
        Vec::new()
    } else {
        provision
            .as_ref()
            .and_then(|p| p.get("code"))
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
            .filter_map(|c| {
                serde_json::from_value::<crate::fhir::datatypes::CodeableConcept>(c.clone()).ok()
            })
            .filter_map(|c| coding::label(&c).map(|(t, _)| t))
            .map(|t| {
                text::fit_checked(&mut notes, "organ", t, |o| {
                    OrganDonation {
                        decision: OrganDonationDecision::Donate,
                        organs: vec![o.to_owned()],
                        registered: false,
                        notes: None,
                    }
                    .validate()
                    .is_ok()
                })
            })
            .collect()
    };
    let body = OrganDonation {
        decision,
        organs,
        registered: c
            .organization
            .iter()
            .any(|o| o.display.as_deref() == Some(ORGAN_DONOR_REGISTER)),
        notes: None,
    };
    let mut mapped = MappedEntry::new(EntryBody::OrganDonation(body))
        .from("decision", "category")
        .from("organs", "provision.code");
    mapped.notes = notes;
    Planned::entry(mapped)
}

/// The sections of a document that say "nil known" (`list-empty-reason` `nilknown`):
/// one statement each, for the sections the IPS requires.
pub fn document_statements(c: &Composition) -> Vec<(String, Planned)> {
    c.section
        .iter()
        .enumerate()
        .filter(|(_, s)| coding::has(s.empty_reason.as_ref(), LIST_EMPTY_REASON, "nilknown"))
        .filter_map(|(i, s)| {
            let code = coding::code_in(s.code.as_ref(), LOINC)?;
            let section = IpsSection::from_loinc(code).filter(|s| s.is_required())?;
            Some((format!("#section[{i}]"), Planned::Negation(section)))
        })
        .collect()
}
