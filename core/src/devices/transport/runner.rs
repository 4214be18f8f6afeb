//! Drives a sync over any [`Transport`]: performs the session's actions one by one,
//! waits for the device or the session's next deadline, reconnects after a drop
//! mid-transfer. The same [`SyncDriver`] as the feed API and the simulated link, so
//! real and simulated devices take one path into the record.

use std::collections::VecDeque;
use std::time::Duration;

use super::{Transport, TransportEvent};
use crate::devices::ingest::SyncSink;
use crate::devices::ingest::{SyncDriver, SyncOptions, SyncReport};
use crate::devices::session::{Action, DeviceError, DeviceKind, Event, Progress, SessionConfig};

/// Longest single wait: a session always has a deadline, this is a backstop.
const MAX_WAIT: Duration = Duration::from_secs(30);

/// Syncs `device_id` into `sink`. The kind is taken from the device's
/// characteristics unless given. `on_progress` sees every progress update.
pub async fn sync<T: Transport>(
    transport: &mut T,
    sink: &mut dyn SyncSink,
    device_id: &str,
    kind: Option<DeviceKind>,
    options: SyncOptions,
    on_progress: &mut dyn FnMut(&Progress),
) -> Result<SyncReport, DeviceError> {
    let mut driver: Option<SyncDriver> = None;
    loop {
        let connection = transport.connect(device_id).await?;
        let driver = match &mut driver {
            Some(d) => {
                d.reconnect();
                d
            }
            None => {
                let kind = kind
                    .or_else(|| DeviceKind::from_characteristics(&connection.characteristics))
                    .ok_or_else(|| {
                        DeviceError::Unsupported(format!(
                            "\"{device_id}\" is neither a glucose meter (service 0x1808) nor a blood-pressure cuff (0x1810)"
                        ))
                    })?;
                let config = SessionConfig::new(device_id, connection.advertised_name.clone());
                driver.insert(SyncDriver::new(kind, config, options))
            }
        };
        let event = Event::Connected {
            characteristics: connection.characteristics,
        };
        let first = driver.handle(sink, event)?;
        run_connection(transport, sink, driver, first, on_progress).await?;
        if !driver.should_reconnect() {
            return Ok(driver.report().clone());
        }
    }
}

async fn run_connection<T: Transport>(
    transport: &mut T,
    sink: &mut dyn SyncSink,
    driver: &mut SyncDriver,
    first: Vec<Action>,
    on_progress: &mut dyn FnMut(&Progress),
) -> Result<(), DeviceError> {
    let mut queue = VecDeque::from(first);
    loop {
        while let Some(action) = queue.pop_front() {
            let event = match action {
                Action::Read { id } => Some(match transport.read(id).await {
                    Ok(value) => Event::ReadResult { id, value },
                    Err(e) => Event::ReadFailed {
                        id,
                        reason: e.to_string(),
                    },
                }),
                Action::Subscribe { id, kind } => Some(match transport.subscribe(id, kind).await {
                    Ok(()) => Event::Subscribed { id },
                    Err(e) => Event::SubscribeFailed {
                        id,
                        reason: e.to_string(),
                    },
                }),
                Action::Write {
                    id,
                    value,
                    with_response,
                } => Some(match transport.write(id, &value, with_response).await {
                    Ok(()) => Event::WriteAcknowledged { id },
                    Err(e) => Event::WriteFailed {
                        id,
                        reason: e.to_string(),
                    },
                }),
                Action::Progress(p) => {
                    on_progress(&p);
                    None
                }
                Action::Disconnect => {
                    // Already gone or going: nothing to do about a failure here.
                    let _ = transport.disconnect().await;
                    None
                }
                Action::Finished { .. } => return Ok(()),
                Action::NeedHistory { .. } => None,
            };
            if let Some(event) = event {
                queue.extend(driver.handle(sink, event)?);
            }
        }
        let wait = driver
            .next_deadline()
            .map(|d| (d - sink.now()).to_std().unwrap_or(Duration::ZERO))
            .unwrap_or(MAX_WAIT)
            .min(MAX_WAIT);
        let event = match tokio::time::timeout(wait, transport.next_event()).await {
            Ok(Some(TransportEvent::Value { id, value })) => Event::Value { id, value },
            Ok(Some(TransportEvent::Disconnected) | None) => Event::Disconnected,
            Err(_) => Event::Tick,
        };
        queue.extend(driver.handle(sink, event)?);
    }
}
