//! The demo person: a realistic, fictional record that fills every section. Dates are
//! relative to today so that appointments stay in the future. The first entry of each
//! kind fills its fields, and doubles as that kind's example (`phr add KIND --example`).
//!
//! | file | what |
//! |---|---|
//! | `demo_record.rs` | helpers, About my health, the full list, examples |
//! | `demo_record/about_me.rs` | About me |
//! | `demo_record/care.rs` | appointments and modules |
//! | `demo_record/readings.rs` | six weeks of readings |
//!
//! The NHS number 943 476 5919 is a test number with a valid check digit; phone numbers
//! are from Ofcom's drama ranges (07700 900xxx, 0161 496 0xxx); emails use example.org.

mod about_me;
mod care;
pub mod readings;

use chrono::{DateTime, Duration, FixedOffset, Local, NaiveDate, TimeZone};
use phr_core::model::*;
use std::collections::BTreeMap;

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

pub(super) fn text(s: &str) -> Option<String> {
    Some(s.to_string())
}

/// `days` from `today` at `hh:mm` local time.
pub(super) fn at(
    today: NaiveDate,
    days: i64,
    hh: u32,
    mm: u32,
    offset: FixedOffset,
) -> DateTime<FixedOffset> {
    let naive = (today + Duration::days(days))
        .and_hms_opt(hh, mm, 0)
        .unwrap_or_default();
    offset
        .from_local_datetime(&naive)
        .single()
        .unwrap_or_else(|| offset.from_utc_datetime(&naive))
}

pub(super) fn answers(pairs: &[(&str, AnswerValue)]) -> BTreeMap<String, AnswerValue> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

pub(super) fn choice(s: &str) -> AnswerValue {
    AnswerValue::Text(s.into())
}

fn health(today: NaiveDate) -> Vec<(EntryBody, Visibility)> {
    use Visibility::{Emergency, Private, Shared};
    let months_ago = |m: i64| today - Duration::days(30 * m);
    vec![
        (
            EntryBody::Identity(Identity {
                name: "Alex Morgan".into(),
                preferred_name: text("Alex"),
                date_of_birth: Some(date(1968, 4, 12)),
                nhs_number: NhsNumber::parse("943 476 5919").ok(),
                pronouns: text("they/them"),
            }),
            Emergency,
        ),
        (
            EntryBody::Condition(Condition {
                name: "Type 2 diabetes".into(),
                category: ConditionKind::Diagnosis,
                code: Some(Coding::snomed("44054006", "Diabetes mellitus type 2")),
                since: Some(date(2015, 6, 1)),
                status: ConditionStatus::Active,
                notes: text("Diet and metformin. Hypos are rare but happen after long walks."),
            }),
            Emergency,
        ),
        (
            EntryBody::Condition(Condition {
                name: "High blood pressure".into(),
                category: ConditionKind::Diagnosis,
                code: Some(Coding::snomed("38341003", "Hypertensive disorder")),
                since: Some(date(2019, 2, 1)),
                status: ConditionStatus::Active,
                notes: None,
            }),
            Emergency,
        ),
        (
            EntryBody::Condition(Condition {
                name: "Left total knee replacement".into(),
                category: ConditionKind::SignificantSurgery,
                code: Some(Coding::snomed("609588000", "Total knee replacement")),
                since: Some(date(2021, 9, 14)),
                status: ConditionStatus::Resolved,
                notes: text("Salford Royal. Metal implant: tell the radiographer before an MRI."),
            }),
            Shared,
        ),
        (
            EntryBody::Allergy(Allergy {
                substance: "Penicillin".into(),
                reaction: text("Anaphylaxis"),
                severity: Some(Severity::Severe),
                code: Some(Coding::snomed("91936005", "Allergy to penicillin")),
                notes: text("Happened in 1994; carries an adrenaline pen."),
            }),
            Emergency,
        ),
        (
            EntryBody::Allergy(Allergy {
                substance: "Sticking plasters (colophony)".into(),
                reaction: text("Itchy rash"),
                severity: Some(Severity::Mild),
                code: None,
                notes: None,
            }),
            Emergency,
        ),
        (
            EntryBody::Vaccination(Vaccination {
                vaccine: "Influenza (seasonal)".into(),
                date: months_ago(5),
                dose_number: Some(1),
                batch: text("FL4829"),
                given_by: text("Parkside Pharmacy"),
                code: Some(Coding::snomed("86198006", "Influenza vaccination")),
            }),
            Shared,
        ),
        (
            EntryBody::Vaccination(Vaccination {
                vaccine: "COVID-19 autumn booster".into(),
                date: months_ago(5),
                dose_number: Some(6),
                batch: None,
                given_by: text("Parkside Pharmacy"),
                code: None,
            }),
            Shared,
        ),
        (
            EntryBody::Medication(Medication {
                name: "Metformin 500 mg tablets".into(),
                dose: text("1 tablet twice a day with food"),
                reason: text("Type 2 diabetes"),
                origin: MedicationOrigin::Prescribed,
                status: MedicationStatus::Taking,
                code: Some(Coding::snomed("372567009", "Metformin")),
            }),
            Emergency,
        ),
        (
            EntryBody::Medication(Medication {
                name: "Ramipril 5 mg capsules".into(),
                dose: text("1 capsule in the morning"),
                reason: text("High blood pressure"),
                origin: MedicationOrigin::Prescribed,
                status: MedicationStatus::Taking,
                code: None,
            }),
            Emergency,
        ),
        (
            EntryBody::Medication(Medication {
                name: "Atorvastatin 20 mg tablets".into(),
                dose: text("1 tablet at night"),
                reason: text("Cholesterol"),
                origin: MedicationOrigin::Prescribed,
                status: MedicationStatus::StoppedByMe {
                    on: today - Duration::days(40),
                    reason: text("Aching legs; I want to talk to the GP about another statin."),
                },
                code: None,
            }),
            Shared,
        ),
        (
            EntryBody::Medication(Medication {
                name: "Paracetamol 500 mg tablets".into(),
                dose: text("2 tablets up to 4 times a day when needed"),
                reason: text("Knee pain"),
                origin: MedicationOrigin::OverTheCounter,
                status: MedicationStatus::Taking,
                code: None,
            }),
            Shared,
        ),
        (
            EntryBody::SocialPrescription(SocialPrescription {
                activity: "Healthy Walks group, Tuesdays 10:00".into(),
                organisation: text("Parkside Community Trust"),
                referred_by: text("Jo Reid, social prescribing link worker"),
                start: Some(months_ago(3)),
                notes: text("Gentle pace; good for the knee and for company."),
            }),
            Private,
        ),
        (
            EntryBody::TestResult(TestResult {
                name: "HbA1c".into(),
                // LOINC 59261-8: HbA1c by the IFCC method, reported in mmol/mol
                // (4548-4 is the same test reported in %).
                loinc: text("59261-8"),
                value: ResultValue::Quantity {
                    value: 53.0,
                    unit: "mmol/mol".into(),
                },
                reference_range: Some(ReferenceRange {
                    low: Some(20.0),
                    high: Some(41.0),
                }),
                date: months_ago(2),
                notes: text("Target under 53 mmol/mol agreed with the practice nurse."),
            }),
            Shared,
        ),
        (
            EntryBody::TestResult(TestResult {
                name: "Total cholesterol".into(),
                loinc: text("14647-2"),
                value: ResultValue::Quantity {
                    value: 5.6,
                    unit: "mmol/L".into(),
                },
                reference_range: Some(ReferenceRange {
                    low: None,
                    high: Some(5.0),
                }),
                date: months_ago(2),
                notes: None,
            }),
            Shared,
        ),
        (
            EntryBody::TestResult(TestResult {
                name: "Urine dipstick".into(),
                loinc: None,
                value: ResultValue::Text {
                    text: "No protein".into(),
                },
                reference_range: None,
                date: months_ago(2),
                notes: None,
            }),
            Private,
        ),
    ]
}

/// Every demo entry with its visibility, in the order they are added.
pub fn entries(today: NaiveDate, offset: FixedOffset) -> Vec<(EntryBody, Visibility)> {
    let mut all = health(today);
    all.extend(about_me::about_me(today));
    all.extend(care::appointments(today, offset));
    all.extend(care::modules(today));
    all
}

/// The example of a kind: its first demo entry.
pub fn example(kind: EntryKind) -> Option<(EntryBody, Visibility)> {
    let now = Local::now();
    entries(now.date_naive(), *now.offset())
        .into_iter()
        .find(|(body, _)| body.kind() == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_entry_is_valid_and_every_kind_has_one() {
        let all = entries(date(2026, 3, 1), FixedOffset::east_opt(0).expect("UTC"));
        for (body, _) in &all {
            body.validate()
                .unwrap_or_else(|e| panic!("{:?}: {e}", body.kind()));
        }
        for kind in EntryKind::ALL {
            assert!(all.iter().any(|(b, _)| b.kind() == *kind), "{kind}");
        }
    }
}
