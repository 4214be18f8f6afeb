//! Modules as resources: the answers as a QuestionnaireResponse (item `linkId` the
//! template's field id, the question as its text, the answer as the option's words, a
//! number, yes/no or a date); a scored questionnaire's total as an Observation (category
//! `survey`, LOINC's total score code, the band in words as its interpretation) derived
//! from those answers; the advance-wishes module as an advance directive Consent (see
//! `about_me.rs`). Other modules are not exported.

use crate::fhir::codes::{LOINC, OBSERVATION_CATEGORY};
use crate::fhir::datatypes::{CodeableConcept, Coding, Decimal, Reference};
use crate::fhir::mapping::coding::coded;
use crate::fhir::mapping::dates;
use crate::fhir::resources::{
    Observation, QuestionnaireResponse, QuestionnaireResponseAnswer, QuestionnaireResponseItem,
};
use crate::model::AnswerValue;
use crate::model::modules::{FieldKind, ModuleInstance, ModuleTemplate};

/// The LOINC total score of each scored questionnaire shipped (LOINC 44261-6 "PHQ-9
/// total score [Reported]", 70274-6 "GAD-7 total score [Reported.PHQ]").
pub const TOTAL_SCORES: [(&str, &str, &str); 2] = [
    (
        "phq-9",
        "44261-6",
        "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
    ),
    (
        "gad-7",
        "70274-6",
        "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
    ),
];

/// The id of the template whose answers go out as advance wishes.
pub const ADVANCE_WISHES: &str = "advance-wishes";

/// Whether a module goes out.
pub fn exported(instance: &ModuleInstance) -> bool {
    instance.template_id == ADVANCE_WISHES
        || TOTAL_SCORES
            .iter()
            .any(|(t, _, _)| *t == instance.template_id)
}

/// The answers.
pub fn answers(
    id: String,
    m: &ModuleInstance,
    template: &ModuleTemplate,
    me: &Reference,
) -> QuestionnaireResponse {
    let item = template
        .fields
        .iter()
        .filter_map(|field| {
            let answer = m.answers.get(&field.id)?;
            let mut a = QuestionnaireResponseAnswer::default();
            match (answer, &field.kind) {
                (AnswerValue::Text(value), FieldKind::Choice { options }) => {
                    let label = options
                        .iter()
                        .find(|o| &o.value == value)
                        .map(|o| o.label.clone());
                    a.value_string = Some(label.unwrap_or_else(|| value.clone()));
                }
                (AnswerValue::Text(text), _) => a.value_string = Some(text.clone()),
                (AnswerValue::YesNo(yes), _) => a.value_boolean = Some(*yes),
                (AnswerValue::Number(n), _) => a.value_decimal = Decimal::from_f64(*n),
                (AnswerValue::Date(d), _) => a.value_date = Some(dates::date_text(*d)),
            }
            Some(QuestionnaireResponseItem {
                link_id: field.id.clone(),
                text: Some(field.label.clone()),
                answer: vec![a],
                ..QuestionnaireResponseItem::default()
            })
        })
        .collect();
    QuestionnaireResponse {
        id: Some(id),
        status: if m.completed_on.is_some() {
            "completed"
        } else {
            "in-progress"
        }
        .into(),
        subject: Some(me.clone()),
        authored: m.completed_on.map(dates::date_text),
        item,
        ..QuestionnaireResponse::default()
    }
}

/// A scored questionnaire's total, when it is complete and scored.
pub fn score(
    id: String,
    m: &ModuleInstance,
    template: &ModuleTemplate,
    answers: &str,
    me: &Reference,
) -> Option<Observation> {
    let (_, code, display) = TOTAL_SCORES.iter().find(|(t, _, _)| *t == m.template_id)?;
    let score = m.score(template)?;
    let mut concept = CodeableConcept::from_coding(Coding::new(LOINC, code, display));
    concept.text = Some(format!("{}: total score", template.title));
    Some(Observation {
        id: Some(id),
        status: "final".into(),
        category: vec![coded(OBSERVATION_CATEGORY, "survey", "Survey")],
        code: concept,
        subject: Some(me.clone()),
        effective_date_time: m.completed_on.map(dates::date_text),
        value_integer: i32::try_from(score.total).ok(),
        interpretation: vec![CodeableConcept::from_text(&score.band)],
        derived_from: vec![Reference::to(&format!("urn:uuid:{answers}"))],
        ..Observation::default()
    })
}
