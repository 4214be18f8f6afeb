//! Blocking wrappers for callers without an async runtime (the `phr` command): each
//! runs one operation on a current-thread tokio runtime.

use super::btleplug_transport::BtleplugTransport;
use super::simulated::SimulatedTransport;
use super::{FoundDevice, ScanOptions, Transport, runner};
use crate::devices::ingest::SyncSink;
use crate::devices::ingest::{SyncOptions, SyncReport};
use crate::devices::session::{DeviceError, Progress};

fn runtime() -> Result<tokio::runtime::Runtime, DeviceError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| DeviceError::Unsupported(format!("cannot start the Bluetooth runtime: {e}")))
}

/// Scans for glucose meters and blood-pressure cuffs with the system's Bluetooth.
/// Without Bluetooth: [`DeviceError::NoAdapter`] or [`DeviceError::NoBluetooth`].
pub fn scan(options: &ScanOptions) -> Result<Vec<FoundDevice>, DeviceError> {
    runtime()?.block_on(async {
        let mut transport = BtleplugTransport::new().await?;
        transport.scan(options).await
    })
}

/// Syncs the device with this id (from `scan`) into `sink`.
pub fn sync(
    sink: &mut dyn SyncSink,
    device_id: &str,
    options: SyncOptions,
    on_progress: &mut dyn FnMut(&Progress),
) -> Result<SyncReport, DeviceError> {
    runtime()?.block_on(async {
        let mut transport = BtleplugTransport::new().await?;
        runner::sync(&mut transport, sink, device_id, None, options, on_progress).await
    })
}

/// Syncs a simulated device into `sink`, through the same runner, session and
/// ingestion as a real one.
pub fn sync_simulated(
    sink: &mut dyn SyncSink,
    mut transport: SimulatedTransport,
    options: SyncOptions,
    on_progress: &mut dyn FnMut(&Progress),
) -> Result<SyncReport, DeviceError> {
    let id = transport.device_id();
    let kind = Some(transport.kind());
    runtime()?.block_on(runner::sync(
        &mut transport,
        sink,
        &id,
        kind,
        options,
        on_progress,
    ))
}
