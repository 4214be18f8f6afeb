//! Record Access Control Point responses (op codes 5 and 6), indicated by the meter:
//! `05 00 <count u16>` and `06 00 <request op code> <response code>` (Glucose Service
//! 1.0, 3.4 / GATT Specification Supplement "Record Access Control Point").

use serde::Serialize;

use super::codes::code_enum;
use super::error::DecodeError;
use super::racp::{NAME, RacpOpCode, RacpOperator};
use super::reader::Reader;

code_enum! {
    /// RACP response codes.
    pub enum RacpResponseCode: u8 {
        /// Success.
        Success = 1 => "success",
        /// Op code not supported.
        OpCodeNotSupported = 2 => "op_code_not_supported",
        /// Invalid operator.
        InvalidOperator = 3 => "invalid_operator",
        /// Operator not supported.
        OperatorNotSupported = 4 => "operator_not_supported",
        /// Invalid operand.
        InvalidOperand = 5 => "invalid_operand",
        /// No records found.
        NoRecordsFound = 6 => "no_records_found",
        /// Abort unsuccessful.
        AbortUnsuccessful = 7 => "abort_unsuccessful",
        /// Procedure not completed.
        ProcedureNotCompleted = 8 => "procedure_not_completed",
        /// Operand not supported.
        OperandNotSupported = 9 => "operand_not_supported",
    }
}

/// A response indicated on the RACP by the meter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RacpResponse {
    /// Number of stored records (`05 00 <count u16>`).
    NumberOfStoredRecords(u32),
    /// Outcome of a request (`06 00 <request op code> <code>`); ends a transfer.
    ResponseCode {
        /// The request this answers.
        request_op_code: RacpOpCode,
        /// The outcome.
        response: RacpResponseCode,
    },
}

impl RacpResponse {
    /// The indication bytes. A count above 65535 (not possible in GLS, whose count is
    /// a u16) is written as a u32.
    pub fn encode(self) -> Vec<u8> {
        match self {
            Self::NumberOfStoredRecords(n) => {
                let mut out = vec![
                    RacpOpCode::NumberOfStoredRecordsResponse.code(),
                    RacpOperator::Null.code(),
                ];
                match u16::try_from(n) {
                    Ok(n16) => out.extend_from_slice(&n16.to_le_bytes()),
                    Err(_) => out.extend_from_slice(&n.to_le_bytes()),
                }
                out
            }
            Self::ResponseCode {
                request_op_code,
                response,
            } => vec![
                RacpOpCode::ResponseCode.code(),
                RacpOperator::Null.code(),
                request_op_code.code(),
                response.code(),
            ],
        }
    }

    /// Decodes an indication. The count operand is a u16 in GLS; a 1- or 4-byte
    /// operand is accepted as other profiles' meters send them (Nordic's parser does
    /// too), a 3-byte one is invalid.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(NAME, bytes);
        let op = RacpOpCode::from_code(r.u8("op_code")?);
        if !matches!(
            op,
            RacpOpCode::NumberOfStoredRecordsResponse | RacpOpCode::ResponseCode
        ) {
            return Err(r.invalid(
                "op_code",
                0,
                format!("op code {} is not a response", op.code()),
            ));
        }
        let at = r.offset();
        let operator = r.u8("operator")?;
        if operator != RacpOperator::Null.code() {
            return Err(r.invalid(
                "operator",
                at,
                format!("responses use operator null, got {operator}"),
            ));
        }
        if op == RacpOpCode::ResponseCode {
            return Ok(Self::ResponseCode {
                request_op_code: RacpOpCode::from_code(r.u8("request_op_code")?),
                response: RacpResponseCode::from_code(r.u8("response_code")?),
            });
        }
        let operand_at = r.offset();
        Ok(Self::NumberOfStoredRecords(match r.remaining() {
            0 | 2 => u32::from(r.u16("number_of_records")?),
            1 => u32::from(r.u8("number_of_records")?),
            3 => return Err(r.invalid("number_of_records", operand_at, "3-byte count")),
            _ => r.u32("number_of_records")?,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nordic_response_codes() {
        // NordicSemiconductor/Android-BLE-Common-Library,
        // ble-common/src/test/.../RecordAccessControlPointDataCallbackTest.java: every
        // response code 1..=9, an unknown code 10 kept raw, request op code 12 kept raw.
        for code in 1..=10u8 {
            let r = RacpResponse::decode(&[6, 0, 1, code]).expect("test value");
            let RacpResponse::ResponseCode { response, .. } = r else {
                panic!("{r:?}")
            };
            assert_eq!(response.code(), code);
            assert_eq!(response.name().is_none(), code == 10);
        }
        assert_eq!(
            RacpResponse::decode(&[6, 0, 12, 2]),
            Ok(RacpResponse::ResponseCode {
                request_op_code: RacpOpCode::Other(12),
                response: RacpResponseCode::OpCodeNotSupported
            })
        );
        assert_eq!(
            RacpResponse::decode(&[6, 0, 3, 7]).map(|r| r.encode()),
            Ok(vec![6, 0, 3, 7])
        );
    }

    #[test]
    fn nordic_number_of_records_widths() {
        // Same file: u8, u16 and u32 counts; a 3-byte count is invalid.
        assert_eq!(
            RacpResponse::decode(&[5, 0, 1]),
            Ok(RacpResponse::NumberOfStoredRecords(1))
        );
        assert_eq!(
            RacpResponse::decode(&[5, 0, 2, 1]),
            Ok(RacpResponse::NumberOfStoredRecords(258))
        );
        assert_eq!(
            RacpResponse::decode(&[5, 0, 4, 3, 2, 1]),
            Ok(RacpResponse::NumberOfStoredRecords(16_909_060))
        );
        assert!(matches!(
            RacpResponse::decode(&[5, 0, 3, 2, 1]),
            Err(DecodeError::Invalid {
                field: "number_of_records",
                offset: 2,
                ..
            })
        ));
        assert_eq!(
            RacpResponse::NumberOfStoredRecords(16_909_060).encode(),
            [5, 0, 4, 3, 2, 1]
        );
    }

    #[test]
    fn nordic_invalid_messages() {
        // Same file: a request where a response is expected, and a non-null operator.
        assert!(matches!(
            RacpResponse::decode(&[1, 1]),
            Err(DecodeError::Invalid {
                field: "op_code",
                ..
            })
        ));
        assert!(matches!(
            RacpResponse::decode(&[1, 3, 1, 2, 0]),
            Err(DecodeError::Invalid {
                field: "op_code",
                ..
            })
        ));
        assert!(matches!(
            RacpResponse::decode(&[6, 1, 1]),
            Err(DecodeError::Invalid {
                field: "operator",
                offset: 1,
                ..
            })
        ));
    }
}
