//! Write grants: the person lets a contact (a support worker, a carer) fill in one
//! optional module, such as their care, support and resilience plan. The contact sends
//! answers sealed through the relay (`EnvelopeKind::ModuleAnswers`); the record takes
//! them only from that contact, for that module, while the grant lasts, and records the
//! contact as the author. A write grant reads nothing: what a contact may see is only
//! what the person shares with them.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::Record;
use super::entries::NewEntryOptions;
use super::error::{ApiError, ApiResult};
use super::observer::ChangeArea;
use super::share::ShareStatus;
use crate::messages::InboundKind;
use crate::messages::outbox;
use crate::model::modules::{AnswerValue, ModuleInstance, builtin_template};
use crate::model::{Author, EntryBody, EntryKind, Visibility};
use crate::store::entries;
use crate::store::mailbox::{self, WriteGrantRow};

/// A write grant lasts 90 days unless the person chooses otherwise.
pub const DEFAULT_WRITE_GRANT_DAYS: u32 = 90;

/// A contact's leave to fill in one module, as the person sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteGrant {
    /// Its id.
    pub id: String,
    /// The contact.
    pub to: String,
    /// The module template.
    pub template_id: String,
    /// The module's title.
    pub title: String,
    /// When it was given.
    pub created_at: DateTime<Utc>,
    /// When it ends.
    pub expires_at: Option<DateTime<Utc>>,
    /// Active, expired or revoked.
    pub status: ShareStatus,
}

/// What a contact sends: answers to one module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleAnswers {
    /// The module template.
    pub template_id: String,
    /// Answers by field id.
    pub answers: BTreeMap<String, AnswerValue>,
}

fn grant_of(g: &WriteGrantRow, now: DateTime<Utc>) -> WriteGrant {
    let status = ShareStatus::at(g.revoked_at, g.expires_at, now);
    WriteGrant {
        id: g.id.clone(),
        to: g.contact_name.clone(),
        template_id: g.template_id.clone(),
        title: builtin_template(&g.template_id)
            .map(|t| t.title)
            .unwrap_or_else(|| g.template_id.clone()),
        created_at: g.created_at,
        expires_at: g.expires_at,
        status,
    }
}

impl Record {
    /// Lets contact `to` fill in the module `template_id` for `days` (90 unless given,
    /// at most 365).
    pub fn grant_write(
        &mut self,
        to: &str,
        template_id: &str,
        days: Option<u32>,
    ) -> ApiResult<WriteGrant> {
        let contact = mailbox::contact(self.conn(), to)?.ok_or_else(|| ApiError::Invalid {
            field: "to".into(),
            reason: format!("{to} is not one of your contacts; add their card first"),
        })?;
        if builtin_template(template_id).is_none() {
            return Err(ApiError::Invalid {
                field: "module".into(),
                reason: format!("there is no module '{template_id}' (see `phr kinds`)"),
            });
        }
        let days = days.unwrap_or(DEFAULT_WRITE_GRANT_DAYS);
        if !(1..=365).contains(&days) {
            return Err(ApiError::Invalid {
                field: "days".into(),
                reason: "a write grant lasts 1 to 365 days".into(),
            });
        }
        let now = self.now();
        let row = WriteGrantRow {
            id: uuid::Uuid::new_v4().to_string(),
            contact_name: contact.name,
            template_id: template_id.to_owned(),
            created_at: now,
            expires_at: Some(now + Duration::days(i64::from(days))),
            revoked_at: None,
        };
        self.write(&[ChangeArea::Settings], |tx, _| {
            Ok(mailbox::put_write_grant(tx, &row)?)
        })?;
        Ok(grant_of(&row, now))
    }

    /// Every write grant, newest first.
    pub fn write_grants(&self) -> ApiResult<Vec<WriteGrant>> {
        let now = self.now();
        Ok(mailbox::write_grants(self.conn())?
            .iter()
            .map(|g| grant_of(g, now))
            .collect())
    }

    /// Withdraws a write grant: nothing more from it is taken.
    pub fn revoke_write_grant(&mut self, id: &str) -> ApiResult<()> {
        self.write(&[ChangeArea::Settings], |tx, now| {
            mailbox::revoke_write_grant(tx, id, now)?;
            Ok(())
        })
    }

    /// Takes a contact's answers to a module when an active write grant allows it: the
    /// module's answers given replace those fields (the others stay), with the contact
    /// as the author; the person is told. Anything else is refused.
    pub(super) fn apply_module_answers(&mut self, from: &str, text: &str) -> ApiResult<()> {
        let sent: ModuleAnswers = serde_json::from_str(text).map_err(|e| ApiError::Invalid {
            field: "answers".into(),
            reason: format!("they are not module answers ({e})"),
        })?;
        let grant = self
            .write_grants()?
            .into_iter()
            .find(|g| {
                g.status == ShareStatus::Active
                    && mailbox::name_key(&g.to) == mailbox::name_key(from)
                    && g.template_id == sent.template_id
            })
            .ok_or_else(|| ApiError::Conflict {
                reason: format!("{from} has no write grant for '{}'", sent.template_id),
            })?;
        let template = builtin_template(&sent.template_id).ok_or_else(|| ApiError::Invalid {
            field: "module".into(),
            reason: "unknown module".into(),
        })?;
        let author = Author::Delegate {
            grant_id: grant.id.clone(),
            name: grant.to.clone(),
        };
        let existing = entries::live_of_kind(self.conn(), EntryKind::Module)?
            .into_iter()
            .find_map(|e| match e.body {
                EntryBody::Module(m) if m.template_id == sent.template_id => Some((e.meta.id, m)),
                _ => None,
            });
        match existing {
            Some((id, mut module)) => {
                module.answers.extend(sent.answers);
                self.update_entry(id, EntryBody::Module(module), author)?;
            }
            None => {
                let module = ModuleInstance {
                    template_id: sent.template_id.clone(),
                    template_version: template.version,
                    answers: sent.answers,
                    completed_on: None,
                };
                self.add_entry(
                    EntryBody::Module(module),
                    NewEntryOptions {
                        visibility: Visibility::Private,
                        author,
                        ..Default::default()
                    },
                )?;
            }
        }
        let note = format!("{} filled in your {}.", grant.to, template.title);
        self.write(&[ChangeArea::Messages, ChangeArea::Alerts], |tx, now| {
            outbox::receive_message(tx, now, &grant.to, InboundKind::Other, &note)?;
            Ok(())
        })
    }
}
