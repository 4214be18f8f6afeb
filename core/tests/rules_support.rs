//! Helpers for the rules tests, included with `#[path = "rules_support.rs"] mod support;`.
//! (Compiled on its own too, as a test crate without tests.)
#![allow(dead_code, missing_docs)]

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use phr_core::api::{NewEntryOptions, Record};
use phr_core::clock::ManualClock;
use phr_core::keys::DatabaseKey;
use phr_core::model::Sample;
use phr_core::model::*;
use phr_core::rules::Notification;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub struct Fixture {
    pub record: Record,
    pub path: PathBuf,
    pub key: DatabaseKey,
    pub clock: ManualClock,
}

impl Fixture {
    /// A new record whose clock stands at `now`.
    pub fn new(dir: &Path, now: DateTime<Utc>) -> Self {
        let path = dir.join("record.db");
        let key = DatabaseKey::generate();
        let mut record = Record::create(&path, &key).expect("create record");
        let clock = ManualClock::new(now);
        record.set_clock(Arc::new(clock.clone()));
        Self {
            record,
            path,
            key,
            clock,
        }
    }

    /// Closes and reopens the record, keeping the clock.
    pub fn reopen(self) -> Self {
        let Self {
            record,
            path,
            key,
            clock,
        } = self;
        record.close().expect("close");
        let mut record = Record::open(&path, &key).expect("reopen");
        record.set_clock(Arc::new(clock.clone()));
        Self {
            record,
            path,
            key,
            clock,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        phr_core::clock::Clock::now(&self.clock)
    }

    pub fn due(&mut self) -> Vec<Notification> {
        let now = self.now();
        self.record.due_notifications(now).expect("due")
    }

    pub fn add(&mut self, reading: NewReading) -> i64 {
        self.record.add_reading(reading).expect("add reading").id
    }

    pub fn entry(&mut self, body: EntryBody) -> EntryId {
        self.record
            .add_entry(body, NewEntryOptions::default())
            .expect("add entry")
            .meta
            .id
    }

    /// Every notification of a rule, oldest first.
    pub fn of_rule(&self, rule_id: &str) -> Vec<Notification> {
        let mut all: Vec<_> = self
            .record
            .notifications(true)
            .expect("notifications")
            .into_iter()
            .filter(|n| n.rule_id == rule_id)
            .collect();
        all.sort_by_key(|n| n.id);
        all
    }
}

pub fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("time")
        .with_timezone(&Utc)
}

pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("time")
}

/// Noon UTC on day `n` of November 2026 (n may run past 30 into December).
pub fn nov(n: i64, hour: u32) -> DateTime<FixedOffset> {
    let base = Utc
        .with_ymd_and_hms(2026, 11, 1, hour, 0, 0)
        .single()
        .expect("time");
    (base + Duration::days(n - 1)).fixed_offset()
}

pub fn glucose(mmol: f64, when: DateTime<FixedOffset>) -> NewReading {
    NewReading::manual(
        ReadingValue::BloodGlucose {
            mmol_per_l: Some(mmol),
        },
        when,
    )
}

pub fn bp(systolic: f64, diastolic: f64, when: DateTime<FixedOffset>) -> NewReading {
    NewReading::manual(
        ReadingValue::BloodPressure {
            systolic_mmhg: systolic,
            diastolic_mmhg: diastolic,
            mean_arterial_mmhg: None,
            pulse_per_min: None,
        },
        when,
    )
}

pub fn weight(kg: f64, when: DateTime<FixedOffset>) -> NewReading {
    NewReading::manual(ReadingValue::Weight { kg }, when)
}

pub fn pulse(per_min: f64, when: DateTime<FixedOffset>) -> NewReading {
    NewReading::manual(ReadingValue::HeartRate { per_min }, when)
}

pub fn sample(reading: &NewReading) -> Sample {
    Sample::from_reading(1, reading)
}

pub fn appointment(title: &str, start: DateTime<FixedOffset>) -> EntryBody {
    EntryBody::Appointment(Appointment {
        title: title.into(),
        start,
        duration_minutes: Some(20),
        with: Some("Dr Okafor".into()),
        location: Some("Riverside Surgery".into()),
        status: AppointmentStatus::Booked,
        reminder_minutes_before: DEFAULT_REMINDER_MINUTES.to_vec(),
        notes: None,
    })
}
