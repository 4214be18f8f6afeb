//! Messages through the relay, as `async` calls where they talk to it: contacts from
//! their cards, the person's own card, a message in the person's words, one sync that
//! sends what is queued and brings receipts and messages in; and the duress passphrase.

use std::path::Path;
use std::sync::Arc;

use phr_core::Record;
use phr_core::api::{DuressSetup, MessageContact, MessageSync, WriteGrant};
use phr_core::keys::KdfParams;
use phr_core::messages::Message;
use phr_core::model::EntryId;

use super::{PersonHeldRecord, worker};
use crate::error::RecordError;

#[uniffi::export]
impl PersonHeldRecord {
    /// Opens the record at `path` with `passphrase` and its key file `key_file`: the
    /// record's passphrase opens it, the duress passphrase its limited view (both take
    /// the same time). Any other is `WrongPassphrase`.
    #[uniffi::constructor]
    pub async fn open_with_passphrase(
        path: String,
        key_file: String,
        passphrase: String,
    ) -> Result<Arc<Self>, RecordError> {
        worker::run(move |_| {
            Record::open_with_passphrase(Path::new(&path), Path::new(&key_file), &passphrase)
                .map(Self::wrap)
                .map_err(RecordError::from)
        })
        .await
    }

    /// Adds a contact from their card (`phr-contact:...`).
    pub fn add_message_contact(&self, card: String) -> Result<MessageContact, RecordError> {
        self.with(|r| r.add_message_contact(&card))
    }

    /// The person's contacts, by name.
    pub fn message_contacts(&self) -> Result<Vec<MessageContact>, RecordError> {
        self.with(|r| r.message_contacts())
    }

    /// Removes a contact: nothing more from them is kept.
    pub fn remove_message_contact(&self, name: String) -> Result<(), RecordError> {
        self.with(|r| r.remove_message_contact(&name))
    }

    /// The person's own card, for a carer or service (makes the mailbox the first time).
    pub async fn message_card(
        self: Arc<Self>,
        relay_url: Option<String>,
    ) -> Result<String, RecordError> {
        worker::run(move |_| self.with(|r| r.message_card(relay_url.as_deref()))).await
    }

    /// Writes a message in the person's words as a draft (queue it to send).
    pub fn create_message(&self, recipient: String, text: String) -> Result<Message, RecordError> {
        self.with(|r| r.create_message(&recipient, &text))
    }

    /// Sends what is queued, brings in receipts and messages, sends read receipts.
    pub async fn sync_messages(self: Arc<Self>) -> Result<MessageSync, RecordError> {
        worker::run(move |_| self.with(|r| r.sync_messages())).await
    }

    /// Sets the duress passphrase: it opens a view with only `keep`, and alerts the
    /// contact `alert_to` when opened.
    pub async fn set_duress(
        self: Arc<Self>,
        passphrase: String,
        keep: Vec<EntryId>,
        alert_to: Option<String>,
    ) -> Result<(), RecordError> {
        worker::run(move |_| {
            self.with(|r| {
                r.set_duress(DuressSetup {
                    passphrase,
                    keep,
                    alert_to,
                    params: KdfParams::default(),
                })
            })
        })
        .await
    }

    /// Removes the duress passphrase and its view.
    pub fn clear_duress(&self) -> Result<(), RecordError> {
        self.with(|r| r.clear_duress())
    }
}

#[uniffi::export]
impl PersonHeldRecord {
    /// Lets contact `to` fill in the module `template_id` for `days` (90 unless given).
    pub fn grant_write(
        &self,
        to: String,
        template_id: String,
        days: Option<u32>,
    ) -> Result<WriteGrant, RecordError> {
        self.with(|r| r.grant_write(&to, &template_id, days))
    }

    /// Every write grant, newest first.
    pub fn write_grants(&self) -> Result<Vec<WriteGrant>, RecordError> {
        self.with(|r| r.write_grants())
    }

    /// Withdraws a write grant.
    pub fn revoke_write_grant(&self, id: String) -> Result<(), RecordError> {
        self.with(|r| r.revoke_write_grant(&id))
    }
}
