//! Backups and key files from outside: a tampered header is damaged (and refused before
//! Argon2 runs with its settings), a file that is no backup says so, and a damaged record
//! makes no backup that would look whole.

mod common;

use common::*;
use phr_core::api::{ApiError, Record};
use phr_core::keys::passphrase::KdfParams;
use phr_core::keys::{DatabaseKey, PassphraseKeyFile};
use phr_core::model::*;

const PASS: &str = "correct horse battery staple";

fn backed_up(dir: &std::path::Path) -> (Record, std::path::PathBuf) {
    let (mut record, _, _) = new_record(dir);
    record
        .add_entry(allergy("Penicillin"), opts(Visibility::Private))
        .expect("add");
    let backup = dir.join("b.phrbackup");
    record
        .backup_to(&backup, PASS, &KdfParams::for_tests())
        .expect("backup");
    (record, backup)
}

/// The backup at `backup` with its Argon2id memory setting (KiB, at byte 12) replaced.
fn with_memory(backup: &std::path::Path, memory_kib: u32) -> std::path::PathBuf {
    let mut bytes = std::fs::read(backup).expect("read");
    bytes[12..16].copy_from_slice(&memory_kib.to_le_bytes());
    let out = backup.with_extension(format!("m{memory_kib}"));
    std::fs::write(&out, &bytes).expect("write");
    out
}

#[test]
fn a_header_asking_for_more_memory_than_this_app_writes_is_damaged_and_argon2_never_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_record, backup) = backed_up(dir.path());
    let dest = dir.path().join("restored.db");
    // 4 GiB once made restore allocate 4 GiB before the header could be authenticated;
    // 512 MiB is beyond the documented bound too.
    for memory in [4 * 1024 * 1024, 512 * 1024] {
        let tampered = with_memory(&backup, memory);
        let err =
            Record::restore_from(&tampered, PASS, &dest, &DatabaseKey::generate()).unwrap_err();
        assert!(matches!(err, ApiError::BackupDamaged { .. }), "{err}");
        assert!(!dest.exists());
    }
}

#[test]
fn a_backup_whose_length_field_was_changed_is_damaged_before_any_key_is_derived() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_record, backup) = backed_up(dir.path());
    let mut bytes = std::fs::read(&backup).expect("read");
    bytes[40] ^= 0x01; // the image length, u64 at byte 40
    let tampered = dir.path().join("len.phrbackup");
    std::fs::write(&tampered, &bytes).expect("write");
    let err = phr_core::store::parse_header(&bytes).unwrap_err();
    assert!(err.to_string().contains("damaged"), "{err}");
    let err = Record::restore_from(
        &tampered,
        PASS,
        &dir.path().join("r.db"),
        &DatabaseKey::generate(),
    )
    .unwrap_err();
    assert!(matches!(err, ApiError::BackupDamaged { .. }), "{err}");
}

#[test]
fn a_file_that_is_no_backup_is_called_a_backup_not_a_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let foreign = dir.path().join("holiday.jpg");
    std::fs::write(&foreign, b"\xff\xd8\xff\xe0 a picture").expect("write");
    let err = Record::restore_from(
        &foreign,
        PASS,
        &dir.path().join("r.db"),
        &DatabaseKey::generate(),
    )
    .unwrap_err();
    assert!(matches!(err, ApiError::NotABackup { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("backup") && !text.contains("record"),
        "{text}"
    );
}

#[test]
fn a_damaged_record_makes_no_backup_and_says_it_is_damaged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, path, key) = new_record(dir.path());
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
    let record = Record::open(&path, &key).expect("page 1 is whole");
    let backup = dir.path().join("b.phrbackup");
    let err = record
        .backup_to(&backup, PASS, &KdfParams::for_tests())
        .unwrap_err();
    assert!(matches!(err, ApiError::Damaged { .. }), "{err}");
    assert!(!backup.exists());
}

#[test]
fn a_key_file_asking_for_more_memory_than_this_app_writes_is_damaged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.key");
    PassphraseKeyFile::create(
        &path,
        PASS,
        &DatabaseKey::generate(),
        KdfParams::for_tests(),
    )
    .expect("key file");
    let text = std::fs::read_to_string(&path).expect("read");
    let tampered = text.replace("\"memory_kib\": 1024", "\"memory_kib\": 4194304");
    assert_ne!(text, tampered);
    std::fs::write(&path, tampered).expect("write");
    let err: ApiError = PassphraseKeyFile::unlock(&path, PASS).unwrap_err().into();
    assert!(matches!(err, ApiError::KeyDamaged { .. }), "{err}");
}
