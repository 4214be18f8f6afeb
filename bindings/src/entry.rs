//! Entries: metadata, the body (one variant per entry kind), privacy, viewers, filters
//! and history, mirroring `phr_core::model::{entry, meta, viewer}` and the store's
//! filter and history types.

use std::time::SystemTime;

use phr_core::model::{
    Author as CoreAuthor, Entry as CoreEntry, EntryBody as CoreEntryBody,
    EntryKind as CoreEntryKind, EntryMeta as CoreEntryMeta, Provenance as CoreProvenance,
    Section as CoreSection, ValidationError, Viewer as CoreViewer, Visibility as CoreVisibility,
};
use phr_core::store::{
    ChangeOp as CoreChangeOp, ChangesPage as CoreChangesPage, EntryChange as CoreEntryChange,
    EntryFilter as CoreEntryFilter, NewEntryOptions as CoreNewEntryOptions,
};

use crate::about_me::{
    Contact, Goal, MyContactDetails, MyHistory, OrganDonation, OtherTreatment, PersonInMyLife,
    ThingsToKnow,
};
use crate::appointment::Appointment;
use crate::health::{
    Allergy, Condition, Identity, Medication, SocialPrescription, TestResult, Vaccination,
};
use crate::mirror::mirror_enum;
use crate::modules::ModuleInstance;
use crate::time::instant;

mirror_enum! {
    /// Who may see an entry or reading besides the person.
    pub enum Visibility mirrors CoreVisibility {
        /// Only the person. For anyone else it does not exist.
        Private,
        /// People the person granted access to.
        Shared,
        /// Shared, and part of the emergency summary.
        Emergency,
    }
}

mirror_enum! {
    /// Who is reading: every read takes one, and privacy is enforced by the core.
    pub enum Viewer mirrors CoreViewer {
        /// The person: sees everything.
        Person,
        /// Someone the person shared with: shared and emergency entries only.
        Shared,
        /// The emergency profile: emergency entries only.
        Emergency,
    }
}

mirror_enum! {
    /// The sections of the record.
    pub enum RecordSection mirrors CoreSection {
        /// About my health.
        Health,
        /// About me.
        AboutMe,
        /// Appointments.
        Appointments,
        /// Optional modules.
        Modules,
    }
}

mirror_enum! {
    /// The kind of an entry (one per `EntryBody` variant).
    pub enum EntryKind mirrors CoreEntryKind {
        /// Identity and NHS number (one per record).
        Identity,
        /// Conditions and significant surgeries.
        Condition,
        /// Allergies.
        Allergy,
        /// Vaccinations.
        Vaccination,
        /// Medications.
        Medication,
        /// Social prescriptions.
        SocialPrescription,
        /// Test results.
        TestResult,
        /// Three things to know about me (one per record).
        ThingsToKnow,
        /// My history (one per record).
        MyHistory,
        /// My future: goals.
        Goal,
        /// People in my life.
        PersonInMyLife,
        /// My contact details (one per record).
        MyContactDetails,
        /// GP, next of kin and emergency contacts.
        Contact,
        /// Organ donation wishes (one per record).
        OrganDonation,
        /// Other treatment and services.
        OtherTreatment,
        /// Appointments.
        Appointment,
        /// Modules.
        Module,
    }
}

/// Where an entry came from, so a professional can judge how far to trust it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Provenance {
    /// Typed in by the person (or by someone with write access).
    SelfEntered,
    /// Imported from a professional system.
    Imported {
        /// The system it came from.
        system: String,
        /// The resource's id in that system.
        resource_id: String,
    },
    /// Measured by a device.
    Device {
        /// The device's stable identity.
        device_id: String,
    },
}

impl From<CoreProvenance> for Provenance {
    fn from(p: CoreProvenance) -> Self {
        match p {
            CoreProvenance::SelfEntered => Self::SelfEntered,
            CoreProvenance::Imported {
                system,
                resource_id,
            } => Self::Imported {
                system,
                resource_id,
            },
            CoreProvenance::Device { device_id } => Self::Device { device_id },
        }
    }
}

impl From<Provenance> for CoreProvenance {
    fn from(p: Provenance) -> Self {
        match p {
            Provenance::SelfEntered => Self::SelfEntered,
            Provenance::Imported {
                system,
                resource_id,
            } => Self::Imported {
                system,
                resource_id,
            },
            Provenance::Device { device_id } => Self::Device { device_id },
        }
    }
}

/// Who wrote an entry.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Author {
    /// The person whose record it is.
    Person,
    /// Someone the person granted write access (a carer, a support worker).
    Delegate {
        /// The grant under which they wrote.
        grant_id: String,
        /// Their name as the person knows them.
        name: String,
    },
}

impl From<CoreAuthor> for Author {
    fn from(a: CoreAuthor) -> Self {
        match a {
            CoreAuthor::Person => Self::Person,
            CoreAuthor::Delegate { grant_id, name } => Self::Delegate { grant_id, name },
        }
    }
}

impl From<Author> for CoreAuthor {
    fn from(a: Author) -> Self {
        match a {
            Author::Person => Self::Person,
            Author::Delegate { grant_id, name } => Self::Delegate { grant_id, name },
        }
    }
}

/// The author of a write: the person unless a delegate is named.
pub(crate) fn author_or_person(author: Option<Author>) -> CoreAuthor {
    author.map(Into::into).unwrap_or_default()
}

/// The content of an entry: one variant per kind, each a typed record that both Kotlin
/// and Swift can fill field by field.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum EntryBody {
    /// Identity and NHS number.
    Identity(Identity),
    /// A condition or significant surgery.
    Condition(Condition),
    /// An allergy.
    Allergy(Allergy),
    /// A vaccination.
    Vaccination(Vaccination),
    /// A medication.
    Medication(Medication),
    /// A social prescription.
    SocialPrescription(SocialPrescription),
    /// A test result.
    TestResult(TestResult),
    /// Three things to know about me.
    ThingsToKnow(ThingsToKnow),
    /// My history.
    MyHistory(MyHistory),
    /// A goal.
    Goal(Goal),
    /// Someone in my life.
    PersonInMyLife(PersonInMyLife),
    /// My contact details.
    MyContactDetails(MyContactDetails),
    /// A contact (GP, next of kin, emergency contact).
    Contact(Contact),
    /// Organ donation wishes.
    OrganDonation(OrganDonation),
    /// Other treatment or service.
    OtherTreatment(OtherTreatment),
    /// An appointment.
    Appointment(Appointment),
    /// A module and its answers.
    Module(ModuleInstance),
}

/// Both directions of the `EntryBody` conversion, one line per kind.
macro_rules! entry_body_conversions {
    ($($variant:ident),+ $(,)?) => {
        impl From<CoreEntryBody> for EntryBody {
            fn from(body: CoreEntryBody) -> Self {
                match body {
                    $( CoreEntryBody::$variant(x) => Self::$variant(x.into()) ),+
                }
            }
        }

        impl TryFrom<EntryBody> for CoreEntryBody {
            type Error = ValidationError;
            fn try_from(body: EntryBody) -> Result<Self, Self::Error> {
                Ok(match body {
                    $( EntryBody::$variant(x) => Self::$variant(x.try_into()?) ),+
                })
            }
        }
    };
}

entry_body_conversions!(
    Identity,
    Condition,
    Allergy,
    Vaccination,
    Medication,
    SocialPrescription,
    TestResult,
    ThingsToKnow,
    MyHistory,
    Goal,
    PersonInMyLife,
    MyContactDetails,
    Contact,
    OrganDonation,
    OtherTreatment,
    Appointment,
    Module,
);

/// What every entry carries besides its content.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EntryMeta {
    /// Stable id (a UUID).
    pub id: String,
    /// When the entry was first written.
    pub created_at: SystemTime,
    /// When the entry last changed.
    pub updated_at: SystemTime,
    /// Where it came from.
    pub provenance: Provenance,
    /// Who may see it.
    pub visibility: Visibility,
    /// Who wrote it last.
    pub author: Author,
    /// How many times it has been written (1 on creation).
    pub version: u32,
    /// When it was deleted; deleted entries are kept until the person purges them.
    pub deleted_at: Option<SystemTime>,
}

impl From<CoreEntryMeta> for EntryMeta {
    fn from(m: CoreEntryMeta) -> Self {
        Self {
            id: m.id.to_string(),
            created_at: instant(m.created_at),
            updated_at: instant(m.updated_at),
            provenance: m.provenance.into(),
            visibility: m.visibility.into(),
            author: m.author.into(),
            version: m.version,
            deleted_at: m.deleted_at.map(instant),
        }
    }
}

/// A stored entry, with what a list needs to show it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Entry {
    /// Id, times, provenance, visibility, author.
    pub meta: EntryMeta,
    /// Its kind.
    pub kind: EntryKind,
    /// The section it belongs to.
    pub section: RecordSection,
    /// The core's one-line summary for lists ("Penicillin: hives (severe)").
    pub summary: String,
    /// The content.
    pub body: EntryBody,
}

impl From<CoreEntry> for Entry {
    fn from(e: CoreEntry) -> Self {
        let kind = e.kind();
        Self {
            kind: kind.into(),
            section: kind.section().into(),
            summary: e.body.summary(),
            meta: e.meta.into(),
            body: e.body.into(),
        }
    }
}

/// How a new entry is written.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewEntryOptions {
    /// Who may see it.
    pub visibility: Visibility,
    /// Where it came from; typed in by the person when not given.
    #[uniffi(default)]
    pub provenance: Option<Provenance>,
    /// Who wrote it; the person when not given.
    #[uniffi(default)]
    pub author: Option<Author>,
}

impl From<NewEntryOptions> for CoreNewEntryOptions {
    fn from(o: NewEntryOptions) -> Self {
        Self {
            visibility: o.visibility.into(),
            provenance: o.provenance.map(Into::into).unwrap_or_default(),
            author: author_or_person(o.author),
        }
    }
}

/// A body and how to write it, for adding several entries at once.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewEntry {
    /// The content.
    pub body: EntryBody,
    /// Visibility, provenance, author.
    pub options: NewEntryOptions,
}

/// Which entries to list.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EntryFilter {
    /// Only this kind.
    #[uniffi(default)]
    pub kind: Option<EntryKind>,
    /// Only this section.
    #[uniffi(default)]
    pub section: Option<RecordSection>,
    /// Include deleted entries (only ever for the person).
    #[uniffi(default = false)]
    pub include_deleted: bool,
}

impl From<EntryFilter> for CoreEntryFilter {
    fn from(f: EntryFilter) -> Self {
        Self {
            kind: f.kind.map(Into::into),
            section: f.section.map(Into::into),
            include_deleted: f.include_deleted,
        }
    }
}

mirror_enum! {
    /// What a change to an entry did.
    pub enum ChangeOp mirrors CoreChangeOp {
        /// Created.
        Create,
        /// Content changed.
        Update,
        /// Visibility changed.
        Privacy,
        /// Deleted (softly).
        Delete,
        /// An earlier change was undone.
        Undo,
    }
}

/// One change to an entry, with the entry before and after.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct EntryChange {
    /// Position in the record's change sequence.
    pub seq: i64,
    /// The entry's id.
    pub entry_id: String,
    /// What happened.
    pub op: ChangeOp,
    /// When.
    pub at: SystemTime,
    /// Who.
    pub author: Author,
    /// The entry before (none for a create).
    pub before: Option<Entry>,
    /// The entry after.
    pub after: Option<Entry>,
}

impl From<CoreEntryChange> for EntryChange {
    fn from(c: CoreEntryChange) -> Self {
        Self {
            seq: c.seq,
            entry_id: c.entry_id.to_string(),
            op: c.op.into(),
            at: instant(c.at),
            author: c.author.into(),
            before: c.before.map(Into::into),
            after: c.after.map(Into::into),
        }
    }
}

/// A page of the changes feed (like Health Connect's changes token or HealthKit's
/// anchored query).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ChangesPage {
    /// Entries created or changed since the token, as they are now visible.
    pub upserted: Vec<Entry>,
    /// Ids of entries deleted (or no longer visible to the viewer) since the token.
    pub removed: Vec<String>,
    /// The token to pass next time.
    pub next_token: i64,
    /// Whether more changes wait beyond this page.
    pub has_more: bool,
}

impl From<CoreChangesPage> for ChangesPage {
    fn from(p: CoreChangesPage) -> Self {
        Self {
            upserted: p.upserted.into_iter().map(Into::into).collect(),
            removed: p.removed.iter().map(ToString::to_string).collect(),
            next_token: p.next_token,
            has_more: p.has_more,
        }
    }
}
