//! Reading a [`Resource`] from JSON: dispatch on `resourceType` without losing the path
//! of an error or the exact text of a number.
//!
//! `resourceType` is almost always the first element, and then the rest of the object
//! streams straight into the typed struct (through `serde_path_to_error`'s tracking, so
//! an error names `entry[3].resource.code.coding[0].system`). FHIR does not require it
//! to come first (a writer that sorts keys puts `entry` and `code` before it), so
//! otherwise the elements are held as raw JSON text until the type is known and then
//! read from there; the bytes held this way count against the limit that
//! [`parse_input`](crate::fhir::parse_input) sets ([`crate::fhir::parse`] explains it).

use std::fmt;

use serde::de::value::{MapAccessDeserializer, MapDeserializer};
use serde::de::{Error as _, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use super::resource::{MODELLED_TYPES, RawJson, Resource, deserialize_modelled};
use crate::fhir::parse::{budget, message, nested};

const RESOURCE_TYPE: &str = "resourceType";
const MISSING_TYPE: &str = "missing required element `resourceType`";

impl<'de> Deserialize<'de> for Resource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ResourceVisitor)
    }
}

struct ResourceVisitor;

impl<'de> Visitor<'de> for ResourceVisitor {
    type Value = Resource;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a FHIR resource (a JSON object with resourceType)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Resource, A::Error> {
        let Some(first) = map.next_key::<String>()? else {
            return Err(A::Error::custom(MISSING_TYPE));
        };
        if first != RESOURCE_TYPE {
            return unordered(first, map);
        }
        let resource_type: String = map.next_value()?;
        if MODELLED_TYPES.contains(&resource_type.as_str()) {
            return deserialize_modelled(&resource_type, MapAccessDeserializer::new(map));
        }
        let mut pieces = Pieces::default();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value::<Box<RawValue>>()?;
            pieces.push(key, value).map_err(A::Error::custom)?;
        }
        other(resource_type, &pieces).map_err(A::Error::custom)
    }
}

/// A resource whose `resourceType` is not its first element.
fn unordered<'de, A: MapAccess<'de>>(first: String, mut map: A) -> Result<Resource, A::Error> {
    let mut pieces = Pieces::default();
    let mut key = Some(first);
    while let Some(k) = key {
        let value = map.next_value::<Box<RawValue>>()?;
        pieces.push(k, value).map_err(A::Error::custom)?;
        key = map.next_key()?;
    }
    let Some(raw_type) = pieces.take(RESOURCE_TYPE) else {
        return Err(A::Error::custom(MISSING_TYPE));
    };
    let resource_type = serde_json::from_str::<String>(raw_type.get())
        .map_err(|_| A::Error::custom(nested::encode(RESOURCE_TYPE, "expected a string")))?;
    if !MODELLED_TYPES.contains(&resource_type.as_str()) {
        return other(resource_type, &pieces).map_err(A::Error::custom);
    }
    // Read the held elements as if they had streamed in, tracking paths afresh; the
    // error's path is then joined to the outer one (see `nested`).
    let entries = pieces.entries.iter().map(|(k, v)| (k.as_str(), &**v));
    let held = MapDeserializer::<_, serde_json::Error>::new(entries);
    let mut track = serde_path_to_error::Track::new();
    deserialize_modelled(
        &resource_type,
        serde_path_to_error::Deserializer::new(held, &mut track),
    )
    .map_err(|e| {
        let text = message::without_position(&e);
        A::Error::custom(nested::encode(&track.path().to_string(), &text))
    })
}

/// A resource of a type not modelled: its JSON with `resourceType` first.
fn other(resource_type: String, pieces: &Pieces) -> Result<Resource, serde_json::Error> {
    let mut text = String::with_capacity(pieces.bytes + 32);
    text.push_str("{\"resourceType\":");
    text.push_str(&serde_json::to_string(&resource_type)?);
    for (key, value) in &pieces.entries {
        text.push(',');
        text.push_str(&serde_json::to_string(key)?);
        text.push(':');
        text.push_str(value.get());
    }
    text.push('}');
    budget::charge_typed(text.len()).map_err(serde::de::Error::custom)?;
    let json = RawJson::new(RawValue::from_string(text)?);
    Ok(Resource::Other {
        resource_type,
        json,
    })
}

/// Elements held as raw JSON, charged to the parse's buffer limit while they live.
#[derive(Default)]
struct Pieces {
    entries: Vec<(String, Box<RawValue>)>,
    bytes: usize,
}

impl Pieces {
    fn push(&mut self, key: String, value: Box<RawValue>) -> Result<(), &'static str> {
        let size = key.len() + value.get().len();
        budget::hold(size)?;
        self.bytes += size;
        self.entries.push((key, value));
        Ok(())
    }

    fn take(&mut self, key: &str) -> Option<Box<RawValue>> {
        let at = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(at).1)
    }
}

impl Drop for Pieces {
    fn drop(&mut self) {
        budget::release(self.bytes);
    }
}
