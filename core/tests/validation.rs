//! Every validation rule of the record model, each named by the field it reports.
//! (NHS number, LOINC and module rules also have unit tests beside their code.)

mod common;

use chrono::NaiveDate;
use common::*;
use phr_core::model::*;

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 6).expect("date")
}

fn identity() -> Identity {
    Identity {
        name: "Ann".into(),
        preferred_name: None,
        date_of_birth: None,
        nhs_number: None,
        pronouns: None,
    }
}

fn medication() -> Medication {
    Medication {
        name: "Metformin".into(),
        dose: None,
        reason: None,
        origin: MedicationOrigin::Prescribed,
        status: MedicationStatus::Taking,
        code: None,
    }
}

fn contact() -> Contact {
    Contact {
        role: ContactRole::EmergencyContact,
        name: "Sam".into(),
        relationship: None,
        points: ContactPoints {
            phone: Some("07700 900123".into()),
            ..Default::default()
        },
        ods_code: None,
    }
}

fn appointment() -> Appointment {
    Appointment {
        title: "Review".into(),
        start: at("2026-12-01T09:00:00+00:00"),
        duration_minutes: Some(15),
        with: None,
        location: None,
        status: AppointmentStatus::Booked,
        reminder_minutes_before: vec![1440, 120],
        notes: None,
    }
}

fn test_result(value: ResultValue) -> TestResult {
    TestResult {
        name: "Potassium".into(),
        loinc: None,
        value,
        reference_range: None,
        date: date(),
        notes: None,
    }
}

fn field_of(body: EntryBody) -> String {
    match body.validate() {
        Err(e) => e.field,
        Ok(()) => "valid".into(),
    }
}

#[test]
fn each_rule_names_its_field() {
    let long = |n: usize| "x".repeat(n);
    let cases: Vec<(&str, EntryBody)> = vec![
        (
            "name",
            EntryBody::Identity(Identity {
                name: " ".into(),
                ..identity()
            }),
        ),
        (
            "pronouns",
            EntryBody::Identity(Identity {
                pronouns: Some(long(51)),
                ..identity()
            }),
        ),
        (
            "code.code",
            EntryBody::Condition(Condition {
                name: "Asthma".into(),
                category: ConditionKind::Diagnosis,
                code: Some(Coding::snomed("J45", "Asthma")),
                since: None,
                status: ConditionStatus::Active,
                notes: None,
            }),
        ),
        (
            "dose_number",
            EntryBody::Vaccination(Vaccination {
                vaccine: "Flu".into(),
                date: date(),
                dose_number: Some(0),
                batch: None,
                given_by: None,
                code: None,
            }),
        ),
        (
            "name",
            EntryBody::Medication(Medication {
                name: "".into(),
                ..medication()
            }),
        ),
        (
            "status.reason",
            EntryBody::Medication(Medication {
                status: MedicationStatus::StoppedByMe {
                    on: date(),
                    reason: Some(long(2001)),
                },
                ..medication()
            }),
        ),
        (
            "activity",
            EntryBody::SocialPrescription(SocialPrescription {
                activity: long(201),
                organisation: None,
                referred_by: None,
                start: None,
                notes: None,
            }),
        ),
        (
            "value.unit",
            EntryBody::TestResult(test_result(ResultValue::Quantity {
                value: 4.1,
                unit: "mmol per L".into(),
            })),
        ),
        (
            "value.value",
            EntryBody::TestResult(test_result(ResultValue::Quantity {
                value: f64::INFINITY,
                unit: "mmol/L".into(),
            })),
        ),
        (
            "value.text",
            EntryBody::TestResult(test_result(ResultValue::Text { text: "".into() })),
        ),
        (
            "reference_range",
            EntryBody::TestResult(TestResult {
                reference_range: Some(ReferenceRange {
                    low: Some(5.5),
                    high: Some(3.5),
                }),
                ..test_result(ResultValue::Quantity {
                    value: 4.1,
                    unit: "mmol/L".into(),
                })
            }),
        ),
        (
            "items",
            EntryBody::ThingsToKnow(ThingsToKnow { items: vec![] }),
        ),
        (
            "items[1]",
            EntryBody::ThingsToKnow(ThingsToKnow {
                items: vec!["ok".into(), long(141)],
            }),
        ),
        ("text", EntryBody::MyHistory(MyHistory { text: long(2001) })),
        (
            "barriers[0].how_to_overcome",
            EntryBody::Goal(Goal {
                goal: "Walk".into(),
                barriers: vec![Barrier {
                    barrier: "Rain".into(),
                    how_to_overcome: Some(long(281)),
                }],
                status: GoalStatus::Active,
                target_date: None,
                support: None,
            }),
        ),
        (
            "name",
            EntryBody::PersonInMyLife(PersonInMyLife {
                name: "".into(),
                relationship: Relationship::Animal,
                role: None,
                contact: None,
                notes: None,
            }),
        ),
        (
            "preferred_method",
            EntryBody::MyContactDetails(MyContactDetails {
                points: ContactPoints {
                    phone: Some("0113 496 0000".into()),
                    ..Default::default()
                },
                preferred_method: Some(ContactMethod::Email),
            }),
        ),
        (
            "email",
            EntryBody::MyContactDetails(MyContactDetails {
                points: ContactPoints {
                    email: Some("ann at example".into()),
                    ..Default::default()
                },
                preferred_method: None,
            }),
        ),
        (
            "phone",
            EntryBody::Contact(Contact {
                points: ContactPoints::default(),
                ..contact()
            }),
        ),
        (
            "ods_code",
            EntryBody::Contact(Contact {
                ods_code: Some("B8-001".into()),
                ..contact()
            }),
        ),
        (
            "organs",
            EntryBody::OrganDonation(OrganDonation {
                decision: OrganDonationDecision::DoNotDonate,
                organs: vec!["Kidneys".into()],
                registered: false,
                notes: None,
            }),
        ),
        (
            "name",
            EntryBody::OtherTreatment(OtherTreatment {
                name: "".into(),
                category: TreatmentKind::Other,
                provider: None,
                frequency: None,
                notes: None,
            }),
        ),
        (
            "duration_minutes",
            EntryBody::Appointment(Appointment {
                duration_minutes: Some(0),
                ..appointment()
            }),
        ),
        (
            "reminder_minutes_before",
            EntryBody::Appointment(Appointment {
                reminder_minutes_before: vec![60 * 24 * 29],
                ..appointment()
            }),
        ),
        (
            "title",
            EntryBody::Appointment(Appointment {
                title: "".into(),
                ..appointment()
            }),
        ),
        (
            "answers.q1",
            EntryBody::Module(ModuleInstance {
                template_id: "phq-9".into(),
                template_version: 1,
                answers: [("q1".to_string(), AnswerValue::YesNo(true))]
                    .into_iter()
                    .collect(),
                completed_on: None,
            }),
        ),
    ];
    for (field, body) in cases {
        let kind = body.kind();
        assert_eq!(field_of(body), field, "{kind}");
    }
}

#[test]
fn valid_examples_of_each_kind_pass() {
    for body in [
        EntryBody::Identity(identity()),
        EntryBody::Medication(medication()),
        EntryBody::Contact(contact()),
        EntryBody::Appointment(appointment()),
    ] {
        assert_eq!(field_of(body), "valid");
    }
}

#[test]
fn reading_plausibility_limits_name_their_field() {
    let bp = |s: f64, d: f64| ReadingValue::BloodPressure {
        systolic_mmhg: s,
        diastolic_mmhg: d,
        mean_arterial_mmhg: None,
        pulse_per_min: Some(250.0 + s),
    };
    let cases = [
        ("systolic_mmhg", bp(301.0, 80.0)),
        ("diastolic_mmhg", bp(120.0, 10.0)),
        ("pulse_per_min", bp(120.0, 80.0)),
        ("per_min", ReadingValue::HeartRate { per_min: 10.0 }),
        ("kg", ReadingValue::Weight { kg: 0.1 }),
        (
            "minutes",
            ReadingValue::Sleep {
                minutes: 24 * 60 + 1,
                quality: None,
            },
        ),
        (
            "quality",
            ReadingValue::Sleep {
                minutes: 400,
                quality: Some(11),
            },
        ),
        ("units", ReadingValue::Alcohol { units: -1.0 }),
        ("score", ReadingValue::Stress { score: 11 }),
        (
            "severity",
            ReadingValue::SideEffect {
                description: "Rash".into(),
                severity: 0,
                medication: None,
            },
        ),
        (
            "description",
            ReadingValue::SideEffect {
                description: " ".into(),
                severity: 3,
                medication: None,
            },
        ),
    ];
    for (field, value) in cases {
        assert_eq!(value.validate().unwrap_err().field, field, "{value:?}");
    }
    let mut note = glucose(5.0, "2026-01-01T08:00:00+00:00");
    note.note = Some("n".repeat(2001));
    assert_eq!(note.validate().unwrap_err().field, "note");
}
