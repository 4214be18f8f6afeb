//! Session timeouts, driven event by event (BLE.md, "Timing": a retry after 1 s for
//! the count and 5 s for records without progress, 30 s overall).

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use phr_core::devices::gatt::{
    DateTime as GattTime, GlucoseMeasurement, RacpOpCode, RacpResponse, RacpResponseCode,
};
use phr_core::devices::session::{
    Action, EndReason, Event, GattId, GlucoseHistory, GlucoseSession, Phase, SessionConfig,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
        .single()
        .expect("time")
}

fn writes(actions: &[Action]) -> Vec<Vec<u8>> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Write { value, .. } => Some(value.clone()),
            _ => None,
        })
        .collect()
}

fn end(actions: &[Action]) -> Option<EndReason> {
    actions.iter().find_map(|a| match a {
        Action::Finished { end } => Some(end.clone()),
        _ => None,
    })
}

/// A session connected, prepared and counting (the count request written).
fn counting() -> GlucoseSession {
    let mut s = GlucoseSession::new(SessionConfig::new("AA:BB", None));
    let characteristics = vec![
        GattId::GLUCOSE_MEASUREMENT,
        GattId::GLUCOSE_CONTEXT,
        GattId::RACP,
    ];
    let mut pending = s.handle(Event::Connected { characteristics }, t0());
    let mut history_asked = false;
    while let Some(action) = pending.pop() {
        match action {
            Action::Subscribe { id, .. } => {
                pending.extend(s.handle(Event::Subscribed { id }, t0()))
            }
            Action::NeedHistory { .. } => history_asked = true,
            _ => {}
        }
    }
    assert!(history_asked);
    let actions = s.provide_history(GlucoseHistory::default(), t0());
    assert_eq!(writes(&actions), vec![vec![0x04, 0x01]]);
    let acked = s.handle(Event::WriteAcknowledged { id: GattId::RACP }, t0());
    assert!(writes(&acked).is_empty());
    s
}

fn racp(r: RacpResponse) -> Event {
    Event::Value {
        id: GattId::RACP,
        value: r.encode(),
    }
}

fn measurement(seq: u16) -> Event {
    let m = GlucoseMeasurement {
        sequence_number: seq,
        base_time: GattTime {
            year: 2026,
            month: 11,
            day: 1,
            hours: 8,
            minutes: 0,
            seconds: 0,
        },
        time_offset_minutes: Some(i16::try_from(seq).expect("small")),
        concentration: None,
        sensor_status: None,
        context_follows: false,
    };
    Event::Value {
        id: GattId::GLUCOSE_MEASUREMENT,
        value: m.encode(),
    }
}

#[test]
fn a_count_request_without_an_answer_is_sent_again_after_1_s() {
    let mut s = counting();
    assert_eq!(s.next_deadline(), Some(t0() + TimeDelta::seconds(1)));
    assert!(writes(&s.handle(Event::Tick, t0() + TimeDelta::milliseconds(999))).is_empty());
    let retry = s.handle(Event::Tick, t0() + TimeDelta::seconds(1));
    assert_eq!(writes(&retry), vec![vec![0x04, 0x01]]);
}

#[test]
fn a_meter_that_never_counts_is_asked_for_its_records_anyway() {
    let mut s = counting();
    let mut now = t0();
    for _ in 0..2 {
        now += TimeDelta::seconds(1);
        s.handle(Event::Tick, now);
        s.handle(Event::WriteAcknowledged { id: GattId::RACP }, now);
    }
    now += TimeDelta::seconds(1);
    let actions = s.handle(Event::Tick, now);
    assert_eq!(
        writes(&actions),
        vec![vec![0x01, 0x01]],
        "report all records"
    );
}

#[test]
fn records_that_stop_arriving_are_asked_for_again_after_5_s_then_the_transfer_is_aborted() {
    let mut s = counting();
    s.handle(racp(RacpResponse::NumberOfStoredRecords(10)), t0());
    s.handle(Event::WriteAcknowledged { id: GattId::RACP }, t0());
    for seq in 0..3 {
        s.handle(measurement(seq), t0() + TimeDelta::milliseconds(10));
    }
    let stalled = t0() + TimeDelta::milliseconds(10) + TimeDelta::seconds(5);
    assert_eq!(s.next_deadline(), Some(stalled));
    let retry = s.handle(Event::Tick, stalled);
    assert_eq!(writes(&retry), vec![vec![0x01, 0x01]]);
    s.handle(Event::WriteAcknowledged { id: GattId::RACP }, stalled);
    let again = stalled + TimeDelta::seconds(5);
    s.handle(Event::Tick, again);
    s.handle(Event::WriteAcknowledged { id: GattId::RACP }, again);
    let give_up = s.handle(Event::Tick, again + TimeDelta::seconds(5));
    assert_eq!(writes(&give_up), vec![vec![0x03, 0x00]], "abort");
    let abort_done = RacpResponse::ResponseCode {
        request_op_code: RacpOpCode::AbortOperation,
        response: RacpResponseCode::Success,
    };
    let actions = s.handle(racp(abort_done), again + TimeDelta::seconds(5));
    assert_eq!(
        end(&actions),
        Some(EndReason::TimedOut {
            phase: Phase::Transferring
        })
    );
    assert_eq!(s.transfer().records.len(), 3, "what arrived is kept");
}

#[test]
fn the_whole_session_gives_up_after_30_s_unless_records_are_flowing() {
    let mut s = counting();
    s.handle(racp(RacpResponse::NumberOfStoredRecords(1000)), t0());
    s.handle(Event::WriteAcknowledged { id: GattId::RACP }, t0());
    // Records keep coming every second: past 30 s the transfer is not cut off.
    let mut now = t0();
    for seq in 0..40 {
        now = t0() + TimeDelta::seconds(i64::from(seq));
        assert_eq!(end(&s.handle(measurement(seq), now)), None);
    }
    assert!(!s.is_finished());
    // They stop: at the next deadline the whole-session limit applies.
    let late = now + TimeDelta::seconds(5);
    let actions = s.handle(Event::Tick, late);
    assert_eq!(writes(&actions), vec![vec![0x03, 0x00]]);
    let actions = s.handle(Event::Tick, late + TimeDelta::seconds(1));
    assert!(matches!(end(&actions), Some(EndReason::TimedOut { .. })));
}

#[test]
fn a_disconnection_during_the_grace_period_is_a_complete_transfer() {
    let mut s = counting();
    s.handle(racp(RacpResponse::NumberOfStoredRecords(1)), t0());
    s.handle(Event::WriteAcknowledged { id: GattId::RACP }, t0());
    s.handle(measurement(0), t0());
    let done = RacpResponse::ResponseCode {
        request_op_code: RacpOpCode::ReportStoredRecords,
        response: RacpResponseCode::Success,
    };
    s.handle(racp(done), t0());
    assert_eq!(s.progress_now().phase, Phase::Finishing);
    let actions = s.handle(Event::Disconnected, t0() + TimeDelta::milliseconds(100));
    assert_eq!(end(&actions), Some(EndReason::Complete));
}

#[test]
fn a_refused_request_ends_the_session_with_the_code() {
    let mut s = counting();
    s.handle(racp(RacpResponse::NumberOfStoredRecords(5)), t0());
    let refused = RacpResponse::ResponseCode {
        request_op_code: RacpOpCode::ReportStoredRecords,
        response: RacpResponseCode::OperatorNotSupported,
    };
    let actions = s.handle(racp(refused), t0());
    assert_eq!(
        end(&actions),
        Some(EndReason::Refused {
            code: 4,
            name: "operator_not_supported".into()
        })
    );
}
