//! Optional modules as uniffi sees the core's types (remote definitions): templates,
//! answers, and the view with its score and attention advice.

use phr_core::model::modules::{
    AnswerValue, ChoiceOption, FieldKind, ModuleField, ModuleInstance, ModuleScore, ModuleTemplate,
    ModuleView, ScoreBand, ScoringRule,
};

use super::custom::{Answers, LocalDate};

/// An answer to one field.
#[uniffi::remote(Enum)]
pub enum AnswerValue {
    YesNo(bool),
    Number(f64),
    Date(LocalDate),
    Text(String),
}

/// A module the person has switched on, and their answers so far.
#[uniffi::remote(Record)]
pub struct ModuleInstance {
    pub template_id: String,
    pub template_version: u32,
    pub answers: Answers,
    #[uniffi(default)]
    pub completed_on: Option<LocalDate>,
}

/// How far a module is filled in, its score once every scored question is answered, and
/// the advice of an attention item the moment one is answered above zero (even on a
/// form filled in half-way): what every shell shows for a module.
#[uniffi::remote(Record)]
pub struct ModuleView {
    pub title: String,
    pub answered: u32,
    pub questions: u32,
    #[uniffi(default)]
    pub score: Option<ModuleScore>,
    #[uniffi(default)]
    pub attention: Option<String>,
}

/// The score of a completed scored module.
#[uniffi::remote(Record)]
pub struct ModuleScore {
    pub total: u32,
    pub band: String,
    #[uniffi(default)]
    pub attention: Option<String>,
}

/// One option of a choice question, with its score where the module is scored.
#[uniffi::remote(Record)]
pub struct ChoiceOption {
    pub value: String,
    pub label: String,
    #[uniffi(default)]
    pub score: Option<u32>,
}

/// What kind of answer a field takes.
#[uniffi::remote(Enum)]
pub enum FieldKind {
    Text { max_chars: u32 },
    Choice { options: Vec<ChoiceOption> },
    YesNo,
    Date,
    Number { min: f64, max: f64 },
}

/// A question or field of a module.
#[uniffi::remote(Record)]
pub struct ModuleField {
    pub id: String,
    pub label: String,
    #[uniffi(default)]
    pub help: Option<String>,
    pub kind: FieldKind,
    pub required: bool,
}

/// A score band: totals from `min` to `max` (inclusive) mean `label`.
#[uniffi::remote(Record)]
pub struct ScoreBand {
    pub min: u32,
    pub max: u32,
    pub label: String,
}

/// How a scored module totals its answers: the sum of the chosen options' scores.
#[uniffi::remote(Record)]
pub struct ScoringRule {
    #[uniffi(default)]
    pub bands: Vec<ScoreBand>,
    #[uniffi(default)]
    pub attention_fields: Vec<String>,
    #[uniffi(default)]
    pub attention_advice: Option<String>,
    pub source: String,
}

/// A module template.
#[uniffi::remote(Record)]
pub struct ModuleTemplate {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub description: String,
    #[uniffi(default)]
    pub fields: Vec<ModuleField>,
    #[uniffi(default)]
    pub scoring: Option<ScoringRule>,
}
