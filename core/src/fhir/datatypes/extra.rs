//! [`Extra`]: the elements a type does not model, each kept as its exact JSON text.

use std::fmt;

use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::Value;
use serde_json::value::RawValue;

/// The elements of a FHIR object that its Rust type does not model (extensions, the
/// `_name` siblings of primitives, elements not needed yet), in the order they came,
/// each as its exact JSON text: numbers keep their digits (`0.011403113934335695`,
/// `3.90`), nothing is re-encoded. Also where a modelled element goes when it came as
/// `null` or `[]`, so that even those are written back.
///
/// Most elements have none, so the list is boxed: an empty `Extra` is one pointer.
#[derive(Clone, Default)]
// One pointer instead of a Vec's three: nearly every element has no extras, and a
// typed Observation holds dozens of elements (tests/fhir_memory.rs measures the sizes).
#[allow(clippy::box_collection)]
pub struct Extra(Option<Box<Vec<Element>>>);

/// One element: its JSON name and its JSON text.
type Element = (String, Box<RawValue>);

impl Extra {
    fn items(&self) -> &[Element] {
        self.0.as_deref().map(Vec::as_slice).unwrap_or_default()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items().is_empty()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.items().len()
    }

    /// The element's JSON text.
    pub fn get(&self, name: &str) -> Option<&RawValue> {
        self.items()
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| &**v)
    }

    /// The element as a JSON value (numbers become `f64` or integers).
    pub fn value(&self, name: &str) -> Option<Value> {
        self.get(name)
            .and_then(|raw| serde_json::from_str(raw.get()).ok())
    }

    /// Whether the element is there.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets an element, replacing one of the same name.
    pub fn insert(&mut self, name: &str, value: &impl Serialize) -> Result<(), serde_json::Error> {
        let raw = serde_json::value::to_raw_value(value)?;
        let items = self.0.get_or_insert_with(Box::default);
        match items.iter_mut().find(|(k, _)| k == name) {
            Some((_, old)) => *old = raw,
            None => items.push((name.to_owned(), raw)),
        }
        Ok(())
    }

    /// Takes an element out.
    pub fn remove(&mut self, name: &str) -> Option<Box<RawValue>> {
        let items = self.0.as_mut()?;
        let at = items.iter().position(|(k, _)| k == name)?;
        Some(items.remove(at).1)
    }

    /// Every element, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.items().iter().map(|(k, v)| (k.as_str(), &**v))
    }

    /// Adds an element as read.
    pub(crate) fn push(&mut self, name: String, value: Box<RawValue>) {
        self.0.get_or_insert_with(Box::default).push((name, value));
    }

    /// Writes the elements into a map being serialised, except those `skip` names
    /// (a modelled element that is set now, so that it is not written twice).
    pub(crate) fn write_into<M: SerializeMap>(
        &self,
        map: &mut M,
        skip: impl Fn(&str) -> bool,
    ) -> Result<(), M::Error> {
        for (name, value) in self.items() {
            if !skip(name) {
                map.serialize_entry(name, value)?;
            }
        }
        Ok(())
    }
}

impl PartialEq for Extra {
    /// The same names with the same texts, in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .items()
                .iter()
                .zip(other.items())
                .all(|((a, x), (b, y))| a == b && x.get() == y.get())
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.items().iter().map(|(k, v)| (k, v.get())))
            .finish()
    }
}
