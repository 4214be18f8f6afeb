//! The changes feed of entries and readings, in the style app developers know from
//! Health Connect (a changes token) and HealthKit (an anchored query): what changed
//! since a token, as a viewer sees it, with tombstones for what went, and one opaque
//! token for the next call. A viewer who never saw something never hears that it went.

use serde::{Deserialize, Serialize};

use super::Record;
use super::error::{ApiError, ApiResult};
use crate::model::{Entry, EntryId, Reading, Viewer};
use crate::store::history;
use crate::store::reading_changes::{self, ReadingCursor};

/// Where a reader of the changes feed stands. Its text form is opaque to shells: keep
/// it and pass it back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeToken {
    entries: i64,
    readings: ReadingCursor,
}

impl ChangeToken {
    /// The start: everything is a change.
    pub fn start() -> Self {
        Self::default()
    }

    /// The token as text (`v1.<entries>.<readings>.<within>`).
    pub fn to_text(&self) -> String {
        format!(
            "v1.{}.{}.{}",
            self.entries, self.readings.seq, self.readings.after_id
        )
    }

    /// A token from its text; empty text or `0` is the start.
    pub fn parse(text: &str) -> ApiResult<Self> {
        let text = text.trim();
        if text.is_empty() || text == "0" {
            return Ok(Self::start());
        }
        let bad = || ApiError::Invalid {
            field: "token".into(),
            reason: "is not a changes token given by this record".into(),
        };
        let parts: Vec<&str> = text.split('.').collect();
        let [v, e, r, w] = parts.as_slice() else {
            return Err(bad());
        };
        if *v != "v1" {
            return Err(bad());
        }
        let num = |s: &str| s.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(bad);
        Ok(Self {
            entries: num(e)?,
            readings: ReadingCursor {
                seq: num(r)?,
                after_id: num(w)?,
            },
        })
    }
}

/// A page of the changes feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangesPage {
    /// Entries created or changed since the token, as they are now.
    pub entries_upserted: Vec<Entry>,
    /// Entries deleted, or no longer visible to the viewer.
    pub entries_removed: Vec<EntryId>,
    /// Readings added or changed since the token, as they are now.
    pub readings_upserted: Vec<Reading>,
    /// Readings deleted, or no longer visible to the viewer.
    pub readings_removed: Vec<i64>,
    /// The token to pass next time.
    pub next_token: String,
    /// Whether more changes wait beyond this page.
    pub has_more: bool,
}

impl Record {
    /// What changed after `token` (`""` for everything), as `viewer` sees it: at most
    /// `limit` entry changes and `limit` readings per page. A token from before the
    /// person purged deleted entries is [`ApiError::TokenExpired`]: read everything again.
    pub fn changes_since(
        &self,
        token: &str,
        viewer: Viewer,
        limit: usize,
    ) -> ApiResult<ChangesPage> {
        let token = ChangeToken::parse(token)?;
        let entries = history::changes_since(self.conn(), token.entries, viewer, limit)?;
        let readings = reading_changes::changes_since(self.conn(), token.readings, viewer, limit)?;
        let next = ChangeToken {
            entries: entries.next_seq,
            readings: readings.next,
        };
        Ok(ChangesPage {
            entries_upserted: entries.upserted,
            entries_removed: entries.removed,
            readings_upserted: readings.upserted,
            readings_removed: readings.removed,
            next_token: next.to_text(),
            has_more: entries.has_more || readings.has_more,
        })
    }
}
