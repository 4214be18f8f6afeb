//! Whatever a device sends, in whatever order, a session never panics: every value is
//! either used or logged as skipped.

use chrono::{TimeDelta, TimeZone, Utc};
use proptest::prelude::*;

use super::{DeviceKind, Event, GattId, GlucoseHistory, Session, SessionConfig, Zone};

fn ids() -> impl Strategy<Value = GattId> {
    prop::sample::select(vec![
        GattId::GLUCOSE_MEASUREMENT,
        GattId::GLUCOSE_CONTEXT,
        GattId::RACP,
        GattId::GLUCOSE_FEATURE,
        GattId::BP_MEASUREMENT,
        GattId::INTERMEDIATE_CUFF_PRESSURE,
        GattId::SERIAL,
    ])
}

fn events() -> impl Strategy<Value = Event> {
    prop_oneof![
        (ids(), prop::collection::vec(any::<u8>(), 0..24))
            .prop_map(|(id, value)| Event::Value { id, value }),
        (ids(), prop::collection::vec(any::<u8>(), 0..24))
            .prop_map(|(id, value)| Event::ReadResult { id, value }),
        ids().prop_map(|id| Event::Subscribed { id }),
        ids().prop_map(|id| Event::WriteAcknowledged { id }),
        ids().prop_map(|id| Event::WriteFailed {
            id,
            reason: "x".into()
        }),
        Just(Event::Tick),
        Just(Event::Disconnected),
    ]
}

proptest! {
    #[test]
    fn arbitrary_events_never_panic(
        glucose in any::<bool>(),
        script in prop::collection::vec((events(), 0i64..3000), 0..60),
    ) {
        let kind = if glucose { DeviceKind::GlucoseMeter } else { DeviceKind::BloodPressureCuff };
        let mut session = Session::new(kind, SessionConfig::new("p", None), None, Zone::utc());
        let mut now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().unwrap_or_default();
        let all = vec![
            GattId::GLUCOSE_MEASUREMENT, GattId::GLUCOSE_CONTEXT, GattId::RACP,
            GattId::BP_MEASUREMENT, GattId::INTERMEDIATE_CUFF_PRESSURE, GattId::CURRENT_TIME,
        ];
        session.handle(Event::Connected { characteristics: all }, now);
        if let Session::Glucose(s) = &mut session {
            s.provide_history(GlucoseHistory { last_sequence: Some(3), last_time: None }, now);
        }
        for (event, step_ms) in script {
            now += TimeDelta::milliseconds(step_ms);
            session.handle(event, now);
            let _ = session.next_deadline();
        }
        let _ = session.result();
    }
}
