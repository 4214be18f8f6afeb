//! Blood Pressure Measurement (0x2A35) and Intermediate Cuff Pressure (0x2A36), Blood
//! Pressure Service 1.0, 3.1-3.2 / GATT Specification Supplement.
//!
//! flags u8 (bit0 unit kPa, bit1 time stamp, bit2 pulse rate, bit3 user id, bit4
//! measurement status; higher bits reserved and ignored); systolic, diastolic, mean
//! arterial pressure (SFLOAT each); [time stamp Date Time]; [pulse rate SFLOAT];
//! [user id u8, 255 = unknown]; [measurement status u16]. Intermediate cuff pressure
//! has the same layout with the cuff pressure in the systolic field and the other two
//! set to NaN. Trailing bytes are tolerated (BLE.md).

use serde::Serialize;

pub use super::bp_status::{BloodPressureStatus, PulseRateRange};
use super::date_time::DateTime;
use super::error::DecodeError;
use super::reader::Reader;
use super::sfloat::Sfloat;
use crate::model::units;

const UNIT_KPA: u8 = 1 << 0;
const TIME_STAMP: u8 = 1 << 1;
const PULSE_RATE: u8 = 1 << 2;
const USER_ID: u8 = 1 << 3;
const MEASUREMENT_STATUS: u8 = 1 << 4;

/// User id meaning "unknown user" (BLS 1.0, 3.1.1.5).
pub const USER_ID_UNKNOWN: u8 = 255;

/// Pressure unit (flag bit 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PressureUnit {
    /// Millimetres of mercury.
    #[serde(rename = "mmHg")]
    MmHg,
    /// Kilopascal.
    #[serde(rename = "kPa")]
    KPa,
}

impl PressureUnit {
    /// "mmHg" or "kPa".
    pub fn label(self) -> &'static str {
        match self {
            Self::MmHg => "mmHg",
            Self::KPa => "kPa",
        }
    }

    /// A pressure in this unit as mmHg; `None` for special values.
    pub fn to_mmhg(self, value: Sfloat) -> Option<f64> {
        match self {
            Self::MmHg => value.finite(),
            Self::KPa => value.finite().map(units::kpa_to_mmhg),
        }
    }
}

/// Per-model deviations from the specification, chosen by the caller (e.g. from the
/// advertised name); all off by default. BLE.md, "Blood-pressure cuffs".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct BpQuirks {
    /// Pulse rate and measurement status arrive big-endian.
    pub big_endian_pulse_and_status: bool,
    /// A user id byte is sent although flag bit 3 is clear.
    pub user_id_without_flag: bool,
}

/// Fields shared by both characteristics.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Layout {
    unit: PressureUnit,
    pressures: [Sfloat; 3],
    time_stamp: Option<DateTime>,
    pulse_rate: Option<Sfloat>,
    user_id: Option<u8>,
    status: Option<BloodPressureStatus>,
}

impl Layout {
    fn read(name: &'static str, bytes: &[u8], quirks: BpQuirks) -> Result<Self, DecodeError> {
        let mut r = Reader::new(name, bytes);
        let flags = r.u8("flags")?;
        let unit = if flags & UNIT_KPA != 0 {
            PressureUnit::KPa
        } else {
            PressureUnit::MmHg
        };
        let pressures = [
            r.sfloat("systolic")?,
            r.sfloat("diastolic")?,
            r.sfloat("mean_arterial_pressure")?,
        ];
        let time_stamp = if flags & TIME_STAMP != 0 {
            Some(DateTime::read(&mut r, "time_stamp")?)
        } else {
            None
        };
        let pulse_rate = match (flags & PULSE_RATE != 0, quirks.big_endian_pulse_and_status) {
            (false, _) => None,
            (true, false) => Some(r.sfloat("pulse_rate")?),
            (true, true) => Some(r.sfloat_be("pulse_rate")?),
        };
        let status_len = if flags & MEASUREMENT_STATUS != 0 {
            2
        } else {
            0
        };
        let user_id = if flags & USER_ID != 0
            || (quirks.user_id_without_flag && r.remaining() > status_len)
        {
            Some(r.u8("user_id")?)
        } else {
            None
        };
        let status = match (status_len > 0, quirks.big_endian_pulse_and_status) {
            (false, _) => None,
            (true, false) => Some(r.u16("measurement_status")?),
            (true, true) => Some(r.u16_be("measurement_status")?),
        };
        Ok(Self {
            unit,
            pressures,
            time_stamp,
            pulse_rate,
            user_id,
            status: status.map(BloodPressureStatus::from_bits),
        })
    }

    fn write(&self) -> Vec<u8> {
        let mut flags = if self.unit == PressureUnit::KPa {
            UNIT_KPA
        } else {
            0
        };
        let mut out = vec![0];
        for p in self.pressures {
            out.extend_from_slice(&p.encode());
        }
        if let Some(t) = &self.time_stamp {
            flags |= TIME_STAMP;
            out.extend_from_slice(&t.encode());
        }
        if let Some(p) = self.pulse_rate {
            flags |= PULSE_RATE;
            out.extend_from_slice(&p.encode());
        }
        if let Some(u) = self.user_id {
            flags |= USER_ID;
            out.push(u);
        }
        if let Some(s) = self.status {
            flags |= MEASUREMENT_STATUS;
            out.extend_from_slice(&s.bits().to_le_bytes());
        }
        if let Some(first) = out.first_mut() {
            *first = flags;
        }
        out
    }
}

/// One Blood Pressure Measurement indication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct BloodPressureMeasurement {
    /// Unit of the three pressures (the pulse rate is always beats per minute).
    pub unit: PressureUnit,
    /// Systolic pressure.
    pub systolic: Sfloat,
    /// Diastolic pressure.
    pub diastolic: Sfloat,
    /// Mean arterial pressure as sent; see [`Self::mean_arterial_pressure_measured`].
    pub mean_arterial_pressure: Sfloat,
    /// Time stamp (year 0 = clock not set).
    pub time_stamp: Option<DateTime>,
    /// Pulse rate, beats per minute.
    pub pulse_rate: Option<Sfloat>,
    /// User id; 255 = unknown user.
    pub user_id: Option<u8>,
    /// Measurement status.
    pub measurement_status: Option<BloodPressureStatus>,
}

impl BloodPressureMeasurement {
    /// Decodes an indication by the specification.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        Self::decode_with_quirks(bytes, BpQuirks::default())
    }

    /// Decodes an indication from a cuff with known deviations.
    pub fn decode_with_quirks(bytes: &[u8], quirks: BpQuirks) -> Result<Self, DecodeError> {
        let l = Layout::read("blood pressure measurement", bytes, quirks)?;
        let [systolic, diastolic, mean_arterial_pressure] = l.pressures;
        Ok(Self {
            unit: l.unit,
            systolic,
            diastolic,
            mean_arterial_pressure,
            time_stamp: l.time_stamp,
            pulse_rate: l.pulse_rate,
            user_id: l.user_id,
            measurement_status: l.status,
        })
    }

    /// The indication bytes (flags derived from the fields).
    pub fn encode(&self) -> Vec<u8> {
        Layout {
            unit: self.unit,
            pressures: [self.systolic, self.diastolic, self.mean_arterial_pressure],
            time_stamp: self.time_stamp,
            pulse_rate: self.pulse_rate,
            user_id: self.user_id,
            status: self.measurement_status,
        }
        .write()
    }

    /// Mean arterial pressure, or `None` when a cuff sends 0 for "not measured" (BLE.md).
    pub fn mean_arterial_pressure_measured(&self) -> Option<Sfloat> {
        let map = self.mean_arterial_pressure;
        (map.finite() != Some(0.0)).then_some(map)
    }
}

/// One Intermediate Cuff Pressure notification (the cuff inflating or deflating).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct IntermediateCuffPressure {
    /// Unit of the cuff pressure.
    pub unit: PressureUnit,
    /// Current cuff pressure (sent in the systolic field).
    pub cuff_pressure: Sfloat,
    /// Time stamp.
    pub time_stamp: Option<DateTime>,
    /// Pulse rate, beats per minute.
    pub pulse_rate: Option<Sfloat>,
    /// User id; 255 = unknown user.
    pub user_id: Option<u8>,
    /// Measurement status.
    pub measurement_status: Option<BloodPressureStatus>,
}

impl IntermediateCuffPressure {
    /// Decodes a notification; the unused diastolic and MAP fields are skipped.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        Self::decode_with_quirks(bytes, BpQuirks::default())
    }

    /// Decodes a notification from a cuff with known deviations.
    pub fn decode_with_quirks(bytes: &[u8], quirks: BpQuirks) -> Result<Self, DecodeError> {
        let l = Layout::read("intermediate cuff pressure", bytes, quirks)?;
        Ok(Self {
            unit: l.unit,
            cuff_pressure: l.pressures[0],
            time_stamp: l.time_stamp,
            pulse_rate: l.pulse_rate,
            user_id: l.user_id,
            measurement_status: l.status,
        })
    }

    /// The notification bytes, with diastolic and MAP set to NaN as the spec asks.
    pub fn encode(&self) -> Vec<u8> {
        Layout {
            unit: self.unit,
            pressures: [self.cuff_pressure, Sfloat::NAN, Sfloat::NAN],
            time_stamp: self.time_stamp,
            pulse_rate: self.pulse_rate,
            user_id: self.user_id,
            status: self.measurement_status,
        }
        .write()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLE_MD: [u8; 19] = [
        0x1E, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00, 0xEA, 0x07, 0x0B, 0x18, 0x07, 0x00, 0x00, 0x48,
        0x00, 0x01, 0x04, 0x00,
    ];

    #[test]
    fn ble_md_worked_example() {
        let m = BloodPressureMeasurement::decode(&BLE_MD).expect("test value");
        assert_eq!(m.unit, PressureUnit::MmHg);
        assert_eq!((m.systolic.to_f64(), m.diastolic.to_f64()), (120.0, 80.0));
        assert_eq!(m.mean_arterial_pressure.to_f64(), 93.0);
        assert_eq!(
            m.time_stamp.and_then(|t| t.to_iso()).as_deref(),
            Some("2026-11-24T07:00:00")
        );
        assert_eq!(m.pulse_rate.map(Sfloat::to_f64), Some(72.0));
        assert_eq!(m.user_id, Some(1));
        assert_eq!(
            m.measurement_status.map(BloodPressureStatus::names),
            Some(vec!["irregular_pulse".to_owned()])
        );
        assert_eq!(m.encode(), BLE_MD);
    }

    // Vectors from NordicSemiconductor/Android-BLE-Common-Library,
    // ble-common/src/test/.../bps/BloodPressureMeasurementDataCallbackTest.java.
    #[test]
    fn nordic_full() {
        let bytes = [
            0x1E, 0x8A, 0x00, 0x58, 0x00, 0x78, 0x00, 0x00, 0x00, 0x04, 0x11, 0x14, 0x29, 0x3B,
            0x3C, 0x00, 0x01, 0x27, 0x00,
        ];
        let m = BloodPressureMeasurement::decode(&bytes).expect("test value");
        assert_eq!(
            [m.systolic, m.diastolic, m.mean_arterial_pressure].map(Sfloat::to_f64),
            [138.0, 88.0, 120.0]
        );
        assert_eq!(m.pulse_rate.map(Sfloat::to_f64), Some(60.0));
        assert_eq!(m.user_id, Some(1));
        let s = m.measurement_status.expect("test value");
        assert!(
            s.contains(BloodPressureStatus::BODY_MOVEMENT | BloodPressureStatus::CUFF_TOO_LOOSE)
        );
        assert!(s.contains(BloodPressureStatus::IRREGULAR_PULSE));
        assert!(s.contains(BloodPressureStatus::IMPROPER_MEASUREMENT_POSITION));
        assert_eq!(s.pulse_rate_range(), PulseRateRange::WithinRange);
        // Year 0: the cuff's clock is not set.
        assert_eq!(
            m.time_stamp.map(|t| (t.year, t.month, t.day)),
            Some((0, 4, 17))
        );
        assert_eq!(m.time_stamp.and_then(|t| t.to_naive()), None);
        assert_eq!(m.encode(), bytes);
    }

    #[test]
    fn nordic_some_in_kpa() {
        let bytes = [
            0x15, 0xBD, 0xF0, 0x0B, 0x00, 0x9F, 0xF0, 0x3C, 0x00, 0x12, 0x00,
        ];
        let m = BloodPressureMeasurement::decode(&bytes).expect("test value");
        assert_eq!(m.unit, PressureUnit::KPa);
        assert_eq!(
            [m.systolic, m.diastolic, m.mean_arterial_pressure].map(Sfloat::to_f64),
            [18.9, 11.0, 15.9]
        );
        assert_eq!(
            m.unit.to_mmhg(m.systolic).map(|v| units::round_to(v, 1)),
            Some(141.8)
        );
        assert_eq!((m.user_id, m.time_stamp), (None, None));
        let s = m.measurement_status.expect("test value");
        assert_eq!(
            s.names(),
            vec!["cuff_too_loose", "pulse_rate_below_lower_limit"]
        );
        assert_eq!(m.encode(), bytes);
    }

    #[test]
    fn nordic_minimal_and_invalid() {
        let m = BloodPressureMeasurement::decode(&[0x00, 0xBD, 0xF0, 0x0B, 0x00, 0x9F, 0xF0])
            .expect("test value");
        assert_eq!(
            (m.pulse_rate, m.user_id, m.measurement_status),
            (None, None, None)
        );
        // onInvalidDataReceived_toShort: 6 bytes.
        assert!(matches!(
            BloodPressureMeasurement::decode(&[1, 2, 3, 4, 5, 6]),
            Err(DecodeError::Truncated {
                field: "mean_arterial_pressure",
                offset: 5,
                needed: 2,
                available: 1,
                ..
            })
        ));
        // onInvalidDataReceived_noTimestamp: time stamp flagged, absent.
        assert!(matches!(
            BloodPressureMeasurement::decode(&[3, 2, 3, 4, 5, 6, 7]),
            Err(DecodeError::Truncated {
                field: "time_stamp",
                offset: 7,
                needed: 7,
                available: 0,
                ..
            })
        ));
    }

    // Vectors from the same library's bps/IntermediateCuffPressureDataCallbackTest.java.
    #[test]
    fn nordic_intermediate_cuff_pressure() {
        let full = [
            0x1E, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x11, 0x14, 0x29, 0x3B,
            0x3C, 0x00, 0x01, 0x27, 0x00,
        ];
        let c = IntermediateCuffPressure::decode(&full).expect("test value");
        assert_eq!(
            (c.cuff_pressure.to_f64(), c.unit),
            (4.0, PressureUnit::MmHg)
        );
        assert_eq!(c.user_id, Some(1));
        let some = [
            0x15, 0x6F, 0xF0, 0x00, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x12, 0x00,
        ];
        let c = IntermediateCuffPressure::decode(&some).expect("test value");
        assert_eq!(
            (c.cuff_pressure.to_f64(), c.unit),
            (11.1, PressureUnit::KPa)
        );
        let minimal = [0x00, 0xD7, 0xF0, 0x00, 0x00, 0x00, 0x00];
        assert_eq!(
            IntermediateCuffPressure::decode(&minimal).map(|c| c.cuff_pressure.to_f64()),
            Ok(21.5)
        );
        // Encoding writes NaN into the unused fields.
        assert_eq!(
            IntermediateCuffPressure::decode(&minimal).map(|c| c.encode()),
            Ok(vec![0x00, 0xD7, 0xF0, 0xFF, 0x07, 0xFF, 0x07])
        );
    }

    #[test]
    fn reserved_flag_bits_map_zero_and_trailing_bytes() {
        // BLE.md: a reserved flag bit set, MAP = 0, extra bytes at the end.
        let bytes = [0x80, 0x78, 0x00, 0x50, 0x00, 0x00, 0x00, 0xDE, 0xAD];
        let m = BloodPressureMeasurement::decode(&bytes).expect("test value");
        assert_eq!(m.systolic.to_f64(), 120.0);
        assert_eq!(m.mean_arterial_pressure_measured(), None);
        assert_eq!(
            BloodPressureMeasurement::decode(&BLE_MD)
                .ok()
                .and_then(|m| m.mean_arterial_pressure_measured())
                .map(Sfloat::to_f64),
            Some(93.0)
        );
    }

    #[test]
    fn quirky_cuff_big_endian_pulse_and_status_and_unflagged_user() {
        // Flags: pulse + status, no user flag; pulse 72 and status 0x0004 big-endian,
        // user id 2 in between.
        let bytes = [
            0x14, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00, 0x00, 0x48, 0x02, 0x00, 0x04,
        ];
        let quirks = BpQuirks {
            big_endian_pulse_and_status: true,
            user_id_without_flag: true,
        };
        let m = BloodPressureMeasurement::decode_with_quirks(&bytes, quirks).expect("test value");
        assert_eq!(m.pulse_rate.map(Sfloat::to_f64), Some(72.0));
        assert_eq!(m.user_id, Some(2));
        assert_eq!(
            m.measurement_status,
            Some(BloodPressureStatus::IRREGULAR_PULSE)
        );
        // Without the quirk the user byte is not expected and the status is misread.
        let plain = BloodPressureMeasurement::decode(&bytes).expect("test value");
        assert_eq!(plain.user_id, None);
        assert_ne!(
            plain.measurement_status,
            Some(BloodPressureStatus::IRREGULAR_PULSE)
        );
    }
}
