//! About me as resources: goals (Goal, barriers and support as notes, gathered by one
//! CarePlan so the Plan of Care section can list them), people in my life
//! (RelatedPerson), organ donation wishes (Consent), as `mapping::about_me` writes them.

use serde_json::json;

use crate::fhir::codes::LOINC;
use crate::fhir::datatypes::{
    Annotation, CodeableConcept, Coding, ContactPoint, HumanName, Reference,
};
use crate::fhir::mapping::about_me::{
    ADVANCE_DIRECTIVE, DECISIONS, HOW_TO_OVERCOME, ORGAN_DONATION, ORGAN_DONOR_REGISTER,
    PATIENT_CONSENT, SUPPORT,
};
use crate::fhir::mapping::coding::coded;
use crate::fhir::mapping::people::relationship_concept;
use crate::fhir::mapping::status::{CONSENT_SCOPE, GOAL_ACHIEVEMENT, GOAL_STATUS};
use crate::fhir::mapping::{code_of, dates};
use crate::fhir::resources::{Consent, Goal, GoalTarget, RelatedPerson};
use crate::fhir::{Resource, parse_resource};
use crate::model::{
    self, ContactPoints, EntryId, GoalStatus, MyContactDetails, OrganDonation,
    OrganDonationDecision, PersonInMyLife,
};

/// A goal.
pub fn goal(id: EntryId, g: &model::Goal, me: &Reference) -> Goal {
    let mut note: Vec<Annotation> = g
        .barriers
        .iter()
        .map(|b| Annotation {
            text: match &b.how_to_overcome {
                Some(how) => format!("{}{HOW_TO_OVERCOME}{how}", b.barrier),
                None => b.barrier.clone(),
            },
            ..Annotation::default()
        })
        .collect();
    note.extend(g.support.iter().map(|s| Annotation {
        text: format!("{SUPPORT}{s}"),
        ..Annotation::default()
    }));
    Goal {
        id: Some(id.to_string()),
        lifecycle_status: code_of(&GOAL_STATUS, &g.status).unwrap_or("active").into(),
        achievement_status: (g.status == GoalStatus::Achieved)
            .then(|| coded(GOAL_ACHIEVEMENT, "achieved", "Achieved")),
        description: CodeableConcept::from_text(&g.goal),
        subject: me.clone(),
        target: g
            .target_date
            .map(|d| GoalTarget {
                due_date: Some(dates::date_text(d)),
                ..GoalTarget::default()
            })
            .into_iter()
            .collect(),
        note,
        ..Goal::default()
    }
}

/// The CarePlan that gathers the goals (R4 `CarePlan.goal`), for the Plan of Care
/// section, which lists care plans (IPS `Composition.section:sectionPlanOfCare`).
pub fn care_plan(id: &str, goals: &[String], me: &Reference, source: &str) -> Option<Resource> {
    let json = json!({
        "resourceType": "CarePlan",
        "id": id,
        "meta": { "source": source },
        "status": "active",
        "intent": "plan",
        "title": "My goals",
        "subject": me,
        "goal": goals.iter().map(|g| json!({"reference": format!("urn:uuid:{g}")})).collect::<Vec<_>>(),
    });
    parse_resource(json.to_string().as_bytes()).ok()
}

/// Someone in the person's life: the relationship in the record's words (coded where v3
/// RoleCode has the same), the role as a second relationship in words, how to reach them
/// as a phone, an email or words.
pub fn person(id: EntryId, p: &PersonInMyLife, me: &Reference) -> RelatedPerson {
    let mut relationship = vec![relationship_concept(p.relationship)];
    relationship.extend(p.role.as_deref().map(CodeableConcept::from_text));
    // A phone number or an email address when the record's check of contact details
    // takes it as one (`MyContactDetails::validate`), else words.
    let is = |points: ContactPoints| {
        MyContactDetails {
            points,
            preferred_method: None,
        }
        .validate()
        .is_ok()
    };
    let telecom = p.contact.iter().map(|c| {
        let system = if is(ContactPoints {
            email: Some(c.clone()),
            ..ContactPoints::default()
        }) {
            "email"
        } else if is(ContactPoints {
            phone: Some(c.clone()),
            ..ContactPoints::default()
        }) {
            "phone"
        } else {
            "other"
        };
        ContactPoint {
            system: Some(system.into()),
            value: Some(c.clone()),
            ..ContactPoint::default()
        }
    });
    RelatedPerson {
        id: Some(id.to_string()),
        patient: me.clone(),
        relationship,
        name: vec![HumanName {
            text: Some(p.name.clone()),
            ..HumanName::default()
        }],
        telecom: telecom.collect(),
        ..RelatedPerson::default()
    }
}

/// The legal basis named in each Consent's `policy` (R4 ppc-1 asks for a policy or a
/// policy rule): organ donation in England under the Human Tissue Act 2004 (as amended
/// in 2019), advance decisions under the Mental Capacity Act 2005.
const HUMAN_TISSUE_ACT: &str = "https://www.legislation.gov.uk/ukpga/2004/30";
const MENTAL_CAPACITY_ACT: &str = "https://www.legislation.gov.uk/ukpga/2005/9";

fn consent_base(
    id: String,
    category: Vec<CodeableConcept>,
    me: &Reference,
    policy: &str,
) -> Consent {
    let mut consent = Consent {
        id: Some(id),
        status: "active".into(),
        scope: coded(CONSENT_SCOPE, "adr", "Advanced Care Directive"),
        category,
        patient: Some(me.clone()),
        ..Consent::default()
    };
    let _ = consent.extra.insert("policy", &json!([{ "uri": policy }]));
    consent
}

/// Organ donation wishes.
pub fn organ_donation(id: EntryId, o: &OrganDonation, me: &Reference) -> Consent {
    let words = DECISIONS
        .iter()
        .find(|(_, d)| *d == o.decision)
        .map(|(w, _)| *w)
        .unwrap_or_default();
    let mut consent = consent_base(
        id.to_string(),
        vec![
            CodeableConcept::from_coding(Coding::new(LOINC, PATIENT_CONSENT.0, PATIENT_CONSENT.1)),
            CodeableConcept::from_text(&format!("{ORGAN_DONATION}{words}")),
        ],
        me,
        HUMAN_TISSUE_ACT,
    );
    let kind = match o.decision {
        OrganDonationDecision::Donate => Some("permit"),
        OrganDonationDecision::DoNotDonate => Some("deny"),
        _ => None,
    };
    let organs: Vec<_> = o
        .organs
        .iter()
        .map(|organ| json!({ "text": organ }))
        .collect();
    let mut provision = serde_json::Map::new();
    if let Some(kind) = kind {
        provision.insert("type".into(), json!(kind));
    }
    if !organs.is_empty() {
        provision.insert("code".into(), json!(organs));
    }
    if !provision.is_empty() {
        let _ = consent.extra.insert("provision", &provision);
    }
    if o.registered {
        consent.organization.push(Reference {
            display: Some(ORGAN_DONOR_REGISTER.into()),
            ..Reference::default()
        });
    }
    consent
}

/// Advance wishes (the advance-wishes module): an advance directive Consent whose source
/// is the QuestionnaireResponse holding the answers.
pub fn advance_wishes(id: EntryId, answers: &str, me: &Reference) -> Consent {
    let mut consent = consent_base(
        id.to_string(),
        vec![coded(
            ADVANCE_DIRECTIVE.0,
            ADVANCE_DIRECTIVE.1,
            ADVANCE_DIRECTIVE.2,
        )],
        me,
        MENTAL_CAPACITY_ACT,
    );
    let _ = consent.extra.insert(
        "sourceReference",
        &json!({ "reference": format!("urn:uuid:{answers}") }),
    );
    consent
}
