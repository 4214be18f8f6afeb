//! A module the person switched on, with their answers, validated against its template.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::template::{FieldKind, ModuleTemplate};
use crate::model::error::{Validation, ValidationError, max_chars};

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

/// How far a module is filled in, its score once every scored question is answered, and
/// the advice of an attention item the moment one is answered above zero (even on a
/// form filled in half-way): what every shell shows for a module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleView {
    /// The template's title.
    pub title: String,
    /// Questions answered.
    pub answered: u32,
    /// Questions in the template.
    pub questions: u32,
    /// The score, when every scored question is answered.
    pub score: Option<ModuleScore>,
    /// What to tell the person now, when an attention item scored above zero.
    pub attention: Option<String>,
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
                    max_chars(&field_path, text, *max as usize)?;
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

    /// The attention advice, as soon as any attention item has an answer that scores
    /// above zero, whatever else is answered (PHQ-9 item 9 on a half-filled form).
    pub fn attention(&self, template: &ModuleTemplate) -> Option<String> {
        let scoring = template.scoring.as_ref()?;
        let needs = template.fields.iter().any(|field| {
            let FieldKind::Choice { options } = &field.kind else {
                return false;
            };
            scoring.attention_fields.contains(&field.id)
                && matches!(
                    self.answers.get(&field.id),
                    Some(AnswerValue::Text(value))
                        if options.iter().any(|o| &o.value == value && o.score.unwrap_or(0) > 0)
                )
        });
        needs.then(|| scoring.attention_advice.clone()).flatten()
    }

    /// What a screen shows for this module (see [`ModuleView`]).
    pub fn view(&self, template: &ModuleTemplate) -> ModuleView {
        ModuleView {
            title: template.title.clone(),
            answered: self
                .answers
                .keys()
                .filter(|id| template.field(id).is_some())
                .count() as u32,
            questions: template.fields.len() as u32,
            score: self.score(template),
            attention: self.attention(template),
        }
    }

    /// The score, for a scored template with every choice answered.
    pub fn score(&self, template: &ModuleTemplate) -> Option<ModuleScore> {
        let scoring = template.scoring.as_ref()?;
        let mut total: u32 = 0;
        for field in &template.fields {
            let FieldKind::Choice { options } = &field.kind else {
                continue;
            };
            let Some(AnswerValue::Text(value)) = self.answers.get(&field.id) else {
                return None;
            };
            let points = options.iter().find(|o| &o.value == value)?.score?;
            total = total.checked_add(points)?; // only a template that fails validation overflows
        }
        let band = scoring
            .bands
            .iter()
            .find(|b| (b.min..=b.max).contains(&total))?;
        Some(ModuleScore {
            total,
            band: band.label.clone(),
            attention: self.attention(template),
        })
    }
}
