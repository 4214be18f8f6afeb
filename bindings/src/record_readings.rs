//! `PersonHeldRecord`'s reading methods: add (one or a batch), query, count, per-day
//! summaries, privacy and delete.

use phr_core::model::NewReading as CoreNewReading;

use crate::entry::{Viewer, Visibility};
use crate::error::RecordError;
use crate::model::PersonHeldRecord;
use crate::reading::{DailySummary, IngestReport, NewReading, Reading, ReadingKind, ReadingQuery};
use crate::time::date_from;

#[uniffi::export]
impl PersonHeldRecord {
    /// Adds one reading. Notification rules run on it in the same transaction (a low
    /// glucose reading makes its alert at once).
    pub fn add_reading(&self, reading: NewReading) -> Result<Reading, RecordError> {
        let reading = CoreNewReading::try_from(reading)?;
        self.with(|r| Ok(r.add_reading(reading)?.into()))
    }

    /// Adds a batch of readings in one transaction; readings already stored (same
    /// device, epoch and sequence number) are skipped. If any is invalid, none is
    /// stored, and the error names it: `readings[7].mmol_per_l`.
    pub fn add_readings(&self, readings: Vec<NewReading>) -> Result<IngestReport, RecordError> {
        let several = readings.len() > 1;
        let readings = readings
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                CoreNewReading::try_from(r).map_err(|mut v| {
                    if several {
                        v.field = format!("readings[{i}].{}", v.field);
                    }
                    v
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.with(|r| Ok(r.add_readings(&readings)?.into()))
    }

    /// One reading by id (the person's view).
    pub fn reading(&self, id: i64) -> Result<Reading, RecordError> {
        self.with(|r| Ok(r.reading(id)?.into()))
    }

    /// Readings `viewer` may see: oldest first, or newest first when a limit is set.
    pub fn readings(
        &self,
        query: ReadingQuery,
        viewer: Viewer,
    ) -> Result<Vec<Reading>, RecordError> {
        self.with(|r| {
            Ok(r.readings(&query.into(), viewer.into())?
                .into_iter()
                .map(Into::into)
                .collect())
        })
    }

    /// How many readings (of one kind, or all) `viewer` may see.
    pub fn reading_count(
        &self,
        kind: Option<ReadingKind>,
        viewer: Viewer,
    ) -> Result<u64, RecordError> {
        self.with(|r| Ok(r.reading_count(kind.map(Into::into), viewer.into())?))
    }

    /// Per-day summaries of a kind between two local dates (`YYYY-MM-DD`, inclusive),
    /// from the core's summary table: a ten-year trend reads a few thousand rows. Only
    /// readings `viewer` may see count.
    pub fn daily_summaries(
        &self,
        kind: ReadingKind,
        from: String,
        to: String,
        viewer: Viewer,
    ) -> Result<Vec<DailySummary>, RecordError> {
        let from = date_from("from", &from)?;
        let to = date_from("to", &to)?;
        self.with(|r| {
            Ok(r.daily_summaries(kind.into(), from, to, viewer.into())?
                .into_iter()
                .map(Into::into)
                .collect())
        })
    }

    /// Changes who may see a reading (and which summaries it counts in).
    pub fn set_reading_visibility(
        &self,
        id: i64,
        visibility: Visibility,
    ) -> Result<(), RecordError> {
        self.with(|r| Ok(r.set_reading_visibility(id, visibility.into())?))
    }

    /// Deletes a reading and corrects its day's summary.
    pub fn delete_reading(&self, id: i64) -> Result<(), RecordError> {
        self.with(|r| Ok(r.delete_reading(id)?))
    }
}
