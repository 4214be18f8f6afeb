//! The receiving side of a link someone else made: its manifest and its files.

use serde::{Deserialize, Serialize};

use super::{RelayClient, RelayClientError};

/// One file a manifest names, fetched: its content type and its compact JWE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestFile {
    /// The manifest's `contentType`.
    pub content_type: String,
    /// The compact JWE.
    pub jwe: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ManifestRequest<'a> {
    recipient: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    passcode: Option<&'a str>,
    embedded_length_max: u32,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Manifest {
    files: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    content_type: String,
    embedded: Option<String>,
    location: Option<String>,
}

/// Every file behind the manifest at `manifest_url`, asked for as `recipient` with
/// `passcode`; with `direct`, the single file at the URL itself (the `U` flag).
pub fn fetch_manifest_files(
    manifest_url: &str,
    recipient: &str,
    passcode: Option<&str>,
    direct: bool,
) -> Result<Vec<ManifestFile>, RelayClientError> {
    let relay = RelayClient::new(manifest_url)?;
    if direct {
        let jwe = relay.text(|c| c.get(manifest_url).query(&[("recipient", recipient)]))?;
        return Ok(vec![ManifestFile {
            content_type: "application/fhir+json".into(),
            jwe,
        }]);
    }
    let body = ManifestRequest {
        recipient,
        passcode,
        embedded_length_max: 1_000_000,
    };
    let manifest: Manifest = relay
        .call(|c| c.post(manifest_url).json(&body))?
        .ok_or(RelayClientError::Gone)?;
    manifest
        .files
        .into_iter()
        .map(|f| {
            let jwe = match (f.embedded, f.location) {
                (Some(jwe), _) => jwe,
                (None, Some(location)) => {
                    RelayClient::new(&location)?.text(|c| c.get(location.as_str()))?
                }
                (None, None) => {
                    return Err(RelayClientError::Refused {
                        status: 200,
                        reason: "the manifest names a file with neither content nor location"
                            .into(),
                    });
                }
            };
            Ok(ManifestFile {
                content_type: f.content_type,
                jwe,
            })
        })
        .collect()
}
