//! What every entry carries besides its content: identity, times, provenance,
//! visibility and author.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use super::error::ValidationError;

/// The stable identifier of an entry: a random UUID, never reused.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntryId(uuid::Uuid);

impl EntryId {
    /// A new random id.
    pub fn new() -> Self {
        Self(uuid::Uuid::new_v4())
    }
}

impl Default for EntryId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Debug for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EntryId({})", self.0)
    }
}

impl FromStr for EntryId {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        uuid::Uuid::parse_str(s.trim())
            .map(Self)
            .map_err(|_| ValidationError::new("id", format!("'{s}' is not an entry id")))
    }
}

/// Who may see an entry besides the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Only the person. For anyone else the entry does not exist.
    #[default]
    Private,
    /// People the person granted access to (within the grant's scope).
    Shared,
    /// Shared, and also part of the emergency summary professionals can reach.
    Emergency,
}

impl Visibility {
    /// The lower-case name used in storage and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Private => "private",
            Self::Shared => "shared",
            Self::Emergency => "emergency",
        }
    }
}

impl FromStr for Visibility {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "private" => Ok(Self::Private),
            "shared" => Ok(Self::Shared),
            "emergency" => Ok(Self::Emergency),
            _ => Err(ValidationError::new(
                "visibility",
                format!("'{s}' is not one of private, shared, emergency"),
            )),
        }
    }
}

impl fmt::Display for Visibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an entry came from, so a professional can judge how far to trust it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Provenance {
    /// Typed in by the person (or by someone with write access: see [`Author`]).
    #[default]
    SelfEntered,
    /// Imported from a professional system.
    Imported {
        /// The system it came from, e.g. a FHIR base URL or "NHS App".
        system: String,
        /// The resource's id in that system, e.g. `Condition/abc`.
        resource_id: String,
        /// The resource's version in that system (FHIR `meta.versionId`), when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<String>,
        /// The version of the mapping that made this entry from the resource.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mapping_version: Option<u32>,
        /// The resource as it came, so nothing the mapping leaves out is lost.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        raw: Option<serde_json::Value>,
    },
    /// Measured by a device.
    Device {
        /// The device's stable identity (serial number where it has one).
        device_id: String,
    },
}

/// Who wrote an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Author {
    /// The person whose record it is.
    #[default]
    Person,
    /// Someone the person granted write access (a carer, a support worker).
    Delegate {
        /// The grant under which they wrote.
        grant_id: String,
        /// Their name as the person knows them.
        name: String,
    },
}

/// The metadata every entry carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryMeta {
    /// Stable id.
    pub id: EntryId,
    /// When the entry was first written.
    pub created_at: DateTime<Utc>,
    /// When the entry last changed.
    pub updated_at: DateTime<Utc>,
    /// Where it came from.
    pub provenance: Provenance,
    /// Who may see it.
    pub visibility: Visibility,
    /// Who wrote it.
    pub author: Author,
    /// How many times it has been written (1 on creation).
    pub version: u32,
    /// When it was deleted; deleted entries are kept until the person purges them.
    pub deleted_at: Option<DateTime<Utc>>,
}
