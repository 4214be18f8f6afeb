//! The record's own URI and the ids of what it exports.
//!
//! Every record has a random id (`store::imports::record_uuid`). Its exports carry
//! `urn:uuid:<that id>` as each resource's `meta.source` (R4 `Meta.source`: "a uri that
//! identifies the source system of the resource"), so that importing one back is
//! recognised. Resources made from entries have the entry's id; the others get an id
//! derived from the record's id and what they are, so that exporting twice gives the
//! same ids, and a reading's id says nothing about how many readings there are.

use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The record's URI from its id (32 hexadecimal digits).
pub fn record_uri(record_id: &str) -> String {
    format!("urn:uuid:{}", derived(record_id, "record"))
}

/// A stable UUID for `what` in this record: SHA-256 of both, shaped as a version 4 UUID
/// (RFC 9562, section 5.4), so it looks like every other id the record writes.
pub fn derived(record_id: &str, what: &str) -> String {
    let digest = Sha256::new()
        .chain_update(record_id.as_bytes())
        .chain_update([0u8])
        .chain_update(what.as_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// Whether `id` is a UUID (an entry's id, or one derived here).
pub fn is_uuid(id: &str) -> bool {
    Uuid::parse_str(id).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_uuids_that_differ_per_record_and_thing() {
        let a = derived("00ff", "reading/1");
        assert_eq!(a, derived("00ff", "reading/1"));
        assert_ne!(a, derived("00fe", "reading/1"));
        assert_ne!(a, derived("00ff", "reading/2"));
        assert_eq!(Uuid::parse_str(&a).unwrap().get_version_num(), 4);
        assert!(record_uri("00ff").starts_with("urn:uuid:"));
    }
}
