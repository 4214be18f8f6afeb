//! The layers point down (ARCHITECTURE.md): each module of the core may use only the
//! modules below it. The use-case layer (`api/`) composes the rest; nothing calls up into
//! it, and in particular the store never calls the rules. This reads every source file's
//! `crate::` paths, so an upward import fails here the day it is written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What each top-level module may use (besides itself).
fn allowed() -> BTreeMap<&'static str, &'static [&'static str]> {
    BTreeMap::from([
        ("model", &[][..]),
        ("keys", &[][..]),
        ("clock", &[][..]),
        ("share", &[][..]),
        ("store", &["model", "keys"][..]),
        ("rules", &["model", "store"][..]),
        ("messages", &["model", "store", "rules"][..]),
        ("fhir", &["model", "store"][..]),
        ("devices", &["model", "store", "rules", "clock"][..]),
        ("relay_client", &["share"][..]),
        (
            "api",
            &[
                "model",
                "keys",
                "clock",
                "share",
                "store",
                "rules",
                "messages",
                "fhir",
                "devices",
                "relay_client",
            ][..],
        ),
    ])
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read the sources") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file names as `crate::<module>`.
fn uses(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            found.insert(name);
        }
    }
    found
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed = allowed();
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).expect("inside src");
        let module = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|m| m.trim_end_matches(".rs").to_owned())
            .expect("a module");
        if module == "lib" {
            continue;
        }
        let Some(may) = allowed.get(module.as_str()) else {
            wrong.push(format!(
                "{}: module `{module}` has no place in the layers",
                relative.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("read");
        for used in uses(&text) {
            if used != module && !may.contains(&used.as_str()) {
                wrong.push(format!(
                    "{}: `{module}` uses `crate::{used}`",
                    relative.display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "upward or sideways imports:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_sees_an_upward_import() {
    assert!(uses("use crate::rules::evaluate;\nuse super::x;").contains("rules"));
    assert!(!uses("use super::rules;").contains("rules"));
}
