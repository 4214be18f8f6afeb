//! Fetching a patient's record from a FHIR server, against a small server on this
//! machine serving the fixtures: the Patient found by NHS number, every search followed
//! through its pages, the result imported with the server as the system; and a typed
//! error for each way it can fail.
#![allow(clippy::unwrap_used)] // helpers, like the tests themselves, may unwrap

mod checkers;
mod common;

use std::collections::HashMap;
use std::time::Duration;

use axum::extract::Query;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use common::ClockedRecord;
use phr_core::api::{ApiError, EntryFilter, FetchLimits, ImportOptions, fetch_from_server};
use phr_core::model::{EntryKind, Provenance, Viewer};
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    serde_json::from_slice(&std::fs::read(checkers::fixture(name)).unwrap()).unwrap()
}

fn searchset(resources: Vec<Value>, next: Option<String>) -> Value {
    let mut bundle = json!({
        "resourceType": "Bundle", "type": "searchset", "total": resources.len(),
        "entry": resources.into_iter().map(|r| json!({"resource": r, "search": {"mode": "match"}})).collect::<Vec<_>>()
    });
    if let Some(next) = next {
        bundle["link"] = json!([{"relation": "next", "url": next}]);
    }
    bundle
}

fn fhir(value: Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/fhir+json")],
        value.to_string(),
    )
        .into_response()
}

/// What the server does.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Fixtures,
    EndlessPages,
    ForeignNext,
    Fails,
    NotJson,
    Slow,
}

async fn serve(mode: Mode) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/fhir", listener.local_addr().unwrap());
    let me = base.clone();
    let app =
        axum::Router::new().fallback(move |uri: Uri, Query(q): Query<HashMap<String, String>>| {
            let base = me.clone();
            async move { answer(mode, &base, uri.path(), &q).await }
        });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

async fn answer(mode: Mode, base: &str, path: &str, q: &HashMap<String, String>) -> Response {
    let kind = path.trim_start_matches("/fhir/");
    match mode {
        Mode::Fails => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        Mode::NotJson => return "<html>maintenance</html>".into_response(),
        Mode::Slow => tokio::time::sleep(Duration::from_secs(5)).await,
        _ => {}
    }
    if kind == "Patient" {
        let wanted = q.get("identifier").cloned().unwrap_or_default();
        let found = if wanted == "https://fhir.nhs.uk/Id/nhs-number|9000000009" {
            vec![fixture("uk-core/pds-api/Patient.json")]
        } else {
            vec![]
        };
        return fhir(searchset(found, None));
    }
    assert_eq!(
        q.get("patient").map(String::as_str),
        Some("9000000009"),
        "{kind} searched by patient"
    );
    let page: u32 = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
    let next = |to: &str| Some(format!("{to}/{kind}?patient=9000000009&page={}", page + 1));
    match (mode, kind) {
        (Mode::EndlessPages, _) => fhir(searchset(vec![], next(base))),
        (Mode::ForeignNext, "Condition") => {
            fhir(searchset(vec![], next("http://127.0.0.2:9/fhir")))
        }
        (_, "Condition") if page == 1 => fhir(searchset(
            vec![fixture(
                "uk-core/ukcore-ig/UKCore-Condition-HipReplacement-Example.json",
            )],
            next(base),
        )),
        (_, "Condition") => fhir(searchset(
            vec![fixture(
                "uk-core/ukcore-ig/UKCore-Condition-BleedingFromEar-Example.json",
            )],
            None,
        )),
        (_, "AllergyIntolerance") => fhir(searchset(
            vec![fixture(
                "uk-core/ukcore-ig/UKCore-AllergyIntolerance-Amoxicillin-Example.json",
            )],
            None,
        )),
        (_, "Immunization") => fhir(searchset(
            vec![fixture(
                "uk-core/ukcore-ig/UKCore-Immunization-InfluenzaVaccine-Example.json",
            )],
            None,
        )),
        (_, "MedicationStatement") => fixture("uk-core/simplifier-backup/MedStat.json").pipe(fhir),
        (_, "Observation") if q.get("category").map(String::as_str) == Some("vital-signs") => {
            fhir(searchset(
                vec![fixture(
                    "uk-core/ukcore-ig/UKCore-Observation-VitalSigns-BloodPressure-Example.json",
                )],
                None,
            ))
        }
        (_, "Observation") => fhir(searchset(
            vec![fixture(
                "uk-core/ukcore-ig/UKCore-Observation-Lab-Albumin-Example.json",
            )],
            None,
        )),
        (_, "Appointment") => fhir(searchset(
            vec![fixture(
                "uk-core/ukcore-ig/UKCore-Appointment-OrthopaedicSurgery-Example.json",
            )],
            None,
        )),
        _ => fhir(searchset(vec![], None)),
    }
}

trait Pipe: Sized {
    fn pipe<T>(self, f: impl FnOnce(Self) -> T) -> T {
        f(self)
    }
}
impl<T> Pipe for T {}

#[tokio::test(flavor = "multi_thread")]
async fn a_patients_record_is_fetched_page_by_page_and_imports_with_the_server_as_system() {
    let base = serve(Mode::Fixtures).await;
    let bytes = fetch_from_server(&base, "900 000 0009", &FetchLimits::default())
        .await
        .unwrap();
    let mut r = ClockedRecord::at(common::utc(2026, 12, 1, 9));
    let report = r
        .record
        .import_fhir(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(report.system, base);
    let count = |kind| {
        r.record
            .entries(
                &EntryFilter {
                    kind: Some(kind),
                    ..Default::default()
                },
                Viewer::Person,
            )
            .unwrap()
            .len()
    };
    assert_eq!(count(EntryKind::Identity), 1);
    assert_eq!(count(EntryKind::Condition), 2, "both pages of conditions");
    assert_eq!(count(EntryKind::Allergy), 1);
    assert_eq!(count(EntryKind::Vaccination), 1);
    assert_eq!(count(EntryKind::Medication), 2);
    assert_eq!(count(EntryKind::TestResult), 1);
    assert_eq!(count(EntryKind::Appointment), 1);
    assert_eq!(
        r.record
            .readings(&Default::default(), Viewer::Person)
            .unwrap()
            .len(),
        1
    );
    let conditions = r
        .record
        .entries(
            &EntryFilter {
                kind: Some(EntryKind::Condition),
                ..Default::default()
            },
            Viewer::Person,
        )
        .unwrap();
    assert!(conditions.iter().all(
        |c| matches!(&c.meta.provenance, Provenance::Imported { system, .. } if *system == base)
    ));
    // Fetched again, nothing is added.
    let again = fetch_from_server(&base, "9000000009", &FetchLimits::default())
        .await
        .unwrap();
    assert!(
        !r.record
            .import_fhir(&again, &ImportOptions::default())
            .unwrap()
            .changed_anything()
    );
}

fn server_error(e: ApiError) -> String {
    match e {
        ApiError::Server { reason } => reason,
        other => panic!("not a server error: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn each_way_a_fetch_fails_is_a_typed_error() {
    let limits = FetchLimits {
        max_pages: 3,
        timeout: Duration::from_millis(500),
        ..FetchLimits::default()
    };
    for url in [
        "http://gp.example.org/fhir",
        "ftp://127.0.0.1/fhir",
        "not a url",
    ] {
        let e = fetch_from_server(url, "9000000009", &limits)
            .await
            .unwrap_err();
        assert!(
            matches!(&e, ApiError::Invalid { field, .. } if field == "base_url"),
            "{url}: {e:?}"
        );
    }
    let base = serve(Mode::Fixtures).await;
    let e = fetch_from_server(&base, "9000000008", &limits)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, ApiError::Invalid { field, .. } if field == "nhs_number"),
        "{e:?}"
    );
    let e = fetch_from_server(&base, "9434765919", &limits)
        .await
        .unwrap_err();
    assert!(server_error(e).contains("no patient"));
    let e = fetch_from_server(&serve(Mode::EndlessPages).await, "9000000009", &limits)
        .await
        .unwrap_err();
    assert!(server_error(e).contains("more than 3 pages"));
    let e = fetch_from_server(&serve(Mode::ForeignNext).await, "9000000009", &limits)
        .await
        .unwrap_err();
    assert!(server_error(e).contains("another server"));
    let e = fetch_from_server(&serve(Mode::Fails).await, "9000000009", &limits)
        .await
        .unwrap_err();
    assert!(server_error(e).contains("answered 500"));
    let e = fetch_from_server(&serve(Mode::NotJson).await, "9000000009", &limits)
        .await
        .unwrap_err();
    assert!(server_error(e).contains("not a FHIR Bundle"));
    let e = fetch_from_server(&serve(Mode::Slow).await, "9000000009", &limits)
        .await
        .unwrap_err();
    assert!(server_error(e).contains("too long"));
    let tiny = FetchLimits {
        max_bytes: 100,
        ..limits
    };
    let e = fetch_from_server(&base, "9000000009", &tiny)
        .await
        .unwrap_err();
    assert!(server_error(e).contains("larger than 100 bytes"));
    let e = fetch_from_server("http://127.0.0.1:9/fhir", "9000000009", &limits)
        .await
        .unwrap_err();
    assert!(server_error(e).contains("could not be reached"));
}
