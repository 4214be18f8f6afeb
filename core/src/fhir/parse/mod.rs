//! Reading FHIR R4 JSON: [`parse_input`] and its limits.
//!
//! | file | what |
//! |---|---|
//! | `depth.rs` | the nesting depth, measured before parsing |
//! | `budget.rs` | the limit on text held to read resources whose `resourceType` comes late |
//! | `nested.rs` | joining error paths across such a re-read |
//! | `message.rs` | serde's messages in FHIR's words, without the offending value |
//! | `context.rs` | which resource an error is in |
//!
//! Limits ([`ParseLimits`]), each a typed [`FhirError`], never a crash:
//! - input size: [`MAX_INPUT_BYTES`];
//! - nesting depth: [`MAX_DEPTH`] (serde_json's own limit, 128, stays behind it);
//! - text held to read late `resourceType`s: twice the input at once;
//! - typed structs: 16 times the input plus 16 MiB (`budget.rs` explains both);
//! - a string is read into memory once (10 MB in a field costs 10 MB); an error about it
//!   never repeats it.

pub(crate) mod budget;
mod context;
mod depth;
pub(crate) mod message;
pub(crate) mod nested;

use serde::Deserialize;

use crate::fhir::error::FhirError;
use crate::fhir::resources::{Bundle, BundleType, Resource};

/// The largest input read, in bytes: 50 MiB, well above a lifetime's summary (the
/// largest fixture, a Synthea patient with years of encounters, is 774 KB).
pub const MAX_INPUT_BYTES: usize = 50 * 1024 * 1024;

/// The deepest nesting of objects and arrays read. Real FHIR nests about 12 deep.
pub const MAX_DEPTH: usize = 64;

/// The limits of one parse. [`parse_input`] uses the defaults; an app short of memory
/// can lower them with [`parse_input_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseLimits {
    /// The largest input read, in bytes ([`MAX_INPUT_BYTES`]).
    pub max_input_bytes: usize,
    /// The deepest nesting read ([`MAX_DEPTH`]; at most 128, serde_json's own limit).
    pub max_depth: usize,
    /// Text held at once to read late `resourceType`s, per byte of input (2).
    pub held_per_input_byte: usize,
    /// Typed structs, per byte of input, on top of 16 MiB (16). A Bundle of compact
    /// readings, the densest real data, grows the peak by about 11 times its size
    /// (`tests/fhir_memory.rs`); a crafted file of empty objects would grow it by far
    /// more and is refused here instead.
    pub typed_per_input_byte: usize,
}

impl Default for ParseLimits {
    fn default() -> Self {
        Self {
            max_input_bytes: MAX_INPUT_BYTES,
            max_depth: MAX_DEPTH,
            held_per_input_byte: 2,
            typed_per_input_byte: 16,
        }
    }
}

/// The typed-size allowance on top of the per-byte one.
const TYPED_FLOOR: usize = 16 * 1024 * 1024;

/// The Bundle types [`parse_input`] accepts: sets of resources to import.
pub const IMPORTABLE_BUNDLE_TYPES: [BundleType; 5] = [
    BundleType::Collection,
    BundleType::Searchset,
    BundleType::Transaction,
    BundleType::Batch,
    BundleType::Document,
];

/// What a FHIR file held.
#[derive(Debug, Clone, PartialEq)]
pub enum FhirInput {
    /// A Bundle of one of the [`IMPORTABLE_BUNDLE_TYPES`].
    Bundle(Box<Bundle>),
    /// A single resource (not a Bundle).
    Resource(Resource),
}

impl FhirInput {
    /// The resources it holds: the Bundle's entries' resources in order (a Bundle inside
    /// is one of them, not opened), or the single resource.
    pub fn resources(&self) -> Vec<&Resource> {
        match self {
            Self::Bundle(bundle) => bundle
                .entry
                .iter()
                .filter_map(|e| e.resource.as_ref())
                .collect(),
            Self::Resource(resource) => vec![resource],
        }
    }
}

/// Reads a FHIR R4 JSON file: a Bundle of type collection, searchset, transaction, batch
/// or document, or a single resource. Resources of types not modelled here are kept as
/// [`Resource::Other`]. A UTF-8 byte order mark is skipped.
pub fn parse_input(bytes: &[u8]) -> Result<FhirInput, FhirError> {
    parse_input_with(bytes, &ParseLimits::default())
}

/// [`parse_input`] with other limits.
pub fn parse_input_with(bytes: &[u8], limits: &ParseLimits) -> Result<FhirInput, FhirError> {
    match parse_resource_with(bytes, limits)? {
        Resource::Bundle(bundle) => {
            if IMPORTABLE_BUNDLE_TYPES.contains(&bundle.type_) {
                Ok(FhirInput::Bundle(bundle))
            } else {
                Err(FhirError::UnsupportedBundle {
                    bundle_type: bundle.type_.as_str().to_owned(),
                })
            }
        }
        resource => Ok(FhirInput::Resource(resource)),
    }
}

/// Reads any one FHIR R4 resource (a Bundle of any type included), with the same limits
/// and errors as [`parse_input`].
pub fn parse_resource(bytes: &[u8]) -> Result<Resource, FhirError> {
    parse_resource_with(bytes, &ParseLimits::default())
}

/// [`parse_resource`] with other limits.
pub fn parse_resource_with(bytes: &[u8], limits: &ParseLimits) -> Result<Resource, FhirError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.len() > limits.max_input_bytes {
        return Err(FhirError::TooLarge {
            size: bytes.len(),
            limit: limits.max_input_bytes,
        });
    }
    let max_depth = limits.max_depth.min(128);
    if let Some(offset) = depth::too_deep_at(bytes, max_depth) {
        let (line, column) = depth::line_and_column(bytes, offset);
        return Err(FhirError::TooDeep {
            limit: max_depth,
            line,
            column,
        });
    }
    let held = bytes.len().saturating_mul(limits.held_per_input_byte);
    let typed = bytes
        .len()
        .saturating_mul(limits.typed_per_input_byte)
        .saturating_add(TYPED_FLOOR);
    // Most input is well formed: read it once without tracking paths (about twice as
    // fast), and only on an error read it again, tracking the path to name it.
    {
        let limit = budget::Limit::new(held, typed);
        let mut de = serde_json::Deserializer::from_slice(bytes);
        match Resource::deserialize(&mut de) {
            Ok(resource) => {
                de.end().map_err(not_json)?;
                return Ok(resource);
            }
            Err(_) if limit.exhausted() == Some(budget::Exhausted::Held) => {
                return Err(FhirError::TooMuchHeld { limit: held });
            }
            Err(_) if limit.exhausted() == Some(budget::Exhausted::Typed) => {
                return Err(FhirError::TooMuchMemory { limit: typed });
            }
            Err(_) => {}
        }
    }
    // A resource's own errors reach here as data errors, whatever they were (they pass
    // through an erased deserializer, `resources/resource.rs`): so first see whether
    // the text is JSON at all, for the exact line and column of a syntax error.
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde::de::IgnoredAny::deserialize(&mut de)
        .and_then(|_| de.end())
        .map_err(not_json)?;
    let limit = budget::Limit::new(held, typed);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let result = Resource::deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
    let resource = match result {
        Ok(resource) => resource,
        Err(_) if limit.exhausted() == Some(budget::Exhausted::Held) => {
            return Err(FhirError::TooMuchHeld { limit: held });
        }
        Err(_) if limit.exhausted() == Some(budget::Exhausted::Typed) => {
            return Err(FhirError::TooMuchMemory { limit: typed });
        }
        Err(error) => return Err(read_error(bytes, &track.path().to_string(), error)),
    };
    de.end().map_err(not_json)?;
    Ok(resource)
}

fn read_error(bytes: &[u8], path: &str, error: serde_json::Error) -> FhirError {
    if !error.is_data() {
        return not_json(error);
    }
    let (path, message) = nested::split(path, &message::without_position(&error));
    FhirError::Invalid {
        resource: context::resource_at(bytes, &path),
        message: message::tidy(&message),
        path,
        source: error,
    }
}

fn not_json(error: serde_json::Error) -> FhirError {
    FhirError::NotJson {
        message: message::without_position(&error),
        line: error.line(),
        column: error.column(),
        source: error,
    }
}
