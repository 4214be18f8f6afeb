//! Listeners hear of changes, never of reads: reading the alerts inbox or what is due
//! (which may make due reminders into notifications) tells a listener only when it made
//! something, so a screen that reloads on every change and reads the inbox settles.

mod common;

use std::sync::{Arc, Mutex};

use common::*;
use phr_core::api::{ChangeArea, ChangeListener, RecordChange};

struct Heard(Mutex<Vec<RecordChange>>);

impl ChangeListener for Heard {
    fn on_change(&self, change: &RecordChange) {
        self.0.lock().expect("lock").push(change.clone());
    }
}

#[test]
fn reading_the_inbox_twice_tells_nobody_and_acknowledging_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = new_record(dir.path());
    // A low reading: an alert the person must see.
    record
        .add_reading(glucose(3.1, "2026-11-30T08:00:00+00:00"))
        .expect("reading");
    let heard = Arc::new(Heard(Mutex::new(Vec::new())));
    let _subscription = record.observe(heard.clone());
    let now = record.now();
    let first = record.inbox(now, false).expect("inbox");
    assert!(!first.is_empty(), "the low reading's alert is there");
    let after_first = heard.0.lock().expect("lock").len();
    for _ in 0..5 {
        record.inbox(now, false).expect("inbox");
        record.due_notifications(now).expect("due");
    }
    assert_eq!(
        heard.0.lock().expect("lock").len(),
        after_first,
        "reads told a listener"
    );

    record.acknowledge(first[0].id).expect("acknowledge");
    let changes = heard.0.lock().expect("lock");
    assert_eq!(changes.len(), after_first + 1);
    assert!(
        changes
            .last()
            .is_some_and(|c| c.areas.contains(&ChangeArea::Alerts))
    );
}
