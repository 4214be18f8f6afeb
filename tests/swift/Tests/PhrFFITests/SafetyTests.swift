// The twin of tests/kotlin/tests/SafetyTest.kt: PHQ-9 item 9 on a half-filled form,
// the glucose unit question, a reading dated next year, a meter whose clock is five
// years fast, and rule edits that cannot hurt.
import Foundation
import XCTest
import PhrCore

final class SafetyTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func newRecord() throws -> PersonHeldRecord {
        try PersonHeldRecord.create(path: folder.appendingPathComponent("r.phr").path, key: generateDatabaseKey())
    }

    private func phq9(_ answers: [String: String]) -> EntryBody {
        .module(ModuleInstance(templateId: "phq-9", templateVersion: 1, answers: answers.mapValues { AnswerValue.text($0) }))
    }

    func testPhq9ItemNineShowsItsAdviceOnAPartialFormAndNotifiesAtOnce() throws {
        let record = try newRecord()
        let entry = try record.addEntry(body: phq9(["q1": "several_days"]), options: typedIn(.private))
        let before = try XCTUnwrap(try record.entryView(entry: entry).module)
        XCTAssertEqual(before.answered, 1)
        XCTAssertEqual(before.questions, 9)
        XCTAssertNil(before.attention)

        let answered = try record.updateEntry(
            id: entry.meta.id, body: phq9(["q1": "several_days", "q9": "several_days"]), author: .person)
        let view = try XCTUnwrap(try record.entryView(entry: answered).module)
        XCTAssertNil(view.score, "no score on a half-filled form")
        XCTAssertTrue(view.attention?.contains("Samaritans on 116 123") == true, "\(String(describing: view.attention))")

        let due = try record.dueNotifications(now: Date().addingTimeInterval(1))
        XCTAssertEqual(due.count, 1)
        XCTAssertEqual(due.first?.category, .alert)
        XCTAssertTrue(due.first?.advice.contains("116 123") == true)
        XCTAssertEqual(due.first?.entries, [entry.meta.id])
        _ = try record.closeRecord()
    }

    func testAGlucoseThatReadsLikeMgPerDlIsAQuestionAndOneInTheFutureIsRefused() throws {
        let record = try newRecord()
        XCTAssertThrowsError(try record.addTypedReading(reading: typed(.bloodGlucose, "54"))) { error in
            guard let error = error as? RecordError, case let .GlucoseUnitQuestion(_, ifMmolPerL, _) = error else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(ifMmolPerL, 5.4, accuracy: 1e-9)
            XCTAssertTrue(error.message().contains("did you mean 5.4 mmol/L, or 54 mg/dL?"), error.message())
        }
        let asMg = try record.addTypedReading(reading: typed(.bloodGlucose, "54 mg/dL"))
        XCTAssertEqual(asMg.text, "3 mmol/L")

        let nextYear = Date().addingTimeInterval(366 * 24 * 3600)
        XCTAssertThrowsError(try record.addTypedReading(reading: typed(.bloodGlucose, "2.2", at: nextYear))) { error in
            guard let error = error as? RecordError, case let .Invalid(field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "taken_at")
            XCTAssertTrue(error.message().contains("is in the future"), error.message())
        }
        XCTAssertEqual(try record.readingCount(kind: nil, viewer: .person), 1)
        let due = try record.dueNotifications(now: Date().addingTimeInterval(1))
        XCTAssertEqual(due.map(\.readings), [[asMg.reading.id]])
        _ = try record.closeRecord()
    }

    func testAMeterWhoseClockIsFiveYearsFastRaisesNoGlucoseAlertAndOneClockAlert() async throws {
        let record = try newRecord()
        let report = try await record.syncSimulated(
            device: SimulatedDevice.glucoseMeter(records: 500, quirks: ["wrong-clock", "lo-hi"], clock: Date()),
            settings: SyncSettings(visibility: .private, utcOffsetMinutes: 0), listener: nil)
        XCTAssertEqual(report.added, 500)
        XCTAssertEqual(report.timeUntrusted, 500)
        let alerts = try record.inbox(now: Date().addingTimeInterval(1), all: false)
        XCTAssertEqual(alerts.map(\.ruleId), ["device.clock"])
        let offers = try record.clockCorrections()
        XCTAssertEqual(offers.count, 1)
        XCTAssertTrue(offers.first?.text.contains("4 years 364 days") == true)
        let today = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        let overview = try record.overview(today: today, viewer: .person)
        XCTAssertEqual(overview.count, 1)
        XCTAssertNil(overview.first?.latest, "an untrusted reading never counts as the latest")
        _ = try record.closeRecord()
    }

    func testARuleLimitOutsideTheBodysRangeIsRefusedAndASafetyRuleNeedsConfirmingToTurnOff() throws {
        let record = try newRecord()
        XCTAssertThrowsError(try record.changeRule(
            ruleId: "glucose.low", settings: [RuleSetting(key: "bands.0.when.0.value", value: "9999")],
            author: .person, confirmed: false)
        ) { error in
            guard case let RecordError.Invalid(_, reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("1 to 30 mmol/L"), reason)
        }
        XCTAssertThrowsError(try record.changeRule(
            ruleId: "glucose.low", settings: [RuleSetting(key: "enabled", value: "false")], author: .person, confirmed: false)
        ) { error in
            guard case RecordError.NeedsConfirmation = error else { return XCTFail("\(error)") }
        }
        _ = try record.changeRule(
            ruleId: "glucose.low", settings: [RuleSetting(key: "enabled", value: "false")], author: .person, confirmed: true)
        let view = try XCTUnwrap(try record.ruleViews().first { $0.stored.rule.id == "glucose.low" })
        XCTAssertTrue(view.safety)
        XCTAssertEqual(view.offBy, .person)
        XCTAssertNotNil(view.offSince)
        _ = try record.closeRecord()
    }
}
