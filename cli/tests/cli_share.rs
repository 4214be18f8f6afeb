//! `phr share` and `phr relay serve` end to end over loopback: a share of the health
//! section with a passcode and a QR code; an independent client (Python, the IG's
//! protocol, jwcrypto) fetches and decrypts a valid FHIR Bundle with no private entry,
//! a wrong passcode gets 401 with the attempts left, the QR code reads back (zxing-cpp),
//! `phr share log` shows who looked, and after `phr share revoke` the link is gone.
//! The independent checks run where `scripts/setup-checkers.sh` set `PHR_CHECKERS_PYTHON`
//! (`scripts/test.sh` does); the rest always runs. With `PHR_TEST_POSTGRES_URL` set the
//! same runs against a relay on PostgreSQL.

mod common;

use common::relay::{Relay, checker, independent_fetch, python};
use common::*;

const PRIVATE_TEXTS: [&str; 3] = ["bus driver", "Private physiotherapy", "Acupuncture"];

fn share_health_with_the_practice(db: &str) {
    let relay = Relay::start(db);
    let phr = Phr::new();
    phr.run(&["demo"]).assert_ok();
    let qr = phr.path("q.png");
    let created = phr
        .run(&[
            "share",
            "create",
            "--to",
            "Parkside Medical Practice",
            "--kind",
            "gp_practice",
            "--sections",
            "health",
            "--passcode",
            "sesame-42",
            "--relay",
            &relay.url,
            "--qr",
            qr.to_str().expect("path"),
            "--json",
        ])
        .assert_ok()
        .json();
    let link = created["link"].as_str().expect("link").to_owned();
    let id = created["id"].as_str().expect("id").to_owned();
    assert!(link.starts_with("shlink:/"), "{link}");
    assert!(
        created["viewer_link"]
            .as_str()
            .is_some_and(|v| v.starts_with(&format!("{}/viewer/#shlink:/", relay.url))),
        "{created}"
    );
    assert_eq!(created["status"], "active");

    // Another record follows the link: a wrong passcode is refused with the tries left.
    let other = Phr::new();
    other.run(&["init"]).assert_ok();
    let wrong = other.run(&[
        "import",
        "shlink",
        &link,
        "--passcode",
        "not-it",
        "--as",
        "Dr Shah at Parkside Medical Practice",
    ]);
    wrong.assert_error(2, "4 tries left");
    let imported = other
        .run(&[
            "import",
            "shlink",
            &link,
            "--passcode",
            "sesame-42",
            "--as",
            "Dr Shah at Parkside Medical Practice",
            "--json",
        ])
        .assert_ok()
        .json();
    let names: Vec<&str> = imported[0]["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["resource"].as_str())
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("AllergyIntolerance/")),
        "{names:?}"
    );

    if let Some(python) = python() {
        // The QR code reads back to the link with an independent decoder.
        let codes = checker(&python, "qr_read.py", &[qr.to_str().expect("path")]);
        assert_eq!(codes[0]["text"], link.as_str(), "{codes}");
        // An independent client fetches and decrypts a valid FHIR Bundle.
        let (got, text) = independent_fetch(
            &python,
            &phr,
            &link,
            "Nurse Okafor at Parkside Medical Practice",
            "sesame-42",
        );
        assert_eq!(got["status"], 200, "{got}");
        assert_eq!(got["flag"], "P");
        let text = text.expect("the file");
        let bundle: serde_json::Value = serde_json::from_str(&text).expect("a FHIR Bundle");
        assert_eq!(bundle["resourceType"], "Bundle");
        assert!(text.contains("Penicillin"), "the allergy is there");
        for private in PRIVATE_TEXTS {
            assert!(
                !text.contains(private),
                "a private entry was shared: {private}"
            );
        }
        let (refused, _) = independent_fetch(&python, &phr, &link, "Someone", "0000");
        assert_eq!(refused["status"], 401, "{refused}");
        assert_eq!(refused["body"]["remainingAttempts"], 3, "{refused}");
    }

    // Who looked, pulled back into the record.
    let log = phr.run(&["share", "log"]).assert_ok().stdout.clone();
    assert!(
        log.contains("viewed by Dr Shah at Parkside Medical Practice"),
        "{log}"
    );
    assert!(log.contains("a wrong passcode from Dr Shah"), "{log}");
    let alerts = phr.run(&["alerts", "--json"]).assert_ok().json();
    assert!(
        alerts
            .as_array()
            .expect("alerts")
            .iter()
            .any(|a| a["title"] == "Dr Shah at Parkside Medical Practice looked at what you shared"),
        "{alerts}"
    );

    // Withdrawn: the link is gone at once.
    phr.run(&["share", "revoke", &id[..8]]).assert_ok();
    let gone = other.run(&[
        "import",
        "shlink",
        &link,
        "--passcode",
        "sesame-42",
        "--as",
        "Dr Shah",
    ]);
    gone.assert_error(1, "withdrawn");
    let list = phr.run(&["share", "list", "--json"]).assert_ok().json();
    assert_eq!(list[0]["status"], "revoked");
}

#[test]
fn a_share_with_a_passcode_opens_for_the_practice_logs_who_looked_and_ends_when_revoked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite://{}", dir.path().join("relay.db").display());
    share_health_with_the_practice(&db);
}

#[test]
fn the_same_on_a_relay_on_postgresql() {
    let Some(url) = std::env::var_os("PHR_TEST_POSTGRES_URL").filter(|u| !u.is_empty()) else {
        println!("skipped: PHR_TEST_POSTGRES_URL is not set (scripts/test.sh sets it)");
        return;
    };
    share_health_with_the_practice(&url.to_string_lossy());
}

#[test]
fn a_share_refuses_what_would_hurt_and_refreshes_when_the_record_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let relay = Relay::start(&format!(
        "sqlite://{}",
        dir.path().join("relay.db").display()
    ));
    let phr = Phr::new();
    phr.run(&["demo"]).assert_ok();
    let run = phr.run(&[
        "share",
        "create",
        "--to",
        "Sam",
        "--relay",
        &relay.url,
        "--expires",
        "400d",
    ]);
    run.assert_error(2, "1 to 365 days");
    let run = phr.run(&[
        "share",
        "create",
        "--to",
        "Sam",
        "--relay",
        &relay.url,
        "--passcode",
        "123",
    ]);
    run.assert_error(2, "6 to 256 characters");
    let run = phr.run(&[
        "share",
        "create",
        "--to",
        "Sam",
        "--relay",
        "http://relay.example.org",
    ]);
    run.assert_error(1, "https");

    // Naming a private entry asks first.
    let shown = phr.run(&["show", "--json"]).assert_ok().json();
    let private_id = find_private_entry(&shown).expect("the demo has private entries");
    let run = phr.run(&[
        "share",
        "create",
        "--to",
        "Sam",
        "--entries",
        &private_id,
        "--relay",
        &relay.url,
    ]);
    run.assert_error(2, "private");

    let created = phr
        .run(&[
            "share",
            "create",
            "--to",
            "Sam Morgan",
            "--kind",
            "carer",
            "--long-term",
            "--relay",
            &relay.url,
            "--json",
        ])
        .assert_ok()
        .json();
    assert!(created["expires_at"].is_null(), "{created}");
    let id = created["id"].as_str().expect("id").to_owned();
    let same = phr
        .run(&["share", "refresh", &id, "--json"])
        .assert_ok()
        .json();
    assert_eq!(
        same["updated"].as_array().map(Vec::len),
        Some(0),
        "nothing changed yet"
    );
    phr.run(&[
        "readings",
        "add",
        "glucose",
        "6.2",
        "--visibility",
        "shared",
    ])
    .assert_ok();
    let changed = phr.run(&["share", "refresh", "--json"]).assert_ok().json();
    assert_eq!(changed["updated"][0], id.as_str(), "{changed}");
    // A private reading never changes what is shared.
    phr.run(&["readings", "add", "glucose", "7.1"]).assert_ok();
    let same = phr.run(&["share", "refresh", "--json"]).assert_ok().json();
    assert_eq!(same["updated"].as_array().map(Vec::len), Some(0), "{same}");
}

fn find_private_entry(shown: &serde_json::Value) -> Option<String> {
    fn walk(v: &serde_json::Value) -> Option<String> {
        match v {
            serde_json::Value::Object(map) => {
                if map.get("visibility").and_then(|x| x.as_str()) == Some("private")
                    && let Some(id) = map.get("id").and_then(|x| x.as_str())
                {
                    return Some(id.to_owned());
                }
                map.values().find_map(walk)
            }
            serde_json::Value::Array(list) => list.iter().find_map(walk),
            _ => None,
        }
    }
    walk(shown)
}
