//! Integrity on demand: [`Record::check`] runs SQLCipher's check of every page's HMAC and
//! SQLite's check of the structure and says in plain words what is damaged. A record
//! found damaged is marked by a file beside it (`RECORD.damaged`, see
//! `store/integrity.rs`), so that every later open knows it too: it opens for reading
//! and backup, and every write is refused with [`ApiError::Damaged`] until the person
//! restores a backup (a restored record is a new file, which the marker does not name).
//! A later check that finds the record whole removes the marker.

use super::Record;
use super::error::{ApiError, ApiResult};
use crate::store::integrity::{self, Findings};

/// What [`Record::check`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrityReport {
    /// Whether nothing is damaged.
    pub whole: bool,
    /// What is damaged, one plain sentence each (empty when whole).
    pub findings: Vec<String>,
}

/// The part of the record a table or index name belongs to, in words.
fn area(line: &str) -> &'static str {
    let l = line.to_ascii_lowercase();
    let has = |w: &str| l.contains(w);
    if has("reading") {
        "readings"
    } else if has("entr") || has("template") {
        "entries"
    } else if has("notification") || has("rule") {
        "alerts and rules"
    } else if has("message") || has("question") {
        "requests and messages"
    } else if has("device") || has("sync") {
        "devices"
    } else {
        "the record's structure"
    }
}

/// SQLCipher's and SQLite's findings in plain words.
fn plain(findings: &Findings) -> Vec<String> {
    let mut out = Vec::new();
    if !findings.bad_pages.is_empty() {
        let pages: Vec<String> = findings.bad_pages.iter().map(u64::to_string).collect();
        out.push(format!(
            "{} of the file's pages (page {}) were changed or damaged on the disk and cannot be read",
            pages.len(),
            pages.join(", ")
        ));
    }
    if !findings.cipher.is_empty() {
        out.push("the file is cut short or has pages of the wrong size".into());
    }
    let mut areas: Vec<&str> = findings.structure.iter().map(|l| area(l)).collect();
    areas.dedup();
    for a in areas {
        out.push(format!("part of {a} is inconsistent"));
    }
    out
}

impl Record {
    /// Checks every page's HMAC (SQLCipher's `cipher_integrity_check`) and the structure
    /// (SQLite's `integrity_check`), and says what is damaged. Damage found is
    /// remembered beside the file, and writes are refused from now on, in this session
    /// and every later one, until the record is restored; a record found whole again
    /// loses its mark.
    pub fn check(&self) -> ApiResult<IntegrityReport> {
        let findings = integrity::full_check(self.db.conn())?;
        if findings.is_whole() {
            // A record refusing writes in this session goes on refusing them until it is
            // opened again.
            integrity::clear_marker(self.db.path());
            return Ok(IntegrityReport {
                whole: true,
                findings: Vec::new(),
            });
        }
        log::warn!(target: "phr_core::api", "integrity check: {}", findings.lines().join("; "));
        let words = plain(&findings);
        integrity::write_marker(self.db.path(), &words, self.now())?;
        self.mark_damaged(words.clone())?;
        Ok(IntegrityReport {
            whole: false,
            findings: words,
        })
    }

    /// Checks every page's authentication code and SQLite's own structure. A damaged
    /// record is [`ApiError::Damaged`] (and marked, as [`Self::check`] does).
    pub fn check_integrity(&self) -> ApiResult<()> {
        let report = self.check()?;
        if report.whole {
            return Ok(());
        }
        Err(ApiError::Damaged {
            reason: report.findings.join("; "),
        })
    }

    /// What was found when this record was found damaged, if it is known to be: writes
    /// are refused until it is restored.
    pub fn damage(&self) -> Option<Vec<String>> {
        self.damage_state().clone()
    }

    fn damage_state(&self) -> std::sync::MutexGuard<'_, Option<Vec<String>>> {
        // A panic cannot leave this half-set (one assignment), so a poisoned lock is fine.
        self.damage
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Refuses every write from now on: in the façade, and on the connection (for the
    /// device syncs, which write through the store directly).
    pub(super) fn mark_damaged(&self, findings: Vec<String>) -> ApiResult<()> {
        self.db.refuse_writes()?;
        *self.damage_state() = Some(findings);
        Ok(())
    }

    /// [`ApiError::Damaged`] for a record known to be damaged.
    pub(super) fn refuse_if_damaged(&self) -> ApiResult<()> {
        match &*self.damage_state() {
            Some(findings) => Err(ApiError::Damaged {
                reason: findings.join("; "),
            }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_are_said_in_plain_words() {
        let findings = Findings {
            bad_pages: vec![5, 9],
            cipher: vec![],
            structure: vec![
                "row 3 missing from index readings_by_kind_time".into(),
                "wrong # of entries in index readings_by_device".into(),
                "row 1 missing from index entries_by_kind".into(),
            ],
        };
        assert_eq!(
            plain(&findings),
            vec![
                "2 of the file's pages (page 5, 9) were changed or damaged on the disk and cannot be read",
                "part of readings is inconsistent",
                "part of entries is inconsistent",
            ]
        );
    }
}
