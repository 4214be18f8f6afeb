//! [`fetch_from_server`]: a patient's record from a FHIR R4 server, as one `collection`
//! Bundle to import (its `meta.source` is the server's base URL, which the import then
//! names as the system).
//!
//! The Patient is found by NHS number (`Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|...`,
//! R4 search on a token `system|code`); then each resource type the record maps is
//! searched by `patient` (R4 search parameters of each resource), medicines with their
//! Medications (`_include`), and Observations by category (laboratory, vital signs).
//! Every page (`Bundle.link` `next`) is followed, up to a cap, and only on the same
//! server. Only `https`, or `http` to this machine (for tests), is used; redirects are
//! not followed.

use std::collections::HashSet;
use std::time::Duration;

use reqwest::Url;

use crate::fhir::codes::NHS_NUMBER;
use crate::fhir::datatypes::Meta;
use crate::fhir::resources::{Bundle, BundleEntry, BundleType};
use crate::fhir::{MAX_INPUT_BYTES, Resource, parse_resource};
use crate::model::NhsNumber;

/// How much a fetch may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchLimits {
    /// Pages followed per search.
    pub max_pages: usize,
    /// Bytes of all answers together.
    pub max_bytes: usize,
    /// How long one request may take.
    pub timeout: Duration,
}

impl Default for FetchLimits {
    fn default() -> Self {
        Self {
            max_pages: 20,
            max_bytes: MAX_INPUT_BYTES,
            timeout: Duration::from_secs(30),
        }
    }
}

/// Why a record could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The address is not a web address.
    #[error("{url} is not a web address")]
    BadUrl {
        /// What was given.
        url: String,
    },
    /// Not `https` (plain `http` only to this machine).
    #[error("{url} is not an https address (plain http is used only on this machine)")]
    NotHttps {
        /// The address.
        url: String,
    },
    /// The NHS number is not valid.
    #[error("the NHS number {reason}")]
    NhsNumber {
        /// Why.
        reason: String,
    },
    /// The server could not be reached.
    #[error("the server could not be reached: {reason}")]
    Unreachable {
        /// Why.
        reason: String,
    },
    /// The server took too long.
    #[error("the server took too long to answer")]
    Timeout,
    /// The server answered with an error status.
    #[error("the server answered {status} to the search for {what}")]
    Status {
        /// The search.
        what: String,
        /// The HTTP status.
        status: u16,
    },
    /// The answer is not a FHIR Bundle.
    #[error("the server's answer to the search for {what} is not a FHIR Bundle: {reason}")]
    NotABundle {
        /// The search.
        what: String,
        /// Why.
        reason: String,
    },
    /// No Patient has the NHS number.
    #[error("the server has no patient with that NHS number")]
    NoPatient,
    /// Several Patients have it.
    #[error("the server has {count} patients with that NHS number")]
    SeveralPatients {
        /// How many.
        count: usize,
    },
    /// A search has more pages than allowed.
    #[error("the search for {what} has more than {limit} pages")]
    TooManyPages {
        /// The search.
        what: String,
        /// The cap.
        limit: usize,
    },
    /// The answers together are larger than allowed.
    #[error("the server's answers are larger than {limit} bytes")]
    TooLarge {
        /// The cap.
        limit: usize,
    },
    /// A next page on another server.
    #[error("the server sent a next page on another server ({url})")]
    ForeignLink {
        /// The address.
        url: String,
    },
}

/// The searches made for a patient `{id}` (R4 search parameters `patient`, `category`,
/// `_include`).
const SEARCHES: [(&str, &str); 12] = [
    ("Condition", "patient={id}"),
    ("Procedure", "patient={id}"),
    ("AllergyIntolerance", "patient={id}"),
    ("Immunization", "patient={id}"),
    (
        "MedicationStatement",
        "patient={id}&_include=MedicationStatement:medication",
    ),
    (
        "MedicationRequest",
        "patient={id}&_include=MedicationRequest:medication",
    ),
    ("Observation", "patient={id}&category=laboratory"),
    ("Observation", "patient={id}&category=vital-signs"),
    ("Appointment", "patient={id}"),
    ("Goal", "patient={id}"),
    ("RelatedPerson", "patient={id}"),
    ("Consent", "patient={id}"),
];

/// Fetches the record of the patient with `nhs_number` from the FHIR server at
/// `base_url`, as the bytes of one `collection` Bundle for `Record::import_fhir`.
pub async fn fetch_from_server(
    base_url: &str,
    nhs_number: &str,
    limits: &FetchLimits,
) -> Result<Vec<u8>, FetchError> {
    let base = checked(base_url)?;
    let nhs =
        NhsNumber::parse(nhs_number).map_err(|e| FetchError::NhsNumber { reason: e.reason })?;
    let client = reqwest::Client::builder()
        .timeout(limits.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| FetchError::Unreachable {
            reason: e.to_string(),
        })?;
    let mut fetch = Fetch {
        client,
        base,
        limits: *limits,
        bytes: 0,
        seen: HashSet::new(),
        entries: Vec::new(),
    };
    let identifier = format!("{NHS_NUMBER}|{}", nhs.as_str());
    let patients = fetch
        .search("Patient", &[("identifier", identifier.as_str())])
        .await?;
    let ids: HashSet<String> = patients
        .iter()
        .filter_map(|e| match &e.resource {
            Some(Resource::Patient(p)) => p.id.clone(),
            _ => None,
        })
        .collect();
    let id = match ids.len() {
        0 => return Err(FetchError::NoPatient),
        1 => ids.into_iter().next().unwrap_or_default(),
        count => return Err(FetchError::SeveralPatients { count }),
    };
    fetch.keep(patients);
    for (kind, query) in SEARCHES {
        let query = query.replace("{id}", &id);
        let pairs: Vec<(&str, &str)> = query.split('&').filter_map(|p| p.split_once('=')).collect();
        let found = fetch.search(kind, &pairs).await?;
        fetch.keep(found);
    }
    let bundle = Bundle {
        meta: Some(Meta {
            source: Some(fetch.base.as_str().trim_end_matches('/').to_owned()),
            ..Meta::default()
        }),
        type_: BundleType::Collection,
        entry: fetch.entries,
        ..Bundle::default()
    };
    serde_json::to_vec(&Resource::Bundle(Box::new(bundle))).map_err(|e| FetchError::NotABundle {
        what: "the record".into(),
        reason: e.to_string(),
    })
}

/// A base URL that is `https`, or `http` to this machine.
fn checked(url: &str) -> Result<Url, FetchError> {
    let parsed = Url::parse(url).map_err(|_| FetchError::BadUrl {
        url: url.to_owned(),
    })?;
    let host = parsed.host_str().unwrap_or_default();
    let loopback = host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if loopback => Ok(parsed),
        _ => Err(FetchError::NotHttps {
            url: url.to_owned(),
        }),
    }
}

struct Fetch {
    client: reqwest::Client,
    base: Url,
    limits: FetchLimits,
    bytes: usize,
    seen: HashSet<(String, String)>,
    entries: Vec<BundleEntry>,
}

impl Fetch {
    /// Every entry of every page of a search (outcome entries left out).
    async fn search(
        &mut self,
        kind: &str,
        query: &[(&str, &str)],
    ) -> Result<Vec<BundleEntry>, FetchError> {
        let root = format!("{}/{kind}", self.base.as_str().trim_end_matches('/'));
        let mut url = Url::parse_with_params(&root, query)
            .map_err(|_| FetchError::BadUrl { url: root.clone() })?;
        let mut found = Vec::new();
        for page in 0.. {
            if page >= self.limits.max_pages {
                return Err(FetchError::TooManyPages {
                    what: kind.into(),
                    limit: self.limits.max_pages,
                });
            }
            let bundle = self.get(&url, kind).await?;
            let next = bundle
                .link
                .iter()
                .find(|l| l.relation == "next")
                .map(|l| l.url.clone());
            found.extend(
                bundle.entry.into_iter().filter(|e| {
                    e.search.as_ref().and_then(|s| s.mode.as_deref()) != Some("outcome")
                }),
            );
            match next {
                Some(next) => url = self.same_server(&next)?,
                None => break,
            }
        }
        Ok(found)
    }

    fn same_server(&self, next: &str) -> Result<Url, FetchError> {
        let url = checked(next)?;
        if url.origin() != self.base.origin() {
            return Err(FetchError::ForeignLink {
                url: next.to_owned(),
            });
        }
        Ok(url)
    }

    async fn get(&mut self, url: &Url, what: &str) -> Result<Bundle, FetchError> {
        let failed = |e: reqwest::Error| {
            if e.is_timeout() {
                FetchError::Timeout
            } else {
                FetchError::Unreachable {
                    reason: e.to_string(),
                }
            }
        };
        let mut response = self
            .client
            .get(url.clone())
            .header(reqwest::header::ACCEPT, "application/fhir+json")
            .send()
            .await
            .map_err(failed)?;
        if !response.status().is_success() {
            return Err(FetchError::Status {
                what: what.into(),
                status: response.status().as_u16(),
            });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failed)? {
            self.bytes += chunk.len();
            if self.bytes > self.limits.max_bytes {
                return Err(FetchError::TooLarge {
                    limit: self.limits.max_bytes,
                });
            }
            body.extend_from_slice(&chunk);
        }
        let not_a_bundle = |reason: String| FetchError::NotABundle {
            what: what.into(),
            reason,
        };
        match parse_resource(&body).map_err(|e| not_a_bundle(e.to_string()))? {
            Resource::Bundle(b) => Ok(*b),
            other => Err(not_a_bundle(format!("it is a {}", other.resource_type()))),
        }
    }

    /// Keeps entries not seen before (by type and id), each with a `fullUrl`.
    fn keep(&mut self, entries: Vec<BundleEntry>) {
        let base = self.base.as_str().trim_end_matches('/').to_owned();
        for mut entry in entries {
            let Some(resource) = &entry.resource else {
                continue;
            };
            if let Some(id) = resource.id() {
                if !self
                    .seen
                    .insert((resource.resource_type().to_owned(), id.to_owned()))
                {
                    continue;
                }
                if entry.full_url.is_none() {
                    entry.full_url = Some(format!("{base}/{}/{id}", resource.resource_type()));
                }
            }
            entry.search = None;
            entry.request = None;
            self.entries.push(BundleEntry {
                full_url: entry.full_url,
                resource: entry.resource,
                ..BundleEntry::default()
            });
        }
    }
}
