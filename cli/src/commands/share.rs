//! `phr share ...`: share a chosen part of the record with a named person or
//! organisation through a relay (a SMART Health Link and a QR code), see the shares,
//! withdraw one, bring them up to date, and see who looked.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use phr_core::api::{ExportScope, NewShare, RecipientKind, Share};
use phr_core::model::{EntryKind, Section};
use phr_core::share::{qr_png, qr_svg};
use serde_json::json;

use super::Ctx;
use super::entry_ref::resolve_live;
use crate::error::{CliError, CliResult};
use crate::say;

/// `phr share ...`
#[derive(Debug, Args)]
pub struct ShareArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: ShareCommand,
}

/// The `share` subcommands.
#[derive(Debug, Subcommand)]
pub enum ShareCommand {
    /// Share part of the record: prints the share's id, the `shlink:/` link and the
    /// link for a professional's browser.
    Create(CreateArgs),
    /// List the shares: to whom, what, until when, and whether they still work.
    List,
    /// Withdraw a share: the link stops working at once.
    Revoke {
        /// The share's id (or the first characters of it).
        id: String,
    },
    /// Who looked at a share (or at every share).
    Log {
        /// The share's id (or the first characters of it); every share when left out.
        id: Option<String>,
    },
    /// Bring a share (or every active share) up to date with the record.
    Refresh {
        /// The share's id; every active share when left out.
        id: Option<String>,
    },
}

/// `phr share create ...`
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Who it is for, e.g. "Parkside Medical Practice".
    #[arg(long)]
    pub to: String,
    /// What kind of recipient: gp_practice, hospital, paramedic, pharmacy, carer,
    /// social_care or other.
    #[arg(long, default_value = "other")]
    pub kind: String,
    /// Sections to share: health, about_me, appointments, modules, readings (comma
    /// separated). Everything you have shared when neither this nor --entries is given.
    #[arg(long, value_delimiter = ',')]
    pub sections: Vec<String>,
    /// Single entries to share (ids or their first characters, comma separated).
    #[arg(long, value_delimiter = ',')]
    pub entries: Vec<String>,
    /// Entry kinds to share (see `phr kinds`), comma separated.
    #[arg(long, value_delimiter = ',')]
    pub kinds: Vec<String>,
    /// A passcode the viewer must give (at least 6 characters; 5 wrong tries lock it).
    #[arg(long)]
    pub passcode: Option<String>,
    /// How long it lasts: e.g. 30d (default), 12w; at most 365 days.
    #[arg(long)]
    pub expires: Option<String>,
    /// No end date (a GP practice that follows you, say).
    #[arg(long, conflicts_with = "expires")]
    pub long_term: bool,
    /// The relay's URL (default: $PHR_RELAY).
    #[arg(long, env = "PHR_RELAY")]
    pub relay: String,
    /// Also write the link as a QR code: FILE.png or FILE.svg.
    #[arg(long)]
    pub qr: Option<PathBuf>,
    /// Share the private entries named in --entries too (they become shared).
    #[arg(long)]
    pub include_private: bool,
}

fn days_of(text: &str) -> CliResult<u32> {
    let text = text.trim();
    let (number, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let n: u32 = number.parse().map_err(|_| {
        CliError::usage(format!(
            "--expires {text}: give days or weeks, e.g. 30d or 12w"
        ))
    })?;
    match unit {
        "" | "d" => Ok(n),
        "w" => Ok(n.saturating_mul(7)),
        _ => Err(CliError::usage(format!(
            "--expires {text}: give days or weeks, e.g. 30d or 12w"
        ))),
    }
}

fn scope_of(ctx: &Ctx, args: &CreateArgs) -> CliResult<ExportScope> {
    let mut scope = ExportScope {
        sections: Vec::new(),
        kinds: Vec::new(),
        entries: Vec::new(),
        readings: false,
        readings_since: None,
    };
    for s in &args.sections {
        if s.trim() == "readings" {
            scope.readings = true;
        } else {
            scope.sections.push(s.parse::<Section>()?);
        }
    }
    for k in &args.kinds {
        scope.kinds.push(k.parse::<EntryKind>()?);
    }
    if !args.entries.is_empty() {
        scope.entries = ctx.with_record(|record| {
            args.entries
                .iter()
                .map(|typed| resolve_live(record, typed))
                .collect::<CliResult<Vec<_>>>()
        })?;
    }
    if args.sections.is_empty() && args.kinds.is_empty() && args.entries.is_empty() {
        scope = ExportScope::everything();
    }
    Ok(scope)
}

fn kind_of(text: &str) -> CliResult<RecipientKind> {
    serde_json::from_value(serde_json::Value::String(text.trim().to_owned())).map_err(|_| {
        CliError::usage(format!(
            "--kind {text}: one of gp_practice, hospital, paramedic, pharmacy, carer, social_care, other"
        ))
    })
}

fn status_word(s: &Share) -> String {
    serde_json::to_value(s.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn share_line(s: &Share) -> String {
    let until = match s.expires_at {
        Some(t) => format!("until {}", t.format("%-d %b %Y")),
        None => "long-term".into(),
    };
    format!(
        "{}  {:<8} {} ({until}){}",
        &s.id[..8],
        status_word(s),
        s.to,
        if s.passcode.is_some() {
            ", passcode"
        } else {
            ""
        }
    )
}

fn write_qr(path: &PathBuf, link: &str) -> CliResult {
    let is_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    let bytes = if is_svg {
        qr_svg(link).map(String::into_bytes)
    } else {
        qr_png(link)
    }
    .map_err(|e| CliError::failed(format!("the QR code could not be made: {e}")))?;
    std::fs::write(path, bytes)
        .map_err(|e| CliError::failed(format!("cannot write {}: {e}", path.display())))
}

/// Runs `phr share ...`.
pub fn run(ctx: &Ctx, args: ShareArgs) -> CliResult {
    match args.command {
        ShareCommand::Create(args) => create(ctx, &args),
        ShareCommand::List => {
            let shares = ctx.with_record(|r| Ok(r.shares()?))?;
            ctx.out.either(
                || json!(shares),
                || {
                    if shares.is_empty() {
                        say!("Nothing is shared.");
                    }
                    for s in &shares {
                        say!("{}", share_line(s));
                    }
                },
            )
        }
        ShareCommand::Revoke { id } => {
            let share = ctx.with_record(|r| Ok(r.revoke_share(&id)?))?;
            ctx.out.either(
                || json!(share),
                || {
                    say!(
                        "Withdrew the share with {}: its link no longer works.",
                        share.to
                    )
                },
            )
        }
        ShareCommand::Log { id } => {
            let views = ctx.with_record(|r| Ok(r.share_views(id.as_deref())?))?;
            ctx.out.either(
                || json!(views),
                || {
                    if views.is_empty() {
                        say!("Nobody has opened it yet.");
                    }
                    for v in &views {
                        say!("{}  {}", &v.share_id[..8], v.text);
                    }
                },
            )
        }
        ShareCommand::Refresh { id } => {
            let changed = ctx.with_record(|r| match &id {
                Some(id) => Ok(if r.refresh_share(id)? {
                    vec![id.clone()]
                } else {
                    vec![]
                }),
                None => Ok(r.refresh_shares()?),
            })?;
            ctx.out.either(
                || json!({ "updated": changed }),
                || match changed.len() {
                    0 => say!("Every share is up to date."),
                    n => say!("Brought {n} share(s) up to date with the record."),
                },
            )
        }
    }
}

fn create(ctx: &Ctx, args: &CreateArgs) -> CliResult {
    let scope = scope_of(ctx, args)?;
    let share = NewShare {
        to: args.to.clone(),
        kind: kind_of(&args.kind)?,
        scope,
        passcode: args.passcode.clone(),
        days: args.expires.as_deref().map(days_of).transpose()?,
        long_term: args.long_term,
        relay_url: args.relay.clone(),
        include_private: args.include_private,
    };
    let share = ctx.with_record(|r| Ok(r.create_share(share)?))?;
    if let Some(path) = &args.qr {
        write_qr(path, &share.link)?;
    }
    ctx.out.either(
        || json!(share),
        || {
            say!("Shared with {} (share {}).", share.to, share.id);
            say!("Link: {}", share.link);
            say!("For a browser: {}", share.viewer_link);
            if let Some(path) = &args.qr {
                say!("QR code: {}", path.display());
            }
            match share.expires_at {
                Some(t) => say!(
                    "It works until {}; `phr share revoke {}` withdraws it sooner.",
                    t.format("%-d %b %Y"),
                    &share.id[..8]
                ),
                None => say!(
                    "It works until you withdraw it: `phr share revoke {}`.",
                    &share.id[..8]
                ),
            }
        },
    )
}
