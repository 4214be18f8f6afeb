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
