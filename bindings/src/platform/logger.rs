//! The shell's logger: Logcat on Android, `os_log` on iOS. The library's log lines (the
//! `log` crate, targets beginning with `phr`) go to it as `LogRecord`s. It is set once
//! per process. Nothing secret is logged: no key, no passphrase, no entry content.

use std::sync::Arc;

/// How much a log line matters (the `log` crate's levels).
pub type LogLevel = log::Level;

/// How much a log line matters.
#[uniffi::remote(Enum)]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

/// One log line.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LogRecord {
    /// How much it matters.
    pub level: LogLevel,
    /// Where it comes from, e.g. `phr_core::api`.
    pub target: String,
    /// The line.
    pub message: String,
}

/// Receives the library's log lines; implemented by the shell (forwarding to Logcat or
/// `os.Logger`). Called on whatever thread logs, so it must be thread-safe and quick.
/// (`LogSink`, not `Logger`: iOS's `os` module has a `Logger`.)
#[uniffi::export(foreign)]
pub trait LogSink: Send + Sync {
    /// One log line.
    fn log(&self, record: LogRecord);
}

/// Forwards `log` records of our crates to the shell's logger.
struct Forwarder(Arc<dyn LogSink>);

impl log::Log for Forwarder {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target().starts_with("phr")
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            self.0.log(LogRecord {
                level: record.level(),
                target: record.target().to_string(),
                message: record.args().to_string(),
            });
        }
    }

    fn flush(&self) {}
}

/// Sends the library's log lines up to `max_level` to `sink`. The logger is set once per
/// process: returns `false` (and changes nothing) when one is set already.
#[uniffi::export]
pub fn set_logger(sink: Arc<dyn LogSink>, max_level: LogLevel) -> bool {
    let installed = log::set_boxed_logger(Box::new(Forwarder(sink))).is_ok();
    if installed {
        log::set_max_level(max_level.to_level_filter());
        log::info!(target: "phr_ffi", "logging to the shell's logger from here on");
    }
    installed
}

/// Changes how much is logged, once a logger is set.
#[uniffi::export]
pub fn set_log_level(max_level: LogLevel) {
    log::set_max_level(max_level.to_level_filter());
}
