//! A module the person switched on, with their answers, validated against its template.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::template::{FieldKind, ModuleTemplate};
use crate::record::error::{Validation, ValidationError, max_chars};

/// An answer to one field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerValue {
    /// Yes or no.
    YesNo(bool),
    /// A number.
    Number(f64),
    /// A date (ISO 8601), for date fields.
    Date(NaiveDate),
    /// Free text, or the chosen option's value.
    Text(String),
}

/// A module the person has switched on, and their answers so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleInstance {
    /// Which template.
    pub template_id: String,
    /// Which version of it the answers follow.
    pub template_version: u32,
    /// Answers by field id.
    #[serde(default)]
    pub answers: BTreeMap<String, AnswerValue>,
    /// When a questionnaire was completed (outcome measures are dated).
    #[serde(default)]
    pub completed_on: Option<NaiveDate>,
}

/// The score of a completed scored module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleScore {
    /// Sum of the chosen options' scores.
    pub total: u32,
    /// The band the total falls in.
    pub band: String,
    /// Advice when an attention field scored above zero.
    pub attention: Option<String>,
}

impl ModuleInstance {
    /// Checks every answer against `template`; when `completed_on` is set, every
    /// required field must be answered.
    pub fn validate(&self, template: &ModuleTemplate) -> Validation {
        if template.id != self.template_id || template.version != self.template_version {
            return Err(ValidationError::new(
                "template_version",
                format!(
                    "answers follow {} v{}, not {} v{}",
                    self.template_id, self.template_version, template.id, template.version
                ),
            ));
        }
        for (id, answer) in &self.answers {
            let field_path = format!("answers.{id}");
            let Some(field) = template.field(id) else {
                return Err(ValidationError::new(
                    field_path,
                    format!("{} has no field '{id}'", template.title),
                ));
            };
            let ok = match (&field.kind, answer) {
                (FieldKind::Text { max_chars: max }, AnswerValue::Text(text)) => {
                    max_chars(&field_path, text, *max)?;
                    true
                }
                (FieldKind::Choice { options }, AnswerValue::Text(value)) => {
                    options.iter().any(|o| &o.value == value)
                }
                (FieldKind::YesNo, AnswerValue::YesNo(_)) => true,
                (FieldKind::Date, AnswerValue::Date(_)) => true,
                (FieldKind::Number { min, max }, AnswerValue::Number(n)) => {
                    n.is_finite() && n >= min && n <= max
                }
                _ => false,
            };
            if !ok {
                return Err(ValidationError::new(
                    field_path,
                    format!("is not a valid answer to '{}'", field.label),
                ));
            }
        }
        if self.completed_on.is_some()
            && let Some(missing) = template
                .fields
                .iter()
                .find(|f| f.required && !self.answers.contains_key(&f.id))
        {
            return Err(ValidationError::new(
                format!("answers.{}", missing.id),
                "must be answered to complete the module",
            ));
        }
        Ok(())
    }

    /// The score, for a scored template with every choice answered.
    pub fn score(&self, template: &ModuleTemplate) -> Option<ModuleScore> {
        let scoring = template.scoring.as_ref()?;
        let mut total: u32 = 0;
        let mut attention = false;
        for field in &template.fields {
            let FieldKind::Choice { options } = &field.kind else {
                continue;
            };
            let Some(AnswerValue::Text(value)) = self.answers.get(&field.id) else {
                return None;
            };
            let points = options.iter().find(|o| &o.value == value)?.score?;
            total = total.checked_add(points)?; // only a template that fails validation overflows
            if points > 0 && scoring.attention_fields.contains(&field.id) {
                attention = true;
            }
        }
        let band = scoring
            .bands
            .iter()
            .find(|b| (b.min..=b.max).contains(&total))?;
        Some(ModuleScore {
            total,
            band: band.label.clone(),
            attention: attention
                .then(|| scoring.attention_advice.clone())
                .flatten(),
        })
    }
}
