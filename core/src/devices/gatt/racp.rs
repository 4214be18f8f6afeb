//! Record Access Control Point (0x2A52), Glucose Service 1.0, 3.4 / GATT Specification
//! Supplement "Record Access Control Point".
//!
//! op code u8, operator u8, operand. Requests (1 report stored records, 2 delete stored
//! records, 3 abort, 4 report number of stored records) are written by the collector;
//! responses (5 number of stored records, 6 response code) are indicated by the meter.
//! Filtered operators take a filter type (1 = sequence number) and one or two u16.
//! Both directions encode and decode, for the collector and for a simulated meter;
//! responses live in `racp_response.rs`.

use serde::Serialize;

use super::codes::code_enum;
use super::error::DecodeError;
pub use super::racp_response::{RacpResponse, RacpResponseCode};
use super::reader::Reader;

pub(crate) const NAME: &str = "record access control point";
/// Filter type "sequence number" (GLS 1.0, Table 3.8).
const FILTER_SEQUENCE_NUMBER: u8 = 1;

code_enum! {
    /// RACP op codes.
    pub enum RacpOpCode: u8 {
        /// Report stored records.
        ReportStoredRecords = 1 => "report_stored_records",
        /// Delete stored records.
        DeleteStoredRecords = 2 => "delete_stored_records",
        /// Abort operation.
        AbortOperation = 3 => "abort_operation",
        /// Report number of stored records.
        ReportNumberOfStoredRecords = 4 => "report_number_of_stored_records",
        /// Number of stored records response.
        NumberOfStoredRecordsResponse = 5 => "number_of_stored_records_response",
        /// Response code.
        ResponseCode = 6 => "response_code",
    }
}

code_enum! {
    /// RACP operators.
    pub enum RacpOperator: u8 {
        /// Null (abort and responses).
        Null = 0 => "null",
        /// All records.
        AllRecords = 1 => "all_records",
        /// Less than or equal to.
        LessThanOrEqual = 2 => "less_than_or_equal",
        /// Greater than or equal to.
        GreaterThanOrEqual = 3 => "greater_than_or_equal",
        /// Within range of (inclusive).
        WithinRange = 4 => "within_range",
        /// First record (oldest).
        FirstRecord = 5 => "first_record",
        /// Last record (newest).
        LastRecord = 6 => "last_record",
    }
}

/// Which records a request applies to, filtered on sequence number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordSelection {
    /// All records (first sync; meters also resend everything on "all").
    All,
    /// Sequence number <= the value.
    LessThanOrEqual(u16),
    /// Sequence number >= the value (later syncs: last seen + 1).
    GreaterThanOrEqual(u16),
    /// Sequence number within `min..=max`.
    WithinRange {
        /// Lowest sequence number.
        min: u16,
        /// Highest sequence number.
        max: u16,
    },
    /// The first (oldest) record.
    First,
    /// The last (newest) record.
    Last,
}

impl RecordSelection {
    /// The operator on the wire.
    pub fn operator(self) -> RacpOperator {
        match self {
            Self::All => RacpOperator::AllRecords,
            Self::LessThanOrEqual(_) => RacpOperator::LessThanOrEqual,
            Self::GreaterThanOrEqual(_) => RacpOperator::GreaterThanOrEqual,
            Self::WithinRange { .. } => RacpOperator::WithinRange,
            Self::First => RacpOperator::FirstRecord,
            Self::Last => RacpOperator::LastRecord,
        }
    }

    fn write(self, out: &mut Vec<u8>) {
        out.push(self.operator().code());
        match self {
            Self::LessThanOrEqual(n) | Self::GreaterThanOrEqual(n) => {
                out.push(FILTER_SEQUENCE_NUMBER);
                out.extend_from_slice(&n.to_le_bytes());
            }
            Self::WithinRange { min, max } => {
                out.push(FILTER_SEQUENCE_NUMBER);
                out.extend_from_slice(&min.to_le_bytes());
                out.extend_from_slice(&max.to_le_bytes());
            }
            Self::All | Self::First | Self::Last => {}
        }
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let at = r.offset();
        let operator = RacpOperator::from_code(r.u8("operator")?);
        let filtered = matches!(
            operator,
            RacpOperator::LessThanOrEqual
                | RacpOperator::GreaterThanOrEqual
                | RacpOperator::WithinRange
        );
        if filtered {
            let filter_at = r.offset();
            let filter = r.u8("filter_type")?;
            if filter != FILTER_SEQUENCE_NUMBER {
                return Err(r.invalid(
                    "filter_type",
                    filter_at,
                    format!("filter type {filter} not supported (only 1, sequence number)"),
                ));
            }
        }
        Ok(match operator {
            RacpOperator::AllRecords => Self::All,
            RacpOperator::FirstRecord => Self::First,
            RacpOperator::LastRecord => Self::Last,
            RacpOperator::LessThanOrEqual => Self::LessThanOrEqual(r.u16("operand")?),
            RacpOperator::GreaterThanOrEqual => Self::GreaterThanOrEqual(r.u16("operand")?),
            RacpOperator::WithinRange => {
                let operand_at = r.offset();
                let (min, max) = (r.u16("operand")?, r.u16("operand")?);
                if min > max {
                    return Err(r.invalid(
                        "operand",
                        operand_at,
                        format!("range {min}..={max} is empty"),
                    ));
                }
                Self::WithinRange { min, max }
            }
            RacpOperator::Null | RacpOperator::Other(_) => {
                return Err(r.invalid(
                    "operator",
                    at,
                    format!("operator {} does not select records", operator.code()),
                ));
            }
        })
    }
}

/// A request written to the RACP by the collector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RacpRequest {
    /// Send the selected records as notifications, then a response code.
    ReportStoredRecords(RecordSelection),
    /// Delete the selected records.
    DeleteStoredRecords(RecordSelection),
    /// Count the selected records.
    ReportNumberOfStoredRecords(RecordSelection),
    /// Abort the running procedure (operator null, no operand).
    Abort,
}

impl RacpRequest {
    /// The op code on the wire.
    pub fn op_code(self) -> RacpOpCode {
        match self {
            Self::ReportStoredRecords(_) => RacpOpCode::ReportStoredRecords,
            Self::DeleteStoredRecords(_) => RacpOpCode::DeleteStoredRecords,
            Self::ReportNumberOfStoredRecords(_) => RacpOpCode::ReportNumberOfStoredRecords,
            Self::Abort => RacpOpCode::AbortOperation,
        }
    }

    /// The bytes to write, e.g. `01 01` for all records, `01 03 01 05 00` for >= 5.
    pub fn encode(self) -> Vec<u8> {
        let mut out = vec![self.op_code().code()];
        match self {
            Self::ReportStoredRecords(s)
            | Self::DeleteStoredRecords(s)
            | Self::ReportNumberOfStoredRecords(s) => {
                s.write(&mut out);
            }
            Self::Abort => out.push(RacpOperator::Null.code()),
        }
        out
    }

    /// Decodes a written request (what a simulated meter receives). The error's field
    /// tells which response code to answer with: see [`response_code_for`].
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(NAME, bytes);
        let op = RacpOpCode::from_code(r.u8("op_code")?);
        Ok(match op {
            RacpOpCode::ReportStoredRecords => {
                Self::ReportStoredRecords(RecordSelection::read(&mut r)?)
            }
            RacpOpCode::DeleteStoredRecords => {
                Self::DeleteStoredRecords(RecordSelection::read(&mut r)?)
            }
            RacpOpCode::ReportNumberOfStoredRecords => {
                Self::ReportNumberOfStoredRecords(RecordSelection::read(&mut r)?)
            }
            RacpOpCode::AbortOperation => {
                let at = r.offset();
                let operator = r.u8("operator")?;
                if operator != RacpOperator::Null.code() {
                    return Err(r.invalid(
                        "operator",
                        at,
                        format!("abort takes operator null, got {operator}"),
                    ));
                }
                Self::Abort
            }
            other => {
                return Err(r.invalid(
                    "op_code",
                    0,
                    format!("op code {} is not a request", other.code()),
                ));
            }
        })
    }
}

/// The response code a meter sends for a request that failed to decode (GLS 1.0,
/// 3.4.2): unknown op code, bad operator, bad operand or unsupported filter.
pub fn response_code_for(error: &DecodeError) -> RacpResponseCode {
    match error.field() {
        Some("op_code") => RacpResponseCode::OpCodeNotSupported,
        Some("operator") => RacpResponseCode::InvalidOperator,
        Some("filter_type") => RacpResponseCode::OperandNotSupported,
        _ => RacpResponseCode::InvalidOperand,
    }
}

/// Either direction, for decoding bytes of unknown origin (e.g. `phr decode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RacpMessage {
    /// Op codes 1-4.
    Request(RacpRequest),
    /// Op codes 5-6.
    Response(RacpResponse),
}

impl RacpMessage {
    /// Decodes by op code: 5 and 6 are responses, everything else a request.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        match bytes.first() {
            Some(5 | 6) => RacpResponse::decode(bytes).map(Self::Response),
            _ => RacpRequest::decode(bytes).map(Self::Request),
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ble_md_examples() {
        assert_eq!(
            RacpRequest::ReportStoredRecords(RecordSelection::All).encode(),
            [0x01, 0x01]
        );
        assert_eq!(
            RacpRequest::ReportStoredRecords(RecordSelection::GreaterThanOrEqual(5)).encode(),
            [0x01, 0x03, 0x01, 0x05, 0x00]
        );
        assert_eq!(
            RacpRequest::ReportNumberOfStoredRecords(RecordSelection::All).encode(),
            [0x04, 0x01]
        );
        let success = RacpResponse::ResponseCode {
            request_op_code: RacpOpCode::ReportStoredRecords,
            response: RacpResponseCode::Success,
        };
        assert_eq!(RacpResponse::decode(&[0x06, 0x00, 0x01, 0x01]), Ok(success));
        assert_eq!(success.encode(), [0x06, 0x00, 0x01, 0x01]);
        assert_eq!(
            RacpResponse::decode(&[0x06, 0x00, 0x01, 0x06]),
            Ok(RacpResponse::ResponseCode {
                request_op_code: RacpOpCode::ReportStoredRecords,
                response: RacpResponseCode::NoRecordsFound
            })
        );
        assert_eq!(
            RacpResponse::decode(&[0x05, 0x00, 0x03, 0x00]),
            Ok(RacpResponse::NumberOfStoredRecords(3))
        );
        assert_eq!(
            RacpResponse::NumberOfStoredRecords(3).encode(),
            [0x05, 0x00, 0x03, 0x00]
        );
    }

    #[test]
    fn every_request_decodes_back() {
        for s in [
            RecordSelection::All,
            RecordSelection::LessThanOrEqual(41),
            RecordSelection::GreaterThanOrEqual(12),
            RecordSelection::WithinRange { min: 12, max: 412 },
            RecordSelection::First,
            RecordSelection::Last,
        ] {
            for req in [
                RacpRequest::ReportStoredRecords(s),
                RacpRequest::DeleteStoredRecords(s),
                RacpRequest::ReportNumberOfStoredRecords(s),
            ] {
                assert_eq!(RacpRequest::decode(&req.encode()), Ok(req));
            }
        }
        assert_eq!(RacpRequest::Abort.encode(), [0x03, 0x00]);
        assert_eq!(RacpRequest::decode(&[0x03, 0x00]), Ok(RacpRequest::Abort));
    }

    #[test]
    fn bad_requests_map_to_response_codes() {
        let cases: [(&[u8], RacpResponseCode); 6] = [
            (&[0x09, 0x01], RacpResponseCode::OpCodeNotSupported),
            (&[0x01, 0x00], RacpResponseCode::InvalidOperator),
            (&[0x01, 0x07], RacpResponseCode::InvalidOperator),
            (&[0x03, 0x01], RacpResponseCode::InvalidOperator),
            (
                &[0x01, 0x03, 0x02, 0, 0, 0, 0, 0, 0, 0],
                RacpResponseCode::OperandNotSupported,
            ),
            (
                &[0x01, 0x04, 0x01, 0x09, 0x00, 0x02, 0x00],
                RacpResponseCode::InvalidOperand,
            ),
        ];
        for (bytes, code) in cases {
            let err = RacpRequest::decode(bytes).expect_err("must fail");
            assert_eq!(response_code_for(&err), code, "{bytes:02X?}: {err}");
        }
        let truncated = RacpRequest::decode(&[0x01, 0x03, 0x01, 0x05]).expect_err("must fail");
        assert_eq!(truncated.field(), Some("operand"));
        assert_eq!(
            response_code_for(&truncated),
            RacpResponseCode::InvalidOperand
        );
    }

    #[test]
    fn message_picks_direction_by_op_code() {
        assert!(matches!(
            RacpMessage::decode(&[0x01, 0x01]),
            Ok(RacpMessage::Request(_))
        ));
        assert!(matches!(
            RacpMessage::decode(&[0x05, 0x00, 0x03, 0x00]),
            Ok(RacpMessage::Response(_))
        ));
        assert!(matches!(
            RacpMessage::decode(&[]),
            Err(DecodeError::Truncated {
                field: "op_code",
                ..
            })
        ));
    }
}
