//! Upgrades: a record made at every earlier schema version migrates to exactly the schema
//! of a new record, and the data written at the old version survives.

mod common;

use common::*;
use phr_core::api::{EntryFilter, ReadingQuery, Record};
use phr_core::keys::DatabaseKey;
use phr_core::model::*;
use phr_core::store::schema::{APPLICATION_ID, latest_version, migrations};
use std::path::Path;

const ENTRY_ID: &str = "6f1f7d2e-4a0b-4d38-9a5e-0c1b2d3e4f50";

/// Data written the way each old version stored it, right after reaching that version.
fn seed(version: u32) -> String {
    match version {
        1 => format!(
            "INSERT INTO entries VALUES ('{ENTRY_ID}', 'allergy', 'health',
                '{{\"kind\":\"allergy\",\"substance\":\"Penicillin\",\"reaction\":\"Hives\"}}',
                'emergency', '{{\"type\":\"self_entered\"}}', '{{\"type\":\"person\"}}',
                '2025-01-02T03:04:05.000000Z', '2025-01-02T03:04:05.000000Z', 1, NULL);
             INSERT INTO entry_changes (entry_id, op, at, author, before, after)
                VALUES ('{ENTRY_ID}', 'create', '2025-01-02T03:04:05.000000Z',
                        '{{\"type\":\"person\"}}', NULL, NULL);"
        ),
        2 => "INSERT INTO readings (kind, taken_at_ms, utc_offset_min, local_day, v1, source,
                  stored_at_ms, visibility)
              VALUES ('blood_glucose', 1735787045000, 0, 20090, 5.4, 'manual', 1735787045000, 0);
              INSERT INTO reading_days VALUES ('blood_glucose', 20090, 0, 1, 1, 5.4, 5.4, 5.4, 0, 0);"
            .into(),
        _ => String::new(),
    }
}

fn make_old_record(path: &Path, key: &DatabaseKey, version: u32) {
    let mut conn = keyed(path, key);
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .expect("app id");
    for v in 1..=version {
        migrations()
            .to_version(&mut conn, v as usize)
            .expect("migrate");
        conn.execute_batch(&seed(v)).expect("seed");
    }
}

fn schema(record_path: &Path, key: &DatabaseKey) -> Vec<(String, String)> {
    let conn = keyed(record_path, key);
    let mut stmt = conn
        .prepare("SELECT name, COALESCE(sql, '') FROM sqlite_master ORDER BY type, name")
        .expect("schema");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn every_earlier_version_migrates_to_the_schema_of_a_new_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = DatabaseKey::generate();
    let fresh = dir.path().join("fresh.db");
    Record::create(&fresh, &key)
        .expect("create")
        .close()
        .expect("close");
    let expected = schema(&fresh, &key);
    assert!(latest_version() >= 3);

    for version in 1..latest_version() {
        let path = dir.path().join(format!("v{version}.db"));
        make_old_record(&path, &key, version);
        let record = Record::open(&path, &key).expect("open and migrate");
        assert_eq!(record.schema_version().expect("version"), latest_version());
        record.close().expect("close");
        assert_eq!(
            schema(&path, &key),
            expected,
            "schema after migrating from v{version}"
        );
    }
}

#[test]
fn data_written_at_old_versions_survives_the_upgrade() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = DatabaseKey::generate();
    for version in 1..latest_version() {
        let path = dir.path().join(format!("data-v{version}.db"));
        make_old_record(&path, &key, version);
        let mut record = Record::open(&path, &key).expect("open");
        let entries = record
            .entries(&EntryFilter::default(), Viewer::Emergency)
            .expect("entries");
        assert_eq!(entries.len(), 1, "v{version}");
        assert_eq!(entries[0].meta.id.to_string(), ENTRY_ID);
        assert!(matches!(&entries[0].body, EntryBody::Allergy(a) if a.substance == "Penicillin"));
        assert_eq!(
            record.history(entries[0].meta.id).expect("history").len(),
            1
        );
        if version >= 2 {
            let readings = record
                .readings(&ReadingQuery::default(), Viewer::Person)
                .expect("readings");
            assert_eq!(readings.len(), 1);
            assert_eq!(readings[0].reading.value.primary(), Some(5.4));
        }
        // The upgraded record takes new writes.
        record
            .add_reading(glucose(6.1, "2026-01-01T08:00:00+00:00"))
            .expect("write after upgrade");
    }
}

#[test]
fn a_record_from_a_newer_app_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (record, path, key) = new_record(dir.path());
    record.close().expect("close");
    {
        let conn = keyed(&path, &key);
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .expect("bump");
    }
    let before = record_files(&path);
    let err = Record::open(&path, &key).unwrap_err();
    assert!(matches!(err, phr_core::api::ApiError::TooNew), "{err}");
    assert_eq!(record_files(&path), before);
}

#[test]
fn shipped_advice_stored_by_an_older_build_follows_the_threshold_in_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = DatabaseKey::generate();
    let path = dir.path().join("v4-rules.db");
    make_old_record(&path, &key, 4);
    // The shipped rule as an older build stored it: advice with the number written in.
    let old = phr_core::rules::default_rule(phr_core::rules::ids::GLUCOSE_LOW).expect("rule");
    let old_json = serde_json::to_string(&old)
        .expect("json")
        .replace("{limit}", "below 4 mmol/L");
    {
        let conn = keyed(&path, &key);
        conn.execute(
            "INSERT INTO rules (rule_id, version, body, changed_at_ms, author)
             VALUES (?1, 1, ?2, 0, NULL)",
            rusqlite::params![old.id, old_json],
        )
        .expect("old rule");
    }
    let mut record = Record::open(&path, &key).expect("open and migrate");
    record
        .change_rule(
            phr_core::rules::ids::GLUCOSE_LOW,
            &[("bands.0.when.0.value".into(), "4.5".into())],
            Author::Person,
            false,
        )
        .expect("4.5");
    let now = record.now();
    let mut low = glucose(4.3, "2026-01-01T08:00:00+00:00");
    low.taken_at = (now - chrono::Duration::minutes(5)).fixed_offset();
    record.add_reading(low).expect("low reading");
    let due = record.due_notifications(record.now()).expect("due");
    let alert = due
        .iter()
        .find(|n| n.rule_id == phr_core::rules::ids::GLUCOSE_LOW)
        .expect("a low alert");
    assert!(
        alert.advice.contains("below 4.5 mmol/L"),
        "{}",
        alert.advice
    );
    assert!(!alert.advice.contains("below 4 mmol/L"), "{}", alert.advice);
}

#[test]
fn every_upgraded_record_gets_its_own_id_and_an_imports_ledger_that_takes_imports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = DatabaseKey::generate();
    let condition = br#"{"resourceType": "Condition", "id": "c1", "code": {"text": "Asthma"},
        "subject": {"reference": "Patient/p"}}"#;
    let mut ids = std::collections::BTreeSet::new();
    for version in 1..latest_version() {
        let path = dir.path().join(format!("v6-from-v{version}.db"));
        make_old_record(&path, &key, version);
        let mut record = Record::open(&path, &key).expect("open");
        let options = phr_core::api::ImportOptions::default();
        let report = record
            .import_fhir(condition, &options)
            .expect("import after upgrade");
        assert_eq!(
            report.count(phr_core::api::ImportOutcome::Added),
            1,
            "v{version}"
        );
        let again = record.import_fhir(condition, &options).expect("again");
        assert!(
            !again.changed_anything(),
            "v{version}: the ledger keys the second import"
        );
        let json = record
            .export_ips(Viewer::Person, &phr_core::api::ExportScope::everything())
            .expect("export after upgrade");
        let source =
            serde_json::from_str::<serde_json::Value>(&json).expect("json")["meta"]["source"]
                .as_str()
                .expect("the record's URI")
                .to_owned();
        assert!(ids.insert(source), "v{version}: each record has its own id");
    }
}

#[test]
fn an_upgrade_to_kept_counts_counts_the_readings_already_there() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = DatabaseKey::generate();
    let path = dir.path().join("counts-v7.db");
    // Version 7 had no kept counts: glucose private and shared, one of them from a meter
    // whose clock was off (4096) and one dated ahead (2048), a heart rate for emergencies.
    make_old_record(&path, &key, 7);
    {
        let conn = keyed(&path, &key);
        conn.execute_batch(
            "INSERT INTO readings (kind, taken_at_ms, utc_offset_min, local_day, v1, source,
                 stored_at_ms, flags, visibility)
             VALUES (1, 1735787045000, 0, 20090, 5.0, 0, 1735787045000, 0, 0),
                    (1, 1735787046000, 0, 20090, 6.0, 0, 1735787045000, 4096, 0),
                    (1, 1935787046000, 0, 22404, 7.0, 0, 1735787045000, 2048, 1),
                    (1, 1735787047000, 0, 20090, 8.0, 0, 1735787045000, 4, 1),
                    (3, 1735787048000, 0, 20090, 61.0, 0, 1735787045000, 0, 2);",
        )
        .expect("seed readings");
    }
    let record = Record::open(&path, &key).expect("open and migrate");
    let count = |kind, viewer| record.reading_count(kind, viewer).expect("count");
    // With the private glucose reading seeded at version 2.
    assert_eq!(count(None, Viewer::Person), 6);
    assert_eq!(count(Some(ReadingKind::BloodGlucose), Viewer::Person), 5);
    assert_eq!(count(Some(ReadingKind::BloodGlucose), Viewer::Shared), 2);
    assert_eq!(count(Some(ReadingKind::HeartRate), Viewer::Emergency), 1);
    assert_eq!(count(Some(ReadingKind::BloodGlucose), Viewer::Emergency), 0);
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 2).expect("date");
    let overview = record.overview(today, Viewer::Person).expect("overview");
    let glucose = overview
        .iter()
        .find(|k| k.kind == ReadingKind::BloodGlucose)
        .expect("glucose");
    assert_eq!((glucose.count, glucose.time_untrusted), (5, 2));
    // The latest that counts is neither the reading dated ahead nor the control test.
    let latest = glucose.latest.as_ref().expect("latest");
    assert_eq!(latest.reading.reading.value.primary(), Some(5.0));
}

#[test]
fn an_upgrade_keeps_the_advice_of_notifications_stored_before() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = DatabaseKey::generate();
    let path = dir.path().join("texts-v8.db");
    make_old_record(&path, &key, 8);
    {
        let conn = keyed(&path, &key);
        for (i, advice) in ["Treat it now.", "Treat it now.", "Check ketones."]
            .iter()
            .enumerate()
        {
            conn.execute(
                "INSERT INTO notifications (rule_id, rule_version, fire_key, key_time_ms,
                     category, severity, title, detail, advice, readings, entries,
                     created_at_ms, due_at_ms, state, state_at_ms)
                 VALUES ('glucose.low', 1, ?1, 1735787045000, 'alert', 'warning', 'Low',
                     '3.1 mmol/L', ?2, '[]', '[]', 1735787045000, 1735787045000, 'new',
                     1735787045000)",
                rusqlite::params![format!("reading:{i}"), advice],
            )
            .expect("seed notification");
        }
    }
    let record = Record::open(&path, &key).expect("open and migrate");
    let mut advice: Vec<String> = record
        .notifications(true)
        .expect("notifications")
        .into_iter()
        .map(|n| n.advice)
        .collect();
    advice.sort();
    assert_eq!(advice, ["Check ketones.", "Treat it now.", "Treat it now."]);
    drop(record);
    let conn = keyed(&path, &key);
    let texts: i64 = conn
        .query_row("SELECT COUNT(*) FROM notification_texts", [], |r| r.get(0))
        .expect("texts");
    assert_eq!(texts, 2, "each advice text is kept once");
}

#[test]
fn an_upgrade_to_one_key_index_keeps_every_notification_and_its_uniqueness() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = DatabaseKey::generate();
    let path = dir.path().join("keys-v9.db");
    make_old_record(&path, &key, 9);
    let insert = "INSERT INTO notifications (rule_id, rule_version, fire_key, key_time_ms,
             category, severity, title, detail, advice, readings, entries, created_at_ms,
             due_at_ms, state, state_at_ms)
         VALUES ('glucose.low', ?1, ?2, 1735787045000, 'alert', 'warning', 'Low',
             '3.1 mmol/L', 'Treat it now.', '[]', '[]', 1735787045000, 1735787045000, 'new',
             1735787045000)";
    {
        let conn = keyed(&path, &key);
        for (version, fire_key) in [(1, "reading:100"), (1, "reading:9"), (2, "reading:100")] {
            conn.execute(insert, rusqlite::params![version, fire_key])
                .expect("seed notification");
        }
    }
    let record = Record::open(&path, &key).expect("open and migrate");
    let mut kept: Vec<(u32, String)> = record
        .notifications(true)
        .expect("notifications")
        .into_iter()
        .map(|n| (n.rule_version, n.key))
        .collect();
    kept.sort();
    assert_eq!(
        kept,
        [
            (1, "reading:100".to_string()),
            (1, "reading:9".to_string()),
            (2, "reading:100".to_string())
        ]
    );
    drop(record);
    let conn = keyed(&path, &key);
    // A rule version still fires once per key ...
    let again = conn.execute(insert, rusqlite::params![1, "reading:9"]);
    assert!(
        matches!(&again, Err(e) if e.to_string().contains("UNIQUE")),
        "a second notification of one rule version for one key is refused: {again:?}"
    );
    // ... another version of it may, and the lookup by rule and key uses the one index.
    conn.execute(insert, rusqlite::params![2, "reading:9"])
        .expect("another version");
    let plan: Vec<String> = conn
        .prepare(
            "EXPLAIN QUERY PLAN SELECT 1 FROM notifications
             WHERE rule_id = ?1 AND length(fire_key) = length(?2) AND fire_key = ?2 LIMIT 1",
        )
        .expect("plan")
        .query_map(rusqlite::params!["glucose.low", "reading:9"], |r| {
            r.get::<_, String>(3)
        })
        .expect("plan rows")
        .collect::<Result<_, _>>()
        .expect("plan rows");
    assert!(
        plan.iter()
            .any(|step| step.contains("COVERING INDEX notifications_by_rule_key")),
        "{plan:?}"
    );
}
