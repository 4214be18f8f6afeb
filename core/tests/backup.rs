//! Backup and restore: the whole record as one passphrase-protected file, restored on
//! "another machine" (a new path with a new key) with equal content.

mod common;

use common::*;
use phr_core::api::{ApiError, EntryFilter, ReadingQuery, Record};
use phr_core::keys::DatabaseKey;
use phr_core::keys::passphrase::KdfParams;
use phr_core::model::*;

const PASS: &str = "correct horse battery staple";

fn filled_record(dir: &std::path::Path) -> Record {
    let (mut record, _, _) = new_record(dir);
    let kept = record
        .add_entry(allergy("Penicillin"), opts(Visibility::Emergency))
        .expect("add");
    record
        .update_entry(kept.meta.id, allergy("Penicillin V"), Author::Person)
        .expect("edit");
    let gone = record
        .add_entry(allergy("Dust"), opts(Visibility::Private))
        .expect("add");
    record
        .delete_entry(gone.meta.id, Author::Person)
        .expect("delete");
    let readings: Vec<_> = (0..200)
        .map(|i| {
            glucose(
                4.0 + f64::from(i % 40) / 10.0,
                &format!("2026-10-{:02}T08:00:00+01:00", 1 + i % 28),
            )
        })
        .collect();
    record.add_readings(&readings).expect("readings");
    record
}

/// A filled record and a backup of it at `dir/name`.
fn backed_up_record(dir: &std::path::Path, name: &str) -> (Record, std::path::PathBuf) {
    let record = filled_record(dir);
    let backup = dir.join(name);
    record
        .backup_to(&backup, PASS, &KdfParams::for_tests())
        .expect("backup");
    (record, backup)
}

fn everything(
    record: &Record,
) -> (
    Vec<Entry>,
    Vec<Vec<phr_core::api::EntryChange>>,
    Vec<Reading>,
) {
    let entries = record
        .entries(
            &EntryFilter {
                include_deleted: true,
                ..Default::default()
            },
            Viewer::Person,
        )
        .expect("entries");
    let history = entries
        .iter()
        .map(|e| record.history(e.meta.id).expect("history"))
        .collect();
    let readings = record
        .readings(&ReadingQuery::default(), Viewer::Person)
        .expect("readings");
    (entries, history, readings)
}

#[test]
fn backup_restores_elsewhere_with_equal_content() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (record, backup) = backed_up_record(dir.path(), "record.phrbackup");

    let other_machine = tempfile::tempdir().expect("tempdir");
    let restored_path = other_machine.path().join("restored.db");
    let new_key = DatabaseKey::generate();
    let restored = Record::restore_from(&backup, PASS, &restored_path, &new_key).expect("restore");
    assert_eq!(everything(&restored), everything(&record));
    let from = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).expect("date");
    let to = chrono::NaiveDate::from_ymd_opt(2026, 10, 31).expect("date");
    assert_eq!(
        restored
            .daily_summaries(ReadingKind::BloodGlucose, from, to, Viewer::Person)
            .expect("s"),
        record
            .daily_summaries(ReadingKind::BloodGlucose, from, to, Viewer::Person)
            .expect("s")
    );
    restored.close().expect("close");
    // The restored record opens with its new key only.
    assert!(Record::open(&restored_path, &new_key).is_ok());
    assert!(matches!(
        Record::open(&restored_path, &DatabaseKey::generate()),
        Err(ApiError::WrongKey)
    ));
}

#[test]
fn the_backup_file_reveals_no_entered_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_record, backup) = backed_up_record(dir.path(), "b.phrbackup");
    let bytes = std::fs::read(&backup).expect("read");
    assert!(bytes.starts_with(b"PHR-BACKUP\n"));
    for needle in ["Penicillin", "Hives", "allergy", "SQLite format 3"] {
        assert!(!contains(&bytes, needle.as_bytes()), "{needle}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary files left: {leftovers:?}"
    );
}

#[test]
fn a_wrong_passphrase_restores_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_record, backup) = backed_up_record(dir.path(), "b.phrbackup");
    let dest = dir.path().join("restored.db");
    let err = Record::restore_from(
        &backup,
        "not the passphrase",
        &dest,
        &DatabaseKey::generate(),
    )
    .unwrap_err();
    assert!(matches!(err, ApiError::WrongPassphrase), "{err}");
    assert!(!dest.exists());
}

#[test]
fn damaged_truncated_or_foreign_backups_are_typed_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_record, backup) = backed_up_record(dir.path(), "b.phrbackup");
    let good = std::fs::read(&backup).expect("read");
    let dest = dir.path().join("restored.db");
    let key = DatabaseKey::generate();

    let truncated = dir.path().join("truncated.phrbackup");
    std::fs::write(&truncated, &good[..good.len() - 4096]).expect("write");
    let err = Record::restore_from(&truncated, PASS, &dest, &key).unwrap_err();
    assert!(matches!(err, ApiError::BackupDamaged { .. }), "{err}");

    let flipped = dir.path().join("flipped.phrbackup");
    let mut bad = good.clone();
    let n = bad.len();
    bad[n - 5000] ^= 0xff;
    std::fs::write(&flipped, &bad).expect("write");
    let err = Record::restore_from(&flipped, PASS, &dest, &key).unwrap_err();
    assert!(matches!(err, ApiError::BackupDamaged { .. }), "{err}");

    let header_changed = dir.path().join("header.phrbackup");
    let mut bad = good.clone();
    bad[13] ^= 0x01; // Argon2 memory: authenticated, so the key no longer opens
    std::fs::write(&header_changed, &bad).expect("write");
    assert!(Record::restore_from(&header_changed, PASS, &dest, &key).is_err());

    let foreign = dir.path().join("foreign.phrbackup");
    std::fs::write(&foreign, b"hello, not a backup").expect("write");
    let err = Record::restore_from(&foreign, PASS, &dest, &key).unwrap_err();
    assert!(matches!(err, ApiError::NotABackup { .. }), "{err}");
    assert!(!dest.exists(), "nothing left behind");
}

#[test]
fn backup_and_restore_never_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let record = filled_record(dir.path());
    let backup = dir.path().join("b.phrbackup");
    std::fs::write(&backup, b"precious").expect("write");
    assert!(matches!(
        record.backup_to(&backup, PASS, &KdfParams::for_tests()),
        Err(ApiError::AlreadyExists { .. })
    ));
    assert_eq!(std::fs::read(&backup).expect("read"), b"precious");
    std::fs::remove_file(&backup).expect("rm");
    record
        .backup_to(&backup, PASS, &KdfParams::for_tests())
        .expect("backup");
    let err =
        Record::restore_from(&backup, PASS, record.path(), &DatabaseKey::generate()).unwrap_err();
    assert!(matches!(err, ApiError::AlreadyExists { .. }), "{err}");
    assert!(matches!(
        record.backup_to(&dir.path().join("x"), "short", &KdfParams::for_tests()),
        Err(ApiError::PassphraseTooShort { .. })
    ));
}
