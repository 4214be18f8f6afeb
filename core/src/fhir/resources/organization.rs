//! Organization, Practitioner and Device: who and what provided care or measured.

use crate::fhir::datatypes::{
    Address, Annotation, CodeableConcept, ContactPoint, HumanName, Identifier, Reference,
};
use crate::fhir::macros::{domain_resource, fhir_struct};

domain_resource! {
    /// A GP practice, hospital, pharmacy or other organisation (R4 `Organization`).
    /// `alias` and `contact` stay in `extra`.
    pub struct Organization {
        /// Identifiers, e.g. an ODS code.
        list identifier: Identifier,
        /// Whether it is still in use.
        opt active: bool,
        /// What kind of organisation.
        list type_: CodeableConcept,
        /// Its name.
        opt name: String,
        /// How to reach it.
        list telecom: ContactPoint,
        /// Where it is.
        list address: Address,
        /// The organisation it is part of.
        opt part_of: Reference,
    }
}

domain_resource! {
    /// A professional (R4 `Practitioner`). `qualification` stays in `extra`.
    pub struct Practitioner {
        /// Identifiers, e.g. a GMC number.
        list identifier: Identifier,
        /// Whether the record is in use.
        opt active: bool,
        /// Names.
        list name: HumanName,
        /// How to reach them.
        list telecom: ContactPoint,
        /// Addresses.
        list address: Address,
        /// male | female | other | unknown.
        opt gender: String,
        /// Date of birth.
        opt birth_date: String,
    }
}

domain_resource! {
    /// A device, such as a glucose meter or a blood pressure cuff (R4 `Device`).
    /// `udiCarrier`, `version`, `property` and `safety` stay in `extra`.
    pub struct Device {
        /// Identifiers.
        list identifier: Identifier,
        /// active | inactive | entered-in-error | unknown.
        opt status: String,
        /// Who made it.
        opt manufacturer: String,
        /// When it was made.
        opt manufacture_date: String,
        /// Lot number.
        opt lot_number: String,
        /// Serial number.
        opt serial_number: String,
        /// Its names (user-friendly name, model name ...).
        list device_name: DeviceName,
        /// Model number.
        opt model_number: String,
        /// What kind of device.
        opt type_: CodeableConcept,
        /// Whose device it is.
        opt patient: Reference,
        /// Who is responsible for it.
        opt owner: Reference,
        /// Notes.
        list note: Annotation,
    }
}

fhir_struct! {
    /// A name of a device (`Device.deviceName`).
    pub struct DeviceName {
        /// The name.
        req name: String,
        /// udi-label-name | user-friendly-name | patient-reported-name | manufacturer-name
        /// | model-name | other.
        req type_: String,
    }
}
