//! Blood Pressure Measurement Status (BLS 1.0, 3.1.1.6), shared by Blood Pressure
//! Measurement and Intermediate Cuff Pressure: bit0 body movement, bit1 cuff too loose,
//! bit2 irregular pulse, bits3-4 pulse rate range (0 within, 1 above upper limit,
//! 2 below lower limit, 3 reserved), bit5 improper measurement position; bits 6-15
//! reserved and kept.

use serde::{Serialize, Serializer};

use super::codes::code_enum;

code_enum! {
    /// Pulse rate range detection, measurement status bits 3-4.
    pub enum PulseRateRange: u8 {
        /// Pulse rate within range.
        WithinRange = 0 => "within_range",
        /// Pulse rate exceeds upper limit.
        AboveUpperLimit = 1 => "above_upper_limit",
        /// Pulse rate is less than lower limit.
        BelowLowerLimit = 2 => "below_lower_limit",
    }
}

/// Measurement Status (BLS 1.0, 3.1.1.6): single bits plus the 2-bit pulse rate range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct BloodPressureStatus(u16);

impl BloodPressureStatus {
    /// Bit 0: body movement during measurement.
    pub const BODY_MOVEMENT: Self = Self(1 << 0);
    /// Bit 1: cuff too loose.
    pub const CUFF_TOO_LOOSE: Self = Self(1 << 1);
    /// Bit 2: irregular pulse detected.
    pub const IRREGULAR_PULSE: Self = Self(1 << 2);
    /// Bit 5: improper measurement position.
    pub const IMPROPER_MEASUREMENT_POSITION: Self = Self(1 << 5);
    const RANGE_SHIFT: u16 = 3;
    const RANGE_MASK: u16 = 0b11 << Self::RANGE_SHIFT;

    /// The status exactly as sent.
    pub const fn from_bits(bits: u16) -> Self {
        Self(bits)
    }

    /// All bits, reserved ones included.
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// Whether every single-bit flag of `other` is set.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Both sets of single-bit flags (the pulse range of `self` wins).
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | (other.0 & !Self::RANGE_MASK))
    }

    /// Pulse rate range from bits 3-4 (3 is reserved: `Other(3)`).
    pub fn pulse_rate_range(self) -> PulseRateRange {
        // Masked to two bits, so the cast cannot truncate.
        PulseRateRange::from_code(((self.0 & Self::RANGE_MASK) >> Self::RANGE_SHIFT) as u8)
    }

    /// This status with bits 3-4 set to `range` (its code masked to two bits).
    pub fn with_pulse_rate_range(self, range: PulseRateRange) -> Self {
        let code = (u16::from(range.code()) << Self::RANGE_SHIFT) & Self::RANGE_MASK;
        Self((self.0 & !Self::RANGE_MASK) | code)
    }

    /// snake_case names of what is flagged; an in-range pulse is not listed, reserved
    /// bits appear as `reserved_bit_N`.
    pub fn names(self) -> Vec<String> {
        let mut names = Vec::new();
        for (flag, name) in [
            (Self::BODY_MOVEMENT, "body_movement"),
            (Self::CUFF_TOO_LOOSE, "cuff_too_loose"),
            (Self::IRREGULAR_PULSE, "irregular_pulse"),
        ] {
            if self.contains(flag) {
                names.push(name.to_owned());
            }
        }
        match self.pulse_rate_range() {
            PulseRateRange::WithinRange => {}
            PulseRateRange::AboveUpperLimit => names.push("pulse_rate_above_upper_limit".into()),
            PulseRateRange::BelowLowerLimit => names.push("pulse_rate_below_lower_limit".into()),
            PulseRateRange::Other(_) => names.push("pulse_rate_range_reserved".into()),
        }
        if self.contains(Self::IMPROPER_MEASUREMENT_POSITION) {
            names.push("improper_measurement_position".into());
        }
        names.extend(
            (6..16)
                .filter(|b| self.0 & (1 << b) != 0)
                .map(|b| format!("reserved_bit_{b}")),
        );
        names
    }

    /// JSON: the list of names.
    pub fn to_json(self) -> serde_json::Value {
        serde_json::Value::from(self.names())
    }
}

impl std::ops::BitOr for BloodPressureStatus {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        self.union(rhs)
    }
}

impl Serialize for BloodPressureStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.names())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pulse_rate_range_round_trips() {
        for range in [
            PulseRateRange::WithinRange,
            PulseRateRange::AboveUpperLimit,
            PulseRateRange::BelowLowerLimit,
            PulseRateRange::Other(3),
        ] {
            let s = BloodPressureStatus::CUFF_TOO_LOOSE.with_pulse_rate_range(range);
            assert_eq!(s.pulse_rate_range(), range);
            assert!(s.contains(BloodPressureStatus::CUFF_TOO_LOOSE));
        }
        assert_eq!(
            BloodPressureStatus::from_bits(0x18).names(),
            vec!["pulse_rate_range_reserved"]
        );
    }
}
