//! QuestionnaireResponse: answers to a module (PHQ-9, GAD-7, a care plan template).

use crate::fhir::datatypes::{Coding, Decimal, Identifier, Quantity, Reference};
use crate::fhir::macros::{domain_resource, fhir_struct};

domain_resource! {
    /// Answers to a questionnaire (R4 `QuestionnaireResponse`).
    pub struct QuestionnaireResponse {
        /// The identifier (one, in R4).
        opt identifier: Identifier,
        /// What it fulfils.
        list based_on: Reference,
        /// What it is part of.
        list part_of: Reference,
        /// The questionnaire answered (a canonical URL).
        opt questionnaire: String,
        /// in-progress | completed | amended | entered-in-error | stopped.
        req status: String,
        /// Whom it is about.
        opt subject: Reference,
        /// The encounter.
        opt encounter: Reference,
        /// When it was answered.
        opt authored: String,
        /// Who wrote the answers.
        opt author: Reference,
        /// Who gave the answers.
        opt source: Reference,
        /// The questions and answers.
        list item: QuestionnaireResponseItem,
    }
}

fhir_struct! {
    /// A question, or a group of them (`QuestionnaireResponse.item`).
    pub struct QuestionnaireResponseItem {
        /// The item's `linkId` in the questionnaire.
        req link_id: String,
        /// The element it defines (a URI).
        opt definition: String,
        /// The question's text.
        opt text: String,
        /// The answers.
        list answer: QuestionnaireResponseAnswer,
        /// Items inside a group.
        list item: QuestionnaireResponseItem,
    }
}

fhir_struct! {
    /// An answer (`QuestionnaireResponse.item.answer`). `valueAttachment`,
    /// `valueReference`, `valueTime` and `valueUri` stay in `extra`.
    pub struct QuestionnaireResponseAnswer {
        /// Yes or no.
        opt value_boolean: bool,
        /// A decimal number.
        opt value_decimal: Decimal,
        /// A whole number.
        opt value_integer: i32,
        /// A date.
        opt value_date: String,
        /// A date and time.
        opt value_date_time: String,
        /// Text.
        opt value_string: String,
        /// A chosen option.
        opt value_coding: Coding,
        /// A quantity.
        opt value_quantity: Quantity,
        /// Questions asked because of this answer.
        list item: QuestionnaireResponseItem,
    }
}
