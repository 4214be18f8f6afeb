//! `phr init`, key selection, and errors: a wrong passphrase changes nothing, errors are
//! one line with the right exit status.

mod common;

use common::*;

#[test]
fn init_makes_a_record_and_a_key_file_and_refuses_a_second_init() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    let files = phr.record_files(&phr.record);
    let names: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
    assert!(names.iter().any(|n| n.ends_with("record.db")), "{names:?}");
    assert!(
        names.iter().any(|n| n.ends_with("record.db.key")),
        "{names:?}"
    );

    phr.run(&["init"]).assert_error(1, "already exists");
    assert_eq!(phr.record_files(&phr.record), files, "nothing was touched");
}

#[test]
fn init_refuses_when_only_a_key_file_is_left() {
    let phr = Phr::new();
    std::fs::write(phr.path("record.db.key"), b"{}").expect("write");
    phr.run(&["init"])
        .assert_error(1, "key file already exists");
    assert!(!phr.record.exists());
}

#[test]
fn init_makes_the_folder_of_a_new_record() {
    let phr = Phr::new();
    let nested = phr.path("a/b/record.db");
    let run = phr.run_cmd(phr.command(&nested, &["init"]));
    run.assert_ok();
    assert!(nested.exists());
}

#[test]
fn a_wrong_passphrase_is_refused_and_every_file_stays_byte_identical() {
    let phr = Phr::new();
    phr.run(&["demo"]).assert_ok();
    let before = phr.record_files(&phr.record);
    assert!(before.len() >= 2);
    let wrong = [("PHR_PASSPHRASE", "not the passphrase")];
    phr.run_with(&["show"], &wrong)
        .assert_error(1, "passphrase is wrong");
    phr.run_with(&["add", "allergy", "substance=Latex"], &wrong)
        .assert_error(1, "passphrase is wrong");
    phr.run_with(&["readings", "add", "glucose", "5.4"], &wrong)
        .assert_error(1, "passphrase is wrong");
    assert_eq!(phr.record_files(&phr.record), before);
}

#[test]
fn a_short_new_passphrase_is_refused_before_anything_is_written() {
    let phr = Phr::new();
    phr.run_with(&["init"], &[("PHR_PASSPHRASE", "short")])
        .assert_error(2, "too short");
    assert!(phr.record_files(&phr.record).is_empty());
}

#[cfg(target_os = "linux")]
#[test]
fn without_a_passphrase_or_terminal_the_error_says_to_set_phr_passphrase() {
    let phr = Phr::new();
    let mut cmd = phr.command(&phr.record, &["init"]);
    cmd.env_remove("PHR_PASSPHRASE");
    phr.run_cmd(cmd).assert_error(2, "set PHR_PASSPHRASE");
    assert!(phr.record_files(&phr.record).is_empty());
}

#[test]
fn a_missing_record_is_a_clear_error() {
    let phr = Phr::new();
    phr.run(&["show"]).assert_error(1, "no record at");
    assert!(!phr.record.exists(), "show creates nothing");
}

#[test]
fn usage_mistakes_are_one_line_with_exit_2() {
    let phr = Phr::new();
    phr.run(&["bogus"]).assert_error(2, "bogus");
    phr.run(&["show", "nope"]).assert_error(2, "nope");
    phr.run(&["add", "cat", "name=Tom"])
        .assert_error(2, "not an entry kind");
    phr.run(&["privacy", "abcd", "public"])
        .assert_error(2, "public");
    phr.run(&[]).assert_error(2, "command");
}

#[test]
fn decode_prints_a_characteristic_as_json() {
    let phr = Phr::new();
    // Heart Rate Measurement: flags 0 (8-bit value), 72 beats per minute.
    let run = phr.run(&["decode", "2A37", "0048"]);
    run.assert_ok();
    assert!(run.json().to_string().contains("72"), "{}", run.stdout);
    phr.run(&["decode", "2A37", "zz"]).assert_error(2, "hex");
}

#[cfg(target_os = "linux")]
#[test]
fn without_record_the_record_lives_in_the_data_directory() {
    let phr = Phr::new();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_phr"));
    cmd.arg("init")
        .env("PHR_PASSPHRASE", PASSPHRASE)
        .env("PHR_KDF", "fast")
        .env("HOME", phr.dir.path())
        .env_remove("XDG_DATA_HOME")
        .env_remove("PHR_RECORD")
        .stdin(std::process::Stdio::null());
    phr.run_cmd(cmd).assert_ok();
    let expected = phr.path(".local/share/phr/record.db");
    assert!(expected.exists(), "{}", expected.display());
    assert!(phr.path(".local/share/phr/record.db.key").exists());
}
