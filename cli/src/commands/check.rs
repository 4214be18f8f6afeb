//! `phr check`: is the record whole? Exits 1 when something is damaged.

use serde_json::json;

use super::Ctx;
use crate::error::{CliError, CliResult};
use crate::say;

/// Checks the record and prints what is damaged, if anything.
pub fn run(ctx: &Ctx) -> CliResult {
    let report = ctx.with_record(|record| Ok(record.check()?))?;
    ctx.out.either(
        || json!({ "whole": report.whole, "findings": report.findings }),
        || {
            if report.whole {
                say!("The record is whole: every page and its structure check out.");
            } else {
                say!("The record is damaged:");
                for finding in &report.findings {
                    say!("  - {finding}");
                }
                say!("Changes are refused until you restore a backup (`phr restore FILE`).");
            }
        },
    )?;
    if report.whole {
        Ok(())
    } else {
        Err(CliError::failed(
            "the record is damaged; restore it from a backup",
        ))
    }
}
