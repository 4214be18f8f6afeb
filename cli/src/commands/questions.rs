//! `phr questions`: the list of questions to ask at an appointment: add, list, remove,
//! and mark asked.

use clap::{Args, Subcommand};

use super::Ctx;
use super::entry_ref::resolve_live;
use crate::error::CliResult;
use crate::say;

/// `phr questions add APPOINTMENT_ID TEXT`, `phr questions list APPOINTMENT_ID` ...
#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: QuestionsCommand,
}

/// What to do with questions for an appointment.
#[derive(Debug, Subcommand)]
pub enum QuestionsCommand {
    /// Add a question to an appointment's list.
    Add {
        /// The appointment (its id or the first characters of it).
        appointment: String,
        /// The question.
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
    },
    /// The questions for an appointment.
    List {
        /// The appointment (its id or the first characters of it).
        appointment: String,
    },
    /// Remove a question.
    Remove {
        /// The question's number.
        id: i64,
    },
    /// Mark a question asked (or not asked, with --undo).
    Asked {
        /// The question's number.
        id: i64,
        /// Mark it not asked.
        #[arg(long)]
        undo: bool,
    },
}

/// Runs `phr questions`.
pub fn run(ctx: &Ctx, args: QuestionsArgs) -> CliResult {
    ctx.with_record(|record| match args.command {
        QuestionsCommand::Add { appointment, text } => {
            let id = resolve_live(record, &appointment)?;
            let q = record.add_question(id, &text.join(" "))?;
            if ctx.out.json {
                return ctx.out.print_json(&q);
            }
            say!("#{} added: {}", q.id, q.text);
            Ok(())
        }
        QuestionsCommand::List { appointment } => {
            let id = resolve_live(record, &appointment)?;
            let list = record.questions(id)?;
            if ctx.out.json {
                return ctx.out.print_json(&list);
            }
            if list.is_empty() {
                say!("No questions for this appointment yet.");
            }
            for q in &list {
                let mark = if q.asked_at.is_some() { "x" } else { " " };
                say!("[{mark}] #{:<4} {}", q.id, q.text);
            }
            Ok(())
        }
        QuestionsCommand::Remove { id } => {
            record.remove_question(id)?;
            if ctx.out.json {
                return ctx.out.print_json(&serde_json::json!({ "removed": id }));
            }
            say!("#{id} removed");
            Ok(())
        }
        QuestionsCommand::Asked { id, undo } => {
            let q = record.mark_question_asked(id, !undo)?;
            if ctx.out.json {
                return ctx.out.print_json(&q);
            }
            let state = if undo { "not asked yet" } else { "asked" };
            say!("#{} {state}: {}", q.id, q.text);
            Ok(())
        }
    })
}
