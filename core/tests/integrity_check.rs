//! Integrity on demand: `check()` says in plain words what is damaged, and a record found
//! damaged refuses writes, in this session and the next, until it is restored.

mod common;

use common::*;
use phr_core::api::{ApiError, Record};
use phr_core::keys::DatabaseKey;
use phr_core::keys::passphrase::KdfParams;
use phr_core::model::*;

/// A closed record of several pages, then page 5 changed on disk.
fn damaged_record(dir: &std::path::Path) -> (std::path::PathBuf, DatabaseKey) {
    let (mut record, path, key) = new_record(dir);
    for i in 0..300 {
        record
            .add_entry(
                allergy(&format!("Substance {i}")),
                opts(Visibility::Private),
            )
            .expect("add");
    }
    record.close().expect("close");
    let mut bytes = std::fs::read(&path).expect("read");
    for b in &mut bytes[4096 * 4 + 100..4096 * 4 + 140] {
        *b ^= 0x5a;
    }
    std::fs::write(&path, &bytes).expect("write");
    (path, key)
}

#[test]
fn a_whole_record_checks_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    record
        .add_entry(allergy("Latex"), opts(Visibility::Private))
        .expect("add");
    let report = record.check().expect("check");
    assert!(report.whole, "{report:?}");
    assert!(report.findings.is_empty());
    assert!(record.damage().is_none());
}

#[test]
fn check_names_the_damaged_page_in_plain_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, key) = damaged_record(dir.path());
    let record = Record::open(&path, &key).expect("page 1 is whole");
    let report = record.check().expect("check");
    assert!(!report.whole);
    assert!(
        report.findings.iter().any(|f| f.contains("page 5")),
        "{:?}",
        report.findings
    );
    for f in &report.findings {
        assert!(
            !f.contains("HMAC") && !f.contains("btree"),
            "plain words: {f}"
        );
    }
}

#[test]
fn a_record_found_damaged_refuses_writes_until_it_is_restored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, key) = damaged_record(dir.path());
    let mut record = Record::open(&path, &key).expect("open");
    assert!(!record.check().expect("check").whole);
    let refused = record.add_entry(allergy("New"), opts(Visibility::Private));
    assert!(
        matches!(refused, Err(ApiError::Damaged { .. })),
        "{refused:?}"
    );
    record.close().expect("close");

    // The next session knows without checking again.
    let mut record = Record::open(&path, &key).expect("open again");
    assert!(record.damage().is_some());
    let refused = record.add_entry(allergy("New"), opts(Visibility::Private));
    assert!(
        matches!(refused, Err(ApiError::Damaged { .. })),
        "{refused:?}"
    );
    record.close().expect("close");

    // A record restored at the same path is a new file: the mark does not apply to it.
    let (healthy, _) = {
        let other = dir.path().join("healthy");
        std::fs::create_dir(&other).expect("dir");
        let (mut r, p, _) = new_record(&other);
        r.add_entry(allergy("Kept"), opts(Visibility::Private))
            .expect("add");
        let backup = other.join("b.phrbackup");
        r.backup_to(&backup, "correct horse battery", &KdfParams::for_tests())
            .expect("backup");
        (backup, p)
    };
    std::fs::rename(&path, dir.path().join("damaged-copy.db")).expect("move aside");
    let new_key = DatabaseKey::generate();
    let mut restored =
        Record::restore_from(&healthy, "correct horse battery", &path, &new_key).expect("restore");
    assert!(restored.damage().is_none());
    restored
        .add_entry(allergy("After restore"), opts(Visibility::Private))
        .expect("writes work again");
    restored.close().expect("close");
    let reopened = Record::open(&path, &new_key).expect("open");
    assert!(reopened.damage().is_none());
}
