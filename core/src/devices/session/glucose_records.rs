//! The records of one glucose transfer: measurements in the order they arrived, each
//! with its context paired by sequence number. Duplicate notifications are dropped;
//! a context that arrives before its measurement waits for it; a flagged context that
//! never arrives leaves the measurement without one.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;

use crate::devices::gatt::{GlucoseContext, GlucoseMeasurement};

/// One record as received: the measurement, its context if one came, when it came.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlucoseRecord {
    /// The measurement as decoded.
    pub measurement: GlucoseMeasurement,
    /// Its context, paired by sequence number.
    pub context: Option<GlucoseContext>,
    /// When the measurement notification arrived.
    pub received_at: DateTime<Utc>,
}

impl GlucoseRecord {
    /// The meter's sequence number.
    pub fn sequence(&self) -> u16 {
        self.measurement.sequence_number
    }

    /// Base time plus offset as the meter reported it (`None` when its clock was unset).
    pub fn device_time(&self) -> Option<NaiveDateTime> {
        self.measurement.user_facing_time()
    }

    /// What makes a record itself: sequence number and device time. Two notifications
    /// with the same key are the same record sent twice.
    pub fn key(&self) -> (u16, Option<NaiveDateTime>) {
        (self.sequence(), self.device_time())
    }
}

/// What adding a measurement did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Added {
    /// A record not seen before.
    New,
    /// The same record again.
    Duplicate,
}

/// The records of one connection.
#[derive(Debug, Default)]
pub(crate) struct Collected {
    pub records: Vec<GlucoseRecord>,
    /// When each record was last seen (a counter): a record sent again is placed where
    /// it came last, e.g. the newest record, asked for first to check it, sits at the
    /// end of the transfer that sends it again.
    seen: Vec<u64>,
    counter: u64,
    index: HashMap<(u16, Option<NaiveDateTime>), usize>,
    latest_by_sequence: HashMap<u16, usize>,
    waiting_contexts: HashMap<u16, GlucoseContext>,
    pub duplicates: u32,
    /// The same sequence number came with two different times: the meter's numbering
    /// restarted (battery change, reset) or wrapped.
    pub numbering_restarted: bool,
}

impl Collected {
    /// Adds a measurement.
    pub fn add_measurement(&mut self, m: GlucoseMeasurement, received_at: DateTime<Utc>) -> Added {
        let record = GlucoseRecord {
            measurement: m,
            context: None,
            received_at,
        };
        let key = record.key();
        self.counter += 1;
        if let Some(&at) = self.index.get(&key) {
            self.duplicates += 1;
            if let Some(seen) = self.seen.get_mut(at) {
                *seen = self.counter;
            }
            return Added::Duplicate;
        }
        if self.latest_by_sequence.contains_key(&key.0) {
            self.numbering_restarted = true;
        }
        let at = self.records.len();
        self.records.push(record);
        self.seen.push(self.counter);
        self.index.insert(key, at);
        self.latest_by_sequence.insert(key.0, at);
        if m.context_follows
            && let Some(context) = self.waiting_contexts.remove(&key.0)
            && let Some(r) = self.records.get_mut(at)
        {
            r.context = Some(context);
        }
        Added::New
    }

    /// Pairs a context with the latest measurement of its sequence number that flagged
    /// one, or keeps it until that measurement arrives.
    pub fn add_context(&mut self, c: GlucoseContext) {
        let seq = c.sequence_number;
        let target = self
            .latest_by_sequence
            .get(&seq)
            .and_then(|&i| self.records.get_mut(i))
            .filter(|r| r.measurement.context_follows);
        match target {
            Some(r) if r.context.is_none() => r.context = Some(c),
            // The same context again, or a second one for one measurement: keep the first.
            Some(_) => self.duplicates += 1,
            None => {
                self.waiting_contexts.insert(seq, c);
            }
        }
    }

    /// The records in the order they were last seen.
    pub fn in_order(&self) -> Vec<GlucoseRecord> {
        let mut order: Vec<usize> = (0..self.records.len()).collect();
        order.sort_by_key(|&i| self.seen.get(i).copied().unwrap_or(0));
        order
            .into_iter()
            .filter_map(|i| self.records.get(i).cloned())
            .collect()
    }

    /// Records received.
    pub fn len(&self) -> usize {
        self.records.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devices::gatt::{DateTime as GattTime, Meal};

    fn m(seq: u16, minute: u8, context: bool) -> GlucoseMeasurement {
        GlucoseMeasurement {
            sequence_number: seq,
            base_time: GattTime {
                year: 2026,
                month: 3,
                day: 1,
                hours: 8,
                minutes: minute,
                seconds: 0,
            },
            time_offset_minutes: None,
            concentration: None,
            sensor_status: None,
            context_follows: context,
        }
    }

    fn ctx(seq: u16) -> GlucoseContext {
        GlucoseContext {
            sequence_number: seq,
            extended_flags: None,
            carbohydrate: None,
            meal: Some(Meal::Fasting),
            tester_health: None,
            exercise: None,
            medication: None,
            hba1c_percent: None,
        }
    }

    #[test]
    fn duplicates_are_dropped_and_contexts_pair_in_any_order() {
        let now = Utc::now();
        let mut c = Collected::default();
        c.add_context(ctx(2)); // before its measurement
        assert_eq!(c.add_measurement(m(1, 0, true), now), Added::New);
        assert_eq!(c.add_measurement(m(1, 0, true), now), Added::Duplicate);
        assert_eq!(c.add_measurement(m(2, 5, true), now), Added::New);
        c.add_context(ctx(1));
        c.add_context(ctx(1));
        assert_eq!(c.len(), 2);
        assert!(c.records.iter().all(|r| r.context.is_some()));
        assert_eq!(c.duplicates, 2);
        assert!(!c.numbering_restarted);
        assert_eq!(c.add_measurement(m(1, 30, false), now), Added::New);
        assert!(c.numbering_restarted);
        assert_eq!(c.add_measurement(m(2, 5, true), now), Added::Duplicate);
        let order: Vec<_> = c.in_order().iter().map(GlucoseRecord::key).collect();
        assert_eq!(
            order[2].0, 2,
            "a record sent again moves to where it came last"
        );
    }
}
