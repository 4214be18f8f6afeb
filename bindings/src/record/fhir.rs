//! FHIR in and out, as `async` calls: a file or bytes (a GP record, an IPS document, a
//! Health Connect or HealthKit export), a FHIR server's record of a patient, and an
//! International Patient Summary of what a viewer may see.

use std::sync::Arc;

use phr_core::api::{
    ExportScope, FetchLimits, ImportOptions, ImportReport, KeptResource, fetch_from_server_blocking,
};
use phr_core::model::Viewer;

use super::{PersonHeldRecord, worker};
use crate::error::RecordError;

#[uniffi::export]
impl PersonHeldRecord {
    /// Imports a FHIR R4 Bundle or resource (JSON bytes) in one transaction: a re-import
    /// updates instead of duplicating, and never overrides the person's privacy or notes;
    /// what is not mapped is kept and listed with why. Malformed input is `Invalid`
    /// naming the element, and changes nothing. With `dry_run`, nothing is written.
    pub async fn import_fhir(
        self: Arc<Self>,
        bytes: Vec<u8>,
        options: ImportOptions,
    ) -> Result<ImportReport, RecordError> {
        worker::run(move |_| self.with(|r| r.import_fhir(&bytes, &options))).await
    }

    /// Fetches the record of the patient with `nhs_number` from the FHIR server at
    /// `base_url` (https) and imports it. A server that cannot be used is `Server`.
    pub async fn import_fhir_from_server(
        self: Arc<Self>,
        base_url: String,
        nhs_number: String,
        options: ImportOptions,
    ) -> Result<ImportReport, RecordError> {
        worker::run(move |cancel| {
            let bytes =
                fetch_from_server_blocking(&base_url, &nhs_number, &FetchLimits::default())?;
            if cancel.is_cancelled() {
                return Err(RecordError::Cancelled);
            }
            let mut options = options;
            options.system.get_or_insert(base_url);
            self.with(|r| r.import_fhir(&bytes, &options))
        })
        .await
    }

    /// What `viewer` may see, narrowed by `scope`, as an IPS-style FHIR R4 document
    /// Bundle (JSON): nothing private, ever.
    pub async fn export_ips(
        self: Arc<Self>,
        viewer: Viewer,
        scope: ExportScope,
    ) -> Result<String, RecordError> {
        worker::run(move |_| self.with(|r| r.export_ips(viewer, &scope))).await
    }

    /// The resources imports kept without mapping them, with why.
    pub fn kept_fhir_resources(&self) -> Result<Vec<KeptResource>, RecordError> {
        self.with(|r| r.kept_fhir_resources())
    }
}

/// An export scope of everything the viewer may see.
#[uniffi::export]
pub fn export_everything() -> ExportScope {
    ExportScope::everything()
}
