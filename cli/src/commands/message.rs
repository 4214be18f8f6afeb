//! `phr message ...`: messages through the relay to and from a practice, a service or a
//! carer: add their card, send a request or a message (it goes at once when the relay
//! can be reached, else at the next sync), sync (send what is queued, receipts, what
//! came in), list, and read what came (its sender is told).

use clap::{Args, Subcommand};
use phr_core::api::MessageSync;
use phr_core::messages::NOT_URGENT_NOTICE;
use serde_json::json;

use super::Ctx;
use super::entry_ref::resolve_live;
use super::requests::print_message;
use crate::error::{CliError, CliResult};
use crate::say;

/// `phr message ...`
#[derive(Debug, Args)]
pub struct MessageArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: MessageCommand,
}

/// The `message` subcommands.
#[derive(Debug, Subcommand)]
pub enum MessageCommand {
    /// Add a contact from their card (`phr-contact:...`, as they gave it).
    AddContact {
        /// The card's text.
        card: String,
    },
    /// The contacts messages can go to.
    Contacts,
    /// Remove a contact: nothing more from them is kept.
    RemoveContact {
        /// The contact's name.
        name: String,
    },
    /// Your own card, for a carer or a service that will message you (makes your
    /// mailbox at --relay the first time).
    Card {
        /// The relay's URL (default: $PHR_RELAY; else the first contact's).
        #[arg(long, env = "PHR_RELAY")]
        relay: Option<String>,
    },
    /// Send a request from the preset list (`phr request presets`) or a message in
    /// your own words.
    Send {
        /// Who it is for: a contact's name.
        #[arg(long)]
        to: String,
        /// A request preset, e.g. look_at_readings.
        #[arg(long, conflicts_with = "text", required_unless_present = "text")]
        preset: Option<String>,
        /// A message in your own words.
        #[arg(long)]
        text: Option<String>,
        /// Attach an entry to a request (its id or first characters); repeatable.
        #[arg(long = "entry", requires = "preset")]
        entries: Vec<String>,
        /// A short note on a request.
        #[arg(long, requires = "preset")]
        note: Option<String>,
    },
    /// Let a contact fill in one optional module (e.g. resilience-plan); they read
    /// nothing by it.
    GrantWrite {
        /// The contact's name.
        #[arg(long)]
        to: String,
        /// The module template, e.g. resilience-plan.
        #[arg(long)]
        module: String,
        /// How many days (90 unless given, at most 365).
        #[arg(long)]
        days: Option<u32>,
    },
    /// The write grants, with where each stands.
    WriteGrants,
    /// Withdraw a write grant.
    RevokeWriteGrant {
        /// Its id (or first characters).
        id: String,
    },
    /// Send what is queued, and bring in receipts and messages.
    Sync,
    /// Requests and messages, with where each stands.
    List,
    /// Read a message that came: shows it, and its sender is told it was read.
    Read {
        /// The message's number (`#12` in the list).
        id: i64,
    },
}

fn print_sync(s: &MessageSync) {
    let mut parts = Vec::new();
    for (n, what) in [
        (s.sent, "sent"),
        (s.delivered, "delivered"),
        (s.read, "read"),
        (s.received, "received"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    if parts.is_empty() {
        say!("Nothing new.");
    } else {
        say!("{}.", parts.join(", "));
    }
    for w in &s.waiting {
        say!("Waiting: {w}.");
    }
    if s.refused > 0 {
        say!(
            "{} message(s) from someone not in your contacts were not kept.",
            s.refused
        );
    }
}

/// Runs `phr message ...`.
pub fn run(ctx: &Ctx, args: MessageArgs) -> CliResult {
    ctx.with_record(|record| match args.command {
        MessageCommand::AddContact { card } => {
            let c = record.add_message_contact(&card)?;
            ctx.out.either(
                || json!(c),
                || say!("Added {} ({}).", c.name, c.relay_url),
            )
        }
        MessageCommand::Contacts => {
            let list = record.message_contacts()?;
            ctx.out.either(
                || json!(list),
                || {
                    if list.is_empty() {
                        say!("No contacts yet: add one with `phr message add-contact CARD`.");
                    }
                    for c in &list {
                        say!("{}  ({})", c.name, c.relay_url);
                    }
                },
            )
        }
        MessageCommand::RemoveContact { name } => {
            record.remove_message_contact(&name)?;
            ctx.out.either(
                || json!({ "removed": name }),
                || say!("Removed {name}: nothing more from them is kept."),
            )
        }
        MessageCommand::Card { relay } => {
            let card = record.message_card(relay.as_deref())?;
            ctx.out.either(|| json!({ "card": card }), || say!("{card}"))
        }
        MessageCommand::Send {
            to,
            preset,
            text,
            entries,
            note,
        } => {
            let draft = match (&preset, &text) {
                (Some(p), _) => {
                    let ids = entries
                        .iter()
                        .map(|e| resolve_live(record, e))
                        .collect::<CliResult<Vec<_>>>()?;
                    record.create_request(p, &to, &ids, note)?
                }
                (None, Some(t)) => record.create_message(&to, t)?,
                (None, None) => return Err(CliError::usage("give --preset or --text")),
            };
            let id = draft.id;
            record.queue_request(id).map_err(|e| {
                CliError::from(e).context(&format!("message #{id} kept as a draft"))
            })?;
            // Queued and saved; sending is a second step that may fail and retry later.
            let sync = record.sync_messages();
            let m = record.message(id)?;
            if ctx.out.json {
                return ctx.out.print_json(&json!({ "message": m, "sync": sync.as_ref().ok() }));
            }
            print_message(&m);
            match sync {
                Ok(s) => print_sync(&s),
                Err(e) => say!(
                    "Saved in the outbox; it could not go yet ({}). `phr message sync` tries again.",
                    e
                ),
            }
            say!("{NOT_URGENT_NOTICE}");
            Ok(())
        }
        MessageCommand::GrantWrite { to, module, days } => {
            let g = record.grant_write(&to, &module, days)?;
            ctx.out.either(
                || json!(g),
                || {
                    say!(
                        "{} may fill in your {} until {} (grant {}).",
                        g.to,
                        g.title,
                        g.expires_at.map(|t| t.format("%-d %b %Y").to_string()).unwrap_or_default(),
                        &g.id[..8]
                    )
                },
            )
        }
        MessageCommand::WriteGrants => {
            let list = record.write_grants()?;
            ctx.out.either(
                || json!(list),
                || {
                    if list.is_empty() {
                        say!("Nobody may fill in anything.");
                    }
                    for g in &list {
                        say!("{}  {:?}  {}: {}", &g.id[..8], g.status, g.to, g.title);
                    }
                },
            )
        }
        MessageCommand::RevokeWriteGrant { id } => {
            record.revoke_write_grant(&id)?;
            ctx.out.either(
                || json!({ "revoked": id }),
                || say!("Withdrawn: nothing more from it is taken."),
            )
        }
        MessageCommand::Sync => {
            let s = record.sync_messages()?;
            ctx.out.either(|| json!(s), || print_sync(&s))
        }
        MessageCommand::List => {
            let list = record.messages(None)?;
            ctx.out.either(
                || json!(list),
                || {
                    if list.is_empty() {
                        say!("No requests or messages yet.");
                    }
                    for m in &list {
                        print_message(m);
                    }
                },
            )
        }
        MessageCommand::Read { id } => {
            let m = record.message(id)?;
            let m = if m.state < phr_core::messages::MessageState::Read {
                record.mark_read(id)?
            } else {
                m
            };
            // The read receipt goes now if the relay can be reached, else at the next sync.
            let _ = record.sync_messages();
            ctx.out.either(
                || json!(m),
                || {
                    say!("From {}: {}", m.counterpart, m.text);
                },
            )
        }
    })
}
