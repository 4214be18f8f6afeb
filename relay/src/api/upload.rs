//! Checks on the files an owner uploads. The relay cannot read them, but it can refuse
//! what is plainly not an SHL file: a known content type, a compact JWE of the shape
//! SHL uses (`alg: dir`, `enc: A256GCM`, five parts, empty key part), within size caps.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

use crate::error::ApiError;
use crate::store::NewFile;

/// Largest JWE accepted per file (5 MiB): a full patient summary is well under 1 MiB.
pub(crate) const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Most files per link.
pub(crate) const MAX_FILES: usize = 4;

/// The content types the SHL specification defines for files.
const CONTENT_TYPES: &[&str] = &[
    "application/fhir+json",
    "application/smart-health-card",
    "application/smart-api-access",
];

/// A file as sent by the owner.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FileIn {
    content_type: String,
    jwe: String,
}

/// Checks the uploaded files and turns them into rows.
pub(crate) fn check_files(files: Vec<FileIn>) -> Result<Vec<NewFile>, ApiError> {
    if files.is_empty() {
        return Err(ApiError::BadRequest(
            "A link needs at least one file.".into(),
        ));
    }
    if files.len() > MAX_FILES {
        return Err(ApiError::BadRequest(format!(
            "A link can hold at most {MAX_FILES} files."
        )));
    }
    files
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            if !CONTENT_TYPES.contains(&f.content_type.as_str()) {
                return Err(ApiError::BadRequest(format!(
                    "File {i} has content type {:?}; use application/fhir+json, \
                     application/smart-health-card or application/smart-api-access.",
                    f.content_type
                )));
            }
            if f.jwe.len() > MAX_FILE_BYTES {
                return Err(ApiError::BadRequest(format!(
                    "File {i} is larger than {} MiB.",
                    MAX_FILE_BYTES / (1024 * 1024)
                )));
            }
            if !is_shl_jwe(&f.jwe) {
                return Err(ApiError::BadRequest(format!(
                    "File {i} is not an encrypted SHL file (a compact JWE with alg dir and \
                     enc A256GCM)."
                )));
            }
            Ok(NewFile {
                content_type: f.content_type,
                jwe: f.jwe,
            })
        })
        .collect()
}

#[derive(Deserialize)]
struct ProtectedHeader {
    alg: String,
    enc: String,
}

/// Whether `jwe` has the shape of an SHL file: compact serialization, five
/// base64url parts with an empty encrypted-key part, a protected header naming
/// `dir` and `A256GCM`.
fn is_shl_jwe(jwe: &str) -> bool {
    let parts: Vec<&str> = jwe.split('.').collect();
    let [header, key, iv, ciphertext, tag] = parts.as_slice() else {
        return false;
    };
    let b64 = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if !key.is_empty() || ![header, iv, ciphertext, tag].iter().all(|p| b64(p)) {
        return false;
    }
    let Ok(json) = URL_SAFE_NO_PAD.decode(header) else {
        return false;
    };
    match serde_json::from_slice::<ProtectedHeader>(&json) {
        Ok(h) => h.alg == "dir" && h.enc == "A256GCM",
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(json: &str) -> String {
        URL_SAFE_NO_PAD.encode(json)
    }

    #[test]
    fn the_specifications_example_file_has_the_shl_shape() {
        let jwe = format!(
            "{}..AAAAAAAAAAAAAAAA.Y2lwaGVy.dGFnMTIzNDU2Nzg5MDEy",
            header(r#"{"alg":"dir","enc":"A256GCM","cty":"application/fhir+json"}"#)
        );
        assert!(is_shl_jwe(&jwe));
    }

    #[test]
    fn a_signed_card_or_plain_json_is_refused() {
        let jws = format!(
            "{}.cGF5bG9hZA.c2ln",
            header(r#"{"alg":"ES256","zip":"DEF"}"#)
        );
        assert!(!is_shl_jwe(&jws));
        assert!(!is_shl_jwe(r#"{"resourceType":"Bundle"}"#));
        let rsa = format!(
            "{}.a2V5.aXY.Y3Q.dGFn",
            header(r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#)
        );
        assert!(!is_shl_jwe(&rsa));
    }
}
