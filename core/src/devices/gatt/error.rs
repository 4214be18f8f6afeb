//! The one error type of the GATT decoders: which characteristic, which field, which byte.

/// Why a characteristic value could not be decoded.
///
/// Every variant that comes from bytes names the characteristic, the field (as the
/// Bluetooth SIG specification names it, in snake_case) and the byte offset where the
/// field starts, so a log line or the `phr decode` command can point at the culprit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The value ended before a field that its flags (or the format) say is present.
    #[error(
        "{characteristic} truncated: field \"{field}\" at byte offset {offset} needs {needed} {}, {available} available",
        bytes_word(*needed)
    )]
    Truncated {
        /// Characteristic being decoded, e.g. "glucose measurement".
        characteristic: &'static str,
        /// Field that did not fit, e.g. "base_time".
        field: &'static str,
        /// Byte offset where the field starts.
        offset: usize,
        /// Bytes the field needs.
        needed: usize,
        /// Bytes left from `offset` to the end of the value.
        available: usize,
    },
    /// A field is present but holds a value the format does not allow.
    #[error("{characteristic} invalid: field \"{field}\" at byte offset {offset}: {reason}")]
    Invalid {
        /// Characteristic being decoded.
        characteristic: &'static str,
        /// Offending field.
        field: &'static str,
        /// Byte offset where the field starts.
        offset: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// The characteristic name or UUID is not one this module decodes.
    #[error(
        "unknown characteristic \"{input}\": expected a 16-bit UUID such as 2a18 or 0x2A18, \
         a Bluetooth base UUID, or a name such as glucose_measurement"
    )]
    UnknownCharacteristic {
        /// What was asked for.
        input: String,
    },
    /// The hex text given to [`crate::devices::gatt::parse_hex`] is not hex.
    #[error("invalid hex at character {position}: {reason}")]
    InvalidHex {
        /// Character index (0-based) in the input where the problem is.
        position: usize,
        /// What is wrong.
        reason: &'static str,
    },
}

impl DecodeError {
    /// The field named by the error, if it concerns one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::Truncated { field, .. } | Self::Invalid { field, .. } => Some(field),
            Self::UnknownCharacteristic { .. } | Self::InvalidHex { .. } => None,
        }
    }

    /// The byte offset named by the error, if it concerns a field.
    pub fn offset(&self) -> Option<usize> {
        match self {
            Self::Truncated { offset, .. } | Self::Invalid { offset, .. } => Some(*offset),
            Self::UnknownCharacteristic { .. } | Self::InvalidHex { .. } => None,
        }
    }
}

fn bytes_word(n: usize) -> &'static str {
    if n == 1 { "byte" } else { "bytes" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_message_names_field_offset_and_sizes() {
        let e = DecodeError::Truncated {
            characteristic: "glucose measurement",
            field: "base_time",
            offset: 3,
            needed: 7,
            available: 4,
        };
        assert_eq!(
            e.to_string(),
            "glucose measurement truncated: field \"base_time\" at byte offset 3 needs 7 bytes, 4 available"
        );
        assert_eq!(e.field(), Some("base_time"));
        assert_eq!(e.offset(), Some(3));
    }

    #[test]
    fn a_single_byte_is_not_plural() {
        let e = DecodeError::Truncated {
            characteristic: "glucose measurement",
            field: "flags",
            offset: 0,
            needed: 1,
            available: 0,
        };
        assert!(e.to_string().ends_with("needs 1 byte, 0 available"));
    }
}
