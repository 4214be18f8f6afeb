//! `phr alerts`, `phr rules`, `phr request` and `phr questions`: notifications with their
//! advice, the rules behind them, requests to professionals and questions for an
//! appointment. Every decision is the core's; this file parses, calls and prints
//! (readable text, or JSON with `--json`).

use chrono::{DateTime, Duration, Utc};
use clap::{Args, Subcommand};
use phr_core::record::{Author, EntryId, ReadingKind, Viewer};
use phr_core::rules::{
    Direction, Limit, Measure, Message, Notification, RuleBody, StoredRule, TrendTest,
    parse_setting, request_presets,
};
use phr_core::store::{EntryFilter, Record};
use serde::Serialize;
use std::fmt::Display;
use std::io::Write;

/// `phr alerts [--all]`, `phr alerts ack ID`, `phr alerts snooze ID DURATION`.
#[derive(Debug, Args)]
pub struct AlertsArgs {
    /// Also list acknowledged and resolved notifications.
    #[arg(long)]
    pub all: bool,
    /// What to do; without one, list the notifications that need you.
    #[command(subcommand)]
    pub command: Option<AlertsCommand>,
}

/// What to do with a notification.
#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// Acknowledge a notification: it will not come back.
    Ack {
        /// The notification's number.
        id: i64,
    },
    /// Put a notification off for a while: 30m, 2h, 1d, 1h30m (at most a week).
    Snooze {
        /// The notification's number.
        id: i64,
        /// How long.
        duration: String,
    },
    /// When the next reminder or snoozed alert falls due.
    Next,
}

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

fn say(line: impl Display) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
}

fn print_json(value: &impl Serialize) -> Result<(), String> {
    let text =
        serde_json::to_string_pretty(value).map_err(|e| format!("cannot write JSON: {e}"))?;
    say(text);
    Ok(())
}

fn err(e: impl Display) -> String {
    e.to_string()
}

fn now(record: &Record) -> DateTime<Utc> {
    record.clock().now()
}

fn when(t: DateTime<Utc>) -> String {
    t.format("%-d %b %Y %H:%M UTC").to_string()
}

/// Parses a duration such as `30m`, `2h`, `1d` or `1h30m`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let bad = || format!("'{text}' is not a duration such as 30m, 2h, 1d or 1h30m");
    let mut total = Duration::zero();
    let mut digits = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: i64 = digits.parse().map_err(|_| bad())?;
        total += match c.to_ascii_lowercase() {
            'm' => Duration::minutes(n),
            'h' => Duration::hours(n),
            'd' => Duration::days(n),
            _ => return Err(bad()),
        };
        digits.clear();
    }
    if !digits.is_empty() || total <= Duration::zero() {
        return Err(bad());
    }
    Ok(total)
}

/// Finds an entry by its id or a unique start of it.
fn resolve_entry(record: &Record, text: &str) -> Result<EntryId, String> {
    if let Ok(id) = text.parse::<EntryId>() {
        return Ok(id);
    }
    let wanted = text.trim().to_ascii_lowercase();
    if wanted.len() < 4 {
        return Err(format!(
            "'{text}' is too short to name an entry (give at least 4 characters)"
        ));
    }
    let entries = record
        .entries(&EntryFilter::default(), Viewer::Person)
        .map_err(err)?;
    let matches: Vec<EntryId> = entries
        .iter()
        .map(|e| e.meta.id)
        .filter(|id| id.to_string().starts_with(&wanted))
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!("no entry starts with '{text}'")),
        _ => Err(format!(
            "more than one entry starts with '{text}'; give more of the id"
        )),
    }
}

fn print_notification(n: &Notification) {
    say(format!(
        "#{:<4} {:<9} {}  [{}]",
        n.id,
        n.severity.as_str().to_uppercase(),
        n.title,
        n.state
    ));
    if !n.detail.is_empty() {
        say(format!("      {}", n.detail));
    }
    say(format!("      {}", n.advice));
    say(format!(
        "      ({} {} v{}, {})",
        n.category.as_str(),
        n.rule_id,
        n.rule_version,
        when(n.due_at)
    ));
}

/// Runs `phr alerts`.
pub fn run_alerts(record: &mut Record, args: AlertsArgs, json: bool) -> Result<(), String> {
    let now = now(record);
    match args.command {
        None => {
            let due = record.due_notifications(now).map_err(err)?;
            let list = record.notifications(args.all).map_err(err)?;
            let due_ids: Vec<i64> = due.iter().map(|n| n.id).collect();
            record.mark_shown(&due_ids).map_err(err)?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                say("Nothing needs you now.");
            }
            // Open ones most severe first, as the core orders what is due.
            let mut list = list;
            list.sort_by(|a, b| {
                b.state
                    .is_open()
                    .cmp(&a.state.is_open())
                    .then(b.severity.cmp(&a.severity))
                    .then(b.due_at.cmp(&a.due_at))
            });
            for n in &list {
                print_notification(n);
            }
            if !list.is_empty() {
                say(
                    "Acknowledge with `phr alerts ack ID`, or put off with `phr alerts snooze ID 1h`.",
                );
            }
            Ok(())
        }
        Some(AlertsCommand::Ack { id }) => {
            let n = record.acknowledge(id).map_err(err)?;
            if json {
                return print_json(&n);
            }
            say(format!("#{id} acknowledged: {}", n.title));
            Ok(())
        }
        Some(AlertsCommand::Snooze { id, duration }) => {
            let until = now + parse_duration(&duration)?;
            let n = record.snooze(id, until).map_err(err)?;
            if json {
                return print_json(&n);
            }
            say(format!("#{id} snoozed until {}: {}", when(until), n.title));
            Ok(())
        }
        Some(AlertsCommand::Next) => {
            let next = record.next_due_time(now).map_err(err)?;
            if json {
                return print_json(&serde_json::json!({ "next_due": next }));
            }
            match next {
                Some(t) => say(format!("Next reminder: {}", when(t))),
                None => say("No reminders are scheduled."),
            }
            Ok(())
        }
    }
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

fn rule_summary(r: &StoredRule) -> String {
    match &r.rule.body {
        RuleBody::Threshold(t) => {
            let bands: Vec<String> = t
                .bands
                .iter()
                .map(|b| {
                    let limits: Vec<String> = b
                        .when
                        .iter()
                        .map(|l| limit_text(t.reading_kind, l))
                        .collect();
                    format!("{}: {}", b.severity, limits.join(" or "))
                })
                .collect();
            format!("{} {}", t.reading_kind, bands.join("; "))
        }
        RuleBody::Trend(t) => {
            let test = match &t.test {
                TrendTest::Mean { when } => {
                    let limits: Vec<String> =
                        when.iter().map(|l| limit_text(t.reading_kind, l)).collect();
                    format!("mean {}", limits.join(" or "))
                }
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

/// Runs `phr rules`.
pub fn run_rules(record: &mut Record, args: RulesArgs, json: bool) -> Result<(), String> {
    match args.command {
        RulesCommand::Show { rule_id: None } => {
            let rules = record.rules().map_err(err)?;
            if json {
                return print_json(&rules);
            }
            for r in &rules {
                say(format!(
                    "{:<28} v{:<3} {:<4} {}: {}",
                    r.rule.id,
                    r.version,
                    if r.rule.enabled { "on" } else { "off" },
                    r.rule.title,
                    rule_summary(r)
                ));
            }
            Ok(())
        }
        RulesCommand::Show { rule_id: Some(id) } => {
            let history = record.rule_history(&id).map_err(err)?;
            let active = record.rule(&id).map_err(err)?;
            if json {
                return print_json(&serde_json::json!({ "active": active, "versions": history }));
            }
            say(format!(
                "{} (version {}, {})",
                active.rule.title,
                active.version,
                if active.rule.enabled { "on" } else { "off" }
            ));
            say(format!("Source: {}", active.rule.source));
            let body = serde_json::to_string_pretty(&active.rule).map_err(err)?;
            say(body);
            for v in &history {
                let who = match &v.author {
                    None => {
                        say(format!("  version {}: shipped default", v.version));
                        continue;
                    }
                    Some(Author::Person) => "you".to_string(),
                    Some(Author::Delegate { name, .. }) => name.clone(),
                };
                say(format!(
                    "  version {} by {who}, {}",
                    v.version,
                    when(v.changed_at)
                ));
            }
            Ok(())
        }
        RulesCommand::Set { rule_id, settings } => {
            let pairs = settings
                .iter()
                .map(|s| parse_setting(s))
                .collect::<Result<Vec<_>, _>>()
                .map_err(err)?;
            let stored = record
                .change_rule(&rule_id, &pairs, Author::Person)
                .map_err(err)?;
            if json {
                return print_json(&stored);
            }
            say(format!(
                "{} is now version {}: {}",
                stored.rule.id,
                stored.version,
                rule_summary(&stored)
            ));
            Ok(())
        }
    }
}

fn print_message(m: &Message) {
    let arrow = match m.direction {
        Direction::Outbound => "to",
        Direction::Inbound => "from",
    };
    say(format!(
        "#{:<4} {:<10} {arrow} {}: {}",
        m.id,
        m.state.as_str(),
        m.counterpart,
        m.text
    ));
    if let Some(note) = &m.note {
        say(format!("      note: {note}"));
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
        .filter_map(|(name, at)| at.map(|a| format!("{name} {}", when(a))))
        .collect();
    say(format!("      {}", reached.join(", ")));
    if let Some(answer) = &m.answer {
        say(format!("      answer: {answer}"));
    }
}

/// Runs `phr request`.
pub fn run_request(record: &mut Record, args: RequestArgs, json: bool) -> Result<(), String> {
    match args.command {
        RequestCommand::New {
            preset,
            to,
            entries,
            note,
            draft,
        } => {
            let ids = entries
                .iter()
                .map(|e| resolve_entry(record, e))
                .collect::<Result<Vec<_>, _>>()?;
            let mut m = record
                .create_request(&preset, &to, &ids, note)
                .map_err(err)?;
            if !draft {
                m = record
                    .queue_request(m.id)
                    .map_err(|e| format!("{e} (request #{} kept as a draft)", m.id))?;
            }
            if json {
                return print_json(&m);
            }
            print_message(&m);
            say(phr_core::rules::NOT_URGENT_NOTICE);
            Ok(())
        }
        RequestCommand::List => {
            let list = record.messages(None).map_err(err)?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                say("No requests or messages yet.");
            }
            for m in &list {
                print_message(m);
            }
            Ok(())
        }
        RequestCommand::Presets => {
            let presets = request_presets();
            if json {
                return print_json(&presets);
            }
            for p in &presets {
                say(format!("{:<26} {}", p.id, p.title));
            }
            say(phr_core::rules::NOT_URGENT_NOTICE);
            Ok(())
        }
    }
}

/// Runs `phr questions`.
pub fn run_questions(record: &mut Record, args: QuestionsArgs, json: bool) -> Result<(), String> {
    match args.command {
        QuestionsCommand::Add { appointment, text } => {
            let id = resolve_entry(record, &appointment)?;
            let q = record.add_question(id, &text.join(" ")).map_err(err)?;
            if json {
                return print_json(&q);
            }
            say(format!("#{} added: {}", q.id, q.text));
            Ok(())
        }
        QuestionsCommand::List { appointment } => {
            let id = resolve_entry(record, &appointment)?;
            let list = record.questions(id).map_err(err)?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                say("No questions for this appointment yet.");
            }
            for q in &list {
                let mark = if q.asked_at.is_some() { "x" } else { " " };
                say(format!("[{mark}] #{:<4} {}", q.id, q.text));
            }
            Ok(())
        }
        QuestionsCommand::Remove { id } => {
            record.remove_question(id).map_err(err)?;
            if json {
                return print_json(&serde_json::json!({ "removed": id }));
            }
            say(format!("#{id} removed"));
            Ok(())
        }
        QuestionsCommand::Asked { id, undo } => {
            let q = record.mark_question_asked(id, !undo).map_err(err)?;
            if json {
                return print_json(&q);
            }
            say(format!(
                "#{} {}: {}",
                q.id,
                if undo { "not asked yet" } else { "asked" },
                q.text
            ));
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use phr_core::rules::NotificationState;

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(parse_duration("30m"), Ok(Duration::minutes(30)));
        assert_eq!(parse_duration("2h"), Ok(Duration::hours(2)));
        assert_eq!(parse_duration("1d"), Ok(Duration::days(1)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::minutes(90)));
        for bad in ["", "30", "h", "0m", "2w", "-1h"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn snoozed_state_prints_its_time() {
        let until = DateTime::parse_from_rfc3339("2026-11-24T10:00:00Z")
            .expect("t")
            .to_utc();
        let s = NotificationState::Snoozed { until }.to_string();
        assert_eq!(s, "snoozed until 24 Nov 2026 10:00 UTC");
    }
}
