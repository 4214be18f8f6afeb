//! A `phr relay serve` on loopback for a test, and the independent checkers of
//! `core/tests/checkers/` (Python, set up by `scripts/setup-checkers.sh`).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A `phr relay serve` on a free loopback port, stopped when dropped.
pub struct Relay {
    child: Child,
    pub url: String,
}

impl Relay {
    /// A relay on a fresh SQLite database in `dir`.
    pub fn sqlite(dir: &Path) -> Self {
        Self::start(&format!("sqlite://{}", dir.join("relay.db").display()))
    }

    pub fn start(db: &str) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_phr"))
            .args(["relay", "serve", "--listen", "127.0.0.1:0", "--db", db])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the relay");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the relay's first line");
        let url = line
            .trim()
            .strip_prefix("PHR_RELAY_URL=")
            .unwrap_or_else(|| panic!("the relay said: {line}"))
            .to_owned();
        Self { child, url }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn python() -> Option<PathBuf> {
    std::env::var_os("PHR_CHECKERS_PYTHON")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

pub fn checker(python: &Path, script: &str, args: &[&str]) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/checkers")
        .join(script);
    let out = Command::new(python)
        .arg(&script)
        .args(args)
        .output()
        .expect("run the checker");
    assert!(
        out.status.success(),
        "{script:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the checker's JSON")
}

/// The independent SMART Health Link client (`shl_fetch.py`) on `link`, as `recipient`
/// with `passcode` (empty for none), fetching into the folder `fetched` in `phr`'s:
/// what it reported, and the first file it got as text (when it got one).
pub fn independent_fetch(
    python: &Path,
    phr: &super::Phr,
    link: &str,
    recipient: &str,
    passcode: &str,
) -> (serde_json::Value, Option<String>) {
    let out = phr.path("fetched");
    std::fs::create_dir_all(&out).expect("dir");
    let got = checker(
        python,
        "shl_fetch.py",
        &[link, recipient, passcode, out.to_str().expect("path")],
    );
    let text = (got["status"] == 200)
        .then(|| std::fs::read_to_string(out.join("file-0.json")).expect("the fetched file"));
    (got, text)
}

/// A professional's `phr inbox` file in `phr`'s folder, with its passphrase.
pub struct Inbox<'a> {
    phr: &'a super::Phr,
    file: String,
}

impl<'a> Inbox<'a> {
    /// The inbox file `name` in `phr`'s folder (not made yet).
    pub fn new(phr: &'a super::Phr, name: &str) -> Self {
        let file = phr.path(name).to_string_lossy().into_owned();
        Self { phr, file }
    }

    /// The inbox file's path.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Runs `phr inbox --inbox FILE ARGS...` with the inbox's passphrase.
    pub fn run(&self, args: &[&str]) -> super::Run {
        let mut all = vec!["inbox", "--inbox", self.file.as_str()];
        all.extend_from_slice(args);
        self.phr
            .run_with(&all, &[("PHR_INBOX_PASSPHRASE", "inbox pass phrase")])
    }

    /// Makes the inbox for `name` at `relay`; returns its card.
    pub fn init(&self, relay: &str, name: &str) -> String {
        self.run(&["init", "--relay", relay, "--name", name, "--json"])
            .assert_ok()
            .json()["card"]
            .as_str()
            .expect("card")
            .to_owned()
    }
}
