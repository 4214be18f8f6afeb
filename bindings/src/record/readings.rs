//! Readings: add (typed as the person wrote it, as values, in batches from other apps),
//! correct, privacy, delete, history, pages, day summaries, trend windows and the
//! overview the first screen shows.

use chrono::NaiveDate;
use phr_core::api::{
    DailySummary, IngestReport, KindOverview, ReadingVersion, ReadingView, ReadingsPage,
    ReadingsPageRequest, TrendWindow, TypedReading,
};
use phr_core::model::{
    Author, NewReading, Reading, ReadingKind, ReadingValue, TypedExtras, Viewer, Visibility,
};

use super::PersonHeldRecord;
use crate::error::RecordError;

#[uniffi::export]
impl PersonHeldRecord {
    /// Adds a reading as the person typed it ("5.4", "97 mg/dL", "135/85", "LO"). A
    /// glucose that reads like the wrong unit is `GlucoseUnitQuestion`; a time in the
    /// future is `Invalid`. The rules run on it at once.
    pub fn add_typed_reading(&self, reading: TypedReading) -> Result<ReadingView, RecordError> {
        self.with(|r| r.add_typed_reading(reading).map(ReadingView::of))
    }

    /// Adds one reading given as values.
    pub fn add_reading(&self, reading: NewReading) -> Result<ReadingView, RecordError> {
        self.with(|r| r.add_reading(reading).map(ReadingView::of))
    }

    /// Adds readings in one transaction (from Health Connect or HealthKit: a client
    /// record id and version make a re-sync add nothing).
    pub fn add_readings(&self, readings: Vec<NewReading>) -> Result<IngestReport, RecordError> {
        self.with(|r| r.add_readings(&readings))
    }

    /// Corrects a reading's value and note: a new version, the earlier one kept.
    pub fn correct_reading(
        &self,
        id: i64,
        value: ReadingValue,
        note: Option<String>,
        author: Author,
    ) -> Result<ReadingView, RecordError> {
        self.with(|r| {
            r.correct_reading(id, value, note, author)
                .map(ReadingView::of)
        })
    }

    /// Corrects a reading with a value typed as text.
    pub fn correct_typed_reading(
        &self,
        id: i64,
        text: String,
        extras: TypedExtras,
        note: Option<String>,
        author: Author,
    ) -> Result<ReadingView, RecordError> {
        self.with(|r| {
            r.correct_typed_reading(id, &text, &extras, note, author)
                .map(ReadingView::of)
        })
    }

    /// Changes who may see a reading (and which summaries it counts in).
    pub fn set_reading_visibility(
        &self,
        id: i64,
        visibility: Visibility,
        author: Author,
    ) -> Result<ReadingView, RecordError> {
        self.with(|r| {
            r.set_reading_visibility(id, visibility, author)
                .map(ReadingView::of)
        })
    }

    /// Deletes a reading; the changes feed gets a tombstone.
    pub fn delete_reading(&self, id: i64, author: Author) -> Result<(), RecordError> {
        self.with(|r| r.delete_reading(id, author))
    }

    /// A reading's earlier versions, oldest first.
    pub fn reading_history(&self, id: i64) -> Result<Vec<ReadingVersion>, RecordError> {
        self.with(|r| r.reading_history(id))
    }

    /// One reading as `viewer` may see it.
    pub fn reading(&self, id: i64, viewer: Viewer) -> Result<ReadingView, RecordError> {
        self.with(|r| r.reading_for(id, viewer).map(ReadingView::of))
    }

    /// A page of readings, newest first, after the request's cursor.
    pub fn readings_page(
        &self,
        request: ReadingsPageRequest,
        viewer: Viewer,
    ) -> Result<ReadingsPage, RecordError> {
        self.with(|r| r.readings_page(&request, viewer))
    }

    /// Readings as screens show them (text, time note), from a page.
    pub fn reading_views(&self, readings: Vec<Reading>) -> Vec<ReadingView> {
        readings.into_iter().map(ReadingView::of).collect()
    }

    /// How many readings (of one kind, or all) `viewer` may see.
    pub fn reading_count(
        &self,
        kind: Option<ReadingKind>,
        viewer: Viewer,
    ) -> Result<u64, RecordError> {
        self.with(|r| r.reading_count(kind, viewer))
    }

    /// Per-day summaries of a kind between two local dates, inclusive.
    pub fn daily_summaries(
        &self,
        kind: ReadingKind,
        from: NaiveDate,
        to: NaiveDate,
        viewer: Viewer,
    ) -> Result<Vec<DailySummary>, RecordError> {
        self.with(|r| r.daily_summaries(kind, from, to, viewer))
    }

    /// The trend window of `days` days ending `today` (mean of the days' means).
    pub fn trend_window(
        &self,
        kind: ReadingKind,
        days: u32,
        today: NaiveDate,
        viewer: Viewer,
    ) -> Result<TrendWindow, RecordError> {
        self.with(|r| r.trend_window(kind, days, today, viewer))
    }

    /// What the first screen shows for every kind with readings.
    pub fn overview(
        &self,
        today: NaiveDate,
        viewer: Viewer,
    ) -> Result<Vec<KindOverview>, RecordError> {
        self.with(|r| r.overview(today, viewer))
    }
}
