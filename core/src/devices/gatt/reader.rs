//! A bounds-checked little-endian byte cursor.
//!
//! Every read names the field it is reading, so running out of bytes becomes a
//! [`DecodeError::Truncated`] that says which field, at which offset, needed how much.
//! Nothing here indexes a slice directly: all access goes through `get`.

use super::error::DecodeError;
use super::sfloat::{Float32, Sfloat};

/// A cursor over one characteristic value. All multi-byte GATT fields are
/// little-endian (Bluetooth Core Specification, Vol 3, Part G, 3.3.3).
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    characteristic: &'static str,
    bytes: &'a [u8],
    offset: usize,
}

impl<'a> Reader<'a> {
    /// A cursor at the start of `bytes`; `characteristic` names the value in errors.
    pub fn new(characteristic: &'static str, bytes: &'a [u8]) -> Self {
        Self {
            characteristic,
            bytes,
            offset: 0,
        }
    }

    /// The characteristic name used in errors.
    pub fn characteristic(&self) -> &'static str {
        self.characteristic
    }

    /// Offset of the next byte to read.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Bytes left to read.
    pub fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.offset)
    }

    /// Takes the next `n` bytes of `field`, or fails without moving.
    pub fn take(&mut self, field: &'static str, n: usize) -> Result<&'a [u8], DecodeError> {
        let slice = self
            .offset
            .checked_add(n)
            .and_then(|end| self.bytes.get(self.offset..end));
        match slice {
            Some(s) => {
                self.offset += n;
                Ok(s)
            }
            None => Err(DecodeError::Truncated {
                characteristic: self.characteristic,
                field,
                offset: self.offset,
                needed: n,
                available: self.remaining(),
            }),
        }
    }

    /// Takes the next `N` bytes of `field` as an array.
    pub fn array<const N: usize>(&mut self, field: &'static str) -> Result<[u8; N], DecodeError> {
        let offset = self.offset;
        let slice = self.take(field, N)?;
        <[u8; N]>::try_from(slice).map_err(|_| self.invalid(field, offset, "length mismatch"))
    }

    /// Everything not yet read (possibly nothing); the cursor moves to the end.
    pub fn rest(&mut self) -> &'a [u8] {
        let rest = self.bytes.get(self.offset..).unwrap_or_default();
        self.offset = self.bytes.len();
        rest
    }

    /// Reads a `uint8`.
    pub fn u8(&mut self, field: &'static str) -> Result<u8, DecodeError> {
        Ok(u8::from_le_bytes(self.array(field)?))
    }

    /// Reads a little-endian `uint16`.
    pub fn u16(&mut self, field: &'static str) -> Result<u16, DecodeError> {
        Ok(u16::from_le_bytes(self.array(field)?))
    }

    /// Reads a big-endian `uint16` (only for devices known to send one; see BLE.md).
    pub fn u16_be(&mut self, field: &'static str) -> Result<u16, DecodeError> {
        Ok(u16::from_be_bytes(self.array(field)?))
    }

    /// Reads a little-endian `sint16`.
    pub fn i16(&mut self, field: &'static str) -> Result<i16, DecodeError> {
        Ok(i16::from_le_bytes(self.array(field)?))
    }

    /// Reads a little-endian `uint32`.
    pub fn u32(&mut self, field: &'static str) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(self.array(field)?))
    }

    /// Reads an IEEE 11073-20601 16-bit SFLOAT.
    pub fn sfloat(&mut self, field: &'static str) -> Result<Sfloat, DecodeError> {
        Ok(Sfloat::from_raw(self.u16(field)?))
    }

    /// Reads an SFLOAT sent big-endian (a per-model quirk, never the default).
    pub fn sfloat_be(&mut self, field: &'static str) -> Result<Sfloat, DecodeError> {
        Ok(Sfloat::from_raw(self.u16_be(field)?))
    }

    /// Reads an IEEE 11073-20601 32-bit FLOAT.
    pub fn float32(&mut self, field: &'static str) -> Result<Float32, DecodeError> {
        Ok(Float32::from_raw(self.u32(field)?))
    }

    /// An [`DecodeError::Invalid`] for `field` starting at `offset`.
    pub fn invalid(
        &self,
        field: &'static str,
        offset: usize,
        reason: impl Into<String>,
    ) -> DecodeError {
        DecodeError::Invalid {
            characteristic: self.characteristic,
            field,
            offset,
            reason: reason.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_little_endian_fields_in_order() {
        let mut r = Reader::new(
            "test",
            &[0x01, 0x34, 0x12, 0xFB, 0xFF, 0x78, 0x56, 0x34, 0x12],
        );
        assert_eq!(r.u8("a"), Ok(1));
        assert_eq!(r.u16("b"), Ok(0x1234));
        assert_eq!(r.i16("c"), Ok(-5));
        assert_eq!(r.u32("d"), Ok(0x1234_5678));
        assert_eq!(r.remaining(), 0);
        assert_eq!(r.rest(), &[] as &[u8]);
    }

    #[test]
    fn truncation_names_field_offset_needed_and_available() {
        let mut r = Reader::new("glucose measurement", &[0x03, 0x01, 0x00, 0xEA, 0x07]);
        assert!(r.take("head", 3).is_ok());
        let err = r.take("base_time", 7).expect_err("must fail");
        assert_eq!(
            err,
            DecodeError::Truncated {
                characteristic: "glucose measurement",
                field: "base_time",
                offset: 3,
                needed: 7,
                available: 2,
            }
        );
        // A failed read does not move the cursor.
        assert_eq!(r.offset(), 3);
        assert_eq!(r.u16("year"), Ok(0x07EA));
    }

    #[test]
    fn huge_lengths_do_not_overflow() {
        let mut r = Reader::new("test", &[1, 2]);
        assert!(r.u8("a").is_ok());
        assert!(matches!(
            r.take("huge", usize::MAX),
            Err(DecodeError::Truncated { available: 1, .. })
        ));
    }

    #[test]
    fn big_endian_reads_are_explicit() {
        let mut r = Reader::new("test", &[0x00, 0x48]);
        assert_eq!(r.u16_be("pulse"), Ok(0x0048));
    }
}
