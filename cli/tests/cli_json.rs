//! `--json`: every command prints one JSON document that parses.

mod common;

use common::*;

#[test]
fn every_command_prints_json_with_the_json_flag() {
    let phr = Phr::new();
    phr.run(&["init", "--json"]).assert_ok().json();
    let added = phr.run(&["--json", "add", "allergy", "substance=Latex"]);
    let id = added.assert_ok().json()["short_id"]
        .as_str()
        .expect("id")
        .to_string();
    let backup = phr.path("b.phrbackup");
    let backup = backup.to_str().expect("path");
    let env = [("PHR_BACKUP_PASSPHRASE", "backup passphrase 1")];
    let commands: Vec<Vec<&str>> = vec![
        vec!["edit", &id, "severity=mild"],
        vec!["privacy", &id, "shared"],
        vec!["history", &id],
        vec!["undo", &id],
        vec!["delete", &id],
        vec!["purge"],
        vec!["kinds"],
        vec!["add", "allergy", "--example"],
        vec!["readings", "add", "glucose", "5.4"],
        vec!["readings", "list"],
        vec!["readings", "trend", "glucose"],
        vec!["show"],
        vec!["show", "readings"],
        vec!["backup", backup],
    ];
    for args in commands {
        let mut with_flag = args.clone();
        with_flag.push("--json");
        let run = phr.run_with(&with_flag, &env);
        run.assert_ok();
        let _ = run.json();
    }
    let restored = phr.path("restored.db");
    let mut cmd = phr.command(&restored, &["restore", backup, "--json"]);
    cmd.envs(env);
    phr.run_cmd(cmd).assert_ok().json();
    let demo = phr.path("demo.db");
    let demo = phr.run_cmd(phr.command(&demo, &["demo", "--json"]));
    assert_eq!(demo.assert_ok().json()["readings_added"], 420);
}

#[test]
fn a_condition_is_stored_or_refused_but_never_makes_the_record_unreadable() {
    let phr = Phr::new();
    phr.run(&["init"]).assert_ok();
    let run = phr.run(&["add", "condition", "name=Asthma", "category=diagnosis"]);
    let show = phr.run(&["show"]);
    show.assert_ok();
    if run.code == 0 {
        assert!(show.stdout.contains("Asthma"));
    } else {
        run.assert_error(1, "cannot store a condition entry safely");
        assert!(!show.stdout.contains("Asthma"));
    }
}
