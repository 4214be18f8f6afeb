//! `phr rules`: list the notification rules, show one with its versions and source, or
//! change its settings (stored by the core as a new version).

use clap::{Args, Subcommand};
use phr_core::model::{Author, ReadingKind};
use phr_core::rules::{Limit, Measure, RuleBody, StoredRule, TrendTest, parse_setting};

use super::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::utc_time;
use crate::say;

/// `phr rules show [RULE_ID]`, `phr rules set RULE_ID key=value...`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: RulesCommand,
}

/// What to do with rules.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List the rules, or show one in full with its versions and source.
    Show {
        /// A rule id, e.g. glucose.low.
        rule_id: Option<String>,
    },
    /// Change settings of a rule, stored as a new version: e.g.
    /// `phr rules set glucose.low bands.0.when.0.value=4.5` or `enabled=false`.
    Set {
        /// The rule id.
        rule_id: String,
        /// key=value pairs; keys are paths into the rule as `phr rules show ID` prints it.
        #[arg(required = true)]
        settings: Vec<String>,
    },
}

fn limit_text(kind: ReadingKind, l: &Limit) -> String {
    let measure = match (kind, l.measure) {
        (ReadingKind::BloodPressure, Measure::Primary) => "systolic ",
        (ReadingKind::BloodPressure, Measure::Secondary) => "diastolic ",
        (_, Measure::Secondary) => "second value ",
        (_, Measure::Pulse) => "pulse ",
        _ => "",
    };
    format!("{measure}{} {}", l.is.words(), l.value)
}

fn limits_text(kind: ReadingKind, limits: &[Limit]) -> String {
    limits
        .iter()
        .map(|l| limit_text(kind, l))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// One line saying what a rule watches for.
fn rule_summary(r: &StoredRule) -> String {
    match &r.rule.body {
        RuleBody::Threshold(t) => {
            let bands: Vec<String> = t
                .bands
                .iter()
                .map(|b| format!("{}: {}", b.severity, limits_text(t.reading_kind, &b.when)))
                .collect();
            format!("{} {}", t.reading_kind, bands.join("; "))
        }
        RuleBody::Trend(t) => {
            let test = match &t.test {
                TrendTest::Mean { when } => format!("mean {}", limits_text(t.reading_kind, when)),
                TrendTest::PercentChange { is, percent } => {
                    format!("change {} {percent}%", is.words())
                }
            };
            format!("{} {test} over {} days", t.reading_kind, t.window_days)
        }
        RuleBody::Missed(m) => format!("{} none for {} days", m.reading_kind, m.after_days),
        RuleBody::AppointmentReminder(_) => "at each appointment's reminder times".into(),
        RuleBody::MedicationReminder(m) => format!("{} schedule(s)", m.schedules.len()),
        RuleBody::GoalCheckIn(g) => format!("every {} days", g.every_days),
        RuleBody::RequestLimit(l) => format!(
            "{} open per recipient per {} h",
            l.max_open_per_recipient, l.window_hours
        ),
    }
}

fn on_off(enabled: bool) -> &'static str {
    if enabled { "on" } else { "off" }
}

/// Runs `phr rules`.
pub fn run(ctx: &Ctx, args: RulesArgs) -> CliResult {
    ctx.with_record(|record| match args.command {
        RulesCommand::Show { rule_id: None } => {
            let rules = record.rules()?;
            if ctx.out.json {
                return ctx.out.print_json(&rules);
            }
            for r in &rules {
                say!(
                    "{:<28} v{:<3} {:<4} {}: {}",
                    r.rule.id,
                    r.version,
                    on_off(r.rule.enabled),
                    r.rule.title,
                    rule_summary(r)
                );
            }
            Ok(())
        }
        RulesCommand::Show { rule_id: Some(id) } => {
            let history = record.rule_history(&id)?;
            let active = record.rule(&id)?;
            if ctx.out.json {
                return ctx
                    .out
                    .print_json(&serde_json::json!({ "active": active, "versions": history }));
            }
            say!(
                "{} (version {}, {})",
                active.rule.title,
                active.version,
                on_off(active.rule.enabled)
            );
            say!("Source: {}", active.rule.source);
            let body = serde_json::to_string_pretty(&active.rule)
                .map_err(|e| CliError::failed(format!("cannot write JSON: {e}")))?;
            say!("{body}");
            for v in &history {
                let who = match &v.author {
                    None => {
                        say!("  version {}: shipped default", v.version);
                        continue;
                    }
                    Some(Author::Person) => "you".to_string(),
                    Some(Author::Delegate { name, .. }) => name.clone(),
                };
                say!(
                    "  version {} by {who}, {}",
                    v.version,
                    utc_time(v.changed_at)
                );
            }
            Ok(())
        }
        RulesCommand::Set { rule_id, settings } => {
            let pairs = settings
                .iter()
                .map(|s| parse_setting(s))
                .collect::<Result<Vec<_>, _>>()?;
            let stored = record.change_rule(&rule_id, &pairs, Author::Person)?;
            if ctx.out.json {
                return ctx.out.print_json(&stored);
            }
            say!(
                "{} is now version {}: {}",
                stored.rule.id,
                stored.version,
                rule_summary(&stored)
            );
            Ok(())
        }
    })
}
