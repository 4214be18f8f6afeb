//! Integrity on demand, and remembering damage.
//!
//! [`full_check`] runs SQLCipher's `cipher_integrity_check` (every page's HMAC: a page
//! changed on disk, by a failing card or by hand, fails it) and SQLite's
//! `integrity_check` (the b-trees, indexes and constraints), and returns their findings.
//!
//! A record found damaged is marked by a small file beside it, `RECORD.damaged`
//! ([`DamageMarker`]), so that every later open knows it too and the façade refuses
//! writes until the person restores a backup. The marker names the record file by its
//! 16 random salt bytes, so a new record made at the same path (a restore) is never
//! taken for the damaged one; a stale marker is removed. It holds no personal data.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

use super::codec::hex;
use super::error::{StoreError, StoreResult};
use super::open::{file_salt, with_suffix};

/// What a full check found, in SQLCipher's and SQLite's own words (for logs; the façade
/// says it in plain words).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    /// Pages whose HMAC failed (1-based page numbers).
    pub bad_pages: Vec<u64>,
    /// Other lines of SQLCipher's check.
    pub cipher: Vec<String>,
    /// Lines of SQLite's `integrity_check` other than `ok`.
    pub structure: Vec<String>,
}

impl Findings {
    /// Whether nothing was found.
    pub fn is_whole(&self) -> bool {
        self.bad_pages.is_empty() && self.cipher.is_empty() && self.structure.is_empty()
    }

    /// Every finding as one line.
    pub fn lines(&self) -> Vec<String> {
        self.bad_pages
            .iter()
            .map(|p| format!("page {p} failed its HMAC check"))
            .chain(self.cipher.iter().cloned())
            .chain(self.structure.iter().cloned())
            .collect()
    }
}

/// Runs both checks on the main database of `conn`.
pub fn full_check(conn: &Connection) -> StoreResult<Findings> {
    let mut findings = Findings::default();
    for line in pragma_lines(conn, "PRAGMA cipher_integrity_check")? {
        match page_number(&line) {
            Some(page) if line.contains("HMAC") => findings.bad_pages.push(page),
            _ => findings.cipher.push(line),
        }
    }
    match pragma_lines(conn, "PRAGMA integrity_check") {
        Ok(lines) => findings
            .structure
            .extend(lines.into_iter().filter(|l| l != "ok")),
        // A page that fails its HMAC cannot be read, and SQLite's check stops there (with
        // a generic error).
        Err(_) if !findings.bad_pages.is_empty() => {}
        Err(StoreError::Corrupt { reason }) => findings.structure.push(reason),
        Err(e) => return Err(e),
    }
    Ok(findings)
}

fn pragma_lines(conn: &Connection, sql: &str) -> StoreResult<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let lines = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(lines)
}

/// The number after "page " in a line of SQLCipher's check.
fn page_number(line: &str) -> Option<u64> {
    let at = line.find("page ")? + "page ".len();
    let digits: String = line[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The marker beside a record known to be damaged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DamageMarker {
    /// Always `phr-damaged`.
    pub format: String,
    /// The record file's salt, hex: which file instance is damaged.
    pub salt: String,
    /// When the damage was found.
    pub found_at: DateTime<Utc>,
    /// What was found, in plain words (no personal data).
    pub findings: Vec<String>,
}

const MARKER_FORMAT: &str = "phr-damaged";
/// A marker is a few lines; anything larger is not one.
const MAX_MARKER_LEN: u64 = 64 * 1024;

/// Where the marker of the record at `record` lives.
pub fn marker_path(record: &Path) -> PathBuf {
    with_suffix(record, ".damaged")
}

/// The damage marker of the record file at `record`, if there is one for this very
/// file. A marker left by an earlier file at the same path (or unreadable) is removed.
pub fn read_marker(record: &Path) -> Option<DamageMarker> {
    let path = marker_path(record);
    let meta = std::fs::metadata(&path).ok()?;
    let marker = (meta.len() <= MAX_MARKER_LEN)
        .then(|| std::fs::read(&path).ok())
        .flatten()
        .and_then(|bytes| serde_json::from_slice::<DamageMarker>(&bytes).ok())
        .filter(|m| m.format == MARKER_FORMAT);
    let salt = file_salt(record).ok().map(|s| hex(&s));
    match marker {
        Some(m) if Some(&m.salt) == salt.as_ref() => Some(m),
        _ => {
            log::info!(target: "phr_core::store", "removed a damage marker left by an earlier record file");
            let _ = std::fs::remove_file(&path);
            None
        }
    }
}

/// Writes (or replaces) the damage marker of the record file at `record`.
pub fn write_marker(
    record: &Path,
    findings: &[String],
    now: DateTime<Utc>,
) -> StoreResult<DamageMarker> {
    let marker = DamageMarker {
        format: MARKER_FORMAT.into(),
        salt: hex(&file_salt(record).map_err(super::io_error)?),
        found_at: now,
        findings: findings.to_vec(),
    };
    let mut json =
        serde_json::to_vec_pretty(&marker).map_err(|e| StoreError::Io(std::io::Error::other(e)))?;
    json.push(b'\n');
    let path = marker_path(record);
    let tmp = with_suffix(&path, ".tmp");
    let written = (|| -> std::io::Result<()> {
        use std::io::Write;
        let _ = std::fs::remove_file(&tmp);
        let mut f = super::staging::private_file(&tmp, true)?;
        f.write_all(&json)?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.map_err(super::io_error)?;
    log::warn!(target: "phr_core::store", "the record was found damaged; writes are refused until it is restored");
    Ok(marker)
}

/// Removes the damage marker of the record at `record` (a full check found it whole).
pub fn clear_marker(record: &Path) {
    if std::fs::remove_file(marker_path(record)).is_ok() {
        log::info!(target: "phr_core::store", "the record checks whole again; its damage marker was removed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_read_from_sqlciphers_lines() {
        assert_eq!(page_number("HMAC verification failed for page 5"), Some(5));
        assert_eq!(page_number("page 12 has an invalid size"), Some(12));
        assert_eq!(page_number("no page here"), None);
    }

    #[test]
    fn a_marker_names_its_file_and_a_new_file_at_the_path_drops_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let record = dir.path().join("r.db");
        std::fs::write(&record, [7u8; 4096]).expect("write");
        write_marker(&record, &["page 2 failed".into()], Utc::now()).expect("marker");
        assert_eq!(
            read_marker(&record).expect("marked").findings,
            vec!["page 2 failed".to_string()]
        );
        std::fs::write(&record, [8u8; 4096]).expect("another file");
        assert!(read_marker(&record).is_none());
        assert!(
            !marker_path(&record).exists(),
            "the stale marker is removed"
        );
    }
}
