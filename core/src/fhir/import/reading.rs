//! Observations that are readings (`mapping::readings` says which codes are): a value
//! in the kind's unit, converted with `model::units`; a blood pressure panel's systolic,
//! diastolic, mean and pulse from its components.
//!
//! Where a reading comes from decides how a second import is recognised (the readings
//! table's client record ids): an Observation whose `meta.source` names an app rather
//! than a server (a package name or bundle id, as Health Connect and HealthKit exports
//! write it) is that app's, with its first identifier (else its id) as the client record
//! id; any other is the system's (`ReadingSource::Imported`), with `Type/id` as the
//! client record id. A numeric `meta.versionId` is the client record version, so a newer
//! version replaces the stored one. An implausible value (`ReadingValue::validate`) is
//! kept and reported, never stored.

use super::candidate::Planned;
use super::plan::Context;
use super::text;
use crate::fhir::mapping::dates;
use crate::fhir::mapping::readings::{
    OBSERVATION_STATISTICS, Part, ReadingCode, by_concept, stored_value,
};
use crate::fhir::resources::Observation;
use crate::model::error::NOTE_TEXT;
use crate::model::{
    NewReading, ReadingContext, ReadingFlag, ReadingKind, ReadingSource, ReadingValue,
};

/// A reading from an Observation.
pub fn map(o: &Observation, code: ReadingCode, cx: &Context<'_>) -> Planned {
    let statistics = o.component.iter().any(|c| {
        c.code
            .coding
            .iter()
            .any(|k| k.system.as_deref() == Some(OBSERVATION_STATISTICS))
    });
    if statistics {
        return Planned::not_mapped("a summary of readings over a period, not a reading");
    }
    let value = match code.part {
        Part::Panel => blood_pressure(o),
        Part::Value => single(o, code.kind),
        Part::Systolic | Part::Diastolic | Part::Mean | Part::Pulse => Err(
            "a blood pressure value on its own: the record keeps systolic and diastolic together"
                .into(),
        ),
    };
    let value = match value {
        Ok(v) => v,
        Err(why) => return Planned::not_mapped(why),
    };
    let start = o
        .effective_date_time
        .as_deref()
        .or(o.effective_instant.as_deref())
        .or(o.effective_period.as_ref().and_then(|p| p.start.as_deref()))
        .and_then(dates::date_time);
    let Some(taken_at) = start else {
        return Planned::not_mapped("the reading has no time");
    };
    let ended_at = o
        .effective_period
        .as_ref()
        .and_then(|p| p.end.as_deref())
        .and_then(dates::date_time)
        .filter(|_| code.kind.has_span());
    let app = o
        .meta
        .as_ref()
        .and_then(|m| m.source.as_deref())
        .filter(|s| {
            !(s.starts_with("https://") || s.starts_with("http://") || s.starts_with("urn:uuid:"))
        })
        .map(|s| s.trim_start_matches('#').to_owned())
        .filter(|s| !s.is_empty());
    let id = o.id.as_deref();
    let (source, client_id) = match app {
        Some(name) => {
            let client = o
                .identifier
                .iter()
                .find_map(|i| i.value.clone())
                .or_else(|| id.map(str::to_owned));
            (ReadingSource::App { name }, client)
        }
        None => (
            ReadingSource::Imported {
                system: cx.system.to_owned(),
            },
            id.map(|id| format!("Observation/{id}")),
        ),
    };
    let version = o
        .meta
        .as_ref()
        .and_then(|m| m.version_id.as_deref())
        .and_then(|v| v.parse::<i64>().ok());
    let mut reading = NewReading::manual(value, taken_at);
    reading.ended_at = ended_at;
    reading.source = source;
    reading.client_record_version = client_id.as_ref().and(version);
    reading.client_record_id = client_id;
    reading.context = ReadingContext {
        specimen: code.specimen,
        ..ReadingContext::default()
    };
    if code.fasting {
        reading.add_flag(ReadingFlag::Fasting);
    }
    let mut notes = Vec::new();
    reading.note = text::notes(&o.note).map(|n| text::fit(&mut notes, "note", n, NOTE_TEXT));
    match reading.validate() {
        Ok(()) => Planned::Reading(Box::new(reading)),
        Err(e) => Planned::not_mapped(format!(
            "the reading is not stored: {}: {}",
            e.field, e.reason
        )),
    }
}

fn single(o: &Observation, kind: ReadingKind) -> Result<ReadingValue, String> {
    let q = o
        .value_quantity
        .as_ref()
        .ok_or_else(|| format!("the {} has no value", kind.title().to_lowercase()))?;
    let v = stored_value(kind, q)?;
    Ok(match kind {
        ReadingKind::BloodGlucose => ReadingValue::BloodGlucose {
            mmol_per_l: Some(v),
        },
        ReadingKind::HeartRate => ReadingValue::HeartRate { per_min: v },
        ReadingKind::Weight => ReadingValue::Weight { kg: v },
        ReadingKind::Steps => {
            if v.fract() != 0.0 || !(0.0..=f64::from(u32::MAX)).contains(&v) {
                return Err("a number of steps must be a whole number".into());
            }
            ReadingValue::Steps { count: v as u32 }
        }
        other => return Err(format!("{} readings are not imported", other.title())),
    })
}

fn blood_pressure(o: &Observation) -> Result<ReadingValue, String> {
    let mut found = [None; 4];
    for component in &o.component {
        let Some(code) = by_concept(&component.code) else {
            continue;
        };
        let Some(q) = &component.value_quantity else {
            continue;
        };
        let (slot, kind) = match code.part {
            Part::Systolic => (0, ReadingKind::BloodPressure),
            Part::Diastolic => (1, ReadingKind::BloodPressure),
            Part::Mean => (2, ReadingKind::BloodPressure),
            Part::Value | Part::Pulse if code.kind == ReadingKind::HeartRate => {
                (3, ReadingKind::HeartRate)
            }
            _ => continue,
        };
        found[slot] = Some(stored_value(kind, q)?);
    }
    match found {
        [Some(systolic), Some(diastolic), mean, pulse] => Ok(ReadingValue::BloodPressure {
            systolic_mmhg: systolic,
            diastolic_mmhg: diastolic,
            mean_arterial_mmhg: mean,
            pulse_per_min: pulse,
        }),
        _ => Err("the blood pressure has no systolic and diastolic values".into()),
    }
}
