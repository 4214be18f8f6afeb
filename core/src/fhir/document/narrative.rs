//! Section text for people: the IPS requires every section to have narrative
//! (`Composition.section.text`, 1..1), and R4 requires a section without entries to
//! have text (cmp-1). The text is XHTML inside the FHIR narrative `div`.

use crate::fhir::codes::{EmptyReason, IpsSection};
use crate::fhir::datatypes::{CodeableConcept, Narrative, Quantity};
use crate::fhir::resources::Resource;

/// A generated narrative holding `body` (already XHTML).
pub(super) fn narrative(body: &str) -> Narrative {
    Narrative {
        status: "generated".into(),
        div: format!("<div xmlns=\"http://www.w3.org/1999/xhtml\">{body}</div>"),
        ..Narrative::default()
    }
}

/// A list of the entries, one line each.
pub(super) fn entries_text(resources: &[&Resource]) -> Narrative {
    let items: String = resources
        .iter()
        .map(|r| format!("<li>{}</li>", escape(&summary(r))))
        .collect();
    narrative(&format!("<ul>{items}</ul>"))
}

/// What an empty section says.
pub(super) fn empty_text(section: IpsSection, reason: EmptyReason) -> Narrative {
    let sentence = match (reason, section) {
        (EmptyReason::NilKnown, IpsSection::Allergies) => "No known allergies.",
        (EmptyReason::NilKnown, IpsSection::Problems) => "No known problems.",
        (EmptyReason::NilKnown, IpsSection::Medication) => "No current medication.",
        (EmptyReason::NilKnown, _) => "None known.",
        (EmptyReason::NotAsked, _) => "Not asked.",
        (EmptyReason::Unavailable, _) => "No information available.",
    };
    narrative(&format!("<p>{sentence}</p>"))
}

/// One line about a resource: what it is, and a reading's value.
pub(super) fn summary(resource: &Resource) -> String {
    let label = |c: &Option<CodeableConcept>| {
        c.as_ref()
            .and_then(CodeableConcept::label)
            .map(str::to_owned)
    };
    let named = match resource {
        Resource::Condition(r) => label(&r.code),
        Resource::Procedure(r) => label(&r.code),
        Resource::AllergyIntolerance(r) => label(&r.code),
        Resource::Immunization(r) => r.vaccine_code.label().map(str::to_owned),
        Resource::MedicationStatement(r) => label(&r.medication_codeable_concept).or_else(|| {
            r.medication_reference
                .as_ref()
                .and_then(|m| m.display.clone())
        }),
        Resource::MedicationRequest(r) => label(&r.medication_codeable_concept).or_else(|| {
            r.medication_reference
                .as_ref()
                .and_then(|m| m.display.clone())
        }),
        Resource::Observation(r) => r.code.label().map(|name| match &r.value_quantity {
            Some(q) => format!("{name}: {}", quantity(q)),
            None => match (&r.value_string, &r.value_codeable_concept) {
                (Some(text), _) => format!("{name}: {text}"),
                (None, Some(concept)) => format!("{name}: {}", concept.label().unwrap_or("")),
                (None, None) => name.to_owned(),
            },
        }),
        Resource::DiagnosticReport(r) => r.code.label().map(str::to_owned),
        Resource::Consent(r) => r.scope.label().map(str::to_owned),
        Resource::Goal(r) => r.description.label().map(str::to_owned),
        _ => None,
    };
    named.unwrap_or_else(|| resource.resource_type().to_owned())
}

fn quantity(q: &Quantity) -> String {
    let value = q.value.as_ref().map(|v| v.as_str()).unwrap_or("");
    match q.unit.as_deref().or(q.code.as_deref()) {
        Some(unit) => format!("{value} {unit}"),
        None => value.to_owned(),
    }
}

/// XHTML escaping of text (the five XML special characters).
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_the_record_cannot_become_markup() {
        assert_eq!(
            escape("<b>Tom & \"Jerry\"</b>"),
            "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;"
        );
    }
}
