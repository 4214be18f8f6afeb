//! Checking rules, and changing one setting at a time (`key=value`, as `phr rules set`
//! and the shells' settings screens do).

use super::rule::*;
use crate::record::error::{SHORT_TEXT, required_text};
use crate::record::{ReadingKind, ValidationError};

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

impl Rule {
    /// Checks every field. Limits must be numbers, windows and days sensible, texts
    /// present and short enough to read on a phone.
    pub fn validate(&self) -> Result<(), ValidationError> {
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
                }
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
