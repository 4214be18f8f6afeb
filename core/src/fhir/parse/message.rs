//! Plain messages from serde's: `invalid type: integer `3`, expected a string` becomes
//! `expected a string, found a number`. The value found is never repeated: it may be long
//! (a 10 MB string) or personal (a diagnosis in the wrong place).

/// The error's message without serde_json's ` at line L column C`. A message that went
/// through the erased deserializer the resources are read with (`resources/resource.rs`)
/// carries the position of each deserializer it passed; all of them go.
pub(crate) fn without_position(error: &serde_json::Error) -> String {
    let mut text = error.to_string();
    while let Some(cut) = position_suffix(&text) {
        text.truncate(cut);
    }
    text
}

/// Where a trailing ` at line L column C` begins, if the text ends with one.
fn position_suffix(text: &str) -> Option<usize> {
    let (head, column) = text.rsplit_once(" column ")?;
    let (head, line) = head.rsplit_once(" at line ")?;
    let numeral = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (numeral(line) && numeral(column)).then_some(head.len())
}

/// Rewrites serde's phrasing into FHIR's words.
pub(crate) fn tidy(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: ", "invalid length "] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((found, expected)) = rest.rsplit_once(", expected ")
        {
            let found = found_kind(found);
            return format!("expected {}, found {found}", expected_words(expected));
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ")
        && let Some((_, expected)) = rest.rsplit_once(", expected ")
    {
        return format!("expected {expected}, found another code");
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("missing required element {field}");
    }
    if let Some(field) = message.strip_prefix("duplicate field ") {
        return format!("element {field} appears more than once");
    }
    message.to_owned()
}

/// The kind of value serde found, in words, without the value itself.
fn found_kind(found: &str) -> &'static str {
    match found.split([' ', '`']).next().unwrap_or_default() {
        "string" | "char" => "a string",
        "integer" | "floating" => "a number",
        "boolean" => "true or false",
        "map" => "an object",
        "sequence" => "an array",
        "null" | "unit" | "Option" => "null",
        _ => "something else",
    }
}

/// serde's name for what it wanted, in words.
fn expected_words(expected: &str) -> String {
    if expected.starts_with("struct ") || expected == "a map" {
        return "an object".into();
    }
    match expected {
        "a sequence" => "an array".into(),
        "a boolean" => "true or false".into(),
        "u8" | "u16" | "u32" | "u64" => "a whole number of 0 or more".into(),
        "i8" | "i16" | "i32" | "i64" => "a whole number".into(),
        "f32" | "f64" => "a number".into(),
        _ => expected.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_position_is_taken_off_a_message() {
        let error = <serde_json::Error as serde::de::Error>::custom(
            "invalid type: integer `3`, expected a string at line 3 column 5",
        );
        assert_eq!(
            without_position(&error),
            "invalid type: integer `3`, expected a string"
        );
        let plain = <serde_json::Error as serde::de::Error>::custom("column 7 is at line 2");
        assert_eq!(without_position(&plain), "column 7 is at line 2");
        let error = serde_json::from_str::<u8>("\"x\"").unwrap_err();
        assert_eq!(
            without_position(&error),
            "invalid type: string \"x\", expected u8"
        );
    }

    #[test]
    fn serde_messages_become_fhir_words_without_the_value() {
        assert_eq!(
            tidy("invalid type: integer `3`, expected a string"),
            "expected a string, found a number"
        );
        assert_eq!(
            tidy("invalid type: string \"Type 2 diabetes, expected soon\", expected a sequence"),
            "expected an array, found a string"
        );
        assert_eq!(
            tidy("invalid type: string \"x\", expected struct BundleEntry"),
            "expected an object, found a string"
        );
        assert_eq!(
            tidy("missing field `status`"),
            "missing required element `status`"
        );
        assert_eq!(
            tidy("invalid type: floating point `1.5`, expected u32"),
            "expected a whole number of 0 or more, found a number"
        );
    }
}
