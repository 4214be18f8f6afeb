//! `phr rules`: list the notification rules, show one with its versions and source, or
//! change its settings (stored by the core as a new version).

use clap::{Args, Subcommand};
use phr_core::api::RuleView;
use phr_core::model::Author;
use phr_core::rules::advice::limits_text;
use phr_core::rules::{RuleBody, StoredRule, TrendTest, parse_setting};

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
        /// Needed to turn off a rule that keeps you safe (low glucose, very high blood
        /// pressure ...): without it, such a change is refused.
        #[arg(long)]
        really: bool,
    },
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

/// "on", or "off since 3 Dec 2026 10:42 UTC, by you".
fn state(v: &RuleView) -> String {
    if v.stored.rule.enabled {
        return "on".into();
    }
    let who = match &v.off_by {
        None => "shipped off".to_string(),
        Some(Author::Person) => "by you".to_string(),
        Some(Author::Delegate { name, .. }) => format!("by {name}"),
    };
    match v.off_since {
        Some(t) if v.off_by.is_some() => format!("OFF since {}, {who}", utc_time(t)),
        _ => format!("OFF ({who})"),
    }
}

/// Runs `phr rules`.
pub fn run(ctx: &Ctx, args: RulesArgs) -> CliResult {
    ctx.with_record(|record| match args.command {
        RulesCommand::Show { rule_id: None } => {
            let views = record.rule_views()?;
            if ctx.out.json {
                return ctx.out.print_json(&views);
            }
            for v in &views {
                let r = &v.stored;
                say!(
                    "{:<28} v{:<3} {}{}: {}  [{}]",
                    r.rule.id,
                    r.version,
                    if v.safety { "(safety) " } else { "" },
                    r.rule.title,
                    rule_summary(r),
                    state(v)
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
            let view = record
                .rule_views()?
                .into_iter()
                .find(|v| v.stored.rule.id == id);
            say!(
                "{} (version {}, {})",
                active.rule.title,
                active.version,
                view.as_ref().map_or_else(|| "on".to_string(), state)
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
        RulesCommand::Set {
            rule_id,
            settings,
            really,
        } => {
            let pairs = settings
                .iter()
                .map(|s| parse_setting(s))
                .collect::<Result<Vec<_>, _>>()?;
            let stored = record
                .change_rule(&rule_id, &pairs, Author::Person, really)
                .map_err(|e| match e {
                    phr_core::ApiError::NeedsConfirmation { reason } => {
                        CliError::usage(format!("{reason}: add --really to do it"))
                    }
                    other => other.into(),
                })?;
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
