//! The emergency summary: what the person marked Emergency (identity and NHS number,
//! allergies, medication, conditions, emergency contacts, advance wishes, hospital
//! passport), for a paramedic or A&E nurse who meets them unable to speak. Opt-in; built
//! from the record on this device, so it needs no network. Three forms: plain facts for
//! a screen, a short text for a phone's lock screen, and an International Patient
//! Summary (FHIR). A printable QR code carries a direct (`U`-flag) SMART Health Link that
//! needs no passcode; whoever opens it is logged at the relay and the person is told
//! (break-glass), as for any share.
//!
//! `docs/sharing.md` ("The emergency summary") says what goes in and why.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Record;
use super::error::{ApiError, ApiResult};
use super::observer::ChangeArea;
use super::share::{EMERGENCY_AUDIENCE, NewShare, RecipientKind, Share, ShareStatus};
use crate::fhir::export::ExportScope;
use crate::model::modules::{AnswerValue, builtin_template};
use crate::model::{Entry, EntryBody, EntryKind, Viewer};
use crate::store::entries::EntryFilter;
use crate::store::{entries, meta};

/// The record setting that says the person switched the emergency summary on.
const ENABLED_KEY: &str = "emergency_summary";
/// The most characters of the lock-screen text. Android's lock-screen message and
/// iOS's Medical ID notes both show a few hundred characters before they cut off; 600
/// leaves the important facts on the first screen of either (a layout limit, not a
/// clinical number).
pub const LOCK_SCREEN_MAX_CHARS: usize = 600;
/// The emergency link lasts five years unless the person chooses otherwise: it is
/// printed and carried, and a card that stops working is worse than none.
pub const DEFAULT_EMERGENCY_DAYS: u32 = 5 * 365;
/// The most days an emergency link can last before it needs renewing (ten years).
pub const MAX_EMERGENCY_DAYS: u32 = 10 * 365;

/// One part of the summary: a heading and its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmergencyPart {
    /// What the part is ("Allergies").
    pub heading: String,
    /// One line per entry.
    pub lines: Vec<String>,
}

/// What the person marked Emergency, in the order a responder needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmergencySummary {
    /// When it was put together.
    pub made_at: DateTime<Utc>,
    /// The parts that have something in them, identity first.
    pub parts: Vec<EmergencyPart>,
    /// Important parts with nothing marked Emergency ("Allergies"), so a responder
    /// knows the record says nothing rather than "none".
    pub not_given: Vec<String>,
}

/// The order of the parts: what identifies the person, then what can kill in minutes
/// (allergies, medication), conditions, who to call, and the person's wishes.
const ORDER: [EntryKind; 11] = [
    EntryKind::Identity,
    EntryKind::Allergy,
    EntryKind::Medication,
    EntryKind::Condition,
    EntryKind::Contact,
    EntryKind::PersonInMyLife,
    EntryKind::ThingsToKnow,
    EntryKind::Module,
    EntryKind::OrganDonation,
    EntryKind::MyContactDetails,
    EntryKind::Vaccination,
];
/// The parts a responder looks for first, named when they are empty.
const EXPECTED: [EntryKind; 4] = [
    EntryKind::Identity,
    EntryKind::Allergy,
    EntryKind::Medication,
    EntryKind::Condition,
];

fn answer_text(value: &AnswerValue) -> String {
    match value {
        AnswerValue::YesNo(true) => "yes".into(),
        AnswerValue::YesNo(false) => "no".into(),
        AnswerValue::Number(n) => format!("{n}"),
        AnswerValue::Date(d) => d.to_string(),
        AnswerValue::Text(t) => t.clone(),
    }
}

/// The lines of one entry: a module (advance wishes, hospital passport) gives each
/// answer with its question, since a responder needs the answers, not a count.
fn lines_of(entry: &Entry) -> Vec<String> {
    match &entry.body {
        EntryBody::Module(m) => match builtin_template(&m.template_id) {
            Some(t) => {
                let answers: Vec<String> = t
                    .fields
                    .iter()
                    .filter_map(|f| {
                        m.answers
                            .get(&f.id)
                            .map(|a| format!("{}: {}", f.label, answer_text(a)))
                    })
                    .collect();
                let mut lines = vec![format!("{}:", t.title)];
                lines.extend(answers.into_iter().map(|a| format!("  {a}")));
                lines
            }
            None => vec![entry.body.summary()],
        },
        body => vec![body.summary()],
    }
}

impl EmergencySummary {
    /// Builds the summary from the entries the Emergency viewer may see.
    pub fn of(entries: &[Entry], made_at: DateTime<Utc>) -> Self {
        let mut kinds: Vec<EntryKind> = ORDER.to_vec();
        kinds.extend(
            EntryKind::ALL
                .iter()
                .copied()
                .filter(|k| !ORDER.contains(k)),
        );
        let mut parts = Vec::new();
        let mut not_given = Vec::new();
        for kind in kinds {
            let lines: Vec<String> = entries
                .iter()
                .filter(|e| e.body.kind() == kind)
                .flat_map(lines_of)
                .collect();
            if lines.is_empty() {
                if EXPECTED.contains(&kind) {
                    not_given.push(kind.title().to_string());
                }
            } else {
                parts.push(EmergencyPart {
                    heading: kind.title().to_string(),
                    lines,
                });
            }
        }
        Self {
            made_at,
            parts,
            not_given,
        }
    }

    /// The whole summary as plain text.
    pub fn text(&self) -> String {
        let mut out = String::from("EMERGENCY INFORMATION\n");
        for part in &self.parts {
            out.push_str(&format!("\n{}\n", part.heading));
            for line in &part.lines {
                match line.strip_prefix("  ") {
                    Some(answer) => out.push_str(&format!("    {answer}\n")),
                    None => out.push_str(&format!("- {line}\n")),
                }
            }
        }
        if !self.not_given.is_empty() {
            out.push_str(&format!(
                "\nNot given in this summary: {}\n",
                self.not_given.join(", ")
            ));
        }
        out.push_str(&format!(
            "\nFrom the person's own record, {}.\n",
            self.made_at.format("%-d %b %Y")
        ));
        out
    }

    /// A short text for a phone's lock screen: one line a part, cut to
    /// [`LOCK_SCREEN_MAX_CHARS`] at a line's end, saying when more is in the record.
    pub fn lock_screen_text(&self) -> String {
        let mut lines: Vec<String> = vec!["EMERGENCY INFO".into()];
        for part in &self.parts {
            let items: Vec<&str> = part
                .lines
                .iter()
                .map(String::as_str)
                .filter(|l| !l.starts_with("  "))
                .map(|l| l.trim_end_matches(':'))
                .collect();
            lines.push(format!(
                "{}: {}",
                short_heading(&part.heading),
                items.join("; ")
            ));
        }
        const MORE: &str = "More in the health record app.";
        let mut out = String::new();
        for (i, line) in lines.iter().enumerate() {
            let room = LOCK_SCREEN_MAX_CHARS.saturating_sub(MORE.chars().count() + 1);
            let line = if line.chars().count() > room {
                let cut: String = line.chars().take(room.saturating_sub(1)).collect();
                format!("{cut}…")
            } else {
                line.clone()
            };
            if out.chars().count() + line.chars().count() + 1 > room {
                out.push_str(MORE);
                return out;
            }
            out.push_str(&line);
            if i + 1 < lines.len() {
                out.push('\n');
            }
        }
        out
    }
}

/// A heading short enough for a lock screen.
fn short_heading(heading: &str) -> &str {
    match heading {
        "Identity and NHS number" => "Name",
        "Conditions and significant surgeries" => "Conditions",
        "GP, next of kin and emergency contacts" => "Contacts",
        "Three things to know about me" => "Know about me",
        other => other,
    }
}

/// What an emergency link is made with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEmergencyLink {
    /// The relay's base URL.
    pub relay_url: String,
    /// Days it lasts ([`DEFAULT_EMERGENCY_DAYS`] when not given; at most
    /// [`MAX_EMERGENCY_DAYS`]).
    pub days: Option<u32>,
    /// No end date; `days` must then be unset.
    pub long_term: bool,
}

impl Record {
    /// Whether the person switched the emergency summary on.
    pub fn emergency_summary_enabled(&self) -> ApiResult<bool> {
        Ok(meta::get(self.conn(), ENABLED_KEY)?.as_deref() == Some("on"))
    }

    /// Switches the emergency summary on or off. Off also withdraws its links; when the
    /// relay cannot be reached, the summary stays on and this says so.
    pub fn set_emergency_summary(&mut self, on: bool) -> ApiResult<()> {
        if !on {
            for share in self.emergency_links()? {
                if share.status == ShareStatus::Active {
                    self.revoke_share(&share.id)?;
                }
            }
        }
        self.write(&[ChangeArea::Settings], |tx, _| {
            Ok(meta::set(tx, ENABLED_KEY, if on { "on" } else { "off" })?)
        })
    }

    fn require_emergency(&self) -> ApiResult<()> {
        if self.emergency_summary_enabled()? {
            Ok(())
        } else {
            Err(ApiError::Conflict {
                reason: "the emergency summary is switched off; switch it on first".into(),
            })
        }
    }

    /// The emergency summary, from this device alone (no network).
    pub fn emergency_summary(&self) -> ApiResult<EmergencySummary> {
        self.require_emergency()?;
        let entries = entries::list(self.conn(), &EntryFilter::default(), Viewer::Emergency)?;
        Ok(EmergencySummary::of(&entries, self.now()))
    }

    /// The emergency summary as an International Patient Summary (FHIR JSON): exactly
    /// what the Emergency viewer may see, no readings.
    pub fn emergency_summary_fhir(&self) -> ApiResult<String> {
        self.require_emergency()?;
        self.export_ips(Viewer::Emergency, &emergency_scope())
    }

    /// Makes a link to the emergency summary for a printed QR code: a direct (`U`-flag)
    /// SMART Health Link with no passcode, encrypted here and kept up to date by
    /// [`Record::refresh_shares`]. Whoever opens it is logged and the person told
    /// ([`Record::share_views`]).
    pub fn create_emergency_link(&mut self, link: NewEmergencyLink) -> ApiResult<Share> {
        self.require_emergency()?;
        let days = match (link.long_term, link.days) {
            (true, _) => None,
            (false, None) => Some(DEFAULT_EMERGENCY_DAYS),
            (false, Some(d)) if (1..=MAX_EMERGENCY_DAYS).contains(&d) => Some(d),
            (false, Some(_)) => {
                return Err(ApiError::Invalid {
                    field: "days".into(),
                    reason: format!(
                        "an emergency link lasts 1 to {MAX_EMERGENCY_DAYS} days; choose long-term for longer"
                    ),
                });
            }
        };
        let share = NewShare {
            to: "Emergency services".into(),
            kind: RecipientKind::Paramedic,
            scope: emergency_scope(),
            passcode: None,
            days,
            long_term: link.long_term,
            relay_url: link.relay_url,
            include_private: false,
        };
        self.make_grant(share, EMERGENCY_AUDIENCE, true)
    }

    /// The emergency summary's links, newest first.
    pub fn emergency_links(&self) -> ApiResult<Vec<Share>> {
        Ok(self.shares()?.into_iter().filter(|s| s.emergency).collect())
    }
}

/// Everything the Emergency viewer may see, without readings (a responder measures).
fn emergency_scope() -> ExportScope {
    ExportScope {
        readings: false,
        ..ExportScope::everything()
    }
}
