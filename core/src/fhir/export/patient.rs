//! The Patient: the identity (names, date of birth, NHS number, pronouns), the person's
//! contact details, next of kin and emergency contacts (`Patient.contact`, v2-0131 `N` /
//! `C`) and the GP (an Organization, `Patient.generalPractitioner`): each only when the
//! viewer may see its entry and the scope holds it. Without a visible identity the
//! Patient has only an id derived from the record's, so that no private entry's id
//! appears.

use crate::fhir::codes::NHS_NUMBER;
use crate::fhir::datatypes::{
    Address, CodeableConcept, Coding, ContactPoint, Extension, HumanName, Identifier, Reference,
};
use crate::fhir::import::{ODS_ORGANIZATION, PRONOUNS_EXTENSION};
use crate::fhir::mapping::people::{CONTACT_ROLES, V2_CONTACT_ROLE, contact_role_display};
use crate::fhir::mapping::{code_of, dates, ids};
use crate::fhir::resources::{Organization, Patient, PatientContact};
use crate::model::{Contact, ContactPoints, ContactRole, Entry, EntryBody};

/// The Patient and, when the GP is in, its Organization.
pub fn patient(record_id: &str, entries: &[&Entry]) -> (Patient, Option<Organization>) {
    let identity = entries.iter().find_map(|e| match &e.body {
        EntryBody::Identity(i) => Some((e.meta.id, i)),
        _ => None,
    });
    let mut patient = Patient {
        id: Some(match identity {
            Some((id, _)) => id.to_string(),
            None => ids::derived(record_id, "patient"),
        }),
        ..Patient::default()
    };
    if let Some((_, identity)) = identity {
        patient.name.push(HumanName {
            use_: Some("official".into()),
            text: Some(identity.name.clone()),
            ..HumanName::default()
        });
        if let Some(preferred) = &identity.preferred_name {
            patient.name.push(HumanName {
                use_: Some("usual".into()),
                text: Some(preferred.clone()),
                ..HumanName::default()
            });
        }
        patient.birth_date = identity.date_of_birth.map(dates::date_text);
        if let Some(nhs) = &identity.nhs_number {
            patient
                .identifier
                .push(Identifier::new(NHS_NUMBER, nhs.as_str()));
        }
        if let Some(pronouns) = &identity.pronouns {
            patient.extension.push(pronouns_extension(pronouns));
        }
    }
    let mut gp = None;
    for entry in entries {
        match &entry.body {
            EntryBody::MyContactDetails(d) => {
                patient.telecom.extend(telecom(&d.points));
                patient.address.extend(address(&d.points));
            }
            EntryBody::Contact(c) if c.role == ContactRole::Gp && gp.is_none() => {
                let id = entry.meta.id.to_string();
                patient
                    .general_practitioner
                    .push(Reference::to(&format!("urn:uuid:{id}")));
                gp = Some(organization(id, c));
            }
            EntryBody::Contact(c) if c.role == ContactRole::Gp => {}
            EntryBody::Contact(c) => patient.contact.push(contact(c)),
            _ => {}
        }
    }
    (patient, gp)
}

fn pronouns_extension(pronouns: &str) -> Extension {
    let mut value = Extension {
        url: "value".into(),
        ..Extension::default()
    };
    // Inserting a CodeableConcept into an Extra only fails for maps with non-text keys.
    let _ = value.extra.insert(
        "valueCodeableConcept",
        &CodeableConcept::from_text(pronouns),
    );
    Extension {
        url: PRONOUNS_EXTENSION.into(),
        extension: vec![value],
        ..Extension::default()
    }
}

fn telecom(points: &ContactPoints) -> Vec<ContactPoint> {
    let point = |system: &str, value: &String| ContactPoint {
        system: Some(system.into()),
        value: Some(value.clone()),
        ..ContactPoint::default()
    };
    let mut out = Vec::new();
    out.extend(points.phone.as_ref().map(|p| point("phone", p)));
    out.extend(points.email.as_ref().map(|e| point("email", e)));
    out
}

fn address(points: &ContactPoints) -> Option<Address> {
    points.address.as_ref().map(|a| Address {
        use_: Some("home".into()),
        text: Some(a.clone()),
        ..Address::default()
    })
}

fn contact(c: &Contact) -> PatientContact {
    let code = code_of(&CONTACT_ROLES, &c.role).unwrap_or("C");
    let mut relationship = vec![CodeableConcept::from_coding(Coding::new(
        V2_CONTACT_ROLE,
        code,
        contact_role_display(c.role),
    ))];
    relationship.extend(c.relationship.as_deref().map(CodeableConcept::from_text));
    PatientContact {
        relationship,
        name: Some(HumanName {
            text: Some(c.name.clone()),
            ..HumanName::default()
        }),
        telecom: telecom(&c.points),
        address: address(&c.points),
        ..PatientContact::default()
    }
}

fn organization(id: String, c: &Contact) -> Organization {
    Organization {
        id: Some(id),
        name: Some(c.name.clone()),
        identifier: c
            .ods_code
            .iter()
            .map(|code| Identifier::new(ODS_ORGANIZATION, code))
            .collect(),
        telecom: telecom(&c.points),
        address: address(&c.points).into_iter().collect(),
        ..Organization::default()
    }
}
