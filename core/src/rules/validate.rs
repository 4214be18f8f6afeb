//! Checking rules, and changing one setting at a time (`key=value`, as `phr rules set`
//! and the shells' settings screens do).

use super::advice::{AdviceValues, unfilled};
use super::defaults::{default_rule, ids};
use super::rule::*;
use crate::model::error::{SHORT_TEXT, required_text};
use crate::model::reading::plausible;
use crate::model::{ReadingKind, ValidationError};

/// The range a threshold on this kind and measure must lie in, with why. A limit outside
/// it would make a rule meaningless: it could never fire, or would fire on every value.
///
/// - Glucose 1.0 to 30.0 mmol/L. Above: 30 mmol/L is the glucose of the hyperosmolar
///   hyperglycaemic state (JBDS-IP, "The management of the hyperosmolar hyperglycaemic
///   state (HHS) in adults", 2022: hyperglycaemia of 30 mmol/L or more), so a high alert
///   set above it would stay silent in a hyperglycaemic emergency. Below: home meters
///   report numbers down to about 1.1 mmol/L (20 mg/dL) and LO below that (ISO
///   15197:2013 meters' measuring ranges), so a limit below 1.0 cannot tell one low
///   value from another.
/// - Systolic 70 to 250 mmHg, diastolic 40 to 150 mmHg: product safety bounds around the
///   published alert levels, wide enough for every one of them and no wider. NEWS2 (Royal
///   College of Physicians 2017) gives its highest score to a systolic of 90 or less and
///   of 220 or more; NICE NG136 section 1.5 acts at 180/120 mmHg the same day; the NHS
///   calls below 90/60 mmHg low. A limit beyond these bounds could only fire once the
///   person is far past any level at which home advice helps.
/// - Other kinds: what the body or the scale allows (`model::reading::plausible`).
pub fn threshold_range(kind: ReadingKind, measure: Measure) -> (f64, f64) {
    use plausible::*;
    match (kind, measure) {
        (ReadingKind::BloodGlucose, _) => (1.0, 30.0),
        (ReadingKind::BloodPressure, Measure::Primary) => (70.0, 250.0),
        (ReadingKind::BloodPressure, Measure::Secondary) => (40.0, 150.0),
        (ReadingKind::BloodPressure, Measure::Pulse) | (ReadingKind::HeartRate, _) => PULSE_PER_MIN,
        (ReadingKind::Weight, _) => WEIGHT_KG,
        (ReadingKind::Steps, _) => STEPS,
        (ReadingKind::Sleep | ReadingKind::PhysicalActivity, Measure::Primary) => MINUTES,
        (ReadingKind::Alcohol, _) => ALCOHOL_UNITS,
        (ReadingKind::Diet, Measure::Primary) => ENERGY_KCAL,
        (ReadingKind::Diet, _) => CARBOHYDRATE_G,
        (ReadingKind::Mood | ReadingKind::Stress | ReadingKind::Sleep, _) => (0.0, 10.0),
        (ReadingKind::SideEffect, _) => (1.0, 10.0),
        (ReadingKind::MenstrualCycle, _) => (1.0, 4.0),
        (ReadingKind::PhysicalActivity, _) => ENERGY_KCAL,
    }
}

/// Whether a comparison looks for low values.
fn is_low(c: Comparison) -> bool {
    matches!(c, Comparison::Below | Comparison::AtOrBelow)
}

fn invalid(field: &str, reason: impl Into<String>) -> ValidationError {
    ValidationError::new(field, reason)
}

fn within(field: &str, v: u32, lo: u32, hi: u32) -> Result<(), ValidationError> {
    if v < lo || v > hi {
        return Err(invalid(field, format!("must be {lo} to {hi}")));
    }
    Ok(())
}

fn check_limits(field: &str, kind: ReadingKind, limits: &[Limit]) -> Result<(), ValidationError> {
    if limits.is_empty() {
        return Err(invalid(field, "needs at least one limit"));
    }
    for (i, l) in limits.iter().enumerate() {
        if !l.value.is_finite() {
            return Err(invalid(&format!("{field}[{i}].value"), "must be a number"));
        }
        let (lo, hi) = threshold_range(kind, l.measure);
        if l.value < lo || l.value > hi {
            return Err(invalid(
                &format!("{field}[{i}].value"),
                format!(
                    "{} is outside the range a {} limit may have ({lo} to {hi} {}); a limit there would make the rule meaningless",
                    l.value,
                    kind.title().to_lowercase(),
                    super::advice::unit(kind, l.measure)
                ),
            ));
        }
        let fits = match l.measure {
            Measure::Primary => true,
            Measure::Secondary => {
                matches!(kind, ReadingKind::BloodPressure | ReadingKind::Sleep)
            }
            Measure::Pulse => kind == ReadingKind::BloodPressure,
        };
        if !fits {
            return Err(invalid(
                &format!("{field}[{i}].measure"),
                format!("a {kind} reading has no such value"),
            ));
        }
    }
    Ok(())
}

/// In a rule of several bands on low values, a more severe band must not reach higher
/// than a milder one (a "serious hypo" at 3.5 and a "hypo" at 3.0 would swap them); on
/// high values, not lower.
fn check_band_order(t: &ThresholdRule) -> Result<(), ValidationError> {
    for a in &t.bands {
        for (j, b) in t.bands.iter().enumerate() {
            if b.severity <= a.severity {
                continue;
            }
            for la in &a.when {
                for (k, lb) in b.when.iter().enumerate() {
                    if la.measure != lb.measure || is_low(la.is) != is_low(lb.is) {
                        continue;
                    }
                    let wrong = if is_low(la.is) {
                        lb.value > la.value
                    } else {
                        lb.value < la.value
                    };
                    if wrong {
                        return Err(invalid(
                            &format!("bands[{j}].when[{k}].value"),
                            format!(
                                "'{}' is more severe than '{}', so its limit must be {} {}",
                                b.title,
                                a.title,
                                if is_low(la.is) {
                                    "at or below"
                                } else {
                                    "at or above"
                                },
                                la.value
                            ),
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

/// A rule's low limits (`below`) lie below its kind's high limits (`above`) in the other
/// enabled threshold rules: a low-glucose threshold above the high-glucose one would
/// raise both alerts for every reading between them. `rules` is the whole active set
/// with the changed rule in it.
pub fn check_rule_set(changed: &Rule, rules: &[Rule]) -> Result<(), ValidationError> {
    let RuleBody::Threshold(t) = &changed.body else {
        return Ok(());
    };
    if !changed.enabled {
        return Ok(());
    }
    for (bi, band) in t.bands.iter().enumerate() {
        for (li, l) in band.when.iter().enumerate() {
            for other in rules.iter().filter(|r| r.id != changed.id && r.enabled) {
                let RuleBody::Threshold(o) = &other.body else {
                    continue;
                };
                if o.reading_kind != t.reading_kind {
                    continue;
                }
                for ol in o.bands.iter().flat_map(|b| &b.when) {
                    if ol.measure != l.measure || is_low(ol.is) == is_low(l.is) {
                        continue;
                    }
                    let reason = if is_low(l.is) && l.value >= ol.value {
                        format!(
                            "a low limit ({}) must be below the high limit ({}) of '{}'",
                            l.value, ol.value, other.title
                        )
                    } else if !is_low(l.is) && l.value <= ol.value {
                        format!(
                            "a high limit ({}) must be above the low limit ({}) of '{}'",
                            l.value, ol.value, other.title
                        )
                    } else {
                        continue;
                    };
                    return Err(invalid(&format!("bands[{bi}].when[{li}].value"), reason));
                }
            }
        }
    }
    Ok(())
}

impl Rule {
    /// Whether this is one of the shipped rules that keep the person safe.
    pub fn is_safety_rule(&self) -> bool {
        ids::SAFETY.contains(&self.id.as_str())
    }

    /// Checks every field. Limits must be numbers within the body's range for their kind,
    /// bands in order of severity, windows and days sensible, texts present and short
    /// enough to read on a phone. A shipped safety rule keeps its reading kind.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.is_safety_rule()
            && let Some(shipped) = default_rule(&self.id)
            && reading_kind_of(&shipped.body) != reading_kind_of(&self.body)
        {
            return Err(invalid(
                "reading_kind",
                format!(
                    "'{}' keeps you safe and must watch {}; make a new rule for another kind",
                    shipped.title,
                    reading_kind_of(&shipped.body)
                        .map(|k| k.title().to_lowercase())
                        .unwrap_or_default()
                ),
            ));
        }
        required_text("id", &self.id, 100)?;
        if !self
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        {
            return Err(invalid("id", "may hold only a-z, 0-9, '.', '_' and '-'"));
        }
        required_text("title", &self.title, SHORT_TEXT)?;
        match &self.body {
            RuleBody::Threshold(t) => {
                if t.bands.is_empty() {
                    return Err(invalid("bands", "needs at least one band"));
                }
                for (i, b) in t.bands.iter().enumerate() {
                    required_text(&format!("bands[{i}].id"), &b.id, 50)?;
                    required_text(&format!("bands[{i}].title"), &b.title, SHORT_TEXT)?;
                    required_text(&format!("bands[{i}].advice"), &b.advice, ADVICE_TEXT)?;
                    check_limits(&format!("bands[{i}].when"), t.reading_kind, &b.when)?;
                    let values = AdviceValues::of_limits(t.reading_kind, &b.when);
                    if let Some(missing) = unfilled(&b.advice, &values).first() {
                        return Err(invalid(
                            &format!("bands[{i}].advice"),
                            format!("{missing} cannot be filled in for this rule"),
                        ));
                    }
                }
                check_band_order(t)?;
                within("repeat_after_minutes", t.repeat_after_minutes, 0, 24 * 60)?;
                within("max_age_hours", t.max_age_hours, 1, 24 * 366)?;
            }
            RuleBody::Trend(t) => {
                within("window_days", t.window_days, 1, 366)?;
                within(
                    "min_days_with_readings",
                    t.min_days_with_readings,
                    1,
                    t.window_days + 1,
                )?;
                within("max_age_days", t.max_age_days, 1, 366)?;
                required_text("advice", &t.advice, ADVICE_TEXT)?;
                match &t.test {
                    TrendTest::Mean { when } => {
                        check_limits("test.when", t.reading_kind, when)?;
                        if when.iter().any(|l| l.measure == Measure::Pulse) {
                            return Err(invalid(
                                "test.when",
                                "a trend looks at primary or secondary values",
                            ));
                        }
                    }
                    TrendTest::PercentChange { percent, .. } => {
                        if !percent.is_finite() || percent.abs() > 100.0 {
                            return Err(invalid("test.percent", "must be -100 to 100"));
                        }
                    }
                }
            }
            RuleBody::Missed(m) => {
                within("after_days", m.after_days, 1, 366)?;
                within(
                    "monitored_min_readings",
                    m.monitored_min_readings,
                    1,
                    10_000,
                )?;
                within("monitored_within_days", m.monitored_within_days, 1, 366)?;
                required_text("advice", &m.advice, ADVICE_TEXT)?;
            }
            RuleBody::AppointmentReminder(a) => required_text("advice", &a.advice, ADVICE_TEXT)?,
            RuleBody::MedicationReminder(m) => {
                required_text("advice", &m.advice, ADVICE_TEXT)?;
                if m.schedules.len() > 100 {
                    return Err(invalid("schedules", "at most 100 schedules"));
                }
                for (i, s) in m.schedules.iter().enumerate() {
                    if s.times.is_empty() || s.times.len() > 24 {
                        return Err(invalid(
                            &format!("schedules[{i}].times"),
                            "1 to 24 times a day",
                        ));
                    }
                    if s.utc_offset_minutes.abs() > 14 * 60 {
                        return Err(invalid(
                            &format!("schedules[{i}].utc_offset_minutes"),
                            "must be within 14 hours of UTC",
                        ));
                    }
                }
            }
            RuleBody::GoalCheckIn(g) => {
                within("every_days", g.every_days, 1, 366)?;
                required_text("advice", &g.advice, ADVICE_TEXT)?;
            }
            RuleBody::RequestLimit(r) => {
                within("max_open_per_recipient", r.max_open_per_recipient, 1, 100)?;
                within("window_hours", r.window_hours, 1, 24 * 31)?;
            }
        }
        Ok(())
    }

    /// This rule with settings changed, each a dotted path into its JSON form and a
    /// value: `enabled=false`, `bands.0.when.0.value=4.5`, `window_days=14`. A value is
    /// read as JSON when it parses, else as text. The id and type cannot change, and the
    /// result must validate.
    pub fn with_settings(&self, settings: &[(String, String)]) -> Result<Rule, ValidationError> {
        let mut json = serde_json::to_value(self)
            .map_err(|e| invalid("rule", format!("could not be written: {e}")))?;
        for (path, raw) in settings {
            let value = serde_json::from_str(raw)
                .unwrap_or_else(|_| serde_json::Value::String(raw.clone()));
            set_path(&mut json, path, value)?;
        }
        let changed: Rule = serde_json::from_value(json)
            .map_err(|e| invalid("rule", format!("the changed rule is not valid: {e}")))?;
        if changed.id != self.id {
            return Err(invalid("id", "a rule's id cannot change"));
        }
        if changed.body.type_name() != self.body.type_name() {
            return Err(invalid("type", "a rule's type cannot change"));
        }
        changed.validate()?;
        Ok(changed)
    }
}

/// The kind of reading a rule looks at, if it looks at readings.
fn reading_kind_of(body: &RuleBody) -> Option<ReadingKind> {
    match body {
        RuleBody::Threshold(t) => Some(t.reading_kind),
        RuleBody::Trend(t) => Some(t.reading_kind),
        RuleBody::Missed(m) => Some(m.reading_kind),
        _ => None,
    }
}

/// Parses `key=value` into its parts.
pub fn parse_setting(s: &str) -> Result<(String, String), ValidationError> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.trim().to_string())),
        _ => Err(invalid("setting", format!("'{s}' is not key=value"))),
    }
}

fn set_path(
    json: &mut serde_json::Value,
    path: &str,
    value: serde_json::Value,
) -> Result<(), ValidationError> {
    let mut node = json;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let missing = || invalid(path, format!("the rule has no setting '{part}' here"));
        node = match node {
            serde_json::Value::Object(map) => {
                if last {
                    if !map.contains_key(*part) && *part != "source" {
                        return Err(missing());
                    }
                    map.insert((*part).to_string(), value);
                    return Ok(());
                }
                map.get_mut(*part).ok_or_else(missing)?
            }
            serde_json::Value::Array(items) => {
                let index: usize = part.parse().map_err(|_| missing())?;
                let slot = items.get_mut(index).ok_or_else(missing)?;
                if last {
                    *slot = value;
                    return Ok(());
                }
                slot
            }
            _ => return Err(missing()),
        };
    }
    Err(invalid(path, "is empty"))
}
