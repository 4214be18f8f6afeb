//! `phr emergency` end to end: off until switched on; the summary holds exactly what the
//! person marked Emergency (as plain text, lock-screen text and an IPS Bundle) and opens
//! with no network at all; `--qr` writes a QR code that an independent decoder reads
//! and whose direct (`U`) link an independent client opens with no passcode through a
//! relay on loopback; that break-glass view comes back to the person with who, when
//! and from where.

mod common;

use std::process::Command;

use common::relay::{Relay, checker, independent_fetch, python};
use common::*;

/// Texts of demo entries that are shared or private but not marked Emergency.
const NOT_EMERGENCY: [&str; 3] = ["deaf in my left ear", "Lose 6 kg", "bus driver"];
/// Texts of demo entries marked Emergency (or in the Emergency viewer's sections).
const EMERGENCY: [&str; 4] = ["Penicillin", "Metformin", "Priya Shah", "Advance Decision"];

fn assert_only_emergency(text: &str) {
    for t in EMERGENCY {
        assert!(text.contains(t), "missing {t}: {text}");
    }
    for t in NOT_EMERGENCY {
        assert!(!text.contains(t), "not marked Emergency, yet there: {t}");
    }
}

#[test]
fn the_summary_is_off_until_switched_on_and_holds_exactly_the_emergency_entries() {
    let phr = Phr::new();
    phr.run(&["demo"]).assert_ok();
    phr.run(&["emergency"])
        .assert_error(2, "the emergency summary is switched off");
    phr.run(&["emergency", "--on"]).assert_ok();

    let text = phr.run(&["emergency"]).assert_ok().stdout.clone();
    assert!(text.starts_with("EMERGENCY INFORMATION"), "{text}");
    assert!(text.contains("NHS number 943 476 5919"), "{text}");
    assert_only_emergency(&text);

    let lock = phr.run(&["emergency", "--text"]).assert_ok().stdout.clone();
    assert!(lock.chars().count() <= 600 + 1, "{lock}");
    assert!(lock.contains("Allergies: Penicillin"), "{lock}");
    for t in NOT_EMERGENCY {
        assert!(!lock.contains(t), "{t}");
    }

    // The IPS holds the same entries as the Emergency viewer's export, readings aside.
    let fhir = phr.run(&["emergency", "--fhir"]).assert_ok().stdout.clone();
    let bundle: serde_json::Value = serde_json::from_str(&fhir).expect("a Bundle");
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "document");
    assert_only_emergency(&fhir);
    assert!(
        !fhir.contains("\"Observation\""),
        "no readings in the summary"
    );

    // A new emergency entry appears; one made private disappears.
    phr.run(&[
        "add",
        "allergy",
        "substance=Latex",
        "reaction=Hives",
        "--visibility",
        "emergency",
    ])
    .assert_ok();
    let text = phr.run(&["emergency"]).assert_ok().stdout.clone();
    assert!(text.contains("Latex"), "{text}");

    phr.run(&["emergency", "--off"]).assert_ok();
    phr.run(&["emergency", "--fhir"])
        .assert_error(2, "switched off");
}

#[test]
fn the_summary_opens_with_no_network() {
    let phr = Phr::new();
    phr.run(&["demo"]).assert_ok();
    phr.run(&["emergency", "--on"]).assert_ok();
    // A network namespace with no interfaces but loopback down: nothing can be reached.
    let probe = Command::new("unshare").args(["--net", "true"]).status();
    if !probe.is_ok_and(|s| s.success()) {
        println!("skipped: unshare --net is not allowed here");
        return;
    }
    let out = Command::new("unshare")
        .args(["--net", env!("CARGO_BIN_EXE_phr"), "--record"])
        .arg(&phr.record)
        .arg("emergency")
        .env("PHR_PASSPHRASE", PASSPHRASE)
        .env("PHR_KDF", "fast")
        .env("HOME", phr.dir.path())
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .expect("run phr with no network");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_only_emergency(&text);
}

#[test]
fn a_printed_qr_code_opens_the_summary_with_no_passcode_and_the_person_sees_who_opened_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let relay = Relay::sqlite(dir.path());
    let phr = Phr::new();
    phr.run(&["demo"]).assert_ok();
    let qr = phr.path("e.png");
    let qr_arg = qr.to_str().expect("path");
    phr.run(&["emergency", "--qr", qr_arg, "--relay", &relay.url])
        .assert_error(2, "switched off");
    phr.run(&["emergency", "--on"]).assert_ok();
    phr.run(&[
        "emergency",
        "--qr",
        qr_arg,
        "--relay",
        &relay.url,
        "--expires",
        "4000d",
    ])
    .assert_error(2, "1 to 3650 days");
    let made = phr
        .run(&["emergency", "--qr", qr_arg, "--relay", &relay.url, "--json"])
        .assert_ok()
        .json();
    let link = made["link"].as_str().expect("link").to_owned();
    assert_eq!(made["emergency"], true, "{made}");
    assert_eq!(made["passcode"], serde_json::Value::Null);
    assert!(qr.exists());

    // Another record follows the link with no passcode.
    let other = Phr::new();
    other.run(&["init"]).assert_ok();
    other
        .run(&[
            "import",
            "shlink",
            &link,
            "--as",
            "Paramedic Jones, YAS",
            "--dry-run",
        ])
        .assert_ok();

    if let Some(python) = python() {
        let codes = checker(&python, "qr_read.py", &[qr_arg]);
        assert_eq!(codes[0]["text"], link.as_str(), "{codes}");
        let (got, text) =
            independent_fetch(&python, &phr, &link, "A&E Leeds General Infirmary", "");
        assert_eq!(got["status"], 200, "{got}");
        assert_eq!(got["flag"], "U", "{got}");
        assert_only_emergency(&text.expect("the file"));
    }

    // Break-glass: who, when and from where, and an alert the person cannot miss.
    let log = phr.run(&["share", "log"]).assert_ok().stdout.clone();
    assert!(log.contains("viewed by Paramedic Jones, YAS"), "{log}");
    assert!(log.contains("from 127.0.0.1"), "{log}");
    let alerts = phr.run(&["alerts", "--json"]).assert_ok().json();
    let opened = alerts
        .as_array()
        .expect("alerts")
        .iter()
        .find(|a| a["title"] == "Paramedic Jones, YAS opened your emergency summary")
        .unwrap_or_else(|| panic!("{alerts}"));
    assert_eq!(opened["severity"], "warning", "{opened}");

    // Switched off, the link stops working.
    phr.run(&["emergency", "--off"]).assert_ok();
    other
        .run(&["import", "shlink", &link, "--as", "Someone", "--dry-run"])
        .assert_error(1, "withdrawn");
}
