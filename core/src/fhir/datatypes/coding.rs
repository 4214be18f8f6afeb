//! Coding and CodeableConcept (R4 datatypes).

use crate::fhir::macros::fhir_struct;

fhir_struct! {
    /// A code from a code system (R4 `Coding`).
    pub struct Coding {
        /// The code system's URI, e.g. [`SNOMED_CT`](crate::fhir::codes::SNOMED_CT).
        opt system: String,
        /// The version of the code system.
        opt version: String,
        /// The code.
        opt code: String,
        /// The code's name for people.
        opt display: String,
        /// Whether a person chose this coding directly.
        opt user_selected: bool,
    }
}

impl Coding {
    /// A coding with a system, a code and its display.
    pub fn new(system: &str, code: &str, display: &str) -> Self {
        Self {
            system: Some(system.into()),
            code: Some(code.into()),
            display: Some(display.into()),
            ..Self::default()
        }
    }

    /// Whether this is `code` in `system`.
    pub fn is(&self, system: &str, code: &str) -> bool {
        self.system.as_deref() == Some(system) && self.code.as_deref() == Some(code)
    }
}

fhir_struct! {
    /// A concept as codes and/or text (R4 `CodeableConcept`).
    pub struct CodeableConcept {
        /// Codes for the concept, from one or more systems.
        list coding: Coding,
        /// The concept in words, as the person or the source wrote it.
        opt text: String,
    }
}

impl CodeableConcept {
    /// A concept with one coding.
    pub fn from_coding(coding: Coding) -> Self {
        Self {
            coding: vec![coding],
            ..Self::default()
        }
    }

    /// A concept given only in words.
    pub fn from_text(text: &str) -> Self {
        Self {
            text: Some(text.into()),
            ..Self::default()
        }
    }

    /// Whether one of the codings is `code` in `system`.
    pub fn has_code(&self, system: &str, code: &str) -> bool {
        self.coding.iter().any(|c| c.is(system, code))
    }

    /// The best words for people: `text`, else the first coding's display.
    pub fn label(&self) -> Option<&str> {
        self.text
            .as_deref()
            .or_else(|| self.coding.iter().find_map(|c| c.display.as_deref()))
    }
}
