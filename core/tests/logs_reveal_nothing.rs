//! The core's log (the `log` crate, which the shells forward to the platform's log) never
//! holds a key, a passphrase or anything the person wrote: a capturing logger at trace
//! level watches a realistic session, wrong passphrase, damage and full disk included.

mod common;

use common::*;
use phr_core::api::{ApiError, Record};
use phr_core::keys::passphrase::KdfParams;
use phr_core::keys::{DatabaseKey, PassphraseKeyFile};
use phr_core::model::*;
use std::sync::Mutex;

struct Capture(Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        let line = format!("{} {} {}", record.level(), record.target(), record.args());
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(line);
    }
    fn flush(&self) {}
}

static LOGGER: Capture = Capture(Mutex::new(Vec::new()));

fn base64(bytes: &[u8], alphabet: &[u8; 64]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(alphabet[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// Every way a key could be spelled in a log line.
fn spellings(key: &DatabaseKey) -> Vec<String> {
    let hex = key_hex(key);
    let std = *b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let url = *b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // Any 16 characters of an encoding would already say too much.
    let mut out = Vec::new();
    for s in [
        hex.clone(),
        hex.to_uppercase(),
        base64(key.as_bytes(), &std),
        base64(key.as_bytes(), &url),
    ] {
        out.push(s[..16].to_string());
        out.push(s[s.len() - 16..].to_string());
    }
    out
}

#[test]
fn a_whole_session_at_trace_level_logs_no_key_passphrase_or_entered_text() {
    log::set_logger(&LOGGER).expect("the only logger in this test binary");
    log::set_max_level(log::LevelFilter::Trace);
    const PASS: &str = "Tr0ub4dor&3 horse battery";
    const WRONG: &str = "not my passphrase at all";
    let secrets = [
        "Grandmother's secret diagnosis 8841",
        "Peanut butter sandwich note 3317",
        "Hidden reaction words 5521",
    ];

    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, path, key) = new_record(dir.path());
    record
        .add_entry(allergy(secrets[0]), opts(Visibility::Private))
        .expect("add");
    let mut body = allergy("Latex");
    if let EntryBody::Allergy(a) = &mut body {
        a.reaction = Some(secrets[2].into());
    }
    record
        .add_entry(body, opts(Visibility::Shared))
        .expect("add");
    let mut reading = glucose(5.4, "2026-11-24T08:30:00+00:00");
    reading.note = Some(secrets[1].into());
    record.add_reading(reading).expect("reading");
    let invalid = record.add_entry(allergy(""), opts(Visibility::Private));
    assert!(invalid.is_err());

    let key_file = dir.path().join("record.key");
    PassphraseKeyFile::create(&key_file, PASS, &key, KdfParams::for_tests()).expect("key file");
    assert!(PassphraseKeyFile::unlock(&key_file, WRONG).is_err());
    let backup = dir.path().join("b.phrbackup");
    record
        .backup_to(&backup, PASS, &KdfParams::for_tests())
        .expect("backup");
    record.close().expect("close");

    assert!(matches!(
        Record::open(&path, &DatabaseKey::generate()),
        Err(ApiError::WrongKey)
    ));
    let restored_key = DatabaseKey::generate();
    let restored = dir.path().join("restored.db");
    assert!(Record::restore_from(&backup, WRONG, &restored, &restored_key).is_err());
    let restored = Record::restore_from(&backup, PASS, &restored, &restored_key).expect("restore");
    restored.check().expect("check");
    restored.close().expect("close");

    let lines = LOGGER
        .0
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    let mut needles: Vec<String> = spellings(&key);
    needles.extend(spellings(&restored_key));
    needles.extend([PASS, WRONG].map(String::from));
    needles.extend(secrets.map(String::from));
    needles.extend(["Grandmother", "Peanut", "Hidden reaction"].map(String::from));
    for line in &lines {
        for needle in &needles {
            assert!(
                !line.contains(needle.as_str()),
                "{needle:?} in log line {line:?}"
            );
        }
    }
    assert!(!lines.is_empty(), "the session was logged");
}
