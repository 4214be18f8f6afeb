//! `phr import fhir` and `phr export fhir`: every FHIR fixture written by others imports
//! (a second import adds nothing), everything not mapped is listed with its reason, a
//! dry run changes nothing, and the demo's export holds no private entry.

mod common;

use common::*;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    // `shared/` beside the checkout (one level further up from a worktree).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared/fixtures/fhir"))
        .find(|p| p.join("SOURCES.md").is_file())
        .expect("shared/fixtures/fhir beside the checkout");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in read.flatten() {
            let path = entry.path();
            if path.is_dir() {
                // SMART Health Links fixtures are links and manifests, not FHIR.
                if path.file_name().is_some_and(|n| n != "shl") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_fixture_imports_reports_what_it_did_not_map_and_imports_once() {
    let files = fixtures();
    assert!(files.len() >= 10, "the fixtures are there: {files:?}");
    for file in files {
        let phr = Phr::new();
        phr.run(&["init"]).assert_ok();
        let path = file.to_str().expect("utf-8 path");
        let dry = phr
            .run(&["import", "fhir", path, "--dry-run", "--json"])
            .assert_ok()
            .json();
        assert_eq!(dry["dry_run"], true);
        let first = phr
            .run(&["import", "fhir", path, "--json"])
            .assert_ok()
            .json();
        let items = first["items"].as_array().cloned().unwrap_or_default();
        assert_eq!(
            dry["items"].as_array().map(Vec::len),
            Some(items.len()),
            "{path}: a dry run says what the import does"
        );
        for item in &items {
            if item["outcome"] == "not_mapped" || item["outcome"] == "not_imported" {
                assert!(item["reason"].is_string(), "{path}: no reason for {item}");
            }
        }
        let again = phr
            .run(&["import", "fhir", path, "--json"])
            .assert_ok()
            .json();
        for item in again["items"].as_array().cloned().unwrap_or_default() {
            assert!(
                item["outcome"] != "added" && item["outcome"] != "updated",
                "{path}: a second import changed {item}"
            );
        }
    }
}

#[test]
fn the_demo_export_is_an_ips_document_with_no_private_entry() {
    let phr = Phr::new();
    phr.run(&["demo"]).assert_ok();
    let out = phr.path("ips.json");
    phr.run(&["export", "fhir", "--out", out.to_str().expect("path")])
        .assert_ok();
    let text = std::fs::read_to_string(&out).expect("written");
    let bundle: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "document");
    let first = &bundle["entry"][0]["resource"];
    assert_eq!(first["resourceType"], "Composition");
    assert_eq!(first["type"]["coding"][0]["code"], "60591-5");
    for private in [
        "bus driver",
        "Private physiotherapy",
        "Acupuncture",
        "Carers' support group",
    ] {
        assert!(
            !text.contains(private),
            "a private entry was exported: {private}"
        );
    }
    // Never over an existing file, and never the person's own view.
    let again = phr.run(&["export", "fhir", "--out", out.to_str().expect("path")]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    phr.run(&["export", "fhir", "--viewer", "person"])
        .assert_error(2, "someone else");
}

#[test]
fn malformed_input_names_the_file_and_changes_nothing() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    let bad = phr.path("bad.json");
    std::fs::write(
        &bad,
        r#"{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Condition","code":{"coding":[{"system":5}]}}}]}"#,
    )
    .expect("write");
    let before = phr.record_files(&phr.record);
    let run = phr.run(&["import", "fhir", bad.to_str().expect("path")]);
    run.assert_error(2, "entry[0].resource.code.coding[0].system");
    assert_eq!(before, phr.record_files(&phr.record), "nothing was written");
    phr.run(&["import", "fhir", "https://fhir.example.org/R4"])
        .assert_error(2, "--nhs-number");
}
