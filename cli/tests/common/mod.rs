//! Runs the built `phr` binary in a temporary folder, with a passphrase from the
//! environment and the cheap key derivation meant for tests.
#![allow(dead_code, missing_docs)]

pub mod relay;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const PASSPHRASE: &str = "correct horse battery";

pub struct Phr {
    pub dir: tempfile::TempDir,
    pub record: PathBuf,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }

    /// Asserts a failure with `code` and exactly one `error: ...` line on stderr.
    pub fn assert_error(&self, code: i32, containing: &str) {
        assert_eq!(
            self.code, code,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "one line on stderr: {:?}", self.stderr);
        assert!(lines[0].starts_with("error: "), "{}", lines[0]);
        assert!(
            lines[0].contains(containing),
            "'{}' in '{}'",
            containing,
            lines[0]
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
    }

    pub fn assert_ok(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }
}

impl Phr {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let record = dir.path().join("record.db");
        Self { dir, record }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The command with a clean environment: no keyring bus, no terminal.
    pub fn command(&self, record: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_phr"));
        cmd.arg("--record")
            .arg(record)
            .args(args)
            .env("PHR_PASSPHRASE", PASSPHRASE)
            .env("PHR_KDF", "fast")
            .env("HOME", self.dir.path())
            .env_remove("PHR_RECORD")
            .env_remove("PHR_BACKUP_PASSPHRASE")
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .stdin(Stdio::null());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_cmd(self.command(&self.record, args))
    }

    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = self.command(&self.record, args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        self.run_cmd(cmd)
    }

    pub fn run_cmd(&self, mut cmd: Command) -> Run {
        let Output {
            status,
            stdout,
            stderr,
        } = cmd.output().expect("run phr");
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }

    /// Every file of a record (main, -wal, -shm, key file) that exists, as bytes.
    pub fn record_files(&self, record: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        ["", "-wal", "-shm", ".key"]
            .iter()
            .filter_map(|suffix| {
                let mut p = record.as_os_str().to_os_string();
                p.push(suffix);
                let p = PathBuf::from(p);
                std::fs::read(&p).ok().map(|bytes| (p, bytes))
            })
            .collect()
    }
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
