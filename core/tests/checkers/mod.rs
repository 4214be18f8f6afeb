//! What the `fhir_*` tests hold the FHIR layer against: FHIR written by others (the
//! shared fixtures, the IPS package's examples) and checkers written by others (FHIR.js,
//! the official R4 JSON schema, Python `fhir.resources`, the IPS invariants through
//! `fhirpathpy`). The checker programs are beside this file; `scripts/setup-checkers.sh`
//! installs what they run on and `scripts/test.sh` sets the two variables below.

#![allow(dead_code)] // each test file uses a different part

pub mod sample;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The shared third-party FHIR fixtures: `PHR_FHIR_FIXTURES`, or `shared/fixtures/fhir`
/// in the nearest folder above this crate that has one (`../../shared` from a checkout
/// beside `shared/`, one more level from a worktree).
pub fn fixtures_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PHR_FHIR_FIXTURES") {
        return PathBuf::from(dir);
    }
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate_dir
        .ancestors()
        .map(|a| a.join("shared/fixtures/fhir"))
        .find(|d| d.join("SOURCES.md").is_file())
        .unwrap_or_else(|| {
            panic!(
                "the FHIR fixtures are missing: expected shared/fixtures/fhir (with SOURCES.md) \
                 in a folder above {}, or PHR_FHIR_FIXTURES set to it",
                crate_dir.display()
            )
        })
}

/// A fixture by its path inside the fixtures folder.
pub fn fixture(relative: &str) -> PathBuf {
    let path = fixtures_dir().join(relative);
    assert!(path.is_file(), "fixture {} is missing", path.display());
    path
}

/// Every JSON fixture that is FHIR: all but the SMART Health Links payloads, manifest
/// and decoded-link details in `shl/` (its IPS Bundle is FHIR and is included).
pub fn fhir_fixtures() -> Vec<PathBuf> {
    let mut found = Vec::new();
    walk(&fixtures_dir(), &mut found);
    found.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        name.ends_with(".json")
            && !(name.starts_with("shl-") || name.ends_with("-shl-details.json"))
    });
    found.sort();
    // 39 when collected (SOURCES.md): 20 UK Core JSON, 19 others.
    assert!(
        found.len() >= 39,
        "only {} FHIR fixtures found",
        found.len()
    );
    found
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            walk(&path, found);
        } else {
            found.push(path);
        }
    }
}

/// A path for messages: inside the fixtures folder when it is one.
pub fn short(path: &Path) -> String {
    let fixtures = fixtures_dir();
    path.strip_prefix(&fixtures)
        .or_else(|_| path.strip_prefix(path.parent().and_then(Path::parent).unwrap_or(path)))
        .unwrap_or(path)
        .display()
        .to_string()
}

/// `PHR_CHECKERS_NODE_MODULES`, or a note that the test is skipped.
pub fn node_modules(test: &str) -> Option<PathBuf> {
    checker_var("PHR_CHECKERS_NODE_MODULES", test)
}

/// `PHR_CHECKERS_PYTHON`, or a note that the test is skipped.
pub fn python(test: &str) -> Option<PathBuf> {
    checker_var("PHR_CHECKERS_PYTHON", test)
}

fn checker_var(name: &str, test: &str) -> Option<PathBuf> {
    match std::env::var_os(name) {
        Some(value) if !value.is_empty() => Some(PathBuf::from(value)),
        _ => {
            println!("skipped: {test} needs {name} (scripts/test.sh sets it)");
            None
        }
    }
}

/// The five example Bundles of the IPS package (hl7.fhir.uv.ips 2.0.0).
pub fn ips_examples(node_modules: &Path) -> Vec<PathBuf> {
    let dir = node_modules.join("hl7.fhir.uv.ips/example");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/setup-checkers.sh)", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("Bundle-") && n.ends_with(".json"))
        })
        .collect();
    found.sort();
    assert_eq!(
        found.len(),
        5,
        "the IPS package should hold 5 example Bundles"
    );
    found
}

/// A checker program beside this file.
pub fn program(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/checkers")
        .join(name)
}

/// What a checker said about each file: `(file, problems)`, no problems meaning OK.
pub type Verdicts = Vec<(PathBuf, Vec<String>)>;

/// Runs a checker on `files`. Each checker prints one line per problem and one `OK`
/// line per clean file, each `FILE<TAB>TEXT`, and exits 0 (all OK), 1 (problems) or
/// 2 (it could not run: that fails the test).
pub fn run(command: &mut Command, files: &[PathBuf]) -> Verdicts {
    let output = command.args(files).output().expect("start the checker");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "the checker could not run ({:?}): {command:?}\n{stdout}\n{stderr}",
        output.status
    );
    let mut verdicts: Verdicts = files.iter().map(|f| (f.clone(), Vec::new())).collect();
    let mut answered = vec![false; files.len()];
    for line in stdout.lines() {
        let Some((file, text)) = line.split_once('\t') else {
            continue;
        };
        let Some(at) = files.iter().position(|f| f.as_os_str() == file) else {
            panic!("the checker named a file it was not given: {line}");
        };
        answered[at] = true;
        if text != "OK" {
            verdicts[at].1.push(text.to_owned());
        }
    }
    for (file, said) in files.iter().zip(answered) {
        assert!(
            said,
            "the checker said nothing about {}:\n{stdout}\n{stderr}",
            file.display()
        );
    }
    verdicts
}

/// Node with the checkers' modules.
pub fn node(node_modules: &Path, program_name: &str) -> Command {
    let mut command = Command::new("node");
    command
        .arg(program(program_name))
        .env("PHR_CHECKERS_NODE_MODULES", node_modules);
    command
}

/// The checkers' Python.
pub fn python_checker(python: &Path, program_name: &str) -> Command {
    let mut command = Command::new(python);
    command.arg(program(program_name));
    command
}

/// Writes `json` to a fresh file for a checker to read.
pub fn write_temp(dir: &Path, name: &str, json: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, json).expect("write a file for the checkers");
    path
}
