//! SQL for rules: the `rules` table of versions (schema version 4). Notification SQL is
//! in `notification_store.rs`. Everything runs inside a caller's transaction or reads;
//! readings are read only through the store's typed queries (`store::readings`).

use chrono::DateTime;
use rusqlite::{Connection, Row, Transaction, params};

use super::defaults::shipped;
use super::rule::{Rule, StoredRule};
use crate::model::Author;
use crate::store::codec::{from_json, from_millis, hex, to_json};
use crate::store::{StoreResult, meta};
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};

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
/// (as version 1) for a rule not yet stored. Shipped rules first, in their order. Read
/// from the file once per state of the `rules` table (see [`SEEDED_KEY`]), since the
/// rules run on every ingest batch.
pub(crate) fn active_rules(conn: &Connection) -> StoreResult<Arc<Vec<StoredRule>>> {
    let stamp = meta::get(conn, SEEDED_KEY)?
        .and_then(|state| state_parts(&state).map(|(_, stamp)| stamp.to_owned()));
    active_rules_at(conn, stamp.as_deref())
}

/// [`seed_defaults`], then [`active_rules`] with the state it read: what an evaluation
/// starts with.
pub(crate) fn seeded_active_rules(tx: &Transaction<'_>) -> StoreResult<Arc<Vec<StoredRule>>> {
    let stamp = seed_defaults(tx)?;
    active_rules_at(tx, Some(&stamp))
}

/// The active rules of the `rules` table whose state is `stamp` (none: not cached).
fn active_rules_at(conn: &Connection, stamp: Option<&str>) -> StoreResult<Arc<Vec<StoredRule>>> {
    if let Some(rules) = stamp.and_then(ActiveCache::get) {
        return Ok(rules);
    }
    let rules = Arc::new(read_active_rules(conn)?);
    if let Some(stamp) = stamp {
        ActiveCache::put(stamp, &rules);
    }
    Ok(rules)
}

fn read_active_rules(conn: &Connection) -> StoreResult<Vec<StoredRule>> {
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
    for default in shipped() {
        match stored.iter().position(|s| s.rule.id == default.id) {
            Some(i) => out.push(stored.remove(i)),
            None => out.push(StoredRule {
                rule: default.clone(),
                version: 1,
                changed_at: DateTime::UNIX_EPOCH,
                author: None,
            }),
        }
    }
    out.extend(stored);
    Ok(out)
}

/// The active rules of the last few states of a `rules` table seen by this process, by
/// stamp. A stamp names one committed (or rolled-back, and then never seen again) state
/// of one record's rules, so an entry is never out of date.
struct ActiveCache;

/// How many states [`ActiveCache`] keeps (a process has one or two records open).
const CACHED_STATES: usize = 4;

type CachedStates = Vec<(String, Arc<Vec<StoredRule>>)>;

impl ActiveCache {
    fn states() -> std::sync::MutexGuard<'static, CachedStates> {
        static STATES: Mutex<CachedStates> = Mutex::new(Vec::new());
        // The list is whole after any panic (entries are pushed and removed whole).
        STATES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn get(stamp: &str) -> Option<Arc<Vec<StoredRule>>> {
        Self::states()
            .iter()
            .find(|(s, _)| s == stamp)
            .map(|(_, rules)| Arc::clone(rules))
    }

    fn put(stamp: &str, rules: &Arc<Vec<StoredRule>>) {
        let mut states = Self::states();
        if states.iter().any(|(s, _)| s == stamp) {
            return;
        }
        if states.len() >= CACHED_STATES {
            states.remove(0);
        }
        states.push((stamp.to_owned(), Arc::clone(rules)));
    }
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
    let digest = hex(&digest.finalize());
    Ok(BODIES.get_or_init(|| (bodies, digest)))
}

/// The `record_meta` key of the state of the `rules` table: `digest/stamp`, the digest of
/// the shipped rules last seeded and a random stamp that every write to the table renews
/// in the same transaction ([`renew_state`]), so that the active rules read in one state
/// serve until it changes. A rolled-back write takes its stamp with it, and a new stamp
/// is never an old one. Anything that writes to `rules` (a future migration too) must
/// renew it. (An earlier build kept the digest alone here; its records seed once more.)
const SEEDED_KEY: &str = "shipped_rules_seeded";

/// The digest and the stamp of a stored state (`digest/stamp`).
fn state_parts(state: &str) -> Option<(&str, &str)> {
    state.split_once('/')
}

/// Stores a new state of the `rules` table: the digest of the shipped rules seeded and a
/// fresh stamp, which it returns.
fn renew_state(tx: &Transaction<'_>, digest: &str) -> StoreResult<String> {
    let stamp = hex(&rand::random::<[u8; 16]>());
    meta::set(tx, SEEDED_KEY, &format!("{digest}/{stamp}"))?;
    Ok(stamp)
}

/// Stores every shipped rule not yet stored, as version 1, so that notifications always
/// name a stored rule version. A shipped version 1 that nobody changed follows the
/// shipped text of this build (so a record made by an older build gets advice built from
/// the threshold in force, not a fixed number); versions the person made stay as made.
/// The digest of what was seeded is kept with it, so once a record holds this build's
/// shipped rules, each later call is one small read. Returns the stamp of the rules'
/// state (see [`SEEDED_KEY`]).
pub(crate) fn seed_defaults(tx: &Transaction<'_>) -> StoreResult<String> {
    let (bodies, digest) = shipped_bodies()?;
    if let Some(state) = meta::get(tx, SEEDED_KEY)?
        && let Some((seeded, stamp)) = state_parts(&state)
        && seeded == digest
    {
        return Ok(stamp.to_owned());
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
    renew_state(tx, digest)
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
    renew_state(tx, &shipped_bodies()?.1)?;
    Ok(StoredRule {
        rule: rule.clone(),
        version,
        changed_at: from_millis(now_ms)?,
        author: Some(author.clone()),
    })
}
