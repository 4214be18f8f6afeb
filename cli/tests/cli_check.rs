//! `phr check`: a whole record says so; a record with a damaged page says which, exits
//! 1, and refuses changes from then on.

mod common;

use common::*;
use std::io::{Seek, SeekFrom, Write};

#[test]
fn a_damaged_page_is_named_and_changes_are_refused_until_restored() {
    let phr = Phr::new();
    phr.run(&["demo"]).assert_ok();
    let whole = phr.run(&["check"]);
    whole.assert_ok();
    assert!(whole.stdout.contains("whole"), "{}", whole.stdout);

    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(&phr.record)
        .expect("open the record file");
    file.seek(SeekFrom::Start(4096 * 3 + 100)).expect("seek");
    file.write_all(b"damage!!").expect("write");
    drop(file);

    let damaged = phr.run(&["check", "--json"]);
    assert_eq!(damaged.code, 1, "{}", damaged.stderr);
    let json: serde_json::Value = serde_json::from_str(&damaged.stdout).expect("json");
    assert_eq!(json["whole"], false);
    assert!(
        json["findings"][0]
            .as_str()
            .unwrap_or_default()
            .contains("page 4"),
        "{json}"
    );
    let refused = phr.run(&["readings", "add", "glucose", "5.5"]);
    refused.assert_error(1, "restore it from a backup");
}
