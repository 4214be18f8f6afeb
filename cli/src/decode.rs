//! `phr decode CHARACTERISTIC HEX`: decode one Bluetooth characteristic value and print
//! it as JSON. For checking a device capture or a simulator by hand; see docs/gatt.md.

use std::io::Write;
use std::process::ExitCode;

use phr_core::devices::gatt::decode_to_json;

/// Exit status when the input cannot be decoded (2, like a usage error).
const DECODE_FAILED: u8 = 2;

/// Decodes `hex` as a value of `characteristic` (`2a18`, `0x2A18`, a full UUID or a
/// name such as `glucose_measurement`) and prints pretty JSON to stdout (exit 0). On
/// failure prints one line to stderr naming the field and byte offset, e.g.
/// `error: glucose measurement truncated: field "base_time" at byte offset 3 needs 7
/// bytes, 4 available`, and returns exit status 2.
pub fn run(characteristic: &str, hex: &str) -> ExitCode {
    let value = match decode_to_json(characteristic, hex) {
        Ok(value) => value,
        Err(e) => return fail(&e.to_string()),
    };
    let text = match serde_json::to_string_pretty(&value) {
        Ok(text) => text,
        Err(e) => return fail(&format!("cannot format JSON: {e}")),
    };
    let mut out = std::io::stdout().lock();
    // A closed pipe (`phr decode ... | head`) is not worth a panic or an error line.
    if writeln!(out, "{text}").and_then(|()| out.flush()).is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn fail(message: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr().lock(), "error: {message}");
    ExitCode::from(DECODE_FAILED)
}
