//! The HL7 SMART Health Links test vectors (`shared/fixtures/fhir/shl/`, described in
//! `shared/fixtures/fhir/SOURCES.md`, section "shl/"): the IG's links parse to their
//! published payloads, its encrypted files decrypt to their published plaintexts, our
//! writer reproduces its links byte for byte, and its quirks are handled.

use phr_core::share::{LinkKey, ShareError, ShlFlags, ShlPayload, decrypt, encrypt};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The IG's key, stated in SOURCES.md and in every payload of the folder.
const IG_KEY: &str = "rxTgYlOaKJPFtcEd0qcceN8wEU4p94SqAwIWQe6uX7Q";
const MIB: usize = 1024 * 1024;

/// The fixtures folder: `shared/` beside the workspace (as in CI), or beside one of its
/// parent folders (a git worktree sits one level deeper than the main checkout).
fn fixtures() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut looked = Vec::new();
    for folder in workspace.ancestors() {
        let candidate = folder.join("../shared/fixtures/fhir/shl");
        if candidate.is_dir() {
            return candidate;
        }
        looked.push(candidate);
    }
    panic!(
        "the SMART Health Links fixtures are missing: no shared/fixtures/fhir/shl beside the \
         workspace (looked at {looked:?})"
    );
}

fn read(name: &str) -> Vec<u8> {
    let path = fixtures().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {path:?}: {e}"))
}

fn read_text(name: &str) -> String {
    String::from_utf8(read(name)).expect("fixture is UTF-8")
}

fn read_json(name: &str) -> Value {
    serde_json::from_slice(&read(name)).expect("fixture is JSON")
}

/// The payload a details file describes, built field by field (not through our parser).
fn expected_payload(details: &Value) -> ShlPayload {
    let text = |name: &str| details[name].as_str().map(str::to_owned);
    let letters = text("flag").unwrap_or_default();
    let mut payload = ShlPayload::new(
        text("url").expect("url"),
        LinkKey::from_base64url(&text("key").expect("key")).expect("key"),
    );
    payload.flags = ShlFlags {
        long_term: letters.contains('L'),
        passcode: letters.contains('P'),
        direct: letters.contains('U'),
    };
    payload.label = text("label");
    payload
}

fn ig_key() -> LinkKey {
    LinkKey::from_base64url(IG_KEY).expect("the IG key")
}

#[test]
fn ips_bundle_decrypts_to_the_published_plaintext() {
    let details = read_json("IPS_IG-bundle-01-shl-details.json");
    let key = LinkKey::from_base64url(
        details["shlinkJsonPayload"]["key"]
            .as_str()
            .expect("key in details"),
    )
    .expect("key");
    let decrypted = decrypt(&key, &read_text("IPS_IG-bundle-01-enc.txt"), MIB).expect("decrypts");
    let plaintext = read("IPS_IG-bundle-01.json");
    assert_eq!(decrypted.plaintext.len(), 60_973);
    assert!(decrypted.plaintext == plaintext, "not byte-identical");
    // Published without `cty` (SOURCES.md): accepted, reported as absent.
    assert_eq!(decrypted.content_type, None);
}

#[test]
fn ips_bundle_is_refused_under_another_key() {
    let mut bytes = *ig_key().as_bytes();
    bytes[31] ^= 1;
    let error = decrypt(
        &LinkKey::from_bytes(bytes),
        &read_text("IPS_IG-bundle-01-enc.txt"),
        MIB,
    )
    .expect_err("wrong key");
    assert!(matches!(error, ShareError::DecryptionFailed), "{error:?}");
}

#[test]
fn ips_bundle_is_refused_when_larger_than_the_limit() {
    let error = decrypt(&ig_key(), &read_text("IPS_IG-bundle-01-enc.txt"), 60_972)
        .expect_err("over the limit");
    assert!(
        matches!(error, ShareError::TooLarge { limit: 60_972 }),
        "{error:?}"
    );
    decrypt(&ig_key(), &read_text("IPS_IG-bundle-01-enc.txt"), 60_973).expect("at the limit");
}

#[test]
fn specification_example_file_decrypts_to_a_health_card_file() {
    let decrypted = decrypt(
        &ig_key(),
        &read_text("links-specification-example-jwe.txt"),
        MIB,
    )
    .expect("decrypts");
    assert_eq!(
        decrypted.content_type.as_deref(),
        Some("application/smart-health-card")
    );
    assert_eq!(decrypted.plaintext.len(), 846);
    let file: Value = serde_json::from_slice(&decrypted.plaintext).expect("JSON");
    let credential = file["verifiableCredential"][0].as_str().expect("a JWS");
    assert!(credential.starts_with("eyJ6aXAiOiJERUYi"), "{credential}");
}

#[test]
fn our_header_is_the_specification_examples_header() {
    let ours = encrypt(&ig_key(), b"{}", "application/smart-health-card", false).expect("enc");
    let theirs = read_text("links-specification-example-jwe.txt");
    assert_eq!(ours.split('.').next(), theirs.split('.').next());
}

#[test]
fn carin_file_is_refused_as_signed_not_encrypted() {
    let error =
        decrypt(&ig_key(), &read_text("CARIN_INS_CD-bundle-01-enc.txt"), MIB).expect_err("a JWS");
    assert!(matches!(error, ShareError::SignedNotEncrypted), "{error:?}");
    assert!(error.to_string().contains("signed"), "{error}");
}

#[test]
fn every_published_link_parses_to_its_details() {
    let ips = read_json("IPS_IG-bundle-01-shl-details.json");
    let ips_payload = expected_payload(&ips["shlinkJsonPayload"]);
    for text in [
        read_text("IPS_IG-bundle-01-shl.txt"),
        ips["shlink"].as_str().expect("bare").to_owned(),
        ips["shlinkBare"].as_str().expect("viewer").to_owned(),
    ] {
        assert_eq!(ShlPayload::from_link(&text).expect(&text), ips_payload);
    }

    let carin = expected_payload(&read_json("CARIN_INS_CD-bundle-01-shl-details.json"));
    assert_eq!(
        ShlPayload::from_link(&read_text("CARIN_INS_CD-bundle-01-shl.txt")).expect("CARIN"),
        carin
    );
    assert!(carin.flags.direct && carin.flags.long_term && !carin.flags.passcode);

    // SOURCES.md gives the decoded JSON of the specification's example link.
    let example = expected_payload(&serde_json::json!({
        "url": "https://ehr.example.org/qr/Y9xwkUdtmN9wwoJoN3ffJIhX2UGvCL1JnlPVNL3kDWM/m",
        "flag": "LP",
        "key": IG_KEY,
        "label": "Back-to-school immunizations for Oliver Brown"
    }));
    // The file ends with a newline, as pasted text often does.
    let text = read_text("links-specification-example-shlink.txt");
    assert!(text.ends_with('\n'));
    assert_eq!(ShlPayload::from_link(&text).expect("example"), example);
}

#[test]
fn our_writer_reproduces_the_published_links() {
    let example = ShlPayload::from_link(&read_text("links-specification-example-shlink.txt"))
        .expect("example");
    assert_eq!(
        example.to_link().expect("writes"),
        read_text("links-specification-example-shlink.txt").trim_end()
    );

    let ips = ShlPayload::from_link(&read_text("IPS_IG-bundle-01-shl.txt")).expect("IPS");
    assert_eq!(
        ips.to_viewer_link("https://viewer.tcpdev.org/shlink.html")
            .expect("writes"),
        read_text("IPS_IG-bundle-01-shl.txt")
    );
    let details = read_json("IPS_IG-bundle-01-shl-details.json");
    assert_eq!(
        Some(ips.to_link().expect("writes").as_str()),
        details["shlink"].as_str()
    );
}

#[test]
fn payload_one_quirks_are_read_as_the_ig_means_them() {
    // As published: `exp` is a string of epoch milliseconds, and the label is under an
    // unknown property `labelzzz` (SOURCES.md, "shl/").
    let published = read("shl-payload-1.json");
    let payload = ShlPayload::from_json(&published).expect("accepted");
    assert_eq!(payload.exp, Some(1_767_225_600)); // 2026-01-01T00:00:00Z in seconds
    assert_eq!(payload.label, None);
    assert_eq!(payload.v, Some(1));
    assert!(payload.supports_version());
    assert_eq!(
        payload.flags,
        ShlFlags {
            long_term: true,
            passcode: true,
            direct: false
        }
    );
    assert_eq!(payload.key, ig_key());
    assert_eq!(
        payload.url,
        "https://ehr.example.org/qr/Y9xwkUdtmN9wwoJoN3ffJIhX2UGvCL1JnlPVNL3kDWM/m"
    );

    // The same JSON inside a link reads the same way, and is written back in seconds.
    let link = format!(
        "shlink:/{}",
        base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            &published
        )
    );
    assert_eq!(ShlPayload::from_link(&link).expect("link"), payload);
    let written = payload.to_json().expect("writes");
    let written: Value = serde_json::from_str(&written).expect("JSON");
    assert_eq!(written["exp"], serde_json::json!(1_767_225_600));
    assert_eq!(written.get("labelzzz"), None);
}

#[test]
fn payload_two_is_a_direct_file_link() {
    let payload = ShlPayload::from_json(&read("shl-payload-2.json")).expect("accepted");
    assert_eq!(
        payload,
        expected_payload(&read_json("IPS_IG-bundle-01-shl-details.json")["shlinkJsonPayload"])
    );
}

#[test]
fn manifest_example_snipped_file_is_refused_without_panicking() {
    let manifest = read_json("shl-manifest-1.json");
    let embedded = manifest["files"][1]["embedded"].as_str().expect("embedded");
    let error = decrypt(&ig_key(), embedded, MIB).expect_err("snipped");
    assert!(
        matches!(
            error,
            ShareError::InvalidJwe {
                part: "compact",
                ..
            }
        ),
        "{error:?}"
    );
}
