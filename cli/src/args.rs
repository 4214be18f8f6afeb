//! The command line: every command, argument and flag, parsed by clap.

use clap::{Args, Parser, Subcommand, ValueEnum};
use phr_core::model::{EntryKind, ReadingKind, Visibility};
use std::path::PathBuf;

/// Text shown after `phr --help`: the environment the command reads.
const ENVIRONMENT: &str = "\
Environment:
  PHR_RECORD             the record file, instead of --record
  PHR_PASSPHRASE         unlock (or, on init and restore, protect) the record's key with this
                         passphrase, kept in the key file <record>.key; without it the system
                         keyring is used when it keeps keys across reboots, else you are asked
  PHR_BACKUP_PASSPHRASE  the passphrase of a backup file (backup and restore)
  PHR_KDF=fast           FOR TESTS ONLY: cheap key derivation for new key files and backups,
                         which makes guessing their passphrase cheap too";

/// phr: your own Person Held Record, encrypted on this machine.
#[derive(Debug, Parser)]
#[command(name = "phr", version, about, after_help = ENVIRONMENT)]
pub struct Cli {
    /// The record file (default: record.db in this platform's data directory).
    #[arg(long, global = true, env = "PHR_RECORD", value_name = "PATH")]
    pub record: Option<PathBuf>,

    /// Print JSON for programs instead of text for people.
    #[arg(long, global = true)]
    pub json: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new, empty record and its key.
    Init,
    /// Fill a new record with a realistic example person, then show it.
    Demo,
    /// Show the record, or one section of it.
    Show {
        /// health, about_me, appointments, modules or readings (default: all).
        #[arg(value_enum)]
        section: Option<ShowSection>,
    },
    /// List the entry kinds, their fields and the module templates.
    Kinds,
    /// Add an entry: `phr add allergy substance=Penicillin reaction=Hives severity=severe`.
    Add(AddArgs),
    /// Change fields of an entry: `phr edit 1a2b severity=moderate`.
    Edit(EditArgs),
    /// Delete an entry (it can be undone until you purge).
    Delete {
        /// The entry: its id, or a unique prefix of at least 4 characters.
        entry: String,
    },
    /// Undo the latest change to an entry (repeat to go further back).
    Undo {
        /// The entry: its id, or a unique prefix of at least 4 characters.
        entry: String,
    },
    /// Remove deleted entries and their history for good.
    Purge,
    /// Show every change to an entry.
    History {
        /// The entry: its id, or a unique prefix of at least 4 characters.
        entry: String,
    },
    /// Set who may see an entry: private, shared or emergency.
    Privacy {
        /// The entry: its id, or a unique prefix of at least 4 characters.
        entry: String,
        /// private (only you), shared (people you share with) or emergency (also the
        /// emergency summary).
        #[arg(value_parser = parse_visibility)]
        visibility: Visibility,
    },
    /// What changed in the record since a token: entries and readings added or changed,
    /// and tombstones for those deleted (the feed a phone or a share keeps up with).
    Changes {
        /// The token the previous call printed (default: from the start).
        #[arg(long, default_value = "")]
        since: String,
        /// Whose view: person (default), shared or emergency.
        #[arg(long = "as", value_enum, default_value = "person")]
        viewer: ViewerArg,
        /// At most this many entries and this many readings.
        #[arg(long, default_value_t = 500)]
        limit: usize,
    },
    /// Add, list and follow readings (glucose, blood pressure, weight ...).
    #[command(subcommand)]
    Readings(ReadingsCommand),
    /// Bluetooth glucose meters and blood-pressure cuffs: scan, sync, or simulate one.
    Devices(crate::commands::devices::DevicesArgs),
    /// Alerts and reminders that need you, with advice; acknowledge or snooze them.
    Alerts(crate::commands::alerts::AlertsArgs),
    /// Show or change the notification rules (thresholds, trends, reminders).
    Rules(crate::commands::rules::RulesArgs),
    /// Requests to professionals, chosen from a preset list and limited in rate.
    Request(crate::commands::requests::RequestArgs),
    /// Questions to ask at an appointment.
    Questions(crate::commands::questions::QuestionsArgs),
    /// Share part of the record through a relay: a link and a QR code; list, withdraw,
    /// refresh the shares and see who looked.
    Share(crate::commands::share::ShareArgs),
    /// Run the relay that hosts encrypted shares and messages (no record needed).
    Relay(crate::commands::relay::RelayArgs),
    /// Import a GP record, an IPS document or a FHIR server's record.
    Import(crate::commands::fhir::ImportArgs),
    /// Export an International Patient Summary of what a viewer may see.
    Export(crate::commands::fhir::ExportArgs),
    /// Check the record for damage (every page's authentication code and the structure)
    /// and say in plain words what is damaged.
    Check,
    /// Write the whole record to FILE, protected by a backup passphrase.
    Backup {
        /// The backup file to create (never overwritten).
        file: PathBuf,
    },
    /// Restore a backup into a new record at --record, with a new key.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Decode a Bluetooth health characteristic value given in hex, as JSON.
    Decode {
        /// The characteristic: a name (glucose_measurement), 2A18, 0x2A18 or a full UUID.
        characteristic: String,
        /// The value's bytes in hex.
        hex: String,
    },
}

/// Whose view of the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ViewerArg {
    /// The person: everything.
    Person,
    /// Someone the person shares with: shared and emergency entries.
    Shared,
    /// The emergency summary: emergency entries only.
    Emergency,
}

impl From<ViewerArg> for phr_core::model::Viewer {
    fn from(v: ViewerArg) -> Self {
        match v {
            ViewerArg::Person => Self::Person,
            ViewerArg::Shared => Self::Shared,
            ViewerArg::Emergency => Self::Emergency,
        }
    }
}

/// Sections `phr show` can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowSection {
    /// About my health.
    Health,
    /// About me.
    #[value(name = "about_me", alias = "about-me")]
    AboutMe,
    /// Appointments.
    Appointments,
    /// Optional modules.
    Modules,
    /// Readings.
    Readings,
}

/// Arguments of `phr add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The entry kind (see `phr kinds`).
    #[arg(value_parser = parse_entry_kind)]
    pub kind: EntryKind,
    /// Fields as key=value (dotted keys nest: status.state=taking; values that parse as
    /// JSON are JSON: 3, true, ["a","b"]; others are text), or one JSON object.
    #[arg(value_name = "FIELD=VALUE")]
    pub fields: Vec<String>,
    /// Who may see it.
    #[arg(long, value_parser = parse_visibility, default_value = "private")]
    pub visibility: Visibility,
    /// Print an example of this kind instead of adding anything.
    #[arg(long, conflicts_with = "fields")]
    pub example: bool,
}

/// Arguments of `phr edit`.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// The entry: its id, or a unique prefix of at least 4 characters.
    pub entry: String,
    /// Fields to change as key=value (value null clears a field), or one JSON object to
    /// merge.
    #[arg(value_name = "FIELD=VALUE", required = true)]
    pub fields: Vec<String>,
}

/// `phr readings ...`
#[derive(Debug, Subcommand)]
pub enum ReadingsCommand {
    /// Add a reading: `phr readings add glucose 5.4`, `phr readings add bp 135/85 --pulse 72`.
    Add(ReadingAddArgs),
    /// List readings, newest first.
    List {
        /// Only this kind.
        #[arg(long, value_parser = parse_reading_kind)]
        kind: Option<ReadingKind>,
        /// Only the last N days.
        #[arg(long)]
        days: Option<u32>,
        /// At most N readings.
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Daily means of a kind over the last days.
    Trend {
        /// The reading kind.
        #[arg(value_parser = parse_reading_kind)]
        kind: ReadingKind,
        /// How many days, ending today.
        #[arg(long, default_value_t = 30)]
        days: u32,
    },
    /// Correct a reading's value (the earlier one stays in its history).
    Edit {
        /// The reading's number (`#42` in lists, without the #).
        id: i64,
        /// The corrected value, written as for `phr readings add`.
        #[arg(allow_hyphen_values = true)]
        value: String,
        /// A note (replaces the old one; without it the note is kept).
        #[arg(long)]
        note: Option<String>,
        /// Pulse in beats per minute, with blood pressure.
        #[arg(long)]
        pulse: Option<f64>,
    },
    /// Delete a reading (its earlier versions stay until you purge).
    Delete {
        /// The reading's number.
        id: i64,
    },
    /// Set who may see a reading: private, shared or emergency.
    Privacy {
        /// The reading's number.
        id: i64,
        /// private, shared or emergency.
        #[arg(value_parser = parse_visibility)]
        visibility: Visibility,
    },
    /// Show a reading's earlier versions.
    History {
        /// The reading's number.
        id: i64,
    },
}

/// Arguments of `phr readings add`.
#[derive(Debug, Args)]
pub struct ReadingAddArgs {
    /// blood_glucose (glucose), blood_pressure (bp), heart_rate (pulse), weight, steps,
    /// sleep, physical_activity, diet, mood, alcohol, stress, menstrual_cycle, side_effect.
    #[arg(value_parser = parse_reading_kind)]
    pub kind: ReadingKind,
    /// glucose: 5.4 (mmol/L) or 97mg/dL, LO or HI; blood pressure: 135/85; weight: kg;
    /// sleep and physical_activity: minutes; diet: kcal; mood and stress: 0-10; alcohol:
    /// UK units; menstrual_cycle: spotting, light, medium or heavy; side_effect: severity
    /// 1-10.
    #[arg(allow_hyphen_values = true)]
    pub value: String,
    /// When it was taken (RFC 3339, e.g. 2026-03-01T08:30:00+00:00; default: now).
    #[arg(long)]
    pub at: Option<String>,
    /// When it ended, for steps, sleep, activity and meals (RFC 3339).
    #[arg(long)]
    pub until: Option<String>,
    /// A note.
    #[arg(long)]
    pub note: Option<String>,
    /// Who may see it.
    #[arg(long, value_parser = parse_visibility, default_value = "private")]
    pub visibility: Visibility,
    /// Pulse in beats per minute, with blood pressure.
    #[arg(long)]
    pub pulse: Option<f64>,
    /// Sleep quality 0-10, with sleep.
    #[arg(long)]
    pub quality: Option<u8>,
    /// What you noticed (side effect), what you ate (diet) or what you did
    /// (physical_activity).
    #[arg(long)]
    pub description: Option<String>,
    /// The medicine you suspect, for a side effect.
    #[arg(long)]
    pub medication: Option<String>,
}

fn parse_entry_kind(s: &str) -> Result<EntryKind, String> {
    s.parse()
        .map_err(|e: phr_core::model::ValidationError| e.reason)
}

fn parse_reading_kind(s: &str) -> Result<ReadingKind, String> {
    s.parse()
        .map_err(|e: phr_core::model::ValidationError| e.reason)
}

pub fn parse_visibility(s: &str) -> Result<Visibility, String> {
    s.parse()
        .map_err(|e: phr_core::model::ValidationError| e.reason)
}
