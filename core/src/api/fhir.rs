//! FHIR: importing a file or a server's answer into the record, and exporting what a
//! viewer may see as an IPS-style document. The mapping is `fhir::import` and
//! `fhir::export`; here each mapped resource is compared with what the record holds (the
//! imports ledger, `store::imports`) and everything is written in one transaction, with
//! the same checks as every other change (`entries::check_body`, the rules spanning
//! entries) and the rules run on the new readings.
//!
//! Re-imports: a resource is keyed by system, type and id. A newer version updates what
//! the import wrote before, never what the person changed (`fhir::import::merge`), never
//! the person's privacy choice; a resource the person deleted is not brought back; a
//! Patient merges into the identity already there (filling empty fields) when it is the
//! same person (the same NHS number, or else the same name), and is reported otherwise.

mod entry;
mod run;

use std::collections::HashSet;

use chrono::{Duration, NaiveDate};

use super::Record;
use super::entries::check_body;
use super::error::{ApiError, ApiResult};
use super::observer::ChangeArea;
use crate::fhir::codes::IpsSection;
use crate::fhir::export::{self, ExportInput, SERIES_LIMIT, reading_exported};
use crate::fhir::import::{self, ImportError, Planned};
use crate::fhir::mapping::ids;
use crate::fhir::mapping::negation::section_name;
use crate::fhir::{Bundle, FhirError, Resource, parse_input};
use crate::model::{ReadingKind, Viewer};
use crate::store::entries::{self, EntryFilter};
use crate::store::imports;
use crate::store::{reading_days, readings, templates};
use run::{Import, Stop, at_element};

pub use crate::fhir::export::ExportScope;
pub use crate::fhir::import::{
    FetchLimits, ImportItem, ImportOptions, ImportOutcome, ImportReport, ImportTarget,
};

/// A resource kept by an import without being mapped.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KeptResource {
    /// `system|Type/id`.
    pub source_key: String,
    /// Why it was kept.
    pub reason: Option<String>,
    /// Its exact JSON.
    pub raw: Option<String>,
}

/// Fetches the record of the patient with `nhs_number` from the FHIR R4 server at
/// `base_url` (https, or http to this machine), for [`Record::import_fhir`].
pub async fn fetch_from_server(
    base_url: &str,
    nhs_number: &str,
    limits: &FetchLimits,
) -> ApiResult<Vec<u8>> {
    Ok(import::fetch_from_server(base_url, nhs_number, limits).await?)
}

/// [`fetch_from_server`] for a caller without an async runtime (the `phr` command, the
/// bindings' worker threads): runs it on a runtime of its own.
pub fn fetch_from_server_blocking(
    base_url: &str,
    nhs_number: &str,
    limits: &FetchLimits,
) -> ApiResult<Vec<u8>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ApiError::Server {
            reason: format!("the connection could not be started: {e}"),
        })?;
    runtime.block_on(fetch_from_server(base_url, nhs_number, limits))
}

/// A FHIR error as the person reads it: the file, the path, the resource.
fn fhir_error(file: &str, e: FhirError) -> ApiError {
    match e {
        FhirError::Invalid {
            path,
            message,
            resource,
            ..
        } => ApiError::Invalid {
            field: if path.is_empty() {
                file.to_owned()
            } else {
                format!("{file}: {path}")
            },
            reason: match resource {
                Some(r) => format!("{message} (in {r})"),
                None => message,
            },
        },
        other => ApiError::Invalid {
            field: file.to_owned(),
            reason: other.to_string(),
        },
    }
}

fn import_error(file: &str, e: ImportError) -> ApiError {
    match e {
        ImportError::Fhir(f) => fhir_error(file, f),
        ImportError::Invalid {
            path,
            resource,
            reason,
        } => ApiError::Invalid {
            field: format!("{file}: {path}"),
            reason: match resource {
                Some(r) => format!("{reason} (in {r})"),
                None => reason,
            },
        },
    }
}

impl Record {
    /// Imports a FHIR R4 Bundle or resource (see [`ImportOptions`]). Everything is
    /// checked first and written in one transaction: an input that cannot be imported is
    /// a typed error naming the file, the element and the resource, and changes nothing.
    /// With `dry_run`, nothing is written and the report says what would be.
    pub fn import_fhir(
        &mut self,
        bytes: &[u8],
        options: &ImportOptions,
    ) -> ApiResult<ImportReport> {
        let file = options.file();
        let input = parse_input(bytes).map_err(|e| fhir_error(file, e))?;
        let own = ids::record_uri(&imports::record_uuid(self.conn())?);
        let plan = import::plan(&input, options, &own).map_err(|e| import_error(file, e))?;
        let now = self.now();
        for c in &plan.candidates {
            if let Planned::Entry(m) = &c.planned
                && !m.incomplete
                && !c.own
            {
                check_body(self.conn(), &m.body, now).map_err(|e| at_element(file, c, m, e))?;
            }
        }
        let result = self.db.write(|tx| {
            let report = Import {
                tx,
                now,
                options,
                plan: &plan,
                active_goals: None,
                rejected: HashSet::new(),
            }
            .run()?;
            if options.dry_run {
                Err(Stop::DryRun(report))
            } else {
                Ok(report)
            }
        });
        match result {
            Ok(report) => {
                self.observers.notify(vec![
                    ChangeArea::Entries,
                    ChangeArea::Readings,
                    ChangeArea::Alerts,
                ]);
                Ok(report)
            }
            Err(Stop::DryRun(report)) => Ok(report),
            Err(Stop::Failed(e)) => Err(e),
        }
    }

    /// The resources imports kept without mapping them, with why.
    pub fn kept_fhir_resources(&self) -> ApiResult<Vec<KeptResource>> {
        Ok(imports::kept(self.conn())?
            .into_iter()
            .map(|r| KeptResource {
                source_key: r.source_key,
                reason: r.reason,
                raw: r.raw,
            })
            .collect())
    }

    /// What `viewer` may see, narrowed by `scope`, as an IPS-style FHIR R4 document
    /// Bundle (JSON).
    pub fn export_ips(&self, viewer: Viewer, scope: &ExportScope) -> ApiResult<String> {
        let bundle = self.export_ips_bundle(viewer, scope)?;
        serde_json::to_string(&Resource::Bundle(Box::new(bundle))).map_err(|e| ApiError::Storage {
            reason: format!("the summary could not be written: {e}"),
        })
    }

    /// [`Record::export_ips`] as a Bundle.
    pub fn export_ips_bundle(&self, viewer: Viewer, scope: &ExportScope) -> ApiResult<Bundle> {
        let conn = self.conn();
        let record_id = imports::record_uuid(conn)?;
        let entries = entries::list(conn, &EntryFilter::default(), viewer)?;
        let none_known: Vec<IpsSection> = imports::negations(conn, viewer)?
            .iter()
            .filter_map(|name| {
                IpsSection::REQUIRED
                    .into_iter()
                    .find(|s| section_name(*s) == name)
            })
            .collect();
        let now = self.now();
        let (mut shown, mut summaries) = (Vec::new(), Vec::new());
        if scope.readings {
            for kind in ReadingKind::ALL
                .into_iter()
                .filter(|k| reading_exported(*k))
            {
                let query = readings::ReadingQuery {
                    kind: Some(kind),
                    from: scope.readings_since,
                    to: None,
                    limit: Some(u32::try_from(SERIES_LIMIT + 1).unwrap_or(u32::MAX)),
                };
                let mut recent = readings::list(conn, &query, viewer)?;
                if recent.len() > SERIES_LIMIT {
                    let from = scope
                        .readings_since
                        .map_or(NaiveDate::MIN, |t| t.date_naive());
                    let to = (now + Duration::days(2)).date_naive();
                    summaries.push((
                        kind,
                        reading_days::daily_summaries(conn, kind, from, to, viewer)?,
                    ));
                } else {
                    recent.reverse();
                    shown.extend(recent);
                }
            }
        }
        let templates = templates::all(conn)?;
        let input = ExportInput {
            record_id: &record_id,
            now: now.fixed_offset(),
            viewer,
            scope,
            entries: &entries,
            readings: &shown,
            summaries: &summaries,
            none_known: &none_known,
            templates: &templates,
        };
        export::document(&input).map_err(|e| ApiError::Storage {
            reason: format!("the summary could not be assembled: {e}"),
        })
    }
}
