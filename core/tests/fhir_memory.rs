//! How much memory parsing takes, measured: the peak resident size (Linux `VmHWM`)
//! of a fresh process per case, above what it held before parsing. Each case runs as
//! a child of this test binary, so no other test and no earlier case moves the peak.

use std::process::Command;

use phr_core::fhir::{FhirError, Resource, parse_input, parse_resource};

const SCENARIO: &str = "PHR_FHIR_MEMORY_SCENARIO";

/// A `/proc/self/status` field in bytes.
fn status_bytes(field: &str) -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    Some(line.split_whitespace().nth(1)?.parse::<usize>().ok()? * 1024)
}

/// A Bundle of `n` glucose Observations, keys in FHIR's order or sorted.
fn readings(n: usize, sorted_keys: bool) -> Vec<u8> {
    let observation = if sorted_keys {
        r#"{"code":{"coding":[{"code":"14743-9","system":"http://loinc.org"}],"text":"Glucose"},"effectiveDateTime":"2026-11-30T08:00:00+00:00","id":"ID","resourceType":"Observation","status":"final","valueQuantity":{"code":"mmol/L","system":"http://unitsofmeasure.org","unit":"mmol/L","value":5.40}}"#
    } else {
        r#"{"resourceType":"Observation","id":"ID","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"14743-9"}],"text":"Glucose"},"effectiveDateTime":"2026-11-30T08:00:00+00:00","valueQuantity":{"value":5.40,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}}"#
    };
    let entries: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"resource":{}}}"#,
                observation.replace("ID", &format!("o{i}"))
            )
        })
        .collect();
    let entries = entries.join(",");
    if sorted_keys {
        format!(r#"{{"entry":[{entries}],"resourceType":"Bundle","type":"collection"}}"#)
            .into_bytes()
    } else {
        format!(r#"{{"resourceType":"Bundle","type":"collection","entry":[{entries}]}}"#)
            .into_bytes()
    }
}

/// The input of a case, and whether it should parse.
fn case(name: &str) -> (Vec<u8>, bool) {
    match name {
        // A 10 MB string in a field.
        "string" => {
            let mut input = br#"{"resourceType":"Patient","name":[{"family":""#.to_vec();
            input.resize(input.len() + 10 * 1024 * 1024, b'A');
            input.extend_from_slice(br#""}]}"#);
            (input, true)
        }
        "ordered" => (readings(20_000, false), true),
        "sorted" => (readings(20_000, true), true),
        // 1 MB of empty components: each 11 bytes of JSON, hundreds of bytes typed.
        "empty_components" => {
            let parts = vec![r#"{"code":{}}"#; 90_000].join(",");
            let text = format!(
                r#"{{"resourceType":"Observation","status":"final","code":{{}},"component":[{parts}]}}"#
            );
            (text.into_bytes(), false)
        }
        other => panic!("no case {other}"),
    }
}

/// Runs in the child: parses the case and prints what the peak grew by.
#[test]
fn memory_case() {
    let Ok(name) = std::env::var(SCENARIO) else {
        return; // only as a child of `parsing_takes_a_bounded_multiple_of_the_input`
    };
    let (input, _) = case(&name);
    let before = status_bytes("VmRSS:").expect("VmRSS");
    std::fs::write("/proc/self/clear_refs", "5").expect("reset the peak");
    let result = parse_input(&input);
    let peak = status_bytes("VmHWM:").expect("VmHWM");
    let outcome = match &result {
        Ok(_) => "parsed".to_owned(),
        Err(FhirError::TooMuchMemory { .. }) => "too-much-memory".to_owned(),
        Err(e) => format!("error {e}"),
    };
    println!(
        "MEASURED {} {} {outcome}",
        peak.saturating_sub(before),
        input.len()
    );
}

fn measure(name: &str) -> (usize, usize, String) {
    let output = Command::new(std::env::current_exe().expect("this test binary"))
        .args(["--exact", "memory_case", "--nocapture", "--test-threads=1"])
        .env(SCENARIO, name)
        .output()
        .expect("run the case");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("MEASURED ").map(|(_, rest)| rest))
        .unwrap_or_else(|| {
            panic!(
                "case {name} said nothing:\n{stdout}\n{}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
    let mut parts = line.trim().splitn(3, ' ');
    let mut number = || -> usize {
        parts
            .next()
            .and_then(|p| p.parse().ok())
            .expect("a number in the case's line")
    };
    let (grew, size) = (number(), number());
    (
        grew,
        size,
        parts.next().expect("the case's outcome").to_owned(),
    )
}

#[test]
fn parsing_takes_a_bounded_multiple_of_the_input() {
    if status_bytes("VmHWM:").is_none() || std::fs::write("/proc/self/clear_refs", "5").is_err() {
        println!("skipped: needs Linux /proc/self/status and clear_refs");
        return;
    }
    // (case, most the peak may grow, in multiples of the input)
    for (name, most) in [
        ("string", 2),
        ("ordered", 16),
        ("sorted", 16),
        ("empty_components", 40),
    ] {
        let (grew, size, outcome) = measure(name);
        let ratio = grew as f64 / size as f64;
        println!(
            "{name}: {} KB of input, peak grew {} KB ({ratio:.1}x), {outcome}",
            size / 1024,
            grew / 1024
        );
        let (_, parses) = case(name);
        assert_eq!(
            outcome,
            if parses { "parsed" } else { "too-much-memory" },
            "{name}"
        );
        assert!(
            grew < most * size,
            "{name}: peak grew {ratio:.1} times the input"
        );
    }
}

#[test]
fn the_cases_read_as_intended() {
    // The same inputs, parsed here for their content (not measured).
    let Ok(Resource::Bundle(b)) = parse_resource(&readings(3, true)) else {
        panic!("sorted readings")
    };
    assert_eq!(b.entry.len(), 3);
    assert!(parse_input(&case("string").0).is_ok());
}
