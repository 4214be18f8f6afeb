//! What import and export share: one table per concept, read both ways, so that what the
//! export writes is what the import reads back.
//!
//! | file | what |
//! |---|---|
//! | `about_me.rs` | how goals' barriers and organ donation wishes are written in resources |
//! | `dates.rs` | FHIR `date` / `dateTime` text and the record's dates and times |
//! | `coding.rs` | the record's codings and FHIR's, the code systems kept per kind, labels |
//! | `status.rs` | status codes per resource (conditions, allergies, medicines, appointments, goals) |
//! | `readings.rs` | which codes are which reading (LOINC, SNOMED CT), units in and out |
//! | `people.rs` | relationships of people in the person's life and of contacts |
//! | `negation.rs` | "no known allergies" and the like: statements that there is none |
//! | `ids.rs` | the record's URI and the stable ids of what it exports |

pub mod about_me;
pub mod coding;
pub mod dates;
pub mod ids;
pub mod negation;
pub mod people;
pub mod readings;
pub mod status;

/// The version of the mapping between FHIR resources and the record, kept in each
/// imported entry's provenance and in the imports ledger. Raise it when a resource is
/// read differently, so a re-import can tell.
pub const MAPPING_VERSION: u32 = 1;

/// The first row of `table` whose code is `code`.
pub(crate) fn by_code<T: Copy>(table: &[(&str, T)], code: &str) -> Option<T> {
    table.iter().find(|(c, _)| *c == code).map(|(_, v)| *v)
}

/// The code of the first row of `table` holding `value` (what the export writes).
pub(crate) fn code_of<T: PartialEq>(
    table: &[(&'static str, T)],
    value: &T,
) -> Option<&'static str> {
    table.iter().find(|(_, v)| v == value).map(|(c, _)| *c)
}
