//! "About me" entry bodies, in the person's own words, mirroring
//! `phr_core::model::about_me`.

use phr_core::model::{
    Barrier as CoreBarrier, Contact as CoreContact, ContactMethod as CoreContactMethod,
    ContactPoints as CoreContactPoints, ContactRole as CoreContactRole, Goal as CoreGoal,
    GoalStatus as CoreGoalStatus, MyContactDetails as CoreMyContactDetails,
    MyHistory as CoreMyHistory, OrganDonation as CoreOrganDonation,
    OrganDonationDecision as CoreOrganDonationDecision, OtherTreatment as CoreOtherTreatment,
    PersonInMyLife as CorePersonInMyLife, Relationship as CoreRelationship,
    ThingsToKnow as CoreThingsToKnow, TreatmentKind as CoreTreatmentKind, ValidationError,
};

use crate::mirror::mirror_enum;
use crate::time::{date_text, optional_date_from};

/// Three short statements everyone who helps me should know. One per record.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ThingsToKnow {
    /// At most three, each at most 140 characters.
    pub items: Vec<String>,
}

impl From<CoreThingsToKnow> for ThingsToKnow {
    fn from(x: CoreThingsToKnow) -> Self {
        Self { items: x.items }
    }
}

impl TryFrom<ThingsToKnow> for CoreThingsToKnow {
    type Error = ValidationError;
    fn try_from(x: ThingsToKnow) -> Result<Self, Self::Error> {
        Ok(Self { items: x.items })
    }
}

/// What matters to my health and wellbeing now. One per record.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MyHistory {
    /// At most 2,000 characters.
    pub text: String,
}

impl From<CoreMyHistory> for MyHistory {
    fn from(x: CoreMyHistory) -> Self {
        Self { text: x.text }
    }
}

impl TryFrom<MyHistory> for CoreMyHistory {
    type Error = ValidationError;
    fn try_from(x: MyHistory) -> Result<Self, Self::Error> {
        Ok(Self { text: x.text })
    }
}

/// Something in the way of a goal, and how to get past it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Barrier {
    /// What is in the way.
    pub barrier: String,
    /// How to overcome it.
    #[uniffi(default)]
    pub how_to_overcome: Option<String>,
}

mirror_enum! {
    /// Where a goal stands.
    pub enum GoalStatus mirrors CoreGoalStatus {
        /// Working on it (at most five goals are active at once).
        Active,
        /// Done.
        Achieved,
        /// Put aside.
        Paused,
    }
}

/// A goal for my future ("lose weight", "find better housing").
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Goal {
    /// The goal in the person's words.
    pub goal: String,
    /// Active, achieved or paused.
    pub status: GoalStatus,
    /// What is in the way and how to overcome it.
    #[uniffi(default)]
    pub barriers: Vec<Barrier>,
    /// When the person wants to get there, `YYYY-MM-DD`.
    #[uniffi(default)]
    pub target_date: Option<String>,
    /// Community support that helps (signposting).
    #[uniffi(default)]
    pub support: Option<String>,
}

impl From<CoreGoal> for Goal {
    fn from(x: CoreGoal) -> Self {
        Self {
            goal: x.goal,
            status: x.status.into(),
            barriers: x
                .barriers
                .into_iter()
                .map(|b| Barrier {
                    barrier: b.barrier,
                    how_to_overcome: b.how_to_overcome,
                })
                .collect(),
            target_date: x.target_date.map(date_text),
            support: x.support,
        }
    }
}

impl TryFrom<Goal> for CoreGoal {
    type Error = ValidationError;
    fn try_from(x: Goal) -> Result<Self, Self::Error> {
        Ok(Self {
            goal: x.goal,
            status: x.status.into(),
            barriers: x
                .barriers
                .into_iter()
                .map(|b| CoreBarrier {
                    barrier: b.barrier,
                    how_to_overcome: b.how_to_overcome,
                })
                .collect(),
            target_date: optional_date_from("target_date", x.target_date)?,
            support: x.support,
        })
    }
}

mirror_enum! {
    /// How someone is part of the person's life.
    pub enum Relationship mirrors CoreRelationship {
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
        /// An animal (a dog that keeps me out of hospital).
        Animal,
    }
}

/// Someone (or some animal) in the person's life.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PersonInMyLife {
    /// Their name.
    pub name: String,
    /// How they are part of my life.
    pub relationship: Relationship,
    /// What they do for me or what I do for them, or what kind of animal.
    #[uniffi(default)]
    pub role: Option<String>,
    /// How to reach them.
    #[uniffi(default)]
    pub contact: Option<String>,
    /// Anything else.
    #[uniffi(default)]
    pub notes: Option<String>,
}

impl From<CorePersonInMyLife> for PersonInMyLife {
    fn from(x: CorePersonInMyLife) -> Self {
        Self {
            name: x.name,
            relationship: x.relationship.into(),
            role: x.role,
            contact: x.contact,
            notes: x.notes,
        }
    }
}

impl TryFrom<PersonInMyLife> for CorePersonInMyLife {
    type Error = ValidationError;
    fn try_from(x: PersonInMyLife) -> Result<Self, Self::Error> {
        Ok(Self {
            name: x.name,
            relationship: x.relationship.into(),
            role: x.role,
            contact: x.contact,
            notes: x.notes,
        })
    }
}

mirror_enum! {
    /// How the person prefers to be contacted.
    pub enum ContactMethod mirrors CoreContactMethod {
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
}

/// The person's own contact details. One per record.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MyContactDetails {
    /// Phone number.
    #[uniffi(default)]
    pub phone: Option<String>,
    /// Email address.
    #[uniffi(default)]
    pub email: Option<String>,
    /// Postal address.
    #[uniffi(default)]
    pub address: Option<String>,
    /// How they prefer to be contacted (needs the matching detail).
    #[uniffi(default)]
    pub preferred_method: Option<ContactMethod>,
}

impl From<CoreMyContactDetails> for MyContactDetails {
    fn from(x: CoreMyContactDetails) -> Self {
        Self {
            phone: x.points.phone,
            email: x.points.email,
            address: x.points.address,
            preferred_method: x.preferred_method.map(Into::into),
        }
    }
}

impl TryFrom<MyContactDetails> for CoreMyContactDetails {
    type Error = ValidationError;
    fn try_from(x: MyContactDetails) -> Result<Self, Self::Error> {
        Ok(Self {
            points: CoreContactPoints {
                phone: x.phone,
                email: x.email,
                address: x.address,
            },
            preferred_method: x.preferred_method.map(Into::into),
        })
    }
}

mirror_enum! {
    /// Why a contact is in the record.
    pub enum ContactRole mirrors CoreContactRole {
        /// My GP (practice).
        Gp,
        /// Next of kin.
        NextOfKin,
        /// Someone to call in an emergency.
        EmergencyContact,
    }
}

/// A contact: my GP, next of kin, an emergency contact. Needs at least one of phone,
/// email or address.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Contact {
    /// GP, next of kin or emergency contact.
    pub role: ContactRole,
    /// Their name (or the practice's).
    pub name: String,
    /// How they are related to me.
    #[uniffi(default)]
    pub relationship: Option<String>,
    /// Phone number.
    #[uniffi(default)]
    pub phone: Option<String>,
    /// Email address.
    #[uniffi(default)]
    pub email: Option<String>,
    /// Postal address.
    #[uniffi(default)]
    pub address: Option<String>,
    /// ODS code of a GP practice, when known.
    #[uniffi(default)]
    pub ods_code: Option<String>,
}

impl From<CoreContact> for Contact {
    fn from(x: CoreContact) -> Self {
        Self {
            role: x.role.into(),
            name: x.name,
            relationship: x.relationship,
            phone: x.points.phone,
            email: x.points.email,
            address: x.points.address,
            ods_code: x.ods_code,
        }
    }
}

impl TryFrom<Contact> for CoreContact {
    type Error = ValidationError;
    fn try_from(x: Contact) -> Result<Self, Self::Error> {
        Ok(Self {
            role: x.role.into(),
            name: x.name,
            relationship: x.relationship,
            points: CoreContactPoints {
                phone: x.phone,
                email: x.email,
                address: x.address,
            },
            ods_code: x.ods_code,
        })
    }
}

mirror_enum! {
    /// The person's organ donation decision (NHS Organ Donor Register choices).
    pub enum OrganDonationDecision mirrors CoreOrganDonationDecision {
        /// I want to donate.
        Donate,
        /// I do not want to donate.
        DoNotDonate,
        /// Someone I nominate will decide.
        NominatedRepresentative,
        /// Not decided yet.
        Undecided,
    }
}

/// Organ donation wishes. One per record.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OrganDonation {
    /// The decision.
    pub decision: OrganDonationDecision,
    /// Which organs and tissue, when only some.
    #[uniffi(default)]
    pub organs: Vec<String>,
    /// Whether it is on the NHS Organ Donor Register.
    #[uniffi(default = false)]
    pub registered: bool,
    /// Faith or beliefs to respect, and anything else.
    #[uniffi(default)]
    pub notes: Option<String>,
}

impl From<CoreOrganDonation> for OrganDonation {
    fn from(x: CoreOrganDonation) -> Self {
        Self {
            decision: x.decision.into(),
            organs: x.organs,
            registered: x.registered,
            notes: x.notes,
        }
    }
}

impl TryFrom<OrganDonation> for CoreOrganDonation {
    type Error = ValidationError;
    fn try_from(x: OrganDonation) -> Result<Self, Self::Error> {
        Ok(Self {
            decision: x.decision.into(),
            organs: x.organs,
            registered: x.registered,
            notes: x.notes,
        })
    }
}

mirror_enum! {
    /// Kinds of other treatment and services.
    pub enum TreatmentKind mirrors CoreTreatmentKind {
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
}

/// Other treatment and services the person uses.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OtherTreatment {
    /// What it is.
    pub name: String,
    /// What kind.
    pub category: TreatmentKind,
    /// Who provides it.
    #[uniffi(default)]
    pub provider: Option<String>,
    /// How often, e.g. "weekly".
    #[uniffi(default)]
    pub frequency: Option<String>,
    /// Anything else.
    #[uniffi(default)]
    pub notes: Option<String>,
}

impl From<CoreOtherTreatment> for OtherTreatment {
    fn from(x: CoreOtherTreatment) -> Self {
        Self {
            name: x.name,
            category: x.category.into(),
            provider: x.provider,
            frequency: x.frequency,
            notes: x.notes,
        }
    }
}

impl TryFrom<OtherTreatment> for CoreOtherTreatment {
    type Error = ValidationError;
    fn try_from(x: OtherTreatment) -> Result<Self, Self::Error> {
        Ok(Self {
            name: x.name,
            category: x.category.into(),
            provider: x.provider,
            frequency: x.frequency,
            notes: x.notes,
        })
    }
}
