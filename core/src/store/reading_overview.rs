//! What a first screen shows of the readings, for every kind that has any: how many,
//! how many are kept aside for an untrusted time, the latest that counts, and the day
//! summaries of the last 30 days: a few small reads whatever the size of the record
//! (the counts are kept, not counted). The façade turns these into its views.

use chrono::{Duration, NaiveDate};
use rusqlite::Connection;

use super::error::StoreResult;
use super::reading_days::{DailySummary, daily_summaries};
use super::readings::{counts_per_kind, latest_counted};
use crate::model::{Reading, ReadingKind, Viewer};

/// Days in the longer window of the overview.
pub const MONTH_DAYS: i64 = 30;

/// One kind's figures for the first screen.
#[derive(Debug, Clone, PartialEq)]
pub struct KindFigures {
    /// The kind.
    pub kind: ReadingKind,
    /// How many readings of it the viewer may see.
    pub count: u64,
    /// How many of those have a time that cannot be trusted.
    pub time_untrusted: u64,
    /// The latest that counts (the person's own value at a trusted time).
    pub latest: Option<Reading>,
    /// The day summaries of the [`MONTH_DAYS`] days ending `today`.
    pub month: Vec<DailySummary>,
}

/// The figures of every kind `viewer` may see readings of, in [`ReadingKind::ALL`]
/// order.
pub fn kinds(conn: &Connection, today: NaiveDate, viewer: Viewer) -> StoreResult<Vec<KindFigures>> {
    let counts = counts_per_kind(conn, viewer)?;
    let from = today - Duration::days(MONTH_DAYS - 1);
    let mut out = Vec::with_capacity(counts.len());
    for kind in ReadingKind::ALL {
        let Some(&(_, count, time_untrusted)) = counts.iter().find(|c| c.0 == kind) else {
            continue;
        };
        out.push(KindFigures {
            kind,
            count,
            time_untrusted,
            latest: latest_counted(conn, kind, viewer)?,
            month: daily_summaries(conn, kind, from, today, viewer)?,
        });
    }
    Ok(out)
}
