//! A module template: id, version, title, typed fields and an optional scoring rule.

use serde::{Deserialize, Serialize};

use crate::model::error::{SHORT_TEXT, Validation, ValidationError, required_text};

/// One option of a choice question, with its score where the module is scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoiceOption {
    /// The stored value.
    pub value: String,
    /// What the person sees.
    pub label: String,
    /// Points towards the total, for scored questionnaires.
    #[serde(default)]
    pub score: Option<u32>,
}

/// What kind of answer a field takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    /// Free text up to `max_chars`.
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleField {
    /// Stable id within the template, e.g. `q1`.
    pub id: String,
    /// The question or label.
    pub label: String,
    /// Optional guidance under the label.
    #[serde(default)]
    pub help: Option<String>,
    /// What kind of answer.
    pub kind: FieldKind,
    /// Whether an answer is needed to complete the module.
    #[serde(default)]
    pub required: bool,
}

/// A score band: totals from `min` to `max` (inclusive) mean `label`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreBand {
    /// Lowest total in the band.
    pub min: u32,
    /// Highest total in the band.
    pub max: u32,
    /// What it means, e.g. "Mild depression".
    pub label: String,
}

/// How a scored module totals its answers: the sum of the chosen options' scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoringRule {
    /// The bands, in order, covering every possible total.
    pub bands: Vec<ScoreBand>,
    /// Fields where any answer scoring above zero needs attention whatever the total
    /// (PHQ-9 question 9).
    #[serde(default)]
    pub attention_fields: Vec<String>,
    /// What to tell the person when an attention field scores above zero.
    #[serde(default)]
    pub attention_advice: Option<String>,
    /// The published source of the scoring.
    pub source: String,
}

/// A module template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleTemplate {
    /// Stable id, e.g. `phq-9`.
    pub id: String,
    /// Version; instances record which version they were answered against.
    pub version: u32,
    /// Title shown to the person.
    pub title: String,
    /// What it is for.
    pub description: String,
    /// The fields, in order.
    pub fields: Vec<ModuleField>,
    /// How it scores, for outcome measures.
    #[serde(default)]
    pub scoring: Option<ScoringRule>,
}

impl ModuleTemplate {
    /// Looks a field up by id.
    pub fn field(&self, id: &str) -> Option<&ModuleField> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// Checks that the template itself is well formed: unique field ids, choices with
    /// options, scored choices where the module is scored, and bands that cover every
    /// possible total without gaps or overlaps.
    pub fn validate(&self) -> Validation {
        required_text("id", &self.id, 64)?;
        if !self
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(ValidationError::new(
                "id",
                "use lower-case letters, digits and hyphens",
            ));
        }
        if self.version == 0 {
            return Err(ValidationError::new("version", "starts at 1"));
        }
        required_text("title", &self.title, SHORT_TEXT)?;
        if self.fields.is_empty() {
            return Err(ValidationError::new("fields", "a module needs fields"));
        }
        for (i, field) in self.fields.iter().enumerate() {
            let path = format!("fields[{i}]");
            required_text(&format!("{path}.id"), &field.id, 64)?;
            required_text(&format!("{path}.label"), &field.label, 500)?;
            if self.fields[..i].iter().any(|f| f.id == field.id) {
                return Err(ValidationError::new(
                    format!("{path}.id"),
                    format!("'{}' is used twice", field.id),
                ));
            }
            match &field.kind {
                FieldKind::Choice { options } if options.is_empty() => {
                    return Err(ValidationError::new(
                        format!("{path}.kind.options"),
                        "a choice needs options",
                    ));
                }
                FieldKind::Number { min, max } if min > max => {
                    return Err(ValidationError::new(
                        format!("{path}.kind.min"),
                        "min must not be above max",
                    ));
                }
                FieldKind::Text { max_chars: 0 } => {
                    return Err(ValidationError::new(
                        format!("{path}.kind.max_chars"),
                        "must be above 0",
                    ));
                }
                _ => {}
            }
        }
        if let Some(scoring) = &self.scoring {
            self.validate_scoring(scoring)?;
        }
        Ok(())
    }

    fn validate_scoring(&self, scoring: &ScoringRule) -> Validation {
        // Scores come from stored or imported templates: a total that does not fit in a
        // u32 is an error, never an overflow.
        let too_high = |field: String| {
            ValidationError::new(field, format!("scores must total at most {}", u32::MAX - 1))
        };
        let mut max_total: u32 = 0;
        for (i, field) in self.fields.iter().enumerate() {
            if let FieldKind::Choice { options } = &field.kind {
                if options.iter().any(|o| o.score.is_none()) {
                    return Err(ValidationError::new(
                        format!("fields[{i}].kind.options"),
                        "every option of a scored module needs a score",
                    ));
                }
                let highest = options.iter().filter_map(|o| o.score).max().unwrap_or(0);
                max_total = max_total
                    .checked_add(highest)
                    .filter(|t| *t < u32::MAX)
                    .ok_or_else(|| too_high(format!("fields[{i}].kind.options")))?;
            }
        }
        let mut next = 0;
        for (i, band) in scoring.bands.iter().enumerate() {
            if band.min != next || band.max < band.min {
                return Err(ValidationError::new(
                    format!("scoring.bands[{i}]"),
                    format!("bands must run on from {next} without gaps or overlaps"),
                ));
            }
            next = band
                .max
                .checked_add(1)
                .ok_or_else(|| too_high(format!("scoring.bands[{i}].max")))?;
        }
        if next != max_total + 1 {
            return Err(ValidationError::new(
                "scoring.bands",
                format!("bands must end at the highest possible total, {max_total}"),
            ));
        }
        for id in &scoring.attention_fields {
            if self.field(id).is_none() {
                return Err(ValidationError::new(
                    "scoring.attention_fields",
                    format!("no field '{id}'"),
                ));
            }
        }
        required_text("scoring.source", &scoring.source, 500)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::modules::{AnswerValue, ModuleInstance};

    fn scored(scores: &[u32], bands: &[(u32, u32)]) -> ModuleTemplate {
        let choice = |score| FieldKind::Choice {
            options: vec![ChoiceOption {
                value: "a".into(),
                label: "A".into(),
                score: Some(score),
            }],
        };
        ModuleTemplate {
            id: "huge-scores".into(),
            version: 1,
            title: "Huge scores".into(),
            description: String::new(),
            fields: scores
                .iter()
                .enumerate()
                .map(|(i, score)| ModuleField {
                    id: format!("q{i}"),
                    label: format!("Question {i}"),
                    help: None,
                    kind: choice(*score),
                    required: true,
                })
                .collect(),
            scoring: Some(ScoringRule {
                bands: bands
                    .iter()
                    .map(|(min, max)| ScoreBand {
                        min: *min,
                        max: *max,
                        label: "band".into(),
                    })
                    .collect(),
                attention_fields: Vec::new(),
                attention_advice: None,
                source: "a test".into(),
            }),
        }
    }

    #[test]
    fn scores_that_overflow_a_total_are_a_validation_error_not_a_panic() {
        let two_huge = scored(&[u32::MAX - 1, 2], &[(0, u32::MAX)]);
        assert_eq!(
            two_huge.validate().unwrap_err().field,
            "fields[1].kind.options"
        );
        let band_to_max = scored(&[1], &[(0, u32::MAX)]);
        assert_eq!(
            band_to_max.validate().unwrap_err().field,
            "scoring.bands[0].max"
        );
        let one_huge = scored(&[u32::MAX], &[(0, u32::MAX)]);
        assert_eq!(
            one_huge.validate().unwrap_err().field,
            "fields[0].kind.options"
        );
        assert!(scored(&[2, 3], &[(0, 5)]).validate().is_ok());
    }

    #[test]
    fn an_unvalidated_template_whose_scores_overflow_gives_no_score() {
        let template = scored(&[u32::MAX, 1], &[(0, u32::MAX)]);
        let answers = ModuleInstance {
            template_id: template.id.clone(),
            template_version: 1,
            answers: template
                .fields
                .iter()
                .map(|f| (f.id.clone(), AnswerValue::Text("a".into())))
                .collect(),
            completed_on: None,
        };
        assert_eq!(answers.score(&template), None);
        let fits = scored(&[2, 3], &[(0, 5)]);
        assert_eq!(answers.score(&fits).map(|s| s.total), Some(5));
    }
}
