//! A simulated blood-pressure cuff: Blood Pressure Service (0x2A35 indicate, 0x2A36
//! notify), Current Time Service and Device Information. When indications are enabled
//! it shows a few intermediate cuff pressures, sends its stored readings one indication
//! each, then disconnects, as cuffs do (BLE.md, "Transfer flows").

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use super::quirks::CuffQuirk;
use super::{Outbox, SimulatedPeripheral};
use crate::devices::gatt::{
    BloodPressureMeasurement, BloodPressureStatus, CurrentTime, DateTime, IntermediateCuffPressure,
    PressureUnit, Sfloat,
};
use crate::devices::session::{DeviceKind, GattId};
use crate::devices::transport::TransportEvent;

/// A cuff with stored readings and switchable quirks.
#[derive(Debug)]
pub struct SimulatedCuff {
    /// Stored readings, oldest first.
    pub readings: Vec<BloodPressureMeasurement>,
    quirks: Vec<CuffQuirk>,
    subscribed: Vec<GattId>,
    clock: Option<CurrentTime>,
    outbox: Outbox,
}

impl SimulatedCuff {
    /// A cuff holding `records` readings (plus one error reading with
    /// [`CuffQuirk::ErrorReading`], which is not a reading and is not counted).
    pub fn new(records: usize, quirks: &[CuffQuirk]) -> Self {
        let has = |q| quirks.contains(&q);
        let start = NaiveDate::from_ymd_opt(2026, 2, 2)
            .and_then(|d| d.and_hms_opt(7, 0, 0))
            .unwrap_or_default();
        let mut readings: Vec<_> = (0..records).map(|i| reading(i, start, quirks)).collect();
        if has(CuffQuirk::ErrorReading) {
            let mut error = reading(records, start, quirks);
            error.systolic = Sfloat::NAN;
            error.diastolic = Sfloat::NAN;
            error.mean_arterial_pressure = Sfloat::NAN;
            readings.insert(readings.len() / 2, error);
        }
        Self {
            readings,
            quirks: quirks.to_vec(),
            subscribed: Vec::new(),
            clock: None,
            outbox: Outbox::default(),
        }
    }

    /// The time last written to its Current Time characteristic.
    pub fn clock(&self) -> Option<CurrentTime> {
        self.clock
    }

    fn has(&self, q: CuffQuirk) -> bool {
        self.quirks.contains(&q)
    }

    /// The indication bytes: by the specification, or as the "BM85" brand sends them
    /// (pulse and status big-endian, a user id without its flag, reserved bit 5 set).
    fn bytes(&self, m: &BloodPressureMeasurement) -> Vec<u8> {
        if !self.has(CuffQuirk::BigEndian) {
            return m.encode();
        }
        let plain = BloodPressureMeasurement {
            user_id: None,
            ..*m
        };
        let mut out = plain.encode();
        let has_pulse = m.pulse_rate.is_some() && out.len() >= 16;
        if let Some(flags) = out.first_mut() {
            *flags |= 1 << 5;
        }
        // flags (1), three SFLOATs (6), time stamp (7) when present, then the pulse.
        let pulse_at = if m.time_stamp.is_some() { 14 } else { 7 };
        if has_pulse {
            out.swap(pulse_at, pulse_at + 1);
        }
        let status_at = pulse_at + if has_pulse { 2 } else { 0 };
        if m.measurement_status.is_some() && out.len() >= status_at + 2 {
            out.swap(status_at, status_at + 1);
        }
        if let Some(user) = m.user_id {
            let at = status_at.min(out.len());
            out.insert(at, user);
        }
        out
    }

    fn start_sending(&mut self, now: u64) {
        let mut at = now;
        if self
            .subscribed
            .contains(&GattId::INTERMEDIATE_CUFF_PRESSURE)
        {
            for mmhg in [180, 160, 140, 120, 100] {
                at += 20;
                let icp = IntermediateCuffPressure {
                    unit: PressureUnit::MmHg,
                    cuff_pressure: Sfloat::new(mmhg, 0).unwrap_or(Sfloat::NAN),
                    time_stamp: None,
                    pulse_rate: None,
                    user_id: None,
                    measurement_status: None,
                };
                let id = GattId::INTERMEDIATE_CUFF_PRESSURE;
                let value = icp.encode();
                self.outbox
                    .push(at, false, TransportEvent::Value { id, value });
            }
        }
        let values: Vec<Vec<u8>> = self.readings.iter().map(|m| self.bytes(m)).collect();
        for (k, value) in values.into_iter().enumerate() {
            let times = if self.has(CuffQuirk::Duplicates) && k % 5 == 2 {
                2
            } else {
                1
            };
            for _ in 0..times {
                at += 10;
                let id = GattId::BP_MEASUREMENT;
                let value = value.clone();
                self.outbox
                    .push(at, false, TransportEvent::Value { id, value });
            }
        }
        if !self.has(CuffQuirk::StaysConnected) {
            self.outbox
                .push(at + 200, false, TransportEvent::Disconnected);
        }
    }
}

fn reading(i: usize, start: NaiveDateTime, quirks: &[CuffQuirk]) -> BloodPressureMeasurement {
    let has = |q| quirks.contains(&q);
    let n = |base: usize, spread: usize, step: usize| {
        i16::try_from(base + i * step % spread).unwrap_or(0)
    };
    let (systolic, diastolic) = (n(110, 40, 7), n(70, 25, 3));
    let map = if has(CuffQuirk::MapZero) {
        0
    } else {
        diastolic + (systolic - diastolic) / 3
    };
    let pulse = if has(CuffQuirk::ImplausiblePulse) && i % 10 == 9 {
        400
    } else {
        n(55, 35, 11)
    };
    let hours = i64::try_from(i * 12 + i % 3).unwrap_or(0);
    let time = DateTime::from_naive(&(start + TimeDelta::hours(hours))).unwrap_or_default();
    let mut status = BloodPressureStatus::default();
    if i % 9 == 4 {
        status = status.union(BloodPressureStatus::IRREGULAR_PULSE);
    }
    if i % 13 == 6 {
        status = status.union(BloodPressureStatus::BODY_MOVEMENT);
    }
    let sfloat = |v: i16| Sfloat::new(v, 0).unwrap_or(Sfloat::NAN);
    BloodPressureMeasurement {
        unit: PressureUnit::MmHg,
        systolic: sfloat(systolic),
        diastolic: sfloat(diastolic),
        mean_arterial_pressure: sfloat(map),
        time_stamp: Some(if has(CuffQuirk::NoClock) {
            DateTime {
                year: 0,
                month: 0,
                day: 0,
                ..time
            }
        } else {
            time
        }),
        pulse_rate: Some(sfloat(pulse)),
        user_id: Some(1),
        measurement_status: Some(status),
    }
}

impl SimulatedPeripheral for SimulatedCuff {
    fn id(&self) -> String {
        "sim-bp-cuff".into()
    }

    fn name(&self) -> Option<String> {
        Some(
            if self.has(CuffQuirk::BigEndian) {
                "BM85"
            } else {
                "Simulated Cuff"
            }
            .into(),
        )
    }

    fn kind(&self) -> DeviceKind {
        DeviceKind::BloodPressureCuff
    }

    fn connect(&mut self, _now_ms: u64) -> Vec<GattId> {
        self.subscribed.clear();
        self.outbox.clear();
        let mut ids = vec![
            GattId::BP_MEASUREMENT,
            GattId::INTERMEDIATE_CUFF_PRESSURE,
            GattId::MANUFACTURER,
            GattId::MODEL,
            GattId::SERIAL,
        ];
        if !self.has(CuffQuirk::NoCurrentTime) {
            ids.push(GattId::CURRENT_TIME);
        }
        ids
    }

    fn read(&mut self, id: GattId) -> Result<Vec<u8>, String> {
        Ok(match id {
            GattId::MANUFACTURER => b"PHR Simulator".to_vec(),
            GattId::MODEL => b"Blood Pressure Cuff (simulated)".to_vec(),
            GattId::SERIAL => b"SIM-BPM-0001".to_vec(),
            other => return Err(format!("{other} cannot be read")),
        })
    }

    fn write(&mut self, id: GattId, value: &[u8], _now_ms: u64) -> Result<(), String> {
        if id != GattId::CURRENT_TIME || self.has(CuffQuirk::NoCurrentTime) {
            return Err(format!("{id} cannot be written"));
        }
        self.clock = Some(CurrentTime::decode(value).map_err(|e| e.to_string())?);
        Ok(())
    }

    fn subscribe(&mut self, id: GattId, now_ms: u64) -> Result<(), String> {
        match id {
            GattId::INTERMEDIATE_CUFF_PRESSURE => self.subscribed.push(id),
            GattId::BP_MEASUREMENT => {
                self.subscribed.push(id);
                self.start_sending(now_ms);
            }
            other => return Err(format!("{other} does not notify")),
        }
        Ok(())
    }

    fn disconnect(&mut self) {
        self.subscribed.clear();
        self.outbox.clear();
    }

    fn outbox(&mut self) -> &mut Outbox {
        &mut self.outbox
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devices::gatt::BpQuirks;

    #[test]
    fn the_bm85_layout_decodes_with_its_quirks() {
        let cuff = SimulatedCuff::new(3, &[CuffQuirk::BigEndian]);
        let m = cuff.readings[1];
        let bytes = cuff.bytes(&m);
        let quirks = BpQuirks {
            big_endian_pulse_and_status: true,
            user_id_without_flag: true,
        };
        let decoded = BloodPressureMeasurement::decode_with_quirks(&bytes, quirks).expect("decode");
        assert_eq!(decoded.pulse_rate, m.pulse_rate);
        assert_eq!(decoded.user_id, m.user_id);
        assert_eq!(decoded.measurement_status, m.measurement_status);
        // By the specification it would read garbage, not fail safe: the quirk matters.
        let plain = BloodPressureMeasurement::decode(&bytes).expect("decode");
        assert_ne!(plain.pulse_rate, m.pulse_rate);
    }
}
