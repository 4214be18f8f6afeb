//! The record keeps one coding per entry (`model::Coding`); FHIR gives several per
//! concept. On import the coding kept is the first, in the order of the table below, of
//! the code systems the record knows for that kind of entry, and failing those the first
//! coding with a system and a code; the other codings stay in the resource kept in the
//! entry's provenance. A coding the record's own checks refuse (a SNOMED CT code with
//! letters, a LOINC code with a wrong check digit) is passed over.

use crate::fhir::codes::{CVX, DMD, ICD_10, LOINC, SNOMED_CT};
use crate::fhir::datatypes::{CodeableConcept, Coding};
use crate::model;
use crate::model::error::SHORT_TEXT;

/// What a coding names, which decides the code systems preferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeUse {
    /// A diagnosis or an operation.
    Problem,
    /// The substance of an allergy.
    Substance,
    /// A vaccine.
    Vaccine,
    /// A medicine.
    Medicine,
}

/// The code systems preferred for each use, in order (UK Core: SNOMED CT for clinical
/// findings and procedures, dm+d for medicines and vaccines products; US data: CVX for
/// vaccines; ICD-10 where only a classification is given).
const PREFERRED: [(CodeUse, &[&str]); 4] = [
    (CodeUse::Problem, &[SNOMED_CT, ICD_10]),
    (CodeUse::Substance, &[SNOMED_CT, DMD]),
    (CodeUse::Vaccine, &[SNOMED_CT, DMD, CVX]),
    (CodeUse::Medicine, &[DMD, SNOMED_CT]),
];

/// A FHIR coding as the record keeps it, when it has a system and a code that the
/// record's checks accept (`model::Coding::validate`).
pub fn from_fhir(coding: &Coding) -> Option<model::Coding> {
    // A display longer than the record keeps is cut (the resource keeps all of it).
    let display = coding.display.as_ref().map(|d| {
        if d.chars().count() <= SHORT_TEXT {
            d.clone()
        } else {
            let mut cut: String = d.chars().take(SHORT_TEXT - 1).collect();
            cut.push('…');
            cut
        }
    });
    let kept = model::Coding {
        system: coding.system.clone()?,
        code: coding.code.clone()?,
        display,
    };
    kept.validate("code").is_ok().then_some(kept)
}

/// The record's coding as FHIR's.
pub fn to_fhir(coding: &model::Coding) -> Coding {
    Coding {
        system: Some(coding.system.clone()),
        code: Some(coding.code.clone()),
        display: coding.display.clone(),
        ..Coding::default()
    }
}

/// The coding to keep for `use_`, and its place in `concept.coding`.
pub fn preferred(concept: &CodeableConcept, use_: CodeUse) -> Option<(usize, model::Coding)> {
    let systems = PREFERRED
        .iter()
        .find(|(u, _)| *u == use_)
        .map(|(_, s)| *s)
        .unwrap_or_default();
    let usable = || {
        concept
            .coding
            .iter()
            .enumerate()
            .filter_map(|(i, c)| from_fhir(c).map(|k| (i, k)))
    };
    systems
        .iter()
        .find_map(|system| usable().find(|(_, c)| c.system == *system))
        .or_else(|| usable().next())
}

/// The LOINC code of a concept, when it has one whose check digit holds.
pub fn loinc(concept: &CodeableConcept) -> Option<(usize, String)> {
    concept.coding.iter().enumerate().find_map(|(i, c)| {
        let code = c.code.as_deref()?;
        (c.system.as_deref() == Some(LOINC) && model::codes::validate_loinc("loinc", code).is_ok())
            .then(|| (i, code.to_owned()))
    })
}

/// The concept's words for people and where they were: its `text`, else the first
/// coding's `display`.
pub fn label(concept: &CodeableConcept) -> Option<(String, String)> {
    if let Some(text) = concept.text.as_deref().filter(|t| !t.trim().is_empty()) {
        return Some((text.to_owned(), "text".into()));
    }
    concept.coding.iter().enumerate().find_map(|(i, c)| {
        c.display
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(|d| (d.to_owned(), format!("coding[{i}].display")))
    })
}

/// A concept in words, with the record's coding when it has one.
pub fn concept(text: &str, coding: Option<&model::Coding>) -> CodeableConcept {
    CodeableConcept {
        coding: coding.map(to_fhir).into_iter().collect(),
        text: Some(text.to_owned()),
        ..CodeableConcept::default()
    }
}

/// A concept of one code from a code system, with its display.
pub fn coded(system: &str, code: &str, display: &str) -> CodeableConcept {
    CodeableConcept::from_coding(Coding::new(system, code, display))
}

/// Whether one of the concept's codings is `code` in `system`, when there is a concept.
pub fn has(concept: Option<&CodeableConcept>, system: &str, code: &str) -> bool {
    concept.is_some_and(|c| c.has_code(system, code))
}

/// The first code of the concept in `system`.
pub fn code_in<'a>(concept: Option<&'a CodeableConcept>, system: &str) -> Option<&'a str> {
    concept?
        .coding
        .iter()
        .find(|c| c.system.as_deref() == Some(system))
        .and_then(|c| c.code.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concept_of(codings: &[(&str, &str)]) -> CodeableConcept {
        CodeableConcept {
            coding: codings
                .iter()
                .map(|(s, c)| Coding::new(s, c, "x"))
                .collect(),
            ..CodeableConcept::default()
        }
    }

    #[test]
    fn the_preferred_system_wins_and_refused_codes_are_passed_over() {
        let c = concept_of(&[
            ("http://www.nlm.nih.gov/research/umls/rxnorm", "197378"),
            (SNOMED_CT, "E11"),
            (DMD, "39732411000001106"),
        ]);
        assert_eq!(preferred(&c, CodeUse::Medicine).unwrap().0, 2);
        assert_eq!(preferred(&c, CodeUse::Problem).unwrap().0, 0);
        let bad_loinc = concept_of(&[(LOINC, "4548-5"), (LOINC, "4548-4")]);
        assert_eq!(loinc(&bad_loinc), Some((1, "4548-4".into())));
    }
}
