//! Optional modules as data: templates (what a module asks and how it scores) and the
//! person's answers, mirroring `phr_core::model::modules`.

use std::collections::HashMap;

use phr_core::model::modules::{
    ChoiceOption as CoreChoiceOption, FieldKind as CoreFieldKind, ModuleField as CoreModuleField,
    ScoreBand as CoreScoreBand, ScoringRule as CoreScoringRule,
};
use phr_core::model::{
    AnswerValue as CoreAnswerValue, ModuleInstance as CoreModuleInstance,
    ModuleTemplate as CoreModuleTemplate, ValidationError,
};

use crate::time::{date_from, date_text, optional_date_from};

/// An answer to one field of a module.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum AnswerValue {
    /// Yes or no.
    YesNo(bool),
    /// A number.
    Number(f64),
    /// A date, `YYYY-MM-DD`.
    Date(String),
    /// Free text, or the chosen option's value.
    Text(String),
}

/// A module the person has switched on, and their answers so far (checked against its
/// template by the core).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ModuleInstance {
    /// Which template, e.g. `phq-9`.
    pub template_id: String,
    /// Which version of it the answers follow.
    pub template_version: u32,
    /// Answers by field id.
    #[uniffi(default)]
    pub answers: HashMap<String, AnswerValue>,
    /// When a questionnaire was completed, `YYYY-MM-DD`; every required field must be
    /// answered then.
    #[uniffi(default)]
    pub completed_on: Option<String>,
}

impl From<CoreModuleInstance> for ModuleInstance {
    fn from(x: CoreModuleInstance) -> Self {
        Self {
            template_id: x.template_id,
            template_version: x.template_version,
            answers: x
                .answers
                .into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        CoreAnswerValue::YesNo(b) => AnswerValue::YesNo(b),
                        CoreAnswerValue::Number(n) => AnswerValue::Number(n),
                        CoreAnswerValue::Date(d) => AnswerValue::Date(date_text(d)),
                        CoreAnswerValue::Text(t) => AnswerValue::Text(t),
                    };
                    (k, v)
                })
                .collect(),
            completed_on: x.completed_on.map(date_text),
        }
    }
}

impl TryFrom<ModuleInstance> for CoreModuleInstance {
    type Error = ValidationError;
    fn try_from(x: ModuleInstance) -> Result<Self, Self::Error> {
        let answers = x
            .answers
            .into_iter()
            .map(|(k, v)| {
                let v = match v {
                    AnswerValue::YesNo(b) => CoreAnswerValue::YesNo(b),
                    AnswerValue::Number(n) => CoreAnswerValue::Number(n),
                    AnswerValue::Date(d) => {
                        CoreAnswerValue::Date(date_from(&format!("answers.{k}"), &d)?)
                    }
                    AnswerValue::Text(t) => CoreAnswerValue::Text(t),
                };
                Ok((k, v))
            })
            .collect::<Result<_, ValidationError>>()?;
        Ok(Self {
            template_id: x.template_id,
            template_version: x.template_version,
            answers,
            completed_on: optional_date_from("completed_on", x.completed_on)?,
        })
    }
}

/// One option of a choice question, with its score where the module is scored.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ChoiceOption {
    /// The stored value (what an answer holds).
    pub value: String,
    /// What the person sees.
    pub label: String,
    /// Points towards the total, for scored questionnaires.
    #[uniffi(default)]
    pub score: Option<u32>,
}

/// What kind of answer a field takes.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum FieldKind {
    /// Free text up to `max_chars` characters.
    Text {
        /// Longest answer.
        max_chars: u32,
    },
    /// One of a list.
    Choice {
        /// The options.
        options: Vec<ChoiceOption>,
    },
    /// Yes or no.
    YesNo,
    /// A date.
    Date,
    /// A number in a range.
    Number {
        /// Smallest allowed.
        min: f64,
        /// Largest allowed.
        max: f64,
    },
}

/// A question or field of a module.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ModuleField {
    /// Stable id within the template, e.g. `q1`.
    pub id: String,
    /// The question or label.
    pub label: String,
    /// What kind of answer.
    pub kind: FieldKind,
    /// Whether an answer is needed to complete the module.
    pub required: bool,
    /// Optional guidance under the label.
    #[uniffi(default)]
    pub help: Option<String>,
}

/// A score band: totals from `min` to `max` (inclusive) mean `label`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ScoreBand {
    /// Lowest total in the band.
    pub min: u32,
    /// Highest total in the band.
    pub max: u32,
    /// What it means, e.g. "Mild depression".
    pub label: String,
}

/// How a scored module totals its answers.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ScoringRule {
    /// The bands, in order, covering every possible total.
    pub bands: Vec<ScoreBand>,
    /// Fields where any answer scoring above zero needs attention whatever the total.
    pub attention_fields: Vec<String>,
    /// What to tell the person when an attention field scores above zero.
    pub attention_advice: Option<String>,
    /// The published source of the scoring.
    pub source: String,
}

/// A module template: what a module asks and how it scores.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ModuleTemplate {
    /// Stable id, e.g. `phq-9`.
    pub id: String,
    /// Version; answers record which version they follow.
    pub version: u32,
    /// Title shown to the person.
    pub title: String,
    /// What it is for.
    pub description: String,
    /// The fields, in order.
    pub fields: Vec<ModuleField>,
    /// How it scores, for outcome measures.
    #[uniffi(default)]
    pub scoring: Option<ScoringRule>,
}

impl From<CoreModuleTemplate> for ModuleTemplate {
    fn from(t: CoreModuleTemplate) -> Self {
        Self {
            id: t.id,
            version: t.version,
            title: t.title,
            description: t.description,
            fields: t.fields.into_iter().map(field_from_core).collect(),
            scoring: t.scoring.map(|s| ScoringRule {
                bands: s
                    .bands
                    .into_iter()
                    .map(|b| ScoreBand {
                        min: b.min,
                        max: b.max,
                        label: b.label,
                    })
                    .collect(),
                attention_fields: s.attention_fields,
                attention_advice: s.attention_advice,
                source: s.source,
            }),
        }
    }
}

fn field_from_core(f: CoreModuleField) -> ModuleField {
    ModuleField {
        id: f.id,
        label: f.label,
        kind: match f.kind {
            CoreFieldKind::Text { max_chars } => FieldKind::Text {
                max_chars: u32::try_from(max_chars).unwrap_or(u32::MAX),
            },
            CoreFieldKind::Choice { options } => FieldKind::Choice {
                options: options
                    .into_iter()
                    .map(|o| ChoiceOption {
                        value: o.value,
                        label: o.label,
                        score: o.score,
                    })
                    .collect(),
            },
            CoreFieldKind::YesNo => FieldKind::YesNo,
            CoreFieldKind::Date => FieldKind::Date,
            CoreFieldKind::Number { min, max } => FieldKind::Number { min, max },
        },
        required: f.required,
        help: f.help,
    }
}

fn field_to_core(f: ModuleField) -> CoreModuleField {
    CoreModuleField {
        id: f.id,
        label: f.label,
        kind: match f.kind {
            FieldKind::Text { max_chars } => CoreFieldKind::Text {
                max_chars: max_chars as usize,
            },
            FieldKind::Choice { options } => CoreFieldKind::Choice {
                options: options
                    .into_iter()
                    .map(|o| CoreChoiceOption {
                        value: o.value,
                        label: o.label,
                        score: o.score,
                    })
                    .collect(),
            },
            FieldKind::YesNo => CoreFieldKind::YesNo,
            FieldKind::Date => CoreFieldKind::Date,
            FieldKind::Number { min, max } => CoreFieldKind::Number { min, max },
        },
        required: f.required,
        help: f.help,
    }
}

impl From<ModuleTemplate> for CoreModuleTemplate {
    fn from(t: ModuleTemplate) -> Self {
        Self {
            id: t.id,
            version: t.version,
            title: t.title,
            description: t.description,
            fields: t.fields.into_iter().map(field_to_core).collect(),
            scoring: t.scoring.map(|s| CoreScoringRule {
                bands: s
                    .bands
                    .into_iter()
                    .map(|b| CoreScoreBand {
                        min: b.min,
                        max: b.max,
                        label: b.label,
                    })
                    .collect(),
                attention_fields: s.attention_fields,
                attention_advice: s.attention_advice,
                source: s.source,
            }),
        }
    }
}
