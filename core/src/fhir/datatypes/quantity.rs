//! Quantity and Range (R4 datatypes). Values are [`Decimal`]s, kept as written.

use crate::fhir::datatypes::Decimal;
use crate::fhir::macros::fhir_struct;

fhir_struct! {
    /// A measured amount (R4 `Quantity`, also used for `Age`, `Duration`, `SimpleQuantity`).
    pub struct Quantity {
        /// The number, exactly as written.
        opt value: Decimal,
        /// < | <= | >= | > : how to read the value.
        opt comparator: String,
        /// The unit for people.
        opt unit: String,
        /// The unit's code system, usually [`UCUM`](crate::fhir::codes::UCUM).
        opt system: String,
        /// The unit's code, e.g. `mmol/L`.
        opt code: String,
    }
}

impl Quantity {
    /// A value with a UCUM unit (`unit` and `code` both the UCUM code).
    pub fn ucum(value: Decimal, unit: &str) -> Self {
        Self {
            value: Some(value),
            unit: Some(unit.into()),
            system: Some(crate::fhir::codes::UCUM.into()),
            code: Some(unit.into()),
            ..Self::default()
        }
    }
}

fhir_struct! {
    /// A range between two quantities (R4 `Range`).
    pub struct Range {
        /// The lower bound.
        opt low: Quantity,
        /// The upper bound.
        opt high: Quantity,
    }
}
