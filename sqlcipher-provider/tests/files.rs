//! Whole files through the provider: what it writes, the stock SQLCipher (sqlcipher3,
//! SQLCipher 4 on OpenSSL, from the checkers' Python that `scripts/setup-checkers.sh`
//! makes) reads, and what the stock SQLCipher writes, the provider reads; a wrong key
//! and a changed byte are refused.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use rand::RngCore;
use rusqlite::{Connection, OpenFlags};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn random_key() -> String {
    let mut key = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut key);
    hex(&key)
}

/// A connection keyed with `key` (64 hex digits, or `pass:` and a passphrase).
fn keyed(path: &Path, key: &str) -> Connection {
    phr_sqlcipher_provider::register().expect("the provider registers");
    let conn = Connection::open(path).expect("open");
    match key.strip_prefix("pass:") {
        Some(pass) => conn.pragma_update(None, "key", pass).expect("key"),
        None => conn
            .pragma_update(None, "key", format!("x'{key}'"))
            .expect("key"),
    }
    conn
}

fn rows(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT id, data FROM t ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(format!(
            "{}:{}",
            r.get::<_, i64>(0)?,
            hex(&r.get::<_, Vec<u8>>(1)?)
        ))
    })?;
    rows.collect()
}

/// Writes `n` rows of random bytes (several pages) through the provider.
fn write_ours(path: &Path, key: &str, n: usize) -> Vec<String> {
    let conn = keyed(path, key);
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB NOT NULL);",
    )
    .unwrap();
    for i in 0..n {
        let mut data = vec![0u8; 300];
        rand::thread_rng().fill_bytes(&mut data);
        conn.execute(
            "INSERT INTO t (id, data) VALUES (?1, ?2)",
            rusqlite::params![i as i64, data],
        )
        .unwrap();
    }
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let written = rows(&conn).unwrap();
    conn.close().unwrap();
    written
}

#[test]
fn the_provider_is_the_one_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let conn = keyed(&dir.path().join("a.db"), &random_key());
    conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB NOT NULL);")
        .unwrap();
    let provider: String = conn
        .query_row("PRAGMA cipher_provider", [], |r| r.get(0))
        .unwrap();
    assert_eq!(provider, "phr-openssl");
    let settings: Vec<String> = conn
        .prepare("PRAGMA cipher_settings")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // SQLCipher 4's defaults, unchanged.
    for setting in [
        "PRAGMA cipher_page_size = 4096;",
        "PRAGMA kdf_iter = 256000;",
        "PRAGMA cipher_hmac_algorithm = HMAC_SHA512;",
        "PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA512;",
    ] {
        assert!(
            settings.iter().any(|s| s == setting),
            "{setting} in {settings:?}"
        );
    }
}

#[test]
fn a_file_reopens_and_a_wrong_key_or_a_changed_byte_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let key = random_key();
    let written = write_ours(&path, &key, 200);
    assert_eq!(rows(&keyed(&path, &key)).unwrap(), written);

    let wrong = keyed(&path, &random_key());
    let err = rows(&wrong).expect_err("a wrong key reads nothing");
    assert_eq!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase),
        "{err}"
    );

    // One bit changed in the middle of the second page: its HMAC no longer matches.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[4096 + 2000] ^= 1;
    std::fs::write(&path, &bytes).unwrap();
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.pragma_update(None, "key", format!("x'{key}'"))
        .unwrap();
    assert!(rows(&conn).is_err(), "a changed page is refused");
}

/// The checkers' Python (`PHR_CHECKERS_PYTHON`), or `None` after saying it is not set.
fn python() -> Option<PathBuf> {
    let path = std::env::var_os("PHR_CHECKERS_PYTHON").filter(|p| !p.is_empty());
    if path.is_none() {
        println!("skipped: PHR_CHECKERS_PYTHON is not set (scripts/test.sh sets it)");
    }
    path.map(PathBuf::from)
}

fn stock(python: &Path, args: &[&str]) -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/checkers/stock_sqlcipher.py");
    let output = Command::new(python)
        .arg(&script)
        .args(args)
        .output()
        .expect("run the checker");
    assert!(
        output.status.success(),
        "stock SQLCipher {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_stock_sqlcipher_reads_what_the_provider_wrote() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    for key in [random_key(), "pass:correct horse battery staple".to_owned()] {
        let path = dir.path().join(format!("ours-{}.db", key.len()));
        let written = write_ours(&path, &key, 300);
        let read = stock(&python, &["read", path.to_str().unwrap(), &key]);
        assert_eq!(read[0], "openssl", "read by the stock provider");
        assert_eq!(&read[1..], &written[..]);
    }
}

#[test]
fn the_provider_reads_what_the_stock_sqlcipher_wrote() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    for key in [random_key(), "pass:correct horse battery staple".to_owned()] {
        let path = dir.path().join(format!("stock-{}.db", key.len()));
        let written = stock(&python, &["write", path.to_str().unwrap(), &key, "300"]);
        assert_eq!(written.len(), 300);
        assert_eq!(rows(&keyed(&path, &key)).unwrap(), written);
    }
}
