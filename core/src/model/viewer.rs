//! Who is reading: privacy is enforced where data is read, so every read takes a viewer.

use serde::{Deserialize, Serialize};

use super::meta::Visibility;

/// Who is looking at the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Viewer {
    /// The person: sees everything.
    Person,
    /// Someone the person shared with: sees shared and emergency entries only.
    Shared,
    /// The emergency profile: sees emergency entries only.
    Emergency,
}

impl Viewer {
    /// Whether this viewer may see something with visibility `v`. For anyone but the
    /// person, a private entry is indistinguishable from no entry.
    pub fn can_see(self, v: Visibility) -> bool {
        match self {
            Self::Person => true,
            Self::Shared => v != Visibility::Private,
            Self::Emergency => v == Visibility::Emergency,
        }
    }

    /// The visibilities this viewer may see.
    pub fn visible(self) -> &'static [Visibility] {
        match self {
            Self::Person => &[
                Visibility::Private,
                Visibility::Shared,
                Visibility::Emergency,
            ],
            Self::Shared => &[Visibility::Shared, Visibility::Emergency],
            Self::Emergency => &[Visibility::Emergency],
        }
    }
}
