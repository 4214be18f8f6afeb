//! The FHIR layer held against checkers written by others, run for real: FHIR.js, the
//! official R4 JSON schema, Python `fhir.resources` (R4) and the IPS invariants through
//! `fhirpathpy`. `scripts/setup-checkers.sh` installs them; without
//! `PHR_CHECKERS_NODE_MODULES` / `PHR_CHECKERS_PYTHON` these tests say they are skipped.
//! docs/fhir.md ("Independent checkers") records what each accepts and misses; the
//! tables here are those records, checked.

mod checkers;

use std::path::{Path, PathBuf};

use checkers::{Verdicts, sample};
use phr_core::fhir::{Bundle, Resource, ips_problems, parse_resource};
use serde_json::{Value, json};

fn write_bundle(dir: &Path, name: &str, bundle: &Bundle) -> PathBuf {
    let text = serde_json::to_string_pretty(&Resource::Bundle(Box::new(bundle.clone())))
        .expect("a Bundle as JSON");
    checkers::write_temp(dir, name, &text)
}

/// Our own documents: the full summary, the sparse one.
fn our_documents(dir: &Path) -> Vec<PathBuf> {
    vec![
        write_bundle(dir, "full-summary.json", &sample::full_document()),
        write_bundle(dir, "sparse-summary.json", &sample::sparse_document()),
    ]
}

fn assert_all_ok(checker: &str, verdicts: &Verdicts) {
    for (file, problems) in verdicts {
        assert!(
            problems.is_empty(),
            "{checker} rejects {}: {problems:?}",
            checkers::short(file)
        );
    }
}

/// The files a checker rejects, by their path inside `base`.
fn rejected(verdicts: &Verdicts, base: &Path) -> Vec<(String, Vec<String>)> {
    verdicts
        .iter()
        .filter(|(_, p)| !p.is_empty())
        .map(|(f, p)| {
            (
                f.strip_prefix(base).unwrap_or(f).display().to_string(),
                p.clone(),
            )
        })
        .collect()
}

#[test]
fn our_documents_pass_every_checker() {
    let (Some(modules), Some(python)) = (
        checkers::node_modules("our documents against the checkers"),
        checkers::python("our documents against the checkers"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = our_documents(dir.path());
    assert_all_ok(
        "FHIR.js",
        &checkers::run(&mut checkers::node(&modules, "fhirjs.mjs"), &files),
    );
    assert_all_ok(
        "the R4 JSON schema",
        &checkers::run(&mut checkers::node(&modules, "json_schema.mjs"), &files),
    );
    assert_all_ok(
        "fhir.resources",
        &checkers::run(
            &mut checkers::python_checker(&python, "fhir_resources.py"),
            &files,
        ),
    );
    let mut ips = checkers::python_checker(&python, "ips_invariants.py");
    ips.env("PHR_CHECKERS_NODE_MODULES", &modules);
    assert_all_ok("the IPS invariants", &checkers::run(&mut ips, &files));
}

#[test]
fn the_ips_invariants_and_our_ips_rules_agree_on_broken_documents() {
    let (Some(modules), Some(python)) = (
        checkers::node_modules("broken documents against the IPS invariants"),
        checkers::python("broken documents against the IPS invariants"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // No allergies section; a problems section with entries and an empty reason too.
    let mut no_allergies = sample::full_document();
    let Some(Resource::Composition(c)) = no_allergies.entry[0].resource.as_mut() else {
        panic!()
    };
    c.section
        .retain(|s| s.title.as_deref() != Some("Allergies and Intolerances"));
    c.section[0].empty_reason = Some(phr_core::fhir::datatypes::CodeableConcept::from_text(
        "none",
    ));
    // No identifier.
    let mut unidentified = sample::sparse_document();
    unidentified.identifier = None;
    let broken = [
        (&no_allergies, "no-allergies.json"),
        (&unidentified, "unidentified.json"),
    ];
    let files: Vec<PathBuf> = broken
        .iter()
        .map(|(b, name)| write_bundle(dir.path(), name, b))
        .collect();
    let mut ips = checkers::python_checker(&python, "ips_invariants.py");
    ips.env("PHR_CHECKERS_NODE_MODULES", &modules);
    let verdicts = checkers::run(&mut ips, &files);
    let said = |at: usize| verdicts[at].1.join("\n");
    assert!(
        said(0).contains("sectionAllergies appears 0 times") && said(0).contains("cmp-2"),
        "{}",
        said(0)
    );
    assert!(said(1).contains("bdl-9"), "{}", said(1));
    let ours = |b: &Bundle| ips_problems(b).join("\n");
    assert!(ours(&no_allergies).contains("48765-2") && ours(&no_allergies).contains("cmp-2"));
    assert!(ours(&unidentified).contains("bdl-9"));
}

/// The fixtures and the IPS examples, as they are.
fn third_party_files(modules: &Path) -> Vec<PathBuf> {
    let mut files = checkers::fhir_fixtures();
    files.extend(checkers::ips_examples(modules));
    files
}

/// FHIR.js's verdicts on the fixtures: these three rejected, for these reasons, in
/// the order of their paths.
const FHIRJS_REJECTS: [(&str, &str); 3] = [
    // `basedOn[0].type` is "serviceRequest", not a resource type (SOURCES.md).
    (
        "uk-core/bars-api/appointment/id/GET-success.json",
        "Appointment.basedOn[0]: Invalid type for reference",
    ),
    // A choice element whose value is `false` reads as missing to FHIR.js.
    (
        "uk-core/prescriptions-for-patients/success.json",
        "MedicationRequest.substitution.allowed[x]: Missing property",
    ),
    (
        "uk-core/ukcore-ig/UKCore-MedicationRequest-Amoxicillin-Example.json",
        "MedicationRequest.substitution.allowed[x]: Missing property",
    ),
];

/// FHIR.js rejects the three above; the schema and fhir.resources reject none.
fn check_fixture_verdicts(
    modules: &Path,
    python: &Path,
    files: &[PathBuf],
    base: &Path,
    label: &str,
) {
    let fhirjs = rejected(
        &checkers::run(&mut checkers::node(modules, "fhirjs.mjs"), files),
        base,
    );
    let names: Vec<&str> = fhirjs.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(names, FHIRJS_REJECTS.map(|(f, _)| f), "{label}: FHIR.js");
    for ((file, problems), (_, reason)) in fhirjs.iter().zip(FHIRJS_REJECTS) {
        assert!(
            problems.iter().all(|p| p.starts_with(reason)),
            "{label}: {file}: {problems:?}"
        );
    }
    let schema = checkers::run(&mut checkers::node(modules, "json_schema.mjs"), files);
    assert_eq!(rejected(&schema, base), [], "{label}: the R4 JSON schema");
    let python = checkers::run(
        &mut checkers::python_checker(python, "fhir_resources.py"),
        files,
    );
    assert_eq!(rejected(&python, base), [], "{label}: fhir.resources");
}

#[test]
fn the_checkers_judge_the_fixtures_as_recorded() {
    let (Some(modules), Some(python)) = (
        checkers::node_modules("fixtures against the checkers"),
        checkers::python("fixtures against the checkers"),
    ) else {
        return;
    };
    let files = third_party_files(&modules);
    check_fixture_verdicts(
        &modules,
        &python,
        &files,
        &checkers::fixtures_dir(),
        "as published",
    );
    let mut ips = checkers::python_checker(&python, "ips_invariants.py");
    ips.env("PHR_CHECKERS_NODE_MODULES", &modules);
    let mut documents = checkers::ips_examples(&modules);
    documents.push(checkers::fixture("shl/IPS_IG-bundle-01.json"));
    assert_all_ok("the IPS invariants", &checkers::run(&mut ips, &documents));
}

#[test]
fn what_we_write_back_is_judged_exactly_as_what_we_read() {
    let (Some(modules), Some(python)) = (
        checkers::node_modules("written-back fixtures against the checkers"),
        checkers::python("written-back fixtures against the checkers"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut written = Vec::new();
    let fixtures = checkers::fixtures_dir();
    for file in third_party_files(&modules) {
        let resource = parse_resource(&std::fs::read(&file).unwrap()).unwrap();
        let relative = file
            .strip_prefix(&fixtures)
            .unwrap_or_else(|_| Path::new(file.file_name().unwrap()));
        let target = dir.path().join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, serde_json::to_vec(&resource).unwrap()).unwrap();
        written.push(target);
    }
    check_fixture_verdicts(&modules, &python, &written, dir.path(), "written back");
}

/// Small resources each breaking one rule, and who notices. Columns: FHIR.js, the R4
/// JSON schema, fhir.resources, our parser (`parse_resource`).
fn probes() -> Vec<(&'static str, Value, [bool; 4])> {
    let text = json!({"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"});
    vec![
        (
            "unknown element",
            json!({"resourceType": "Patient", "nonsense": true}),
            [true, true, true, false],
        ),
        (
            "wrong primitive type",
            json!({"resourceType": "Patient", "active": "yes"}),
            [true, true, false, true],
        ),
        (
            "decimal as a string",
            json!({"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": "5.4"}}),
            [true, true, false, true],
        ),
        (
            "code outside its required value set",
            json!({"resourceType": "Patient", "gender": "F"}),
            [true, true, false, false],
        ),
        (
            "missing required element",
            json!({"resourceType": "Observation", "code": {"text": "x"}}),
            [true, false, true, true],
        ),
        (
            "date in the wrong format",
            json!({"resourceType": "Patient", "birthDate": "22/10/2010"}),
            [false, true, true, false],
        ),
        (
            "id too long, with spaces",
            json!({"resourceType": "Patient", "id": "far too long for an id because FHIR ids have at most sixty-four"}),
            [false, true, true, false],
        ),
        (
            "empty object (ele-1)",
            json!({"resourceType": "Patient", "name": [{}]}),
            [false, false, false, false],
        ),
        (
            "reference type not a resource",
            json!({"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/1", "type": "notAType"}}),
            [true, false, false, false],
        ),
        (
            "section with entries and emptyReason (cmp-2)",
            json!({"resourceType": "Composition", "status": "final", "type": {"text": "x"}, "date": "2020", "author": [{"display": "a"}], "title": "t", "section": [{"title": "s", "text": text, "entry": [{"reference": "Patient/1"}], "emptyReason": {"text": "x"}}]}),
            [false, false, false, false],
        ),
        (
            "a choice element that is false",
            json!({"resourceType": "MedicationRequest", "status": "active", "intent": "order", "medicationCodeableConcept": {"text": "x"}, "subject": {"reference": "Patient/1"}, "substitution": {"allowedBoolean": false}}),
            [true, false, false, false],
        ),
        (
            "unknown resource type",
            json!({"resourceType": "NotAResource", "id": "x"}),
            [false, true, true, false],
        ),
    ]
}

#[test]
fn what_each_checker_notices_is_as_recorded() {
    let (Some(modules), Some(python)) = (
        checkers::node_modules("probes against the checkers"),
        checkers::python("probes against the checkers"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let probes = probes();
    let files: Vec<PathBuf> = probes
        .iter()
        .enumerate()
        .map(|(i, (_, json, _))| {
            checkers::write_temp(dir.path(), &format!("probe-{i}.json"), &json.to_string())
        })
        .collect();
    let columns = [
        checkers::run(&mut checkers::node(&modules, "fhirjs.mjs"), &files),
        checkers::run(&mut checkers::node(&modules, "json_schema.mjs"), &files),
        checkers::run(
            &mut checkers::python_checker(&python, "fhir_resources.py"),
            &files,
        ),
    ];
    for (i, (name, json, expected)) in probes.iter().enumerate() {
        let ours = parse_resource(json.to_string().as_bytes()).is_err();
        let got = [
            !columns[0][i].1.is_empty(),
            !columns[1][i].1.is_empty(),
            !columns[2][i].1.is_empty(),
            ours,
        ];
        assert_eq!(
            &got, expected,
            "{name}: [FHIR.js, schema, fhir.resources, ours] noticed {got:?}"
        );
    }
}
