//! `phr request`: requests to professionals made from the core's presets, the outbox
//! with where each message stands, and the presets themselves.

use clap::{Args, Subcommand};
use phr_core::messages::{Direction, Message, NOT_URGENT_NOTICE, request_presets};

use super::Ctx;
use super::entry_ref::resolve_live;
use crate::error::{CliError, CliResult};
use crate::output::utc_time;
use crate::say;

/// `phr request new PRESET --to RECIPIENT [--entry ID...]`, `phr request list`.
#[derive(Debug, Args)]
pub struct RequestArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: RequestCommand,
}

/// What to do with requests.
#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Make a request from a preset and put it in the outbox.
    New {
        /// The preset (see `phr request presets`).
        preset: String,
        /// Who it is for, e.g. "Riverside Surgery".
        #[arg(long)]
        to: String,
        /// Attach an entry (its id or the first characters of it); repeatable.
        #[arg(long = "entry")]
        entries: Vec<String>,
        /// A short note (at most 280 characters).
        #[arg(long)]
        note: Option<String>,
        /// Keep it as a draft instead of putting it in the outbox.
        #[arg(long)]
        draft: bool,
    },
    /// Requests and messages, with where each stands.
    List,
    /// The requests you can make.
    Presets,
}

pub(crate) fn print_message(m: &Message) {
    let arrow = match m.direction {
        Direction::Outbound => "to",
        Direction::Inbound => "from",
    };
    say!(
        "#{:<4} {:<10} {arrow} {}: {}",
        m.id,
        m.state.as_str(),
        m.counterpart,
        m.text
    );
    if let Some(note) = &m.note {
        say!("      note: {note}");
    }
    let t = &m.times;
    let steps = [
        ("written", t.created_at),
        ("queued", t.queued_at),
        ("sent", t.sent_at),
        ("delivered", t.delivered_at),
        ("read", t.read_at),
        ("answered", t.answered_at),
        ("cancelled", t.cancelled_at),
    ];
    let reached: Vec<String> = steps
        .iter()
        .filter_map(|(name, at)| at.map(|a| format!("{name} {}", utc_time(a))))
        .collect();
    say!("      {}", reached.join(", "));
    if let Some(answer) = &m.answer {
        say!("      answer: {answer}");
    }
}

/// Runs `phr request`.
pub fn run(ctx: &Ctx, args: RequestArgs) -> CliResult {
    ctx.with_record(|record| match args.command {
        RequestCommand::New {
            preset,
            to,
            entries,
            note,
            draft,
        } => {
            let ids = entries
                .iter()
                .map(|e| resolve_live(record, e))
                .collect::<CliResult<Vec<_>>>()?;
            let mut m = record.create_request(&preset, &to, &ids, note)?;
            if !draft {
                let id = m.id;
                m = record.queue_request(id).map_err(|e| {
                    CliError::from(e).context(&format!("request #{id} kept as a draft"))
                })?;
            }
            if ctx.out.json {
                return ctx.out.print_json(&m);
            }
            print_message(&m);
            say!("{NOT_URGENT_NOTICE}");
            Ok(())
        }
        RequestCommand::List => {
            let list = record.messages(None)?;
            if ctx.out.json {
                return ctx.out.print_json(&list);
            }
            if list.is_empty() {
                say!("No requests or messages yet.");
            }
            for m in &list {
                print_message(m);
            }
            Ok(())
        }
        RequestCommand::Presets => {
            let presets = request_presets();
            if ctx.out.json {
                return ctx.out.print_json(&presets);
            }
            for p in &presets {
                say!("{:<26} {}", p.id, p.title);
            }
            say!("{NOT_URGENT_NOTICE}");
            Ok(())
        }
    })
}
