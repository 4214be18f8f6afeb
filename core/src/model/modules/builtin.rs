//! The modules shipped with the app. Each is plain data; a test checks every one with
//! [`ModuleTemplate::validate`].

use super::template::{
    ChoiceOption, FieldKind, ModuleField, ModuleTemplate, ScoreBand, ScoringRule,
};

fn text(id: &str, label: &str, max_chars: u32, required: bool) -> ModuleField {
    ModuleField {
        id: id.into(),
        label: label.into(),
        help: None,
        kind: FieldKind::Text { max_chars },
        required,
    }
}

fn yes_no(id: &str, label: &str) -> ModuleField {
    ModuleField {
        id: id.into(),
        label: label.into(),
        help: None,
        kind: FieldKind::YesNo,
        required: false,
    }
}

fn band(min: u32, max: u32, label: &str) -> ScoreBand {
    ScoreBand {
        min,
        max,
        label: label.into(),
    }
}

/// The four answers shared by PHQ-9 and GAD-7, scored 0 to 3 ("over the last 2 weeks,
/// how often have you been bothered by ...").
fn frequency_question(id: &str, label: &str) -> ModuleField {
    let options = [
        ("not_at_all", "Not at all", 0),
        ("several_days", "Several days", 1),
        ("more_than_half", "More than half the days", 2),
        ("nearly_every_day", "Nearly every day", 3),
    ]
    .into_iter()
    .map(|(value, label, score)| ChoiceOption {
        value: value.into(),
        label: label.into(),
        score: Some(score),
    })
    .collect();
    ModuleField {
        id: id.into(),
        label: label.into(),
        help: None,
        kind: FieldKind::Choice { options },
        required: true,
    }
}

fn questionnaire(items: &[&str]) -> Vec<ModuleField> {
    items
        .iter()
        .enumerate()
        .map(|(i, label)| frequency_question(&format!("q{}", i + 1), label))
        .collect()
}

/// PHQ-9, the Patient Health Questionnaire depression scale.
///
/// Source: Kroenke K, Spitzer RL, Williams JBW. "The PHQ-9: validity of a brief
/// depression severity measure." J Gen Intern Med 2001;16(9):606-613. Bands 0-4 minimal,
/// 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe. Item 9 (thoughts of
/// self-harm) needs attention whatever the total. The PHQ is free to reproduce
/// (Pfizer: "no permission required to reproduce, translate, display or distribute").
fn phq9() -> ModuleTemplate {
    ModuleTemplate {
        id: "phq-9".into(),
        version: 1,
        title: "PHQ-9 (mood)".into(),
        description: "Over the last 2 weeks, how often have you been bothered by any of \
                      the following problems?"
            .into(),
        fields: questionnaire(&[
            "Little interest or pleasure in doing things",
            "Feeling down, depressed, or hopeless",
            "Trouble falling or staying asleep, or sleeping too much",
            "Feeling tired or having little energy",
            "Poor appetite or overeating",
            "Feeling bad about yourself, or that you are a failure or have let yourself \
             or your family down",
            "Trouble concentrating on things, such as reading the newspaper or watching \
             television",
            "Moving or speaking so slowly that other people could have noticed, or the \
             opposite: being so fidgety or restless that you have been moving around a \
             lot more than usual",
            "Thoughts that you would be better off dead, or of hurting yourself in some way",
        ]),
        scoring: Some(ScoringRule {
            bands: vec![
                band(0, 4, "Minimal depression"),
                band(5, 9, "Mild depression"),
                band(10, 14, "Moderate depression"),
                band(15, 19, "Moderately severe depression"),
                band(20, 27, "Severe depression"),
            ],
            attention_fields: vec!["q9".into()],
            attention_advice: Some(
                "You said you have had thoughts of being better off dead or of hurting \
                 yourself. Please talk to someone today: call NHS 111 and choose the mental \
                 health option, call Samaritans on 116 123, or call 999 if you are in danger \
                 now."
                    .into(),
            ),
            source: "Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med 2001;16(9):606-613"
                .into(),
        }),
    }
}

/// GAD-7, the Generalized Anxiety Disorder scale.
///
/// Source: Spitzer RL, Kroenke K, Williams JBW, Löwe B. "A brief measure for assessing
/// generalized anxiety disorder: the GAD-7." Arch Intern Med 2006;166(10):1092-1097.
/// Bands 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe.
fn gad7() -> ModuleTemplate {
    ModuleTemplate {
        id: "gad-7".into(),
        version: 1,
        title: "GAD-7 (anxiety)".into(),
        description: "Over the last 2 weeks, how often have you been bothered by the \
                      following problems?"
            .into(),
        fields: questionnaire(&[
            "Feeling nervous, anxious, or on edge",
            "Not being able to stop or control worrying",
            "Worrying too much about different things",
            "Trouble relaxing",
            "Being so restless that it is hard to sit still",
            "Becoming easily annoyed or irritable",
            "Feeling afraid, as if something awful might happen",
        ]),
        scoring: Some(ScoringRule {
            bands: vec![
                band(0, 4, "Minimal anxiety"),
                band(5, 9, "Mild anxiety"),
                band(10, 14, "Moderate anxiety"),
                band(15, 21, "Severe anxiety"),
            ],
            attention_fields: Vec::new(),
            attention_advice: None,
            source:
                "Spitzer RL, Kroenke K, Williams JBW, Löwe B. Arch Intern Med 2006;166(10):1092-1097"
                    .into(),
        }),
    }
}

fn resilience_plan() -> ModuleTemplate {
    ModuleTemplate {
        id: "resilience-plan".into(),
        version: 1,
        title: "My care, support and resilience plan".into(),
        description: "What keeps me well, the signs that I am getting worse, and what to \
                      do then."
            .into(),
        fields: vec![
            text("keeps_me_well", "What keeps me well", 1000, true),
            text(
                "early_signs",
                "Early signs that I am becoming unwell",
                1000,
                true,
            ),
            text("what_i_do", "What I will do when I notice them", 1000, true),
            text(
                "what_others_do",
                "What I would like others to do",
                1000,
                false,
            ),
            text(
                "who_to_contact",
                "Who to contact (names and numbers)",
                500,
                true,
            ),
            text("crisis", "In a crisis", 500, false),
        ],
        scoring: None,
    }
}

fn advance_wishes() -> ModuleTemplate {
    ModuleTemplate {
        id: "advance-wishes".into(),
        version: 1,
        title: "End of life planning and advance wishes".into(),
        description: "My wishes and preferences for care towards the end of my life.".into(),
        fields: vec![
            text(
                "preferred_place_of_care",
                "Where I would like to be cared for",
                500,
                false,
            ),
            text("what_matters", "What matters most to me", 1000, false),
            yes_no("has_adrt", "I have an Advance Decision to Refuse Treatment"),
            text(
                "adrt_details",
                "Where my advance decision is kept",
                500,
                false,
            ),
            yes_no(
                "has_lpa",
                "I have a Lasting Power of Attorney for health and welfare",
            ),
            text("lpa_name", "My attorney's name and contact", 500, false),
            text(
                "dnacpr",
                "My resuscitation (DNACPR/ReSPECT) decision and where it is kept",
                500,
                false,
            ),
            text(
                "faith_and_beliefs",
                "Faith, beliefs and rituals to respect",
                1000,
                false,
            ),
            text("funeral_wishes", "Funeral wishes", 1000, false),
        ],
        scoring: None,
    }
}

fn hospital_passport() -> ModuleTemplate {
    ModuleTemplate {
        id: "hospital-passport".into(),
        version: 1,
        title: "Hospital passport".into(),
        description: "For people with learning disabilities: what hospital staff must \
                      know about me, and how to help me."
            .into(),
        fields: vec![
            text(
                "things_you_must_know",
                "Things you must know about me",
                1000,
                true,
            ),
            text("how_i_communicate", "How I communicate", 1000, true),
            text("how_i_show_pain", "How I show pain or distress", 500, true),
            text("what_calms_me", "What helps me stay calm", 500, false),
            text("eating_drinking", "Eating and drinking", 500, false),
            text(
                "personal_care",
                "Personal care and going to the toilet",
                500,
                false,
            ),
            text("medication_how", "How I take my medicines", 500, false),
            text(
                "likes_dislikes",
                "Things I like and do not like",
                1000,
                false,
            ),
        ],
        scoring: None,
    }
}

fn this_is_me() -> ModuleTemplate {
    ModuleTemplate {
        id: "this-is-me".into(),
        version: 1,
        title: "This is me (dementia care)".into(),
        description: "About me as a person, for the people who care for me when I may \
                      not be able to tell them."
            .into(),
        fields: vec![
            text("name_i_like", "The name I like to be called", 100, true),
            text(
                "background",
                "Where I grew up, my family and my work",
                1000,
                false,
            ),
            text("routines", "My routines: waking, meals, sleep", 1000, false),
            text(
                "what_upsets_me",
                "Things that may worry or upset me",
                500,
                false,
            ),
            text("what_reassures_me", "What makes me feel better", 500, false),
            text("communication", "How we can communicate", 500, false),
            text("hearing_eyesight", "My hearing and eyesight", 300, false),
            text(
                "mobility",
                "Moving around, and whether I might fall",
                300,
                false,
            ),
        ],
        scoring: None,
    }
}

/// Every module template shipped with the app.
pub fn builtin_templates() -> Vec<ModuleTemplate> {
    vec![
        resilience_plan(),
        advance_wishes(),
        hospital_passport(),
        this_is_me(),
        phq9(),
        gad7(),
    ]
}

/// A shipped template by id.
pub fn builtin_template(id: &str) -> Option<ModuleTemplate> {
    builtin_templates().into_iter().find(|t| t.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::modules::{AnswerValue, ModuleInstance};

    fn answered(template: &ModuleTemplate, values: &[&str]) -> ModuleInstance {
        ModuleInstance {
            template_id: template.id.clone(),
            template_version: template.version,
            answers: template
                .fields
                .iter()
                .zip(values)
                .map(|(f, v)| (f.id.clone(), AnswerValue::Text((*v).into())))
                .collect(),
            completed_on: None,
        }
    }

    #[test]
    fn every_builtin_template_is_well_formed() {
        for t in builtin_templates() {
            t.validate().unwrap_or_else(|e| panic!("{}: {e}", t.id));
        }
    }

    #[test]
    fn phq9_bands_match_kroenke_2001_at_every_boundary() {
        let phq = phq9();
        // Score n is made of n answers of 1 ("several days") on items 1-8 plus 3s.
        let cases = [
            (0, "Minimal depression"),
            (4, "Minimal depression"),
            (5, "Mild depression"),
            (9, "Mild depression"),
            (10, "Moderate depression"),
            (14, "Moderate depression"),
            (15, "Moderately severe depression"),
            (19, "Moderately severe depression"),
            (20, "Severe depression"),
            (24, "Severe depression"),
        ];
        for (total, label) in cases {
            let mut values = vec!["not_at_all"; 9];
            let mut left = total;
            for v in values.iter_mut().take(8) {
                let take = left.min(3);
                *v = [
                    "not_at_all",
                    "several_days",
                    "more_than_half",
                    "nearly_every_day",
                ][take as usize];
                left -= take;
            }
            assert_eq!(left, 0, "total {total} fits in items 1-8");
            let score = answered(&phq, &values).score(&phq).expect("scored");
            assert_eq!((score.total, score.band.as_str()), (total, label));
            assert!(score.attention.is_none());
        }
        let all = answered(&phq, &["nearly_every_day"; 9])
            .score(&phq)
            .expect("scored");
        assert_eq!((all.total, all.band.as_str()), (27, "Severe depression"));
    }

    #[test]
    fn phq9_item_nine_needs_attention_whatever_the_total() {
        let phq = phq9();
        let mut values = vec!["not_at_all"; 9];
        values[8] = "several_days";
        let score = answered(&phq, &values).score(&phq).expect("scored");
        assert_eq!(score.total, 1);
        assert!(score.attention.expect("attention").contains("116 123"));
    }

    #[test]
    fn phq9_item_nine_needs_attention_on_a_half_filled_form() {
        let phq = phq9();
        let mut partial = answered(&phq, &["not_at_all"; 2]);
        assert_eq!(partial.view(&phq).attention, None);
        partial
            .answers
            .insert("q9".into(), AnswerValue::Text("several_days".into()));
        let view = partial.view(&phq);
        assert!(view.score.is_none(), "not every item is answered");
        assert!(view.attention.expect("attention").contains("116 123"));
        assert_eq!((view.answered, view.questions), (3, 9));
    }

    #[test]
    fn gad7_bands_match_spitzer_2006() {
        let gad = gad7();
        for (values, total, label) in [
            (["not_at_all"; 7], 0, "Minimal anxiety"),
            (["several_days"; 7], 7, "Mild anxiety"),
            (["more_than_half"; 7], 14, "Moderate anxiety"),
            (["nearly_every_day"; 7], 21, "Severe anxiety"),
        ] {
            let score = answered(&gad, &values).score(&gad).expect("scored");
            assert_eq!((score.total, score.band.as_str()), (total, label));
        }
        let mut five = ["not_at_all"; 7];
        five[0] = "nearly_every_day";
        five[1] = "more_than_half";
        assert_eq!(
            answered(&gad, &five).score(&gad).expect("scored").band,
            "Mild anxiety"
        );
    }

    #[test]
    fn incomplete_questionnaire_has_no_score_and_cannot_be_completed() {
        let gad = gad7();
        let mut partial = answered(&gad, &["several_days"; 3]);
        assert!(partial.score(&gad).is_none());
        partial.completed_on = chrono::NaiveDate::from_ymd_opt(2026, 11, 1);
        assert_eq!(partial.validate(&gad).unwrap_err().field, "answers.q4");
    }

    #[test]
    fn answers_are_checked_against_the_template() {
        let gad = gad7();
        let bad = answered(&gad, &["sometimes"]);
        assert_eq!(bad.validate(&gad).unwrap_err().field, "answers.q1");
        let mut unknown = answered(&gad, &[]);
        unknown
            .answers
            .insert("q99".into(), AnswerValue::Text("x".into()));
        assert_eq!(unknown.validate(&gad).unwrap_err().field, "answers.q99");
        let plan = resilience_plan();
        let mut long = answered(&plan, &[]);
        long.answers
            .insert("crisis".into(), AnswerValue::Text("x".repeat(501)));
        assert_eq!(long.validate(&plan).unwrap_err().field, "answers.crisis");
    }

    #[test]
    fn a_template_with_gaps_in_its_bands_is_rejected() {
        let mut t = gad7();
        if let Some(s) = t.scoring.as_mut() {
            s.bands[1].min = 6;
        }
        assert_eq!(t.validate().unwrap_err().field, "scoring.bands[1]");
    }
}
