//! A private entry never appears in an export, nor moves what it summarises: over random
//! records and viewers, no private entry's id, text or value is in the document, and its
//! Observations (readings and day summaries) are exactly those of the same record
//! without the private readings.
#![allow(clippy::unwrap_used)] // helpers, like the tests themselves, may unwrap

mod common;

use chrono::{DateTime, Duration, FixedOffset, Utc};
use common::ClockedRecord;
use phr_core::api::{ExportScope, NewEntryOptions, Record};
use phr_core::fhir::{Resource, ips_problems};
use phr_core::model::*;
use proptest::prelude::*;

fn now() -> DateTime<Utc> {
    common::utc(2026, 12, 1, 9)
}

#[derive(Debug, Clone)]
enum Kind {
    Condition,
    Allergy,
    Medication,
    Vaccination,
    Result,
    Goal,
    Person,
}

fn body(kind: &Kind, token: &str, n: u32) -> EntryBody {
    let date = |d: u32| chrono::NaiveDate::from_ymd_opt(2020, 1, 1 + d % 28).unwrap();
    match kind {
        Kind::Condition => EntryBody::Condition(Condition {
            name: format!("{token} condition"),
            category: if n.is_multiple_of(2) {
                ConditionKind::Diagnosis
            } else {
                ConditionKind::SignificantSurgery
            },
            code: None,
            since: Some(date(n)),
            status: ConditionStatus::Active,
            notes: Some(format!("{token} note")),
        }),
        Kind::Allergy => EntryBody::Allergy(Allergy {
            substance: format!("{token} substance"),
            reaction: Some(format!("{token} reaction")),
            severity: Some(Severity::Moderate),
            code: None,
            notes: None,
        }),
        Kind::Medication => EntryBody::Medication(Medication {
            name: format!("{token} medicine"),
            dose: Some(format!("{token} dose")),
            reason: Some(format!("{token} reason")),
            origin: MedicationOrigin::Prescribed,
            status: MedicationStatus::StoppedByMe {
                on: date(n),
                reason: Some(format!("{token} why")),
            },
            code: None,
        }),
        Kind::Vaccination => EntryBody::Vaccination(Vaccination {
            vaccine: format!("{token} vaccine"),
            date: date(n),
            dose_number: Some(1 + n % 3),
            batch: Some(format!("{token}b")),
            given_by: None,
            code: None,
        }),
        Kind::Result => EntryBody::TestResult(TestResult {
            name: format!("{token} test"),
            loinc: None,
            value: ResultValue::Text {
                text: format!("{token} value"),
            },
            reference_range: None,
            date: date(n),
            notes: None,
        }),
        Kind::Goal => EntryBody::Goal(Goal {
            goal: format!("{token} goal"),
            barriers: vec![Barrier {
                barrier: format!("{token} barrier"),
                how_to_overcome: None,
            }],
            status: GoalStatus::Paused,
            target_date: None,
            support: None,
        }),
        Kind::Person => EntryBody::PersonInMyLife(PersonInMyLife {
            name: format!("{token} name"),
            relationship: Relationship::Friend,
            role: Some(format!("{token} role")),
            contact: None,
            notes: None,
        }),
    }
}

fn visibility() -> impl Strategy<Value = Visibility> {
    prop_oneof![
        Just(Visibility::Private),
        Just(Visibility::Shared),
        Just(Visibility::Emergency)
    ]
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Condition),
        Just(Kind::Allergy),
        Just(Kind::Medication),
        Just(Kind::Vaccination),
        Just(Kind::Result),
        Just(Kind::Goal),
        Just(Kind::Person)
    ]
}

/// A reading: kind 0 glucose, 1 blood pressure, 2 weight; minutes after the start.
fn reading() -> impl Strategy<Value = (u8, u32, u32, Visibility)> {
    (0u8..3, 0u32..(4 * 24 * 60), 0u32..40, visibility())
}

fn start() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-26T00:00:00+00:00").unwrap()
}

fn new_reading(kind: u8, minute: u32, value: u32, visibility: Visibility) -> NewReading {
    let private = visibility == Visibility::Private;
    // Private readings are at 17 seconds past a minute, the others on the minute, so a
    // private reading's time cannot be mistaken for another's.
    let at = start()
        + Duration::minutes(i64::from(minute))
        + Duration::seconds(if private { 17 } else { 0 });
    let v = f64::from(value);
    let value = match kind {
        0 => ReadingValue::BloodGlucose {
            mmol_per_l: Some(4.0 + v / 10.0),
        },
        1 => ReadingValue::BloodPressure {
            systolic_mmhg: 110.0 + v,
            diastolic_mmhg: 70.0,
            mean_arterial_mmhg: None,
            pulse_per_min: None,
        },
        _ => ReadingValue::Weight { kg: 60.0 + v },
    };
    let mut r = NewReading::manual(value, at);
    r.visibility = visibility;
    r
}

/// Builds a record from the entries and readings (those `keep` lets through).
fn build(
    entries: &[(Kind, Visibility)],
    readings: &[(u8, u32, u32, Visibility)],
    keep: impl Fn(Visibility) -> bool,
) -> (ClockedRecord, Vec<(String, String)>) {
    let mut r = ClockedRecord::at(now());
    let mut private = Vec::new();
    for (n, (kind, visibility)) in entries.iter().enumerate().filter(|(_, (_, v))| keep(*v)) {
        let token = if *visibility == Visibility::Private {
            format!("PRIV{n}Z")
        } else {
            format!("OPEN{n}Z")
        };
        let entry = r
            .record
            .add_entry(
                body(kind, &token, n as u32),
                NewEntryOptions {
                    visibility: *visibility,
                    ..Default::default()
                },
            )
            .unwrap();
        if *visibility == Visibility::Private {
            private.push((entry.meta.id.to_string(), token));
        }
    }
    let batch: Vec<NewReading> = readings
        .iter()
        .filter(|(_, _, _, v)| keep(*v))
        .map(|(k, m, v, vis)| new_reading(*k, *m, *v, *vis))
        .collect();
    r.record.add_readings(&batch).unwrap();
    (r, private)
}

/// The document's Observations without what differs between two records (ids, the
/// record's URI, references), sorted.
fn observations(record: &Record, viewer: Viewer) -> (Vec<String>, String) {
    let bundle = record
        .export_ips_bundle(viewer, &ExportScope::everything())
        .unwrap();
    assert!(ips_problems(&bundle).is_empty());
    let json = serde_json::to_string(&Resource::Bundle(Box::new(bundle.clone()))).unwrap();
    let mut found: Vec<String> = bundle
        .entry
        .iter()
        .filter_map(|e| match &e.resource {
            Some(Resource::Observation(o)) => {
                let mut o = (**o).clone();
                o.id = None;
                o.meta = None;
                o.subject = None;
                Some(serde_json::to_string(&o).unwrap())
            }
            _ => None,
        })
        .collect();
    found.sort();
    (found, json)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn private_entries_and_readings_never_appear_nor_move_a_summary(
        entries in proptest::collection::vec((kind(), visibility()), 0..12),
        readings in proptest::collection::vec(reading(), 0..240),
        emergency in any::<bool>(),
    ) {
        let viewer = if emergency { Viewer::Emergency } else { Viewer::Shared };
        let (all, private) = build(&entries, &readings, |_| true);
        let (without, _) = build(&entries, &readings, |v| v != Visibility::Private);
        let (with_private, json) = observations(&all.record, viewer);
        let (without_private, _) = observations(&without.record, viewer);
        for (id, token) in &private {
            prop_assert!(!json.contains(id.as_str()), "a private entry's id is in the export");
            prop_assert!(!json.contains(token.as_str()), "a private entry's text is in the export");
        }
        prop_assert!(!json.contains(":17+00:00") && !json.contains(":17Z"), "a private reading's time is in the export");
        prop_assert_eq!(with_private, without_private);
    }
}

/// A grant's scope: some sections, some entry kinds, some single entries (private ones
/// among them), with or without readings.
fn scope_of(sections: u8, kinds: u8, picked: &[EntryId], readings: bool) -> ExportScope {
    let sections = Section::ALL
        .into_iter()
        .enumerate()
        .filter(|(i, _)| sections & (1 << i) != 0)
        .map(|(_, s)| s)
        .collect();
    let kinds = [
        EntryKind::Condition,
        EntryKind::Allergy,
        EntryKind::Medication,
        EntryKind::Vaccination,
        EntryKind::TestResult,
        EntryKind::Goal,
        EntryKind::PersonInMyLife,
    ]
    .into_iter()
    .enumerate()
    .filter(|(i, _)| kinds & (1 << i) != 0)
    .map(|(_, k)| k)
    .collect();
    ExportScope {
        sections,
        kinds,
        entries: picked.to_vec(),
        readings,
        readings_since: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// What a share sends is the `Shared` viewer's export in the grant's scope: whatever
    /// the scope names (whole sections, kinds, single entries, private ones included),
    /// no private entry or reading is in it.
    #[test]
    fn no_grant_scope_ever_sees_a_private_entry(
        entries in proptest::collection::vec((kind(), visibility()), 1..12),
        readings in proptest::collection::vec(reading(), 0..120),
        sections in any::<u8>(),
        kinds in any::<u8>(),
        picks in proptest::collection::vec(any::<usize>(), 0..4),
        with_readings in any::<bool>(),
    ) {
        let (all, private) = build(&entries, &readings, |_| true);
        let ids: Vec<EntryId> = all
            .record
            .entries(&phr_core::api::EntryFilter::default(), Viewer::Person)
            .unwrap()
            .into_iter()
            .map(|e| e.meta.id)
            .collect();
        let picked: Vec<EntryId> = picks.iter().map(|i| ids[i % ids.len()]).collect();
        let scope = scope_of(sections, kinds, &picked, with_readings);
        let json = all.record.export_ips(Viewer::Shared, &scope).unwrap();
        for (id, token) in &private {
            prop_assert!(!json.contains(id.as_str()), "a private entry's id is in a share");
            prop_assert!(!json.contains(token.as_str()), "a private entry's text is in a share");
        }
        prop_assert!(!json.contains(":17+00:00") && !json.contains(":17Z"), "a private reading's time is in a share");
    }
}
