//! `phr import fhir FILE|URL` and `phr export fhir`: a GP record, an IPS document or a
//! FHIR server's record into the record; an IPS document of what a viewer may see out.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use phr_core::api::{
    ExportScope, FetchLimits, ImportOptions, ImportOutcome, ImportReport,
    fetch_from_server_blocking,
};
use phr_core::model::Visibility;

use super::Ctx;
use crate::args::ViewerArg;
use crate::error::{CliError, CliResult};
use crate::say;

/// `phr import ...`
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What to import.
    #[command(subcommand)]
    pub command: ImportCommand,
}

/// The `import` subcommands.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A FHIR R4 Bundle or resource from a file, or the record of the patient with
    /// `--nhs-number` from a FHIR server (https://...).
    Fhir {
        /// A file, or a FHIR server's base URL.
        source: String,
        /// The patient's NHS number (with a server URL).
        #[arg(long)]
        nhs_number: Option<String>,
        /// Say what would be added, updated and not mapped, and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Who may see the imported entries: private (default), shared or emergency.
        #[arg(long, default_value = "private", value_parser = crate::args::parse_visibility)]
        visibility: Visibility,
    },
    /// A SMART Health Link someone gave you (`shlink:/...`, alone or after a viewer
    /// address): fetched from its relay, decrypted here, imported.
    Shlink {
        /// The link.
        link: String,
        /// Its passcode, when it has one.
        #[arg(long)]
        passcode: Option<String>,
        /// Who you are, as the sender will see it ("Alex Morgan").
        #[arg(long = "as", default_value = "the person's own app")]
        recipient: String,
        /// Say what would be imported, and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// `phr export ...`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    #[command(subcommand)]
    pub command: ExportCommand,
}

/// The `export` subcommands.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// An International Patient Summary (FHIR R4 document Bundle) of what a viewer may
    /// see: nothing private ever.
    Fhir {
        /// Whose view: shared (default) or emergency.
        #[arg(long, value_enum, default_value = "shared")]
        viewer: ViewerArg,
        /// Write it to this file (never over an existing one) instead of printing it.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn is_url(source: &str) -> bool {
    source.starts_with("https://") || source.starts_with("http://")
}

/// Runs `phr import ...`.
pub fn import(ctx: &Ctx, args: ImportArgs) -> CliResult {
    let (source, nhs_number, dry_run, visibility) = match args.command {
        ImportCommand::Fhir {
            source,
            nhs_number,
            dry_run,
            visibility,
        } => (source, nhs_number, dry_run, visibility),
        ImportCommand::Shlink {
            link,
            passcode,
            recipient,
            dry_run,
        } => return import_shlink(ctx, &link, passcode.as_deref(), &recipient, dry_run),
    };
    let mut options = ImportOptions {
        default_visibility: visibility,
        dry_run,
        ..Default::default()
    };
    let bytes = if is_url(&source) {
        let nhs = nhs_number
            .ok_or_else(|| CliError::usage("a server import needs --nhs-number NUMBER"))?;
        options.system = Some(source.clone());
        options.file_name = Some(source.clone());
        fetch_from_server_blocking(&source, &nhs, &FetchLimits::default())?
    } else {
        options.file_name = Some(source.clone());
        std::fs::read(&source).map_err(|e| CliError::usage(format!("cannot read {source}: {e}")))?
    };
    let report = ctx.with_record(|record| Ok(record.import_fhir(&bytes, &options)?))?;
    ctx.out.either(
        || serde_json::to_value(&report).unwrap_or_default(),
        || print_report(&report),
    )
}

fn import_shlink(
    ctx: &Ctx,
    link: &str,
    passcode: Option<&str>,
    recipient: &str,
    dry_run: bool,
) -> CliResult {
    let options = ImportOptions {
        dry_run,
        ..Default::default()
    };
    let reports =
        ctx.with_record(|record| Ok(record.import_shlink(link, passcode, recipient, &options)?))?;
    ctx.out.either(
        || serde_json::to_value(&reports).unwrap_or_default(),
        || reports.iter().for_each(print_report),
    )
}

fn print_report(report: &ImportReport) {
    let will = if report.dry_run { "would be " } else { "" };
    for (outcome, words) in [
        (ImportOutcome::Added, "added"),
        (ImportOutcome::Updated, "updated"),
        (ImportOutcome::Unchanged, "unchanged"),
        (ImportOutcome::NotMapped, "kept but not mapped"),
        (ImportOutcome::NotImported, "not imported"),
    ] {
        let items: Vec<_> = report.with(outcome).collect();
        if items.is_empty() {
            continue;
        }
        say!("{} {will}{words}:", items.len());
        for item in items {
            match &item.reason {
                Some(reason) => say!("  {} ({}): {reason}", item.resource, item.path),
                None => say!("  {}", item.resource),
            }
        }
    }
    if report.dry_run {
        say!("Nothing was changed (dry run).");
    }
}

/// Runs `phr export ...`.
pub fn export(ctx: &Ctx, args: ExportArgs) -> CliResult {
    let ExportCommand::Fhir { viewer, out } = args.command;
    if viewer == ViewerArg::Person {
        return Err(CliError::usage(
            "an export is for someone else: use --viewer shared or --viewer emergency",
        ));
    }
    let json = ctx
        .with_record(|record| Ok(record.export_ips(viewer.into(), &ExportScope::everything())?))?;
    match out {
        Some(path) => {
            use std::io::Write;
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(|e| CliError::failed(format!("cannot write {}: {e}", path.display())))?;
            file.write_all(json.as_bytes())
                .map_err(|e| CliError::failed(format!("cannot write {}: {e}", path.display())))?;
            say!("Wrote the summary to {}.", path.display());
        }
        None => say!("{json}"),
    }
    Ok(())
}
