//! Independent implementations hold our output to account: two JOSE libraries
//! (jwcrypto, joserfc) decrypt our files byte for byte and encrypt files that we must
//! decrypt; zxing-cpp reads our QR codes back. They run from the Python environment
//! that `scripts/setup-checkers.sh` makes (`PHR_CHECKERS_PYTHON`), through the small
//! scripts in `tests/checkers/`.

use phr_core::share::{LinkKey, ShlPayload, decrypt, encrypt, qr_png};
use serde_json::Value;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

const LIBRARIES: [&str; 2] = ["jwcrypto", "joserfc"];
const FHIR: &str = "application/fhir+json";
const LIMIT: usize = 64 * 1024 * 1024;

/// The checkers' Python, or `None` (after saying so) when it is not set up.
fn python() -> Option<PathBuf> {
    match std::env::var_os("PHR_CHECKERS_PYTHON") {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => {
            println!("skipped: PHR_CHECKERS_PYTHON is not set (scripts/test.sh sets it)");
            None
        }
    }
}

/// Runs a checker script and returns what it printed; fails the test with the
/// script's error output if it refused.
fn run(python: &Path, script: &str, args: &[&OsStr]) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/checkers")
        .join(script);
    let output = Command::new(python)
        .arg(&script)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python:?}: {e}"));
    assert!(
        output.status.success(),
        "{script:?} {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn small_patient() -> Vec<u8> {
    r#"{"resourceType":"Patient","name":[{"family":"Smith","given":["Alex"]}],"birthDate":"1957-03-14"}"#
        .as_bytes()
        .to_vec()
}

/// Twenty years of glucose readings as a FHIR Bundle: over 5 MB that deflates to well
/// over jwcrypto's default limit of 256 KiB, as a real record's history would.
fn large_bundle() -> Vec<u8> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let entries: Vec<String> = (0..29_200)
        .map(|i| {
            // A small linear congruential generator: varied values, reproducible runs.
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let tenths = 40 + (state >> 33) % 120;
            format!(
                r#"{{"resource":{{"resourceType":"Observation","id":"g{i}-{:x}","status":"final","code":{{"coding":[{{"system":"http://loinc.org","code":"14743-9"}}]}},"effectiveDateTime":"2016-{:02}-{:02}T{:02}:{:02}:00Z","valueQuantity":{{"value":{}.{},"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}}}}}}"#,
                state >> 40,
                1 + i % 12,
                1 + i % 28,
                (state >> 20) % 24,
                (state >> 12) % 60,
                tenths / 10,
                tenths % 10
            )
        })
        .collect();
    format!(
        r#"{{"resourceType":"Bundle","type":"collection","entry":[{}]}}"#,
        entries.join(",")
    )
    .into_bytes()
}

#[test]
fn independent_libraries_decrypt_our_files_byte_for_byte() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let key = LinkKey::generate();
    let key_file = dir.path().join("key.txt");
    std::fs::write(&key_file, key.to_base64url().as_bytes()).expect("write key");

    let large = large_bundle();
    assert!(large.len() > 5_000_000, "{}", large.len());
    for (name, plaintext) in [("small", small_patient()), ("large", large)] {
        for compress in [false, true] {
            let compact = encrypt(&key, &plaintext, FHIR, compress).expect("encrypts");
            if name == "large" {
                // Past both libraries' default limits (256 KiB compressed, 250 KiB
                // inflated), which the scripts raise as an SHL client must.
                assert!(compact.len() / 4 * 3 > 300 * 1024, "{}", compact.len());
            }
            let jwe_file = dir.path().join(format!("{name}-{compress}.jwe"));
            std::fs::write(&jwe_file, &compact).expect("write jwe");
            for library in LIBRARIES {
                let out = dir.path().join(format!("{name}-{compress}-{library}.out"));
                let header = run(
                    &python,
                    "jwe_decrypt.py",
                    &[
                        library.as_ref(),
                        key_file.as_os_str(),
                        jwe_file.as_os_str(),
                        out.as_os_str(),
                    ],
                );
                let decrypted = std::fs::read(&out).expect("plaintext");
                assert!(
                    decrypted == plaintext,
                    "{library} decrypted {name} (zip {compress}) to other bytes"
                );
                let header: Value = serde_json::from_str(&header).expect("header JSON");
                assert_eq!(header["alg"], "dir", "{library}");
                assert_eq!(header["enc"], "A256GCM", "{library}");
                assert_eq!(header["cty"], FHIR, "{library}");
                let zip = if compress { "DEF".into() } else { Value::Null };
                assert_eq!(header.get("zip").cloned().unwrap_or(Value::Null), zip);
            }
        }
    }
}

#[test]
fn we_decrypt_files_from_independent_libraries() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let key = LinkKey::generate();
    let key_file = dir.path().join("key.txt");
    std::fs::write(&key_file, key.to_base64url().as_bytes()).expect("write key");

    for (name, plaintext) in [("small", small_patient()), ("large", large_bundle())] {
        let plaintext_file = dir.path().join(format!("{name}.json"));
        std::fs::write(&plaintext_file, &plaintext).expect("write plaintext");
        for library in LIBRARIES {
            for zip in ["none", "DEF"] {
                let jwe_file = dir.path().join(format!("{name}-{library}-{zip}.jwe"));
                run(
                    &python,
                    "jwe_encrypt.py",
                    &[
                        library.as_ref(),
                        key_file.as_os_str(),
                        plaintext_file.as_os_str(),
                        FHIR.as_ref(),
                        zip.as_ref(),
                        jwe_file.as_os_str(),
                    ],
                );
                let compact = std::fs::read_to_string(&jwe_file).expect("jwe");
                let decrypted = decrypt(&key, &compact, LIMIT)
                    .unwrap_or_else(|e| panic!("{library} {name} zip {zip}: {e}"));
                assert!(
                    decrypted.plaintext == plaintext,
                    "{library} {name} zip {zip}: other bytes"
                );
                assert_eq!(decrypted.content_type.as_deref(), Some(FHIR));
            }
        }
    }
}

#[test]
fn an_independent_reader_reads_our_qr_codes() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().expect("temp dir");

    let mut payload = ShlPayload::new(
        "https://shl.example.org/m/I91rhba3VsuGXGchcnr6VHlQFKxfE28kuZ0ssbEuxno",
        LinkKey::generate(),
    );
    payload.flags.passcode = true;
    payload.exp = Some(1_767_225_600);
    payload.label = Some("Alex Smith: allergies, medicines and emergency contacts".into());
    let viewer_link = payload
        .to_viewer_link("https://viewer.example/")
        .expect("link");
    let mut long_term = payload.clone();
    long_term.flags.passcode = false;
    long_term.flags.long_term = true;
    long_term.url = format!("https://shl.example.org/manifests/{}", "x".repeat(94));
    long_term.label = Some("é".repeat(80));

    for (name, text) in [
        ("viewer", viewer_link),
        ("bare", payload.to_link().expect("link")),
        (
            "longest",
            long_term
                .to_viewer_link("https://viewer.example/")
                .expect("link"),
        ),
    ] {
        let image = dir.path().join(format!("{name}.png"));
        std::fs::write(&image, qr_png(&text).expect("png")).expect("write png");
        let read: Value =
            serde_json::from_str(&run(&python, "qr_read.py", &[image.as_os_str()])).expect("JSON");
        let codes = read.as_array().expect("a list");
        assert_eq!(codes.len(), 1, "{name}: {read}");
        assert_eq!(codes[0]["text"], text.as_str(), "{name}");
        assert_eq!(codes[0]["format"], "QR Code", "{name}");
        assert_eq!(codes[0]["ec_level"], "M", "{name}");
    }
}
