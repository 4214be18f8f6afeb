//! Entries as uniffi sees the core's own types (remote definitions: uniffi writes the
//! Kotlin and Swift types and the conversion; nothing is copied by hand). The field
//! documentation is on the core's types.

use phr_core::api::{
    ChangeOp, ChangesPage, EntriesCursor, EntriesPage, EntryChange, EntryFilter, EntryView,
    NewEntryOptions,
};
use phr_core::model::{
    Author, Coding, Entry, EntryBody, EntryId, EntryKind, EntryMeta, FieldSpec, FieldType,
    ModuleInstance, Provenance, Reading, Viewer, Visibility, *,
};

use super::custom::{JsonText, UtcTime};

/// A section of the record. (`RecordSection`, not `Section`: SwiftUI has one.)
pub type RecordSection = phr_core::model::Section;

/// The kinds of entry.
#[uniffi::remote(Enum)]
pub enum EntryKind {
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
}

/// The content of an entry: one variant per kind.
#[uniffi::remote(Enum)]
pub enum EntryBody {
    Identity(Identity),
    Condition(Condition),
    Allergy(Allergy),
    Vaccination(Vaccination),
    Medication(Medication),
    SocialPrescription(SocialPrescription),
    TestResult(TestResult),
    ThingsToKnow(ThingsToKnow),
    MyHistory(MyHistory),
    Goal(Goal),
    PersonInMyLife(PersonInMyLife),
    MyContactDetails(MyContactDetails),
    Contact(Contact),
    OrganDonation(OrganDonation),
    OtherTreatment(OtherTreatment),
    Appointment(Appointment),
    Module(ModuleInstance),
}

/// The sections of the record (product brief, "The record").
#[uniffi::remote(Enum)]
pub enum RecordSection {
    Health,
    AboutMe,
    Appointments,
    Modules,
}

/// A stored entry.
#[uniffi::remote(Record)]
pub struct Entry {
    pub meta: EntryMeta,
    pub body: EntryBody,
}

/// The metadata every entry carries.
#[uniffi::remote(Record)]
pub struct EntryMeta {
    pub id: EntryId,
    pub created_at: UtcTime,
    pub updated_at: UtcTime,
    pub provenance: Provenance,
    pub visibility: Visibility,
    pub author: Author,
    pub version: u32,
    #[uniffi(default)]
    pub deleted_at: Option<UtcTime>,
}

/// Who may see an entry besides the person.
#[uniffi::remote(Enum)]
pub enum Visibility {
    Private,
    Shared,
    Emergency,
}

/// Where an entry came from, so a professional can judge how far to trust it.
#[uniffi::remote(Enum)]
pub enum Provenance {
    SelfEntered,
    Imported {
        system: String,
        resource_id: String,
        version: Option<String>,
        mapping_version: Option<u32>,
        raw: Option<JsonText>,
    },
    Device {
        device_id: String,
    },
}

/// Who wrote an entry.
#[uniffi::remote(Enum)]
pub enum Author {
    Person,
    Delegate { grant_id: String, name: String },
}

/// Who is looking at the record.
#[uniffi::remote(Enum)]
pub enum Viewer {
    Person,
    Shared,
    Emergency,
}

/// Which entries to list.
#[uniffi::remote(Record)]
pub struct EntryFilter {
    #[uniffi(default)]
    pub kind: Option<EntryKind>,
    #[uniffi(default)]
    pub section: Option<RecordSection>,
    #[uniffi(default = false)]
    pub include_deleted: bool,
}

/// Where a page of entries ends (entries are listed in the order they were written).
#[uniffi::remote(Record)]
pub struct EntriesCursor {
    pub after: i64,
}

/// A page of entries.
#[uniffi::remote(Record)]
pub struct EntriesPage {
    #[uniffi(default)]
    pub entries: Vec<Entry>,
    #[uniffi(default)]
    pub next: Option<EntriesCursor>,
}

/// What a change did.
#[uniffi::remote(Enum)]
pub enum ChangeOp {
    Create,
    Update,
    Privacy,
    Delete,
    Undo,
}

/// One change to an entry.
#[uniffi::remote(Record)]
pub struct EntryChange {
    pub seq: i64,
    pub entry_id: EntryId,
    pub op: ChangeOp,
    pub at: UtcTime,
    pub author: Author,
    #[uniffi(default)]
    pub before: Option<Entry>,
    #[uniffi(default)]
    pub after: Option<Entry>,
}

/// How a new entry is written.
#[uniffi::remote(Record)]
pub struct NewEntryOptions {
    pub visibility: Visibility,
    pub provenance: Provenance,
    pub author: Author,
}

/// An entry as a screen shows it.
#[uniffi::remote(Record)]
pub struct EntryView {
    pub entry: Entry,
    pub kind: EntryKind,
    pub section: RecordSection,
    pub summary: String,
    #[uniffi(default)]
    pub module: Option<ModuleView>,
}

/// A page of the changes feed.
#[uniffi::remote(Record)]
pub struct ChangesPage {
    #[uniffi(default)]
    pub entries_upserted: Vec<Entry>,
    #[uniffi(default)]
    pub entries_removed: Vec<EntryId>,
    #[uniffi(default)]
    pub readings_upserted: Vec<Reading>,
    #[uniffi(default)]
    pub readings_removed: Vec<i64>,
    pub next_token: String,
    pub has_more: bool,
}

/// What kind of value a field takes.
#[uniffi::remote(Enum)]
pub enum FieldType {
    Text {
        max_chars: u32,
    },
    Number,
    WholeNumber {
        min: u32,
        max: u32,
    },
    Date,
    DateTime,
    YesNo,
    Choice {
        values: Vec<String>,
    },
    NhsNumber,
    Coding,
    ListOf {
        item: Box<FieldType>,
        max_items: u32,
    },
    Group,
}

/// One field of an entry kind.
#[uniffi::remote(Record)]
pub struct FieldSpec {
    pub path: String,
    pub kind: FieldType,
    pub required: bool,
    pub help: String,
}

/// A code from a code system, as in FHIR `Coding`.
#[uniffi::remote(Record)]
pub struct Coding {
    pub system: String,
    pub code: String,
    #[uniffi(default)]
    pub display: Option<String>,
}
