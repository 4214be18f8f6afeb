//! Readings: added by the person (typed text read in the core, so a phone and a
//! terminal read "54" the same way), by devices and by other apps; corrected, hidden,
//! deleted (each keeping the earlier version); listed, paged, summarised per day, and
//! shown as a first screen's overview. Every write runs the rules in the same
//! transaction.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

use super::Record;
use super::error::{ApiError, ApiResult};
use super::observer::ChangeArea;
use super::views::{KindOverview, ReadingView, TrendWindow};
use crate::model::reading_input::parse_typed;
use crate::model::{
    Author, NewReading, Reading, ReadingContext, ReadingKind, ReadingSource, ReadingValue,
    TypedExtras, ValidationError, Viewer, Visibility, future_tolerance,
};
use crate::rules;
use crate::store::reading_changes::ReadingVersion;
use crate::store::reading_days::{self, DailySummary};
use crate::store::reading_overview;
use crate::store::readings::{self, IngestReport, ReadingQuery, ReadingsCursor, ReadingsPage};

/// A reading as the person typed it: the text is read for its kind in the core
/// ("5.4", "97mg/dL", "135/85", "LO").
#[derive(Debug, Clone)]
pub struct TypedReading {
    /// What it measures.
    pub kind: ReadingKind,
    /// The value as typed.
    pub text: String,
    /// Pulse, sleep quality, a description or a suspected medication.
    pub extras: TypedExtras,
    /// When it was taken; now when not given.
    pub taken_at: Option<DateTime<FixedOffset>>,
    /// When a span ended (steps, sleep, activity).
    pub ended_at: Option<DateTime<FixedOffset>>,
    /// How and where it was taken.
    pub context: ReadingContext,
    /// A note.
    pub note: Option<String>,
    /// Who may see it.
    pub visibility: Visibility,
}

/// Which page of readings to fetch.
#[derive(Debug, Clone, Default)]
pub struct ReadingsPageRequest {
    /// Only this kind.
    pub kind: Option<ReadingKind>,
    /// Taken at or after.
    pub from: Option<DateTime<Utc>>,
    /// Taken before.
    pub to: Option<DateTime<Utc>>,
    /// At most this many (1 to 10,000).
    pub limit: u32,
    /// Where the previous page ended.
    pub cursor: Option<ReadingsCursor>,
}

/// A correction a sync's readings can have for a device clock that was off.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CorrectionOffer {
    /// The sync.
    pub sync_id: i64,
    /// The device.
    pub device_id: String,
    /// How far its clock was ahead (negative: behind), milliseconds.
    pub offset_ms: i64,
    /// How many readings the correction moves.
    pub readings: u32,
    /// In words: "moves 50 readings back by 1826 days".
    pub text: String,
}

/// Refuses a reading the person entered with a time in the future (more than ten
/// minutes ahead of the record's clock). Readings from devices and other apps are
/// stored instead, with their time marked untrusted.
/// `field` names the reading's time in the error; it is only made for one.
fn refuse_future_manual(
    r: &NewReading,
    now: DateTime<Utc>,
    field: impl FnOnce() -> String,
) -> ApiResult<()> {
    if r.source == ReadingSource::Manual && r.taken_at.to_utc() > now + future_tolerance() {
        return Err(ValidationError::new(
            field(),
            format!(
                "{} is in the future; enter the time the reading was taken",
                r.taken_at.format("%-d %b %Y %H:%M")
            ),
        )
        .into());
    }
    Ok(())
}

/// Checks and stores a batch of readings in `tx`, and runs the rules on them.
pub(super) fn add_readings_in(
    tx: &rusqlite::Transaction<'_>,
    now: DateTime<Utc>,
    batch: &[NewReading],
) -> ApiResult<IngestReport> {
    readings::validate_batch(batch)?;
    for (i, r) in batch.iter().enumerate() {
        refuse_future_manual(r, now, || {
            if batch.len() > 1 {
                format!("readings[{i}].taken_at")
            } else {
                "taken_at".into()
            }
        })?;
    }
    let (report, samples) = readings::insert_checked(tx, now, batch, None)?;
    rules::on_new_samples(tx, now, &samples)?;
    Ok(report)
}

impl Record {
    /// Adds one reading. The rules run on it in the same transaction (a low glucose
    /// reading makes its alert at once). A reading the person entered may not be dated
    /// in the future.
    pub fn add_reading(&mut self, reading: NewReading) -> ApiResult<Reading> {
        let report = self.add_readings(std::slice::from_ref(&reading))?;
        match report.ids.first() {
            Some(id) => self.reading(*id),
            None => Err(ApiError::Conflict {
                reason: "this device reading is already in the record".into(),
            }),
        }
    }

    /// Adds a reading as the person typed it (see [`TypedReading`]). A glucose value
    /// that reads like mg/dL typed without its unit is asked about
    /// ([`ApiError::GlucoseUnitQuestion`]), never stored as it stands.
    pub fn add_typed_reading(&mut self, typed: TypedReading) -> ApiResult<Reading> {
        let (value, flags) = parse_typed(typed.kind, &typed.text, &typed.extras)?;
        let taken_at = typed
            .taken_at
            .unwrap_or_else(|| self.now().with_timezone(&chrono::Local).fixed_offset());
        let mut reading = NewReading::manual(value, taken_at);
        reading.flags = flags;
        reading.ended_at = typed.ended_at;
        reading.context = typed.context;
        reading.note = typed.note;
        reading.visibility = typed.visibility;
        self.add_reading(reading)
    }

    /// Adds a batch of readings in one transaction, with the rules run on them in it.
    /// Device readings already in the record (same device, epoch and sequence number)
    /// are skipped; a reading from another app with a client record id replaces its
    /// stored version only when its version is higher. If any reading is invalid, or one
    /// the person entered is dated in the future, none is stored.
    pub fn add_readings(&mut self, batch: &[NewReading]) -> ApiResult<IngestReport> {
        self.write(&[ChangeArea::Readings, ChangeArea::Alerts], |tx, now| {
            add_readings_in(tx, now, batch)
        })
    }

    /// Corrects a reading's value and note: a new version, the earlier one kept in its
    /// history. The rules look at it again.
    pub fn correct_reading(
        &mut self,
        id: i64,
        value: ReadingValue,
        note: Option<String>,
        author: Author,
    ) -> ApiResult<Reading> {
        self.write(&[ChangeArea::Readings, ChangeArea::Alerts], |tx, now| {
            let corrected = readings::correct(tx, now, id, value, note, &author)?;
            rules::on_new_readings(tx, now, &[id])?;
            Ok(corrected)
        })
    }

    /// Corrects a reading with a value typed as text (see [`Record::add_typed_reading`]).
    pub fn correct_typed_reading(
        &mut self,
        id: i64,
        text: &str,
        extras: &TypedExtras,
        note: Option<String>,
        author: Author,
    ) -> ApiResult<Reading> {
        let kind = self.reading(id)?.reading.value.kind();
        let (value, _) = parse_typed(kind, text, extras)?;
        self.correct_reading(id, value, note, author)
    }

    /// Changes who may see a reading (and which summaries it counts in).
    pub fn set_reading_visibility(
        &mut self,
        id: i64,
        visibility: Visibility,
        author: Author,
    ) -> ApiResult<Reading> {
        self.write(&[ChangeArea::Readings], |tx, now| {
            Ok(readings::set_visibility(tx, now, id, visibility, &author)?)
        })
    }

    /// Deletes a reading: its day's summary is corrected, an alert it alone raised is
    /// withdrawn or resolved, and the changes feed gets a tombstone.
    pub fn delete_reading(&mut self, id: i64, author: Author) -> ApiResult<()> {
        self.write(&[ChangeArea::Readings, ChangeArea::Alerts], |tx, now| {
            let old = readings::get(tx, id)?;
            readings::delete(tx, now, id, &author)?;
            let at = old.reading.taken_at.timestamp_millis();
            rules::on_removed_readings(tx, now, old.reading.value.kind(), at, at)?;
            Ok(())
        })
    }

    /// The earlier versions of a reading, oldest first.
    pub fn reading_history(&self, id: i64) -> ApiResult<Vec<ReadingVersion>> {
        Ok(crate::store::reading_changes::versions(self.conn(), id)?)
    }

    /// One reading by id (the person's view).
    pub fn reading(&self, id: i64) -> ApiResult<Reading> {
        Ok(readings::get(self.conn(), id)?)
    }

    /// One reading as `viewer` may see it.
    pub fn reading_for(&self, id: i64, viewer: Viewer) -> ApiResult<Reading> {
        Ok(readings::get_for(self.conn(), id, viewer)?)
    }

    /// Readings `viewer` may see, oldest first (newest first when a limit is set).
    pub fn readings(&self, query: &ReadingQuery, viewer: Viewer) -> ApiResult<Vec<Reading>> {
        Ok(readings::list(self.conn(), query, viewer)?)
    }

    /// A page of readings `viewer` may see, newest first; pass the returned cursor to
    /// get the next page.
    pub fn readings_page(
        &self,
        request: &ReadingsPageRequest,
        viewer: Viewer,
    ) -> ApiResult<ReadingsPage> {
        Ok(readings::page(
            self.conn(),
            request.kind,
            request.from,
            request.to,
            viewer,
            request.limit as usize,
            request.cursor,
        )?)
    }

    /// How many readings (of one kind, or all) `viewer` may see.
    pub fn reading_count(&self, kind: Option<ReadingKind>, viewer: Viewer) -> ApiResult<u64> {
        Ok(readings::count(self.conn(), kind, viewer)?)
    }

    /// Per-day summaries of a kind between two local dates (inclusive), from the summary
    /// table: a ten-year trend reads a few thousand small rows. Only readings `viewer` may
    /// see, and only the person's own values at trusted times, count.
    pub fn daily_summaries(
        &self,
        kind: ReadingKind,
        from: NaiveDate,
        to: NaiveDate,
        viewer: Viewer,
    ) -> ApiResult<Vec<DailySummary>> {
        Ok(reading_days::daily_summaries(
            self.conn(),
            kind,
            from,
            to,
            viewer,
        )?)
    }

    /// The window of `days` days ending `today`.
    pub fn trend_window(
        &self,
        kind: ReadingKind,
        days: u32,
        today: NaiveDate,
        viewer: Viewer,
    ) -> ApiResult<TrendWindow> {
        let from = today - Duration::days(i64::from(days.max(1)) - 1);
        let summaries = self.daily_summaries(kind, from, today, viewer)?;
        Ok(TrendWindow::of(kind, days, &summaries))
    }

    /// What the first screen shows for every kind that has readings: how many, the
    /// latest that counts, how many are kept aside for an untrusted time, and the 7- and
    /// 30-day windows ending `today`.
    pub fn overview(&self, today: NaiveDate, viewer: Viewer) -> ApiResult<Vec<KindOverview>> {
        Ok(reading_overview::kinds(self.conn(), today, viewer)?
            .into_iter()
            .map(|k| KindOverview::of(k, today))
            .collect())
    }

    /// A reading as a screen shows it.
    pub fn reading_view(&self, reading: Reading) -> ReadingView {
        ReadingView::of(reading)
    }
}
