//! Meta, Narrative and Extension (R4 datatypes).

use serde_json::Value;

use crate::fhir::datatypes::Coding;
use crate::fhir::macros::fhir_struct;

fhir_struct! {
    /// Metadata about a resource (R4 `Meta`).
    pub struct Meta {
        /// The version the server gave this copy.
        opt version_id: String,
        /// When it last changed (a FHIR instant).
        opt last_updated: String,
        /// Where it came from (a URI).
        opt source: String,
        /// Profiles it claims to conform to (canonical URLs).
        list profile: Option<String>,
        /// Security labels.
        list security: Coding,
        /// Tags.
        list tag: Coding,
    }
}

fhir_struct! {
    /// Text for people (R4 `Narrative`).
    pub struct Narrative {
        /// generated | extensions | additional | empty.
        req status: String,
        /// Limited XHTML, a `<div xmlns="http://www.w3.org/1999/xhtml">`.
        req div: String,
    }
}

fhir_struct! {
    /// An extension (R4 `Extension`). Its `value[x]` stays in `extra` under its own name
    /// (`valueCoding`, `valueString` ...): see [`Extension::value`].
    pub struct Extension {
        /// What the extension means (a canonical URL).
        req url: String,
        /// Nested extensions (complex extensions).
        list extension: Extension,
    }
}

impl Extension {
    /// The `value[x]` element: its JSON name (`valueCodeableConcept`) and value.
    pub fn value(&self) -> Option<(&str, Value)> {
        let (name, raw) = self.extra.iter().find(|(k, _)| k.starts_with("value"))?;
        Some((name, serde_json::from_str(raw.get()).ok()?))
    }

    /// The nested extension with `url`.
    pub fn nested(&self, url: &str) -> Option<&Extension> {
        self.extension.iter().find(|e| e.url == url)
    }
}
