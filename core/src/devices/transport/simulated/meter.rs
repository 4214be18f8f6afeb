//! A simulated glucose meter: Glucose Service (0x2A18, 0x2A34, 0x2A51, RACP 0x2A52)
//! and Device Information, answering RACP requests from its memory with the real
//! encoders, and delivering them with the quirks it is switched to.

use super::meter_memory::{MeterMemory, MeterRecord};
use super::quirks::MeterQuirk;
use super::{Outbox, SimulatedPeripheral};
use chrono::{NaiveDateTime, TimeDelta};

use crate::devices::gatt::{
    AdjustReason, CurrentTime, GlucoseFeature, RacpOpCode, RacpRequest, RacpResponse,
    RacpResponseCode, RecordSelection, response_code_for,
};
use crate::devices::session::{DeviceKind, GattId, uuid16};
use crate::devices::transport::TransportEvent;

/// Simulated milliseconds between two notifications.
const GAP_MS: u64 = 5;
/// A vendor service with its own 0x2A52 (BLE.md: resolve by service and UUID).
const VENDOR_RACP: GattId = GattId {
    service: uuid::Uuid::from_u128(0x0000_fff0_1212_efde_1523_785f_eabc_d123),
    characteristic: uuid16(0x2A52),
};

/// A glucose meter with stored records and switchable quirks.
#[derive(Debug)]
pub struct SimulatedMeter {
    /// What it holds.
    pub memory: MeterMemory,
    quirks: Vec<MeterQuirk>,
    serial: String,
    clock: Option<NaiveDateTime>,
    connections: u32,
    subscribed: Vec<GattId>,
    outbox: Outbox,
}

impl SimulatedMeter {
    /// A meter holding `records` records (see [`MeterQuirk`]); `contexts` adds a meal
    /// context to every third record.
    pub fn new(records: usize, quirks: &[MeterQuirk], contexts: bool) -> Self {
        Self {
            memory: MeterMemory::new(records, quirks, contexts),
            quirks: quirks.to_vec(),
            serial: "SIM-GLU-0001".into(),
            clock: None,
            connections: 0,
            subscribed: Vec::new(),
            outbox: Outbox::default(),
        }
    }

    /// The same meter with another serial number (another device).
    pub fn with_serial(mut self, serial: &str) -> Self {
        serial.clone_into(&mut self.serial);
        self
    }

    /// The same meter with a Current Time characteristic (0x2A2B) whose clock shows
    /// `now` (wall-clock time), or five years ahead with [`MeterQuirk::WrongClock`], as
    /// the meter whose clock went wrong does.
    pub fn with_clock(mut self, now: NaiveDateTime) -> Self {
        self.clock = Some(now);
        self
    }

    fn clock_now(&self) -> Option<NaiveDateTime> {
        let shift = if self.has(MeterQuirk::WrongClock) {
            TimeDelta::days(5 * 365)
        } else {
            TimeDelta::zero()
        };
        self.clock.map(|c| c + shift)
    }

    /// Its serial number (the device id in the record).
    pub fn serial(&self) -> &str {
        &self.serial
    }

    /// How many times a central connected.
    pub fn connections(&self) -> u32 {
        self.connections
    }

    fn has(&self, q: MeterQuirk) -> bool {
        self.quirks.contains(&q)
    }

    fn selected(&self, selection: RecordSelection) -> Vec<&MeterRecord> {
        let all = &self.memory.records;
        let seq = |r: &&MeterRecord| r.measurement.sequence_number;
        match selection {
            RecordSelection::All => all.iter().collect(),
            RecordSelection::First => all.first().into_iter().collect(),
            RecordSelection::Last => all.last().into_iter().collect(),
            RecordSelection::GreaterThanOrEqual(n) => all.iter().filter(|r| seq(r) >= n).collect(),
            RecordSelection::LessThanOrEqual(n) => all.iter().filter(|r| seq(r) <= n).collect(),
            RecordSelection::WithinRange { min, max } => all
                .iter()
                .filter(|r| (min..=max).contains(&seq(r)))
                .collect(),
        }
    }

    fn racp(&mut self, value: &[u8], now: u64) {
        let at = self.outbox.last_at(now) + GAP_MS;
        if self.has(MeterQuirk::VendorRacp) {
            // The vendor point chatters: a count of 0 nobody asked for.
            let bogus = RacpResponse::NumberOfStoredRecords(0).encode();
            self.send(at, false, VENDOR_RACP, bogus);
        }
        let response = |request_op_code, response| RacpResponse::ResponseCode {
            request_op_code,
            response,
        };
        let request = match RacpRequest::decode(value) {
            Ok(r) => r,
            Err(e) => {
                let op = RacpOpCode::from_code(value.first().copied().unwrap_or(0));
                let r = response(op, response_code_for(&e));
                return self.send(at, false, GattId::RACP, r.encode());
            }
        };
        match request {
            RacpRequest::ReportNumberOfStoredRecords(selection) => {
                let n = u32::try_from(self.selected(selection).len()).unwrap_or(u32::MAX);
                let r = RacpResponse::NumberOfStoredRecords(n);
                self.send(at, false, GattId::RACP, r.encode());
            }
            RacpRequest::ReportStoredRecords(selection) => self.report(selection, at),
            RacpRequest::Abort => {
                self.outbox.cancel_procedure();
                let r = response(RacpOpCode::AbortOperation, RacpResponseCode::Success);
                self.send(at, false, GattId::RACP, r.encode());
            }
            RacpRequest::DeleteStoredRecords(_) => {
                let r = response(
                    RacpOpCode::DeleteStoredRecords,
                    RacpResponseCode::OpCodeNotSupported,
                );
                self.send(at, false, GattId::RACP, r.encode());
            }
        }
    }

    /// Sends the selected records, then the response code, with the quirks.
    fn report(&mut self, selection: RecordSelection, mut at: u64) {
        let records: Vec<MeterRecord> = self.selected(selection).into_iter().cloned().collect();
        let done = |code| RacpResponse::ResponseCode {
            request_op_code: RacpOpCode::ReportStoredRecords,
            response: code,
        };
        if records.is_empty() {
            let r = done(RacpResponseCode::NoRecordsFound);
            return self.send(at, true, GattId::RACP, r.encode());
        }
        let mut groups: Vec<Vec<(GattId, Vec<u8>)>> = records
            .iter()
            .enumerate()
            .map(|(k, r)| self.notifications(k, r))
            .collect();
        if self.has(MeterQuirk::OutOfOrder) {
            for k in (1..groups.len().saturating_sub(1)).step_by(4) {
                groups.swap(k, k + 1);
            }
        }
        let drop_after =
            (self.has(MeterQuirk::Disconnect) && self.connections == 1 && groups.len() > 4)
                .then(|| groups.len() * 2 / 5);
        let late = if self.has(MeterQuirk::LateNotifications) {
            groups.len().min(2)
        } else {
            0
        };
        let on_time = groups.len() - late;
        for (k, group) in groups.into_iter().enumerate() {
            if drop_after == Some(k) {
                // The link drops mid-transfer: nothing more, no response.
                self.outbox.push(at, true, TransportEvent::Disconnected);
                return;
            }
            if k == on_time {
                at += GAP_MS;
                self.send(
                    at,
                    true,
                    GattId::RACP,
                    done(RacpResponseCode::Success).encode(),
                );
            }
            for (id, value) in group {
                at += if k >= on_time { 10 * GAP_MS } else { GAP_MS };
                self.send(at, true, id, value);
            }
        }
        if late == 0 {
            self.send(
                at + GAP_MS,
                true,
                GattId::RACP,
                done(RacpResponseCode::Success).encode(),
            );
        }
    }

    /// The notifications of the `k`-th record of a transfer.
    fn notifications(&self, k: usize, r: &MeterRecord) -> Vec<(GattId, Vec<u8>)> {
        let mut out = Vec::new();
        let measurement = r.measurement.encode();
        if self.has(MeterQuirk::Malformed) && k % 97 == 13 {
            out.push((
                GattId::GLUCOSE_MEASUREMENT,
                measurement.iter().take(5).copied().collect(),
            ));
        }
        let context = r
            .context
            .filter(|_| self.subscribed.contains(&GattId::GLUCOSE_CONTEXT))
            .map(|c| (GattId::GLUCOSE_CONTEXT, c.encode()));
        let measurement = (GattId::GLUCOSE_MEASUREMENT, measurement);
        let context_first = self.has(MeterQuirk::OutOfOrder) && k.is_multiple_of(10);
        let times = if self.has(MeterQuirk::Duplicates) && k % 7 == 3 {
            2
        } else {
            1
        };
        for _ in 0..times {
            match (&context, context_first) {
                (Some(c), true) => out.extend([c.clone(), measurement.clone()]),
                (Some(c), false) => out.extend([measurement.clone(), c.clone()]),
                (None, _) => out.push(measurement.clone()),
            }
        }
        out
    }

    fn send(&mut self, at: u64, procedure: bool, id: GattId, value: Vec<u8>) {
        let subscribed = self.subscribed.contains(&id) || id == VENDOR_RACP;
        if subscribed {
            self.outbox
                .push(at, procedure, TransportEvent::Value { id, value });
        }
    }
}

impl SimulatedPeripheral for SimulatedMeter {
    fn id(&self) -> String {
        "sim-glucose-meter".into()
    }

    fn name(&self) -> Option<String> {
        Some("Simulated Meter".into())
    }

    fn kind(&self) -> DeviceKind {
        DeviceKind::GlucoseMeter
    }

    fn connect(&mut self, _now_ms: u64) -> Vec<GattId> {
        self.connections += 1;
        self.subscribed.clear();
        self.outbox.clear();
        let mut ids = vec![
            GattId::GLUCOSE_MEASUREMENT,
            GattId::GLUCOSE_CONTEXT,
            GattId::GLUCOSE_FEATURE,
            GattId::RACP,
            GattId::MANUFACTURER,
            GattId::MODEL,
            GattId::SERIAL,
        ];
        if self.has(MeterQuirk::VendorRacp) {
            ids.insert(0, VENDOR_RACP);
        }
        if self.clock.is_some() {
            ids.push(GattId::CURRENT_TIME);
        }
        ids
    }

    fn read(&mut self, id: GattId) -> Result<Vec<u8>, String> {
        Ok(match id {
            GattId::GLUCOSE_FEATURE => {
                // Everything a meter can detect except multiple bond (bits 0-9).
                GlucoseFeature::from_bits(0x03FF).encode().to_vec()
            }
            GattId::MANUFACTURER => b"PHR Simulator".to_vec(),
            GattId::MODEL => b"Glucose Meter (simulated)".to_vec(),
            GattId::SERIAL => self.serial.as_bytes().to_vec(),
            GattId::CURRENT_TIME => match self
                .clock_now()
                .and_then(|t| CurrentTime::from_naive(&t, AdjustReason::MANUAL_TIME_UPDATE))
            {
                Some(t) => t.encode().to_vec(),
                None => return Err("the meter has no clock to read".into()),
            },
            other => return Err(format!("{other} cannot be read")),
        })
    }

    fn write(&mut self, id: GattId, value: &[u8], now_ms: u64) -> Result<(), String> {
        match id {
            GattId::RACP if !self.subscribed.contains(&GattId::RACP) => {
                // ATT error 0xFD: client characteristic configuration improperly configured.
                Err("indications on the RACP are not enabled".into())
            }
            GattId::RACP => {
                self.racp(value, now_ms);
                Ok(())
            }
            VENDOR_RACP => Ok(()),
            other => Err(format!("{other} cannot be written")),
        }
    }

    fn subscribe(&mut self, id: GattId, _now_ms: u64) -> Result<(), String> {
        match id {
            GattId::GLUCOSE_MEASUREMENT | GattId::GLUCOSE_CONTEXT | GattId::RACP | VENDOR_RACP => {
                self.subscribed.push(id);
                Ok(())
            }
            other => Err(format!("{other} does not notify")),
        }
    }

    fn disconnect(&mut self) {
        self.subscribed.clear();
        self.outbox.clear();
    }

    fn outbox(&mut self) -> &mut Outbox {
        &mut self.outbox
    }
}
