//! The duress view against a record that never had the hidden entries: what every
//! screen and feed shows is the same (entries, readings, overview, changes, alerts,
//! messages, settings), an id of a hidden entry is "not found" like any unknown id, and
//! unlocking takes the same time with either passphrase and for a record with no view
//! (two key derivations always; compared as the ratio of medians of interleaved runs in
//! one process, with a wide margin: what it guards against is one derivation against
//! two, a factor of about two).

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::*;
use phr_core::api::ReadingQuery;
use phr_core::api::{DuressSetup, Record, duress_view_path};
use phr_core::keys::{DatabaseKey, KdfParams, PassphraseKeyFile};
use phr_core::model::*;

const MAIN: &str = "main pass phrase";
const DURESS: &str = "duress pass phrase";
const OTHER: &str = "other pass phrase";

fn identity() -> EntryBody {
    EntryBody::Identity(Identity {
        name: "Sam Doe".into(),
        preferred_name: None,
        date_of_birth: None,
        nhs_number: None,
        pronouns: None,
    })
}

fn with_key_file(dir: &Path, pass: &str) -> (Record, PathBuf, PathBuf) {
    let path = dir.join("record.db");
    let key_file = dir.join("record.db.key");
    let key = DatabaseKey::generate();
    PassphraseKeyFile::create(&key_file, pass, &key, KdfParams::for_tests()).expect("key file");
    (Record::create(&path, &key).expect("record"), path, key_file)
}

/// What a person or a program can see of a record, with ids and times left out.
fn observable(r: &mut Record) -> serde_json::Value {
    let mut entries: Vec<String> = r
        .entries(&Default::default(), Viewer::Person)
        .expect("entries")
        .iter()
        .map(|e| {
            format!(
                "{:?}|{}|{:?}",
                e.kind(),
                e.body.summary(),
                e.meta.visibility
            )
        })
        .collect();
    entries.sort();
    let readings = r
        .readings(&ReadingQuery::default(), Viewer::Person)
        .expect("readings")
        .len();
    let overview: Vec<String> = r
        .overview(chrono::Utc::now().date_naive(), Viewer::Person)
        .expect("overview")
        .iter()
        .map(|k| format!("{:?}:{}:{}", k.kind, k.count, k.time_untrusted))
        .collect();
    let changes = r.changes_since("", Viewer::Person, 1000).expect("changes");
    let alerts: Vec<String> = r
        .inbox(chrono::Utc::now(), true)
        .expect("inbox")
        .iter()
        .map(|n| n.title.clone())
        .collect();
    serde_json::json!({
        "entries": entries,
        "readings": readings,
        "overview": overview,
        "changed_entries": changes.entries_upserted.len(),
        "removed_entries": changes.entries_removed.len(),
        "changed_readings": changes.readings_upserted.len(),
        "alerts": alerts,
        "messages": r.messages(None).expect("messages").len(),
        "contacts": r.message_contacts().expect("contacts").len(),
        "shares": r.shares().expect("shares").len(),
        "emergency": r.emergency_summary_enabled().expect("emergency"),
        "duress": r.duress_enabled().expect("duress"),
        "schema": r.schema_version().expect("schema"),
    })
}

#[test]
fn the_view_shows_what_a_record_that_never_had_the_hidden_entries_shows() {
    let a = tempfile::tempdir().expect("tempdir");
    let (mut full, path, key_file) = with_key_file(a.path(), MAIN);
    let kept_identity = full
        .add_entry(identity(), opts(Visibility::Shared))
        .expect("add");
    let kept_allergy = full
        .add_entry(allergy("Penicillin"), opts(Visibility::Emergency))
        .expect("add");
    let hidden = full
        .add_entry(allergy("Latex"), opts(Visibility::Private))
        .expect("add");
    full.add_reading(glucose(5.4, "2026-11-20T08:00:00+00:00"))
        .expect("reading");
    full.add_reading(glucose(3.1, "2026-11-21T08:00:00+00:00"))
        .expect("low reading");
    // An edit, so the kept entry has a history of its own.
    full.update_entry(
        kept_allergy.meta.id,
        allergy("Penicillin V"),
        Author::Person,
    )
    .expect("edit");
    full.set_duress(DuressSetup {
        passphrase: DURESS.into(),
        keep: vec![kept_identity.meta.id, kept_allergy.meta.id],
        alert_to: None,
        params: KdfParams::for_tests(),
    })
    .expect("duress");
    full.close().expect("close");

    // The record that never had the hidden entries: the same two, written the same way.
    let b = tempfile::tempdir().expect("tempdir");
    let (mut never, b_path, b_key_file) = with_key_file(b.path(), OTHER);
    never
        .add_entry(identity(), opts(Visibility::Shared))
        .expect("add");
    let allergy_b = never
        .add_entry(allergy("Penicillin"), opts(Visibility::Emergency))
        .expect("add");
    never
        .update_entry(allergy_b.meta.id, allergy("Penicillin V"), Author::Person)
        .expect("edit");
    never.close().expect("close");

    let mut view = Record::open_with_passphrase(&path, &key_file, DURESS).expect("view");
    let mut never = Record::open_with_passphrase(&b_path, &b_key_file, OTHER).expect("never");
    assert_eq!(observable(&mut view), observable(&mut never));
    assert_eq!(view.path(), duress_view_path(&path));

    // A hidden entry's id is not found, in the same words as an id that never existed.
    let hidden_err = view
        .entry(hidden.meta.id, Viewer::Person)
        .expect_err("hidden")
        .to_string();
    let never_id = EntryId::new();
    let unknown_err = never
        .entry(never_id, Viewer::Person)
        .expect_err("unknown")
        .to_string();
    assert_eq!(
        hidden_err.replace(&hidden.meta.id.to_string(), "ID"),
        unknown_err.replace(&never_id.to_string(), "ID")
    );
    view.close().expect("close");
    never.close().expect("close");

    // The full record still has everything, and learned that the view was opened.
    let mut full = Record::open_with_passphrase(&path, &key_file, MAIN).expect("full");
    assert_eq!(
        full.entries(&Default::default(), Viewer::Person)
            .expect("entries")
            .len(),
        3
    );
    let titles: Vec<String> = full
        .inbox(chrono::Utc::now(), true)
        .expect("inbox")
        .iter()
        .map(|n| n.title.clone())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t == "Your record was opened with your second passphrase"),
        "{titles:?}"
    );
    // A wrong passphrase is the same error with a view and without.
    let with_view = Record::open_with_passphrase(&path, &key_file, "neither of them").err();
    let without = Record::open_with_passphrase(&b_path, &b_key_file, "neither of them").err();
    assert_eq!(
        with_view.map(|e| e.to_string()),
        without.map(|e| e.to_string())
    );
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[test]
fn unlocking_takes_the_same_time_with_either_passphrase_and_without_a_view() {
    // Settings a little costlier than the tests' usual ones, so that the derivations
    // (what could differ) dominate the open.
    let params = KdfParams {
        memory_kib: 8 * 1024,
        iterations: 2,
        parallelism: 1,
    };
    let a = tempfile::tempdir().expect("tempdir");
    let path = a.path().join("record.db");
    let key_file = a.path().join("record.db.key");
    let key = DatabaseKey::generate();
    PassphraseKeyFile::create(&key_file, MAIN, &key, params).expect("key file");
    let mut full = Record::create(&path, &key).expect("record");
    let kept = full
        .add_entry(allergy("Penicillin"), opts(Visibility::Shared))
        .expect("add");
    full.set_duress(DuressSetup {
        passphrase: DURESS.into(),
        keep: vec![kept.meta.id],
        alert_to: None,
        params,
    })
    .expect("duress");
    full.close().expect("close");
    let b = tempfile::tempdir().expect("tempdir");
    let b_path = b.path().join("record.db");
    let b_key_file = b.path().join("record.db.key");
    let b_key = DatabaseKey::generate();
    PassphraseKeyFile::create(&b_key_file, OTHER, &b_key, params).expect("key file");
    let mut never = Record::create(&b_path, &b_key).expect("record");
    never
        .add_entry(allergy("Penicillin"), opts(Visibility::Shared))
        .expect("add");
    never.close().expect("close");

    let time = |path: &Path, key_file: &Path, pass: &str| {
        let start = Instant::now();
        let r = Record::open_with_passphrase(path, key_file, pass);
        let took = start.elapsed();
        if let Ok(r) = r {
            r.close().expect("close");
        }
        took
    };
    let (mut view, mut plain, mut wrong) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..9 {
        view.push(time(&path, &key_file, DURESS));
        plain.push(time(&b_path, &b_key_file, OTHER));
        wrong.push(time(&path, &key_file, "neither of them"));
    }
    let (view, plain, wrong) = (median(view), median(plain), median(wrong));
    for (what, t) in [("wrong passphrase", wrong), ("duress view", view)] {
        let ratio = t.as_secs_f64() / plain.as_secs_f64();
        assert!(
            (0.6..1.67).contains(&ratio),
            "{what} took {t:?} against {plain:?} for a record with no view (ratio {ratio:.2})"
        );
    }
}
