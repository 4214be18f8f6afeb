//! Creating, reopening and refusing to open records: wrong key, corrupt files, files that
//! are not records, and what the file never reveals.

mod common;

use common::*;
use phr_core::api::{ApiError, EntryFilter, Record};
use phr_core::keys::DatabaseKey;
use phr_core::model::*;

#[test]
fn create_then_reopen_keeps_entries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, path, key) = new_record(dir.path());
    let added = record
        .add_entry(allergy("Penicillin"), opts(Visibility::Emergency))
        .expect("add");
    record.close().expect("close");

    let record = Record::open(&path, &key).expect("reopen");
    let entries = record
        .entries(&EntryFilter::default(), Viewer::Person)
        .expect("list");
    assert_eq!(entries, vec![added]);
    assert_eq!(
        record.schema_version().expect("version"),
        phr_core::store::schema::latest_version()
    );
}

#[test]
fn create_refuses_an_existing_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (record, path, _) = new_record(dir.path());
    record.close().expect("close");
    let before = std::fs::read(&path).expect("read");
    let err = Record::create(&path, &DatabaseKey::generate()).unwrap_err();
    assert!(matches!(err, ApiError::AlreadyExists { .. }), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn wrong_key_is_refused_and_the_file_stays_byte_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, path, _) = new_record(dir.path());
    record
        .add_entry(allergy("Latex"), opts(Visibility::Private))
        .expect("add");
    record.close().expect("close");
    let before = record_files(&path);

    let err = Record::open(&path, &DatabaseKey::generate()).unwrap_err();
    assert!(matches!(err, ApiError::WrongKey), "{err}");
    assert_eq!(err.to_string().lines().count(), 1);
    assert_eq!(
        record_files(&path),
        before,
        "no file was created or changed"
    );
}

#[test]
fn a_missing_file_is_not_created_by_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("none.db");
    let err = Record::open(&path, &DatabaseKey::generate()).unwrap_err();
    assert!(matches!(err, ApiError::NoRecord { .. }), "{err}");
    assert!(!path.exists());
}

#[test]
fn files_that_are_not_records_are_typed_errors_and_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = DatabaseKey::generate();

    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").expect("write");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, b"just some text, not a record").expect("write");
    let plain = dir.path().join("plain.db");
    {
        let conn = rusqlite::Connection::open(&plain).expect("plain sqlite");
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .expect("plain");
    }
    for path in [&empty, &text, &plain] {
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
fn an_encrypted_database_of_another_app_is_not_a_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("other.db");
    let key = DatabaseKey::generate();
    {
        let conn = keyed(&path, &key);
        conn.execute_batch("CREATE TABLE t(x);").expect("create");
    }
    let err = Record::open(&path, &key).unwrap_err();
    assert!(matches!(err, ApiError::NotARecord { .. }), "{err}");
}

#[test]
fn a_damaged_record_is_reported_as_corrupt_not_lost() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, path, key) = new_record(dir.path());
    for i in 0..300 {
        record
            .add_entry(
                allergy(&format!("Substance number {i}")),
                opts(Visibility::Private),
            )
            .expect("add");
    }
    record.close().expect("close");
    let mut bytes = std::fs::read(&path).expect("read");
    assert!(bytes.len() >= 4096 * 8, "several pages");
    // Flip bytes in the middle of page 5: its HMAC no longer matches.
    for b in &mut bytes[4096 * 4 + 100..4096 * 4 + 140] {
        *b ^= 0x5a;
    }
    std::fs::write(&path, &bytes).expect("write");

    let outcome = Record::open(&path, &key).and_then(|r| {
        r.check_integrity()?;
        r.entries(&EntryFilter::default(), Viewer::Person)
            .map(|_| ())
    });
    let err = outcome.unwrap_err();
    assert!(matches!(err, ApiError::Damaged { .. }), "{err}");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        bytes,
        "the damaged file is kept"
    );
}

#[test]
fn the_file_never_starts_like_plain_sqlite_and_never_reveals_entered_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, path, _) = new_record(dir.path());
    let secret = "Zebra-striped kangaroo allergy 7781";
    record
        .add_entry(allergy(secret), opts(Visibility::Private))
        .expect("add");
    let mut note = glucose(5.4, "2026-11-24T08:30:00+00:00");
    note.note = Some("Secret glucose note 4471".into());
    record.add_reading(note).expect("reading");
    // Scan while the -wal and -shm files exist, then after closing.
    let open_files = record_files(&path);
    assert!(
        open_files
            .iter()
            .any(|(p, _)| p.to_string_lossy().ends_with("-wal"))
    );
    record.close().expect("close");
    for (p, bytes) in open_files.into_iter().chain(record_files(&path)) {
        assert!(!bytes.starts_with(b"SQLite format 3"), "{}", p.display());
        for needle in [secret, "Zebra", "Secret glucose note", "Hives", "allergy"] {
            assert!(
                !contains(&bytes, needle.as_bytes()),
                "{needle} in {}",
                p.display()
            );
        }
    }
}

#[test]
fn a_full_disk_is_a_typed_error_and_loses_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, path, key) = new_record(dir.path());
    let kept = record
        .add_entry(allergy("Kept"), opts(Visibility::Private))
        .expect("add");
    let pages: u32 = 40;
    record.limit_pages_for_tests(pages).expect("limit");
    let batch: Vec<_> = (0..20_000)
        .map(|i| {
            glucose(
                5.0,
                &format!("2026-01-01T{:02}:{:02}:00+00:00", (i / 60) % 24, i % 60),
            )
        })
        .collect();
    let err = record.add_readings(&batch).unwrap_err();
    assert!(matches!(err, ApiError::DiskFull), "{err}");
    assert!(err.to_string().contains("unchanged"));
    assert_eq!(
        record.reading_count(None, Viewer::Person).expect("count"),
        0,
        "the failed batch was rolled back whole"
    );
    record.close().expect("close");
    let record = Record::open(&path, &key).expect("reopen");
    record.check_integrity().expect("intact");
    let entries = record
        .entries(&EntryFilter::default(), Viewer::Person)
        .expect("list");
    assert_eq!(entries, vec![kept]);
}

/// The SQLCipher the record runs on is built without loadable extensions (and without
/// the SQLite extensions nothing uses), so no SQL can load native code into a record's
/// connection: `.cargo/config.toml`, docs/security.md.
#[test]
fn sqlcipher_is_built_without_loadable_extensions() {
    let conn = rusqlite::Connection::open_in_memory().expect("connection");
    let options: Vec<String> = conn
        .prepare("PRAGMA compile_options")
        .expect("pragma")
        .query_map([], |r| r.get(0))
        .expect("options")
        .collect::<Result<_, _>>()
        .expect("read");
    let has = |option: &str| options.iter().any(|o| o == option);
    assert!(has("HAS_CODEC"), "not SQLCipher: {options:?}");
    assert!(has("OMIT_LOAD_EXTENSION"), "{options:?}");
    for left_out in ["ENABLE_FTS3", "ENABLE_FTS5", "ENABLE_RTREE"] {
        assert!(!has(left_out), "{left_out} in {options:?}");
    }
    let refused = conn
        .query_row("SELECT load_extension('libanything')", [], |r| {
            r.get::<_, String>(0)
        })
        .expect_err("load_extension must not exist");
    assert!(
        refused.to_string().contains("no such function"),
        "{refused}"
    );
}
