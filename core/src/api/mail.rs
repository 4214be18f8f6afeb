//! Messages through the relay, both ways: the person's contacts (a practice's or a
//! carer's card), the record's own mailbox and key, and one sync that sends what is
//! queued (sealed to the recipient: the relay sees ciphertext and routing ids), moves
//! the outbox on with delivered and read receipts ("Parkside Medical Practice read your
//! request on 3 Dec at 10:42"), takes in messages from known contacts as notifications,
//! and sends read receipts for what the person read. The rate limit per recipient
//! holds: only queued messages are sent, and queueing checks it.
//!
//! `docs/sharing.md` ("Messages") has the formats and what the relay sees.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};

use super::Record;
use super::error::{ApiError, ApiResult};
use super::observer::ChangeArea;
use crate::messages::outbox::{self, FREE_MESSAGE_TOPIC};
use crate::messages::requests::request_preset;
use crate::messages::{Direction, InboundKind, Message, MessageState};
use crate::model::EntryBody;
use crate::relay_client::{RelayClient, RelayClientError};
use crate::rules::{Firing, MessageText, Severity, notify_once};
use crate::share::{
    ContactCard, ENVELOPE_VERSION, Envelope, EnvelopeKind, MessageKeyPair, MessagePublicKey,
    MessageSecretKey,
};
use crate::store::mailbox::{self, ContactRow};
use crate::store::{entries, meta};

/// The rule id of "they read your request" notifications.
pub const MESSAGE_READ_RULE_ID: &str = "message.read";

const RELAY: &str = "mailbox.relay";
const ID: &str = "mailbox.id";
const TOKEN: &str = "mailbox.token";
const SECRET: &str = "mailbox.secret";
const MESSAGES_SEQ: &str = "mailbox.messages_seq";
const RECEIPTS_SEQ: &str = "mailbox.receipts_seq";

/// Someone messages can go to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageContact {
    /// Their name, as their card gives it.
    pub name: String,
    /// Their relay.
    pub relay_url: String,
    /// When the person added them.
    pub added_at: DateTime<Utc>,
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageSync {
    /// Queued messages handed to the relay.
    pub sent: u32,
    /// Messages now known to have arrived.
    pub delivered: u32,
    /// Messages now known to have been read.
    pub read: u32,
    /// Messages that came in.
    pub received: u32,
    /// Messages that came from a key the record does not know, and were not kept.
    pub refused: u32,
    /// Queued messages that could not go, each with why ("no address for Dr Lee").
    pub waiting: Vec<String>,
}

/// The record's own mailbox and key.
pub(super) struct Identity {
    pub relay: RelayClient,
    pub id: String,
    pub token: String,
    pub keys: MessageKeyPair,
}

fn secret_from(text: &str) -> ApiResult<MessageSecretKey> {
    MessageSecretKey::from_base64url(text).map_err(|_| ApiError::Storage {
        reason: "the record's message key could not be read".into(),
    })
}

fn contact_of(c: &ContactRow) -> MessageContact {
    MessageContact {
        name: c.name.clone(),
        relay_url: c.relay_url.clone(),
        added_at: c.added_at,
    }
}

fn inbound_kind(kind: EnvelopeKind) -> InboundKind {
    match kind {
        EnvelopeKind::ResultsArrived => InboundKind::ResultsArrived,
        EnvelopeKind::BookAppointment => InboundKind::BookAppointment,
        EnvelopeKind::PrescriptionReady => InboundKind::PrescriptionReady,
        EnvelopeKind::Answer => InboundKind::Answer,
        EnvelopeKind::Request
        | EnvelopeKind::Message
        | EnvelopeKind::DuressAlert
        | EnvelopeKind::ModuleAnswers => InboundKind::Other,
    }
}

/// "Parkside Medical Practice read your request on 3 Dec at 10:42", once.
fn tell_of_read(tx: &Transaction<'_>, m: &Message, at: DateTime<Utc>) -> ApiResult<()> {
    let what = if m.topic == FREE_MESSAGE_TOPIC {
        "message"
    } else {
        "request"
    };
    let when = at.format("%-d %b at %H:%M");
    let text = MessageText {
        title: format!("{} read your {what}", m.counterpart),
        detail: format!("{} read your {what} on {when}.", m.counterpart),
        advice:
            "An answer may take a few days. For urgent help call NHS 111, or 999 in an emergency."
                .into(),
    };
    let at_ms = at.timestamp_millis();
    let key = format!("message:{}:read", m.id);
    let firing = Firing::message(key, at_ms, at_ms, Severity::Info, text);
    notify_once(tx, MESSAGE_READ_RULE_ID, &firing, at)?;
    Ok(())
}

fn seq(conn: &rusqlite::Connection, key: &str) -> ApiResult<i64> {
    Ok(meta::get(conn, key)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

impl Record {
    /// Adds a contact from their card (`phr-contact:...`), or replaces the card of the
    /// contact with that name.
    pub fn add_message_contact(&mut self, card: &str) -> ApiResult<MessageContact> {
        let card = ContactCard::from_text(card)?;
        let row = ContactRow {
            name: card.name.trim().to_owned(),
            relay_url: RelayClient::new(&card.relay)?.base().to_owned(),
            mailbox_id: card.mailbox,
            public_key: card.key,
            added_at: self.now(),
        };
        self.write(&[ChangeArea::Settings], |tx, _| {
            Ok(mailbox::put_contact(tx, &row)?)
        })?;
        Ok(contact_of(&row))
    }

    /// The person's contacts, by name.
    pub fn message_contacts(&self) -> ApiResult<Vec<MessageContact>> {
        Ok(mailbox::contacts(self.conn())?
            .iter()
            .map(contact_of)
            .collect())
    }

    /// Removes a contact.
    pub fn remove_message_contact(&mut self, name: &str) -> ApiResult<()> {
        self.write(&[ChangeArea::Settings], |tx, _| {
            Ok(mailbox::remove_contact(tx, name)?)
        })
    }

    /// Writes a message in the person's own words to `recipient` as a draft.
    pub fn create_message(&mut self, recipient: &str, text: &str) -> ApiResult<Message> {
        self.write(&[ChangeArea::Messages], |tx, now| {
            Ok(outbox::create_message(tx, now, recipient, text)?)
        })
    }

    /// The record's mailbox and key, if it has them.
    pub(super) fn existing_identity(&self) -> ApiResult<Option<Identity>> {
        let conn = self.conn();
        if let (Some(relay), Some(id), Some(token), Some(secret)) = (
            meta::get(conn, RELAY)?,
            meta::get(conn, ID)?,
            meta::get(conn, TOKEN)?,
            meta::get(conn, SECRET)?,
        ) {
            return Ok(Some(Identity {
                relay: RelayClient::new(&relay)?,
                id,
                token,
                keys: MessageKeyPair::from_secret(secret_from(&secret)?),
            }));
        }
        Ok(None)
    }

    /// The record's mailbox and key, made at `relay_url` (or the first contact's relay)
    /// the first time.
    pub(super) fn message_identity(&mut self, relay_url: Option<&str>) -> ApiResult<Identity> {
        if let Some(me) = self.existing_identity()? {
            return Ok(me);
        }
        let conn = self.conn();
        let relay_url = match relay_url {
            Some(url) => url.to_owned(),
            None => mailbox::contacts(conn)?
                .first()
                .map(|c| c.relay_url.clone())
                .ok_or_else(|| ApiError::Conflict {
                    reason: "add a contact (their card) before sending messages".into(),
                })?,
        };
        let relay = RelayClient::new(&relay_url)?;
        let made = relay.create_mailbox()?;
        let keys = MessageKeyPair::generate();
        let secret = keys.secret().to_base64url();
        self.write(&[ChangeArea::Settings], |tx, _| {
            meta::set(tx, RELAY, relay.base())?;
            meta::set(tx, ID, &made.id)?;
            meta::set(tx, TOKEN, &made.token)?;
            meta::set(tx, SECRET, &secret)?;
            Ok(())
        })?;
        Ok(Identity {
            relay,
            id: made.id,
            token: made.token,
            keys,
        })
    }

    /// The person's own card, for a carer or a service that will message them; makes
    /// the record's mailbox at `relay_url` the first time.
    pub fn message_card(&mut self, relay_url: Option<&str>) -> ApiResult<String> {
        let me = self.message_identity(relay_url)?;
        Ok(self.card_of(&me)?.to_text())
    }

    pub(super) fn card_of(&self, me: &Identity) -> ApiResult<ContactCard> {
        let name = entries::list(
            self.conn(),
            &crate::store::entries::EntryFilter::default(),
            crate::model::Viewer::Person,
        )?
        .into_iter()
        .find_map(|e| match e.body {
            EntryBody::Identity(i) => Some(i.name),
            _ => None,
        })
        .unwrap_or_else(|| "A person with a health record".into());
        Ok(ContactCard {
            name,
            relay: me.relay.base().to_owned(),
            mailbox: me.id.clone(),
            key: me.keys.public().to_base64url(),
        })
    }

    fn envelope_of(&self, m: &Message, from: ContactCard) -> ApiResult<Envelope> {
        let (kind, title) = match request_preset(&m.topic) {
            Some(p) => (EnvelopeKind::Request, p.title),
            None => (EnvelopeKind::Message, "A message".to_owned()),
        };
        let attached = m
            .entries
            .iter()
            .filter_map(|id| entries::live(self.conn(), *id).ok())
            .map(|e| e.body.summary())
            .collect();
        Ok(Envelope {
            v: ENVELOPE_VERSION,
            kind,
            from,
            title,
            text: m.text.clone(),
            note: m.note.clone(),
            attached,
            in_reply_to: None,
            written_at: self.now().to_rfc3339(),
        })
    }

    /// Sends `envelope` sealed to `to` from the record's mailbox.
    pub(super) fn send_envelope(
        me: &Identity,
        to: &ContactRow,
        envelope: &Envelope,
    ) -> ApiResult<String> {
        let body = Self::seal_envelope(me, to, envelope)?;
        Ok(me
            .relay
            .send_message(&me.id, &me.token, &to.mailbox_id, &body)?
            .message_id)
    }

    /// `envelope` sealed from the record's key to `to`, as the relay carries it.
    pub(super) fn seal_envelope(
        me: &Identity,
        to: &ContactRow,
        envelope: &Envelope,
    ) -> ApiResult<String> {
        let key = MessagePublicKey::from_base64url(&to.public_key)?;
        Ok(envelope.seal(me.keys.secret(), &key, &to.mailbox_id)?)
    }

    /// Sends what is queued, pulls receipts and new messages, and sends read receipts
    /// for what the person read. Without contacts or a mailbox there is nothing to do.
    pub fn sync_messages(&mut self) -> ApiResult<MessageSync> {
        let mut report = MessageSync::default();
        self.send_duress_alert()?;
        let queued = outbox::outbox(self.conn())?;
        let has_mailbox = meta::get(self.conn(), ID)?.is_some();
        if queued.is_empty() && !has_mailbox {
            return Ok(report);
        }
        let me = self.message_identity(None)?;
        let card = self.card_of(&me)?;
        for m in queued {
            let Some(to) = mailbox::contact(self.conn(), &m.counterpart)? else {
                report.waiting.push(format!(
                    "no address for {}: add their card first",
                    m.counterpart
                ));
                continue;
            };
            if to.relay_url != me.relay.base() {
                report.waiting.push(format!(
                    "{} uses another relay ({}) than this record ({})",
                    m.counterpart,
                    to.relay_url,
                    me.relay.base()
                ));
                continue;
            }
            let envelope = self.envelope_of(&m, card.clone())?;
            let relay_id = match Self::send_envelope(&me, &to, &envelope) {
                Ok(id) => id,
                Err(ApiError::Server { reason }) if report.sent > 0 => {
                    report.waiting.push(format!("{}: {reason}", m.counterpart));
                    break;
                }
                Err(e) => return Err(e),
            };
            self.write(&[ChangeArea::Messages], |tx, now| {
                outbox::move_message(tx, now, m.id, MessageState::Sent, None)?;
                mailbox::link(tx, m.id, &relay_id)?;
                Ok(())
            })?;
            report.sent += 1;
        }
        self.pull_receipts(&me, &mut report)?;
        self.pull_messages(&me, &mut report)?;
        for (id, relay_id) in mailbox::reads_to_send(self.conn())? {
            match me.relay.mark_message_read(&me.id, &me.token, &relay_id) {
                Ok(()) | Err(RelayClientError::Gone) => {}
                Err(e) => return Err(e.into()),
            }
            self.write(&[ChangeArea::Messages], |tx, _| {
                Ok(mailbox::set_read_sent(tx, id)?)
            })?;
        }
        Ok(report)
    }

    fn pull_receipts(&mut self, me: &Identity, report: &mut MessageSync) -> ApiResult<()> {
        let after = seq(self.conn(), RECEIPTS_SEQ)?;
        let receipts = me.relay.receipts(&me.id, &me.token, after)?;
        let Some(last) = receipts.last().map(|r| r.seq) else {
            return Ok(());
        };
        let mut moves = Vec::new();
        for r in &receipts {
            let Some(id) = mailbox::message_for(self.conn(), &r.message_id)? else {
                continue;
            };
            let to = match r.kind.as_str() {
                "delivered" => MessageState::Delivered,
                "read" => MessageState::Read,
                _ => continue,
            };
            moves.push((
                id,
                to,
                DateTime::from_timestamp(r.at, 0).unwrap_or_default(),
            ));
        }
        let (delivered, read) =
            self.write(&[ChangeArea::Messages, ChangeArea::Alerts], |tx, now| {
                let (mut delivered, mut read) = (0, 0);
                for (id, to, at) in moves {
                    let m = outbox::message(tx, id)?;
                    if m.direction != Direction::Outbound || m.state >= to {
                        continue;
                    }
                    let m = outbox::move_message(tx, now, id, to, None)?;
                    if to == MessageState::Read {
                        tell_of_read(tx, &m, at)?;
                        read += 1;
                    } else {
                        delivered += 1;
                    }
                }
                meta::set(tx, RECEIPTS_SEQ, &last.to_string())?;
                Ok((delivered, read))
            })?;
        report.delivered += delivered;
        report.read += read;
        Ok(())
    }

    fn pull_messages(&mut self, me: &Identity, report: &mut MessageSync) -> ApiResult<()> {
        let after = seq(self.conn(), MESSAGES_SEQ)?;
        let incoming = me.relay.fetch_messages(&me.id, &me.token, after)?;
        let Some(last) = incoming.last().map(|m| m.seq) else {
            return Ok(());
        };
        let mut kept = Vec::new();
        let mut module_answers = Vec::new();
        for m in &incoming {
            let envelope = Envelope::open(me.keys.secret(), &me.id, &m.body);
            let from = match &envelope {
                Some(e) => mailbox::contact_by_key(self.conn(), &e.from.key)?,
                None => None,
            };
            match (envelope, from) {
                (Some(e), Some(from)) => {
                    if e.kind == EnvelopeKind::ModuleAnswers {
                        module_answers.push((from.name, e.text));
                    } else {
                        kept.push((m.message_id.clone(), from.name, e))
                    }
                }
                _ => {
                    log::warn!(target: "phr_core::messages", "a message that does not open, or not from a contact, was left out");
                    report.refused += 1;
                }
            }
        }
        let received = self.write(&[ChangeArea::Messages, ChangeArea::Alerts], |tx, now| {
            let mut received = 0;
            for (relay_id, from, e) in kept {
                if mailbox::message_for(tx, &relay_id)?.is_some() {
                    continue;
                }
                let answered = match &e.in_reply_to {
                    Some(r) if e.kind == EnvelopeKind::Answer => mailbox::message_for(tx, r)?,
                    _ => None,
                };
                let text = e
                    .text
                    .chars()
                    .take(crate::model::error::NOTE_TEXT)
                    .collect::<String>();
                match answered {
                    Some(id) if outbox::message(tx, id)?.state < MessageState::Answered => {
                        // The answer moves the request on (and tells the person).
                        outbox::move_message(tx, now, id, MessageState::Answered, Some(text))?;
                    }
                    _ => {
                        let kind = inbound_kind(e.kind);
                        let stored = outbox::receive_message(tx, now, &from, kind, &text)?;
                        mailbox::link(tx, stored.id, &relay_id)?;
                    }
                }
                received += 1;
            }
            meta::set(tx, MESSAGES_SEQ, &last.to_string())?;
            Ok(received)
        })?;
        report.received += received;
        for (from, answers) in module_answers {
            match self.apply_module_answers(&from, &answers) {
                Ok(()) => report.received += 1,
                Err(e) => {
                    log::warn!(target: "phr_core::messages", "module answers not taken: {e}");
                    report.refused += 1;
                }
            }
        }
        Ok(())
    }
}
