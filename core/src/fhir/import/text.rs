//! Words from FHIR datatypes: names, addresses, notes, contact points.

use crate::fhir::datatypes::{Address, Annotation, ContactPoint, HumanName};

/// A name as people write it: its `text`, else the given names and the family name.
pub fn name(name: &HumanName) -> Option<String> {
    if let Some(text) = name.text.as_deref().filter(|t| !t.trim().is_empty()) {
        return Some(text.trim().to_owned());
    }
    let mut parts: Vec<&str> = name.given.iter().flatten().map(String::as_str).collect();
    parts.extend(name.family.as_deref());
    let joined = parts.join(" ");
    (!joined.trim().is_empty()).then(|| joined.trim().to_owned())
}

/// An address on one line: its `text`, else its lines, town, district, postcode and
/// country, separated by commas.
pub fn address(address: &Address) -> Option<String> {
    if let Some(text) = address.text.as_deref().filter(|t| !t.trim().is_empty()) {
        return Some(text.trim().to_owned());
    }
    let mut parts: Vec<&str> = address.line.iter().flatten().map(String::as_str).collect();
    parts.extend(
        [
            &address.city,
            &address.district,
            &address.postal_code,
            &address.country,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str),
    );
    let joined = parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    (!joined.is_empty()).then_some(joined)
}

/// The notes' texts, one paragraph each.
pub fn notes(notes: &[Annotation]) -> Option<String> {
    let texts: Vec<&str> = notes
        .iter()
        .map(|n| n.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    (!texts.is_empty()).then(|| texts.join("\n\n"))
}

/// The first contact point of `system` (`phone`, `email` ...) and its place, without a
/// `tel:` or `mailto:` scheme.
pub fn contact_point<'a>(points: &'a [ContactPoint], systems: &[&str]) -> Option<(usize, &'a str)> {
    points.iter().enumerate().find_map(|(i, p)| {
        let system = p.system.as_deref()?;
        let value = p.value.as_deref()?.trim();
        (systems.contains(&system) && !value.is_empty()).then(|| {
            let bare = value
                .strip_prefix("tel:")
                .or_else(|| value.strip_prefix("mailto:"))
                .unwrap_or(value);
            (i, bare)
        })
    })
}

/// Text, trimmed, when there is some.
pub fn some_text(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// `text` cut to at most `max` characters (with "…" at the cut) so that it fits the
/// field the record keeps it in; when it is cut, a note says so (the whole text stays in
/// the resource the entry keeps).
pub fn fit(notes: &mut Vec<String>, what: &str, text: String, max: usize) -> String {
    if text.chars().count() <= max {
        return text;
    }
    notes.push(format!(
        "the {what} was shortened to {max} characters (the whole text is in the resource kept)"
    ));
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `text` cut (with "…") to the longest start that `fits` accepts, where the record's
/// own check of the field is the only statement of its limit; a note says when it is cut.
pub fn fit_checked(
    notes: &mut Vec<String>,
    what: &str,
    text: String,
    fits: impl Fn(&str) -> bool,
) -> String {
    if fits(&text) {
        return text;
    }
    let chars: Vec<char> = text.chars().collect();
    let cut = |n: usize| {
        let mut s: String = chars[..n].iter().collect();
        s.push('…');
        s
    };
    // Binary search on the number of characters kept: `lo` fits, `hi` does not.
    let (mut lo, mut hi) = (0, chars.len());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if fits(&cut(mid)) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    notes.push(format!(
        "the {what} was shortened to fit (the whole text is in the resource kept)"
    ));
    cut(lo)
}
