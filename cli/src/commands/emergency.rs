//! `phr emergency ...`: the emergency summary. Switch it on or off; print it (plain
//! facts, or the short text for a phone's lock screen), write it as an International
//! Patient Summary, or make the link of a printable QR code that opens it with no
//! passcode. Everything but the QR code works with no network.

use std::path::PathBuf;

use clap::Args;
use phr_core::api::NewEmergencyLink;
use serde_json::json;

use super::Ctx;
use super::share::{days_of, write_qr};
use crate::error::{CliError, CliResult};
use crate::say;

/// `phr emergency ...`
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("form").args(["text", "fhir", "qr", "on", "off"]))]
pub struct EmergencyArgs {
    /// Switch the emergency summary on (it holds what you marked Emergency).
    #[arg(long)]
    pub on: bool,
    /// Switch it off; its QR links stop working.
    #[arg(long)]
    pub off: bool,
    /// Print the short text for a phone's lock screen.
    #[arg(long)]
    pub text: bool,
    /// Print it as an International Patient Summary (FHIR JSON), or write it to --out.
    #[arg(long)]
    pub fhir: bool,
    /// With --fhir: the file to write.
    #[arg(long, requires = "fhir")]
    pub out: Option<PathBuf>,
    /// Make a link that opens the summary with no passcode and write its QR code to
    /// FILE (.png or .svg), to print and carry. Needs --relay.
    #[arg(long, value_name = "FILE")]
    pub qr: Option<PathBuf>,
    /// With --qr: the relay's URL (default: $PHR_RELAY).
    #[arg(long, env = "PHR_RELAY")]
    pub relay: Option<String>,
    /// With --qr: how long the link works, e.g. 365d or 52w (default five years).
    #[arg(long, requires = "qr")]
    pub expires: Option<String>,
    /// With --qr: no end date.
    #[arg(long, requires = "qr", conflicts_with = "expires")]
    pub long_term: bool,
}

/// Runs `phr emergency ...`.
pub fn run(ctx: &Ctx, args: EmergencyArgs) -> CliResult {
    if args.on || args.off {
        let on = args.on;
        ctx.with_record(|r| Ok(r.set_emergency_summary(on)?))?;
        return ctx.out.either(
            || json!({ "emergency_summary": on }),
            || {
                if on {
                    say!("The emergency summary is on. It holds what you marked Emergency (`phr privacy ENTRY emergency`).");
                } else {
                    say!("The emergency summary is off; its links no longer work.");
                }
            },
        );
    }
    if args.fhir {
        let json = ctx.with_record(|r| Ok(r.emergency_summary_fhir()?))?;
        return match &args.out {
            Some(path) => {
                std::fs::write(path, &json).map_err(|e| {
                    CliError::failed(format!("cannot write {}: {e}", path.display()))
                })?;
                say!("Wrote the emergency summary to {}.", path.display());
                Ok(())
            }
            None => {
                say!("{json}");
                Ok(())
            }
        };
    }
    if let Some(path) = &args.qr {
        let relay = args.relay.clone().ok_or_else(|| {
            CliError::usage("--qr needs the relay's URL: --relay URL or $PHR_RELAY")
        })?;
        let link = NewEmergencyLink {
            relay_url: relay,
            days: args.expires.as_deref().map(days_of).transpose()?,
            long_term: args.long_term,
        };
        let share = ctx.with_record(|r| Ok(r.create_emergency_link(link)?))?;
        write_qr(path, &share.link)?;
        return ctx.out.either(
            || json!(share),
            || {
                say!("QR code: {} (opens the emergency summary with no passcode).", path.display());
                say!("Link: {}", share.link);
                match share.expires_at {
                    Some(t) => say!("It works until {}.", t.format("%-d %b %Y")),
                    None => say!("It works until you withdraw it."),
                }
                say!(
                    "Whoever opens it is logged: `phr share log {}`. `phr share revoke {}` withdraws it.",
                    &share.id[..8],
                    &share.id[..8]
                );
            },
        );
    }
    let summary = ctx.with_record(|r| Ok(r.emergency_summary()?))?;
    ctx.out.either(
        || json!(summary),
        || {
            let text = if args.text {
                summary.lock_screen_text()
            } else {
                summary.text()
            };
            say!("{}", text.trim_end());
        },
    )
}
