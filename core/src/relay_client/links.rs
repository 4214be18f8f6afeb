//! The owner API of a link: upload, replace, revoke, status, access log.

use serde::{Deserialize, Serialize};

use super::{RelayClient, RelayClientError};

/// One encrypted file behind a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkFile {
    /// `application/fhir+json` for a FHIR Bundle.
    pub content_type: String,
    /// The compact JWE.
    pub jwe: String,
}

/// A link to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewLink {
    /// Its files.
    pub files: Vec<LinkFile>,
    /// The passcode a viewer must give, if any.
    pub passcode: Option<String>,
    /// Wrong passcodes allowed over the link's life.
    pub max_attempts: Option<u32>,
    /// When it stops working, seconds since 1970 (none: long-term).
    pub expires_at: Option<i64>,
    /// One file fetched directly (the `U` flag).
    pub direct: bool,
}

/// What the relay made.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedLink {
    /// The link's id at the relay.
    pub id: String,
    /// The manifest URL (the `url` of the `shlink:/` payload).
    pub url: String,
    /// The secret that replaces, revokes and reads the log of this link.
    pub management_token: String,
    /// When it stops working, seconds since 1970.
    pub expires_at: Option<i64>,
}

/// Where a link stands at the relay.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkStatus {
    /// `active`, `revoked`, `expired` or `locked`.
    pub status: String,
    /// Wrong passcodes left, for a link with a passcode.
    pub remaining_attempts: Option<u32>,
}

/// One request for a link, as the relay logged it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AccessLogEntry {
    /// Its place in the log.
    pub seq: i64,
    /// When, seconds since 1970.
    pub at: i64,
    /// Who said they were ("Dr Shah at Parkside Medical Practice").
    pub recipient: String,
    /// `ok`, `wrong_passcode`, `locked`, `inactive` or `rate_limited`.
    pub outcome: String,
    /// Where the request came from.
    pub address: Option<String>,
}

#[derive(Deserialize)]
struct LogPage {
    entries: Vec<AccessLogEntry>,
}

#[derive(Serialize)]
struct Files<'a> {
    files: &'a [LinkFile],
}

fn missing(what: &str) -> RelayClientError {
    RelayClientError::Refused {
        status: 200,
        reason: format!("the answer had no {what}"),
    }
}

impl RelayClient {
    /// Uploads a new link's files.
    pub fn create_link(&self, link: &NewLink) -> Result<CreatedLink, RelayClientError> {
        let url = format!("{}/links", self.base);
        self.call(|c| c.post(url).json(link))?
            .ok_or_else(|| missing("link"))
    }

    /// Replaces a link's files (same id, same URL): the record changed.
    pub fn replace_files(
        &self,
        id: &str,
        token: &str,
        files: &[LinkFile],
    ) -> Result<(), RelayClientError> {
        let url = format!("{}/links/{id}/files", self.base);
        self.call::<serde_json::Value>(|c| c.put(url).bearer_auth(token).json(&Files { files }))?;
        Ok(())
    }

    /// Revokes a link: from now on every request for it is answered 404. Revoking a link
    /// the relay no longer knows is not an error.
    pub fn revoke(&self, id: &str, token: &str) -> Result<(), RelayClientError> {
        let url = format!("{}/links/{id}", self.base);
        match self.call::<serde_json::Value>(|c| c.delete(url).bearer_auth(token)) {
            Ok(_) | Err(RelayClientError::Gone) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Where a link stands.
    pub fn status(&self, id: &str, token: &str) -> Result<LinkStatus, RelayClientError> {
        let url = format!("{}/links/{id}", self.base);
        self.call(|c| c.get(url).bearer_auth(token))?
            .ok_or_else(|| missing("status"))
    }

    /// The access log after `after`, oldest first, every page.
    pub fn access_log(
        &self,
        id: &str,
        token: &str,
        mut after: i64,
    ) -> Result<Vec<AccessLogEntry>, RelayClientError> {
        let mut all = Vec::new();
        loop {
            let url = format!("{}/links/{id}/log?after={after}", self.base);
            let page: LogPage = self
                .call(|c| c.get(url).bearer_auth(token))?
                .ok_or_else(|| missing("log"))?;
            let Some(last) = page.entries.last().map(|e| e.seq) else {
                return Ok(all);
            };
            after = last;
            all.extend(page.entries);
        }
    }
}
