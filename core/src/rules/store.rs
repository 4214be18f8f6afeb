//! SQL for rules: the `rules` table of versions (schema version 4). Notification SQL is
//! in `notification_store.rs`. Everything runs inside a caller's transaction or reads;
//! readings are read only through the store's typed queries (`store::readings`).

use chrono::DateTime;
use rusqlite::{Connection, Row, Transaction, params};

use super::defaults::shipped;
use super::rule::{Rule, StoredRule};
use crate::model::Author;
use crate::store::codec::{from_json, from_millis, to_json};
use crate::store::{StoreResult, meta};
use sha2::{Digest, Sha256};

/// A stored version's row: rule id, version, when and by whom it was changed, and its
/// body, which the query leaves out (NULL) for a shipped version 1 nobody changed.
type VersionRow = (String, u32, i64, Option<String>, Option<String>);

/// The columns [`stored_rule_from_row`] reads. A version 1 that nobody changed reads as
/// this build's shipped rule, so its body (a kilobyte or two of JSON) is not even read
/// from the file: the rules run on every ingest batch.
const VERSION_COLUMNS: &str = "r.rule_id, r.version, r.changed_at_ms, r.author,
    CASE WHEN r.version = 1 AND r.author IS NULL THEN NULL ELSE r.body END";

fn stored_rule_from_row(row: &Row<'_>) -> rusqlite::Result<VersionRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
    ))
}

/// A stored version. A shipped version 1 that nobody changed reads as this build's
/// shipped rule, so a record made by an older build shows and uses the shipped text of
/// today (advice built from the threshold in force, not a number written in); its body
/// is then not parsed at all.
fn decode_rule(conn: &Connection, row: VersionRow) -> StoreResult<StoredRule> {
    let (rule_id, version, changed_ms, author, body) = row;
    let author: Option<Author> = author.map(|a| from_json(&a)).transpose()?;
    let as_shipped = match (version, &author) {
        (1, None) => shipped().iter().find(|r| r.id == rule_id).cloned(),
        _ => None,
    };
    let rule = match (as_shipped, body) {
        (Some(rule), _) => rule,
        (None, Some(body)) => from_json::<Rule>(&body)?,
        // A version 1 nobody changed of a rule this build does not ship: its body after all.
        (None, None) => {
            let body: String = conn
                .prepare_cached("SELECT body FROM rules WHERE rule_id = ?1 AND version = ?2")?
                .query_row(params![rule_id, version], |r| r.get(0))?;
            from_json::<Rule>(&body)?
        }
    };
    Ok(StoredRule {
        rule,
        version,
        changed_at: from_millis(changed_ms)?,
        author,
    })
}

/// Every stored version of `rule_id`, oldest first.
pub(crate) fn rule_versions(conn: &Connection, rule_id: &str) -> StoreResult<Vec<StoredRule>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {VERSION_COLUMNS} FROM rules r WHERE r.rule_id = ?1 ORDER BY r.version"
    ))?;
    let rows = stmt
        .query_map([rule_id], stored_rule_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(|row| decode_rule(conn, row)).collect()
}

/// The active version of every rule: the highest stored version, or the shipped default
/// (as version 1) for a rule not yet stored. Shipped rules first, in their order.
pub(crate) fn active_rules(conn: &Connection) -> StoreResult<Vec<StoredRule>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {VERSION_COLUMNS} FROM rules r
         WHERE r.version = (SELECT MAX(version) FROM rules WHERE rule_id = r.rule_id)
         ORDER BY r.rule_id"
    ))?;
    let rows = stmt
        .query_map([], stored_rule_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stored: Vec<StoredRule> = rows
        .into_iter()
        .map(|row| decode_rule(conn, row))
        .collect::<StoreResult<_>>()?;
    let mut out = Vec::new();
    for default in shipped().iter().cloned() {
        match stored.iter().position(|s| s.rule.id == default.id) {
            Some(i) => out.push(stored.remove(i)),
            None => out.push(StoredRule {
                rule: default,
                version: 1,
                changed_at: DateTime::UNIX_EPOCH,
                author: None,
            }),
        }
    }
    out.extend(stored);
    Ok(out)
}

/// The shipped rules' bodies as stored, and a digest of all of them, made once per
/// process.
fn shipped_bodies() -> StoreResult<&'static (Vec<(String, String)>, String)> {
    static BODIES: std::sync::OnceLock<(Vec<(String, String)>, String)> =
        std::sync::OnceLock::new();
    if let Some(b) = BODIES.get() {
        return Ok(b);
    }
    let mut bodies = Vec::new();
    let mut digest = Sha256::new();
    for rule in super::defaults::shipped() {
        let body = to_json(rule)?;
        digest.update(rule.id.as_bytes());
        digest.update([0]);
        digest.update(body.as_bytes());
        digest.update([0]);
        bodies.push((rule.id.clone(), body));
    }
    let digest: String = digest
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(BODIES.get_or_init(|| (bodies, digest)))
}

/// The `record_meta` key under which the digest of the shipped rules last seeded is kept.
const SEEDED_KEY: &str = "shipped_rules_seeded";

/// Stores every shipped rule not yet stored, as version 1, so that notifications always
/// name a stored rule version. A shipped version 1 that nobody changed follows the
/// shipped text of this build (so a record made by an older build gets advice built from
/// the threshold in force, not a fixed number); versions the person made stay as made.
/// The digest of what was seeded is kept with it, so once a record holds this build's
/// shipped rules, each later call is one small read.
pub(crate) fn seed_defaults(tx: &Transaction<'_>) -> StoreResult<()> {
    let (bodies, digest) = shipped_bodies()?;
    if meta::get(tx, SEEDED_KEY)?.as_deref() == Some(digest.as_str()) {
        return Ok(());
    }
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO rules (rule_id, version, body, changed_at_ms, author)
         SELECT ?1, 1, ?2, 0, NULL WHERE NOT EXISTS (SELECT 1 FROM rules WHERE rule_id = ?1)",
    )?;
    let mut refresh = tx.prepare_cached(
        "UPDATE rules SET body = ?2
         WHERE rule_id = ?1 AND version = 1 AND author IS NULL AND body <> ?2",
    )?;
    for (id, body) in bodies {
        insert.execute(params![id, body])?;
        refresh.execute(params![id, body])?;
    }
    meta::set(tx, SEEDED_KEY, digest)
}

/// Stores `rule` as the next version of its id and returns it.
pub(crate) fn insert_rule_version(
    tx: &Transaction<'_>,
    rule: &Rule,
    author: &Author,
    now_ms: i64,
) -> StoreResult<StoredRule> {
    seed_defaults(tx)?;
    let latest: Option<u32> = tx.query_row(
        "SELECT MAX(version) FROM rules WHERE rule_id = ?1",
        [&rule.id],
        |r| r.get(0),
    )?;
    let version = latest.unwrap_or(0) + 1;
    tx.execute(
        "INSERT INTO rules (rule_id, version, body, changed_at_ms, author) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![rule.id, version, to_json(rule)?, now_ms, to_json(author)?],
    )?;
    Ok(StoredRule {
        rule: rule.clone(),
        version,
        changed_at: from_millis(now_ms)?,
        author: Some(author.clone()),
    })
}
