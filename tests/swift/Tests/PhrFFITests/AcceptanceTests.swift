// The acceptance scenario in Swift, through the generated bindings and the real
// library: create a record, fill every section, set privacy, sync 200 simulated
// glucose records through the feed API, see the low-glucose alert, back up, restore,
// compare. tests/kotlin/tests/AcceptanceTest.kt asserts the same.
import Foundation
import XCTest
import phr_ffi

final class AcceptanceTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try temporaryDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// One entry of every kind, each filled from its typed record: no JSON anywhere.
    private func everySection() -> [NewEntry] {
        let privately = NewEntryOptions(visibility: .private)
        let shared = NewEntryOptions(visibility: .shared)
        let emergency = NewEntryOptions(visibility: .emergency)
        return [
            NewEntry(
                body: .identity(Identity(
                    name: "Alex Morgan", preferredName: "Alex", dateOfBirth: "1968-04-02",
                    nhsNumber: "9434765919", pronouns: "they/them")),
                options: emergency),
            NewEntry(
                body: .condition(Condition(
                    name: "Type 2 diabetes", category: .diagnosis, status: .active,
                    code: Coding(system: "http://snomed.info/sct", code: "44054006", display: "Diabetes mellitus type 2"),
                    since: "2019-06-01")),
                options: emergency),
            NewEntry(
                body: .allergy(Allergy(substance: "Penicillin", reaction: "Hives", severity: .severe)),
                options: emergency),
            NewEntry(
                body: .vaccination(Vaccination(
                    vaccine: "Influenza (seasonal)", date: "2025-10-14", doseNumber: 1,
                    givenBy: "High Street Pharmacy")),
                options: shared),
            NewEntry(
                body: .medication(Medication(
                    name: "Metformin 500 mg tablets", origin: .prescribed, status: .taking,
                    dose: "1 tablet twice a day", reason: "Type 2 diabetes")),
                options: emergency),
            NewEntry(
                body: .socialPrescription(SocialPrescription(
                    activity: "Walking group", organisation: "Parkside Community Centre",
                    referredBy: "Link worker", start: "2026-01-12")),
                options: shared),
            NewEntry(
                body: .testResult(TestResult(
                    name: "HbA1c", value: .quantity(value: 53, unit: "mmol/mol"), date: "2025-12-01",
                    loinc: "4548-4", referenceRange: ReferenceRange(low: 20, high: 41))),
                options: shared),
            NewEntry(
                body: .thingsToKnow(ThingsToKnow(
                    items: ["I am deaf in my left ear", "I care for my mother", "Please explain things slowly"])),
                options: emergency),
            NewEntry(
                body: .myHistory(MyHistory(text: "Type 2 diabetes since 2019, managed with metformin and walking.")),
                options: privately),
            NewEntry(
                body: .goal(Goal(
                    goal: "Walk 8,000 steps a day", status: .active,
                    barriers: [Barrier(barrier: "Knee pain", howToOvercome: "Physiotherapy exercises")],
                    targetDate: "2026-06-30")),
                options: privately),
            NewEntry(
                body: .personInMyLife(PersonInMyLife(
                    name: "Biscuit", relationship: .animal, role: "Dog",
                    notes: "Sam looks after Biscuit if I go into hospital")),
                options: privately),
            NewEntry(
                body: .myContactDetails(MyContactDetails(
                    phone: "07700 900123", email: "alex@example.org", preferredMethod: .text)),
                options: shared),
            NewEntry(
                body: .contact(Contact(
                    role: .nextOfKin, name: "Sam Morgan", relationship: "Sibling", phone: "07700 900456")),
                options: emergency),
            NewEntry(
                body: .organDonation(OrganDonation(decision: .donate, organs: ["Kidneys", "Corneas"], registered: true)),
                options: emergency),
            NewEntry(
                body: .otherTreatment(OtherTreatment(
                    name: "Physiotherapy", category: .physiotherapy, provider: "Move Well Clinic",
                    frequency: "weekly")),
                options: privately),
            NewEntry(
                body: .appointment(Appointment(
                    title: "Diabetes review", start: "2026-03-20T09:30:00+00:00", status: .booked,
                    reminderMinutesBefore: defaultAppointmentReminders(), durationMinutes: 20,
                    with: "Practice nurse", location: "Parkside Surgery")),
                options: shared),
            NewEntry(
                body: .module(ModuleInstance(
                    templateId: "gad-7", templateVersion: 1,
                    answers: Dictionary(uniqueKeysWithValues: (1...7).map { ("q\($0)", AnswerValue.text("several_days")) }),
                    completedOn: "2026-03-01")),
                options: privately),
        ]
    }

    /// Everything a person can see in their record, to compare a restore with.
    private struct Contents: Equatable {
        let entries: [Entry]
        let readings: [Reading]
        let notifications: [HealthNotification]
        let messages: [Message]
    }

    private func contents(_ record: PersonHeldRecord) throws -> Contents {
        Contents(
            entries: try record.entries(filter: EntryFilter(includeDeleted: true), viewer: .person),
            readings: try record.readings(query: ReadingQuery(), viewer: .person),
            notifications: try record.notifications(all: true),
            messages: try record.messages())
    }

    func testAPersonFillsTheRecordSyncsAMeterSeesTheLowAlertAndRestoresABackup() throws {
        let path = folder.appendingPathComponent("alex.phr").path
        let keys = MemoryKeyStore()
        // The record's day: just after the meter's last simulated record (8 March 2026).
        let now = try XCTUnwrap(ISO8601DateFormatter().date(from: "2026-03-08T18:00:00Z"))
        let clock = ClockFrom(now)

        // Create: a fresh key goes to the shell's key store, never to disk.
        let record = try PersonHeldRecord.createWithKeyStore(path: path, recordId: "alex", keyStore: keys)
        try record.setTimeSource(timeSource: clock)
        XCTAssertEqual(keys.stored("alex")?.count, 32)

        // Every section, every entry kind, in one transaction.
        let added = try record.addEntries(entries: everySection())
        XCTAssertEqual(added.map { $0.body }, everySection().map { $0.body })
        XCTAssertEqual(Set(added.map { $0.kind }).count, 17)
        XCTAssertEqual(Set(added.map { $0.section }), [.health, .aboutMe, .appointments, .modules])
        let byKind = Dictionary(uniqueKeysWithValues: added.map { ($0.kind, $0) })
        func id(_ kind: EntryKind) -> String { byKind[kind]!.meta.id }
        XCTAssertEqual(byKind[.module]?.summary, "GAD-7 (anxiety): 7 (Mild anxiety)")
        XCTAssertTrue(byKind[.testResult]!.summary.contains("out of range"))

        // Edit, with history.
        guard case let .medication(medication) = byKind[.medication]!.body else { return XCTFail("not a medication") }
        var changed = medication
        changed.dose = "2 tablets twice a day"
        let edited = try record.updateEntry(id: id(.medication), body: .medication(changed))
        XCTAssertEqual(edited.meta.version, 2)
        let history = try record.history(id: id(.medication))
        XCTAssertEqual(history.map { $0.op }, [.create, .update])
        XCTAssertEqual(history[1].before?.body, .medication(medication))

        // Privacy: each viewer sees only what the person chose to show.
        _ = try record.setVisibility(id: id(.goal), visibility: .shared)
        let emergencyView = try record.entries(filter: EntryFilter(), viewer: .emergency)
        XCTAssertEqual(
            Set(emergencyView.map { $0.kind }),
            [.identity, .condition, .allergy, .medication, .thingsToKnow, .contact, .organDonation])
        let sharedView = try record.entries(filter: EntryFilter(), viewer: .shared).map { $0.kind }
        XCTAssertTrue(sharedView.contains(.goal))
        XCTAssertFalse(sharedView.contains(.myHistory))
        XCTAssertThrowsError(try record.entry(id: id(.myHistory), viewer: .shared)) { error in
            guard case RecordError.NotFound = error else { return XCTFail("\(error)") }
        }

        // Delete and undo.
        try record.deleteEntry(id: id(.socialPrescription))
        XCTAssertEqual(try record.entries(filter: EntryFilter(), viewer: .person).count, 16)
        let restoredEntry = try record.undo(id: id(.socialPrescription))
        XCTAssertNil(restoredEntry.meta.deletedAt)
        XCTAssertEqual(try record.entries(filter: EntryFilter(), viewer: .person).count, 17)

        // A kind held once refuses a second entry, naming the one to edit instead.
        XCTAssertThrowsError(
            try record.addEntry(body: .identity(Identity(name: "Someone Else")), options: NewEntryOptions(visibility: .private))
        ) { error in
            guard case let RecordError.OnlyOneAllowed(_, existingId) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(existingId, id(.identity))
        }

        // A reading typed in.
        let bp = try record.addReading(reading: NewReading(
            value: .bloodPressure(systolicMmhg: 132, diastolicMmhg: 84, meanArterialMmhg: nil, pulsePerMin: 71),
            takenAt: "2026-03-08T08:15:00+00:00", source: .manual, visibility: .shared))
        XCTAssertEqual(bp.kind, .bloodPressure)
        XCTAssertEqual(bp.unit, "mm[Hg]")

        // The care team asks to hear about every low in the last 90 days when the meter
        // is first synced (the default is 48 hours): rules are data, changed by setting.
        let rule = try record.changeRule(
            ruleId: "glucose.low", settings: [RuleSetting(path: "max_age_hours", value: "\(90 * 24)")])
        XCTAssertEqual(rule.version, 2)

        // Sync 200 records from the simulated meter through the feed API.
        let meter = try SimulatedDevice.glucoseMeter(records: 200, quirks: [])
        let listener = ProgressLog()
        let session = try DeviceSession(
            record: record, kind: .glucoseMeter, peripheralId: meter.peripheralId(),
            settings: SyncSettings(visibility: .shared, utcOffsetMinutes: 0),
            advertisedName: meter.advertisedName(), listener: listener)
        let end = try syncOneConnection(session, meter)
        XCTAssertTrue(end.finished)
        let report = try session.report()
        XCTAssertEqual(report.added, 200)
        XCTAssertEqual(report.end, .complete)
        XCTAssertEqual(report.device?.id, "SIM-GLU-0001")
        XCTAssertEqual(listener.seen.map { $0.received }.max(), 200)
        XCTAssertEqual(try record.readingCount(kind: .bloodGlucose, viewer: .person), 200)

        // A second sync of the same meter adds nothing.
        let again = try DeviceSession(
            record: record, kind: .glucoseMeter, peripheralId: meter.peripheralId(),
            settings: SyncSettings(visibility: .shared, utcOffsetMinutes: 0))
        _ = try syncOneConnection(again, meter)
        XCTAssertEqual(try again.report().added, 0)
        XCTAssertEqual(try record.readingCount(kind: .bloodGlucose, viewer: .person), 200)

        // The daily trend, from the core's per-day summaries.
        let days = try record.dailySummaries(kind: .bloodGlucose, from: "2026-01-01", to: "2026-03-31", viewer: .person)
        XCTAssertEqual(days.map { $0.count }.reduce(0, +), 200)
        XCTAssertEqual(days.first?.date, "2026-01-05")
        XCTAssertLessThan(try XCTUnwrap(days.first?.min), 4.0)

        // The low-glucose alerts, with advice: the meter's four readings under 4 mmol/L
        // (70, 71, 72 and 70 mg/dL).
        let lows = try record.dueNotifications(now: clock.now()).filter { $0.ruleId == "glucose.low" }
        XCTAssertEqual(lows.count, 4)
        for low in lows {
            XCTAssertEqual(low.category, .alert)
            XCTAssertEqual(low.severity, .warning)
            XCTAssertTrue(low.advice.contains("fast-acting sugar"))
            XCTAssertEqual(low.state, .new)
            XCTAssertEqual(low.readings.count, 1)
            guard case let .bloodGlucose(mmolPerL) = try record.reading(id: low.readings[0]).value else {
                return XCTFail("not a glucose reading")
            }
            XCTAssertLessThan(try XCTUnwrap(mmolPerL), 4.0)
        }
        XCTAssertEqual(try record.acknowledge(id: lows[0].id).state, .acknowledged)
        let until = Date(timeIntervalSince1970: (clock.now().timeIntervalSince1970 + 3600).rounded(.down))
        XCTAssertEqual(try record.snooze(id: lows[1].id, until: until).state, .snoozed(until: until))
        try record.markShown(ids: lows.dropFirst(2).map { $0.id })
        XCTAssertTrue(try record.dueNotifications(now: clock.now()).allSatisfy { $0.ruleId != "glucose.low" })
        XCTAssertThrowsError(try record.snooze(id: lows[0].id, until: until)) { error in
            guard case AlertError.NotAllowed = error else { return XCTFail("\(error)") }
        }

        // A request to the practice about the readings; a second one is rate-limited.
        let request = try record.createRequest(
            presetId: "look_at_readings", recipient: "Parkside Surgery", entryIds: [id(.condition)],
            note: "Four lows since January")
        XCTAssertEqual(request.state, .draft)
        XCTAssertEqual(try record.queueRequest(id: request.id).state, .queued)
        let another = try record.createRequest(presetId: "explain_results", recipient: "Parkside Surgery", entryIds: [])
        XCTAssertThrowsError(try record.queueRequest(id: another.id)) { error in
            guard case let AlertError.RateLimited(recipient, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(recipient, "Parkside Surgery")
        }
        XCTAssertEqual(try record.outbox().map { $0.id }, [request.id])

        // Back up, restore under a new key, compare.
        let before = try contents(record)
        let backup = folder.appendingPathComponent("alex.phrbackup").path
        try record.backupTo(destPath: backup, passphrase: "correct horse battery staple")
        try record.closeRecord()
        XCTAssertThrowsError(try record.entries(filter: EntryFilter(), viewer: .person)) { error in
            XCTAssertEqual(error as? RecordError, .Closed)
        }

        let restoredPath = folder.appendingPathComponent("restored.phr").path
        XCTAssertThrowsError(try PersonHeldRecord.restoreFrom(
            backupPath: backup, passphrase: "wrong horse battery staple", path: restoredPath,
            key: generateDatabaseKey())
        ) { error in
            XCTAssertEqual(error as? RecordError, .WrongPassphrase)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: restoredPath))
        let restored = try PersonHeldRecord.restoreFrom(
            backupPath: backup, passphrase: "correct horse battery staple", path: restoredPath,
            key: generateDatabaseKey())
        try restored.checkIntegrity()
        let after = try contents(restored)
        XCTAssertEqual(before, after)
        XCTAssertEqual(after.entries.count, 17)
        XCTAssertEqual(after.readings.count, 201)
        try restored.closeRecord()

        // The original opens again with the key from the key store.
        let reopened = try PersonHeldRecord.openWithKeyStore(path: path, recordId: "alex", keyStore: keys)
        XCTAssertNoThrow(try reopened.entry(id: id(.identity), viewer: .emergency))
        try reopened.closeRecord()
    }
}

/// A progress bar's view of the sync.
final class ProgressLog: SyncListener, @unchecked Sendable {
    private let lock = NSLock()
    private var progress: [SyncProgress] = []

    var seen: [SyncProgress] { lock.withLock { progress } }

    func onProgress(progress: SyncProgress) {
        lock.withLock { self.progress.append(progress) }
    }
}
