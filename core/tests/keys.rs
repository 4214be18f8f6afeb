//! Key handling end to end: the passphrase key file on a real file system, and the
//! kernel keyring when this machine has one.

use phr_core::keys::{DatabaseKey, KdfParams, KeyError, PassphraseKeyFile, passphrase};
use std::fs;
use std::path::{Path, PathBuf};

const PASS: &str = "correct horse battery staple";

fn new_key_file(dir: &tempfile::TempDir) -> (PathBuf, DatabaseKey) {
    let path = dir.path().join("record.key");
    let key = DatabaseKey::generate();
    PassphraseKeyFile::create(&path, PASS, &key, KdfParams::for_tests()).expect("create");
    (path, key)
}

fn only_file_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn create_then_unlock_gives_back_the_same_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, key) = new_key_file(&dir);
    let unlocked = PassphraseKeyFile::unlock(&path, PASS).expect("unlock");
    assert_eq!(unlocked, key);
    // No temporary file is left next to it.
    assert_eq!(only_file_in(dir.path()), vec!["record.key".to_owned()]);
}

#[test]
fn wrong_passphrase_is_refused_and_the_file_is_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _) = new_key_file(&dir);
    let before = fs::read(&path).expect("read");
    let modified = fs::metadata(&path)
        .expect("meta")
        .modified()
        .expect("mtime");
    let err = PassphraseKeyFile::unlock(&path, "correct horse battery stapler").expect_err("wrong");
    assert!(matches!(err, KeyError::WrongPassphrase), "{err}");
    assert_eq!(err.to_string(), "the passphrase is wrong");
    assert_eq!(fs::read(&path).expect("read"), before);
    assert_eq!(
        fs::metadata(&path)
            .expect("meta")
            .modified()
            .expect("mtime"),
        modified
    );
}

/// Builds a version-1 key file by hand from the documented format, as another
/// implementation would, so that the format stays what the docs say.
fn hand_made_key_file(path: &Path, passphrase: &str, key: &DatabaseKey) {
    let params = KdfParams::for_tests();
    let salt = passphrase::random_salt();
    let hex = |bytes: &[u8]| -> String { bytes.iter().map(|b| format!("{b:02x}")).collect() };
    let aad = format!(
        "phr-key-file v1; kdf=argon2id v=19 m={} t={} p={} salt={}; cipher=aes-256-gcm",
        params.memory_kib,
        params.iterations,
        params.parallelism,
        hex(&salt)
    );
    let kek = passphrase::derive(passphrase, &salt, &params).expect("derive");
    let (nonce, wrapped) = passphrase::seal(&kek, key.as_bytes(), aad.as_bytes()).expect("seal");
    let json = serde_json::json!({
        "format": "phr-key-file",
        "version": 1,
        "kdf": {
            "name": "argon2id", "version": 19,
            "memory_kib": params.memory_kib, "iterations": params.iterations,
            "parallelism": params.parallelism, "salt": hex(&salt),
        },
        "cipher": { "name": "aes-256-gcm", "nonce": hex(&nonce) },
        "wrapped_key": hex(&wrapped),
    });
    fs::write(path, serde_json::to_vec(&json).expect("bytes")).expect("write");
}

#[test]
fn a_file_made_elsewhere_opens_even_with_a_short_passphrase() {
    // Only new passphrases are checked for length: an existing file opens with whatever
    // passphrase made it.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("record.key");
    let key = DatabaseKey::generate();
    hand_made_key_file(&path, "abc", &key);
    assert_eq!(
        PassphraseKeyFile::unlock(&path, "abc").expect("unlock"),
        key
    );
    let err = PassphraseKeyFile::unlock(&path, "").expect_err("wrong");
    assert!(matches!(err, KeyError::WrongPassphrase), "{err}");
}

fn assert_corrupt(path: &Path) -> String {
    let err = PassphraseKeyFile::unlock(path, PASS).expect_err("corrupt");
    assert!(matches!(err, KeyError::Corrupt { .. }), "{err:?}");
    let message = err.to_string();
    assert!(!message.contains('\n'), "{message}");
    message
}

#[test]
fn a_truncated_file_is_corrupt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _) = new_key_file(&dir);
    let bytes = fs::read(&path).expect("read");
    for len in [0, 1, bytes.len() / 2, bytes.len() - 3] {
        fs::write(&path, &bytes[..len]).expect("truncate");
        assert_corrupt(&path);
    }
}

#[test]
fn garbage_and_other_json_are_corrupt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("record.key");
    fs::write(&path, [0xff, 0x00, 0x13, 0x37, 0x42]).expect("write");
    assert_corrupt(&path);
    fs::write(&path, "SQLite format 3\0").expect("write");
    assert_corrupt(&path);
    fs::write(&path, r#"{"name": "a shopping list"}"#).expect("write");
    let message = assert_corrupt(&path);
    assert!(
        message.contains("not a Person Held Record key file"),
        "{message}"
    );
    fs::write(&path, "[1, 2, 3]").expect("write");
    assert_corrupt(&path);
    fs::write(&path, vec![b' '; 100 * 1024]).expect("write");
    assert_corrupt(&path);
}

fn rewrite_json(path: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut value: serde_json::Value =
        serde_json::from_slice(&fs::read(path).expect("read")).expect("json");
    edit(&mut value);
    fs::write(path, serde_json::to_vec(&value).expect("bytes")).expect("write");
}

#[test]
fn an_unknown_version_is_corrupt_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _) = new_key_file(&dir);
    rewrite_json(&path, |v| v["version"] = 2.into());
    let message = assert_corrupt(&path);
    assert!(message.contains("version 2 is not supported"), "{message}");
    rewrite_json(&path, |v| {
        v.as_object_mut().expect("object").remove("version");
    });
    assert_corrupt(&path);
}

#[test]
fn missing_fields_are_corrupt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _) = new_key_file(&dir);
    rewrite_json(&path, |v| {
        v.as_object_mut().expect("object").remove("wrapped_key");
    });
    assert_corrupt(&path);
}

#[test]
fn swapped_argon2_settings_do_not_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _) = new_key_file(&dir);
    rewrite_json(&path, |v| v["kdf"]["parallelism"] = 2.into());
    let err = PassphraseKeyFile::unlock(&path, PASS).expect_err("tampered");
    assert!(matches!(err, KeyError::WrongPassphrase), "{err}");
}

#[test]
fn a_missing_file_is_not_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nothing.key");
    let err = PassphraseKeyFile::unlock(&path, PASS).expect_err("missing");
    assert!(matches!(err, KeyError::NotFound { .. }), "{err}");
}

#[test]
fn create_refuses_to_overwrite_an_existing_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, key) = new_key_file(&dir);
    let before = fs::read(&path).expect("read");
    let err = PassphraseKeyFile::create(
        &path,
        "another long passphrase",
        &DatabaseKey::generate(),
        KdfParams::for_tests(),
    )
    .expect_err("exists");
    assert!(matches!(err, KeyError::AlreadyExists { .. }), "{err}");
    assert_eq!(fs::read(&path).expect("read"), before);
    assert_eq!(PassphraseKeyFile::unlock(&path, PASS).expect("unlock"), key);
    assert_eq!(only_file_in(dir.path()), vec!["record.key".to_owned()]);

    // Any existing file counts, not only key files.
    let other = dir.path().join("notes.txt");
    fs::write(&other, "keep me").expect("write");
    let err =
        PassphraseKeyFile::create(&other, PASS, &key, KdfParams::for_tests()).expect_err("exists");
    assert!(matches!(err, KeyError::AlreadyExists { .. }), "{err}");
    assert_eq!(fs::read_to_string(&other).expect("read"), "keep me");
}

#[test]
fn change_passphrase_works_and_the_old_one_stops_working() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, key) = new_key_file(&dir);
    let new = "a completely different passphrase";
    PassphraseKeyFile::change_passphrase(&path, PASS, new).expect("change");
    assert_eq!(PassphraseKeyFile::unlock(&path, new).expect("unlock"), key);
    let err = PassphraseKeyFile::unlock(&path, PASS).expect_err("old");
    assert!(matches!(err, KeyError::WrongPassphrase), "{err}");
    assert_eq!(only_file_in(dir.path()), vec!["record.key".to_owned()]);
}

#[test]
fn change_passphrase_with_the_wrong_old_one_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, key) = new_key_file(&dir);
    let before = fs::read(&path).expect("read");
    let err = PassphraseKeyFile::change_passphrase(&path, "not the passphrase", "new passphrase!")
        .expect_err("wrong");
    assert!(matches!(err, KeyError::WrongPassphrase), "{err}");
    assert_eq!(fs::read(&path).expect("read"), before);
    assert_eq!(PassphraseKeyFile::unlock(&path, PASS).expect("unlock"), key);
}

#[test]
fn short_new_passphrases_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("record.key");
    let key = DatabaseKey::generate();
    let err = PassphraseKeyFile::create(&path, "1234567", &key, KdfParams::for_tests())
        .expect_err("short");
    assert!(
        matches!(err, KeyError::PassphraseTooShort { min_chars: 8 }),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "the passphrase is too short: use at least 8 characters"
    );
    assert!(!path.exists());

    let (path, key) = new_key_file(&dir);
    let before = fs::read(&path).expect("read");
    let err = PassphraseKeyFile::change_passphrase(&path, PASS, "short").expect_err("short");
    assert!(matches!(err, KeyError::PassphraseTooShort { .. }), "{err}");
    assert_eq!(fs::read(&path).expect("read"), before);
    assert_eq!(PassphraseKeyFile::unlock(&path, PASS).expect("unlock"), key);
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_file_never_contains_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, key) = new_key_file(&dir);
    PassphraseKeyFile::change_passphrase(&path, PASS, "yet another passphrase").expect("change");
    let bytes = fs::read(&path).expect("read");
    let raw = key.as_bytes();
    let lower: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let upper = lower.to_uppercase();
    assert!(!contains(&bytes, raw));
    assert!(!contains(&bytes, lower.as_bytes()));
    assert!(!contains(&bytes, upper.as_bytes()));
    // Nor any 8-byte run of it (in case of a partial or differently framed copy).
    for window in raw.windows(8) {
        assert!(!contains(&bytes, window));
        let hex: String = window.iter().map(|b| format!("{b:02x}")).collect();
        assert!(!contains(&bytes, hex.as_bytes()));
    }
}

#[test]
fn the_file_records_format_version_and_settings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _) = new_key_file(&dir);
    let value: serde_json::Value =
        serde_json::from_slice(&fs::read(&path).expect("read")).expect("json");
    assert_eq!(value["format"], "phr-key-file");
    assert_eq!(value["version"], 1);
    assert_eq!(value["kdf"]["name"], "argon2id");
    assert_eq!(value["kdf"]["memory_kib"], 1024);
    assert_eq!(value["cipher"]["name"], "aes-256-gcm");
}

#[cfg(unix)]
#[test]
fn the_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _) = new_key_file(&dir);
    let mode = fs::metadata(&path).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    PassphraseKeyFile::change_passphrase(&path, PASS, "yet another passphrase").expect("change");
    let mode = fs::metadata(&path).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn default_settings_round_trip() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("record.key");
    let key = DatabaseKey::generate();
    PassphraseKeyFile::create(&path, PASS, &key, KdfParams::default()).expect("create");
    assert_eq!(PassphraseKeyFile::unlock(&path, PASS).expect("unlock"), key);
}

/// Against the real kernel keyring. Skips itself, saying why, where there is none (for
/// example a container without a session keyring); run it inside
/// `keyctl session - cargo test -p phr-core --test keys` to get a fresh session keyring.
#[cfg(all(feature = "os-keyring", target_os = "linux"))]
#[test]
fn kernel_keyring_round_trip_when_available() {
    use phr_core::keys::{KeyStore, OsKeyringKind, OsKeyringStore};

    let store = match OsKeyringStore::open(OsKeyringKind::KernelKeyutils)
        .map(|s| s.with_service("phr-integration-test"))
        .and_then(|s| s.check().map(|()| s))
    {
        Ok(store) => store,
        Err(e) => {
            eprintln!("skipped: kernel keyring not reachable here: {e}");
            return;
        }
    };
    assert!(!store.survives_reboot());
    let record = format!("test-record-{}", std::process::id());
    let key = DatabaseKey::generate();
    store.save(&record, &key).expect("save");
    assert_eq!(store.load(&record).expect("load"), Some(key.clone()));
    let replacement = DatabaseKey::generate();
    store.save(&record, &replacement).expect("save again");
    assert_eq!(store.load(&record).expect("load"), Some(replacement));
    store.delete(&record).expect("delete");
    // keyutils invalidates asynchronously; a load right after delete may still see the
    // key in this process for a moment, so give it a little time.
    let mut gone = false;
    for _ in 0..50 {
        if store.load(&record).expect("load").is_none() {
            gone = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(gone, "the key was not removed from the kernel keyring");
    store.delete(&record).expect("deleting twice is fine");
}
