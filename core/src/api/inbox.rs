//! The professional's side of messages: a practice's or service's inbox at the relay.
//! Its mailbox, key and the messages it received live in one file, encrypted with the
//! inbox's passphrase (Argon2id + AES-256-GCM, as a record's key file). It lists what
//! came, marks a message read (the sender's record then says so), and answers or tells
//! the person something ("your results have arrived"), sealed to the person's key.
//!
//! Inbox file, version 1 (JSON): `{"v": 1, "kdf": {...}, "salt": hex, "nonce": hex,
//! "data": base64url}`; the header is the AES-GCM associated data.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::error::{ApiError, ApiResult};
use crate::keys::hex;
use crate::keys::passphrase::{self, KdfParams, NONCE_LEN, SALT_LEN};
use crate::relay_client::RelayClient;
use crate::share::{
    ContactCard, ENVELOPE_VERSION, Envelope, EnvelopeKind, MessageKeyPair, MessageSecretKey,
};

const VERSION: u32 = 1;

/// A message in a professional's inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxMessage {
    /// The relay's id of it.
    pub id: String,
    /// Who sent it (their card, to answer).
    pub from: ContactCard,
    /// What it is.
    pub kind: EnvelopeKind,
    /// Its heading.
    pub title: String,
    /// Its text.
    pub text: String,
    /// The person's note.
    pub note: Option<String>,
    /// Attached entries, one line each.
    pub attached: Vec<String>,
    /// When the relay took it.
    pub received_at: DateTime<Utc>,
    /// Whether it was marked read.
    pub read: bool,
    /// Whether it was answered.
    pub answered: bool,
}

#[derive(Serialize, Deserialize)]
struct State {
    name: String,
    relay: String,
    mailbox: String,
    token: String,
    secret: String,
    seq: i64,
    messages: Vec<InboxMessage>,
}

#[derive(Serialize, Deserialize)]
struct FileHeader {
    v: u32,
    kdf: KdfParams,
    salt: String,
    nonce: String,
}

#[derive(Serialize, Deserialize)]
struct InboxFile {
    #[serde(flatten)]
    header: FileHeader,
    data: String,
}

/// A professional's inbox, open.
pub struct ProfessionalInbox {
    path: PathBuf,
    passphrase: Zeroizing<String>,
    params: KdfParams,
    state: State,
}

fn invalid(reason: impl Into<String>) -> ApiError {
    ApiError::Invalid {
        field: "inbox".into(),
        reason: reason.into(),
    }
}

/// The associated data of an inbox file: its header without the nonce (AES-GCM checks
/// the nonce itself).
fn header_aad(header: &FileHeader) -> Vec<u8> {
    let bare = FileHeader {
        v: header.v,
        kdf: header.kdf,
        salt: header.salt.clone(),
        nonce: String::new(),
    };
    serde_json::to_vec(&bare).unwrap_or_default()
}

impl ProfessionalInbox {
    /// Makes an inbox for `name` ("Parkside Medical Practice") at the relay, in a new
    /// file at `path` encrypted with `passphrase`. Refuses an existing file.
    pub fn create(
        path: &Path,
        relay_url: &str,
        name: &str,
        passphrase: &str,
        params: KdfParams,
    ) -> ApiResult<Self> {
        if path.exists() {
            return Err(ApiError::AlreadyExists {
                what: path.display().to_string(),
            });
        }
        let name = name.trim();
        if name.is_empty() {
            return Err(invalid("give the practice's or service's name"));
        }
        passphrase::check_new_passphrase(passphrase)?;
        let relay = RelayClient::new(relay_url)?;
        let made = relay.create_mailbox()?;
        let keys = MessageKeyPair::generate();
        let inbox = Self {
            path: path.to_path_buf(),
            passphrase: Zeroizing::new(passphrase.to_owned()),
            params,
            state: State {
                name: name.to_owned(),
                relay: relay.base().to_owned(),
                mailbox: made.id,
                token: made.token,
                secret: keys.secret().to_base64url().to_string(),
                seq: 0,
                messages: Vec::new(),
            },
        };
        inbox.save()?;
        Ok(inbox)
    }

    /// Opens the inbox file at `path`. A wrong passphrase is
    /// [`ApiError::WrongPassphrase`]; nothing changes.
    pub fn open(path: &Path, passphrase: &str) -> ApiResult<Self> {
        let bytes = std::fs::read(path).map_err(|e| ApiError::Storage {
            reason: format!("cannot read the inbox {}: {e}", path.display()),
        })?;
        let file: InboxFile = serde_json::from_slice(&bytes)
            .map_err(|e| invalid(format!("{} is not an inbox file ({e})", path.display())))?;
        if file.header.v != VERSION {
            return Err(invalid("the inbox file is of a newer kind; update phr"));
        }
        file.header.kdf.validate()?;
        let salt: [u8; SALT_LEN] = hex::decode_array(&file.header.salt)
            .ok_or_else(|| invalid("the inbox file's salt is damaged"))?;
        let nonce: [u8; NONCE_LEN] = hex::decode_array(&file.header.nonce)
            .ok_or_else(|| invalid("the inbox file's nonce is damaged"))?;
        let data = URL_SAFE_NO_PAD
            .decode(&file.data)
            .map_err(|_| invalid("the inbox file's data is damaged"))?;
        let aad = header_aad(&file.header);
        let kek = passphrase::derive(passphrase, &salt, &file.header.kdf)?;
        let plain = passphrase::open(&kek, &nonce, &data, &aad)?;
        let state: State = serde_json::from_slice(&plain)
            .map_err(|e| invalid(format!("the inbox could not be read ({e})")))?;
        Ok(Self {
            path: path.to_path_buf(),
            passphrase: Zeroizing::new(passphrase.to_owned()),
            params: file.header.kdf,
            state,
        })
    }

    /// Writes the inbox file anew (a temporary file renamed over it, so a crash leaves
    /// the old or the new, never half).
    fn save(&self) -> ApiResult<()> {
        let salt = passphrase::random_salt();
        let kek = passphrase::derive(&self.passphrase, &salt, &self.params)?;
        let mut header = FileHeader {
            v: VERSION,
            kdf: self.params,
            salt: hex::encode(&salt),
            nonce: String::new(),
        };
        let plain = Zeroizing::new(serde_json::to_vec(&self.state).unwrap_or_default());
        let (nonce, data) = passphrase::seal(&kek, &plain, &header_aad(&header))?;
        header.nonce = hex::encode(&nonce);
        let file = InboxFile {
            header,
            data: URL_SAFE_NO_PAD.encode(data),
        };
        let json = serde_json::to_vec_pretty(&file).unwrap_or_default();
        let tmp = self.path.with_extension("tmp");
        std::fs::write(&tmp, json)
            .and_then(|()| std::fs::rename(&tmp, &self.path))
            .map_err(|e| ApiError::Storage {
                reason: format!("cannot write the inbox {}: {e}", self.path.display()),
            })
    }

    fn keys(&self) -> ApiResult<MessageKeyPair> {
        let secret = MessageSecretKey::from_base64url(&self.state.secret)
            .map_err(|_| invalid("the inbox's key is damaged"))?;
        Ok(MessageKeyPair::from_secret(secret))
    }

    fn relay(&self) -> ApiResult<RelayClient> {
        Ok(RelayClient::new(&self.state.relay)?)
    }

    /// The inbox's card (`phr-contact:...`), for people to add as a contact.
    pub fn card(&self) -> ApiResult<String> {
        Ok(self.card_value()?.to_text())
    }

    fn card_value(&self) -> ApiResult<ContactCard> {
        Ok(ContactCard {
            name: self.state.name.clone(),
            relay: self.state.relay.clone(),
            mailbox: self.state.mailbox.clone(),
            key: self.keys()?.public().to_base64url(),
        })
    }

    /// Fetches what is new at the relay (which tells each sender it was delivered) and
    /// returns every message, newest first. A message that does not open, or whose
    /// card is not its sender's key, is left out.
    pub fn refresh(&mut self) -> ApiResult<Vec<InboxMessage>> {
        let keys = self.keys()?;
        let relay = self.relay()?;
        let new = relay.fetch_messages(&self.state.mailbox, &self.state.token, self.state.seq)?;
        for m in &new {
            let envelope = Envelope::open(keys.secret(), &self.state.mailbox, &m.body);
            let Some(e) = envelope.filter(|e| e.from.check().is_ok()) else {
                log::warn!(target: "phr_core::inbox", "a message that does not open, or whose card is not its sender's, was left out");
                continue;
            };
            self.state.messages.push(InboxMessage {
                id: m.message_id.clone(),
                from: e.from,
                kind: e.kind,
                title: e.title,
                text: e.text,
                note: e.note,
                attached: e.attached,
                received_at: DateTime::from_timestamp(m.received_at, 0).unwrap_or_default(),
                read: false,
                answered: false,
            });
        }
        if let Some(last) = new.last() {
            self.state.seq = last.seq;
            self.save()?;
        }
        Ok(self.messages())
    }

    /// Every message received so far, newest first.
    pub fn messages(&self) -> Vec<InboxMessage> {
        let mut all = self.state.messages.clone();
        all.reverse();
        all
    }

    fn find(&self, id: &str) -> ApiResult<usize> {
        let id = id.trim();
        let found: Vec<usize> = (0..self.state.messages.len())
            .filter(|&i| {
                let m = &self.state.messages[i].id;
                m == id || (id.len() >= 4 && m.starts_with(id))
            })
            .collect();
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(ApiError::NotFound {
                what: format!("message {id}"),
            }),
            _ => Err(ApiError::NotFound {
                what: format!("message {id} (more than one starts with it; give more)"),
            }),
        }
    }

    /// Marks a message read: the sender's record shows "read" at its next sync.
    pub fn read(&mut self, id: &str) -> ApiResult<InboxMessage> {
        let i = self.find(id)?;
        let message_id = self.state.messages[i].id.clone();
        self.relay()?
            .mark_message_read(&self.state.mailbox, &self.state.token, &message_id)?;
        self.state.messages[i].read = true;
        self.save()?;
        Ok(self.state.messages[i].clone())
    }

    /// Answers message `id` (`kind` [`EnvelopeKind::Answer`] moves the person's
    /// request to answered), or tells its sender something else ("your results have
    /// arrived"). Returns the relay's id of the answer.
    pub fn reply(&mut self, id: &str, kind: EnvelopeKind, text: &str) -> ApiResult<String> {
        let i = self.find(id)?;
        let to = self.state.messages[i].from.clone();
        let in_reply_to = (kind == EnvelopeKind::Answer).then(|| self.state.messages[i].id.clone());
        let sent = self.send(&to, kind, text, in_reply_to)?;
        self.state.messages[i].answered = true;
        self.save()?;
        Ok(sent)
    }

    /// Fills in the module `template_id` of the person who sent message `id` (their
    /// record takes it only under a write grant for that module).
    pub fn fill_module(
        &mut self,
        id: &str,
        template_id: &str,
        answers: std::collections::BTreeMap<String, crate::model::modules::AnswerValue>,
    ) -> ApiResult<String> {
        let i = self.find(id)?;
        let to = self.state.messages[i].from.clone();
        let payload = super::ModuleAnswers {
            template_id: template_id.to_owned(),
            answers,
        };
        let text = serde_json::to_string(&payload).unwrap_or_default();
        self.send(&to, EnvelopeKind::ModuleAnswers, &text, None)
    }

    /// Sends `text` to the holder of `to` (their card), sealed to their key.
    pub fn send(
        &self,
        to: &ContactCard,
        kind: EnvelopeKind,
        text: &str,
        in_reply_to: Option<String>,
    ) -> ApiResult<String> {
        let text = text.trim();
        if text.is_empty() {
            return Err(invalid("write something to send"));
        }
        let key = to.check()?;
        let keys = self.keys()?;
        let envelope = Envelope {
            v: ENVELOPE_VERSION,
            kind,
            from: self.card_value()?,
            title: String::new(),
            text: text.to_owned(),
            note: None,
            attached: Vec::new(),
            in_reply_to,
            written_at: Utc::now().to_rfc3339(),
        };
        let body = envelope.seal(keys.secret(), &key, &to.mailbox)?;
        let relay = RelayClient::new(&to.relay)?;
        let sent =
            relay.send_message(&self.state.mailbox, &self.state.token, &to.mailbox, &body)?;
        Ok(sent.message_id)
    }
}
