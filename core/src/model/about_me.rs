//! "About me": written by the person, in their own words.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::{
    NOTE_TEXT, SHORT_TEXT, Validation, ValidationError, max_chars, optional_text, required_text,
};

/// How many "things to know about me" a person can keep (product brief: three).
pub const MAX_THINGS_TO_KNOW: usize = 3;
/// Length of each of them: tweet length (product brief), 140 characters.
pub const THING_TO_KNOW_CHARS: usize = 140;
/// Length of "my history": a brief account, 2,000 characters.
pub const HISTORY_CHARS: usize = 2_000;
/// How many goals can be active at once: "a small number" (product brief), five.
pub const MAX_ACTIVE_GOALS: usize = 5;

/// Three short statements everyone who helps me should know. One per record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThingsToKnow {
    /// At most three, each at most 140 characters.
    pub items: Vec<String>,
}

impl ThingsToKnow {
    /// Checks the count and every item.
    pub fn validate(&self) -> Validation {
        if self.items.is_empty() {
            return Err(ValidationError::new("items", "must have at least one item"));
        }
        if self.items.len() > MAX_THINGS_TO_KNOW {
            return Err(ValidationError::new(
                "items",
                format!(
                    "at most {MAX_THINGS_TO_KNOW} things to know (has {})",
                    self.items.len()
                ),
            ));
        }
        for (i, item) in self.items.iter().enumerate() {
            required_text(&format!("items[{i}]"), item, THING_TO_KNOW_CHARS)?;
        }
        Ok(())
    }
}

/// What matters to my health and wellbeing now. One per record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyHistory {
    /// At most 2,000 characters.
    pub text: String,
}

impl MyHistory {
    /// Checks the length.
    pub fn validate(&self) -> Validation {
        required_text("text", &self.text, HISTORY_CHARS)
    }
}

/// Something in the way of a goal, and how to get past it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Barrier {
    /// What is in the way.
    pub barrier: String,
    /// How to overcome it.
    #[serde(default)]
    pub how_to_overcome: Option<String>,
}

/// Where a goal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    /// Working on it (counts towards the five).
    #[default]
    Active,
    /// Done.
    Achieved,
    /// Put aside.
    Paused,
}

/// A goal for my future ("lose weight", "find better housing").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// The goal in the person's words.
    pub goal: String,
    /// What is in the way and how to overcome it.
    #[serde(default)]
    pub barriers: Vec<Barrier>,
    /// Active, achieved or paused.
    #[serde(default)]
    pub status: GoalStatus,
    /// When the person wants to get there.
    #[serde(default)]
    pub target_date: Option<NaiveDate>,
    /// Community support that helps (signposting), e.g. a service directory link.
    #[serde(default)]
    pub support: Option<String>,
}

impl Goal {
    /// Checks every field (the five-active-goals limit is checked by the store, which
    /// sees the other goals).
    pub fn validate(&self) -> Validation {
        required_text("goal", &self.goal, 280)?;
        if self.barriers.len() > 10 {
            return Err(ValidationError::new("barriers", "at most 10 barriers"));
        }
        for (i, b) in self.barriers.iter().enumerate() {
            required_text(&format!("barriers[{i}].barrier"), &b.barrier, 280)?;
            optional_text(
                &format!("barriers[{i}].how_to_overcome"),
                &b.how_to_overcome,
                280,
            )?;
        }
        optional_text("support", &self.support, SHORT_TEXT)
    }
}

/// How someone is part of the person's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    /// Cares for me.
    CaresForMe,
    /// I care for them.
    ICareFor,
    /// Family.
    Family,
    /// A friend.
    Friend,
    /// A professional (social worker, community nurse ...).
    Professional,
    /// An organisation (a charity, a support group).
    Organisation,
    /// A volunteer.
    Volunteer,
    /// An animal (a dog that keeps me out of hospital, a therapy dog).
    Animal,
}

/// Someone (or some animal) in the person's life.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonInMyLife {
    /// Their name.
    pub name: String,
    /// How they are part of my life.
    pub relationship: Relationship,
    /// What they do for me or what I do for them, or what kind of animal.
    #[serde(default)]
    pub role: Option<String>,
    /// How to reach them.
    #[serde(default)]
    pub contact: Option<String>,
    /// Anything else (e.g. "who looks after my dog if I go into hospital").
    #[serde(default)]
    pub notes: Option<String>,
}

impl PersonInMyLife {
    /// Checks every field.
    pub fn validate(&self) -> Validation {
        required_text("name", &self.name, SHORT_TEXT)?;
        optional_text("role", &self.role, SHORT_TEXT)?;
        optional_text("contact", &self.contact, SHORT_TEXT)?;
        optional_text("notes", &self.notes, NOTE_TEXT)
    }
}

/// How the person prefers to be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactMethod {
    /// Phone call.
    Phone,
    /// Text message.
    Text,
    /// Email.
    Email,
    /// Letter.
    Letter,
    /// In person.
    InPerson,
}

/// Ways to reach someone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ContactPoints {
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Postal address.
    #[serde(default)]
    pub address: Option<String>,
}

impl ContactPoints {
    fn validate(&self) -> Validation {
        if let Some(phone) = &self.phone {
            let digits = phone.chars().filter(char::is_ascii_digit).count();
            let allowed = phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +-()".contains(c));
            if !allowed || !(7..=15).contains(&digits) {
                // E.164 allows at most 15 digits; UK numbers have 10 or 11.
                return Err(ValidationError::new(
                    "phone",
                    format!("'{phone}' is not a phone number"),
                ));
            }
        }
        if let Some(email) = &self.email {
            let ok = email
                .split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
                && !email.contains(char::is_whitespace);
            if !ok {
                return Err(ValidationError::new(
                    "email",
                    format!("'{email}' is not an email address"),
                ));
            }
            max_chars("email", email, SHORT_TEXT)?;
        }
        optional_text("address", &self.address, 500)
    }

    fn is_empty(&self) -> bool {
        self.phone.is_none() && self.email.is_none() && self.address.is_none()
    }
}

/// The person's own contact details. One per record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyContactDetails {
    /// Phone, email, address.
    #[serde(flatten)]
    pub points: ContactPoints,
    /// How they prefer to be contacted.
    #[serde(default)]
    pub preferred_method: Option<ContactMethod>,
}

impl MyContactDetails {
    /// Checks every field, and that the preferred method has details to use.
    pub fn validate(&self) -> Validation {
        self.points.validate()?;
        let has = |m: ContactMethod| match m {
            ContactMethod::Phone | ContactMethod::Text => self.points.phone.is_some(),
            ContactMethod::Email => self.points.email.is_some(),
            ContactMethod::Letter => self.points.address.is_some(),
            ContactMethod::InPerson => true,
        };
        if let Some(method) = self.preferred_method
            && !has(method)
        {
            return Err(ValidationError::new(
                "preferred_method",
                "needs the matching phone, email or address",
            ));
        }
        Ok(())
    }
}

/// Why a contact is in the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactRole {
    /// My GP (practice).
    Gp,
    /// Next of kin.
    NextOfKin,
    /// Someone to call in an emergency.
    EmergencyContact,
}

/// A contact: my GP, next of kin, an emergency contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// GP, next of kin or emergency contact.
    pub role: ContactRole,
    /// Their name (or the practice's).
    pub name: String,
    /// How they are related to me, for next of kin and emergency contacts.
    #[serde(default)]
    pub relationship: Option<String>,
    /// Ways to reach them.
    #[serde(flatten)]
    pub points: ContactPoints,
    /// ODS code of a GP practice, when known.
    #[serde(default)]
    pub ods_code: Option<String>,
}

impl Contact {
    /// Checks every field; a contact needs at least one way to reach them.
    pub fn validate(&self) -> Validation {
        required_text("name", &self.name, SHORT_TEXT)?;
        optional_text("relationship", &self.relationship, SHORT_TEXT)?;
        self.points.validate()?;
        if self.points.is_empty() {
            return Err(ValidationError::new(
                "phone",
                "a contact needs a phone number, email or address",
            ));
        }
        if let Some(ods) = &self.ods_code
            && (ods.len() < 3 || ods.len() > 10 || !ods.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            return Err(ValidationError::new("ods_code", "is not an ODS code"));
        }
        Ok(())
    }
}

/// The person's organ donation decision (NHS Organ Donor Register choices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganDonationDecision {
    /// I want to donate.
    Donate,
    /// I do not want to donate.
    DoNotDonate,
    /// Someone I nominate will decide.
    NominatedRepresentative,
    /// Not decided yet.
    Undecided,
}

/// Organ donation wishes. One per record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganDonation {
    /// The decision.
    pub decision: OrganDonationDecision,
    /// Which organs and tissue, when only some.
    #[serde(default)]
    pub organs: Vec<String>,
    /// Whether it is on the NHS Organ Donor Register.
    #[serde(default)]
    pub registered: bool,
    /// Faith or beliefs to respect, and anything else.
    #[serde(default)]
    pub notes: Option<String>,
}

impl OrganDonation {
    /// Checks every field.
    pub fn validate(&self) -> Validation {
        for (i, organ) in self.organs.iter().enumerate() {
            required_text(&format!("organs[{i}]"), organ, 100)?;
        }
        if self.decision == OrganDonationDecision::DoNotDonate && !self.organs.is_empty() {
            return Err(ValidationError::new(
                "organs",
                "must be empty when the decision is not to donate",
            ));
        }
        optional_text("notes", &self.notes, NOTE_TEXT)
    }
}

/// Kinds of other treatment and services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TreatmentKind {
    /// Private physiotherapy.
    Physiotherapy,
    /// Counselling or talking therapy.
    Counselling,
    /// A support group.
    SupportGroup,
    /// Acupuncture and other complementary therapy.
    Complementary,
    /// Anything else.
    Other,
}

/// Other treatment and services the person uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OtherTreatment {
    /// What it is.
    pub name: String,
    /// What kind.
    pub category: TreatmentKind,
    /// Who provides it.
    #[serde(default)]
    pub provider: Option<String>,
    /// How often, e.g. "weekly".
    #[serde(default)]
    pub frequency: Option<String>,
    /// Anything else.
    #[serde(default)]
    pub notes: Option<String>,
}

impl OtherTreatment {
    /// Checks every field.
    pub fn validate(&self) -> Validation {
        required_text("name", &self.name, SHORT_TEXT)?;
        optional_text("provider", &self.provider, SHORT_TEXT)?;
        optional_text("frequency", &self.frequency, 100)?;
        optional_text("notes", &self.notes, NOTE_TEXT)
    }
}
