//! IEEE 11073-20601 medical floats: 16-bit SFLOAT and 32-bit FLOAT.
//!
//! Both are `mantissa x 10^exponent` in two's complement (SFLOAT: 4-bit exponent,
//! 12-bit mantissa; FLOAT: 8-bit exponent, 24-bit mantissa), with five reserved
//! mantissas at exponent 0 for special values (IEEE 11073-20601, clause F.8 "FLOAT-Type
//! and SFLOAT-Type"; Bluetooth Personal Health Devices Transcoding White Paper 2.3).
//! Values keep their raw bits, so decode then encode always gives the same bytes.

use serde::{Serialize, Serializer};

use super::error::DecodeError;
use super::reader::Reader;

/// The special values of SFLOAT and FLOAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpecialValue {
    /// Not a Number: the device has no valid value.
    NaN,
    /// Not at this Resolution: the value does not fit the chosen exponent.
    NRes,
    /// Positive infinity (above the measuring range).
    PositiveInfinity,
    /// Negative infinity (below the measuring range, e.g. a glucose "LO").
    NegativeInfinity,
    /// The code reserved for future use.
    Reserved,
}

impl SpecialValue {
    /// The name used in JSON: "NaN", "NRes", "+INF", "-INF" or "reserved".
    pub fn label(self) -> &'static str {
        match self {
            Self::NaN => "NaN",
            Self::NRes => "NRes",
            Self::PositiveInfinity => "+INF",
            Self::NegativeInfinity => "-INF",
            Self::Reserved => "reserved",
        }
    }

    /// The nearest `f64`: NaN for NaN, NRes and reserved.
    pub fn to_f64(self) -> f64 {
        match self {
            Self::PositiveInfinity => f64::INFINITY,
            Self::NegativeInfinity => f64::NEG_INFINITY,
            Self::NaN | Self::NRes | Self::Reserved => f64::NAN,
        }
    }
}

impl Serialize for SpecialValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

/// Defines one medical float type; the two differ only in widths and special codes.
macro_rules! medical_float {
    (
        $(#[$meta:meta])*
        $name:ident($raw:ty), mantissa_bits: $mbits:literal, exponent: $emin:literal..=$emax:literal,
        digits: $digits:literal, nan: $nan:literal, nres: $nres:literal, pos_inf: $pinf:literal,
        neg_inf: $ninf:literal, reserved: $res:literal, mantissa: $mtype:ty, exponent_type: $etype:ty
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name($raw);

        impl $name {
            /// Not a Number.
            pub const NAN: Self = Self($nan);
            /// Not at this resolution.
            pub const NRES: Self = Self($nres);
            /// Positive infinity.
            pub const POSITIVE_INFINITY: Self = Self($pinf);
            /// Negative infinity.
            pub const NEGATIVE_INFINITY: Self = Self($ninf);
            /// The reserved special code.
            pub const RESERVED: Self = Self($res);
            /// Largest mantissa magnitude [`Self::new`] accepts at exponent 0 (the next
            /// codes up are special values).
            pub const MAX_FINITE_MANTISSA: $mtype = (1 << ($mbits - 1)) - 3;
            const MANTISSA_MASK: $raw = (1 << $mbits) - 1;

            /// The value with these raw bits (all bit patterns are valid).
            pub const fn from_raw(raw: $raw) -> Self {
                Self(raw)
            }

            /// The raw bits.
            pub const fn to_raw(self) -> $raw {
                self.0
            }

            /// Decodes the little-endian wire form; extra bytes are ignored.
            pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
                let mut r = Reader::new(stringify!($name), bytes);
                Ok(Self(<$raw>::from_le_bytes(r.array("value")?)))
            }

            /// The little-endian wire form.
            pub fn encode(self) -> [u8; std::mem::size_of::<$raw>()] {
                self.0.to_le_bytes()
            }

            /// `mantissa x 10^exponent`, or `None` if it does not fit or would collide
            /// with a special value.
            pub fn new(mantissa: $mtype, exponent: $etype) -> Option<Self> {
                let half: $mtype = 1 << ($mbits - 1);
                let exp_ok = (i32::from(exponent) >= $emin) && (i32::from(exponent) <= $emax);
                if !exp_ok || mantissa < -half || mantissa >= half {
                    return None;
                }
                let raw = (((exponent as $raw) << $mbits) & !Self::MANTISSA_MASK)
                    | (mantissa as $raw & Self::MANTISSA_MASK);
                let value = Self(raw);
                value.special().is_none().then_some(value)
            }

            /// The value for a special code.
            pub fn from_special(special: SpecialValue) -> Self {
                match special {
                    SpecialValue::NaN => Self::NAN,
                    SpecialValue::NRes => Self::NRES,
                    SpecialValue::PositiveInfinity => Self::POSITIVE_INFINITY,
                    SpecialValue::NegativeInfinity => Self::NEGATIVE_INFINITY,
                    SpecialValue::Reserved => Self::RESERVED,
                }
            }

            /// The special value, if this is one.
            pub fn special(self) -> Option<SpecialValue> {
                match self.0 {
                    $nan => Some(SpecialValue::NaN),
                    $nres => Some(SpecialValue::NRes),
                    $pinf => Some(SpecialValue::PositiveInfinity),
                    $ninf => Some(SpecialValue::NegativeInfinity),
                    $res => Some(SpecialValue::Reserved),
                    _ => None,
                }
            }

            /// Whether this is a number rather than a special value.
            pub fn is_finite(self) -> bool {
                self.special().is_none()
            }

            /// The signed mantissa (meaningless for special values).
            pub fn mantissa(self) -> $mtype {
                let m = (self.0 & Self::MANTISSA_MASK) as $mtype;
                let half: $mtype = 1 << ($mbits - 1);
                if m >= half { m - (half << 1) } else { m }
            }

            /// The signed exponent.
            pub fn exponent(self) -> $etype {
                let bits = <$raw>::BITS - $mbits;
                let e = (self.0 >> $mbits) as $etype;
                // Sign-extend the exponent field.
                e.wrapping_shl(<$etype>::BITS - bits).wrapping_shr(<$etype>::BITS - bits)
            }

            /// The value as `f64`; NaN for NaN/NRes/reserved, infinities for +-INF.
            pub fn to_f64(self) -> f64 {
                self.scaled(0).unwrap_or_else(|| self.special().map_or(f64::NAN, SpecialValue::to_f64))
            }

            /// The value as `f64` if it is a number.
            pub fn finite(self) -> Option<f64> {
                self.scaled(0)
            }

            /// `value x 10^pow10` computed from mantissa and exponent in one step, so
            /// 97 x 10^-5 kg/L scaled by 10^5 is exactly 97 mg/dL. `None` for specials.
            pub fn scaled(self, pow10: i32) -> Option<f64> {
                self.is_finite()
                    .then(|| pow10_value(i64::from(self.mantissa()), i32::from(self.exponent()) + pow10))
            }

            /// The closest representation of `value`, keeping as many significant digits
            /// as the mantissa holds; NaN and infinities map to their special values.
            /// `None` if the magnitude is beyond the largest exponent.
            pub fn from_f64(value: f64) -> Option<Self> {
                if value.is_nan() {
                    return Some(Self::NAN);
                }
                if value.is_infinite() {
                    return Some(if value > 0.0 { Self::POSITIVE_INFINITY } else { Self::NEGATIVE_INFINITY });
                }
                let max = i64::from(Self::MAX_FINITE_MANTISSA);
                let (m, e) = closest(value, $digits, max, $emin, $emax)?;
                Self::new(<$mtype>::try_from(m).ok()?, <$etype>::try_from(e).ok()?)
            }

            /// JSON: a number (an integer when the exponent is not negative) or the
            /// special value's name.
            pub fn to_json(self) -> serde_json::Value {
                match self.special() {
                    Some(s) => serde_json::Value::from(s.label()),
                    None => number_json(i64::from(self.mantissa()), i32::from(self.exponent())),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self.special() {
                    Some(special) => special.serialize(s),
                    None => match exact_integer(i64::from(self.mantissa()), i32::from(self.exponent())) {
                        Some(i) => s.serialize_i64(i),
                        None => s.serialize_f64(self.to_f64()),
                    },
                }
            }
        }
    };
}

medical_float! {
    /// A 16-bit SFLOAT: 4-bit exponent (-8..=7), 12-bit mantissa. Specials: 0x07FF NaN,
    /// 0x0800 NRes, 0x07FE +INF, 0x0802 -INF, 0x0801 reserved.
    Sfloat(u16), mantissa_bits: 12, exponent: -8..=7, digits: 4,
    nan: 0x07FF, nres: 0x0800, pos_inf: 0x07FE, neg_inf: 0x0802, reserved: 0x0801,
    mantissa: i16, exponent_type: i8
}

medical_float! {
    /// A 32-bit FLOAT: 8-bit exponent (-128..=127), 24-bit mantissa. Specials:
    /// 0x007FFFFF NaN, 0x00800000 NRes, 0x007FFFFE +INF, 0x00800002 -INF,
    /// 0x00800001 reserved.
    Float32(u32), mantissa_bits: 24, exponent: -128..=127, digits: 7,
    nan: 0x007F_FFFF, nres: 0x0080_0000, pos_inf: 0x007F_FFFE, neg_inf: 0x0080_0002,
    reserved: 0x0080_0001, mantissa: i32, exponent_type: i8
}

/// `mantissa x 10^exponent`. Dividing by an exact power of ten (exact up to 10^22)
/// gives the correctly rounded result, where multiplying by 10^-k would not.
fn pow10_value(mantissa: i64, exponent: i32) -> f64 {
    let m = mantissa as f64;
    if exponent >= 0 {
        m * 10f64.powi(exponent)
    } else {
        m / 10f64.powi(exponent.saturating_neg())
    }
}

fn exact_integer(mantissa: i64, exponent: i32) -> Option<i64> {
    let e = u32::try_from(exponent).ok()?;
    mantissa.checked_mul(10i64.checked_pow(e)?)
}

/// JSON number for `mantissa x 10^exponent`: an integer when exact, else a float.
pub(crate) fn number_json(mantissa: i64, exponent: i32) -> serde_json::Value {
    match exact_integer(mantissa, exponent) {
        Some(i) => serde_json::Value::from(i),
        None => serde_json::Value::from(pow10_value(mantissa, exponent)),
    }
}

/// Mantissa and exponent closest to `value` with at most `max` as mantissa magnitude,
/// trailing zeros moved into the exponent.
fn closest(value: f64, digits: i32, max: i64, emin: i32, emax: i32) -> Option<(i64, i32)> {
    if value == 0.0 {
        return Some((0, 0));
    }
    let magnitude = value.abs().log10().floor() as i32;
    let mut e = magnitude.saturating_sub(digits - 1).clamp(emin, emax);
    loop {
        let m = if e < 0 {
            value * 10f64.powi(-e)
        } else {
            value / 10f64.powi(e)
        }
        .round();
        if m.abs() <= max as f64 {
            let (mut m, mut e) = (m as i64, e);
            if m == 0 {
                return Some((0, 0));
            }
            while m % 10 == 0 && e < emax {
                m /= 10;
                e += 1;
            }
            return Some((m, e));
        }
        if e >= emax {
            return None;
        }
        e += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ble_md_worked_example_concentration_is_97e_minus_5() {
        // BLE.md worked example: 0xB061 = 97 x 10^-5 kg/L.
        let v = Sfloat::from_raw(0xB061);
        assert_eq!((v.mantissa(), v.exponent()), (97, -5));
        assert_eq!(v.scaled(5), Some(97.0));
        assert_eq!(v.to_f64(), 0.00097);
        assert_eq!(Sfloat::decode(&[0x61, 0xB0]), Ok(v));
        assert_eq!(v.encode(), [0x61, 0xB0]);
    }

    #[test]
    fn special_sfloat_codes_from_ble_md() {
        assert_eq!(Sfloat::from_raw(0x07FF).special(), Some(SpecialValue::NaN));
        assert_eq!(Sfloat::from_raw(0x0800).special(), Some(SpecialValue::NRes));
        assert_eq!(
            Sfloat::from_raw(0x07FE).special(),
            Some(SpecialValue::PositiveInfinity)
        );
        assert_eq!(
            Sfloat::from_raw(0x0802).special(),
            Some(SpecialValue::NegativeInfinity)
        );
        assert_eq!(
            Sfloat::from_raw(0x0801).special(),
            Some(SpecialValue::Reserved)
        );
        assert_eq!(Sfloat::NEGATIVE_INFINITY.to_f64(), f64::NEG_INFINITY);
        assert!(Sfloat::NRES.to_f64().is_nan());
        assert_eq!(
            Sfloat::NEGATIVE_INFINITY.to_json(),
            serde_json::json!("-INF")
        );
        assert_eq!(Sfloat::RESERVED.to_json(), serde_json::json!("reserved"));
        // The same mantissa at another exponent is an ordinary number.
        assert_eq!(Sfloat::from_raw(0x17FF).finite(), Some(20470.0));
    }

    #[test]
    fn special_float32_codes_from_ble_md() {
        assert_eq!(
            Float32::from_raw(0x007F_FFFF).special(),
            Some(SpecialValue::NaN)
        );
        assert_eq!(
            Float32::from_raw(0x0080_0000).special(),
            Some(SpecialValue::NRes)
        );
        assert_eq!(
            Float32::from_raw(0x007F_FFFE).special(),
            Some(SpecialValue::PositiveInfinity)
        );
        assert_eq!(
            Float32::from_raw(0x0080_0002).special(),
            Some(SpecialValue::NegativeInfinity)
        );
        assert_eq!(
            Float32::from_raw(0x0080_0001).special(),
            Some(SpecialValue::Reserved)
        );
    }

    #[test]
    fn nordic_bp_vectors_decode_sfloat_with_negative_exponent() {
        // NordicSemiconductor/Android-BLE-Common-Library,
        // ble-common/src/test/.../bps/BloodPressureMeasurementDataCallbackTest.java:
        // setValue(189, -1, FORMAT_SFLOAT) is written as BD F0 and read as 18.9.
        let v = Sfloat::decode(&[0xBD, 0xF0]).expect("test value");
        assert_eq!((v.mantissa(), v.exponent()), (189, -1));
        assert_eq!(v.to_f64(), 18.9);
        assert_eq!(Sfloat::new(189, -1), Some(v));
        assert_eq!(
            Sfloat::decode(&[0x8A, 0x00]).expect("test value").to_f64(),
            138.0
        );
    }

    #[test]
    fn spezi_medfloat_representations() {
        // StanfordSpezi/SpeziBluetooth, Tests/SpeziBluetoothTests/MedFloatTests.swift:
        // 12.34 is (1234, -2); -0.0000012 is (-12, -7); 123000 is (123, 3).
        assert_eq!(Sfloat::from_f64(12.34), Sfloat::new(1234, -2));
        assert_eq!(Sfloat::from_f64(-0.0000012), Sfloat::new(-12, -7));
        assert_eq!(Sfloat::from_f64(123000.0), Sfloat::new(123, 3));
        assert_eq!(Sfloat::new(-1234, -2).map(Sfloat::to_f64), Some(-12.34));
        // Beyond 2045 x 10^7 there is no finite SFLOAT.
        assert_eq!(Sfloat::from_f64(1.5e11), None);
        assert_eq!(
            Sfloat::from_f64(f64::NEG_INFINITY),
            Some(Sfloat::NEGATIVE_INFINITY)
        );
    }

    #[test]
    fn from_f64_picks_the_smallest_exact_form() {
        assert_eq!(Sfloat::from_f64(97.0), Sfloat::new(97, 0));
        assert_eq!(Sfloat::from_f64(0.00097), Sfloat::new(97, -5));
        assert_eq!(Sfloat::from_f64(5.38), Sfloat::new(538, -2));
        assert_eq!(Sfloat::from_f64(0.0), Sfloat::new(0, 0));
        assert_eq!(Float32::from_f64(36.6), Float32::new(366, -1));
        assert_eq!(Float32::from_f64(-1234567.0), Float32::new(-1234567, 0));
    }

    #[test]
    fn new_rejects_values_that_do_not_fit_or_collide_with_specials() {
        assert_eq!(Sfloat::new(2048, 0), None);
        assert_eq!(Sfloat::new(-2049, 0), None);
        assert_eq!(Sfloat::new(1, 8), None);
        assert_eq!(Sfloat::new(2047, 0), None); // NaN's code
        assert_eq!(Sfloat::new(-2046, 0), None); // -INF's code
        assert!(Sfloat::new(2047, 1).is_some());
        assert_eq!(
            Sfloat::new(-8, -8).map(|v| (v.mantissa(), v.exponent())),
            Some((-8, -8))
        );
        assert_eq!(
            Float32::new(-5, -128).map(|v| (v.mantissa(), v.exponent())),
            Some((-5, -128))
        );
    }

    #[test]
    fn json_numbers_are_integers_when_exact() {
        assert_eq!(
            Sfloat::new(120, 0).map(Sfloat::to_json),
            Some(serde_json::json!(120))
        );
        assert_eq!(
            Sfloat::new(12, 1).map(Sfloat::to_json),
            Some(serde_json::json!(120))
        );
        assert_eq!(
            Sfloat::new(189, -1).map(Sfloat::to_json),
            Some(serde_json::json!(18.9))
        );
        assert_eq!(
            serde_json::to_value(Sfloat::NAN).ok(),
            Some(serde_json::json!("NaN"))
        );
    }

    #[test]
    fn truncated_sfloat_names_the_offset() {
        assert!(matches!(
            Sfloat::decode(&[0x01]),
            Err(DecodeError::Truncated {
                needed: 2,
                available: 1,
                ..
            })
        ));
    }
}
