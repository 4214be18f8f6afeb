//! Two small macros for the shapes that recur in every characteristic: an enumerated
//! code that keeps unknown values (never dropped, see BLE.md) and a set of bit flags
//! that keeps reserved bits.

/// An enumeration of wire codes with an `Other` variant for codes the specification
/// reserves or a device invents. Serializes as the snake_case name, or as the raw
/// number for `Other`.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $repr:ty {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal => $label:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A code this module does not name, kept exactly as sent.
            Other($repr),
        }

        impl $name {
            /// Decodes a wire code; codes without a name are kept in `Other`.
            pub fn from_code(code: $repr) -> Self {
                match code {
                    $( $code => Self::$variant, )+
                    other => Self::Other(other),
                }
            }

            /// The wire code.
            pub fn code(self) -> $repr {
                match self {
                    $( Self::$variant => $code, )+
                    Self::Other(code) => code,
                }
            }

            /// The snake_case name, or `None` for a code without a name.
            pub fn name(self) -> Option<&'static str> {
                match self {
                    $( Self::$variant => Some($label), )+
                    Self::Other(_) => None,
                }
            }

            /// JSON: the name as a string, or the raw code as a number.
            pub fn to_json(self) -> serde_json::Value {
                match self.name() {
                    Some(name) => serde_json::Value::from(name),
                    None => serde_json::Value::from(self.code()),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self.name() {
                    Some(name) => s.serialize_str(name),
                    None => s.serialize_u64(u64::from(self.code())),
                }
            }
        }
    };
}

/// A set of bit flags over an unsigned integer. Unnamed (reserved) bits are kept and
/// reported as `reserved_bit_N`, so nothing a device sends is lost.
macro_rules! flag_set {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident : $repr:ty {
            $( $(#[$fmeta:meta])* const $flag:ident = $bit:literal => $label:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        $vis struct $name($repr);

        impl $name {
            $( $(#[$fmeta])* pub const $flag: Self = Self(1 << $bit); )+

            const LABELS: &'static [(u32, &'static str)] = &[ $( ($bit, $label), )+ ];

            /// The set exactly as sent, reserved bits included.
            pub const fn from_bits(bits: $repr) -> Self {
                Self(bits)
            }

            /// All bits, reserved ones included.
            pub const fn bits(self) -> $repr {
                self.0
            }

            /// Whether every flag of `other` is set.
            pub const fn contains(self, other: Self) -> bool {
                self.0 & other.0 == other.0
            }

            /// Whether no bit is set.
            pub const fn is_empty(self) -> bool {
                self.0 == 0
            }

            /// Both sets together.
            pub const fn union(self, other: Self) -> Self {
                Self(self.0 | other.0)
            }

            /// snake_case names of the set bits, lowest first; reserved bits as `reserved_bit_N`.
            pub fn names(self) -> Vec<String> {
                (0..<$repr>::BITS)
                    .filter(|bit| self.0 & (1 << bit) != 0)
                    .map(|bit| {
                        Self::LABELS
                            .iter()
                            .find(|(b, _)| *b == bit)
                            .map_or_else(|| format!("reserved_bit_{bit}"), |(_, l)| (*l).to_owned())
                    })
                    .collect()
            }

            /// JSON: the list of names.
            pub fn to_json(self) -> serde_json::Value {
                serde_json::Value::from(self.names())
            }
        }

        impl std::ops::BitOr for $name {
            type Output = Self;
            fn bitor(self, rhs: Self) -> Self {
                self.union(rhs)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.names())
            }
        }
    };
}

pub(crate) use code_enum;
pub(crate) use flag_set;

#[cfg(test)]
#[allow(dead_code)]
mod tests {
    code_enum! {
        /// Test codes.
        enum Colour: u8 {
            /// Red.
            Red = 1 => "red",
            /// Green.
            Green = 2 => "green",
        }
    }

    flag_set! {
        /// Test flags.
        struct Bits: u8 {
            /// Bit 0.
            const A = 0 => "a";
            /// Bit 2.
            const C = 2 => "c";
        }
    }

    #[test]
    fn unknown_codes_are_kept_raw() {
        assert_eq!(Colour::from_code(1), Colour::Red);
        assert_eq!(Colour::from_code(9), Colour::Other(9));
        assert_eq!(Colour::from_code(9).code(), 9);
        assert_eq!(Colour::Green.to_json(), serde_json::json!("green"));
        assert_eq!(Colour::Other(9).to_json(), serde_json::json!(9));
    }

    #[test]
    fn reserved_bits_are_named_not_dropped() {
        let b = Bits::from_bits(0b1000_0110);
        assert_eq!(b.names(), vec!["reserved_bit_1", "c", "reserved_bit_7"]);
        assert!(b.contains(Bits::C));
        assert!(!b.contains(Bits::A | Bits::C));
        assert_eq!((Bits::A | Bits::C).bits(), 0b101);
    }
}
