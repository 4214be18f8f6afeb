//! The demo person in their own words: About me.

use chrono::{Duration, NaiveDate};
use phr_core::model::*;

use super::text;

/// Things to know, history, goals, people, contacts, organ donation, other treatment.
pub(super) fn about_me(today: NaiveDate) -> Vec<(EntryBody, Visibility)> {
    use Visibility::{Emergency, Private, Shared};
    vec![
        (
            EntryBody::ThingsToKnow(ThingsToKnow {
                items: vec![
                    "I am deaf in my left ear: please stand on my right and face me.".into(),
                    "If I seem muddled or sweaty, check my blood sugar: it may be a hypo.".into(),
                    "I look after my mum, Margaret. If I am kept in, please call Priya.".into(),
                ],
            }),
            Shared,
        ),
        (
            EntryBody::MyHistory(MyHistory {
                text: "I was a bus driver for 25 years until my knee gave out. Since the \
                   operation I walk with the Tuesday group. Diabetes since 2015, blood \
                   pressure since 2019. Looking after Mum takes most evenings, so I \
                   sometimes miss my own appointments."
                    .into(),
            }),
            Private,
        ),
        (
            EntryBody::Goal(Goal {
                goal: "Lose 6 kg before my summer holiday".into(),
                barriers: vec![
                    Barrier {
                        barrier: "Snacking in the evening when I am tired".into(),
                        how_to_overcome: text("Fruit in the house, no biscuits; walk after tea"),
                    },
                    Barrier {
                        barrier: "Knee pain when I walk fast".into(),
                        how_to_overcome: text("Walking group pace and the physio exercises"),
                    },
                ],
                status: GoalStatus::Active,
                target_date: Some(today + Duration::days(120)),
                support: text("Parkside Community Trust weight group"),
            }),
            Shared,
        ),
        (
            EntryBody::Goal(Goal {
                goal: "Get my home blood pressure under 135/85".into(),
                barriers: vec![Barrier {
                    barrier: "Forgetting to take readings".into(),
                    how_to_overcome: text("Keep the cuff next to the kettle"),
                }],
                status: GoalStatus::Active,
                target_date: None,
                support: None,
            }),
            Shared,
        ),
        (
            EntryBody::PersonInMyLife(PersonInMyLife {
                name: "Biscuit".into(),
                relationship: Relationship::Animal,
                role: text("Border terrier"),
                contact: text("Stays with Priya next door"),
                notes: text("Biscuit is why I would rather be treated at home if I can."),
            }),
            Shared,
        ),
        (
            EntryBody::PersonInMyLife(PersonInMyLife {
                name: "Margaret Morgan".into(),
                relationship: Relationship::ICareFor,
                role: text("My mum; she has dementia"),
                contact: None,
                notes: text("Needs someone every evening."),
            }),
            Shared,
        ),
        (
            EntryBody::PersonInMyLife(PersonInMyLife {
                name: "Priya Shah".into(),
                relationship: Relationship::Friend,
                role: text("Neighbour; looks after Biscuit and Mum"),
                contact: text("07700 900461"),
                notes: None,
            }),
            Shared,
        ),
        (
            EntryBody::PersonInMyLife(PersonInMyLife {
                name: "Parkside Carers' Centre".into(),
                relationship: Relationship::Organisation,
                role: text("Carer's break on Thursdays"),
                contact: None,
                notes: None,
            }),
            Private,
        ),
        (
            EntryBody::MyContactDetails(MyContactDetails {
                points: ContactPoints {
                    phone: text("07700 900123"),
                    email: text("alex.morgan@example.org"),
                    address: text("14 Elm Road, Manchester M20 1AB"),
                },
                preferred_method: Some(ContactMethod::Text),
            }),
            Shared,
        ),
        (
            EntryBody::Contact(Contact {
                role: ContactRole::Gp,
                name: "Parkside Medical Practice".into(),
                relationship: text("My GP practice"),
                points: ContactPoints {
                    phone: text("0161 496 0000"),
                    email: text("parkside.practice@example.org"),
                    address: text("2 Park Lane, Manchester M20 2CD"),
                },
                ods_code: text("P84999"),
            }),
            Shared,
        ),
        (
            EntryBody::Contact(Contact {
                role: ContactRole::NextOfKin,
                name: "Chris Morgan".into(),
                relationship: text("Brother"),
                points: ContactPoints {
                    phone: text("07700 900777"),
                    ..Default::default()
                },
                ods_code: None,
            }),
            Emergency,
        ),
        (
            EntryBody::Contact(Contact {
                role: ContactRole::EmergencyContact,
                name: "Priya Shah".into(),
                relationship: text("Neighbour and friend"),
                points: ContactPoints {
                    phone: text("07700 900461"),
                    ..Default::default()
                },
                ods_code: None,
            }),
            Emergency,
        ),
        (
            EntryBody::OrganDonation(OrganDonation {
                decision: OrganDonationDecision::Donate,
                organs: vec!["kidneys".into(), "liver".into(), "corneas".into()],
                registered: true,
                notes: text("Please talk to Chris; he knows my wishes."),
            }),
            Shared,
        ),
        (
            EntryBody::OtherTreatment(OtherTreatment {
                name: "Private physiotherapy for the knee".into(),
                category: TreatmentKind::Physiotherapy,
                provider: text("Didsbury Physio Clinic"),
                frequency: text("Fortnightly"),
                notes: text("Exercises at home twice a day."),
            }),
            Private,
        ),
        (
            EntryBody::OtherTreatment(OtherTreatment {
                name: "Carers' support group".into(),
                category: TreatmentKind::SupportGroup,
                provider: text("Parkside Carers' Centre"),
                frequency: text("Monthly"),
                notes: None,
            }),
            Private,
        ),
        (
            EntryBody::OtherTreatment(OtherTreatment {
                name: "Acupuncture".into(),
                category: TreatmentKind::Complementary,
                provider: None,
                frequency: text("Now and then"),
                notes: None,
            }),
            Private,
        ),
    ]
}
