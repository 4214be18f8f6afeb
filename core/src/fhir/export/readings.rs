//! Readings as vital-signs Observations (R4 vital signs: category `vital-signs`, a
//! LOINC code, the value in UCUM), each kind coded by the model (`ReadingKind::loinc`,
//! `GlucoseSpecimen::loinc`); blood pressure as the panel 85354-9 with systolic 8480-6
//! and diastolic 8462-4 (and mean 8478-0, pulse 8867-4) as components.
//!
//! A kind with more than [`SERIES_LIMIT`] readings in the scope (a glucose sensor's
//! every five minutes) goes out as one Observation per day instead: `effectivePeriod`
//! the day, no value of its own, and components coded by FHIR's statistics code system
//! (R4 `observation-statistics`): `count`, and `minimum`, `average`, `maximum` of the
//! main value (`sum` for kinds whose day adds up, such as steps), plus the diastolic
//! `average` for blood pressure, told apart by their text. The figures are the record's
//! own day summaries for the viewer, so a reading they may not see never moves one.
//!
//! Readings whose time cannot be trusted (`NewReading::time_trusted`) and control
//! solution tests are left out: they are not current values.

use chrono::NaiveDate;

use crate::fhir::codes::OBSERVATION_CATEGORY;
use crate::fhir::datatypes::{Annotation, CodeableConcept, Coding, Period, Reference};
use crate::fhir::mapping::coding::coded;
use crate::fhir::mapping::dates;
use crate::fhir::mapping::readings::{
    OBSERVATION_STATISTICS, Part, kind_concept, part_concept, quantity,
};
use crate::fhir::resources::{Observation, ObservationComponent};
use crate::model::reading_text::value_text;
use crate::model::{Reading, ReadingKind, ReadingValue};
use crate::store::reading_days::DailySummary;

/// More readings of one kind than this in an export go out as day summaries.
pub const SERIES_LIMIT: usize = 50;

/// The kinds that are exported: those with a LOINC code in the model.
pub fn exported(kind: ReadingKind) -> bool {
    kind.loinc().is_some()
}

fn category(kind: ReadingKind) -> CodeableConcept {
    if kind == ReadingKind::Steps {
        coded(OBSERVATION_CATEGORY, "activity", "Activity")
    } else {
        coded(OBSERVATION_CATEGORY, "vital-signs", "Vital Signs")
    }
}

fn component(part: Part, value: Option<f64>) -> Option<ObservationComponent> {
    let kind = if part == Part::Pulse {
        ReadingKind::HeartRate
    } else {
        ReadingKind::BloodPressure
    };
    Some(ObservationComponent {
        code: part_concept(part)?,
        value_quantity: quantity(kind, None, value?),
        ..ObservationComponent::default()
    })
}

/// One reading, when it is a current value of an exported kind.
pub fn reading(id: String, r: &Reading, me: &Reference) -> Option<Observation> {
    let n = &r.reading;
    let kind = n.value.kind();
    if !exported(kind) || !n.time_trusted() || !n.is_persons_value() {
        return None;
    }
    let specimen = n.context.specimen;
    let mut obs = Observation {
        id: Some(id),
        status: "final".into(),
        category: vec![category(kind)],
        code: kind_concept(kind, specimen)?,
        subject: Some(me.clone()),
        note: n
            .note
            .iter()
            .map(|t| Annotation {
                text: t.clone(),
                ..Annotation::default()
            })
            .collect(),
        ..Observation::default()
    };
    match n.ended_at {
        Some(end) if kind.has_span() => {
            obs.effective_period = Some(Period {
                start: Some(dates::date_time_text(&n.taken_at)),
                end: Some(dates::date_time_text(&end)),
                ..Period::default()
            })
        }
        _ => obs.effective_date_time = Some(dates::date_time_text(&n.taken_at)),
    }
    match &n.value {
        ReadingValue::BloodPressure {
            systolic_mmhg,
            diastolic_mmhg,
            mean_arterial_mmhg,
            pulse_per_min,
        } => {
            obs.component = [
                component(Part::Systolic, Some(*systolic_mmhg)),
                component(Part::Diastolic, Some(*diastolic_mmhg)),
                component(Part::Mean, *mean_arterial_mmhg),
                component(Part::Pulse, *pulse_per_min),
            ]
            .into_iter()
            .flatten()
            .collect();
        }
        ReadingValue::BloodGlucose { mmol_per_l: None } => {
            // A meter's LO or HI: no number, said in words.
            obs.value_string = Some(value_text(&n.value, &n.flags));
        }
        value => obs.value_quantity = quantity(kind, specimen, value.primary()?),
    }
    Some(obs)
}

fn statistic(code: &str, display: &str, text: String) -> CodeableConcept {
    CodeableConcept {
        coding: vec![Coding::new(OBSERVATION_STATISTICS, code, display)],
        text: Some(text),
        ..CodeableConcept::default()
    }
}

/// One day's summary of a kind.
pub fn summary(
    id: String,
    kind: ReadingKind,
    day: &DailySummary,
    me: &Reference,
) -> Option<Observation> {
    let date: NaiveDate = day.date;
    let title = kind.title();
    let mut code = kind_concept(kind, None)?;
    code.text = Some(format!("{title}, summary of a day"));
    let stat = |code: &str, display: &str, words: String, value: Option<f64>, of: ReadingKind| {
        Some(ObservationComponent {
            code: statistic(code, display, words),
            value_quantity: quantity(of, None, value?),
            ..ObservationComponent::default()
        })
    };
    let main = if kind == ReadingKind::BloodPressure {
        "Systolic blood pressure".to_owned()
    } else {
        title.to_owned()
    };
    let mut components = vec![ObservationComponent {
        code: statistic("count", "Count", format!("{title}: number of readings")),
        value_integer: i32::try_from(day.count).ok(),
        ..ObservationComponent::default()
    }];
    if kind.is_cumulative() {
        components.extend(stat(
            "sum",
            "Sum",
            format!("{main}, total"),
            day.total,
            kind,
        ));
    } else {
        components.extend(stat(
            "minimum",
            "Minimum",
            format!("{main}, lowest"),
            day.min,
            kind,
        ));
        components.extend(stat(
            "average",
            "Average",
            format!("{main}, mean"),
            day.mean,
            kind,
        ));
        components.extend(stat(
            "maximum",
            "Maximum",
            format!("{main}, highest"),
            day.max,
            kind,
        ));
    }
    if kind == ReadingKind::BloodPressure {
        components.extend(stat(
            "average",
            "Average",
            "Diastolic blood pressure, mean".into(),
            day.mean_secondary,
            kind,
        ));
    }
    Some(Observation {
        id: Some(id),
        status: "final".into(),
        category: vec![category(kind)],
        code,
        subject: Some(me.clone()),
        effective_period: Some(Period {
            start: Some(dates::date_text(date)),
            end: Some(dates::date_text(date)),
            ..Period::default()
        }),
        component: components,
        ..Observation::default()
    })
}
