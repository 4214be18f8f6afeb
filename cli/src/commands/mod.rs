//! One file per group of commands. Each command opens the record (unlocking its key
//! first), does its work, closes the record and prints its result.

pub mod alerts;
pub mod backup;
pub mod changes;
pub mod check;
pub mod demo;
pub mod devices;
pub mod entries;
pub mod entry_ref;
pub mod feed;
pub mod fhir;
pub mod init;
pub mod kinds;
pub mod questions;

pub mod readings;
pub mod relay;
pub mod requests;
pub mod rules;
pub mod share;
pub mod show;

use phr_core::Record;
use std::path::PathBuf;

use crate::error::CliResult;
use crate::output::Output;
use crate::record_file::open_record;

/// What every command needs: the record's path and how to print.
#[derive(Debug)]
pub struct Ctx {
    /// The record file.
    pub record: PathBuf,
    /// Text or JSON.
    pub out: Output,
}

impl Ctx {
    /// Opens the record, runs `f` on it and closes it (writing its log into the file).
    pub fn with_record<T>(&self, f: impl FnOnce(&mut Record) -> CliResult<T>) -> CliResult<T> {
        let mut record = open_record(&self.record)?;
        let value = f(&mut record)?;
        close(record)?;
        Ok(value)
    }
}

/// Closes `record`. Everything is saved when this returns `Ok`; a warning that comes
/// with it (the disk is nearly full) goes to stderr, and is never a failure (a retry
/// would store the change twice).
pub fn close(record: Record) -> CliResult {
    if let Some(warning) = record.close()?.warning {
        eprintln!("warning: {warning}");
    }
    Ok(())
}
