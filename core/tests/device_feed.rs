//! The feed API driven the way a shell with its own Bluetooth stack drives it: UUIDs
//! as strings, one GATT operation at a time, callbacks pushed back in, ticks when
//! asked, and a reconnect when the link drops mid-transfer.

mod common;

use std::collections::VecDeque;

use chrono::{TimeDelta, Utc};
use phr_core::api::Record;
use phr_core::clock::{Clock, ManualClock};
use phr_core::devices::ingest::SyncOptions;
use phr_core::devices::session::{DeviceKind, GattId, Zone};
use phr_core::devices::transport::simulated::{
    CuffQuirk, MeterQuirk, SimulatedCuff, SimulatedMeter, SimulatedPeripheral,
};
use phr_core::devices::transport::{DeviceFeed, FeedCommand, FeedResponse, TransportEvent};
use phr_core::model::{ReadingKind, Viewer};

/// A pretend platform stack: the shell's callbacks, with UUID strings as Android and
/// iOS hand them over.
struct Shell<'a> {
    device: &'a mut dyn SimulatedPeripheral,
    clock: ManualClock,
    start: chrono::DateTime<Utc>,
    commands_seen: Vec<FeedCommand>,
    max_in_flight: usize,
}

impl Shell<'_> {
    fn now_ms(&self) -> u64 {
        u64::try_from((self.clock.now() - self.start).num_milliseconds()).expect("ms")
    }

    /// Connects and runs until the feed says this connection is finished.
    fn run(&mut self, feed: &mut DeviceFeed, record: &mut Record) -> FeedResponse {
        let discovered: Vec<(String, String)> = self
            .device
            .connect(self.now_ms())
            .iter()
            .map(|id| (id.service.to_string(), id.characteristic.to_string()))
            .collect();
        let mut response = feed.connected(record, &discovered).expect("connected");
        loop {
            let mut commands: VecDeque<FeedCommand> = response.commands.clone().into();
            self.max_in_flight = self.max_in_flight.max(
                commands
                    .iter()
                    .filter(|c| !matches!(c, FeedCommand::Disconnect))
                    .count(),
            );
            while let Some(command) = commands.pop_front() {
                self.commands_seen.push(command.clone());
                let next = self.perform(feed, record, command);
                if let Some(next) = next {
                    commands.extend(next.commands.clone());
                    response = next;
                }
            }
            if response.finished {
                return response;
            }
            // Wait for the stack or for the tick the feed asked for.
            let due = self.device.outbox().next_due();
            let tick = response.tick_after_ms.map(|ms| self.now_ms() + ms);
            response = match (due, tick) {
                (Some(d), t) if t.is_none_or(|t| d <= t) => {
                    // The stack delivers something before the tick is due.
                    self.move_to(d);
                    match self.device.outbox().poll(d) {
                        Some(TransportEvent::Value { id, value }) => feed
                            .value(
                                record,
                                &id.service.to_string(),
                                &id.characteristic.to_string(),
                                &value,
                            )
                            .expect("value"),
                        Some(TransportEvent::Disconnected) => {
                            self.device.disconnect();
                            feed.disconnected(record).expect("disconnected")
                        }
                        None => feed.tick(record).expect("tick"),
                    }
                }
                (_, Some(t)) | (Some(t), None) => {
                    self.move_to(t);
                    feed.tick(record).expect("tick")
                }
                (None, None) => feed.disconnected(record).expect("disconnected"),
            };
        }
    }

    fn perform(
        &mut self,
        feed: &mut DeviceFeed,
        record: &mut Record,
        c: FeedCommand,
    ) -> Option<FeedResponse> {
        let now = self.now_ms();
        let id = |s: &str, ch: &str| GattId::parse(s, ch).expect("uuid");
        Some(
            match c {
                FeedCommand::Read {
                    service,
                    characteristic,
                } => match self.device.read(id(&service, &characteristic)) {
                    Ok(v) => feed.read_result(record, &service, &characteristic, &v),
                    Err(e) => feed.read_failed(record, &service, &characteristic, &e),
                },
                FeedCommand::EnableNotifications {
                    service,
                    characteristic,
                }
                | FeedCommand::EnableIndications {
                    service,
                    characteristic,
                } => match self.device.subscribe(id(&service, &characteristic), now) {
                    Ok(()) => feed.subscribed(record, &service, &characteristic),
                    Err(e) => feed.subscribe_failed(record, &service, &characteristic, &e),
                },
                FeedCommand::Write {
                    service,
                    characteristic,
                    value,
                    ..
                } => {
                    match self
                        .device
                        .write(id(&service, &characteristic), &value, now)
                    {
                        Ok(()) => feed.write_acknowledged(record, &service, &characteristic),
                        Err(e) => feed.write_failed(record, &service, &characteristic, &e),
                    }
                }
                FeedCommand::Disconnect => {
                    self.device.disconnect();
                    return None;
                }
            }
            .expect("feed"),
        )
    }

    fn move_to(&mut self, at_ms: u64) {
        let now = self.now_ms();
        if at_ms > now {
            self.clock.advance(TimeDelta::milliseconds(
                i64::try_from(at_ms - now).expect("ms"),
            ));
        }
    }
}

fn setup() -> (tempfile::TempDir, Record, ManualClock) {
    let common::ClockedRecord { dir, record, clock } =
        common::ClockedRecord::at(common::utc(2026, 11, 25, 12));
    (dir, record, clock)
}

fn options() -> SyncOptions {
    SyncOptions {
        zone: Zone::utc(),
        ..SyncOptions::default()
    }
}

#[test]
fn a_shell_feeding_its_own_stack_syncs_a_meter_and_resumes_after_a_drop() {
    let (_dir, mut record, clock) = setup();
    let mut meter =
        SimulatedMeter::new(120, &[MeterQuirk::Disconnect, MeterQuirk::Duplicates], true);
    assert_eq!(
        DeviceFeed::kind_for_services(&["0000180a-0000-1000-8000-00805f9b34fb", "1808"]),
        Some(DeviceKind::GlucoseMeter)
    );
    let mut feed = DeviceFeed::new(
        DeviceKind::GlucoseMeter,
        "AA:BB:CC:DD:EE:FF",
        Some("Meter"),
        options(),
    );
    let start = clock.now();
    let mut shell = Shell {
        device: &mut meter,
        clock: clock.clone(),
        start,
        commands_seen: Vec::new(),
        max_in_flight: 0,
    };
    let first = shell.run(&mut feed, &mut record);
    assert!(
        first.finished && first.resume_possible,
        "the link dropped mid-transfer"
    );
    let partial = record
        .reading_count(Some(ReadingKind::BloodGlucose), Viewer::Person)
        .expect("count");
    assert_eq!(partial, 48, "what arrived is already stored");
    assert!(feed.reconnect());
    let second = shell.run(&mut feed, &mut record);
    assert!(second.finished && !second.resume_possible);
    assert_eq!(
        second.progress.received,
        second.progress.expected.expect("expected")
    );
    let report = feed.into_report();
    assert_eq!((report.added, report.attempts), (120, 2));
    assert_eq!(report.device.map(|d| d.id), Some("SIM-GLU-0001".to_owned()));
    assert_eq!(shell.max_in_flight, 1, "one GATT operation at a time");
    let racp = GattId::RACP;
    assert!(
        shell
            .commands_seen
            .contains(&FeedCommand::EnableIndications {
                service: racp.service.to_string(),
                characteristic: racp.characteristic.to_string(),
            })
    );
    assert!(shell.commands_seen.contains(&FeedCommand::Write {
        service: racp.service.to_string(),
        characteristic: racp.characteristic.to_string(),
        value: vec![0x04, 0x01],
        with_response: true,
    }));
}

#[test]
fn a_shell_feeding_its_own_stack_syncs_a_cuff() {
    let (_dir, mut record, clock) = setup();
    let mut cuff = SimulatedCuff::new(7, &[CuffQuirk::BigEndian]);
    let name = cuff.name();
    let mut feed = DeviceFeed::new(
        DeviceKind::BloodPressureCuff,
        "11:22:33:44:55:66",
        name.as_deref(),
        options(),
    );
    let start = clock.now();
    let mut shell = Shell {
        device: &mut cuff,
        clock: clock.clone(),
        start,
        commands_seen: Vec::new(),
        max_in_flight: 0,
    };
    let done = shell.run(&mut feed, &mut record);
    assert!(done.finished);
    assert_eq!(feed.report().added, 7);
    assert!(feed.report().skipped.is_empty());
    // Once finished, further events change nothing.
    let after = feed
        .value(&mut record, "1810", "2a35", &[0x00])
        .expect("ignored");
    assert!(after.commands.is_empty() && after.finished);
}

#[test]
fn a_shell_gets_a_typed_error_for_a_uuid_that_is_not_one() {
    let (_dir, mut record, _clock) = setup();
    let mut feed = DeviceFeed::new(DeviceKind::GlucoseMeter, "x", None, options());
    let err = feed
        .value(&mut record, "glucose", "2a18", &[])
        .expect_err("bad uuid");
    assert!(
        err.to_string()
            .contains("\"glucose\" is not a Bluetooth UUID")
    );
}

#[test]
fn a_sync_over_a_link_cancelled_half_way_answers_the_meters_abort_and_keeps_what_arrived() {
    use phr_core::devices::DeviceError;
    use phr_core::devices::transport::simulated::SimulatedTransport;
    use phr_core::devices::transport::sync_over_link;
    use std::cell::Cell;

    let dir = tempfile::tempdir().expect("tempdir");
    let (mut record, _, _) = common::new_record(dir.path());
    let meter = SimulatedMeter::new(300, &[], true);
    let mut link = SimulatedTransport::new(Box::new(meter));
    let mut feed = DeviceFeed::new(DeviceKind::GlucoseMeter, "AA:BB", Some("Meter"), options());
    let received = Cell::new(0u32);
    let result = sync_over_link(
        &mut feed,
        &mut record,
        &mut link,
        &|| received.get() >= 40,
        &mut |p| received.set(p.received),
    );
    assert!(matches!(result, Err(DeviceError::Cancelled)), "{result:?}");
    let stored = record
        .reading_count(Some(ReadingKind::BloodGlucose), Viewer::Person)
        .expect("count");
    assert!(
        (40..300).contains(&stored),
        "what arrived before the stop is stored, and no more: {stored}"
    );
}
