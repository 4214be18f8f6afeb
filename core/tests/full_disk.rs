//! A real full disk (a size-limited tmpfs set up by `scripts/test-full-disk.sh`, which
//! runs these ignored tests with `PHR_FULL_DISK_DIR` set to it): no call ever says "not
//! saved" for a change that was saved, a refused change leaves the record unchanged,
//! closing with a log that cannot be written back is saved with a warning, and with
//! almost no space left even opening says the disk is full.

mod common;

use common::*;
use phr_core::api::{ApiError, EntryFilter, Record, SaveWarning};
use phr_core::keys::passphrase::KdfParams;
use phr_core::model::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder on the small file system, or `None` (the test then does nothing: it is
/// ignored by default and only the script runs it).
fn full_disk_dir() -> Option<PathBuf> {
    std::env::var_os("PHR_FULL_DISK_DIR").map(PathBuf::from)
}

/// Fills the file system holding `dir` until a write fails, then frees `leave` bytes.
fn fill(dir: &Path, leave: usize) -> PathBuf {
    let filler = dir.join("filler");
    let mut f = std::fs::File::create(&filler).expect("filler");
    let chunk = vec![0x55u8; 4096];
    while f.write_all(&chunk).is_ok() {}
    let _ = f.sync_all();
    let len = f.metadata().expect("len").len();
    f.set_len(len.saturating_sub(leave as u64))
        .expect("free some");
    f.sync_all().expect("sync");
    filler
}

fn entry_names(record: &Record) -> Vec<String> {
    record
        .entries(&EntryFilter::default(), Viewer::Person)
        .expect("entries")
        .into_iter()
        .map(|e| e.body.summary())
        .collect()
}

#[test]
#[ignore = "needs a small file system: scripts/test-full-disk.sh"]
fn on_a_full_disk_no_call_says_not_saved_for_a_saved_change() {
    let Some(base) = full_disk_dir() else { return };
    let dir = tempfile::tempdir_in(&base).expect("tempdir");
    let (mut record, path, key) = new_record(dir.path());
    record
        .add_entry(allergy("Before"), opts(Visibility::Private))
        .expect("add");
    let filler = fill(dir.path(), 256 * 1024);

    let mut saved = vec!["Before: Hives (severe)".to_string()];
    let mut refused = 0;
    for i in 0..5_000 {
        let body = EntryBody::Allergy(Allergy {
            substance: format!("Allergen {i:05}"),
            reaction: None,
            severity: None,
            code: None,
            notes: Some("n".repeat(1_500)),
        });
        let summary = body.summary();
        match record.add_entry(body, opts(Visibility::Private)) {
            Ok(_) => saved.push(summary),
            Err(ApiError::DiskFull) => {
                refused += 1;
                if refused > 3 {
                    break;
                }
            }
            Err(other) => panic!("after {} saved: {other:?}", saved.len()),
        }
    }
    assert!(refused > 0, "the disk filled up");
    // A refused change left the record as it was.
    assert_eq!(entry_names(&record), saved);

    // The log cannot be written into the main file: saved, with a warning.
    match record.checkpoint() {
        Ok(s) => assert!(
            matches!(s.warning, None | Some(SaveWarning::LowSpace)),
            "{s:?}"
        ),
        Err(e) => panic!("checkpoint after committed changes: {e:?}"),
    }
    let backup = record.backup_to(
        &dir.path().join("b.phrbackup"),
        "correct horse battery",
        &KdfParams::for_tests(),
    );
    assert!(
        matches!(backup, Ok(()) | Err(ApiError::NoSpace { .. })),
        "{backup:?}"
    );
    match record.close() {
        Ok(s) => assert!(
            matches!(s.warning, None | Some(SaveWarning::LowSpace)),
            "{s:?}"
        ),
        Err(e) => panic!("close after committed changes: {e:?}"),
    }

    std::fs::remove_file(&filler).expect("free the disk");
    let record = Record::open(&path, &key).expect("reopen");
    record.check_integrity().expect("whole");
    assert_eq!(entry_names(&record), saved, "every saved change, once");
}

#[test]
#[ignore = "needs a small file system: scripts/test-full-disk.sh"]
fn with_almost_no_space_left_opening_says_the_disk_is_full() {
    let Some(base) = full_disk_dir() else { return };
    let dir = tempfile::tempdir_in(&base).expect("tempdir");
    let (mut record, path, key) = new_record(dir.path());
    record
        .add_entry(allergy("Kept"), opts(Visibility::Private))
        .expect("add");
    record.close().expect("close");
    // Less than the 32 KiB the log's shared-memory index needs.
    let filler = fill(dir.path(), 8 * 1024);
    match Record::open(&path, &key).and_then(|r| {
        r.entries(&EntryFilter::default(), Viewer::Person)
            .map(|_| ())
    }) {
        Ok(()) => {}
        Err(e) => {
            assert!(
                matches!(e, ApiError::NoSpace { .. } | ApiError::DiskFull),
                "{e:?}"
            );
            assert!(e.to_string().contains("disk is full"), "{e}");
        }
    }
    std::fs::remove_file(&filler).expect("free the disk");
    let record = Record::open(&path, &key).expect("reopen");
    assert_eq!(
        entry_names(&record),
        vec!["Kept: Hives (severe)".to_string()]
    );
}
