//! `phr devices`: find Bluetooth LE glucose meters and blood-pressure cuffs, copy their
//! readings into the record, or do the same with a simulated device. A simulated
//! device goes through exactly the runner, session and ingestion a real one does.

use std::time::Duration;

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use phr_core::Record;
use phr_core::api::CorrectionOffer;
use phr_core::devices::ingest::{SyncOptions, SyncReport};
use phr_core::devices::session::{DeviceError, EndReason, Phase, Progress};
use phr_core::devices::transport::simulated::{
    CuffQuirk, MeterQuirk, SimulatedCuff, SimulatedMeter, SimulatedTransport,
};
use phr_core::devices::transport::{FoundDevice, ScanOptions, blocking};
use phr_core::model::Author;

use super::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Output;
use crate::say;

/// `phr devices ...`
#[derive(Debug, Args)]
pub struct DevicesArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: DevicesCommand,
}

/// The `devices` subcommands.
#[derive(Debug, Subcommand)]
pub enum DevicesCommand {
    /// Look for glucose meters and blood-pressure cuffs nearby.
    Scan {
        /// How long to listen, in seconds.
        #[arg(long, default_value_t = 5)]
        seconds: u64,
    },
    /// Copy the readings of a meter or cuff (an id from `scan`) into the record.
    Sync {
        /// The device id shown by `phr devices scan`.
        id: String,
    },
    /// Sync a simulated device into the record, as a real one would be.
    Simulate {
        /// Which device.
        #[command(subcommand)]
        device: SimulatedDevice,
    },
    /// Readings taken with a device clock that was off: list the corrections you can
    /// make, or make one.
    Clock {
        /// What to do; without one, list the corrections.
        #[command(subcommand)]
        command: Option<ClockCommand>,
    },
}

/// `phr devices clock ...`
#[derive(Debug, Subcommand)]
pub enum ClockCommand {
    /// Correct the times of a sync's readings for the device's clock (the earlier times
    /// stay in each reading's history).
    Correct {
        /// The sync's number, as `phr devices clock` lists it.
        sync: i64,
    },
}

/// A simulated device.
#[derive(Debug, Subcommand)]
pub enum SimulatedDevice {
    /// A glucose meter.
    Glucose {
        /// Records stored on the meter.
        #[arg(long, default_value_t = 50)]
        records: usize,
        /// A quirk to switch on (repeat; `all` for every one): duplicates, out-of-order,
        /// disconnect, battery-restart, negative-offset, wrong-clock, lo-hi,
        /// control-solution, missing-contexts, late-notifications, sequence-wrap,
        /// vendor-racp, malformed, no-records.
        #[arg(long = "quirk", value_name = "QUIRK")]
        quirks: Vec<String>,
        /// Send a meal context with every third record.
        #[arg(long)]
        contexts: bool,
    },
    /// A blood-pressure cuff.
    Bp {
        /// Readings stored on the cuff.
        #[arg(long, default_value_t = 10)]
        records: usize,
        /// A quirk to switch on (repeat; `all` for every one): big-endian, map-zero,
        /// implausible-pulse, no-clock, error-reading, duplicates, stays-connected,
        /// no-current-time.
        #[arg(long = "quirk", value_name = "QUIRK")]
        quirks: Vec<String>,
    },
}

/// Runs `phr devices ...`: `scan` needs no record; the others open it. A wrong quirk
/// name is a usage error (exit 2); Bluetooth and sync failures are one line (exit 1).
pub fn run(ctx: &Ctx, args: DevicesArgs) -> CliResult {
    let out = ctx.out;
    match args.command {
        DevicesCommand::Scan { seconds } => scan(seconds, out),
        DevicesCommand::Sync { id } => ctx.with_record(|record| {
            let bar = progress_bar(out);
            let report =
                blocking::sync(record, &id, SyncOptions::default(), &mut |p| show(&bar, p));
            bar.finish_and_clear();
            print_report(&report.map_err(failed)?, out)
        }),
        DevicesCommand::Simulate { device } => {
            let transport = match device {
                SimulatedDevice::Glucose {
                    records,
                    quirks,
                    contexts,
                } => {
                    let quirks = MeterQuirk::parse_list(&quirks).map_err(usage)?;
                    // A meter with a Current Time characteristic showing its own clock
                    // (five years fast with the wrong-clock quirk).
                    let meter = SimulatedMeter::new(records, &quirks, contexts)
                        .with_clock(chrono::Local::now().naive_local());
                    SimulatedTransport::new(Box::new(meter))
                }
                SimulatedDevice::Bp { records, quirks } => {
                    let quirks = CuffQuirk::parse_list(&quirks).map_err(usage)?;
                    SimulatedTransport::new(Box::new(SimulatedCuff::new(records, &quirks)))
                }
            };
            ctx.with_record(|record| simulate(record, transport, out))
        }
        DevicesCommand::Clock { command: None } => ctx.with_record(|record| {
            let offers = record.clock_corrections()?;
            if out.json {
                return out.print_json(&offers);
            }
            if offers.is_empty() {
                say!("No device clock needs correcting.");
            }
            for o in &offers {
                say!(
                    "sync {}: {} — {} (`phr devices clock correct {}`)",
                    o.sync_id,
                    o.device_id,
                    o.text,
                    o.sync_id
                );
            }
            Ok(())
        }),
        DevicesCommand::Clock {
            command: Some(ClockCommand::Correct { sync }),
        } => ctx.with_record(|record| {
            let offer: Option<CorrectionOffer> = record.clock_correction_offer(sync)?;
            let moved = record.correct_device_clock(sync, Author::Person)?;
            if out.json {
                return out.print_json(&serde_json::json!({ "sync": sync, "moved": moved }));
            }
            say!(
                "Corrected: {}.",
                offer.map_or_else(|| format!("{} readings moved", moved.len()), |o| o.text)
            );
            say!("Their earlier times stay in each reading's history (`phr readings history ID`).");
            Ok(())
        }),
    }
}

fn simulate(record: &mut Record, transport: SimulatedTransport, out: Output) -> CliResult {
    let bar = progress_bar(out);
    let report = blocking::sync_simulated(record, transport, SyncOptions::default(), &mut |p| {
        show(&bar, p)
    });
    bar.finish_and_clear();
    print_report(&report.map_err(failed)?, out)
}

fn failed(e: DeviceError) -> CliError {
    phr_core::ApiError::from(e).into()
}

fn usage(e: DeviceError) -> CliError {
    CliError::usage(phr_core::ApiError::from(e).to_string())
}

fn scan(seconds: u64, out: Output) -> CliResult {
    let options = ScanOptions {
        duration: Duration::from_secs(seconds),
        ..ScanOptions::default()
    };
    let found = blocking::scan(&options).map_err(failed)?;
    if out.json {
        return out.print_json(&found);
    }
    if found.is_empty() {
        say!("No glucose meter or blood-pressure cuff found (is it in pairing or transfer mode?).");
    }
    for FoundDevice {
        id,
        name,
        kind,
        rssi,
    } in &found
    {
        let kind = kind.map_or("device", |k| k.label());
        let name = name.as_deref().unwrap_or("(no name)");
        let rssi = rssi.map(|r| format!(", {r} dBm")).unwrap_or_default();
        say!("{id}  {name}  ({kind}{rssi})");
    }
    Ok(())
}

fn progress_bar(out: Output) -> ProgressBar {
    if out.json {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    let style = ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

fn show(bar: &ProgressBar, p: &Progress) {
    let phase = match p.phase {
        Phase::Connecting => "connecting",
        Phase::Preparing => "preparing",
        Phase::Counting => "counting records",
        Phase::Checking => "checking what is new",
        Phase::Transferring => "receiving",
        Phase::Finishing => "finishing",
        Phase::Done => "done",
    };
    match p.cuff_pressure_mmhg {
        Some(mmhg) => bar.set_message(format!("measuring: cuff at {mmhg:.0} mmHg")),
        None => bar.set_message(phase),
    }
    let received = u64::from(p.received);
    bar.set_length(p.expected.map_or(received, u64::from).max(received));
    bar.set_position(received);
}

fn print_report(report: &SyncReport, out: Output) -> CliResult {
    if out.json {
        return out.print_json(report);
    }
    let device = report.device.as_ref().map_or_else(
        || "the device".to_owned(),
        |d| {
            let about: Vec<&str> = [d.manufacturer.as_deref(), d.model.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if about.is_empty() {
                d.id.clone()
            } else {
                format!("{} ({})", d.id, about.join(", "))
            }
        },
    );
    say!("Synced {} {device}", report.kind.label());
    say!(
        "  received {} records, added {} readings, {} already in the record",
        report.received,
        report.added,
        report.already_stored
    );
    if report.repeats_dropped > 0 {
        say!(
            "  {} repeated notifications ignored",
            report.repeats_dropped
        );
    }
    if report.new_epoch {
        say!(
            "  the device's numbering restarted (battery change or reset): now epoch {}",
            report.epoch
        );
    }
    if let Some(clock) = report.clock.filter(|c| c.is_off()) {
        say!(
            "  ! the device's clock is about {}: {} readings are kept, with a note, but not used for alerts or trends",
            clock.text(),
            report.time_untrusted
        );
        if let Some(sync) = report.sync_id {
            say!(
                "    set the device's clock, or correct these times: `phr devices clock correct {sync}`"
            );
        }
    } else if report.time_untrusted > 0 {
        say!(
            "  ! {} readings have a time that cannot be trusted: kept, with a note, but not used for alerts or trends",
            report.time_untrusted
        );
    }
    if !report.skipped.is_empty() {
        say!("  {} values not kept:", report.skipped.len());
        for s in &report.skipped {
            let seq = s.sequence.map(|n| format!(" #{n}")).unwrap_or_default();
            say!("    {}{seq}: {}", s.source, s.reason);
        }
    }
    let end = match &report.end {
        Some(EndReason::Complete) | None => "complete".to_owned(),
        Some(EndReason::NoRecords) => "nothing new on the device".to_owned(),
        Some(EndReason::Disconnected {
            during_transfer: true,
        }) => "the link dropped; what arrived is stored, the next sync resumes after it".to_owned(),
        Some(EndReason::Disconnected { .. }) => "the device disconnected".to_owned(),
        Some(EndReason::TimedOut { .. }) => {
            "the device stopped answering; what arrived is stored".to_owned()
        }
        Some(EndReason::Aborted) => "cancelled; what arrived is stored".to_owned(),
        Some(EndReason::Refused { name, .. }) => format!("the meter refused the request ({name})"),
        Some(EndReason::MissingCharacteristic { id }) => format!("the device has no {id}"),
        Some(EndReason::Failed { reason }) => reason.clone(),
    };
    let connections = if report.attempts > 1 {
        format!(" ({} connections)", report.attempts)
    } else {
        String::new()
    };
    say!("  {end}{connections}");
    Ok(())
}
