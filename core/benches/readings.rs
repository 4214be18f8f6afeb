//! The readings path under volume: batch ingest into an encrypted record, and a long
//! trend read from the per-day summaries against the same trend computed from the rows.
//! Compare ratios within one run; absolute times depend on the machine.

#![allow(missing_docs)]

use chrono::{Duration, FixedOffset, NaiveDate, TimeZone};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use phr_core::api::{ReadingQuery, Record};
use phr_core::keys::DatabaseKey;
use phr_core::model::{
    DeviceIdentity, NewReading, ReadingKind, ReadingSource, ReadingValue, Viewer,
};

/// A continuous glucose monitor's readings: one every 5 minutes (288 a day).
fn cgm_readings(days: i64) -> Vec<NewReading> {
    let offset = FixedOffset::east_opt(0).expect("UTC");
    let start = offset
        .with_ymd_and_hms(2020, 1, 1, 0, 0, 0)
        .single()
        .expect("start");
    let device = DeviceIdentity {
        id: "CGM-1".into(),
        manufacturer: None,
        model: None,
    };
    (0..days * 288)
        .map(|i| {
            let mut r = NewReading::manual(
                ReadingValue::BloodGlucose {
                    mmol_per_l: Some(4.0 + (i % 60) as f64 / 10.0),
                },
                start + Duration::minutes(5 * i),
            );
            r.source = ReadingSource::Device;
            r.device = Some(device.clone());
            r.sequence_number = Some(i as u32);
            r
        })
        .collect()
}

fn ingest(c: &mut Criterion) {
    let readings = cgm_readings(35); // 10,080 readings
    c.bench_function("ingest 10k CGM readings in batches of 500", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("tempdir");
                let record = Record::create(dir.path().join("r.db"), &DatabaseKey::generate())
                    .expect("create");
                (dir, record)
            },
            |(dir, mut record)| {
                for batch in readings.chunks(500) {
                    record.add_readings(batch).expect("ingest");
                }
                (dir, record)
            },
            BatchSize::PerIteration,
        )
    });
}

fn trend(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut record =
        Record::create(dir.path().join("r.db"), &DatabaseKey::generate()).expect("create");
    let days = 365;
    for batch in cgm_readings(days).chunks(500) {
        record.add_readings(batch).expect("ingest");
    }
    let from = NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
    let to = from + Duration::days(days);
    let mut group = c.benchmark_group("one-year daily glucose trend (105k readings)");
    group.sample_size(20);
    group.bench_function("from day summaries", |b| {
        b.iter(|| {
            record
                .daily_summaries(ReadingKind::BloodGlucose, from, to, Viewer::Person)
                .expect("summaries")
                .len()
        })
    });
    group.bench_function("from rows", |b| {
        b.iter(|| {
            let rows = record
                .readings(
                    &ReadingQuery {
                        kind: Some(ReadingKind::BloodGlucose),
                        ..Default::default()
                    },
                    Viewer::Person,
                )
                .expect("rows");
            let mut days = std::collections::BTreeMap::<NaiveDate, (f64, u32)>::new();
            for r in rows {
                let d = days.entry(r.reading.taken_at.date_naive()).or_default();
                d.0 += r.reading.value.primary().unwrap_or(0.0);
                d.1 += 1;
            }
            days.len()
        })
    });
    group.finish();
}

criterion_group!(benches, ingest, trend);
criterion_main!(benches);
