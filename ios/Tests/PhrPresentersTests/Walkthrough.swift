// The walk-through the presenter tests in both languages share (the Kotlin twin is
// tests/kotlin/tests/presenters/Walkthrough.kt): a person opens the app for the first
// time and creates their record with a test key vault, fills in About me, syncs a
// simulated meter through the Bluetooth link, sees and acknowledges an alert, changes
// an entry's privacy, locks the record and unlocks it again (after a cancelled prompt,
// a face not recognised, and a key invalidated by a new enrolment). Every state each
// presenter showed is kept, for the spoken-label test.
import Foundation
import XCTest
import PhrCore
@testable import PhrPresenters

struct WalkthroughFailure: Error, CustomStringConvertible {
    let description: String
}

/// The walk-through, on a record in `folder`.
final class Walkthrough: @unchecked Sendable {
    let clock = TestClock(instant("2026-03-08T18:00:00Z"))
    let vault = ScriptedVault()
    let files: FolderFiles
    let scheduler = RecordingScheduler()
    let healthStore = FakeHealthStore()
    let bluetooth: SimulatedBluetooth
    let unlock: UnlockPresenter
    private let log: StateLog
    private let services: PhoneServices

    init(folder: URL, log: StateLog) throws {
        files = FolderFiles(folder: folder)
        self.log = log
        let clock = self.clock
        bluetooth = try SimulatedBluetooth { try SimulatedDevice.glucoseMeter(records: 200, quirks: [], clock: clock.now()) }
        services = PhoneServices(bluetooth: bluetooth, notifications: scheduler, healthStore: healthStore, preferences: MemoryPreferences())
        unlock = UnlockPresenter(files: files, vault: vault, clock: clock)
    }

    private func open() throws -> RecordScreens {
        guard let session = unlock.state.session else { throw WalkthroughFailure(description: "not unlocked: \(unlock.state.spokenLabel)") }
        let screens = RecordScreens(session: session, services: services)
        log.follow(screens.overview)
        log.follow(screens.aboutMe)
        log.follow(screens.health)
        log.follow(screens.appointments)
        log.follow(screens.alerts)
        log.follow(screens.devices)
        log.follow(screens.modules)
        log.follow(screens.healthBridge)
        screens.start()
        return screens
    }

    private func note(_ state: UnlockState) -> String? {
        if case let .locked(note) = state { return note }
        return nil
    }

    /// Runs it all.
    func run() async throws {
        log.follow(unlock)

        // First run: welcome; a passphrase the core finds too short keeps nothing.
        await unlock.start()
        guard case .welcome = unlock.state else { return XCTFail("\(unlock.state)") }
        await unlock.create(passphrase: "short")
        guard case let .welcome(problem) = unlock.state else { return XCTFail("\(unlock.state)") }
        XCTAssertTrue(problem?.contains("at least 8 characters") == true, problem ?? "no problem shown")
        XCTAssertNil(vault.keys.stored("me"))
        XCTAssertFalse(files.recordExists() || files.recoveryKeyExists())
        await unlock.create(passphrase: "correct horse battery staple")
        var screens = try open()
        XCTAssertEqual(vault.keys.stored("me")?.count, 32)
        XCTAssertTrue(files.recoveryKeyExists())
        XCTAssertEqual(vault.prompts, [.create, .create])

        // About me: three things to know, counted against the core's limit as typed.
        let aboutMe = screens.aboutMe
        try await until(aboutMe, "About me is listed") { !$0.groups.isEmpty }
        aboutMe.add(.thingsToKnow)
        aboutMe.change("items[0]", "I am deaf in my left ear")
        var fields = aboutMe.state.form?.fields ?? []
        XCTAssertEqual(fields.first { $0.path == "items[0]" }?.charactersLeft, 140 - 24)
        XCTAssertNotNil(fields.first { $0.path == "items[1]" }, "a second item opens once the first is written")
        aboutMe.change("items[1]", String(repeating: "x", count: 141))
        fields = aboutMe.state.form?.fields ?? []
        XCTAssertEqual(fields.first { $0.path == "items[1]" }?.charactersLeft, -1)
        let savedTooLong = await aboutMe.save()
        XCTAssertFalse(savedTooLong)
        let tooLong = aboutMe.state
        XCTAssertTrue(tooLong.problem?.contains("at most 140 characters") == true, tooLong.problem ?? "no problem shown")
        XCTAssertNotNil(tooLong.form?.fields.first { $0.path == "items[1]" }?.error)
        aboutMe.change("items[1]", "I care for my mother")
        aboutMe.change("items[2]", "Please explain things slowly")
        XCTAssertEqual(aboutMe.state.form?.fields.filter { $0.path.hasPrefix("items[") }.count, 3)
        let savedThings = await aboutMe.save()
        XCTAssertTrue(savedThings, aboutMe.state.problem ?? "")
        aboutMe.add(.myHistory)
        aboutMe.change("text", "Type 2 diabetes since 2019, managed with metformin and walking.")
        let savedHistory = await aboutMe.save()
        XCTAssertTrue(savedHistory, aboutMe.state.problem ?? "")
        // A choice not made is asked for before the core is.
        aboutMe.add(.contact)
        aboutMe.change("name", "Sam Morgan")
        let savedWithoutRole = await aboutMe.save()
        XCTAssertFalse(savedWithoutRole)
        XCTAssertTrue(aboutMe.state.problem?.contains("choose one") == true, aboutMe.state.problem ?? "no problem shown")
        aboutMe.change("role", "next_of_kin")
        aboutMe.change("phone", "07700 900456")
        let savedContact = await aboutMe.save()
        XCTAssertTrue(savedContact, aboutMe.state.problem ?? "")
        let listed = try await until(aboutMe, "three things are listed") { s in
            s.groups.first { $0.kind == .thingsToKnow }?.entries.isEmpty == false
        }
        guard let things = listed.groups.first(where: { $0.kind == .thingsToKnow })?.entries.first else { return XCTFail("no entry") }
        XCTAssertTrue(things.summary.contains("deaf"), things.summary)
        try await until(screens.overview, "the overview counts About me") { s in
            s.sections.first { $0.section == .aboutMe }?.count == 3
        }

        // The care team asks to hear of every low in the last 90 days on the first sync.
        _ = try await screens.session.call {
            try $0.changeRule(ruleId: "glucose.low", settings: [RuleSetting(key: "max_age_hours", value: "\(90 * 24)")],
                              author: .person, confirmed: false)
        }

        // Sync the simulated meter through the Bluetooth link, with progress.
        let devices = screens.devices
        devices.choose(.shared)
        devices.scan()
        let scanned = try await until(devices, "the meter is found") { !$0.found.isEmpty }
        guard let found = scanned.found.first else { return XCTFail("no device") }
        XCTAssertEqual(found.kind, .glucoseMeter)
        await devices.sync(found).value
        let synced = devices.state
        XCTAssertEqual(synced.phase, .done, synced.problem ?? "")
        XCTAssertTrue(synced.result?.hasPrefix("200 new readings were added") == true, synced.result ?? "no result")
        XCTAssertTrue(log.states().contains { ($0 as? DeviceState).map { $0.phase == .syncing && $0.received > 0 } ?? false })
        try await until(screens.overview, "the overview shows blood sugar") { $0.readings.contains { $0.kind == .bloodGlucose } }

        // The low alerts arrive in the inbox without asking, each with its advice.
        let alerts = screens.alerts
        func lowsOf(_ s: AlertsState) -> [AlertLine] { s.alerts.filter { $0.title.lowercased().contains("low") } }
        let lows = lowsOf(try await until(alerts, "four low alerts are in") { lowsOf($0).count == 4 })
        for low in lows {
            XCTAssertTrue(low.advice.contains("below 4 mmol/L"), low.advice)
            XCTAssertEqual(low.level, .warning)
        }
        await alerts.acknowledge(lows[0].id)
        await alerts.snooze(lows[1].id, .hour)
        let left = alerts.state.alerts.map(\.id)
        XCTAssertFalse(left.contains(lows[0].id))
        XCTAssertFalse(left.contains(lows[1].id))
        XCTAssertTrue(left.contains(lows[2].id))
        // The phone was asked to notify of what was due (or the inbox showed it first).
        XCTAssertFalse(scheduler.wakeUps.isEmpty)

        // Privacy: the three things to know are for emergencies too.
        let privacy = screens.privacy(things.id)
        log.follow(privacy)
        await privacy.refresh()
        XCTAssertEqual(privacy.state.visibility, .private)
        await privacy.choose(.emergency)
        XCTAssertEqual(privacy.state.visibility, .emergency)
        let emergency = try await screens.session.call { try $0.entryViews(filter: EntryFilter(), viewer: .emergency) }
        XCTAssertEqual(emergency.map(\.kind), [.thingsToKnow])

        // Lock: the record closes and the screens stop.
        let session = screens.session
        await unlock.lock()
        guard case .locked = unlock.state else { return XCTFail("\(unlock.state)") }
        XCTAssertTrue(session.record.isClosed())

        // Unlock again: a cancelled prompt and a face not recognised are said plainly.
        vault.next(.cancelled, .notRecognised)
        await unlock.unlock()
        XCTAssertTrue(note(unlock.state)?.contains("cancelled") == true, unlock.state.spokenLabel)
        await unlock.unlock()
        XCTAssertTrue(note(unlock.state)?.contains("not recognised") == true, unlock.state.spokenLabel)
        await unlock.unlock()
        screens = try open()
        try await until(screens.aboutMe, "About me is back") { $0.groups.map(\.entries.count).reduce(0, +) == 3 }

        // A new face enrolled: the vault's key is gone; the recovery passphrase opens it.
        await unlock.lock()
        vault.next(.keyInvalidated)
        await unlock.unlock()
        guard case .needsRecovery = unlock.state else { return XCTFail("\(unlock.state)") }
        await unlock.recover(passphrase: "wrong horse battery staple")
        guard case let .needsRecovery(wrong, _) = unlock.state else { return XCTFail("\(unlock.state)") }
        XCTAssertTrue(wrong?.contains("passphrase is wrong") == true, wrong ?? "no problem shown")
        await unlock.recover(passphrase: "correct horse battery staple")
        guard case let .unlocked(_, warning) = unlock.state else { return XCTFail("\(unlock.state)") }
        XCTAssertNil(warning)
        XCTAssertEqual(vault.keys.stored("me")?.count, 32)
        await unlock.lock()
        await unlock.unlock()
        screens = try open()
        try await until(screens.overview, "the record is whole") { s in
            s.sections.map(\.count).reduce(0, +) == 3 && !s.readings.isEmpty
        }
        await unlock.lock()
    }
}
