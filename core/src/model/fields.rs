//! The fields of every entry kind, as data: what each shell's form (or `phr kinds`)
//! shows. Paths are the body's JSON names, dotted for nested fields (`status.on`) and
//! with `[]` for list items (`barriers[].barrier`). A test checks this list against the
//! body types, so it cannot drift from them.

use serde::Serialize;

use super::about_me::{
    ContactMethod, ContactRole, GoalStatus, HISTORY_CHARS, MAX_THINGS_TO_KNOW,
    OrganDonationDecision, Relationship, THING_TO_KNOW_CHARS, TreatmentKind,
};
use super::appointment::AppointmentStatus;
use super::entry::EntryKind;
use super::error::{NOTE_TEXT, SHORT_TEXT};
use super::health::{ConditionKind, ConditionStatus, MedicationOrigin, Severity};

/// What kind of value a field takes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldType {
    /// Text of at most `max_chars` characters.
    Text {
        /// Longest value.
        max_chars: u32,
    },
    /// A number.
    Number,
    /// A whole number from `min` to `max`.
    WholeNumber {
        /// Smallest.
        min: u32,
        /// Largest.
        max: u32,
    },
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A time with its UTC offset, RFC 3339 (`2026-11-24T10:30:00+00:00`).
    DateTime,
    /// Yes or no.
    YesNo,
    /// One of these words.
    Choice {
        /// The words.
        values: Vec<String>,
    },
    /// An NHS number: ten digits with a Modulus 11 check digit.
    NhsNumber,
    /// A clinical code: `system`, `code` and an optional `display`.
    Coding,
    /// A list of items of a type, at most `max_items`. (`ListOf`: `List` would hide
    /// Kotlin's own in the generated code.)
    #[serde(rename = "list")]
    ListOf {
        /// The type of each item.
        item: Box<FieldType>,
        /// Most items.
        max_items: u32,
    },
    /// A group whose fields follow with this path in front.
    Group,
}

/// One field of an entry kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldSpec {
    /// The path, e.g. `name`, `status.on`, `barriers[].barrier`.
    pub path: String,
    /// What it takes.
    #[serde(flatten)]
    pub kind: FieldType,
    /// Whether the entry needs it.
    pub required: bool,
    /// What it is, for a form's label.
    pub help: String,
}

/// The serde names of enum variants, so choice lists are the body types' own words.
fn words<T: Serialize>(all: &[T]) -> FieldType {
    FieldType::Choice {
        values: all
            .iter()
            .filter_map(|v| match serde_json::to_value(v) {
                Ok(serde_json::Value::String(s)) => Some(s),
                _ => None,
            })
            .collect(),
    }
}

fn text(max_chars: usize) -> FieldType {
    FieldType::Text {
        max_chars: u32::try_from(max_chars).unwrap_or(u32::MAX),
    }
}

struct Fields(Vec<FieldSpec>);

impl Fields {
    fn new() -> Self {
        Self(Vec::new())
    }
    fn req(mut self, path: &str, kind: FieldType, help: &str) -> Self {
        self.0.push(FieldSpec {
            path: path.into(),
            kind,
            required: true,
            help: help.into(),
        });
        self
    }
    fn opt(mut self, path: &str, kind: FieldType, help: &str) -> Self {
        self.0.push(FieldSpec {
            path: path.into(),
            kind,
            required: false,
            help: help.into(),
        });
        self
    }
    fn contact_points(self) -> Self {
        self.opt("phone", text(SHORT_TEXT), "phone number")
            .opt("email", text(SHORT_TEXT), "email address")
            .opt("address", text(500), "postal address")
    }
}

impl EntryKind {
    /// The fields of this kind's body, in the order a form shows them.
    pub fn fields(self) -> Vec<FieldSpec> {
        use EntryKind as K;
        let f = Fields::new();
        let f = match self {
            K::Identity => f
                .req(
                    "name",
                    text(SHORT_TEXT),
                    "name as professionals should see it",
                )
                .opt(
                    "preferred_name",
                    text(SHORT_TEXT),
                    "what you like to be called",
                )
                .opt("date_of_birth", FieldType::Date, "date of birth")
                .opt(
                    "nhs_number",
                    FieldType::NhsNumber,
                    "NHS number, e.g. 943 476 5919",
                )
                .opt("pronouns", text(50), "pronouns, in your own words"),
            K::Condition => f
                .req("name", text(SHORT_TEXT), "what it is called")
                .opt(
                    "category",
                    words(&[ConditionKind::Diagnosis, ConditionKind::SignificantSurgery]),
                    "diagnosis or significant surgery",
                )
                .opt("code", FieldType::Coding, "clinical code (SNOMED CT)")
                .opt(
                    "since",
                    FieldType::Date,
                    "when it started, or when the operation was",
                )
                .opt(
                    "status",
                    words(&[ConditionStatus::Active, ConditionStatus::Resolved]),
                    "current or resolved",
                )
                .opt("notes", text(NOTE_TEXT), "anything else"),
            K::Allergy => f
                .req("substance", text(SHORT_TEXT), "what causes it")
                .opt("reaction", text(SHORT_TEXT), "what happens")
                .opt(
                    "severity",
                    words(&[Severity::Mild, Severity::Moderate, Severity::Severe]),
                    "how bad the reaction is",
                )
                .opt("code", FieldType::Coding, "clinical code of the substance")
                .opt("notes", text(NOTE_TEXT), "anything else"),
            K::Vaccination => f
                .req("vaccine", text(SHORT_TEXT), "which vaccine")
                .req("date", FieldType::Date, "when it was given")
                .opt(
                    "dose_number",
                    FieldType::WholeNumber { min: 1, max: 100 },
                    "which dose in a course",
                )
                .opt("batch", text(50), "batch or lot number")
                .opt("given_by", text(SHORT_TEXT), "where it was given")
                .opt("code", FieldType::Coding, "clinical code"),
            K::Medication => f
                .req("name", text(SHORT_TEXT), "name and strength")
                .opt("dose", text(SHORT_TEXT), "how much and how often")
                .opt("reason", text(SHORT_TEXT), "what it is for")
                .opt(
                    "origin",
                    words(&[
                        MedicationOrigin::Prescribed,
                        MedicationOrigin::OverTheCounter,
                    ]),
                    "prescribed or bought over the counter",
                )
                .opt("status", FieldType::Group, "taking it, or stopped")
                .opt(
                    "status.state",
                    FieldType::Choice {
                        values: [
                            "taking",
                            "stopped_by_me",
                            "stopped_by_professional",
                            "completed",
                        ]
                        .map(String::from)
                        .to_vec(),
                    },
                    "taking, or who stopped it",
                )
                .opt("status.on", FieldType::Date, "when it stopped")
                .opt("status.reason", text(NOTE_TEXT), "why you stopped it")
                .opt("code", FieldType::Coding, "clinical code (dm+d)"),
            K::SocialPrescription => f
                .req("activity", text(SHORT_TEXT), "the activity")
                .opt("organisation", text(SHORT_TEXT), "who runs it")
                .opt("referred_by", text(SHORT_TEXT), "who referred you")
                .opt("start", FieldType::Date, "when it starts")
                .opt("notes", text(NOTE_TEXT), "anything else"),
            K::TestResult => f
                .req("name", text(SHORT_TEXT), "test name")
                .req("value", FieldType::Group, "the result")
                .req(
                    "value.type",
                    FieldType::Choice {
                        values: vec!["quantity".into(), "text".into()],
                    },
                    "a number with a unit, or text",
                )
                .req(
                    "value.value",
                    FieldType::Number,
                    "the number (for a quantity)",
                )
                .req(
                    "value.unit",
                    text(50),
                    "its UCUM unit, e.g. mmol/mol (for a quantity)",
                )
                .opt(
                    "value.text",
                    text(SHORT_TEXT),
                    "the result in words (for text)",
                )
                .req("date", FieldType::Date, "when the sample was taken")
                .opt("loinc", text(20), "LOINC code")
                .opt(
                    "reference_range",
                    FieldType::Group,
                    "the laboratory's normal range",
                )
                .opt(
                    "reference_range.low",
                    FieldType::Number,
                    "lowest normal value",
                )
                .opt(
                    "reference_range.high",
                    FieldType::Number,
                    "highest normal value",
                )
                .opt("notes", text(NOTE_TEXT), "the professional's comment"),
            K::ThingsToKnow => f.req(
                "items",
                FieldType::ListOf {
                    item: Box::new(text(THING_TO_KNOW_CHARS)),
                    max_items: MAX_THINGS_TO_KNOW as u32,
                },
                "up to three short things everyone who helps you should know",
            ),
            K::MyHistory => f.req(
                "text",
                text(HISTORY_CHARS),
                "what matters to your health and wellbeing now",
            ),
            K::Goal => f
                .req("goal", text(280), "the goal in your words")
                .opt(
                    "barriers",
                    FieldType::ListOf {
                        item: Box::new(FieldType::Group),
                        max_items: 10,
                    },
                    "what is in the way",
                )
                .req("barriers[].barrier", text(280), "what is in the way")
                .opt(
                    "barriers[].how_to_overcome",
                    text(280),
                    "how to get past it",
                )
                .opt(
                    "status",
                    words(&[GoalStatus::Active, GoalStatus::Achieved, GoalStatus::Paused]),
                    "active, achieved or paused (at most 5 active)",
                )
                .opt("target_date", FieldType::Date, "when you want to get there")
                .opt("support", text(SHORT_TEXT), "community support that helps"),
            K::PersonInMyLife => f
                .req("name", text(SHORT_TEXT), "their name")
                .req(
                    "relationship",
                    words(&[
                        Relationship::CaresForMe,
                        Relationship::ICareFor,
                        Relationship::Family,
                        Relationship::Friend,
                        Relationship::Professional,
                        Relationship::Organisation,
                        Relationship::Volunteer,
                        Relationship::Animal,
                    ]),
                    "how they are part of your life",
                )
                .opt(
                    "role",
                    text(SHORT_TEXT),
                    "what they do, or what kind of animal",
                )
                .opt("contact", text(SHORT_TEXT), "how to reach them")
                .opt("notes", text(NOTE_TEXT), "anything else"),
            K::MyContactDetails => f.contact_points().opt(
                "preferred_method",
                words(&[
                    ContactMethod::Phone,
                    ContactMethod::Text,
                    ContactMethod::Email,
                    ContactMethod::Letter,
                    ContactMethod::InPerson,
                ]),
                "how you prefer to be contacted",
            ),
            K::Contact => f
                .req(
                    "role",
                    words(&[
                        ContactRole::Gp,
                        ContactRole::NextOfKin,
                        ContactRole::EmergencyContact,
                    ]),
                    "GP, next of kin or emergency contact",
                )
                .req("name", text(SHORT_TEXT), "their name, or the practice's")
                .opt(
                    "relationship",
                    text(SHORT_TEXT),
                    "how they are related to you",
                )
                .contact_points()
                .opt("ods_code", text(10), "ODS code of a GP practice"),
            K::OrganDonation => f
                .req(
                    "decision",
                    words(&[
                        OrganDonationDecision::Donate,
                        OrganDonationDecision::DoNotDonate,
                        OrganDonationDecision::NominatedRepresentative,
                        OrganDonationDecision::Undecided,
                    ]),
                    "your decision",
                )
                .opt(
                    "organs",
                    FieldType::ListOf {
                        item: Box::new(text(100)),
                        max_items: 50,
                    },
                    "which organs and tissue, when only some",
                )
                .opt(
                    "registered",
                    FieldType::YesNo,
                    "on the NHS Organ Donor Register",
                )
                .opt("notes", text(NOTE_TEXT), "faith or beliefs to respect"),
            K::OtherTreatment => f
                .req("name", text(SHORT_TEXT), "what it is")
                .req(
                    "category",
                    words(&[
                        TreatmentKind::Physiotherapy,
                        TreatmentKind::Counselling,
                        TreatmentKind::SupportGroup,
                        TreatmentKind::Complementary,
                        TreatmentKind::Other,
                    ]),
                    "what kind",
                )
                .opt("provider", text(SHORT_TEXT), "who provides it")
                .opt("frequency", text(100), "how often")
                .opt("notes", text(NOTE_TEXT), "anything else"),
            K::Appointment => f
                .req("title", text(SHORT_TEXT), "what it is")
                .req("start", FieldType::DateTime, "when it starts")
                .opt(
                    "duration_minutes",
                    FieldType::WholeNumber {
                        min: 1,
                        max: 24 * 60,
                    },
                    "how long, in minutes",
                )
                .opt("with", text(SHORT_TEXT), "who with")
                .opt("location", text(500), "where")
                .opt(
                    "status",
                    words(&[
                        AppointmentStatus::Proposed,
                        AppointmentStatus::Booked,
                        AppointmentStatus::Attended,
                        AppointmentStatus::Missed,
                        AppointmentStatus::Cancelled,
                    ]),
                    "booked, attended ...",
                )
                .opt(
                    "reminder_minutes_before",
                    FieldType::ListOf {
                        item: Box::new(FieldType::WholeNumber {
                            min: 1,
                            max: 28 * 24 * 60,
                        }),
                        max_items: 5,
                    },
                    "reminders, in minutes before the start",
                )
                .opt("notes", text(NOTE_TEXT), "anything else"),
            K::Module => f
                .req("template_id", text(64), "which module")
                .req(
                    "template_version",
                    FieldType::WholeNumber {
                        min: 1,
                        max: u32::MAX,
                    },
                    "which version of it",
                )
                .opt(
                    "answers",
                    FieldType::Group,
                    "answers by question id (see the template)",
                )
                .opt(
                    "completed_on",
                    FieldType::Date,
                    "when a questionnaire was completed",
                ),
        };
        f.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntryBody;
    use serde_json::{Value, json};

    /// A value of the field's type.
    fn sample(kind: &FieldType, choice: usize) -> Value {
        match kind {
            FieldType::Text { .. } => json!("x"),
            FieldType::Number => json!(1.5),
            FieldType::WholeNumber { min, .. } => json!(min),
            FieldType::Date => json!("2026-01-01"),
            FieldType::DateTime => json!("2026-01-01T10:00:00+00:00"),
            FieldType::YesNo => json!(true),
            FieldType::Choice { values } => json!(values[choice % values.len()]),
            FieldType::NhsNumber => json!("9434765919"),
            FieldType::Coding => {
                json!({"system": "http://snomed.info/sct", "code": "1", "display": "x"})
            }
            FieldType::ListOf { item, .. } => json!([sample(item, choice)]),
            FieldType::Group => json!({}),
        }
    }

    /// Sets `path` in `json`, making groups and one-item lists on the way.
    fn set(json: &mut Value, path: &str, value: Value) {
        let mut node = json;
        let parts: Vec<&str> = path.split('.').collect();
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let (name, list) = match part.strip_suffix("[]") {
                Some(n) => (n, true),
                None => (*part, false),
            };
            let map = node.as_object_mut().expect("object");
            if last && !list {
                if !(value.is_object() && map.contains_key(name)) {
                    map.insert(name.into(), value);
                }
                return;
            }
            let entry = map
                .entry(name.to_string())
                .or_insert_with(|| if list { json!([{}]) } else { json!({}) });
            if list {
                if !entry
                    .as_array()
                    .is_some_and(|a| a.first().is_some_and(Value::is_object))
                {
                    *entry = json!([{}]);
                }
                node = &mut entry.as_array_mut().expect("list")[0];
            } else {
                node = entry;
            }
        }
    }

    fn present(json: &Value, path: &str) -> bool {
        let mut node = json;
        for part in path.split('.') {
            let (name, list) = match part.strip_suffix("[]") {
                Some(n) => (n, true),
                None => (part, false),
            };
            let Some(next) = node.get(name) else {
                return false;
            };
            node = if list {
                match next.get(0) {
                    Some(first) => first,
                    None => return false,
                }
            } else {
                next
            };
        }
        true
    }

    /// Every field's path and type is the body's own: a body made of every field (with
    /// each word of each choice in turn) reads back with every field still there.
    #[test]
    fn every_field_is_a_field_of_the_body_type() {
        for &kind in EntryKind::ALL {
            let fields = kind.fields();
            let widest = fields
                .iter()
                .filter_map(|f| match &f.kind {
                    FieldType::Choice { values } => Some(values.len()),
                    _ => None,
                })
                .max()
                .unwrap_or(1);
            let mut seen: Vec<&str> = Vec::new();
            for choice in 0..widest {
                let mut body = json!({"kind": kind});
                for f in &fields {
                    set(&mut body, &f.path, sample(&f.kind, choice));
                }
                let parsed: EntryBody = match serde_json::from_value(body.clone()) {
                    Ok(b) => b,
                    Err(e) => panic!("{kind} with choice {choice}: {e} in {body}"),
                };
                let back = serde_json::to_value(&parsed).expect("serialise");
                for f in &fields {
                    if present(&back, &f.path) && !seen.contains(&f.path.as_str()) {
                        seen.push(&f.path);
                    }
                }
            }
            for f in &fields {
                assert!(
                    seen.contains(&f.path.as_str()),
                    "{kind}: field {} is not part of the body",
                    f.path
                );
            }
        }
    }

    /// A body of only the required fields is a whole body.
    #[test]
    fn required_fields_are_enough() {
        for &kind in EntryKind::ALL {
            let mut body = json!({"kind": kind});
            for f in kind
                .fields()
                .iter()
                .filter(|f| f.required && !f.path.contains("[]"))
            {
                set(&mut body, &f.path, sample(&f.kind, 0));
            }
            if let Err(e) = serde_json::from_value::<EntryBody>(body.clone()) {
                panic!("{kind}: {e} in {body}");
            }
        }
    }
}
