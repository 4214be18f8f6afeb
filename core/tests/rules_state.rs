//! The rules an evaluation uses are the rules of its own transaction's state: the active
//! rules are read from the file once per state of the `rules` table and kept in memory,
//! so a change must be seen at once, and a change that was rolled back must not be.

use chrono::{DateTime, Duration, TimeZone, Utc};
use phr_core::model::{Author, NewReading, ReadingValue};
use phr_core::rules::{RuleBody, ids, manage, on_new_samples};
use phr_core::store::readings::insert_checked;
use rusqlite::Connection;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0)
        .single()
        .expect("time")
}

/// A fresh record's schema on a connection of its own (the rules' layer, no façade).
fn schema() -> Connection {
    let mut conn = Connection::open_in_memory().expect("memory");
    phr_core::store::schema::migrations()
        .to_latest(&mut conn)
        .expect("schema");
    conn
}

fn glucose(mmol: f64, minutes_ago: i64) -> NewReading {
    NewReading::manual(
        ReadingValue::BloodGlucose {
            mmol_per_l: Some(mmol),
        },
        (now() - Duration::minutes(minutes_ago)).fixed_offset(),
    )
}

/// Stores a reading and runs the rules on it; the number of low-glucose alerts after.
fn lows_after(tx: &rusqlite::Transaction<'_>, reading: NewReading) -> i64 {
    let (_, samples) = insert_checked(tx, now(), &[reading], None).expect("insert");
    on_new_samples(tx, now(), &samples).expect("rules");
    tx.query_row(
        "SELECT COUNT(*) FROM notifications WHERE rule_id = ?1",
        [ids::GLUCOSE_LOW],
        |r| r.get(0),
    )
    .expect("count")
}

/// The low-glucose rule with its first band's limit at `limit` mmol/L.
fn low_rule_at(conn: &Connection, limit: f64) -> phr_core::rules::Rule {
    let mut rule = manage::rule(conn, ids::GLUCOSE_LOW).expect("rule").rule;
    match &mut rule.body {
        RuleBody::Threshold(t) => t.bands[0].when[0].value = limit,
        other => panic!("the low-glucose rule is a threshold: {other:?}"),
    }
    rule
}

#[test]
fn a_rule_change_counts_at_once_and_a_rolled_back_one_never() {
    let mut conn = schema();
    // Rules read (and kept) before any change: 4.5 mmol/L is not low.
    {
        let tx = conn.transaction().expect("tx");
        assert_eq!(lows_after(&tx, glucose(4.5, 120)), 0);
        tx.commit().expect("commit");
    }
    // A change to 5.0 counts for the next reading in the same transaction ...
    {
        let tx = conn.transaction().expect("tx");
        let rule = low_rule_at(&tx, 5.0);
        manage::set_rule(&tx, now(), rule, &Author::Person, false).expect("change");
        let before = lows_after(&tx, glucose(4.6, 60));
        assert!(before >= 1, "the changed limit alerts in its transaction");
        // ... and, rolled back, is gone.
        tx.rollback().expect("rollback");
    }
    {
        let tx = conn.transaction().expect("tx");
        assert_eq!(
            lows_after(&tx, glucose(4.6, 60)),
            0,
            "the rules in force are the stored ones, not a rolled-back change"
        );
        assert_eq!(
            manage::rule(&tx, ids::GLUCOSE_LOW).expect("rule").version,
            1,
            "the listing shows the stored version too"
        );
        tx.commit().expect("commit");
    }
    // Committed, the change counts from then on.
    {
        let tx = conn.transaction().expect("tx");
        let rule = low_rule_at(&tx, 5.0);
        manage::set_rule(&tx, now(), rule, &Author::Person, false).expect("change");
        tx.commit().expect("commit");
    }
    let tx = conn.transaction().expect("tx");
    assert!(lows_after(&tx, glucose(4.7, 20)) >= 1);
    assert_eq!(
        manage::rule(&tx, ids::GLUCOSE_LOW).expect("rule").version,
        2
    );
}

#[test]
fn two_records_with_other_rules_each_keep_their_own() {
    let mut a = schema();
    let mut b = schema();
    {
        let tx = a.transaction().expect("tx");
        let rule = low_rule_at(&tx, 5.0);
        manage::set_rule(&tx, now(), rule, &Author::Person, false).expect("change");
        tx.commit().expect("commit");
    }
    for _ in 0..2 {
        let tx = b.transaction().expect("tx");
        assert_eq!(
            lows_after(&tx, glucose(4.6, 60)),
            0,
            "b keeps the shipped limit"
        );
        tx.rollback().expect("rollback");
        let tx = a.transaction().expect("tx");
        assert!(
            lows_after(&tx, glucose(4.6, 60)) >= 1,
            "a has its own limit"
        );
        tx.rollback().expect("rollback");
    }
}
