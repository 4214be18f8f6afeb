//! SMART Health Link payloads: what we write follows every rule of the IG, what we
//! receive is read leniently where harmless and strictly where safety needs it, and no
//! input makes the parser panic.

use base64::Engine;
use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use phr_core::share::{
    LinkKey, MAX_LABEL_CHARS, MAX_URL_CHARS, ShareError, ShlFlags, ShlPayload, new_manifest_id,
};
use proptest::prelude::*;
use serde_json::{Value, json};

const URL: &str = "https://shl.example.org/m/I91rhba3VsuGXGchcnr6VHlQFKxfE28kuZ0ssbEuxno";

fn payload() -> ShlPayload {
    ShlPayload::new(URL, LinkKey::from_bytes([7; 32]))
}

/// A link around arbitrary JSON, for the receiving side.
fn link_of(json: &Value) -> String {
    format!("shlink:/{}", URL_SAFE_NO_PAD.encode(json.to_string()))
}

fn valid_json() -> Value {
    json!({ "url": URL, "key": URL_SAFE_NO_PAD.encode([7u8; 32]) })
}

fn invalid_field(result: Result<impl std::fmt::Debug, ShareError>) -> &'static str {
    match result {
        Err(ShareError::InvalidLink { field, .. }) => field,
        other => panic!("expected InvalidLink, got {other:?}"),
    }
}

fn written_json(payload: &ShlPayload) -> Value {
    serde_json::from_str(&payload.to_json().expect("writes")).expect("JSON")
}

#[test]
fn a_full_payload_survives_the_round_trip() {
    let mut sent = ShlPayload::new(URL, LinkKey::generate());
    sent.exp = Some(1_767_225_600);
    sent.flags.long_term = true;
    sent.flags.passcode = true;
    sent.label = Some("Allergies and medicines for the walk-in centre ✓".into());
    sent.v = Some(1);
    let link = sent.to_link().expect("writes");
    assert!(link.starts_with("shlink:/"));
    assert_eq!(ShlPayload::from_link(&link).expect("reads"), sent);

    let viewer = sent
        .to_viewer_link("https://viewer.example/")
        .expect("writes");
    assert_eq!(viewer, format!("https://viewer.example/#{link}"));
    assert_eq!(ShlPayload::from_link(&viewer).expect("reads"), sent);
}

#[test]
fn a_minimal_payload_writes_only_url_and_key() {
    let written = written_json(&payload());
    assert_eq!(written, valid_json());
}

#[test]
fn written_key_is_43_base64url_characters_of_32_bytes() {
    let key = LinkKey::generate();
    let text = key.to_base64url();
    assert_eq!(text.len(), 43);
    assert_eq!(
        URL_SAFE_NO_PAD.decode(text.as_bytes()).expect("b64"),
        key.as_bytes()
    );
    assert_ne!(LinkKey::generate(), LinkKey::generate());
}

#[test]
fn flag_letters_are_written_in_alphabetical_order() {
    let cases = [
        ((true, false, false), "L"),
        ((false, true, false), "P"),
        ((false, false, true), "U"),
        ((true, true, false), "LP"),
        ((true, false, true), "LU"),
    ];
    for ((long_term, passcode, direct), letters) in cases {
        let mut p = payload();
        p.flags = ShlFlags {
            long_term,
            passcode,
            direct,
        };
        assert_eq!(p.flags.letters(), letters);
        assert_eq!(written_json(&p)["flag"], json!(letters));
    }
}

#[test]
fn direct_with_passcode_is_refused_both_ways() {
    let mut p = payload();
    p.flags.direct = true;
    p.flags.passcode = true;
    assert_eq!(invalid_field(p.to_link()), "flag");

    let mut received = valid_json();
    received["flag"] = json!("PU");
    assert_eq!(
        invalid_field(ShlPayload::from_link(&link_of(&received))),
        "flag"
    );
}

#[test]
fn url_is_at_most_128_characters_when_written() {
    let base = "https://shl.example.org/";
    let mut p = payload();
    p.url = format!("{base}{}", "a".repeat(MAX_URL_CHARS - base.len()));
    p.to_link().expect("128 characters");
    p.url.push('a');
    assert_eq!(invalid_field(p.to_link()), "url");
}

#[test]
fn label_is_at_most_80_characters_counted_as_a_person_counts_them() {
    let mut p = payload();
    p.label = Some("é".repeat(MAX_LABEL_CHARS));
    p.to_link().expect("80 characters (160 bytes)");
    p.label = Some("é".repeat(MAX_LABEL_CHARS + 1));
    assert_eq!(invalid_field(p.to_link()), "label");
}

#[test]
fn exp_is_written_in_seconds_only() {
    let mut p = payload();
    p.exp = Some(1_767_225_600_000);
    assert_eq!(invalid_field(p.to_link()), "exp");
    p.exp = Some(-1);
    assert_eq!(invalid_field(p.to_link()), "exp");
}

#[test]
fn only_version_1_is_written() {
    let mut p = payload();
    p.v = Some(2);
    assert_eq!(invalid_field(p.to_link()), "v");
}

#[test]
fn urls_must_be_https_or_http_to_this_device() {
    let mut p = payload();
    p.url = "http://shl.example.org/m".into();
    assert_eq!(invalid_field(p.to_link()), "url");
    p.url = "http://127.0.0.1:8080/m".into();
    p.to_link().expect("a local test server");

    let mut received = valid_json();
    received["url"] = json!("http://shl.example.org/m");
    assert_eq!(
        invalid_field(ShlPayload::from_link(&link_of(&received))),
        "url"
    );
    received["url"] = json!("javascript:alert(1)");
    assert_eq!(
        invalid_field(ShlPayload::from_link(&link_of(&received))),
        "url"
    );
}

#[test]
fn viewer_urls_are_checked_too() {
    let p = payload();
    assert_eq!(
        p.to_viewer_link("https://viewer.example/#")
            .expect("ends with #"),
        p.to_viewer_link("https://viewer.example/")
            .expect("without #")
    );
    assert_eq!(
        invalid_field(p.to_viewer_link("https://viewer.example/#app#")),
        "viewer"
    );
    assert_eq!(
        invalid_field(p.to_viewer_link("http://viewer.example/")),
        "viewer"
    );
}

#[test]
fn the_key_never_appears_in_debug_output() {
    let key = LinkKey::from_bytes([0xab; 32]);
    let text = key.to_base64url().to_string();
    assert_eq!(format!("{key:?}"), "LinkKey(<secret>)");
    let mut p = payload();
    p.key = key;
    let debug = format!("{p:?}");
    assert!(!debug.contains(&text) && !debug.contains("171"), "{debug}");
}

#[test]
fn received_keys_must_be_exactly_32_bytes() {
    for bad in [
        json!(URL_SAFE_NO_PAD.encode([7u8; 31])),
        json!(URL_SAFE_NO_PAD.encode([7u8; 33])),
        json!("not base64url!"),
        json!(""),
        json!(32),
    ] {
        let mut received = valid_json();
        received["key"] = bad.clone();
        assert_eq!(
            invalid_field(ShlPayload::from_link(&link_of(&received))),
            "key",
            "{bad}"
        );
    }
    assert_eq!(invalid_field(LinkKey::from_base64url("AAAA")), "key");
}

#[test]
fn missing_url_or_key_is_named() {
    for field in ["url", "key"] {
        let mut received = valid_json();
        received.as_object_mut().expect("object").remove(field);
        assert_eq!(
            invalid_field(ShlPayload::from_link(&link_of(&received))),
            field
        );
    }
}

#[test]
fn unknown_properties_and_flag_letters_are_ignored() {
    // IG, "Design Note: Protocol Versioning": receivers SHALL ignore properties and flag
    // values they don't recognize.
    let mut received = valid_json();
    received["labelzzz"] = json!("ignored");
    received["_ext"] = json!({ "nested": [1, 2] });
    received["flag"] = json!("LXZ");
    let p = ShlPayload::from_link(&link_of(&received)).expect("reads");
    assert_eq!(
        p.flags,
        ShlFlags {
            long_term: true,
            ..ShlFlags::default()
        }
    );
    assert_eq!(p.label, None);
}

#[test]
fn a_property_given_twice_is_refused() {
    let json = format!(
        r#"{{"url":"{URL}","key":"{}","url":"https://evil.example/m"}}"#,
        URL_SAFE_NO_PAD.encode([7u8; 32])
    );
    let link = format!("shlink:/{}", URL_SAFE_NO_PAD.encode(json));
    assert_eq!(invalid_field(ShlPayload::from_link(&link)), "payload");
}

#[test]
fn received_exp_is_read_as_seconds_whatever_its_form() {
    for (exp, seconds) in [
        (json!(1_767_225_600), 1_767_225_600),
        (json!("1767225600"), 1_767_225_600),
        (json!(1_767_225_600_123_i64), 1_767_225_600),
        (json!("1767225600999"), 1_767_225_600),
    ] {
        let mut received = valid_json();
        received["exp"] = exp;
        let p = ShlPayload::from_link(&link_of(&received)).expect("reads");
        assert_eq!(p.exp, Some(seconds));
    }
    let mut received = valid_json();
    received["exp"] = json!("next week");
    assert_eq!(
        invalid_field(ShlPayload::from_link(&link_of(&received))),
        "exp"
    );
}

#[test]
fn a_newer_version_is_read_but_flagged_as_unsupported() {
    let mut received = valid_json();
    received["v"] = json!(2);
    received["label"] = json!("shown to the person");
    let p = ShlPayload::from_link(&link_of(&received)).expect("label can be shown");
    assert!(!p.supports_version());
    assert_eq!(p.label.as_deref(), Some("shown to the person"));
    received["v"] = json!(0);
    assert_eq!(
        invalid_field(ShlPayload::from_link(&link_of(&received))),
        "v"
    );
}

#[test]
fn links_are_found_bare_or_after_a_viewer_and_pasted_with_spaces() {
    let link = payload().to_link().expect("writes");
    for text in [
        link.clone(),
        format!("  {link}\n"),
        format!("https://viewer.example/app#{link}"),
        link.replacen("shlink:/", "SHLINK:/", 1),
        // Padding added by a helpful tool.
        format!(
            "shlink:/{}",
            URL_SAFE.encode(payload().to_json().expect("json").as_bytes())
        ),
    ] {
        assert_eq!(ShlPayload::from_link(&text).expect(&text), payload());
    }
}

#[test]
fn text_that_is_not_a_link_says_so() {
    assert_eq!(
        invalid_field(ShlPayload::from_link("https://example.org/")),
        "link"
    );
    assert_eq!(invalid_field(ShlPayload::from_link("shlink:/")), "payload");
    assert_eq!(
        invalid_field(ShlPayload::from_link("shlink:/@@@")),
        "payload"
    );
    let not_json = format!("shlink:/{}", URL_SAFE_NO_PAD.encode("hello"));
    assert_eq!(invalid_field(ShlPayload::from_link(&not_json)), "payload");
    assert_eq!(
        invalid_field(ShlPayload::from_link(&link_of(&json!([URL])))),
        "payload"
    );
    let huge = format!("shlink:/{}", "A".repeat(10_000));
    assert_eq!(invalid_field(ShlPayload::from_link(&huge)), "link");
}

#[test]
fn manifest_ids_carry_256_random_bits() {
    let (a, b) = (new_manifest_id(), new_manifest_id());
    assert_eq!(a.len(), 43);
    assert_eq!(URL_SAFE_NO_PAD.decode(&a).expect("b64").len(), 32);
    assert_ne!(a, b);
}

proptest! {
    #[test]
    fn any_text_is_parsed_without_panicking(text in ".{0,400}") {
        let _ = ShlPayload::from_link(&text);
        let _ = ShlPayload::from_link(&format!("shlink:/{text}"));
    }

    #[test]
    fn any_bytes_as_a_payload_are_parsed_without_panicking(
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let _ = ShlPayload::from_link(&format!("shlink:/{}", URL_SAFE_NO_PAD.encode(&bytes)));
        let _ = ShlPayload::from_json(&bytes);
    }

    #[test]
    fn any_json_values_in_the_payload_are_parsed_without_panicking(
        url in prop_oneof![Just(json!(URL)), any::<i64>().prop_map(|n| json!(n)), ".*".prop_map(|s| json!(s))],
        exp in prop_oneof![any::<i64>().prop_map(|n| json!(n)), any::<f64>().prop_map(|f| json!(f)), ".*".prop_map(|s| json!(s)), Just(json!(null))],
        flag in prop_oneof![".{0,6}".prop_map(|s| json!(s)), any::<bool>().prop_map(|b| json!(b))],
        v in prop_oneof![any::<i64>().prop_map(|n| json!(n)), any::<u64>().prop_map(|n| json!(n)), any::<f64>().prop_map(|f| json!(f))],
    ) {
        let mut received = valid_json();
        received["url"] = url;
        received["exp"] = exp;
        received["flag"] = flag;
        received["v"] = v;
        let _ = ShlPayload::from_link(&link_of(&received));
    }

    #[test]
    fn every_valid_payload_survives_the_round_trip(
        key in any::<[u8; 32]>(),
        exp in proptest::option::of(0i64..100_000_000_000),
        (long_term, passcode, direct) in any::<(bool, bool, bool)>().prop_filter("U with P", |(_, p, u)| !(*p && *u)),
        label in proptest::option::of("\\PC{0,80}"),
        path in "[A-Za-z0-9_-]{1,60}",
    ) {
        let mut sent = ShlPayload::new(format!("https://shl.example.org/{path}"), LinkKey::from_bytes(key));
        sent.exp = exp;
        sent.flags = ShlFlags { long_term, passcode, direct };
        sent.label = label;
        let link = sent.to_link().expect("valid");
        prop_assert_eq!(ShlPayload::from_link(&link).expect("reads"), sent);
    }
}
