//! Patient: the identity (name, preferred name, date of birth, NHS number, pronouns), the
//! person's contact details (`#telecom`), next of kin and emergency contacts
//! (`#contact[i]`, by their v2-0131 role) and the GP (`#generalPractitioner[i]`, when
//! the Organization is in the input with a way to reach it).

use super::candidate::{MappedEntry, Planned};
use super::plan::Context;
use super::text;
use crate::fhir::Resource;
use crate::fhir::codes::NHS_NUMBER;
use crate::fhir::datatypes::{CodeableConcept, ContactPoint, Extension};
use crate::fhir::mapping::people::{CONTACT_ROLES, V2_CONTACT_ROLE};
use crate::fhir::mapping::{by_code, coding, dates};
use crate::fhir::resources::{Organization, Patient, PatientContact};
use crate::model::error::SHORT_TEXT;
use crate::model::{
    Contact, ContactPoints, ContactRole, EntryBody, Identity, MyContactDetails, NhsNumber,
};

/// The FHIR extension for pronouns (FHIR Extensions Pack, `individual-pronouns`, a
/// complex extension whose `value` holds a CodeableConcept).
pub const PRONOUNS_EXTENSION: &str = "http://hl7.org/fhir/StructureDefinition/individual-pronouns";
/// The ODS organisation code system (NHS England), for a GP practice's code.
pub const ODS_ORGANIZATION: &str = "https://fhir.nhs.uk/Id/ods-organization-code";

/// The parts of a Patient.
pub fn map(p: &Patient, cx: &Context<'_>) -> Vec<(String, Planned)> {
    let mut parts = vec![(String::new(), Planned::entry(identity(p)))];
    if let Some(details) = contact_details(p) {
        parts.push(("#telecom".into(), Planned::entry(details)));
    }
    for (i, contact) in p.contact.iter().enumerate() {
        if let Some(c) = next_of_kin(contact, i) {
            parts.push((format!("#contact[{i}]"), Planned::entry(c)));
        }
    }
    for (i, gp) in p.general_practitioner.iter().enumerate() {
        if let Some(Resource::Organization(org)) = cx.walk.resolve(cx.holder, gp)
            && let Some(mapped) = practice(org, gp.display.as_deref(), i)
        {
            parts.push((format!("#generalPractitioner[{i}]"), Planned::entry(mapped)));
        }
    }
    parts
}

/// The GP practice, when it has a name and a way to reach it; an ODS code the record's
/// check of contacts refuses is left out.
fn practice(org: &Organization, display: Option<&str>, i: usize) -> Option<MappedEntry> {
    let name = org.name.as_deref().or(display)?;
    let (points, mut notes) = points(&org.telecom, org.address.first().and_then(text::address));
    if is_empty(&points) {
        return None;
    }
    let mut contact = Contact {
        role: ContactRole::Gp,
        name: text::fit(&mut notes, "practice's name", name.to_owned(), SHORT_TEXT),
        relationship: None,
        points,
        ods_code: org
            .identifier
            .iter()
            .find(|id| id.system.as_deref() == Some(ODS_ORGANIZATION))
            .and_then(|id| id.value.clone()),
    };
    if contact.ods_code.is_some() && contact.validate().is_err() {
        contact.ods_code = None;
        notes.push("the practice's ODS code was left out: it is not one".into());
    }
    let mut mapped = MappedEntry::new(EntryBody::Contact(contact))
        .from("name", format!("generalPractitioner[{i}]"));
    mapped.notes = notes;
    Some(mapped)
}

fn identity(p: &Patient) -> MappedEntry {
    let official = p
        .name
        .iter()
        .position(|n| n.use_.as_deref() == Some("official"))
        .or_else(|| {
            p.name
                .iter()
                .position(|n| !matches!(n.use_.as_deref(), Some("old" | "maiden")))
        });
    let name = official.and_then(|i| text::name(&p.name[i]).map(|n| (i, n)));
    let preferred = p
        .name
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != official)
        .find(|(_, n)| matches!(n.use_.as_deref(), Some("nickname" | "usual")))
        .and_then(|(i, n)| text::name(n).map(|t| (i, t)));
    let mut notes = Vec::new();
    let nhs = p.identifier.iter().enumerate().find_map(|(i, id)| {
        (id.system.as_deref() == Some(NHS_NUMBER)).then_some(())?;
        let value = id.value.as_deref()?;
        match NhsNumber::parse(value) {
            Ok(n) => Some((i, n)),
            Err(e) => {
                notes.push(format!("the NHS number was left out: it {}", e.reason));
                None
            }
        }
    });
    let birth = p.birth_date.as_deref().and_then(dates::whole_date);
    if p.birth_date.is_some() && birth.is_none() {
        notes.push("the date of birth was left out: it is not a whole date".into());
    }
    let pronouns = p
        .extension
        .iter()
        .position(|e| e.url == PRONOUNS_EXTENSION)
        .and_then(|i| pronouns(&p.extension[i]).map(|t| (i, t)));
    let fits_pronouns = |t: &str| {
        Identity {
            name: "x".into(),
            preferred_name: None,
            date_of_birth: None,
            nhs_number: None,
            pronouns: Some(t.to_owned()),
        }
        .validate()
        .is_ok()
    };
    let identity = Identity {
        name: name
            .as_ref()
            .map(|(_, n)| text::fit(&mut notes, "name", n.clone(), SHORT_TEXT))
            .unwrap_or_default(),
        preferred_name: preferred
            .as_ref()
            .map(|(_, n)| text::fit(&mut notes, "preferred name", n.clone(), SHORT_TEXT)),
        date_of_birth: birth,
        nhs_number: nhs.as_ref().map(|(_, n)| n.clone()),
        pronouns: pronouns
            .as_ref()
            .map(|(_, t)| text::fit_checked(&mut notes, "pronouns", t.clone(), fits_pronouns)),
    };
    let mut mapped = MappedEntry::new(EntryBody::Identity(identity));
    if let Some((i, _)) = name {
        mapped = mapped.from("name", format!("name[{i}]"));
    } else {
        mapped.incomplete = true;
        mapped.notes.push("the Patient has no name".into());
    }
    if let Some((i, _)) = preferred {
        mapped = mapped.from("preferred_name", format!("name[{i}]"));
    }
    if let Some((i, _)) = nhs {
        mapped = mapped.from("nhs_number", format!("identifier[{i}].value"));
    }
    if let Some((i, _)) = pronouns {
        mapped = mapped.from("pronouns", format!("extension[{i}]"));
    }
    mapped = mapped.from("date_of_birth", "birthDate");
    mapped.notes.extend(notes);
    mapped
}

/// The `value` of the pronouns extension, in words.
pub fn pronouns(extension: &Extension) -> Option<String> {
    let (_, value) = extension.nested("value")?.value()?;
    let concept: CodeableConcept = serde_json::from_value(value).ok()?;
    coding::label(&concept).map(|(t, _)| t)
}

/// Phone, email and address, each kept only when the record's own check of contact
/// details accepts it (`MyContactDetails::validate`), with a note for each left out.
fn points(telecom: &[ContactPoint], address: Option<String>) -> (ContactPoints, Vec<String>) {
    let mut notes = Vec::new();
    let mut accepted = |points: ContactPoints, what: &str| {
        let check = MyContactDetails {
            points: points.clone(),
            preferred_method: None,
        };
        match check.validate() {
            Ok(()) => Some(points),
            Err(e) => {
                notes.push(format!("the {what} was left out: {}", e.reason));
                None
            }
        }
    };
    let phone = text::contact_point(telecom, &["phone", "sms"]).and_then(|(_, v)| {
        accepted(
            ContactPoints {
                phone: Some(v.to_owned()),
                ..ContactPoints::default()
            },
            "phone number",
        )
        .and_then(|p| p.phone)
    });
    let email = text::contact_point(telecom, &["email"]).and_then(|(_, v)| {
        accepted(
            ContactPoints {
                email: Some(v.to_owned()),
                ..ContactPoints::default()
            },
            "email address",
        )
        .and_then(|p| p.email)
    });
    let address = address.and_then(|a| {
        accepted(
            ContactPoints {
                address: Some(a),
                ..ContactPoints::default()
            },
            "address",
        )
        .and_then(|p| p.address)
    });
    (
        ContactPoints {
            phone,
            email,
            address,
        },
        notes,
    )
}

fn is_empty(points: &ContactPoints) -> bool {
    points.phone.is_none() && points.email.is_none() && points.address.is_none()
}

fn contact_details(p: &Patient) -> Option<MappedEntry> {
    let home = p
        .address
        .iter()
        .position(|a| a.use_.as_deref() == Some("home"))
        .or(if p.address.is_empty() { None } else { Some(0) });
    let (points, notes) = points(&p.telecom, home.and_then(|i| text::address(&p.address[i])));
    if is_empty(&points) {
        return None;
    }
    let mut mapped = MappedEntry::new(EntryBody::MyContactDetails(MyContactDetails {
        points,
        preferred_method: None,
    }))
    .from("phone", "telecom")
    .from("email", "telecom");
    if let Some(i) = home {
        mapped = mapped.from("address", format!("address[{i}]"));
    }
    mapped.notes = notes;
    Some(mapped)
}

/// A next of kin or emergency contact (v2-0131 `N` or `C`); other contacts are not
/// the record's.
fn next_of_kin(contact: &PatientContact, i: usize) -> Option<MappedEntry> {
    let role = contact.relationship.iter().find_map(|r| {
        coding::code_in(Some(r), V2_CONTACT_ROLE).and_then(|code| by_code(&CONTACT_ROLES, code))
    })?;
    let name = contact.name.as_ref().and_then(text::name)?;
    let relationship = contact
        .relationship
        .iter()
        .filter_map(|r| {
            r.text.clone().or_else(|| {
                r.coding
                    .iter()
                    .filter(|c| c.system.as_deref() != Some(V2_CONTACT_ROLE))
                    .find_map(|c| c.display.clone())
            })
        })
        .next();
    let (points, mut notes) = points(
        &contact.telecom,
        contact.address.as_ref().and_then(text::address),
    );
    if is_empty(&points) {
        return None;
    }
    let name = text::fit(&mut notes, "contact's name", name, SHORT_TEXT);
    let relationship = relationship.map(|r| text::fit(&mut notes, "relationship", r, SHORT_TEXT));
    let mut mapped = MappedEntry::new(EntryBody::Contact(Contact {
        role,
        name,
        relationship,
        points,
        ods_code: None,
    }))
    .from("name", format!("contact[{i}].name"))
    .from("relationship", format!("contact[{i}].relationship"))
    .from("phone", format!("contact[{i}].telecom"))
    .from("email", format!("contact[{i}].telecom"))
    .from("address", format!("contact[{i}].address"));
    mapped.notes = notes;
    Some(mapped)
}
