//! The async [`Transport`] over a simulated peripheral: what `phr devices simulate`
//! syncs through, exactly as it would through the btleplug transport. Simulated times
//! are ignored: values come as fast as they are asked for, in order.

use std::time::Instant;

use super::SimulatedPeripheral;
use crate::devices::session::{DeviceError, DeviceKind, GattId, Subscription};
use crate::devices::transport::{Connection, FoundDevice, ScanOptions, Transport, TransportEvent};

/// A [`Transport`] whose only device is a simulated one.
pub struct SimulatedTransport {
    pub(in crate::devices::transport) peripheral: Box<dyn SimulatedPeripheral + Send>,
    started: Instant,
}

impl SimulatedTransport {
    /// A transport to `peripheral`.
    pub fn new(peripheral: Box<dyn SimulatedPeripheral + Send>) -> Self {
        Self {
            peripheral,
            started: Instant::now(),
        }
    }

    /// The simulated device's id (what `connect` takes).
    pub fn device_id(&self) -> String {
        self.peripheral.id()
    }

    /// The simulated device's advertised name.
    pub fn advertised_name(&self) -> Option<String> {
        self.peripheral.name()
    }

    /// The simulated device's kind.
    pub fn kind(&self) -> DeviceKind {
        self.peripheral.kind()
    }

    pub(in crate::devices::transport) fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

impl Transport for SimulatedTransport {
    async fn scan(&mut self, _options: &ScanOptions) -> Result<Vec<FoundDevice>, DeviceError> {
        Ok(vec![FoundDevice {
            id: self.peripheral.id(),
            name: self.peripheral.name(),
            kind: Some(self.peripheral.kind()),
            rssi: Some(-50),
        }])
    }

    async fn connect(&mut self, device_id: &str) -> Result<Connection, DeviceError> {
        if device_id != self.peripheral.id() {
            return Err(DeviceError::NotFound {
                id: device_id.to_owned(),
            });
        }
        let now = self.now_ms();
        Ok(Connection {
            characteristics: self.peripheral.connect(now),
            advertised_name: self.peripheral.name(),
        })
    }

    async fn read(&mut self, id: GattId) -> Result<Vec<u8>, DeviceError> {
        self.peripheral
            .read(id)
            .map_err(|reason| DeviceError::Gatt {
                operation: format!("read {id}"),
                reason,
            })
    }

    async fn write(
        &mut self,
        id: GattId,
        value: &[u8],
        _with_response: bool,
    ) -> Result<(), DeviceError> {
        let now = self.now_ms();
        self.peripheral
            .write(id, value, now)
            .map_err(|reason| DeviceError::Gatt {
                operation: format!("write {id}"),
                reason,
            })
    }

    async fn subscribe(&mut self, id: GattId, _kind: Subscription) -> Result<(), DeviceError> {
        let now = self.now_ms();
        self.peripheral
            .subscribe(id, now)
            .map_err(|reason| DeviceError::Gatt {
                operation: format!("subscribe to {id}"),
                reason,
            })
    }

    async fn next_event(&mut self) -> Option<TransportEvent> {
        match self.peripheral.outbox().take_next() {
            Some(TransportEvent::Disconnected) => {
                self.peripheral.disconnect();
                Some(TransportEvent::Disconnected)
            }
            Some(event) => Some(event),
            // Nothing more will come until asked: wait (the runner's deadline ends it).
            None => std::future::pending().await,
        }
    }

    async fn disconnect(&mut self) -> Result<(), DeviceError> {
        self.peripheral.disconnect();
        Ok(())
    }
}
