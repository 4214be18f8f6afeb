//! Malformed FHIR input: each case is a typed error naming the field in FHIR's form
//! and the resource it is in, never a panic, and never an error for what is merely
//! unusual (unknown resource types, null in a primitive list, keys in any order).

use phr_core::fhir::{
    FhirError, FhirInput, MAX_DEPTH, MAX_INPUT_BYTES, Resource, parse_input, parse_resource,
};
use serde_json::{Value, json};

fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).expect("JSON")
}

/// The path, message and resource of an `Invalid` error.
fn invalid(input: &[u8]) -> (String, String, Option<String>) {
    match parse_input(input) {
        Err(FhirError::Invalid {
            path,
            message,
            resource,
            ..
        }) => (path, message, resource.map(|r| r.to_string())),
        other => panic!("expected an Invalid error, got {other:?}"),
    }
}

fn observation(id: &str) -> Value {
    json!({
        "resourceType": "Observation", "id": id, "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "14743-9"}]},
        "valueQuantity": {"value": 5.4, "unit": "mmol/L"}
    })
}

fn bundle_of(resources: Vec<Value>) -> Value {
    json!({
        "resourceType": "Bundle", "id": "b1", "type": "collection",
        "entry": resources.into_iter().map(|r| json!({"resource": r})).collect::<Vec<_>>()
    })
}

#[test]
fn a_wrong_type_names_its_path_and_resource() {
    let mut bad = observation("o4");
    bad["code"]["coding"][0]["system"] = json!(3);
    let input = bytes(&bundle_of(vec![
        observation("o1"),
        observation("o2"),
        observation("o3"),
        bad,
    ]));
    let (path, message, resource) = invalid(&input);
    assert_eq!(path, "entry[3].resource.code.coding[0].system");
    assert_eq!(message, "expected a string, found a number");
    assert_eq!(resource.as_deref(), Some("Observation/o4"));
    let shown = parse_input(&input).unwrap_err().to_string();
    assert_eq!(
        shown,
        "entry[3].resource.code.coding[0].system: expected a string, found a number (in Observation/o4)"
    );
}

#[test]
fn wrong_json_types_are_named_in_words() {
    let cases = [
        (
            json!({"resourceType": "Patient", "name": {"family": "Smith"}}),
            "name",
            "expected an array, found an object",
        ),
        (
            json!({"resourceType": "Patient", "active": "yes"}),
            "active",
            "expected true or false, found a string",
        ),
        (
            json!({"resourceType": "Patient", "name": [{"given": [1]}]}),
            "name[0].given[0]",
            "expected a string, found a number",
        ),
        (
            json!({"resourceType": "Patient", "telecom": [{"rank": -1}]}),
            "telecom[0].rank",
            "expected a whole number of 0 or more, found a number",
        ),
        (
            json!({"resourceType": "Observation", "status": "final", "code": {}, "valueQuantity": {"value": "5.4"}}),
            "valueQuantity.value",
            "expected a decimal number, found a string",
        ),
        (
            json!({"resourceType": "Bundle", "type": "party"}),
            "type",
            "expected one of `document`, `message`, `transaction`, `transaction-response`, `batch`, `batch-response`, `history`, `searchset`, `collection`, found another code",
        ),
    ];
    for (input, want_path, want_message) in cases {
        let (path, message, _) = invalid(&bytes(&input));
        assert_eq!(
            (path.as_str(), message.as_str()),
            (want_path, want_message),
            "{input}"
        );
    }
}

#[test]
fn missing_required_elements_are_named_at_their_resource() {
    let (path, message, resource) = invalid(br#"{"id": "x", "active": true}"#);
    assert_eq!(
        (path.as_str(), message.as_str(), resource),
        ("", "missing required element `resourceType`", None)
    );

    let (path, message, resource) = invalid(br#"{"resourceType": "Bundle", "id": "b"}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("", "missing required element `type`")
    );
    assert_eq!(resource.as_deref(), Some("Bundle/b"));

    let mut no_status = observation("o2");
    no_status.as_object_mut().unwrap().remove("status");
    let (path, message, resource) = invalid(&bytes(&bundle_of(vec![observation("o1"), no_status])));
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("entry[1].resource", "missing required element `status`")
    );
    assert_eq!(resource.as_deref(), Some("Observation/o2"));

    let mut no_code = observation("o1");
    no_code.as_object_mut().unwrap().remove("code");
    assert_eq!(
        invalid(&bytes(&no_code)).1,
        "missing required element `code`"
    );

    let no_type = bundle_of(vec![json!({"id": "nameless"})]);
    let (path, message, _) = invalid(&bytes(&no_type));
    assert_eq!(
        (path.as_str(), message.as_str()),
        (
            "entry[0].resource",
            "missing required element `resourceType`"
        )
    );

    let allergy = json!({"resourceType": "AllergyIntolerance", "id": "a", "patient": {"reference": "Patient/p"},
        "reaction": [{"description": "hives"}]});
    let (path, message, _) = invalid(&bytes(&allergy));
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("reaction[0]", "missing required element `manifestation`")
    );
}

#[test]
fn entries_that_are_not_objects_are_errors_at_their_index() {
    let (path, message, resource) =
        invalid(br#"{"resourceType": "Bundle", "type": "collection", "entry": [{}, "a string"]}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("entry[1]", "expected an object, found a string")
    );
    assert_eq!(resource.as_deref(), Some("Bundle without an id"));

    let (path, message, _) =
        invalid(br#"{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": 7}]}"#);
    assert_eq!(path, "entry[0].resource");
    assert_eq!(
        message,
        "expected a FHIR resource (a JSON object with resourceType), found a number"
    );

    let (path, message, _) =
        invalid(br#"{"resourceType": "Bundle", "type": "collection", "entry": {"resource": {}}}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("entry", "expected an array, found an object")
    );
}

#[test]
fn unknown_resource_types_are_kept_whole_not_refused() {
    let text = br#"{"resourceType":"NotYetInvented","id":"n1","amount":{"value":1.50},"nested":[{"deep":null}]}"#;
    let FhirInput::Resource(Resource::Other {
        resource_type,
        json,
    }) = parse_input(text).unwrap()
    else {
        panic!("not kept as Other");
    };
    assert_eq!(resource_type, "NotYetInvented");
    assert_eq!(json.id(), Some("n1"));
    assert_eq!(json.get().as_bytes(), text);

    let input = bytes(&bundle_of(vec![
        json!({"resourceType": "Basic", "id": "x", "code": {"text": "a note"}}),
        observation("o"),
    ]));
    let FhirInput::Bundle(bundle) = parse_input(&input).unwrap() else {
        panic!("not a Bundle")
    };
    let kinds: Vec<&str> = bundle
        .entry
        .iter()
        .filter_map(|e| e.resource.as_ref())
        .map(Resource::resource_type)
        .collect();
    assert_eq!(kinds, ["Basic", "Observation"]);
    assert!(matches!(
        bundle.entry[0].resource,
        Some(Resource::Other { .. })
    ));
}

#[test]
fn a_ten_megabyte_string_is_read_where_strings_belong_and_never_repeated_in_an_error() {
    let big = "A".repeat(10 * 1024 * 1024);
    let patient = json!({"resourceType": "Patient", "name": [{"family": big}]});
    let Resource::Patient(read) = parse_resource(&bytes(&patient)).unwrap() else {
        panic!("not a Patient")
    };
    assert_eq!(
        read.name[0].family.as_deref().map(str::len),
        Some(big.len())
    );

    let mut wrong = observation("o");
    wrong["valueQuantity"]["value"] = json!(big);
    let error = parse_resource(&bytes(&wrong)).unwrap_err().to_string();
    assert!(error.len() < 200, "{} bytes of error", error.len());
    assert_eq!(
        error,
        "valueQuantity.value: expected a decimal number, found a string (in Observation/o)"
    );

    let mut wrong = observation("o");
    wrong["status"] = json!([big]);
    let error = parse_resource(&bytes(&wrong)).unwrap_err().to_string();
    assert!(error.len() < 200 && !error.contains("AAAA"), "{error:.200}");
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(
        matches!(parse_input(deep.as_bytes()), Err(FhirError::TooDeep { limit, line: 1, column }) if limit == MAX_DEPTH && column == MAX_DEPTH + 1)
    );

    // Deep inside an extension, where nothing is typed, still counts.
    let mut value = json!("bottom");
    for _ in 0..200 {
        value = json!({"extension": [{"url": "u", "valueString": "x", "nested": value}]});
    }
    let patient = json!({"resourceType": "Patient", "extension": [{"url": "u", "deep": value}]});
    assert!(matches!(
        parse_input(&bytes(&patient)),
        Err(FhirError::TooDeep { .. })
    ));

    // Up to the limit is fine: 1 object + 62 arrays + the innermost array.
    let at_limit = format!(
        r#"{{"resourceType":"Basic","x":{}{}}}"#,
        "[".repeat(MAX_DEPTH - 1),
        "]".repeat(MAX_DEPTH - 1)
    );
    assert!(parse_input(at_limit.as_bytes()).is_ok());
    let over = format!(
        r#"{{"resourceType":"Basic","x":{}{}}}"#,
        "[".repeat(MAX_DEPTH),
        "]".repeat(MAX_DEPTH)
    );
    assert!(matches!(
        parse_input(over.as_bytes()),
        Err(FhirError::TooDeep { .. })
    ));
}

#[test]
fn the_deepest_input_allowed_parses_on_a_small_stack() {
    // Typed recursion as deep as the limit allows: QuestionnaireResponse items inside
    // items (each level is an object in an array).
    let mut item = json!({"linkId": "leaf"});
    for level in 0..(MAX_DEPTH / 2 - 2) {
        item = json!({"linkId": format!("l{level}"), "item": [item]});
    }
    let response = bytes(
        &json!({"resourceType": "QuestionnaireResponse", "status": "completed", "item": [item]}),
    );
    // iOS gives secondary threads 512 KiB.
    let parsed = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || parse_resource(&response).map(|r| r.resource_type().to_owned()))
        .unwrap()
        .join()
        .expect("no stack overflow");
    assert_eq!(parsed.unwrap(), "QuestionnaireResponse");
}

#[test]
fn truncated_or_broken_json_is_not_json_with_a_position() {
    let whole = bytes(&bundle_of(vec![observation("o1"), observation("o2")]));
    let cut = &whole[..whole.len() / 2];
    match parse_input(cut) {
        Err(FhirError::NotJson { line, column, .. }) => assert!(line == 1 && column > 1),
        other => panic!("{other:?}"),
    }
    for broken in [
        &b""[..],
        b"{",
        b"{\"resourceType\": \"Patient\",}",
        b"{\"resourceType\": \"Patient\"} trailing",
        b"\xff\xfe{}",
    ] {
        assert!(
            matches!(parse_input(broken), Err(FhirError::NotJson { .. })),
            "{}",
            String::from_utf8_lossy(broken)
        );
    }
}

#[test]
fn too_large_input_is_refused_unread() {
    let mut input = vec![b' '; MAX_INPUT_BYTES + 1];
    input[0] = b'{';
    assert!(
        matches!(parse_input(&input), Err(FhirError::TooLarge { size, limit }) if size == MAX_INPUT_BYTES + 1 && limit == MAX_INPUT_BYTES)
    );
}

#[test]
fn bundles_that_are_not_for_import_are_refused_by_type() {
    for kind in [
        "message",
        "history",
        "transaction-response",
        "batch-response",
    ] {
        let input = bytes(&json!({"resourceType": "Bundle", "type": kind}));
        assert!(
            matches!(parse_input(&input), Err(FhirError::UnsupportedBundle { bundle_type }) if bundle_type == kind)
        );
        assert!(
            parse_resource(&input).is_ok(),
            "{kind} is still a valid Bundle"
        );
    }
    for kind in [
        "collection",
        "searchset",
        "transaction",
        "batch",
        "document",
    ] {
        assert!(parse_input(&bytes(&json!({"resourceType": "Bundle", "type": kind}))).is_ok());
    }
}

#[test]
fn keys_in_any_order_read_the_same_and_errors_keep_their_paths() {
    // serde_json's Value sorts keys: `entry` and `code` come before `resourceType`.
    let ordered = bundle_of(vec![
        observation("o1"),
        json!({"resourceType": "Basic", "id": "x"}),
    ]);
    let sorted = serde_json::to_vec(&ordered).unwrap();
    assert!(String::from_utf8_lossy(&sorted).starts_with(r#"{"entry""#));
    let read = parse_resource(&sorted).unwrap();
    let Resource::Bundle(bundle) = &read else {
        panic!("not a Bundle")
    };
    let Some(Resource::Observation(obs)) = &bundle.entry[0].resource else {
        panic!("not an Observation")
    };
    assert_eq!(
        obs.value_quantity
            .as_ref()
            .and_then(|q| q.value.as_ref())
            .map(|v| v.as_str()),
        Some("5.4")
    );
    assert_eq!(serde_json::to_value(&read).unwrap(), ordered);

    let mut bad = observation("o2");
    bad["code"]["coding"][0]["code"] = json!(false);
    let sorted_bad = serde_json::to_vec(&bundle_of(vec![observation("o1"), bad])).unwrap();
    let (path, message, resource) = invalid(&sorted_bad);
    assert_eq!(path, "entry[1].resource.code.coding[0].code");
    assert_eq!(message, "expected a string, found true or false");
    assert_eq!(resource.as_deref(), Some("Observation/o2"));

    let (path, message, _) = invalid(br#"{"id": "x", "resourceType": 5}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("resourceType", "expected a string")
    );
    let (_, message, _) = invalid(br#"{"resourceType": "Patient", "resourceType": "Patient"}"#);
    assert_eq!(message, "resourceType appears more than once");
}

#[test]
fn nested_late_resource_types_cannot_make_the_parser_hold_many_copies() {
    let mut resource = json!({"resourceType": "Patient", "text": {"status": "generated", "div": "x".repeat(100_000)}});
    for _ in 0..6 {
        // `contained` sorts before `resourceType`: each level is held while the next is read.
        resource = json!({"resourceType": "Patient", "contained": [resource]});
    }
    let input = serde_json::to_vec(&resource).unwrap();
    assert!(
        matches!(parse_input(&input), Err(FhirError::TooMuchHeld { limit }) if limit == 2 * input.len())
    );

    // One level of it is fine.
    let one =
        json!({"resourceType": "Patient", "contained": [{"resourceType": "Patient", "id": "c"}]});
    assert!(parse_input(&serde_json::to_vec(&one).unwrap()).is_ok());
}

#[test]
fn unusual_but_valid_json_is_kept_exactly() {
    // null in a primitive list, paired with an extension in `_given` (R4 JSON).
    let text = br#"{"resourceType":"Patient","name":[{"given":["Alex",null],"_given":[null,{"extension":[{"url":"u","valueString":"v"}]}]}],"_birthDate":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"unknown"}]}}"#;
    let read = parse_resource(text).unwrap();
    let Resource::Patient(patient) = &read else {
        panic!("not a Patient")
    };
    assert_eq!(patient.name[0].given, [Some("Alex".to_owned()), None]);
    assert_eq!(serde_json::to_vec(&read).unwrap(), text);

    // An element given as null or [] is not FHIR, but is written back as it came.
    let odd = br#"{"resourceType":"Patient","active":null,"name":[]}"#;
    assert_eq!(
        serde_json::to_vec(&parse_resource(odd).unwrap()).unwrap(),
        odd
    );

    // A byte order mark is skipped.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(br#"{"resourceType":"Patient"}"#);
    assert!(parse_input(&with_bom).is_ok());
}

#[test]
fn a_modelled_element_given_twice_is_an_error() {
    let (path, message, _) =
        invalid(br#"{"resourceType":"Patient","name":[{"family":"A","family":"B"}]}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("name[0]", "element `family` appears more than once")
    );
}

#[test]
fn a_file_of_empty_objects_cannot_become_a_mountain_of_structs() {
    // 11 bytes of JSON per component, hundreds of bytes each once typed.
    let parts = vec![r#"{"code":{}}"#; 200_000].join(",");
    let input = format!(
        r#"{{"resourceType":"Observation","status":"final","code":{{}},"component":[{parts}]}}"#
    );
    assert!(matches!(
        parse_input(input.as_bytes()),
        Err(FhirError::TooMuchMemory { .. })
    ));
    // The same shape at a real size is fine.
    let parts = [r#"{"code":{}}"#; 3].join(",");
    let input = format!(
        r#"{{"resourceType":"Observation","status":"final","code":{{}},"component":[{parts}]}}"#
    );
    assert!(parse_input(input.as_bytes()).is_ok());
}
