//! The macros that declare FHIR element structs, so that each resource file reads like
//! the element table of the specification, and the helpers their code calls.
//!
//! The generated serde code is hand-rolled rather than derived with
//! `#[serde(flatten)]`: flatten buffers unknown elements through serde's internal
//! `Content`, which turns every number into an `f64` (`0.011403113934335695` in a
//! Synthea extension came back as `...697`, `3.90` as `3.9`) and cannot hold raw JSON.
//! Here each unknown element is read straight into [`Extra`] as its JSON text, and
//! each modelled one straight into its type, through whatever tracks the path
//! (`serde_path_to_error`). ADR 0003 has the measurements.
//!
//! [`Extra`]: crate::fhir::datatypes::Extra

use std::fmt;

/// Declares a struct for a FHIR element (a datatype or a backbone element).
///
/// Each field is written `CARDINALITY name: Type,` after its doc comment:
///
/// | written | FHIR | Rust field | JSON |
/// |---|---|---|---|
/// | `opt` | 0..1 | `Option<Type>` | left out when `None` |
/// | `list` | 0..* | `Vec<Type>` | left out when empty |
/// | `req` | 1..1 | `Type` | always written; missing on input is an error |
/// | `req_list` | 1..* | `Vec<Type>` | always written; missing on input is an error |
///
/// The JSON name is the field's name in camelCase, a trailing `_` dropped (`type_` is
/// `type`, `birth_date` is `birthDate`). Every struct also gets `extra`
/// ([`Extra`](crate::fhir::datatypes::Extra)): the elements it does not model, kept as
/// they came, so that parsing then writing loses nothing. Unknown elements are never
/// an error; a modelled one given twice is.
macro_rules! fhir_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($body:tt)* }
    ) => {
        $crate::fhir::macros::fhir_struct!(@fields [$(#[$meta])* $name] [] $($body)*);
    };
    (@fields $head:tt [$($done:tt)*] $(#[$attr:meta])* $kind:ident $field:ident : $ty:ty, $($rest:tt)*) => {
        $crate::fhir::macros::fhir_struct!(@fields $head [$($done)* {[$(#[$attr])*] $kind $field [$ty]}] $($rest)*);
    };
    (@fields [$(#[$meta:meta])* $name:ident] [$({[$(#[$attr:meta])*] $kind:ident $field:ident [$ty:ty]})*]) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $name {
            $(
                $(#[$attr])*
                pub $field: $crate::fhir::macros::field_type!($kind $ty),
            )*
            /// Every element not modelled above, kept exactly as it came.
            pub extra: $crate::fhir::datatypes::Extra,
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                $(
                    if $crate::fhir::macros::is_set!($kind &self.$field) {
                        map.serialize_entry(&$crate::fhir::macros::JsonName(stringify!($field)), &self.$field)?;
                    }
                )*
                self.extra.write_into(&mut map, |name| {
                    false $(|| ($crate::fhir::macros::is_json_name(name, stringify!($field))
                        && $crate::fhir::macros::is_set!($kind &self.$field)))*
                })?;
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ElementVisitor;

                impl<'de> ::serde::de::Visitor<'de> for ElementVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("an object")
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        use ::serde::de::Error as _;
                        $(let mut $field: Option<$crate::fhir::macros::read_type!($kind $ty)> = None;)*
                        let mut extra = $crate::fhir::datatypes::Extra::default();
                        while let Some(key) = map.next_key::<String>()? {
                            $(
                                if $crate::fhir::macros::is_json_name(&key, stringify!($field)) {
                                    if $field.is_some() {
                                        return Err(A::Error::custom(format!("element `{key}` appears more than once")));
                                    }
                                    // `null`, and `[]` for a list, are kept as they came.
                                    match map.next_value::<Option<$crate::fhir::macros::read_type!($kind $ty)>>()? {
                                        Some(value) if !$crate::fhir::macros::is_empty_list!($kind &value) => $field = Some(value),
                                        Some(_) => extra.push(key, $crate::fhir::macros::raw("[]").map_err(A::Error::custom)?),
                                        None => extra.push(key, $crate::fhir::macros::raw("null").map_err(A::Error::custom)?),
                                    }
                                    continue;
                                }
                            )*
                            let value = map.next_value::<Box<::serde_json::value::RawValue>>()?;
                            extra.push(key, value);
                        }
                        $crate::fhir::parse::budget::charge_typed(::std::mem::size_of::<$name>())
                            .map_err(A::Error::custom)?;
                        Ok($name {
                            $($field: $crate::fhir::macros::finish!($kind $field, stringify!($field), A),)*
                            extra,
                        })
                    }
                }

                deserializer.deserialize_map(ElementVisitor)
            }
        }
    };
}

/// The Rust type of a field of each cardinality.
macro_rules! field_type {
    (opt $ty:ty) => { Option<$ty> };
    (list $ty:ty) => { Vec<$ty> };
    (req $ty:ty) => { $ty };
    (req_list $ty:ty) => { Vec<$ty> };
}

/// The type read from JSON for a field (`null` aside).
macro_rules! read_type {
    (opt $ty:ty) => { $ty };
    (list $ty:ty) => { Vec<$ty> };
    (req $ty:ty) => { $ty };
    (req_list $ty:ty) => { Vec<$ty> };
}

/// Whether a field is written.
macro_rules! is_set {
    (opt $value:expr) => {
        $value.is_some()
    };
    (list $value:expr) => {
        !$value.is_empty()
    };
    (req $value:expr) => {
        true
    };
    (req_list $value:expr) => {
        true
    };
}

/// Whether a value just read is an empty list (kept in `extra` as `[]`).
macro_rules! is_empty_list {
    (opt $value:expr) => {
        false
    };
    (list $value:expr) => {
        $value.is_empty()
    };
    (req $value:expr) => {
        false
    };
    (req_list $value:expr) => {
        $value.is_empty()
    };
}

/// A field's value at the end of the object: missing required ones are errors.
macro_rules! finish {
    (opt $value:ident, $name:expr, $a:ident) => {
        $value
    };
    (list $value:ident, $name:expr, $a:ident) => {
        $value.unwrap_or_default()
    };
    (req $value:ident, $name:expr, $a:ident) => {
        $value.ok_or_else(|| {
            <$a::Error as ::serde::de::Error>::custom($crate::fhir::macros::missing($name))
        })?
    };
    (req_list $value:ident, $name:expr, $a:ident) => {
        $value.ok_or_else(|| {
            <$a::Error as ::serde::de::Error>::custom($crate::fhir::macros::missing($name))
        })?
    };
}

/// Declares a FHIR domain resource: [`fhir_struct!`] plus the elements every domain
/// resource has (`id`, `meta`, `text`, `contained`, `extension`). `implicitRules`,
/// `language` and `modifierExtension` stay in `extra`. The struct holds the resource's
/// elements; `resourceType` is written and checked by
/// [`Resource`](crate::fhir::resources::Resource).
macro_rules! domain_resource {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($body:tt)* }
    ) => {
        $crate::fhir::macros::fhir_struct! {
            $(#[$meta])*
            pub struct $name {
                /// Logical id of the resource (`id`).
                opt id: String,
                /// Version, last change, profiles, security labels (`meta`).
                opt meta: $crate::fhir::datatypes::Meta,
                /// Narrative for people (`text`).
                opt text: $crate::fhir::datatypes::Narrative,
                /// Resources held inside this one, referenced as `#id` (`contained`).
                list contained: $crate::fhir::resources::Resource,
                /// Extensions (`extension`).
                list extension: $crate::fhir::datatypes::Extension,
                $($body)*
            }
        }
    };
}

pub(crate) use {
    domain_resource, fhir_struct, field_type, finish, is_empty_list, is_set, read_type,
};

/// Whether a JSON key is the JSON name of a Rust field: `birthDate` for `birth_date`,
/// `type` for `type_`. A key with an underscore (`_birthDate`) is never a field's.
pub(crate) fn is_json_name(key: &str, field: &str) -> bool {
    let field = field.strip_suffix('_').unwrap_or(field);
    let mut key = key.bytes();
    let mut upper = false;
    for byte in field.bytes() {
        if byte == b'_' {
            upper = true;
            continue;
        }
        let wanted = if upper {
            byte.to_ascii_uppercase()
        } else {
            byte
        };
        upper = false;
        if key.next() != Some(wanted) {
            return false;
        }
    }
    key.next().is_none()
}

/// A field's JSON name, written without allocating.
pub(crate) struct JsonName(pub(crate) &'static str);

impl fmt::Display for JsonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = self.0.strip_suffix('_').unwrap_or(self.0);
        let mut upper = false;
        for c in field.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                fmt::Write::write_char(f, c.to_ascii_uppercase())?;
                upper = false;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        Ok(())
    }
}

impl serde::Serialize for JsonName {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The message for a missing required element.
pub(crate) fn missing(field: &'static str) -> String {
    format!("missing required element `{}`", JsonName(field))
}

/// A constant JSON text (`null`, `[]`) as a raw value.
pub(crate) fn raw(
    json: &'static str,
) -> Result<Box<serde_json::value::RawValue>, serde_json::Error> {
    serde_json::value::RawValue::from_string(json.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_names_are_camel_case_without_a_trailing_underscore() {
        assert!(is_json_name("birthDate", "birth_date"));
        assert!(is_json_name("type", "type_"));
        assert!(is_json_name(
            "valueCodeableConcept",
            "value_codeable_concept"
        ));
        assert!(!is_json_name("_birthDate", "birth_date"));
        assert!(!is_json_name("birth_date", "birth_date"));
        assert!(!is_json_name("birthDates", "birth_date"));
        assert!(!is_json_name("birth", "birth_date"));
        assert_eq!(
            JsonName("value_codeable_concept").to_string(),
            "valueCodeableConcept"
        );
        assert_eq!(JsonName("use_").to_string(), "use");
    }
}
