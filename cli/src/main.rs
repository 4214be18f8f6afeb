//! The `phr` command: the terminal shell of the Person Held Record. This file parses the
//! command line, runs the command and prints its error as one line; see `README.md` in
//! this folder for which file does what.

// Library and command code never panics on `expect`; tests may (clippy.toml).
#![warn(clippy::expect_used)]

mod args;
mod body;
mod commands;
mod decode;
mod demo_record;
mod error;
mod key_selection;
mod kv;
mod output;
mod record_file;

use clap::Parser;
use clap::error::ErrorKind;
use std::io::Write;
use std::process::ExitCode;

use args::{Cli, Command};
use commands::Ctx;
use error::CliResult;
use output::Output;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    if let Command::Decode {
        characteristic,
        hex,
    } = &cli.command
    {
        return decode::run(characteristic, hex);
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr().lock(), "error: {e}");
            e.exit_code()
        }
    }
}

/// Help and version go to standard output; a mistake is one line on standard error.
fn usage_error(e: &clap::Error) -> ExitCode {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    // clap's message is its first paragraph; usage and tips follow after a blank line.
    let rendered = e.render().to_string();
    let paragraph: Vec<&str> = rendered
        .trim_start()
        .lines()
        .map(str::trim)
        .take_while(|l| !l.is_empty())
        .collect();
    let message = paragraph.join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    let message = if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        "a command is needed"
    } else {
        message
    };
    let _ = writeln!(
        std::io::stderr().lock(),
        "error: {message} (see `phr --help`)"
    );
    ExitCode::from(2)
}

fn run(cli: Cli) -> CliResult {
    let record = match cli.record {
        Some(path) => path,
        None => record_file::default_record_path()?,
    };
    let ctx = Ctx {
        record,
        out: Output { json: cli.json },
    };
    match cli.command {
        Command::Init => commands::init::run(&ctx),
        Command::Demo => commands::demo::run(&ctx),
        Command::Show { section } => commands::show::run(&ctx, section),
        Command::Kinds => commands::kinds::run(&ctx),
        Command::Add(args) => commands::entries::add(&ctx, &args),
        Command::Edit(args) => commands::entries::edit(&ctx, &args),
        Command::Delete { entry } => commands::changes::delete(&ctx, &entry),
        Command::Undo { entry } => commands::changes::undo(&ctx, &entry),
        Command::Purge => commands::changes::purge(&ctx),
        Command::History { entry } => commands::changes::history(&ctx, &entry),
        Command::Privacy { entry, visibility } => {
            commands::changes::privacy(&ctx, &entry, visibility)
        }
        Command::Changes {
            since,
            viewer,
            limit,
        } => commands::feed::run(&ctx, &since, viewer.into(), limit),
        Command::Readings(command) => commands::readings::run(&ctx, command),
        Command::Devices(args) => commands::devices::run(&ctx, args),
        Command::Alerts(args) => commands::alerts::run(&ctx, args),
        Command::Rules(args) => commands::rules::run(&ctx, args),
        Command::Request(args) => commands::requests::run(&ctx, args),
        Command::Questions(args) => commands::questions::run(&ctx, args),
        Command::Check => commands::check::run(&ctx),
        Command::Import(args) => commands::fhir::import(&ctx, args),
        Command::Share(args) => commands::share::run(&ctx, args),
        Command::Relay(args) => commands::relay::run(args),
        Command::Export(args) => commands::fhir::export(&ctx, args),
        Command::Backup { file } => commands::backup::backup(&ctx, &file),
        Command::Restore { file } => commands::backup::restore(&ctx, &file),
        Command::Decode { .. } => Ok(()), // handled above: it needs no record
    }
}
