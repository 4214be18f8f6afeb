//! Error paths across a re-read: a resource read from held text (see
//! `resources/resource_json.rs`) reports its error with a path relative to itself, as
//! the message of the error the outer parse sees. The message carries that path between
//! two separator characters, and [`split`] joins it to the outer path, so the person
//! still reads `entry[3].resource.code: ...`. The separator (U+001F, "unit separator")
//! cannot occur in serde's or our messages.

const MARK: char = '\u{1f}';

/// A message saying "at `path` (relative), this went wrong".
pub(crate) fn encode(path: &str, message: &str) -> String {
    format!("{MARK}{path}{MARK}{message}")
}

/// Joins two paths as FHIR writes them (`a.b`, `a[0]`, `a[0].b`).
pub(crate) fn join(outer: &str, inner: &str) -> String {
    if outer.is_empty() || outer == "." {
        inner.to_owned()
    } else if inner.is_empty() || inner == "." {
        outer.to_owned()
    } else if inner.starts_with('[') {
        format!("{outer}{inner}")
    } else {
        format!("{outer}.{inner}")
    }
}

/// Splits a message made by [`encode`], joining its path to `outer`; a plain message
/// stays at `outer`.
pub(crate) fn split(outer: &str, message: &str) -> (String, String) {
    if let Some(rest) = message.strip_prefix(MARK)
        && let Some((inner, message)) = rest.split_once(MARK)
    {
        let (inner, message) = split(inner, message);
        return (join(outer, &inner), message);
    }
    (join(outer, ""), message.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_the_way_fhir_writes_them() {
        assert_eq!(
            join("entry[3].resource", "code.coding[0]"),
            "entry[3].resource.code.coding[0]"
        );
        assert_eq!(join("entry", "[2]"), "entry[2]");
        assert_eq!(join(".", "status"), "status");
        assert_eq!(join("entry[0].resource", ""), "entry[0].resource");
    }

    #[test]
    fn nested_messages_unwrap_to_one_path() {
        let inner = encode("contained[0]", &encode("code", "expected an object"));
        assert_eq!(
            split("entry[1].resource", &inner),
            (
                "entry[1].resource.contained[0].code".into(),
                "expected an object".into()
            )
        );
        assert_eq!(split("entry", "plain"), ("entry".into(), "plain".into()));
    }
}
