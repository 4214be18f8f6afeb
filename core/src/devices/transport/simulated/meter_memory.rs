//! A simulated meter's memory: records with deterministic values and times (the same
//! meter gives the same records on every run, so re-syncs are recognised), numbered as
//! a meter numbers them, restarts and wraps included.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use super::quirks::MeterQuirk;
use crate::devices::gatt::{
    Carbohydrate, CarbohydrateId, ConcentrationUnit, DateTime, GlucoseConcentration,
    GlucoseContext, GlucoseMeasurement, GlucoseType, Meal, SampleLocation, SensorStatus, Sfloat,
};

/// One stored record.
#[derive(Debug, Clone, PartialEq)]
pub struct MeterRecord {
    /// The measurement.
    pub measurement: GlucoseMeasurement,
    /// Its context, if the meter sends one (it may flag one and not send it).
    pub context: Option<GlucoseContext>,
}

/// The records and where numbering and time stand.
#[derive(Debug, Clone)]
pub struct MeterMemory {
    /// Records in storage order (oldest first).
    pub records: Vec<MeterRecord>,
    quirks: Vec<MeterQuirk>,
    contexts: bool,
    next_index: usize,
    next_sequence: u16,
    next_time: NaiveDateTime,
    wrong_clock_from: Option<usize>,
}

/// When the first simulated record was taken: a fixed date, so every run of the
/// simulator produces the same records.
pub fn first_record_time() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 1, 5)
        .and_then(|d| d.and_hms_opt(7, 30, 0))
        .unwrap_or_default()
}

impl MeterMemory {
    /// A memory with `count` records (none with [`MeterQuirk::NoRecords`]).
    pub fn new(count: usize, quirks: &[MeterQuirk], contexts: bool) -> Self {
        let has = |q| quirks.contains(&q);
        let count = if has(MeterQuirk::NoRecords) { 0 } else { count };
        let before_restart = if has(MeterQuirk::BatteryRestart) {
            (count * 3 / 5).max(count.min(1))
        } else {
            count
        };
        let first_sequence = if has(MeterQuirk::SequenceWrap) {
            // Half the records before 65535, half after the wrap to 0.
            let half = u16::try_from(before_restart / 2).unwrap_or(u16::MAX);
            0u16.wrapping_sub(half)
        } else {
            0
        };
        let mut memory = Self {
            records: Vec::with_capacity(count),
            quirks: quirks.to_vec(),
            contexts,
            next_index: 0,
            next_sequence: first_sequence,
            next_time: first_record_time(),
            wrong_clock_from: has(MeterQuirk::WrongClock).then_some(count - count / 10),
        };
        memory.push_records(before_restart);
        if count > before_restart {
            memory.restart_numbering();
            memory.push_records(count - before_restart);
        }
        memory
    }

    /// Records taken since: numbered on from the last one.
    pub fn push_records(&mut self, n: usize) {
        for _ in 0..n {
            let record = self.make(self.next_index, self.next_sequence, self.next_time);
            self.records.push(record);
            self.next_index += 1;
            self.next_sequence = self.next_sequence.wrapping_add(1);
            // About one reading every 7 to 8 hours.
            let minutes = 7 * 60 + (self.next_index * 37 % 60);
            self.next_time += TimeDelta::minutes(i64::try_from(minutes).unwrap_or(420));
        }
    }

    /// A battery change: numbering starts again at 0 (the records stay).
    pub fn restart_numbering(&mut self) {
        self.next_sequence = 0;
        self.next_time += TimeDelta::days(1);
    }

    /// Forgets every record (a reset that wipes the memory) and restarts numbering.
    pub fn wipe(&mut self) {
        self.records.clear();
        self.restart_numbering();
    }

    fn has(&self, q: MeterQuirk) -> bool {
        self.quirks.contains(&q)
    }

    fn make(&self, i: usize, sequence: u16, time: NaiveDateTime) -> MeterRecord {
        let mut status = SensorStatus::default();
        let mut shown = time;
        if self.wrong_clock_from.is_some_and(|from| i >= from) {
            shown += TimeDelta::days(5 * 365);
        }
        if self.has(MeterQuirk::WrongClock) && i % 45 == 44 {
            status = status | SensorStatus::TIME_FAULT;
        }
        let (base, offset) = if self.has(MeterQuirk::NegativeOffset) {
            // Base time in UTC, local offset -7 h in the offset field (BLE.md).
            (shown + TimeDelta::minutes(420), Some(-420))
        } else {
            (shown, None)
        };
        let mg_dl = 70 + i16::try_from(i * 37 % 150).unwrap_or(0);
        let mut value = Sfloat::new(mg_dl, -5).unwrap_or(Sfloat::NAN);
        let (mut sample_type, mut location) = if i % 5 == 4 {
            (GlucoseType::CapillaryPlasma, SampleLocation::NotAvailable)
        } else {
            (GlucoseType::CapillaryWholeBlood, SampleLocation::Finger)
        };
        if self.has(MeterQuirk::LoHi) && i % 50 == 10 {
            value = Sfloat::NEGATIVE_INFINITY;
            status = status | SensorStatus::RESULT_TOO_LOW;
        } else if self.has(MeterQuirk::LoHi) && i % 50 == 35 {
            value = Sfloat::POSITIVE_INFINITY;
            status = status | SensorStatus::RESULT_TOO_HIGH;
        } else if self.has(MeterQuirk::ControlSolution) && i % 40 == 20 {
            sample_type = GlucoseType::ControlSolution;
            location = SampleLocation::ControlSolution;
        }
        let context = (self.contexts && i.is_multiple_of(3)).then(|| context(i, sequence));
        let flags_missing = self.has(MeterQuirk::MissingContexts) && i % 11 == 5;
        let measurement = GlucoseMeasurement {
            sequence_number: sequence,
            base_time: DateTime::from_naive(&base).unwrap_or_default(),
            time_offset_minutes: offset,
            concentration: Some(GlucoseConcentration {
                value,
                unit: ConcentrationUnit::KgPerL,
                sample_type,
                sample_location: location,
            }),
            sensor_status: (!status.is_empty()).then_some(status),
            context_follows: context.is_some() || flags_missing,
        };
        MeterRecord {
            measurement,
            context: if flags_missing { None } else { context },
        }
    }
}

fn context(i: usize, sequence: u16) -> GlucoseContext {
    let meal = match i / 3 % 5 {
        0 => Meal::Preprandial,
        1 => Meal::Postprandial,
        2 => Meal::Fasting,
        3 => Meal::Bedtime,
        _ => Meal::Casual,
    };
    GlucoseContext {
        sequence_number: sequence,
        extended_flags: None,
        carbohydrate: i.is_multiple_of(6).then(|| Carbohydrate {
            id: CarbohydrateId::Breakfast,
            kilograms: Sfloat::new(45, -3).unwrap_or(Sfloat::NAN),
        }),
        meal: Some(meal),
        tester_health: None,
        exercise: None,
        medication: None,
        hba1c_percent: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restart_and_wrap_number_as_a_meter_does() {
        let m = MeterMemory::new(
            10,
            &[MeterQuirk::BatteryRestart, MeterQuirk::SequenceWrap],
            false,
        );
        let seqs: Vec<u16> = m
            .records
            .iter()
            .map(|r| r.measurement.sequence_number)
            .collect();
        assert_eq!(seqs, vec![65533, 65534, 65535, 0, 1, 2, 0, 1, 2, 3]);
        let times: Vec<_> = m
            .records
            .iter()
            .map(|r| r.measurement.user_facing_time())
            .collect();
        assert!(times.windows(2).all(|w| w[0] < w[1]), "time goes on");
        assert!(
            MeterMemory::new(5, &[MeterQuirk::NoRecords], true)
                .records
                .is_empty()
        );
    }
}
