//! A demo-like record for the FHIR tests: something in every kind the export writes, a
//! long glucose series and short ones, and private entries and readings beside shared
//! ones. The person and the numbers are made up; the codes are those of the UK Core
//! examples in the fixtures and of SHARING.md.
#![allow(clippy::unwrap_used)] // helpers, like the tests themselves, may unwrap
#![allow(dead_code)]

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use phr_core::api::{NewEntryOptions, Record};
use phr_core::model::modules::builtin_template;
use phr_core::model::*;

pub fn date(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

pub fn time(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("a time")
}

pub fn now() -> DateTime<Utc> {
    time("2026-12-01T09:30:00+00:00").to_utc()
}

pub fn add(record: &mut Record, body: EntryBody, visibility: Visibility) -> Entry {
    record
        .add_entry(
            body,
            NewEntryOptions {
                visibility,
                ..NewEntryOptions::default()
            },
        )
        .unwrap_or_else(|e| panic!("{e}"))
}

pub fn medication(name: &str, status: MedicationStatus, origin: MedicationOrigin) -> EntryBody {
    EntryBody::Medication(Medication {
        name: name.into(),
        dose: Some("1 tablet twice a day".into()),
        reason: Some("Type 2 diabetes".into()),
        origin,
        status,
        code: None,
    })
}

/// Every kind the export writes, shared, plus a few private entries.
pub fn fill(record: &mut Record) {
    use Visibility::{Emergency, Private, Shared};
    add(
        record,
        EntryBody::Identity(Identity {
            name: "Alex Jones".into(),
            preferred_name: Some("Al".into()),
            date_of_birth: Some(date("1961-04-12")),
            nhs_number: Some(NhsNumber::parse("943 476 5919").unwrap()),
            pronouns: Some("they/them".into()),
        }),
        Emergency,
    );
    add(
        record,
        EntryBody::MyContactDetails(MyContactDetails {
            points: ContactPoints {
                phone: Some("07700 900123".into()),
                email: Some("alex@example.org".into()),
                address: Some("1 High Street, Leeds, LS1 1AA".into()),
            },
            preferred_method: None,
        }),
        Shared,
    );
    add(
        record,
        EntryBody::Contact(Contact {
            role: ContactRole::NextOfKin,
            name: "Sam Jones".into(),
            relationship: Some("daughter".into()),
            points: ContactPoints {
                phone: Some("07700 900456".into()),
                ..ContactPoints::default()
            },
            ods_code: None,
        }),
        Emergency,
    );
    add(
        record,
        EntryBody::Contact(Contact {
            role: ContactRole::Gp,
            name: "White Rose Medical Centre".into(),
            relationship: None,
            points: ContactPoints {
                phone: Some("0113 496 0000".into()),
                ..ContactPoints::default()
            },
            ods_code: Some("B86004".into()),
        }),
        Shared,
    );
    add(
        record,
        EntryBody::Condition(Condition {
            name: "Type 2 diabetes".into(),
            category: ConditionKind::Diagnosis,
            code: Some(Coding::snomed("44054006", "Diabetes mellitus type 2")),
            since: Some(date("2015-03-01")),
            status: ConditionStatus::Active,
            notes: Some("Diet and metformin".into()),
        }),
        Emergency,
    );
    add(
        record,
        EntryBody::Condition(Condition {
            name: "Total hip replacement".into(),
            category: ConditionKind::SignificantSurgery,
            code: Some(Coding::snomed("52734007", "Total hip replacement")),
            since: Some(date("2019-06-14")),
            status: ConditionStatus::Active,
            notes: None,
        }),
        Shared,
    );
    add(
        record,
        EntryBody::Condition(Condition {
            name: "PRIVATE-condition-depression".into(),
            category: ConditionKind::Diagnosis,
            code: None,
            since: None,
            status: ConditionStatus::Resolved,
            notes: Some("PRIVATE-note".into()),
        }),
        Private,
    );
    add(
        record,
        EntryBody::Allergy(Allergy {
            substance: "Penicillin".into(),
            reaction: Some("Hives".into()),
            severity: Some(Severity::Severe),
            code: Some(Coding::snomed("764146007", "Penicillin")),
            notes: None,
        }),
        Emergency,
    );
    add(
        record,
        EntryBody::Allergy(Allergy {
            substance: "Cats".into(),
            reaction: None,
            severity: Some(Severity::Mild),
            code: None,
            notes: None,
        }),
        Shared,
    );
    add(
        record,
        medication(
            "Metformin 500 mg tablets",
            MedicationStatus::Taking,
            MedicationOrigin::Prescribed,
        ),
        Emergency,
    );
    add(
        record,
        medication(
            "Simvastatin 20 mg tablets",
            MedicationStatus::StoppedByMe {
                on: date("2026-05-02"),
                reason: Some("Aching muscles".into()),
            },
            MedicationOrigin::Prescribed,
        ),
        Shared,
    );
    add(
        record,
        medication(
            "Amoxicillin 500 mg capsules",
            MedicationStatus::Completed {
                on: date("2026-02-10"),
            },
            MedicationOrigin::Prescribed,
        ),
        Shared,
    );
    add(
        record,
        medication(
            "Paracetamol 500 mg",
            MedicationStatus::StoppedByProfessional {
                on: date("2025-01-01"),
            },
            MedicationOrigin::OverTheCounter,
        ),
        Shared,
    );
    add(
        record,
        EntryBody::Vaccination(Vaccination {
            vaccine: "COVID-19 Vaccine Vaxzevria".into(),
            date: date("2026-10-02"),
            dose_number: Some(1),
            batch: Some("AB1234".into()),
            given_by: Some("Boots pharmacy".into()),
            code: Some(Coding::snomed(
                "39114911000001105",
                "COVID-19 Vaccine Vaxzevria",
            )),
        }),
        Shared,
    );
    add(
        record,
        EntryBody::TestResult(TestResult {
            name: "HbA1c".into(),
            loinc: Some("59261-8".into()),
            value: ResultValue::Quantity {
                value: 53.0,
                unit: "mmol/mol".into(),
            },
            reference_range: Some(ReferenceRange {
                low: Some(20.0),
                high: Some(41.0),
            }),
            date: date("2026-11-02"),
            notes: Some("Higher than last time".into()),
        }),
        Shared,
    );
    add(
        record,
        EntryBody::TestResult(TestResult {
            name: "Urine dipstick".into(),
            loinc: None,
            value: ResultValue::Text {
                text: "negative".into(),
            },
            reference_range: None,
            date: date("2026-11-02"),
            notes: None,
        }),
        Shared,
    );
    add(
        record,
        EntryBody::Goal(Goal {
            goal: "Walk to the shops and back".into(),
            barriers: vec![
                Barrier {
                    barrier: "My hip hurts".into(),
                    how_to_overcome: Some("Physiotherapy exercises".into()),
                },
                Barrier {
                    barrier: "Rain".into(),
                    how_to_overcome: None,
                },
            ],
            status: GoalStatus::Active,
            target_date: Some(date("2027-03-01")),
            support: Some("Leeds walking group".into()),
        }),
        Shared,
    );
    add(
        record,
        EntryBody::Goal(Goal {
            goal: "Stop smoking".into(),
            barriers: Vec::new(),
            status: GoalStatus::Achieved,
            target_date: None,
            support: None,
        }),
        Shared,
    );
    add(
        record,
        EntryBody::PersonInMyLife(PersonInMyLife {
            name: "Chris".into(),
            relationship: Relationship::CaresForMe,
            role: Some("does my shopping".into()),
            contact: Some("07700 900789".into()),
            notes: None,
        }),
        Shared,
    );
    add(
        record,
        EntryBody::PersonInMyLife(PersonInMyLife {
            name: "Biscuit".into(),
            relationship: Relationship::Animal,
            role: Some("dog".into()),
            contact: None,
            notes: None,
        }),
        Shared,
    );
    add(
        record,
        EntryBody::OrganDonation(OrganDonation {
            decision: OrganDonationDecision::Donate,
            organs: vec!["kidneys".into(), "corneas".into()],
            registered: true,
            notes: None,
        }),
        Emergency,
    );
    let phq9 = builtin_template("phq-9").unwrap();
    add(
        record,
        EntryBody::Module(ModuleInstance {
            template_id: phq9.id.clone(),
            template_version: phq9.version,
            answers: phq9
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    (
                        f.id.clone(),
                        AnswerValue::Text(
                            if i % 3 == 0 {
                                "several_days"
                            } else {
                                "not_at_all"
                            }
                            .into(),
                        ),
                    )
                })
                .collect(),
            completed_on: Some(date("2026-11-20")),
        }),
        Shared,
    );
    let wishes = builtin_template("advance-wishes").unwrap();
    add(
        record,
        EntryBody::Module(ModuleInstance {
            template_id: wishes.id.clone(),
            template_version: wishes.version,
            answers: BTreeMap::from([
                (
                    "preferred_place_of_care".into(),
                    AnswerValue::Text("At home".into()),
                ),
                ("has_lpa".into(), AnswerValue::YesNo(true)),
            ]),
            completed_on: None,
        }),
        Emergency,
    );
}

fn reading(value: ReadingValue, at: DateTime<FixedOffset>, visibility: Visibility) -> NewReading {
    let mut r = NewReading::manual(value, at);
    r.visibility = visibility;
    r
}

/// A few blood pressures, weights and heart rates; a sensor's glucose every 15 minutes
/// for three days (a long series); one private and one future-dated reading.
pub fn fill_readings(record: &mut Record) {
    let start = time("2026-11-27T00:00:00+00:00");
    let mut batch = Vec::new();
    for i in 0..(3 * 96) {
        let mut r = reading(
            ReadingValue::BloodGlucose {
                mmol_per_l: Some(5.0 + f64::from(i % 20) / 10.0),
            },
            start + Duration::minutes(15 * i64::from(i)),
            Visibility::Shared,
        );
        r.source = ReadingSource::App {
            name: "com.example.cgm".into(),
        };
        r.client_record_id = Some(format!("cgm-{i}"));
        r.context.specimen = Some(GlucoseSpecimen::InterstitialFluid);
        batch.push(r);
    }
    for day in 0..4 {
        let at = time("2026-11-26T08:00:00+00:00") + Duration::days(day);
        batch.push(reading(
            ReadingValue::BloodPressure {
                systolic_mmhg: 130.0 + day as f64,
                diastolic_mmhg: 82.0,
                mean_arterial_mmhg: None,
                pulse_per_min: Some(70.0),
            },
            at,
            Visibility::Shared,
        ));
        batch.push(reading(
            ReadingValue::Weight {
                kg: 82.5 - day as f64 / 10.0,
            },
            at,
            Visibility::Shared,
        ));
        batch.push(reading(
            ReadingValue::HeartRate { per_min: 64.0 },
            at,
            Visibility::Emergency,
        ));
    }
    batch.push(reading(
        ReadingValue::Weight { kg: 99.9 },
        time("2026-11-28T21:00:00+00:00"),
        Visibility::Private,
    ));
    record.add_readings(&batch).expect("readings");
}
