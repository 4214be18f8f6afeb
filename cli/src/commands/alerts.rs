//! `phr alerts`: the notifications that need the person, with their advice; acknowledge
//! or snooze one, or see when the next falls due. Every decision is the core's.

use chrono::{DateTime, TimeDelta, Utc};
use clap::{Args, Subcommand};
use phr_core::rules::Notification;

use super::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::utc_time;
use crate::say;

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

/// Parses a duration such as `30m`, `2h`, `1d` or `1h30m`. A duration too long to
/// represent is an error like any other bad duration, never a panic.
pub fn parse_duration(text: &str) -> Result<TimeDelta, String> {
    let bad = || format!("'{text}' is not a duration such as 30m, 2h, 1d or 1h30m");
    let mut total = TimeDelta::zero();
    let mut digits = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: i64 = digits.parse().map_err(|_| bad())?;
        let part = match c.to_ascii_lowercase() {
            'm' => TimeDelta::try_minutes(n),
            'h' => TimeDelta::try_hours(n),
            'd' => TimeDelta::try_days(n),
            _ => return Err(bad()),
        };
        total = part
            .and_then(|part| total.checked_add(&part))
            .ok_or_else(bad)?;
        digits.clear();
    }
    if !digits.is_empty() || total <= TimeDelta::zero() {
        return Err(bad());
    }
    Ok(total)
}

/// When a snooze of `duration` from `now` ends.
fn snooze_end(now: DateTime<Utc>, duration: &str) -> CliResult<DateTime<Utc>> {
    let length = parse_duration(duration).map_err(CliError::usage)?;
    now.checked_add_signed(length)
        .ok_or_else(|| CliError::usage(format!("'{duration}' is too long for a snooze")))
}

fn print_notification(n: &Notification) {
    say!(
        "#{:<4} {:<9} {}  [{}]",
        n.id,
        n.severity.as_str().to_uppercase(),
        n.title,
        n.state
    );
    if !n.detail.is_empty() {
        say!("      {}", n.detail);
    }
    say!("      {}", n.advice);
    say!(
        "      ({} {} v{}, {})",
        n.category.as_str(),
        n.rule_id,
        n.rule_version,
        utc_time(n.due_at)
    );
}

/// Runs `phr alerts`.
pub fn run(ctx: &Ctx, args: AlertsArgs) -> CliResult {
    ctx.with_record(|record| {
        let now = record.clock().now();
        match args.command {
            None => {
                // What is due is notified now; the inbox lists everything that needs the
                // person, in the core's order (the same in every shell).
                let due = record.due_notifications(now)?;
                let list = record.inbox(now, args.all)?;
                let due_ids: Vec<i64> = due.iter().map(|n| n.id).collect();
                record.mark_shown(&due_ids)?;
                if ctx.out.json {
                    return ctx.out.print_json(&list);
                }
                if list.is_empty() {
                    say!("Nothing needs you now.");
                }
                for n in &list {
                    print_notification(n);
                }
                if !list.is_empty() {
                    say!(
                        "Acknowledge with `phr alerts ack ID`, or put off with `phr alerts snooze ID 1h`."
                    );
                }
                Ok(())
            }
            Some(AlertsCommand::Ack { id }) => {
                let n = record.acknowledge(id)?;
                if ctx.out.json {
                    return ctx.out.print_json(&n);
                }
                say!("#{id} acknowledged: {}", n.title);
                Ok(())
            }
            Some(AlertsCommand::Snooze { id, duration }) => {
                let until = snooze_end(now, &duration)?;
                let n = record.snooze(id, until)?;
                if ctx.out.json {
                    return ctx.out.print_json(&n);
                }
                say!("#{id} snoozed until {}: {}", utc_time(until), n.title);
                Ok(())
            }
            Some(AlertsCommand::Next) => {
                let next = record.next_due_time(now)?;
                if ctx.out.json {
                    return ctx
                        .out
                        .print_json(&serde_json::json!({ "next_due": next }));
                }
                match next {
                    Some(t) => say!("Next reminder: {}", utc_time(t)),
                    None => say!("No reminders are scheduled."),
                }
                Ok(())
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use phr_core::rules::NotificationState;

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(parse_duration("30m"), Ok(TimeDelta::minutes(30)));
        assert_eq!(parse_duration("2h"), Ok(TimeDelta::hours(2)));
        assert_eq!(parse_duration("1d"), Ok(TimeDelta::days(1)));
        assert_eq!(parse_duration("1h30m"), Ok(TimeDelta::minutes(90)));
        for bad in ["", "30", "h", "0m", "2w", "-1h"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn durations_too_long_to_represent_are_errors_not_panics() {
        for huge in [
            "9999999999999999m",
            "99999999999999d",
            "9223372036854775807h",
            "99999999999999999999m",
            "106751991167d1d",
        ] {
            assert!(parse_duration(huge).is_err(), "{huge}");
        }
        let now = DateTime::parse_from_rfc3339("2026-11-24T10:00:00Z")
            .expect("t")
            .to_utc();
        assert!(matches!(
            snooze_end(now, "100000000d"),
            Err(CliError::Usage(_))
        ));
        assert_eq!(
            snooze_end(now, "1h").expect("an hour"),
            now + TimeDelta::hours(1)
        );
    }

    #[test]
    fn snoozed_state_prints_its_time() {
        let until = DateTime::parse_from_rfc3339("2026-11-24T10:00:00Z")
            .expect("t")
            .to_utc();
        let s = NotificationState::Snoozed { until }.to_string();
        assert_eq!(s, "snoozed until 24 Nov 2026 10:00 UTC");
        assert_eq!(utc_time(until), "24 Nov 2026 10:00 UTC");
    }
}
