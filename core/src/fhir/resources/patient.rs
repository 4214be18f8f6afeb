//! Patient and RelatedPerson: who the record is about and the people in their life.

use crate::fhir::datatypes::{
    Address, CodeableConcept, ContactPoint, HumanName, Identifier, Period, Reference,
};
use crate::fhir::macros::{domain_resource, fhir_struct};

domain_resource! {
    /// The person the record is about (R4 `Patient`). `communication`, `link`,
    /// `photo`, `maritalStatus` and `multipleBirth[x]` stay in `extra`.
    pub struct Patient {
        /// Identifiers, e.g. the NHS number with its verification status extension.
        list identifier: Identifier,
        /// Whether the record is in active use.
        opt active: bool,
        /// Names.
        list name: HumanName,
        /// Phone numbers and email addresses.
        list telecom: ContactPoint,
        /// male | female | other | unknown (administrative gender).
        opt gender: String,
        /// Date of birth (a FHIR date; the time of birth is an extension in `_birthDate`).
        opt birth_date: String,
        /// Whether the person has died.
        opt deceased_boolean: bool,
        /// When the person died.
        opt deceased_date_time: String,
        /// Addresses.
        list address: Address,
        /// Next of kin, emergency contacts, carers.
        list contact: PatientContact,
        /// The GP practice or GP.
        list general_practitioner: Reference,
        /// The organisation that keeps the record.
        opt managing_organization: Reference,
    }
}

fhir_struct! {
    /// A contact for the patient (`Patient.contact`).
    pub struct PatientContact {
        /// How they are related (next of kin, emergency contact ...).
        list relationship: CodeableConcept,
        /// Their name.
        opt name: HumanName,
        /// How to reach them.
        list telecom: ContactPoint,
        /// Their address.
        opt address: Address,
        /// male | female | other | unknown.
        opt gender: String,
        /// Their organisation.
        opt organization: Reference,
        /// When they are a contact.
        opt period: Period,
    }
}

domain_resource! {
    /// Someone in the patient's life: family, a carer, a friend (R4 `RelatedPerson`).
    pub struct RelatedPerson {
        /// Identifiers.
        list identifier: Identifier,
        /// Whether the relationship is current.
        opt active: bool,
        /// Whose related person this is.
        req patient: Reference,
        /// How they are related.
        list relationship: CodeableConcept,
        /// Names.
        list name: HumanName,
        /// How to reach them.
        list telecom: ContactPoint,
        /// male | female | other | unknown.
        opt gender: String,
        /// Their date of birth.
        opt birth_date: String,
        /// Addresses.
        list address: Address,
        /// When the relationship applies.
        opt period: Period,
    }
}
