//! Mailboxes at the relay: make one, send a sealed message to another, fetch what came
//! (the relay records "delivered" as it hands a message over), say one was read, and
//! read the receipts of what this mailbox sent. Bodies are already sealed; the relay
//! sees routing ids and ciphertext only.

use serde::{Deserialize, Serialize};

use super::{RelayClient, RelayClientError};

/// A mailbox the relay made: its id (the address) and the secret that uses it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CreatedMailbox {
    /// The mailbox id.
    pub id: String,
    /// The bearer token that sends from and reads this mailbox.
    pub token: String,
}

/// What the relay said of a message it took.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SentMessage {
    /// The relay's id of the message (receipts name it).
    pub message_id: String,
    /// Its place in the recipient's mailbox.
    pub seq: i64,
}

/// A message waiting in a mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MailboxMessage {
    /// Its place in the mailbox.
    pub seq: i64,
    /// The relay's id of it.
    pub message_id: String,
    /// The sender's mailbox id.
    pub from: String,
    /// The sealed body, base64url.
    pub body: String,
    /// When the relay took it, seconds since 1970.
    pub received_at: i64,
}

/// A receipt for a message this mailbox sent.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MailboxReceipt {
    /// Its place among this mailbox's receipts.
    pub seq: i64,
    /// The message it is about.
    pub message_id: String,
    /// `delivered` or `read`.
    pub kind: String,
    /// When, seconds since 1970.
    pub at: i64,
}

#[derive(Serialize)]
struct Send<'a> {
    from: &'a str,
    body: &'a str,
}

#[derive(Deserialize)]
struct Messages {
    messages: Vec<MailboxMessage>,
}

#[derive(Deserialize)]
struct Receipts {
    receipts: Vec<MailboxReceipt>,
}

fn missing(what: &str) -> RelayClientError {
    RelayClientError::Refused {
        status: 200,
        reason: format!("the answer had no {what}"),
    }
}

impl RelayClient {
    /// Makes a mailbox.
    pub fn create_mailbox(&self) -> Result<CreatedMailbox, RelayClientError> {
        let url = format!("{}/mailboxes", self.base);
        self.call(|c| c.post(url))?
            .ok_or_else(|| missing("mailbox"))
    }

    /// Sends `body` (sealed, base64url) from mailbox `from` (with its token) to `to`.
    pub fn send_message(
        &self,
        from: &str,
        token: &str,
        to: &str,
        body: &str,
    ) -> Result<SentMessage, RelayClientError> {
        let url = format!("{}/mailboxes/{to}/messages", self.base);
        self.call(|c| c.post(url).bearer_auth(token).json(&Send { from, body }))?
            .ok_or_else(|| missing("message id"))
    }

    /// Every message in mailbox `id` after `after`, oldest first, every page.
    pub fn fetch_messages(
        &self,
        id: &str,
        token: &str,
        mut after: i64,
    ) -> Result<Vec<MailboxMessage>, RelayClientError> {
        let mut all = Vec::new();
        loop {
            let url = format!("{}/mailboxes/{id}/messages?after={after}", self.base);
            let page: Messages = self
                .call(|c| c.get(url).bearer_auth(token))?
                .ok_or_else(|| missing("messages"))?;
            let Some(last) = page.messages.last().map(|m| m.seq) else {
                return Ok(all);
            };
            after = last;
            all.extend(page.messages);
        }
    }

    /// Tells the sender that message `message_id` in mailbox `id` was read.
    pub fn mark_message_read(
        &self,
        id: &str,
        token: &str,
        message_id: &str,
    ) -> Result<(), RelayClientError> {
        let url = format!("{}/mailboxes/{id}/messages/{message_id}/read", self.base);
        self.call::<serde_json::Value>(|c| c.post(url).bearer_auth(token))?;
        Ok(())
    }

    /// The receipts for what mailbox `id` sent, after `after`, every page.
    pub fn receipts(
        &self,
        id: &str,
        token: &str,
        mut after: i64,
    ) -> Result<Vec<MailboxReceipt>, RelayClientError> {
        let mut all = Vec::new();
        loop {
            let url = format!("{}/mailboxes/{id}/receipts?after={after}", self.base);
            let page: Receipts = self
                .call(|c| c.get(url).bearer_auth(token))?
                .ok_or_else(|| missing("receipts"))?;
            let Some(last) = page.receipts.last().map(|r| r.seq) else {
                return Ok(all);
            };
            after = last;
            all.extend(page.receipts);
        }
    }
}
