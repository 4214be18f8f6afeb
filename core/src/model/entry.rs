//! An entry: metadata plus a body of one of the entry kinds, grouped in sections.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use super::about_me::{
    Contact, Goal, MyContactDetails, MyHistory, OrganDonation, OtherTreatment, PersonInMyLife,
    ThingsToKnow,
};
use super::appointment::Appointment;
use super::error::{Validation, ValidationError};
use super::health::{
    Allergy, Condition, Identity, Medication, SocialPrescription, TestResult, Vaccination,
};
use super::meta::EntryMeta;
use super::modules::ModuleInstance;

/// The sections of the record (product brief, "The record").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// About my health.
    Health,
    /// About me.
    AboutMe,
    /// Appointments.
    Appointments,
    /// Optional modules.
    Modules,
}

impl Section {
    /// Every section, in display order.
    pub const ALL: [Section; 4] = [
        Self::Health,
        Self::AboutMe,
        Self::Appointments,
        Self::Modules,
    ];

    /// Name used in storage and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Health => "health",
            Self::AboutMe => "about_me",
            Self::Appointments => "appointments",
            Self::Modules => "modules",
        }
    }

    /// Heading shown to people.
    pub fn title(self) -> &'static str {
        match self {
            Self::Health => "About my health",
            Self::AboutMe => "About me",
            Self::Appointments => "Appointments",
            Self::Modules => "Modules",
        }
    }
}

impl FromStr for Section {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == wanted)
            .ok_or_else(|| {
                ValidationError::new(
                    "section",
                    format!("'{s}' is not a section (health, about_me, appointments, modules)"),
                )
            })
    }
}

macro_rules! entry_kinds {
    ($( $variant:ident($ty:ty) = $name:literal, $section:ident, $singleton:literal, $title:literal; )*) => {
        /// The kind of an entry.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum EntryKind {
            $(
                #[doc = $title]
                $variant,
            )*
        }

        impl EntryKind {
            /// Every kind, in display order.
            pub const ALL: &'static [EntryKind] = &[$(Self::$variant),*];

            /// Name used in storage and on the command line.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name,)* }
            }

            /// The section it belongs to.
            pub fn section(self) -> Section {
                match self { $(Self::$variant => Section::$section,)* }
            }

            /// Whether a record holds at most one live entry of this kind.
            pub fn is_singleton(self) -> bool {
                match self { $(Self::$variant => $singleton,)* }
            }

            /// Heading shown to people.
            pub fn title(self) -> &'static str {
                match self { $(Self::$variant => $title,)* }
            }
        }

        /// The content of an entry: one variant per kind.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        pub enum EntryBody {
            $(
                #[doc = $title]
                $variant($ty),
            )*
        }

        impl EntryBody {
            /// The kind of this body.
            pub fn kind(&self) -> EntryKind {
                match self { $(Self::$variant(_) => EntryKind::$variant,)* }
            }
        }
    };
}

entry_kinds! {
    Identity(Identity) = "identity", Health, true, "Identity and NHS number";
    Condition(Condition) = "condition", Health, false, "Conditions and significant surgeries";
    Allergy(Allergy) = "allergy", Health, false, "Allergies";
    Vaccination(Vaccination) = "vaccination", Health, false, "Vaccinations";
    Medication(Medication) = "medication", Health, false, "Medications";
    SocialPrescription(SocialPrescription) = "social_prescription", Health, false, "Social prescriptions";
    TestResult(TestResult) = "test_result", Health, false, "Test results";
    ThingsToKnow(ThingsToKnow) = "things_to_know", AboutMe, true, "Three things to know about me";
    MyHistory(MyHistory) = "my_history", AboutMe, true, "My history";
    Goal(Goal) = "goal", AboutMe, false, "My future: goals";
    PersonInMyLife(PersonInMyLife) = "person", AboutMe, false, "People in my life";
    MyContactDetails(MyContactDetails) = "my_contact_details", AboutMe, true, "My contact details";
    Contact(Contact) = "contact", AboutMe, false, "GP, next of kin and emergency contacts";
    OrganDonation(OrganDonation) = "organ_donation", AboutMe, true, "Organ donation wishes";
    OtherTreatment(OtherTreatment) = "other_treatment", AboutMe, false, "Other treatment and services";
    Appointment(Appointment) = "appointment", Appointments, false, "Appointments";
    Module(ModuleInstance) = "module", Modules, false, "Modules";
}

impl FromStr for EntryKind {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == wanted)
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|k| k.as_str()).collect();
                ValidationError::new(
                    "kind",
                    format!("'{s}' is not an entry kind ({})", names.join(", ")),
                )
            })
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl EntryBody {
    /// Checks the body on its own. Module answers are checked against their template by
    /// the store, which knows the templates; rules across entries (one identity, five
    /// active goals) are also the store's.
    pub fn validate(&self) -> Validation {
        match self {
            Self::Identity(x) => x.validate(),
            Self::Condition(x) => x.validate(),
            Self::Allergy(x) => x.validate(),
            Self::Vaccination(x) => x.validate(),
            Self::Medication(x) => x.validate(),
            Self::SocialPrescription(x) => x.validate(),
            Self::TestResult(x) => x.validate(),
            Self::ThingsToKnow(x) => x.validate(),
            Self::MyHistory(x) => x.validate(),
            Self::Goal(x) => x.validate(),
            Self::PersonInMyLife(x) => x.validate(),
            Self::MyContactDetails(x) => x.validate(),
            Self::Contact(x) => x.validate(),
            Self::OrganDonation(x) => x.validate(),
            Self::OtherTreatment(x) => x.validate(),
            Self::Appointment(x) => x.validate(),
            Self::Module(x) => match super::modules::builtin_template(&x.template_id) {
                Some(t) if t.version == x.template_version => x.validate(&t),
                _ => Ok(()),
            },
        }
    }
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Id, times, provenance, visibility, author.
    pub meta: EntryMeta,
    /// The content.
    pub body: EntryBody,
}

impl Entry {
    /// The kind of this entry.
    pub fn kind(&self) -> EntryKind {
        self.body.kind()
    }
}
