//! FHIR R4 datatypes the record maps (R4 "Data Types"). Each keeps the elements it does
//! not model in `extra`.
//!
//! | file | types |
//! |---|---|
//! | `decimal.rs` | [`Decimal`]: a FHIR decimal kept exactly as written |
//! | `extra.rs` | [`Extra`]: the elements a type does not model, as exact JSON text |
//! | `coding.rs` | [`Coding`], [`CodeableConcept`] |
//! | `identifier.rs` | [`Identifier`], [`Reference`] |
//! | `contact.rs` | [`HumanName`], [`ContactPoint`], [`Address`] |
//! | `quantity.rs` | [`Quantity`], [`Range`] |
//! | `period.rs` | [`Period`], [`Annotation`] |
//! | `meta.rs` | [`Meta`], [`Narrative`], [`Extension`] |

mod coding;
mod contact;
mod decimal;
mod extra;
mod identifier;
mod meta;
mod period;
mod quantity;

pub use coding::{CodeableConcept, Coding};
pub use contact::{Address, ContactPoint, HumanName};
pub use decimal::{Decimal, NotADecimal};
pub use extra::Extra;
pub use identifier::{Identifier, Reference};
pub use meta::{Extension, Meta, Narrative};
pub use period::{Annotation, Period};
pub use quantity::{Quantity, Range};
