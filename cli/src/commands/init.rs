//! `phr init`: a new, empty record and its key.

use serde_json::json;

use super::Ctx;
use crate::error::CliResult;
use crate::record_file::create_record;
use crate::say;

/// Creates the record at `ctx.record`; refuses when a record or key file is there.
pub fn run(ctx: &Ctx) -> CliResult {
    let (record, key_home) = create_record(&ctx.record)?;
    super::close(record)?;
    let path = ctx.record.display().to_string();
    ctx.out.either(
        || json!({ "record": path, "key": key_home }),
        || {
            say!("Created an empty, encrypted record at {path}");
            say!("Its key is kept in the {key_home}.");
            say!("Next: `phr add KIND ...` (see `phr kinds`), or try `phr demo` on another path.");
        },
    )
}
