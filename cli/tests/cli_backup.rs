//! `phr backup` and `phr restore`: the same record at a new path, with a new key.

mod common;

use common::*;

const BACKUP: [(&str, &str); 1] = [("PHR_BACKUP_PASSPHRASE", "backup passphrase 1")];

#[test]
fn backup_then_restore_to_a_new_path_shows_the_same_record() {
    let phr = Phr::new();
    phr.run(&["demo"]).assert_ok();
    let original = phr.run(&["show", "--json"]).json();
    let backup = phr.path("record.phrbackup");
    let backup_arg = backup.to_str().expect("path");
    phr.run_with(&["backup", backup_arg], &BACKUP).assert_ok();
    assert!(backup.exists());

    let restored = phr.path("restored/record.db");
    std::fs::create_dir_all(phr.path("restored")).expect("dir");
    let mut cmd = phr.command(&restored, &["restore", backup_arg]);
    cmd.envs(BACKUP)
        .env("PHR_PASSPHRASE", "a new record passphrase");
    phr.run_cmd(cmd).assert_ok();

    let mut cmd = phr.command(&restored, &["show", "--json"]);
    cmd.env("PHR_PASSPHRASE", "a new record passphrase");
    let run = phr.run_cmd(cmd);
    run.assert_ok();
    assert_eq!(run.json(), original);

    // The new record has its own key: the old passphrase does not open it.
    phr.run_cmd(phr.command(&restored, &["show"]))
        .assert_error(1, "passphrase is wrong");
}

#[test]
fn restore_refuses_an_existing_record_and_a_wrong_backup_passphrase_leaves_nothing() {
    let phr = Phr::new();
    phr.run(&["demo"]).assert_ok();
    let backup = phr.path("b.phrbackup");
    let backup_arg = backup.to_str().expect("path");
    phr.run_with(&["backup", backup_arg], &BACKUP).assert_ok();
    phr.run_with(&["backup", backup_arg], &BACKUP)
        .assert_error(1, "already exists");

    let before = phr.record_files(&phr.record);
    phr.run_with(&["restore", backup_arg], &BACKUP)
        .assert_error(1, "already exists");
    assert_eq!(phr.record_files(&phr.record), before);

    let target = phr.path("new.db");
    let mut cmd = phr.command(&target, &["restore", backup_arg]);
    cmd.env("PHR_BACKUP_PASSPHRASE", "not the backup passphrase");
    phr.run_cmd(cmd).assert_error(1, "passphrase is wrong");
    assert!(
        phr.record_files(&target).is_empty(),
        "no record and no key file left"
    );
}

#[test]
fn backup_without_a_passphrase_or_terminal_is_a_clear_error() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    let backup = phr.path("b.phrbackup");
    phr.run(&["backup", backup.to_str().expect("path")])
        .assert_error(2, "set PHR_BACKUP_PASSPHRASE");
    assert!(!backup.exists());
}
