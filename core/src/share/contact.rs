//! A messaging address that one side hands the other (on paper, by QR code or pasted):
//! a *contact card*, `phr-contact:` followed by base64url JSON of who it is, the relay
//! that holds their mailbox, the mailbox id and their X25519 public key. Not secret: it
//! lets someone send to the mailbox, sealed so that only the card's owner can read it.
//! And the *envelope*: what travels sealed inside a message.
//!
//! `docs/sharing.md` ("Messages") has the formats.

use serde::{Deserialize, Serialize};

use super::{MessagePublicKey, MessageSecretKey, ShareError, b64, check_link_url, open, seal};

/// What every contact card starts with.
pub const CONTACT_CARD_PREFIX: &str = "phr-contact:";
/// The most characters of a name on a card.
pub const MAX_CONTACT_NAME_CHARS: usize = 120;
/// The envelope format this code writes and reads.
pub const ENVELOPE_VERSION: u32 = 1;

/// Someone's messaging address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactCard {
    /// Who it is ("Parkside Medical Practice", or the person's name).
    pub name: String,
    /// The relay's base URL.
    pub relay: String,
    /// The mailbox id at that relay.
    pub mailbox: String,
    /// Their X25519 public key, base64url.
    pub key: String,
}

fn bad(reason: impl Into<String>) -> ShareError {
    ShareError::InvalidLink {
        field: "contact card",
        reason: reason.into(),
    }
}

impl ContactCard {
    /// Checks every field: a name, a relay URL a link may point to, a mailbox id of the
    /// relay's shape (43 base64url characters), a valid public key.
    pub fn check(&self) -> Result<MessagePublicKey, ShareError> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > MAX_CONTACT_NAME_CHARS {
            return Err(bad(format!(
                "the name must be 1 to {MAX_CONTACT_NAME_CHARS} characters"
            )));
        }
        check_link_url(&self.relay).map_err(bad)?;
        let id_ok = self.mailbox.len() == 43
            && self
                .mailbox
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !id_ok {
            return Err(bad("the mailbox id is not one a relay gives"));
        }
        MessagePublicKey::from_base64url(&self.key)
    }

    /// The card as text: `phr-contact:` and base64url JSON.
    pub fn to_text(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        format!("{CONTACT_CARD_PREFIX}{}", b64::encode(&json))
    }

    /// Reads a card's text (spaces and line breaks from pasting are ignored) and checks
    /// it.
    pub fn from_text(text: &str) -> Result<Self, ShareError> {
        let text: String = text.split_whitespace().collect();
        let body = text
            .strip_prefix(CONTACT_CARD_PREFIX)
            .ok_or_else(|| bad(format!("it does not start with {CONTACT_CARD_PREFIX}")))?;
        let json = b64::decode_lenient(body).map_err(|e| bad(format!("is not base64url ({e})")))?;
        let card: Self =
            serde_json::from_slice(&json).map_err(|e| bad(format!("is not a card ({e})")))?;
        card.check()?;
        Ok(card)
    }
}

/// What a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnvelopeKind {
    /// A request from the preset list.
    Request,
    /// A message in the sender's words.
    Message,
    /// "Your results have arrived."
    ResultsArrived,
    /// "Please book an appointment."
    BookAppointment,
    /// "Your prescription is ready."
    PrescriptionReady,
    /// An answer to a request (`in_reply_to` names it).
    Answer,
    /// "I was made to open my record": the duress alert to a chosen contact.
    DuressAlert,
    /// Answers to an optional module, from someone with a write grant for it; `text` is
    /// JSON `{"template_id", "answers"}`.
    ModuleAnswers,
}

/// What travels sealed inside a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    /// [`ENVELOPE_VERSION`].
    pub v: u32,
    /// What it is.
    pub kind: EnvelopeKind,
    /// The sender's card, so the recipient can answer.
    pub from: ContactCard,
    /// A heading ("Please look at my readings").
    pub title: String,
    /// The text.
    pub text: String,
    /// The person's note on a request.
    #[serde(default)]
    pub note: Option<String>,
    /// Attached entries, one line each.
    #[serde(default)]
    pub attached: Vec<String>,
    /// The relay message id this answers.
    #[serde(default)]
    pub in_reply_to: Option<String>,
    /// When it was written (RFC 3339).
    pub written_at: String,
}

impl Envelope {
    /// The envelope sealed from `sender` to `recipient` for their `mailbox`, as base64url
    /// text the relay carries.
    pub fn seal(
        &self,
        sender: &MessageSecretKey,
        recipient: &MessagePublicKey,
        mailbox: &str,
    ) -> Result<String, ShareError> {
        // Strings, numbers and lists only: writing it as JSON cannot fail.
        let plain = serde_json::to_vec(self).unwrap_or_default();
        let sealed = seal(sender, recipient, &plain, &envelope_aad(mailbox))?;
        Ok(b64::encode(&sealed))
    }

    /// Opens a `body` fetched from `mailbox`, sealed to `recipient`: the envelope, only
    /// when it opens, is an envelope, and its card names the key that sealed it.
    pub fn open(recipient: &MessageSecretKey, mailbox: &str, body: &str) -> Option<Self> {
        let sealed = b64::decode(body).ok()?;
        let opened = open(recipient, &sealed, &envelope_aad(mailbox)).ok()?;
        let envelope: Self = serde_json::from_slice(&opened.plaintext).ok()?;
        (envelope.from.key == opened.sender_public.to_base64url()).then_some(envelope)
    }
}

/// The associated data a message to `mailbox` is sealed with: the recipient's routing
/// id, so a message cannot be replayed into another mailbox.
pub fn envelope_aad(mailbox: &str) -> Vec<u8> {
    [b"phr envelope v1 ".as_slice(), mailbox.as_bytes()].concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::MessageKeyPair;

    fn card() -> ContactCard {
        ContactCard {
            name: "Parkside Medical Practice".into(),
            relay: "http://127.0.0.1:8080".into(),
            mailbox: "a".repeat(43),
            key: MessageKeyPair::generate().public().to_base64url(),
        }
    }

    #[test]
    fn a_card_reads_back_from_its_text_even_with_line_breaks() {
        let c = card();
        let text = c.to_text();
        let broken = format!("{}\n  {}", &text[..20], &text[20..]);
        assert_eq!(ContactCard::from_text(&broken).expect("reads"), c);
    }

    #[test]
    fn a_card_with_a_bad_field_is_refused_in_words() {
        let mut c = card();
        c.mailbox = "short".into();
        let err = ContactCard::from_text(&c.to_text()).expect_err("refused");
        assert!(err.to_string().contains("mailbox id"), "{err}");
        let mut c = card();
        c.relay = "ftp://example.org".into();
        assert!(ContactCard::from_text(&c.to_text()).is_err());
        assert!(ContactCard::from_text("hello").is_err());
        assert!(ContactCard::from_text("phr-contact:!!!").is_err());
    }
}
