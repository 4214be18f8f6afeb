//! Observation: a reading (`reading.rs`) when its code is one of the readings' codes and
//! it is not a laboratory result; a test result when it is a laboratory result (category
//! `laboratory`, or no category but a LOINC code) with a value; otherwise kept.

use super::candidate::{MappedEntry, Planned};
use super::plan::Context;
use super::{reading, text};
use crate::fhir::codes::{OBSERVATION_CATEGORY, UCUM};
use crate::fhir::datatypes::Quantity;
use crate::fhir::mapping::coding;
use crate::fhir::mapping::readings::by_concept;
use crate::fhir::mapping::{dates, status};
use crate::fhir::resources::Observation;
use crate::model::codes::validate_ucum;
use crate::model::error::{NOTE_TEXT, SHORT_TEXT};
use crate::model::{EntryBody, ReferenceRange, ResultValue, TestResult};

/// An Observation.
pub fn map(o: &Observation, cx: &Context<'_>) -> Planned {
    if let Some(why) = status::not_a_fact("Observation", "status", &o.status) {
        return Planned::not_a_fact(why);
    }
    let categories: Vec<&str> = o
        .category
        .iter()
        .flat_map(|c| &c.coding)
        .filter(|c| c.system.as_deref() == Some(OBSERVATION_CATEGORY))
        .filter_map(|c| c.code.as_deref())
        .collect();
    let laboratory = categories.contains(&"laboratory");
    if !laboratory && let Some(code) = by_concept(&o.code) {
        return reading::map(o, code, cx);
    }
    let loinc = coding::loinc(&o.code);
    if laboratory || (categories.is_empty() && loinc.is_some()) {
        return test_result(o, loinc);
    }
    let what = coding::label(&o.code)
        .map(|(t, _)| t)
        .unwrap_or_else(|| "an observation".into());
    let kind = categories.first().copied().unwrap_or("uncategorised");
    Planned::not_mapped(format!(
        "{what} ({kind}): the record keeps laboratory results, and readings of glucose, blood pressure, heart rate, weight and steps"
    ))
}

fn test_result(o: &Observation, loinc: Option<(usize, String)>) -> Planned {
    let Some((name, name_at)) = coding::label(&o.code) else {
        return Planned::not_mapped("the result has no name");
    };
    let date = [
        (o.effective_date_time.as_deref(), "effectiveDateTime"),
        (
            o.effective_period.as_ref().and_then(|p| p.start.as_deref()),
            "effectivePeriod.start",
        ),
        (o.effective_instant.as_deref(), "effectiveInstant"),
        (o.issued.as_deref(), "issued"),
    ]
    .into_iter()
    .find_map(|(t, at)| Some((dates::whole_date(t?)?, at)));
    let Some((date, date_at)) = date else {
        return Planned::not_mapped("the result has no whole date");
    };
    let mut notes = Vec::new();
    let value = if let Some(q) = &o.value_quantity {
        quantity(q).map(|v| (v, "valueQuantity"))
    } else if let Some(t) = text::some_text(o.value_string.as_deref()) {
        Some((
            ResultValue::Text {
                text: text::fit(&mut notes, "result", t, SHORT_TEXT),
            },
            "valueString",
        ))
    } else if let Some((t, _)) = o.value_codeable_concept.as_ref().and_then(coding::label) {
        Some((
            ResultValue::Text {
                text: text::fit(&mut notes, "result", t, SHORT_TEXT),
            },
            "valueCodeableConcept",
        ))
    } else {
        o.value_integer.map(|n| {
            (
                ResultValue::Quantity {
                    value: f64::from(n),
                    unit: "1".into(),
                },
                "valueInteger",
            )
        })
    };
    let Some((value, value_at)) = value else {
        return Planned::not_mapped(
            "the result has no value the record reads (a panel, or a result not given)",
        );
    };
    let range = o.reference_range.first().and_then(|r| {
        let low = r
            .low
            .as_ref()
            .and_then(|q| q.value.as_ref())
            .map(|d| d.to_f64());
        let high = r
            .high
            .as_ref()
            .and_then(|q| q.value.as_ref())
            .map(|d| d.to_f64());
        let ordered = !matches!((low, high), (Some(l), Some(h)) if l > h);
        ((low.is_some() || high.is_some()) && ordered).then_some(ReferenceRange { low, high })
    });
    let body = TestResult {
        name: text::fit(&mut notes, "name", name, SHORT_TEXT),
        loinc: loinc.as_ref().map(|(_, c)| c.clone()),
        value,
        reference_range: range,
        date,
        notes: text::notes(&o.note).map(|n| text::fit(&mut notes, "note", n, NOTE_TEXT)),
    };
    let mut mapped = MappedEntry::new(EntryBody::TestResult(body))
        .from("name", format!("code.{name_at}"))
        .from("date", date_at)
        .from("value", value_at)
        .from("value.value", format!("{value_at}.value"))
        .from("value.unit", format!("{value_at}.code"))
        .from("reference_range", "referenceRange[0]")
        .from("notes", "note");
    if let Some((i, _)) = loinc {
        mapped = mapped.from("loinc", format!("code.coding[{i}].code"));
    }
    mapped.notes = notes;
    Planned::entry(mapped)
}

/// A result's quantity: a number with its UCUM unit; a unit that is not UCUM (only
/// words) makes it text, value and unit together.
fn quantity(q: &Quantity) -> Option<ResultValue> {
    let value = q.value.as_ref()?.to_f64();
    let comparator = q.comparator.as_deref().unwrap_or_default();
    let ucum = match (q.system.as_deref(), q.code.as_deref()) {
        (Some(UCUM) | None, Some(code)) if validate_ucum("unit", code).is_ok() => Some(code),
        _ => q
            .unit
            .as_deref()
            .filter(|u| validate_ucum("unit", u).is_ok()),
    };
    match (ucum, comparator) {
        (Some(unit), "") => Some(ResultValue::Quantity {
            value,
            unit: unit.to_owned(),
        }),
        _ => {
            let unit = q.unit.as_deref().or(q.code.as_deref()).unwrap_or_default();
            let number = q
                .value
                .as_ref()
                .map(|d| d.as_str().to_owned())
                .unwrap_or_default();
            Some(ResultValue::Text {
                text: format!("{comparator}{number} {unit}").trim().to_owned(),
            })
        }
    }
}
