//! The acceptance scenario in Rust, through phr-ffi's own API as a Rust caller uses it:
//! create a record, fill every section, set privacy, sync 200 simulated glucose records
//! through the feed API, see the low-glucose alert, back up, restore, compare.
//!
//! The Rust twin of `tests/kotlin/tests/AcceptanceTest.kt` and
//! `tests/swift/Tests/PhrFFITests/AcceptanceTests.swift`: the same steps in the same
//! order, asserting the same results. Each step's comment is the comment the Kotlin and
//! Swift tests give that step, so the three can be read side by side.

mod support;

use std::collections::{HashMap, HashSet};
use std::error::Error;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use phr_ffi::about_me::{
    Barrier, Contact, ContactMethod, ContactRole, Goal, GoalStatus, MyContactDetails, MyHistory,
    OrganDonation, OrganDonationDecision, OtherTreatment, PersonInMyLife, Relationship,
    ThingsToKnow, TreatmentKind,
};
use phr_ffi::alerts::{
    HealthNotification, NotificationCategory, NotificationSeverity, NotificationState, RuleSetting,
};
use phr_ffi::appointment::{Appointment, AppointmentStatus, default_appointment_reminders};
use phr_ffi::clock::TimeSource;
use phr_ffi::devices::{DeviceSession, SyncListener, SyncSettings};
use phr_ffi::entry::{
    ChangeOp, Entry, EntryBody, EntryFilter, EntryKind, NewEntry, NewEntryOptions, RecordSection,
    Viewer, Visibility,
};
use phr_ffi::error::{AlertError, RecordError};
use phr_ffi::feed::{DeviceKind, SyncEnd};
use phr_ffi::health::{
    Allergy, Coding, Condition, ConditionKind, ConditionStatus, Identity, Medication,
    MedicationOrigin, MedicationStatus, ReactionSeverity, ReferenceRange, ResultValue,
    SocialPrescription, TestResult, Vaccination,
};
use phr_ffi::keys::generate_database_key;
use phr_ffi::modules::{AnswerValue, ModuleInstance};
use phr_ffi::reading::{
    NewReading, Reading, ReadingKind, ReadingQuery, ReadingSource, ReadingValue,
};
use phr_ffi::record::PersonHeldRecord;
use phr_ffi::requests::{Message, MessageState};
use phr_ffi::simulator::SimulatedDevice;
use support::{ClockFrom, MemoryKeyStore, ProgressLog, sync_one_connection};

type TestResultOf<T = ()> = Result<T, Box<dyn Error>>;

/// Kotlin `EntryFilter()`, Swift `EntryFilter()`: every live entry.
fn live_entries() -> EntryFilter {
    EntryFilter {
        kind: None,
        section: None,
        include_deleted: false,
    }
}

/// Every entry kind, as Kotlin's `EntryKind.entries` lists them.
const EVERY_KIND: [EntryKind; 17] = [
    EntryKind::Identity,
    EntryKind::Condition,
    EntryKind::Allergy,
    EntryKind::Vaccination,
    EntryKind::Medication,
    EntryKind::SocialPrescription,
    EntryKind::TestResult,
    EntryKind::ThingsToKnow,
    EntryKind::MyHistory,
    EntryKind::Goal,
    EntryKind::PersonInMyLife,
    EntryKind::MyContactDetails,
    EntryKind::Contact,
    EntryKind::OrganDonation,
    EntryKind::OtherTreatment,
    EntryKind::Appointment,
    EntryKind::Module,
];

/// Every section, as Kotlin's `RecordSection.entries` lists them.
const EVERY_SECTION: [RecordSection; 4] = [
    RecordSection::Health,
    RecordSection::AboutMe,
    RecordSection::Appointments,
    RecordSection::Modules,
];

fn text(s: &str) -> Option<String> {
    Some(s.to_string())
}

fn options(visibility: Visibility) -> NewEntryOptions {
    NewEntryOptions {
        visibility,
        provenance: None,
        author: None,
    }
}

/// One entry of every kind, each filled from its typed record: no JSON anywhere.
fn every_section() -> Vec<NewEntry> {
    let private = options(Visibility::Private);
    let shared = options(Visibility::Shared);
    let emergency = options(Visibility::Emergency);
    let entry = |body, options: &NewEntryOptions| NewEntry {
        body,
        options: options.clone(),
    };
    vec![
        entry(
            EntryBody::Identity(Identity {
                name: "Alex Morgan".into(),
                preferred_name: text("Alex"),
                date_of_birth: text("1968-04-02"),
                nhs_number: text("9434765919"),
                pronouns: text("they/them"),
            }),
            &emergency,
        ),
        entry(
            EntryBody::Condition(Condition {
                name: "Type 2 diabetes".into(),
                category: ConditionKind::Diagnosis,
                status: ConditionStatus::Active,
                code: Some(Coding {
                    system: "http://snomed.info/sct".into(),
                    code: "44054006".into(),
                    display: text("Diabetes mellitus type 2"),
                }),
                since: text("2019-06-01"),
                notes: None,
            }),
            &emergency,
        ),
        entry(
            EntryBody::Allergy(Allergy {
                substance: "Penicillin".into(),
                reaction: text("Hives"),
                severity: Some(ReactionSeverity::Severe),
                code: None,
                notes: None,
            }),
            &emergency,
        ),
        entry(
            EntryBody::Vaccination(Vaccination {
                vaccine: "Influenza (seasonal)".into(),
                date: "2025-10-14".into(),
                dose_number: Some(1),
                batch: None,
                given_by: text("High Street Pharmacy"),
                code: None,
            }),
            &shared,
        ),
        entry(
            EntryBody::Medication(Medication {
                name: "Metformin 500 mg tablets".into(),
                origin: MedicationOrigin::Prescribed,
                status: MedicationStatus::Taking,
                dose: text("1 tablet twice a day"),
                reason: text("Type 2 diabetes"),
                code: None,
            }),
            &emergency,
        ),
        entry(
            EntryBody::SocialPrescription(SocialPrescription {
                activity: "Walking group".into(),
                organisation: text("Parkside Community Centre"),
                referred_by: text("Link worker"),
                start: text("2026-01-12"),
                notes: None,
            }),
            &shared,
        ),
        entry(
            EntryBody::TestResult(TestResult {
                name: "HbA1c".into(),
                value: ResultValue::Quantity {
                    value: 53.0,
                    unit: "mmol/mol".into(),
                },
                date: "2025-12-01".into(),
                loinc: text("4548-4"),
                reference_range: Some(ReferenceRange {
                    low: Some(20.0),
                    high: Some(41.0),
                }),
                notes: None,
            }),
            &shared,
        ),
        entry(
            EntryBody::ThingsToKnow(ThingsToKnow {
                items: vec![
                    "I am deaf in my left ear".into(),
                    "I care for my mother".into(),
                    "Please explain things slowly".into(),
                ],
            }),
            &emergency,
        ),
        entry(
            EntryBody::MyHistory(MyHistory {
                text: "Type 2 diabetes since 2019, managed with metformin and walking.".into(),
            }),
            &private,
        ),
        entry(
            EntryBody::Goal(Goal {
                goal: "Walk 8,000 steps a day".into(),
                status: GoalStatus::Active,
                barriers: vec![Barrier {
                    barrier: "Knee pain".into(),
                    how_to_overcome: text("Physiotherapy exercises"),
                }],
                target_date: text("2026-06-30"),
                support: None,
            }),
            &private,
        ),
        entry(
            EntryBody::PersonInMyLife(PersonInMyLife {
                name: "Biscuit".into(),
                relationship: Relationship::Animal,
                role: text("Dog"),
                contact: None,
                notes: text("Sam looks after Biscuit if I go into hospital"),
            }),
            &private,
        ),
        entry(
            EntryBody::MyContactDetails(MyContactDetails {
                phone: text("07700 900123"),
                email: text("alex@example.org"),
                address: None,
                preferred_method: Some(ContactMethod::Text),
            }),
            &shared,
        ),
        entry(
            EntryBody::Contact(Contact {
                role: ContactRole::NextOfKin,
                name: "Sam Morgan".into(),
                relationship: text("Sibling"),
                phone: text("07700 900456"),
                email: None,
                address: None,
                ods_code: None,
            }),
            &emergency,
        ),
        entry(
            EntryBody::OrganDonation(OrganDonation {
                decision: OrganDonationDecision::Donate,
                organs: vec!["Kidneys".into(), "Corneas".into()],
                registered: true,
                notes: None,
            }),
            &emergency,
        ),
        entry(
            EntryBody::OtherTreatment(OtherTreatment {
                name: "Physiotherapy".into(),
                category: TreatmentKind::Physiotherapy,
                provider: text("Move Well Clinic"),
                frequency: text("weekly"),
                notes: None,
            }),
            &private,
        ),
        entry(
            EntryBody::Appointment(Appointment {
                title: "Diabetes review".into(),
                start: "2026-03-20T09:30:00+00:00".into(),
                status: AppointmentStatus::Booked,
                reminder_minutes_before: default_appointment_reminders(),
                duration_minutes: Some(20),
                with: text("Practice nurse"),
                location: text("Parkside Surgery"),
                notes: None,
            }),
            &shared,
        ),
        entry(
            EntryBody::Module(ModuleInstance {
                template_id: "gad-7".into(),
                template_version: 1,
                answers: (1..=7)
                    .map(|i| (format!("q{i}"), AnswerValue::Text("several_days".into())))
                    .collect(),
                completed_on: text("2026-03-01"),
            }),
            &private,
        ),
    ]
}

/// Everything a person can see in their record, to compare a restore with.
#[derive(Debug, PartialEq)]
struct Contents {
    entries: Vec<Entry>,
    readings: Vec<Reading>,
    notifications: Vec<HealthNotification>,
    messages: Vec<Message>,
}

fn contents(record: &PersonHeldRecord) -> TestResultOf<Contents> {
    Ok(Contents {
        entries: record.entries(
            EntryFilter {
                include_deleted: true,
                ..live_entries()
            },
            Viewer::Person,
        )?,
        readings: record.readings(
            ReadingQuery {
                kind: None,
                from: None,
                to: None,
                limit: None,
            },
            Viewer::Person,
        )?,
        notifications: record.notifications(true)?,
        messages: record.messages(None)?,
    })
}

/// Kotlin `aPersonFillsTheRecordSyncsAMeterSeesTheLowAlertAndRestoresABackup`, Swift
/// `testAPersonFillsTheRecordSyncsAMeterSeesTheLowAlertAndRestoresABackup`.
#[test]
fn a_person_fills_the_record_syncs_a_meter_sees_the_low_alert_and_restores_a_backup() -> TestResultOf
{
    let folder = tempfile::tempdir()?;
    let path = folder.path().join("alex.phr").display().to_string();
    let keys = Arc::new(MemoryKeyStore::default());
    // The record's day: just after the meter's last simulated record (8 March 2026).
    let now: SystemTime = chrono::DateTime::parse_from_rfc3339("2026-03-08T18:00:00Z")?.into();
    let clock = Arc::new(ClockFrom::new(now));

    // Create: a fresh key goes to the shell's key store, never to disk.
    let record =
        PersonHeldRecord::create_with_key_store(path.clone(), "alex".into(), keys.clone())?;
    record.set_time_source(clock.clone())?;
    assert_eq!(keys.stored("alex").map(|k| k.len()), Some(32));

    // Every section, every entry kind, in one transaction.
    let added = record.add_entries(every_section())?;
    assert_eq!(
        every_section()
            .into_iter()
            .map(|e| e.body)
            .collect::<Vec<_>>(),
        added.iter().map(|e| e.body.clone()).collect::<Vec<_>>()
    );
    assert_eq!(
        HashSet::from(EVERY_KIND),
        added.iter().map(|e| e.kind).collect::<HashSet<_>>()
    );
    assert_eq!(
        HashSet::from(EVERY_SECTION),
        added.iter().map(|e| e.section).collect::<HashSet<_>>()
    );
    let by_kind: HashMap<EntryKind, Entry> = added.iter().map(|e| (e.kind, e.clone())).collect();
    let id = |kind: EntryKind| by_kind[&kind].meta.id.clone();
    assert_eq!(
        "GAD-7 (anxiety): 7 (Mild anxiety)",
        by_kind[&EntryKind::Module].summary
    );
    assert!(
        by_kind[&EntryKind::TestResult]
            .summary
            .contains("out of range")
    );

    // Edit, with history.
    let medication = by_kind[&EntryKind::Medication].body.clone();
    let EntryBody::Medication(taken) = &medication else {
        panic!("not a medication: {medication:?}");
    };
    let edited = record.update_entry(
        id(EntryKind::Medication),
        EntryBody::Medication(Medication {
            dose: text("2 tablets twice a day"),
            ..taken.clone()
        }),
        None,
    )?;
    assert_eq!(2, edited.meta.version);
    let history = record.history(id(EntryKind::Medication))?;
    assert_eq!(
        vec![ChangeOp::Create, ChangeOp::Update],
        history.iter().map(|c| c.op).collect::<Vec<_>>()
    );
    assert_eq!(
        Some(&medication),
        history[1].before.as_ref().map(|e| &e.body)
    );

    // Privacy: each viewer sees only what the person chose to show.
    record.set_visibility(id(EntryKind::Goal), Visibility::Shared, None)?;
    let emergency_view = record.entries(live_entries(), Viewer::Emergency)?;
    assert_eq!(
        HashSet::from([
            EntryKind::Identity,
            EntryKind::Condition,
            EntryKind::Allergy,
            EntryKind::Medication,
            EntryKind::ThingsToKnow,
            EntryKind::Contact,
            EntryKind::OrganDonation,
        ]),
        emergency_view
            .iter()
            .map(|e| e.kind)
            .collect::<HashSet<_>>()
    );
    let shared_view: Vec<EntryKind> = record
        .entries(live_entries(), Viewer::Shared)?
        .iter()
        .map(|e| e.kind)
        .collect();
    assert!(shared_view.contains(&EntryKind::Goal));
    assert!(!shared_view.contains(&EntryKind::MyHistory));
    let hidden = record
        .entry(id(EntryKind::MyHistory), Viewer::Shared)
        .expect_err("a private entry is not found by a shared viewer");
    assert!(matches!(hidden, RecordError::NotFound { .. }), "{hidden:?}");

    // Delete and undo.
    record.delete_entry(id(EntryKind::SocialPrescription), None)?;
    assert_eq!(16, record.entries(live_entries(), Viewer::Person)?.len());
    let restored_entry = record.undo(id(EntryKind::SocialPrescription), None)?;
    assert_eq!(None, restored_entry.meta.deleted_at);
    assert_eq!(17, record.entries(live_entries(), Viewer::Person)?.len());

    // A kind held once refuses a second entry, naming the one to edit instead.
    let second = record
        .add_entry(
            EntryBody::Identity(Identity {
                name: "Someone Else".into(),
                preferred_name: None,
                date_of_birth: None,
                nhs_number: None,
                pronouns: None,
            }),
            options(Visibility::Private),
        )
        .expect_err("a second identity is refused");
    let RecordError::OnlyOneAllowed { existing_id, .. } = &second else {
        panic!("not OnlyOneAllowed: {second:?}");
    };
    assert_eq!(&id(EntryKind::Identity), existing_id);

    // A reading typed in.
    let bp = record.add_reading(NewReading {
        value: ReadingValue::BloodPressure {
            systolic_mmhg: 132.0,
            diastolic_mmhg: 84.0,
            mean_arterial_mmhg: None,
            pulse_per_min: Some(71.0),
        },
        taken_at: "2026-03-08T08:15:00+00:00".into(),
        source: ReadingSource::Manual,
        visibility: Visibility::Shared,
        flags: vec![],
        note: None,
        device: None,
        sequence_number: None,
        device_epoch: 0,
        received_at: None,
    })?;
    assert_eq!(ReadingKind::BloodPressure, bp.kind);
    assert_eq!("mm[Hg]", bp.unit);

    // The care team asks to hear about every low in the last 90 days when the meter
    // is first synced (the default is 48 hours): rules are data, changed by setting.
    let rule = record.change_rule(
        "glucose.low".into(),
        vec![RuleSetting {
            path: "max_age_hours".into(),
            value: (90 * 24).to_string(),
        }],
        None,
    )?;
    assert_eq!(2, rule.version);

    // Sync 200 records from the simulated meter through the feed API.
    let meter = SimulatedDevice::glucose_meter(200, vec![])?;
    let listener = Arc::new(ProgressLog::default());
    let session = DeviceSession::new(
        record.clone(),
        DeviceKind::GlucoseMeter,
        meter.peripheral_id(),
        SyncSettings {
            visibility: Visibility::Shared,
            utc_offset_minutes: Some(0),
        },
        meter.advertised_name(),
        Some(listener.clone() as Arc<dyn SyncListener>),
    )?;
    let end = sync_one_connection(&session, &meter)?;
    assert!(end.finished);
    let report = session.report()?;
    assert_eq!(200, report.added);
    assert_eq!(Some(SyncEnd::Complete), report.end);
    assert_eq!(
        Some("SIM-GLU-0001"),
        report.device.as_ref().map(|d| d.id.as_str())
    );
    assert_eq!(Some(200), listener.seen().iter().map(|p| p.received).max());
    assert_eq!(
        200,
        record.reading_count(Some(ReadingKind::BloodGlucose), Viewer::Person)?
    );

    // A second sync of the same meter adds nothing.
    let again = DeviceSession::new(
        record.clone(),
        DeviceKind::GlucoseMeter,
        meter.peripheral_id(),
        SyncSettings {
            visibility: Visibility::Shared,
            utc_offset_minutes: Some(0),
        },
        None,
        None,
    )?;
    sync_one_connection(&again, &meter)?;
    assert_eq!(0, again.report()?.added);
    assert_eq!(
        200,
        record.reading_count(Some(ReadingKind::BloodGlucose), Viewer::Person)?
    );

    // The daily trend, from the core's per-day summaries.
    let days = record.daily_summaries(
        ReadingKind::BloodGlucose,
        "2026-01-01".into(),
        "2026-03-31".into(),
        Viewer::Person,
    )?;
    assert_eq!(200, days.iter().map(|d| d.count).sum::<u32>());
    let first = days.first().ok_or("no day summarised")?;
    assert_eq!("2026-01-05", first.date);
    assert!(first.min.ok_or("no minimum on the first day")? < 4.0);

    // The low-glucose alerts, with advice: the meter's four readings under 4 mmol/L
    // (70, 71, 72 and 70 mg/dL).
    let lows: Vec<HealthNotification> = record
        .due_notifications(clock.now())?
        .into_iter()
        .filter(|n| n.rule_id == "glucose.low")
        .collect();
    assert_eq!(4, lows.len());
    for low in &lows {
        assert_eq!(NotificationCategory::Alert, low.category);
        assert_eq!(NotificationSeverity::Warning, low.severity);
        assert!(low.advice.contains("fast-acting sugar"));
        assert_eq!(NotificationState::New, low.state);
        assert_eq!(1, low.readings.len());
        let value = record.reading(low.readings[0])?.value;
        let ReadingValue::BloodGlucose { mmol_per_l } = value else {
            panic!("not a glucose reading: {value:?}");
        };
        assert!(mmol_per_l.ok_or("no glucose value")? < 4.0);
    }
    assert_eq!(
        NotificationState::Acknowledged,
        record.acknowledge(lows[0].id)?.state
    );
    let in_an_hour = clock.now() + Duration::from_secs(3600);
    let until = UNIX_EPOCH + Duration::from_secs(in_an_hour.duration_since(UNIX_EPOCH)?.as_secs());
    assert_eq!(
        NotificationState::Snoozed { until },
        record.snooze(lows[1].id, until)?.state
    );
    record.mark_shown(lows[2..].iter().map(|n| n.id).collect())?;
    assert!(
        record
            .due_notifications(clock.now())?
            .iter()
            .all(|n| n.rule_id != "glucose.low")
    );
    let acknowledged = record
        .snooze(lows[0].id, until)
        .expect_err("an acknowledged alert cannot be snoozed");
    assert!(
        matches!(acknowledged, AlertError::NotAllowed { .. }),
        "{acknowledged:?}"
    );

    // A request to the practice about the readings; a second one is rate-limited.
    let request = record.create_request(
        "look_at_readings".into(),
        "Parkside Surgery".into(),
        vec![id(EntryKind::Condition)],
        text("Four lows since January"),
    )?;
    assert_eq!(MessageState::Draft, request.state);
    assert_eq!(
        MessageState::Queued,
        record.queue_request(request.id)?.state
    );
    let another = record.create_request(
        "explain_results".into(),
        "Parkside Surgery".into(),
        vec![],
        None,
    )?;
    let limited = record
        .queue_request(another.id)
        .expect_err("a second open request is rate-limited");
    let AlertError::RateLimited { recipient, .. } = &limited else {
        panic!("not RateLimited: {limited:?}");
    };
    assert_eq!("Parkside Surgery", recipient);
    assert_eq!(
        vec![request.id],
        record.outbox()?.iter().map(|m| m.id).collect::<Vec<_>>()
    );

    // Back up, restore under a new key, compare.
    let before = contents(&record)?;
    let backup = folder.path().join("alex.phrbackup").display().to_string();
    record.backup_to(backup.clone(), "correct horse battery staple".into())?;
    record.close_record()?;
    let closed = record
        .entries(live_entries(), Viewer::Person)
        .expect_err("a closed record refuses");
    assert!(matches!(closed, RecordError::Closed), "{closed:?}");

    let restored_path = folder.path().join("restored.phr").display().to_string();
    let wrong = PersonHeldRecord::restore_from(
        backup.clone(),
        "wrong horse battery staple".into(),
        restored_path.clone(),
        generate_database_key()?,
    )
    .expect_err("a wrong passphrase is refused");
    assert!(matches!(wrong, RecordError::WrongPassphrase), "{wrong:?}");
    assert!(!Path::new(&restored_path).exists());
    let restored = PersonHeldRecord::restore_from(
        backup,
        "correct horse battery staple".into(),
        restored_path,
        generate_database_key()?,
    )?;
    restored.check_integrity()?;
    let after = contents(&restored)?;
    assert_eq!(before, after);
    assert_eq!(17, after.entries.len());
    assert_eq!(201, after.readings.len());
    restored.close_record()?;

    // The original opens again with the key from the key store.
    let reopened = PersonHeldRecord::open_with_key_store(path, "alex".into(), keys)?;
    reopened.entry(id(EntryKind::Identity), Viewer::Emergency)?;
    reopened.close_record()?;
    Ok(())
}
