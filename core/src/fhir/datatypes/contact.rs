//! HumanName, ContactPoint and Address (R4 datatypes).
//!
//! Lists of primitives (`given`, `line` ...) are `Vec<Option<String>>`: FHIR JSON may
//! hold `null` in such a list when the `_given` sibling carries an extension for that
//! position (R4 JSON, "Primitive types"); `None` keeps that place.

use crate::fhir::datatypes::Period;
use crate::fhir::macros::fhir_struct;

fhir_struct! {
    /// A person's name (R4 `HumanName`).
    pub struct HumanName {
        /// usual | official | temp | nickname | anonymous | old | maiden.
        opt use_: String,
        /// The whole name as written.
        opt text: String,
        /// Family name (surname).
        opt family: String,
        /// Given names, in order.
        list given: Option<String>,
        /// Parts before the name (Mrs, Dr).
        list prefix: Option<String>,
        /// Parts after the name.
        list suffix: Option<String>,
        /// When the name was in use.
        opt period: Period,
    }
}

fhir_struct! {
    /// A phone number, email address or other contact point (R4 `ContactPoint`).
    pub struct ContactPoint {
        /// phone | fax | email | pager | url | sms | other.
        opt system: String,
        /// The number or address.
        opt value: String,
        /// home | work | temp | old | mobile.
        opt use_: String,
        /// Order of preference (1 = highest).
        opt rank: u32,
        /// When it was in use.
        opt period: Period,
    }
}

fhir_struct! {
    /// A postal address (R4 `Address`).
    pub struct Address {
        /// home | work | temp | old | billing.
        opt use_: String,
        /// postal | physical | both.
        opt type_: String,
        /// The whole address as written.
        opt text: String,
        /// Street lines.
        list line: Option<String>,
        /// Town or city.
        opt city: String,
        /// District or county.
        opt district: String,
        /// State or region.
        opt state: String,
        /// Postcode.
        opt postal_code: String,
        /// Country.
        opt country: String,
        /// When it was in use.
        opt period: Period,
    }
}
