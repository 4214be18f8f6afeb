//! [`Resource`]: any FHIR resource, typed when the record models it, raw JSON otherwise.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

use super::*;
use crate::fhir::datatypes::Extra;

/// Declares [`Resource`] and its dispatch from one list of resource types.
macro_rules! resource_types {
    ($($t:ident),* $(,)?) => {
        /// A FHIR resource: one of the types modelled here, or any other kept whole as
        /// JSON (never an error, never dropped). Serialises as FHIR JSON with
        /// `resourceType` first.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Resource {
            $(
                #[doc = concat!("A `", stringify!($t), "`.")]
                $t(Box<$t>),
            )*
            /// A resource of a type not modelled here.
            Other {
                /// Its `resourceType`.
                resource_type: String,
                /// The whole resource, `resourceType` first, every other element as it came.
                json: RawJson,
            },
        }

        /// The resource types that have their own struct.
        pub const MODELLED_TYPES: &[&str] = &[$(stringify!($t)),*];

        impl Resource {
            /// Its `resourceType`.
            pub fn resource_type(&self) -> &str {
                match self {
                    $(Self::$t(_) => stringify!($t),)*
                    Self::Other { resource_type, .. } => resource_type,
                }
            }

            /// Sets its logical `id`. A [`Resource::Other`] keeps its JSON as it is.
            pub fn set_id(&mut self, id: &str) {
                match self {
                    $(Self::$t(r) => r.id = Some(id.to_owned()),)*
                    Self::Other { .. } => {}
                }
            }

            /// Its logical `id`, if it has one.
            pub fn id(&self) -> Option<&str> {
                match self {
                    $(Self::$t(r) => r.id.as_deref(),)*
                    Self::Other { json, .. } => json.id(),
                }
            }
        }

        $(
            impl From<$t> for Resource {
                fn from(resource: $t) -> Self {
                    Self::$t(Box::new(resource))
                }
            }
        )*

        /// Reads the elements of a modelled resource (all but `resourceType`).
        ///
        /// Every deserializer a resource is read through (streamed, with or without
        /// path tracking, from held text, from a JSON value) is first erased to one
        /// type, so each resource's reading code is compiled once, not once per
        /// deserializer: that was most of the FHIR code in the library. Errors still
        /// pass through the outer deserializer at each step, so paths are tracked.
        pub(super) fn deserialize_modelled<'de, D: Deserializer<'de>>(
            resource_type: &str,
            deserializer: D,
        ) -> Result<Resource, D::Error> {
            let mut erased = <dyn erased_serde::Deserializer<'de>>::erase(deserializer);
            read_modelled(resource_type, &mut erased).map_err(D::Error::custom)
        }

        /// [`deserialize_modelled`] through the erased deserializer.
        fn read_modelled<'de>(
            resource_type: &str,
            deserializer: &mut dyn erased_serde::Deserializer<'de>,
        ) -> Result<Resource, erased_serde::Error> {
            match resource_type {
                $(
                    stringify!($t) => {
                        let body = <$t as Deserialize>::deserialize(&mut *deserializer)?;
                        reject_second_type(&body.extra)?;
                        Ok(Resource::$t(Box::new(body)))
                    }
                )*
                other => Err(erased_serde::Error::custom(format!(
                    "{other} is not a modelled resource type"
                ))),
            }
        }

        impl Serialize for Resource {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(
                        Self::$t(body) => Tagged {
                            resource_type: stringify!($t),
                            body: &**body,
                        }
                        .serialize(serializer),
                    )*
                    Self::Other { json, .. } => json.raw.serialize(serializer),
                }
            }
        }
    };
}

resource_types! {
    Bundle,
    Patient,
    RelatedPerson,
    Organization,
    Practitioner,
    Device,
    Condition,
    Procedure,
    AllergyIntolerance,
    Immunization,
    Medication,
    MedicationStatement,
    MedicationRequest,
    Observation,
    DiagnosticReport,
    Appointment,
    Goal,
    Consent,
    Composition,
    QuestionnaireResponse,
    Provenance,
}

/// A resource's elements written after its `resourceType`.
#[derive(Serialize)]
struct Tagged<'a, T> {
    #[serde(rename = "resourceType")]
    resource_type: &'a str,
    #[serde(flatten)]
    body: &'a T,
}

/// A second `resourceType` would land in `extra` and be written twice.
fn reject_second_type<E: serde::de::Error>(extra: &Extra) -> Result<(), E> {
    if extra.contains_key("resourceType") {
        Err(E::custom("resourceType appears more than once"))
    } else {
        Ok(())
    }
}

/// A whole resource as JSON text, kept exactly (numbers, order, spacing).
#[derive(Debug, Clone)]
pub struct RawJson {
    raw: Box<RawValue>,
    id: Option<String>,
}

impl RawJson {
    /// Wraps the JSON of a resource, reading its `id` once.
    pub(super) fn new(raw: Box<RawValue>) -> Self {
        #[derive(Deserialize)]
        struct Head {
            id: Option<Value>,
        }
        let id = serde_json::from_str::<Head>(raw.get())
            .ok()
            .and_then(|h| match h.id {
                Some(Value::String(id)) => Some(id),
                _ => None,
            });
        Self { raw, id }
    }

    /// The JSON text.
    pub fn get(&self) -> &str {
        self.raw.get()
    }

    /// The JSON as a value (numbers become `f64` or integers).
    pub fn to_value(&self) -> Result<Value, serde_json::Error> {
        serde_json::from_str(self.raw.get())
    }

    /// The resource's `id`, when it is a string.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
}

impl PartialEq for RawJson {
    /// The same text.
    fn eq(&self, other: &Self) -> bool {
        self.raw.get() == other.raw.get()
    }
}
