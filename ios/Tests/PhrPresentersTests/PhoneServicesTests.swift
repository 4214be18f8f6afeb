// The presenters with the phone's services: the Apple Health bridge writes shared
// readings once and reads other apps' readings once; a sync stopped half-way keeps
// what arrived; reminders show what is due and wake the app when the next falls due;
// Bluetooth that is off or not allowed is said plainly.
import Foundation
import XCTest
import PhrCore
@testable import PhrPresenters

/// Counts the link's steps and holds the sync at one of them until released.
private final class HoldAt: @unchecked Sendable {
    private let lock = NSLock()
    private var steps = 0
    private let step: Int
    let halfWay = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)

    init(step: Int) { self.step = step }

    func tick() {
        let now = lock.withLock { () -> Int in
            steps += 1
            return steps
        }
        if now == step {
            halfWay.signal()
            _ = release.wait(timeout: .now() + 10)
        }
    }
}

final class PhoneServicesTests: XCTestCase {
    func testAppleHealthGetsSharedReadingsOnceAndOtherAppsReadingsComeInOnce() async throws {
        try await ScreenFixture.with { f in
            let bridge = try f.screens().healthBridge
            await bridge.refresh()
            XCTAssertFalse(bridge.state.enabled, "off until switched on")
            let readings = [f.typed(.bloodGlucose, "5.4", .shared), f.typed(.weight, "70.5", .emergency), f.typed(.bloodGlucose, "6.1", .private)]
            for r in readings { _ = try await f.session.call { try $0.addTypedReading(reading: r) } }
            f.healthStore.writtenByAnotherApp(.steps(count: 8000), at: instant("2026-03-08T12:00:00Z"))
            await bridge.switchOn()
            XCTAssertTrue(bridge.state.enabled)
            XCTAssertEqual(f.healthStore.all().filter { $0.origin == "this app" }.count, 2)
            XCTAssertFalse(f.healthStore.all().contains { $0.value == .bloodGlucose(mmolPerL: 6.1) }, "a private reading never leaves the record")
            let total1 = try await f.readingCount(nil)
            XCTAssertEqual(total1, 4)
            let result = bridge.state.result ?? ""
            XCTAssertTrue(result.hasPrefix("2 readings written to Apple Health; 1 new"), result)

            // Again: nothing new either way.
            await bridge.sync()
            XCTAssertEqual(f.healthStore.all().count, 3)
            let total2 = try await f.readingCount(nil)
            XCTAssertEqual(total2, 4)

            // A reading made private leaves the store; another app's new one comes in.
            let weight = try await f.session.call {
                try $0.readingsPage(request: ReadingsPageRequest(kind: .weight, limit: 1), viewer: .person)
            }.readings
            guard let id = weight.first?.id else { return XCTFail("no weight") }
            _ = try await f.session.call { try $0.setReadingVisibility(id: id, visibility: .private, author: .person) }
            f.healthStore.writtenByAnotherApp(.heartRate(perMin: 64), at: instant("2026-03-08T13:00:00Z"))
            await bridge.sync()
            XCTAssertEqual(f.healthStore.all().filter { $0.origin == "this app" }.count, 1)
            let total3 = try await f.readingCount(nil)
            XCTAssertEqual(total3, 5)
            bridge.switchOff()
            XCTAssertFalse(bridge.state.enabled)
        }
    }

    func testAppleHealthRefusedStaysOffAndSaysWhereToAllowIt() async throws {
        try await ScreenFixture.with { f in
            let bridge = try f.screens().healthBridge
            f.healthStore.allowed = false
            await bridge.switchOn()
            XCTAssertFalse(bridge.state.enabled)
            XCTAssertTrue(bridge.state.problem?.contains("Health app's settings") == true, bridge.state.problem ?? "no problem shown")
            await bridge.sync()
            XCTAssertTrue(f.healthStore.all().isEmpty, "nothing is written while the bridge is off")
            XCTAssertEqual(PlainWords.problems(bridge.state), [])
        }
    }

    func testASyncStoppedHalfWayKeepsWhatArrivedAndSaysSo() async throws {
        try await ScreenFixture.with { f in
            let hold = HoldAt(step: 60)
            let clock = f.clock
            let bluetooth = try SimulatedBluetooth({ try SimulatedDevice.glucoseMeter(records: 300, quirks: [], clock: clock.now()) },
                                                   beforeCommand: { hold.tick() })
            let devices = try f.screens(bluetooth).devices
            devices.scan()
            guard let found = try await until(devices, "the meter is found", { !$0.found.isEmpty }).found.first else {
                return XCTFail("no device")
            }
            let task = devices.sync(found)
            let reached = await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: hold.halfWay.wait(timeout: .now() + 30) == .success) }
            }
            XCTAssertTrue(reached, "the sync never got half-way")
            devices.cancel()
            hold.release.signal()
            await task.value
            let stopped = devices.state
            XCTAssertEqual(stopped.phase, .stopped, stopped.result ?? "")
            XCTAssertTrue(stopped.result?.contains("are kept") == true, stopped.result ?? "no result")
            let kept = try await f.session.call { try $0.readingCount(kind: .bloodGlucose, viewer: .person) }
            XCTAssertTrue((1...299).contains(kept), "kept \(kept)")
        }
    }

    func testRemindersShowWhatIsDueAndWakeTheAppForTheNext() async throws {
        try await ScreenFixture.with { f in
            let reminders = try f.screens().reminders
            // An appointment tomorrow at 09:30 with a reminder two hours before.
            let appointment = Appointment(title: "Diabetes review", start: instant("2026-03-09T09:30:00Z"), status: .booked,
                                          reminderMinutesBefore: [120])
            let low = f.typed(.bloodGlucose, "3.5")
            _ = try await f.session.call {
                _ = try $0.addEntry(body: .appointment(appointment),
                                    options: NewEntryOptions(visibility: .private, provenance: .selfEntered, author: .person))
                return try $0.addTypedReading(reading: low)
            }
            let first = try await reminders.check()
            XCTAssertEqual(first, 1)
            guard let shown = f.scheduler.shown.first else { return XCTFail("nothing shown") }
            XCTAssertEqual(shown.severity, .warning)
            XCTAssertTrue(shown.text.contains("below 4 mmol/L"), shown.text)
            XCTAssertEqual(f.scheduler.wakeUps.last ?? nil, instant("2026-03-09T07:30:00Z"))
            // Shown once: checking again shows nothing new.
            let again = try await reminders.check()
            XCTAssertEqual(again, 0)
            f.clock.advance(instant("2026-03-09T07:31:00Z").timeIntervalSince(f.clock.now()))
            let due = try await reminders.check()
            XCTAssertEqual(due, 1)
            XCTAssertEqual(f.scheduler.shown.count, 2)
            XCTAssertFalse(f.scheduler.shown.last?.title.isEmpty ?? true)
        }
    }

    func testBluetoothThatIsOffOrNotAllowedIsSaidPlainly() async throws {
        try await ScreenFixture.with { f in
            let clock = f.clock
            let bluetooth = try SimulatedBluetooth { try SimulatedDevice.glucoseMeter(records: 1, quirks: [], clock: clock.now()) }
            let devices = try f.screens(bluetooth).devices
            bluetooth.state = .off
            devices.scan()
            XCTAssertEqual(devices.state.phase, .idle)
            XCTAssertTrue(devices.state.spokenLabel.contains("Bluetooth is off"), devices.state.spokenLabel)
            XCTAssertEqual(devices.state.controls.first { $0.id == "scan" }?.enabled, false)
            bluetooth.state = .needsPermission
            devices.checkBluetooth()
            XCTAssertTrue(devices.state.controls.contains { $0.label == "Allow the app to find nearby devices" })
        }
    }
}
