// The acceptance scenario in Swift, through the generated bindings and the real
// library, the twin of tests/kotlin/tests/AcceptanceTest.kt: create a record with the
// shell's key store, fill every section, set privacy, sync 200 simulated glucose records
// with an async call while an AsyncStream of changes sees them arrive, see and
// acknowledge the low-glucose alerts, back up and restore with async calls, compare.
import Foundation
import XCTest
import PhrCore

final class AcceptanceTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try temporaryDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// One entry of every kind, each filled from its typed record.
    private func everySection() throws -> [NewEntry] {
        let (priv, shared, emergency) = (typedIn(.private), typedIn(.shared), typedIn(.emergency))
        return [
            NewEntry(body: .identity(Identity(
                name: "Alex Morgan", preferredName: "Alex", dateOfBirth: day(1968, 4, 2),
                nhsNumber: try parseNhsNumber(text: "943 476 5919"), pronouns: "they/them")), options: emergency),
            NewEntry(body: .condition(Condition(
                name: "Type 2 diabetes", category: .diagnosis,
                code: Coding(system: "http://snomed.info/sct", code: "44054006", display: "Diabetes mellitus type 2"),
                since: day(2019, 6, 1), status: .active)), options: emergency),
            NewEntry(body: .allergy(Allergy(substance: "Penicillin", reaction: "Hives", severity: .severe)), options: emergency),
            NewEntry(body: .vaccination(Vaccination(
                vaccine: "Influenza (seasonal)", date: day(2025, 10, 14), doseNumber: 1, givenBy: "High Street Pharmacy")),
                options: shared),
            NewEntry(body: .medication(Medication(
                name: "Metformin 500 mg tablets", dose: "1 tablet twice a day", reason: "Type 2 diabetes",
                origin: .prescribed, status: .taking)), options: emergency),
            NewEntry(body: .socialPrescription(SocialPrescription(
                activity: "Walking group", organisation: "Parkside Community Centre", referredBy: "Link worker",
                start: day(2026, 1, 12))), options: shared),
            // LOINC 59261-8 is HbA1c in mmol/mol (4548-4 is the percentage).
            NewEntry(body: .testResult(TestResult(
                name: "HbA1c", loinc: "59261-8", value: .quantity(value: 53, unit: "mmol/mol"),
                referenceRange: ReferenceRange(low: 20, high: 41), date: day(2025, 12, 1))), options: shared),
            NewEntry(body: .thingsToKnow(ThingsToKnow(
                items: ["I am deaf in my left ear", "I care for my mother", "Please explain things slowly"])), options: emergency),
            NewEntry(body: .myHistory(MyHistory(text: "Type 2 diabetes since 2019, managed with metformin and walking.")),
                     options: priv),
            NewEntry(body: .goal(Goal(
                goal: "Walk 8,000 steps a day", barriers: [Barrier(barrier: "Knee pain", howToOvercome: "Physiotherapy exercises")],
                status: .active, targetDate: day(2026, 6, 30))), options: priv),
            NewEntry(body: .personInMyLife(PersonInMyLife(
                name: "Biscuit", relationship: .animal, role: "Dog", notes: "Sam looks after Biscuit if I go into hospital")),
                options: priv),
            NewEntry(body: .myContactDetails(MyContactDetails(
                points: ContactPoints(phone: "07700 900123", email: "alex@example.org"), preferredMethod: .text)), options: shared),
            NewEntry(body: .contact(Contact(
                role: .nextOfKin, name: "Sam Morgan", relationship: "Sibling", points: ContactPoints(phone: "07700 900456"))),
                options: emergency),
            NewEntry(body: .organDonation(OrganDonation(decision: .donate, organs: ["Kidneys", "Corneas"], registered: true)),
                     options: emergency),
            NewEntry(body: .otherTreatment(OtherTreatment(
                name: "Physiotherapy", category: .physiotherapy, provider: "Move Well Clinic", frequency: "weekly")), options: priv),
            NewEntry(body: .appointment(Appointment(
                title: "Diabetes review", start: instant("2026-03-20T09:30:00Z"), durationMinutes: 20, with: "Practice nurse",
                location: "Parkside Surgery", status: .booked, reminderMinutesBefore: [1440, 120])), options: shared),
            NewEntry(body: .module(ModuleInstance(
                templateId: "gad-7", templateVersion: 1,
                answers: Dictionary(uniqueKeysWithValues: (1...7).map { ("q\($0)", AnswerValue.text("several_days")) }),
                completedOn: day(2026, 3, 1))), options: priv),
        ]
    }

    private struct Contents: Equatable {
        let entries: [Entry]
        let readings: [Reading]
        let notifications: [HealthNotification]
    }

    private func contents(_ record: PersonHeldRecord, _ now: Date) throws -> Contents {
        var readings: [Reading] = []
        var cursor: ReadingsCursor?
        repeat {
            let page = try record.readingsPage(request: ReadingsPageRequest(limit: 100, cursor: cursor), viewer: .person)
            readings += page.readings
            cursor = page.next
        } while cursor != nil
        return Contents(
            entries: try record.entries(filter: EntryFilter(includeDeleted: true), viewer: .person),
            readings: readings,
            notifications: try record.inbox(now: now, all: true))
    }

    private final class Progress: SyncListener, @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [SyncProgress] = []
        var received: UInt32 { lock.withLock { seen.map(\.received).max() ?? 0 } }
        func onProgress(progress: SyncProgress) { lock.withLock { seen.append(progress) } }
    }

    func testAPersonFillsTheRecordSyncsAMeterSeesTheLowAlertAndRestoresABackup() async throws {
        let keys = MemoryKeyStore()
        // The record's day: just after the meter's last simulated record (8 March 2026).
        let clock = ClockFrom(instant("2026-03-08T18:00:00Z"))

        let record = try PersonHeldRecord.createWithKeyStore(path: path("alex.phr"), recordId: "alex", keyStore: keys)
        try record.setTimeSource(timeSource: clock)
        XCTAssertEqual(keys.stored("alex")?.count, 32)

        // Every section, every entry kind, in one transaction.
        let added = try record.addEntries(entries: everySection())
        XCTAssertEqual(added.map(\.body), try everySection().map(\.body))
        let views = try record.entryViews(filter: EntryFilter(), viewer: .person)
        XCTAssertEqual(Set(views.map(\.kind)).count, 17)
        XCTAssertEqual(Set(views.map(\.section)).count, 4)
        let byKind = Dictionary(uniqueKeysWithValues: views.map { ($0.kind, $0) })
        func id(_ kind: EntryKind) -> EntryId { byKind[kind]!.entry.meta.id }
        XCTAssertEqual(byKind[.module]?.module?.score?.total, 7)
        XCTAssertEqual(byKind[.module]?.module?.score?.band, "Mild anxiety")

        // Edit, with history.
        guard case var .medication(medication) = byKind[.medication]!.entry.body else { return XCTFail("medication") }
        medication.dose = "2 tablets twice a day"
        let edited = try record.updateEntry(id: id(.medication), body: .medication(medication), author: .person)
        XCTAssertEqual(edited.meta.version, 2)
        XCTAssertEqual(try record.history(id: id(.medication)).map(\.op), [.create, .update])

        // Privacy: each viewer sees only what the person chose to show.
        _ = try record.setVisibility(id: id(.goal), visibility: .shared, author: .person)
        XCTAssertEqual(
            Set(try record.entryViews(filter: EntryFilter(), viewer: .emergency).map(\.kind)),
            [.identity, .condition, .allergy, .medication, .thingsToKnow, .contact, .organDonation])
        let sharedView = try record.entryViews(filter: EntryFilter(), viewer: .shared).map(\.kind)
        XCTAssertTrue(sharedView.contains(.goal))
        XCTAssertFalse(sharedView.contains(.myHistory))
        XCTAssertThrowsError(try record.entry(id: id(.myHistory), viewer: .shared)) { error in
            guard case RecordError.NotFound = error else { return XCTFail("\(error)") }
        }

        // A kind held once refuses a second entry, saying which.
        XCTAssertThrowsError(try record.addEntry(body: .identity(Identity(name: "Someone Else")), options: typedIn(.private))) { error in
            guard let error = error as? RecordError, case .Conflict = error else { return XCTFail("\(error)") }
            XCTAssertTrue(error.message().contains("Identity"), error.message())
        }

        // The care team asks to hear about every low in the last 90 days.
        let rule = try record.changeRule(
            ruleId: "glucose.low", settings: [RuleSetting(key: "max_age_hours", value: "\(90 * 24)")],
            author: .person, confirmed: false)
        XCTAssertEqual(rule.version, 2)

        // Sync 200 records with an async call while an AsyncStream of changes sees them.
        let stream = try changes(of: record)
        let progress = Progress()
        let report = try await record.syncSimulated(
            device: SimulatedDevice.glucoseMeter(records: 200, quirks: [], clock: clock.now()),
            settings: SyncSettings(visibility: .shared, utcOffsetMinutes: 0), listener: progress)
        XCTAssertEqual(report.added, 200)
        XCTAssertEqual(report.end, .complete)
        XCTAssertEqual(report.device?.id, "SIM-GLU-0001")
        XCTAssertEqual(progress.received, 200)
        var readingsChanged: RecordChange?
        for await change in stream where change.areas.contains(.readings) {
            readingsChanged = change
            break
        }
        XCTAssertEqual(readingsChanged?.areas.contains(.alerts), true)
        XCTAssertEqual(try record.readingCount(kind: .bloodGlucose, viewer: .person), 200)

        // A second sync of the same meter adds nothing.
        let again = try await record.syncSimulated(
            device: SimulatedDevice.glucoseMeter(records: 200, quirks: [], clock: clock.now()),
            settings: SyncSettings(visibility: .shared, utcOffsetMinutes: 0), listener: nil)
        XCTAssertEqual(again.added, 0)

        // The daily trend, from the core's per-day summaries.
        let days = try record.dailySummaries(kind: .bloodGlucose, from: day(2026, 1, 1), to: day(2026, 3, 31), viewer: .person)
        XCTAssertEqual(days.map(\.count).reduce(0, +), 200)
        XCTAssertEqual(days.first?.date, day(2026, 1, 5))

        // The low-glucose alerts, with advice built from the limit in force.
        let lows = try record.dueNotifications(now: clock.now()).filter { $0.ruleId == "glucose.low" }
        XCTAssertEqual(lows.count, 4)
        for low in lows {
            XCTAssertEqual(low.category, .alert)
            XCTAssertEqual(low.severity, .warning)
            XCTAssertTrue(low.advice.contains("below 4 mmol/L"), low.advice)
            XCTAssertEqual(low.state, .new)
        }
        XCTAssertEqual(try record.acknowledge(id: lows[0].id).state, .acknowledged)
        let until = Date(timeIntervalSince1970: (clock.now().timeIntervalSince1970 + 3600).rounded(.down))
        XCTAssertEqual(try record.snooze(id: lows[1].id, until: until).state, .snoozed(until: until))
        try record.markShown(ids: lows.dropFirst(2).map(\.id))
        XCTAssertTrue(try record.dueNotifications(now: clock.now()).allSatisfy { $0.ruleId != "glucose.low" })
        let inbox = try record.inbox(now: clock.now(), all: false).filter { $0.ruleId == "glucose.low" }
        XCTAssertEqual(Set(inbox.map(\.id)), Set(lows.dropFirst(2).map(\.id)))

        // Back up and restore, each an async call; compare.
        let before = try contents(record, clock.now())
        try await record.backupTo(destPath: path("alex.phrbackup"), passphrase: "correct horse battery staple")
        _ = try record.closeRecord()
        do {
            _ = try await restoreRecord(
                backupPath: path("alex.phrbackup"), passphrase: "wrong horse battery staple", path: path("restored.phr"),
                key: generateDatabaseKey())
            XCTFail("a wrong passphrase restored")
        } catch RecordError.WrongPassphrase {}
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("restored.phr")))
        let restored = try await restoreRecordWithKeyStore(
            backupPath: path("alex.phrbackup"), passphrase: "correct horse battery staple", path: path("restored.phr"),
            recordId: "restored", keyStore: keys)
        try restored.setTimeSource(timeSource: clock)
        let check = try await restored.check()
        XCTAssertTrue(check.whole)
        XCTAssertEqual(try contents(restored, clock.now()), before)
        _ = try restored.closeRecord()

        let reopened = try PersonHeldRecord.openWithKeyStore(path: path("alex.phr"), recordId: "alex", keyStore: keys)
        XCTAssertNoThrow(try reopened.entry(id: id(.identity), viewer: .emergency))
        _ = try reopened.closeRecord()
    }
}
