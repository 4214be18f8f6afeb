//! `phr duress set|clear`: a second passphrase for when someone makes the person open
//! their record. It opens a limited view with only the chosen entries, and quietly
//! queues an alert to a chosen contact (sent at the view's next `phr message sync`).
//! For records opened with a passphrase (a key file).

use clap::{Args, Subcommand};
use phr_core::api::DuressSetup;
use serde_json::json;

use super::Ctx;
use super::entry_ref::resolve_live;
use crate::error::{CliError, CliResult};
use crate::key_selection::{kdf_params, key_file_path, new_duress_passphrase};
use crate::say;

/// `phr duress ...`
#[derive(Debug, Args)]
pub struct DuressArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: DuressCommand,
}

/// The `duress` subcommands.
#[derive(Debug, Subcommand)]
pub enum DuressCommand {
    /// Set the duress passphrase ($PHR_DURESS_PASSPHRASE, else asked twice) and what
    /// its limited view shows.
    Set {
        /// The entries the limited view shows (ids or first characters, comma
        /// separated); nothing else is in it.
        #[arg(long, value_delimiter = ',')]
        keep: Vec<String>,
        /// The contact alerted when the limited view is opened (see `phr message
        /// contacts`).
        #[arg(long)]
        alert: Option<String>,
    },
    /// Remove the duress passphrase and its limited view.
    Clear,
}

/// Runs `phr duress ...`.
pub fn run(ctx: &Ctx, args: DuressArgs) -> CliResult {
    if !key_file_path(&ctx.record).exists() {
        return Err(CliError::usage(
            "a duress passphrase works for a record opened with a passphrase (a key file); this one's key is in a keyring",
        ));
    }
    match args.command {
        DuressCommand::Set { keep, alert } => {
            let passphrase = new_duress_passphrase()?;
            let n = ctx.with_record(|record| {
                let keep = keep
                    .iter()
                    .map(|k| resolve_live(record, k))
                    .collect::<CliResult<Vec<_>>>()?;
                let n = keep.len();
                record.set_duress(DuressSetup {
                    passphrase: passphrase.to_string(),
                    keep,
                    alert_to: alert.clone(),
                    params: kdf_params(),
                })?;
                Ok(n)
            })?;
            ctx.out.either(
                || json!({ "duress": true, "kept": n }),
                || {
                    say!("The duress passphrase is set. It opens a view with {n} entr{} and nothing else.", if n == 1 { "y" } else { "ies" });
                    if let Some(a) = &alert {
                        say!("Opening with it quietly queues an alert to {a}.");
                    }
                },
            )
        }
        DuressCommand::Clear => {
            ctx.with_record(|record| Ok(record.clear_duress()?))?;
            ctx.out.either(
                || json!({ "duress": false }),
                || say!("The duress passphrase and its view are gone."),
            )
        }
    }
}
