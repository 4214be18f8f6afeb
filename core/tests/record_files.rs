//! What opening and making records does to the files on disk: a wrong key changes no
//! byte even with a hot log, files that are no record say so, every file is private, and
//! a read-only record or index never blocks a later open.

mod common;

use common::*;
use phr_core::api::{ApiError, Record};
use phr_core::keys::DatabaseKey;
use phr_core::keys::passphrase::KdfParams;
use phr_core::model::*;
use std::path::{Path, PathBuf};

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// The main file and the log, as bytes (the `-shm` index holds no data and is rebuilt
/// from the log by whoever opens it).
fn file_and_log(path: &Path) -> (Vec<u8>, Option<Vec<u8>>) {
    (
        std::fs::read(path).expect("record"),
        std::fs::read(sidecar(path, "-wal")).ok(),
    )
}

#[test]
fn a_wrong_key_on_a_record_with_a_hot_log_changes_no_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, path, key) = new_record(dir.path());
    for i in 0..20 {
        record
            .add_entry(allergy(&format!("Allergen {i}")), opts(Visibility::Private))
            .expect("add");
    }
    // As a phone killed with the record open leaves it: the file and a log to replay.
    let crashed = tempfile::tempdir().expect("tempdir");
    let copy = crashed.path().join("record.db");
    std::fs::copy(&path, &copy).expect("copy");
    std::fs::copy(sidecar(&path, "-wal"), sidecar(&copy, "-wal")).expect("copy log");
    drop(record);
    let before = file_and_log(&copy);
    assert!(
        before.1.as_ref().is_some_and(|l| !l.is_empty()),
        "a hot log"
    );

    let err = Record::open(&copy, &DatabaseKey::generate()).unwrap_err();
    assert!(matches!(err, ApiError::WrongKey), "{err}");
    assert_eq!(
        file_and_log(&copy),
        before,
        "neither the file nor its log changed"
    );

    // The right key still finds every entry, the log replayed.
    let reopened = Record::open(&copy, &key).expect("open");
    assert_eq!(
        reopened
            .entries(&Default::default(), Viewer::Person)
            .expect("entries")
            .len(),
        20
    );
}

#[test]
fn zeroed_or_random_files_are_not_records() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = DatabaseKey::generate();
    let zeros = dir.path().join("zeros.db");
    std::fs::write(&zeros, vec![0u8; 4096 * 4]).expect("write");
    let random = dir.path().join("random.db");
    let bytes: Vec<u8> = (0..4096 * 4)
        .map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&random, &bytes).expect("write");
    for path in [&zeros, &random] {
        let before = std::fs::read(path).expect("read");
        let err = Record::open(path, &key).unwrap_err();
        assert!(
            matches!(err, ApiError::NotARecord { .. }),
            "{}: {err}",
            path.display()
        );
        assert_eq!(std::fs::read(path).expect("read"), before);
    }
}

#[test]
fn a_record_made_by_this_app_begins_with_its_marker() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (record, path, _) = new_record(dir.path());
    record.close().expect("close");
    let bytes = std::fs::read(&path).expect("read");
    assert!(bytes.starts_with(phr_core::keys::RECORD_SALT_MARK));
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
#[test]
fn record_log_index_and_backup_files_are_private_whatever_the_umask() {
    // The test process runs with the usual umask (022), under which new files are 0644.
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, path, _) = new_record(dir.path());
    record
        .add_entry(allergy("Latex"), opts(Visibility::Private))
        .expect("add");
    for suffix in ["", "-wal", "-shm"] {
        assert_eq!(mode(&sidecar(&path, suffix)), 0o600, "record{suffix}");
    }
    let backup = dir.path().join("r.phrbackup");
    record
        .backup_to(&backup, "correct horse battery", &KdfParams::for_tests())
        .expect("backup");
    assert_eq!(mode(&backup), 0o600, "backup");
    let restored = dir.path().join("restored.db");
    Record::restore_from(
        &backup,
        "correct horse battery",
        &restored,
        &DatabaseKey::generate(),
    )
    .expect("restore");
    assert_eq!(mode(&restored), 0o600, "restored record");
}

#[cfg(unix)]
#[test]
fn a_read_only_record_is_refused_before_any_index_is_made() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let (record, path, key) = new_record(dir.path());
    record.close().expect("close");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    let err = Record::open(&path, &key).unwrap_err();
    assert!(err.to_string().contains("read-only"), "{err}");
    assert!(
        !sidecar(&path, "-shm").exists(),
        "no read-only index left behind"
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let mut record = Record::open(&path, &key).expect("open once writable");
    record
        .add_entry(allergy("Latex"), opts(Visibility::Private))
        .expect("a later command works");
}

#[cfg(unix)]
#[test]
fn a_read_only_index_left_behind_is_made_writable_again() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let (record, path, key) = new_record(dir.path());
    record.close().expect("close");
    // What an earlier run on a read-only record leaves: an index with its mode (0444).
    let shm = sidecar(&path, "-shm");
    std::fs::write(&shm, vec![0u8; 32 * 1024]).expect("shm");
    std::fs::set_permissions(&shm, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let mut record = Record::open(&path, &key).expect("open");
    assert_eq!(mode(&shm), 0o600);
    record
        .add_entry(allergy("Latex"), opts(Visibility::Private))
        .expect("write");
}

/// A record as the app leaves it, opened by the stock SQLCipher 4 on OpenSSL
/// (`sqlcipher3`, in the checkers' Python that `scripts/setup-checkers.sh` makes): the
/// record's own crypto provider writes what any SQLCipher reads.
#[test]
fn the_stock_sqlcipher_opens_a_record() {
    let Some(python) = std::env::var_os("PHR_CHECKERS_PYTHON").filter(|p| !p.is_empty()) else {
        println!("skipped: PHR_CHECKERS_PYTHON is not set (scripts/test.sh sets it)");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, path, key) = new_record(dir.path());
    for i in 0..50 {
        record
            .add_entry(allergy(&format!("Allergen {i}")), opts(Visibility::Private))
            .expect("add");
    }
    record.close().expect("close");
    let hex = key_hex(&key);
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../sqlcipher-provider/tests/checkers/stock_sqlcipher.py");
    let output = std::process::Command::new(python)
        .arg(script)
        .args(["query", path.to_str().expect("a UTF-8 path"), &hex])
        .arg("SELECT (SELECT count(*) FROM entries), (SELECT application_id FROM pragma_application_id)")
        .output()
        .expect("run the stock SQLCipher");
    assert!(
        output.status.success(),
        "the stock SQLCipher failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8(output.stdout).expect("UTF-8");
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines, ["openssl", &format!("50\t{}", 0x5048_5231)]);
}
