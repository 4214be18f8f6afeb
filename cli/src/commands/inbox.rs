//! `phr inbox ...`: the professional's side of messages, with no record: an inbox file
//! encrypted with a passphrase (`$PHR_INBOX_PASSPHRASE`, asked for on a terminal
//! otherwise). Make it and hand out its card; list what came (each sender is told it was
//! delivered); read one (the sender is told it was read); answer, or tell the person
//! their results have arrived or to book an appointment.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use phr_core::api::{InboxMessage, ProfessionalInbox};
use phr_core::share::EnvelopeKind;
use serde_json::json;
use zeroize::Zeroizing;

use crate::error::{CliError, CliResult};
use crate::key_selection::kdf_params;
use crate::output::Output;
use crate::say;

/// The inbox file's passphrase.
pub const INBOX_PASSPHRASE_ENV: &str = "PHR_INBOX_PASSPHRASE";

/// `phr inbox ...`
#[derive(Debug, Args)]
pub struct InboxArgs {
    /// The inbox file (default: $PHR_INBOX).
    #[arg(long, env = "PHR_INBOX")]
    pub inbox: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: InboxCommand,
}

/// What an answer says.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReplyKind {
    /// An answer to the request.
    Answer,
    /// "Your results have arrived."
    ResultsArrived,
    /// "Please book an appointment."
    BookAppointment,
    /// "Your prescription is ready."
    PrescriptionReady,
    /// Anything else.
    Message,
}

impl From<ReplyKind> for EnvelopeKind {
    fn from(k: ReplyKind) -> Self {
        match k {
            ReplyKind::Answer => Self::Answer,
            ReplyKind::ResultsArrived => Self::ResultsArrived,
            ReplyKind::BookAppointment => Self::BookAppointment,
            ReplyKind::PrescriptionReady => Self::PrescriptionReady,
            ReplyKind::Message => Self::Message,
        }
    }
}

/// The `inbox` subcommands.
#[derive(Debug, Subcommand)]
pub enum InboxCommand {
    /// Make an inbox at a relay; prints its card for people to add.
    Init {
        /// The relay's URL (default: $PHR_RELAY).
        #[arg(long, env = "PHR_RELAY")]
        relay: String,
        /// The practice's or service's name, as people will see it.
        #[arg(long)]
        name: String,
    },
    /// The inbox's card.
    Card,
    /// Fetch and list the messages, newest first.
    List,
    /// Show a message and mark it read (its sender is told).
    Read {
        /// The message's id (or its first characters; it may start with `-`).
        #[arg(allow_hyphen_values = true)]
        id: String,
    },
    /// Answer a message, or tell its sender something.
    Reply {
        /// The message's id (or its first characters; it may start with `-`).
        #[arg(allow_hyphen_values = true)]
        id: String,
        /// What the answer is.
        #[arg(long, value_enum, default_value = "answer")]
        kind: ReplyKind,
        /// The text.
        text: String,
    },
    /// Fill in an optional module of the person who sent message ID (their record
    /// takes it only if they gave you a write grant for it).
    Fill {
        /// A message from the person (its id or first characters; it may start with `-`).
        #[arg(allow_hyphen_values = true)]
        id: String,
        /// The module, e.g. resilience-plan.
        #[arg(long)]
        module: String,
        /// Answers: FIELD=TEXT, one or more.
        #[arg(required = true)]
        answers: Vec<String>,
    },
}

fn passphrase(new: bool) -> CliResult<Zeroizing<String>> {
    if let Ok(p) = std::env::var(INBOX_PASSPHRASE_ENV) {
        return Ok(Zeroizing::new(p));
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(format!(
            "the inbox needs its passphrase: set {INBOX_PASSPHRASE_ENV}"
        )));
    }
    let first = rpassword::prompt_password("Inbox passphrase: ")
        .map_err(|e| CliError::failed(format!("cannot read the passphrase: {e}")))?;
    if new {
        let again = rpassword::prompt_password("Again: ")
            .map_err(|e| CliError::failed(format!("cannot read the passphrase: {e}")))?;
        if again != first {
            return Err(CliError::usage("the two passphrases differ"));
        }
    }
    Ok(Zeroizing::new(first))
}

fn line(m: &InboxMessage) -> String {
    format!(
        "{}  {}  {:<6} from {}: {}",
        &m.id[..8.min(m.id.len())],
        m.received_at.format("%-d %b %H:%M"),
        if m.read { "read" } else { "new" },
        m.from.name,
        if m.title.is_empty() {
            &m.text
        } else {
            &m.title
        }
    )
}

/// Runs `phr inbox ...`.
pub fn run(args: InboxArgs, out: Output) -> CliResult {
    if let InboxCommand::Init { relay, name } = &args.command {
        let p = passphrase(true)?;
        let inbox = ProfessionalInbox::create(&args.inbox, relay, name, &p, kdf_params())?;
        let card = inbox.card()?;
        return out.either(
            || json!({ "card": card }),
            || {
                say!("Made the inbox {} for {name}.", args.inbox.display());
                say!("Its card, for people to add (`phr message add-contact CARD`):");
                say!("{card}");
            },
        );
    }
    let p = passphrase(false)?;
    let mut inbox = ProfessionalInbox::open(&args.inbox, &p)?;
    match args.command {
        InboxCommand::Init { .. } => Ok(()),
        InboxCommand::Card => {
            let card = inbox.card()?;
            out.either(|| json!({ "card": card }), || say!("{card}"))
        }
        InboxCommand::List => {
            let list = inbox.refresh()?;
            out.either(
                || json!(list),
                || {
                    if list.is_empty() {
                        say!("No messages.");
                    }
                    for m in &list {
                        say!("{}", line(m));
                    }
                },
            )
        }
        InboxCommand::Read { id } => {
            inbox.refresh()?;
            let m = inbox.read(&id)?;
            out.either(
                || json!(m),
                || {
                    say!(
                        "From {} ({}):",
                        m.from.name,
                        m.received_at.format("%-d %b %Y %H:%M")
                    );
                    if !m.title.is_empty() {
                        say!("{}", m.title);
                    }
                    say!("{}", m.text);
                    if let Some(note) = &m.note {
                        say!("Note: {note}");
                    }
                    for a in &m.attached {
                        say!("Attached: {a}");
                    }
                },
            )
        }
        InboxCommand::Fill {
            id,
            module,
            answers,
        } => {
            let mut map = std::collections::BTreeMap::new();
            for a in &answers {
                let (k, v) = a
                    .split_once('=')
                    .ok_or_else(|| CliError::usage(format!("'{a}': give answers as FIELD=TEXT")))?;
                map.insert(
                    k.trim().to_owned(),
                    phr_core::model::modules::AnswerValue::Text(v.trim().to_owned()),
                );
            }
            inbox.refresh()?;
            let sent = inbox.fill_module(&id, &module, map)?;
            out.either(
                || json!({ "sent": sent }),
                || say!("Sent; the person's record takes it at their next sync if you have their leave."),
            )
        }
        InboxCommand::Reply { id, kind, text } => {
            inbox.refresh()?;
            let sent = inbox.reply(&id, kind.into(), &text)?;
            out.either(
                || json!({ "sent": sent }),
                || say!("Sent; the person sees it at their next sync."),
            )
        }
    }
}
