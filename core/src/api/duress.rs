//! Duress unlock: a second passphrase that opens a limited view of the record (only the
//! entries the person chose, in a record of their own that never held anything else),
//! and silently queues an "opened against my will" alert to a chosen contact through
//! the relay. The view is a whole record file, `<record>.view`, whose key is wrapped by
//! the duress passphrase in `<record>.view.key` and kept in the full record too, so the
//! full record rebuilds the view when it closes and learns, when it next opens, that the
//! view was opened.
//!
//! Unlocking with a passphrase always runs the key derivation twice (the record's key
//! file, and the view's or a stand-in with the same settings), so the time it takes does
//! not say which passphrase was given or whether a view exists. `docs/security.md`
//! ("Coercion") says what this protects against and what it cannot.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::Record;
use super::error::{ApiError, ApiResult};
use super::observer::ChangeArea;
use crate::keys::hex;
use crate::keys::passphrase::{self, KdfParams};
use crate::keys::{DatabaseKey, KeyError, PassphraseKeyFile};
use crate::model::EntryId;
use crate::rules::{Firing, MessageText, Severity, notify_once};
use crate::share::{ENVELOPE_VERSION, Envelope, EnvelopeKind};
use crate::store::history::{self, ChangeOp};
use crate::store::{entries, mailbox, meta, with_suffix};

/// The rule id of "your record was opened with your second passphrase" notifications.
pub const DURESS_OPENED_RULE_ID: &str = "duress.opened";

// In the full record.
const VIEW_KEY: &str = "duress.view_key";
const KEEP: &str = "duress.keep";
const ALERT_TO: &str = "duress.alert_to";
const ALERT_PENDING: &str = "duress.alert_pending";
// In the view: when it was opened, and the alert ready to go (sealed when the view was
// built, from the full record's mailbox), which only its sync sends.
const VIEW_OPENED: &str = "sync.opened";
const VIEW_PENDING: &str = "sync.pending";
const VIEW_RELAY: &str = "sync.relay";
const VIEW_FROM: &str = "sync.from";
const VIEW_TOKEN: &str = "sync.token";
const VIEW_TO: &str = "sync.to";
const VIEW_BODY: &str = "sync.body";

/// What a duress passphrase opens and whom it alerts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuressSetup {
    /// The second passphrase (at least as long as any passphrase).
    pub passphrase: String,
    /// The entries the limited view shows; nothing else is in it.
    pub keep: Vec<EntryId>,
    /// The contact (by name, see [`Record::add_message_contact`]) alerted when the view
    /// is opened, if any.
    pub alert_to: Option<String>,
    /// Key derivation settings for the view's key file (those of the record's own key
    /// file, so the two take the same time).
    pub params: KdfParams,
}

/// The limited view's record file.
pub fn duress_view_path(record: &Path) -> PathBuf {
    with_suffix(record, ".view")
}

/// The limited view's key file (its key wrapped with the duress passphrase).
pub fn duress_key_path(record: &Path) -> PathBuf {
    with_suffix(record, ".view.key")
}

fn remove_record_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
}

fn read_key_file(path: &Path) -> Result<Option<PassphraseKeyFile>, KeyError> {
    match std::fs::read(path) {
        Ok(bytes) => PassphraseKeyFile::from_bytes(&bytes).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(KeyError::Io(e)),
    }
}

impl Record {
    /// Opens the record at `path` with `passphrase`: the record's own passphrase (its key
    /// file `key_file`) opens the record; the duress passphrase opens the limited view
    /// and queues its alert. Both derivations always run. Any other passphrase is
    /// [`ApiError::WrongPassphrase`], the same error as for a record with no view.
    pub fn open_with_passphrase(path: &Path, key_file: &Path, passphrase: &str) -> ApiResult<Self> {
        let main = read_key_file(key_file)?.ok_or(ApiError::NoKey)?;
        let view = read_key_file(&duress_key_path(path)).ok().flatten();
        let main_key = main.unwrap_with(passphrase);
        let view_key = match &view {
            Some(v) => v.unwrap_with(passphrase).ok(),
            None => {
                // The same work as a view's key file, so timing says nothing.
                let _ = passphrase::derive(passphrase, &passphrase::random_salt(), &main.params());
                None
            }
        };
        match (main_key, view_key) {
            (Ok(key), _) => {
                let mut record = Record::open(path, &key)?;
                if let Err(e) = record.take_in_duress_view() {
                    log::warn!(target: "phr_core::duress", "the limited view could not be read: {e}");
                }
                Ok(record)
            }
            (Err(_), Some(key)) => {
                let mut view = Record::open(duress_view_path(path), &key)?;
                let opened = view.now().timestamp_millis().to_string();
                view.write(&[], |tx, _| {
                    let mut list: Vec<String> = meta::get(tx, VIEW_OPENED)?
                        .map(|l| l.split(',').map(str::to_owned).collect())
                        .unwrap_or_default();
                    // One alert for the first open since the person last used the full
                    // record; later opens are recorded for them, not alerted again.
                    if list.is_empty() {
                        meta::set(tx, VIEW_PENDING, "1")?;
                    }
                    list.push(opened);
                    Ok(meta::set(tx, VIEW_OPENED, &list.join(","))?)
                })?;
                Ok(view)
            }
            (Err(e), None) => Err(e.into()),
        }
    }

    /// Sets up (or replaces) the duress passphrase and the limited view.
    pub fn set_duress(&mut self, setup: DuressSetup) -> ApiResult<()> {
        passphrase::check_new_passphrase(&setup.passphrase)?;
        for id in &setup.keep {
            entries::live(self.conn(), *id)?;
        }
        if let Some(name) = &setup.alert_to {
            if mailbox::contact(self.conn(), name)?.is_none() {
                return Err(ApiError::Invalid {
                    field: "alert_to".into(),
                    reason: format!("{name} is not one of your contacts; add their card first"),
                });
            }
            // The alert goes from the record's mailbox: make it now, while the person
            // chooses, not when they are under pressure.
            self.message_identity(None)?;
        }
        let key = DatabaseKey::generate();
        let key_path = duress_key_path(self.path());
        let staged_key = with_suffix(&key_path, ".new");
        let _ = std::fs::remove_file(&staged_key);
        PassphraseKeyFile::create(&staged_key, &setup.passphrase, &key, setup.params)?;
        let keep = serde_json::to_string(&setup.keep).unwrap_or_default();
        self.write(&[ChangeArea::Settings], |tx, _| {
            meta::set(tx, VIEW_KEY, &hex::encode(key.as_bytes()))?;
            meta::set(tx, KEEP, &keep)?;
            match &setup.alert_to {
                Some(n) => meta::set(tx, ALERT_TO, n)?,
                None => meta::set(tx, ALERT_TO, "")?,
            }
            Ok(())
        })?;
        self.refresh_duress_view()?;
        std::fs::rename(&staged_key, &key_path).map_err(|e| ApiError::Storage {
            reason: format!("the duress key file could not be written: {e}"),
        })
    }

    /// Removes the duress passphrase and the limited view.
    pub fn clear_duress(&mut self) -> ApiResult<()> {
        let _ = std::fs::remove_file(duress_key_path(self.path()));
        remove_record_files(&duress_view_path(self.path()));
        self.write(&[ChangeArea::Settings], |tx, _| {
            for k in [VIEW_KEY, KEEP, ALERT_TO, ALERT_PENDING] {
                tx.execute("DELETE FROM record_meta WHERE key = ?1", [k])?;
            }
            Ok(())
        })
    }

    /// Whether a duress passphrase is set (only the full record knows).
    pub fn duress_enabled(&self) -> ApiResult<bool> {
        Ok(meta::get(self.conn(), VIEW_KEY)?.is_some())
    }

    fn view_key(&self) -> ApiResult<Option<DatabaseKey>> {
        Ok(meta::get(self.conn(), VIEW_KEY)?
            .and_then(|h| hex::decode(&h))
            .and_then(|b| DatabaseKey::from_bytes(&b)))
    }

    /// Builds the limited view anew from the chosen entries as they are now (each with
    /// its own history, as in a record that never held anything else). Called when the
    /// duress passphrase is set and whenever the record closes.
    pub fn refresh_duress_view(&mut self) -> ApiResult<()> {
        let Some(key) = self.view_key()? else {
            return Ok(());
        };
        let keep: Vec<EntryId> = meta::get(self.conn(), KEEP)?
            .and_then(|k| serde_json::from_str(&k).ok())
            .unwrap_or_default();
        let mut kept = Vec::new();
        for id in keep {
            // A chosen entry deleted since is simply not in the view.
            if let Ok(entry) = entries::live(self.conn(), id) {
                let changes = history::changes_of(self.conn(), id)?;
                kept.push((entry, changes));
            }
        }
        let alert = self.sealed_alert()?;
        let final_path = duress_view_path(self.path());
        let staged = with_suffix(&final_path, ".new");
        remove_record_files(&staged);
        let view = Record::create_with(&staged, &key, |v| {
            v.write(&[], |tx, _| {
                for (entry, changes) in &kept {
                    entries::put(tx, entry)?;
                    for c in changes {
                        history::append(
                            tx,
                            c.at,
                            c.entry_id,
                            c.op,
                            &c.author,
                            c.before.as_ref(),
                            c.after.as_ref(),
                        )?;
                    }
                    if changes.is_empty() {
                        history::append(
                            tx,
                            entry.meta.created_at,
                            entry.meta.id,
                            ChangeOp::Create,
                            &entry.meta.author,
                            None,
                            Some(entry),
                        )?;
                    }
                }
                if let Some(a) = &alert {
                    for (k, v) in [
                        (VIEW_RELAY, &a.relay),
                        (VIEW_FROM, &a.from),
                        (VIEW_TOKEN, &a.token),
                        (VIEW_TO, &a.to),
                        (VIEW_BODY, &a.body),
                    ] {
                        meta::set(tx, k, v)?;
                    }
                }
                Ok(())
            })
        })?;
        view.close()?;
        remove_record_files(&final_path);
        std::fs::rename(&staged, &final_path).map_err(|e| ApiError::Storage {
            reason: format!("the limited view could not be written: {e}"),
        })
    }

    /// On a normal open: learns whether the limited view was opened since the last
    /// time, tells the person, and queues the alert when it has not gone yet.
    fn take_in_duress_view(&mut self) -> ApiResult<()> {
        let Some(key) = self.view_key()? else {
            return Ok(());
        };
        let path = duress_view_path(self.path());
        if !path.exists() {
            return self.refresh_duress_view();
        }
        let view = Record::open(&path, &key)?;
        let opened: Vec<i64> = meta::get(view.conn(), VIEW_OPENED)?
            .map(|l| l.split(',').filter_map(|t| t.parse().ok()).collect())
            .unwrap_or_default();
        let unsent = meta::get(view.conn(), VIEW_PENDING)?.is_some_and(|p| p == "1");
        view.close()?;
        if opened.is_empty() {
            return Ok(());
        }
        let alert_to = meta::get(self.conn(), ALERT_TO)?.filter(|n| !n.is_empty());
        self.write(&[ChangeArea::Alerts, ChangeArea::Settings], |tx, now| {
            let at = |ms: i64| DateTime::from_timestamp_millis(ms).unwrap_or(now);
            let first = at(opened[0]);
            let last = at(opened[opened.len() - 1]);
            tell_of_duress_open(
                tx,
                first,
                last,
                opened.len(),
                alert_to.as_deref(),
                !unsent,
                now,
            )?;
            if alert_to.is_some() && unsent {
                meta::set(tx, ALERT_PENDING, "1")?;
            }
            Ok(())
        })?;
        self.refresh_duress_view()
    }

    /// The alert sealed to the chosen contact from the record's mailbox, if a contact
    /// is chosen and the mailbox exists (never made here: no network when closing).
    fn sealed_alert(&self) -> ApiResult<Option<SealedAlert>> {
        let Some(name) = meta::get(self.conn(), ALERT_TO)?.filter(|n| !n.is_empty()) else {
            return Ok(None);
        };
        let Some(to) = mailbox::contact(self.conn(), &name)? else {
            return Ok(None);
        };
        let Some(me) = self.existing_identity()? else {
            return Ok(None);
        };
        let card = self.card_of(&me)?;
        let envelope = Envelope {
            v: ENVELOPE_VERSION,
            kind: EnvelopeKind::DuressAlert,
            title: "Opened against their will".into(),
            text: format!(
                "{}'s health record was opened with the passphrase they keep for when they are made to open it. They may be in danger or under pressure. They did not write this message; do not answer it through their record.",
                card.name
            ),
            from: card,
            note: None,
            attached: Vec::new(),
            in_reply_to: None,
            written_at: self.now().to_rfc3339(),
        };
        Ok(Some(SealedAlert {
            relay: me.relay.base().to_owned(),
            from: me.id.clone(),
            token: me.token.clone(),
            to: to.mailbox_id.clone(),
            body: Self::seal_envelope(&me, &to, &envelope)?,
        }))
    }

    /// Sends a queued duress alert, from [`Record::sync_messages`]: the view's own (sent
    /// quietly: a failure leaves it queued and says nothing, as a record without one
    /// would), or the full record's when it learned of an open the view could not report.
    pub(super) fn send_duress_alert(&mut self) -> ApiResult<()> {
        let conn = self.conn();
        if meta::get(conn, VIEW_PENDING)?.is_some_and(|p| p == "1") {
            let fields = [VIEW_RELAY, VIEW_FROM, VIEW_TOKEN, VIEW_TO, VIEW_BODY]
                .map(|k| meta::get(conn, k).ok().flatten());
            if let [Some(relay), Some(from), Some(token), Some(to), Some(body)] = fields {
                let sent = crate::relay_client::RelayClient::new(&relay)
                    .and_then(|r| r.send_message(&from, &token, &to, &body));
                match sent {
                    Ok(_) => self.write(&[], |tx, _| Ok(meta::set(tx, VIEW_PENDING, "0")?))?,
                    Err(e) => log::info!(target: "phr_core::sync", "not yet: {e}"),
                }
            }
            return Ok(());
        }
        if meta::get(conn, ALERT_PENDING)?.is_some_and(|p| p == "1")
            && let Some(alert) = self.sealed_alert()?
        {
            crate::relay_client::RelayClient::new(&alert.relay)?.send_message(
                &alert.from,
                &alert.token,
                &alert.to,
                &alert.body,
            )?;
            self.write(&[], |tx, _| Ok(meta::set(tx, ALERT_PENDING, "0")?))?;
        }
        Ok(())
    }
}

/// A duress alert sealed and addressed, ready to go.
struct SealedAlert {
    relay: String,
    from: String,
    token: String,
    to: String,
    body: String,
}

fn tell_of_duress_open(
    tx: &rusqlite::Transaction<'_>,
    at: DateTime<Utc>,
    last: DateTime<Utc>,
    times: usize,
    alert_to: Option<&str>,
    sent: bool,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let when = at.format("%-d %b at %H:%M");
    let mut detail = if times > 1 {
        format!(
            "Your record was opened with your second passphrase {times} times, from {when} to {}.",
            last.format("%-d %b at %H:%M")
        )
    } else {
        format!("Your record was opened with your second passphrase on {when}.")
    };
    match (alert_to, sent) {
        (Some(name), true) => detail.push_str(&format!(" An alert went to {name}.")),
        (Some(name), false) => detail.push_str(&format!(
            " An alert goes to {name} as soon as the record can reach the relay."
        )),
        (None, _) => {}
    }
    let text = MessageText {
        title: "Your record was opened with your second passphrase".into(),
        detail,
        // "Silent Solution": a 999 caller who cannot speak presses 55 to be put through
        // to the police (IOPC, "Silent Solution" guidance, 2022).
        advice:
            "If you are not safe, call 999. If you cannot speak, call 999 and press 55 when asked."
                .into(),
    };
    let at_ms = at.timestamp_millis();
    let key = format!("duress:{at_ms}");
    let firing = Firing::message(key, at_ms, now.timestamp_millis(), Severity::Warning, text);
    notify_once(tx, DURESS_OPENED_RULE_ID, &firing, now)?;
    Ok(())
}
