// The twin of tests/kotlin/tests/EmergencyTest.kt: the emergency summary and messages as
// async calls.
import Foundation
import XCTest
import PhrCore

final class EmergencyTests: XCTestCase {
    func testTheSummaryIsOffUntilSwitchedOnAndHoldsOnlyTheEmergencyEntries() async throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = try PersonHeldRecord.create(path: folder.appendingPathComponent("r.phr").path, key: generateDatabaseKey())
        _ = try record.addEntry(body: .allergy(Allergy(substance: "Penicillin", reaction: "Anaphylaxis")), options: typedIn(.emergency))
        _ = try record.addEntry(body: .allergy(Allergy(substance: "Latex")), options: typedIn(.shared))
        _ = try record.addEntry(body: .myHistory(MyHistory(text: "Nobody else may read this.")), options: typedIn(.private))

        XCTAssertThrowsError(try record.emergencySummary()) { error in
            guard case RecordError.Conflict = error else { return XCTFail("\(error)") }
        }
        try await record.setEmergencySummary(on: true)
        XCTAssertTrue(try record.emergencySummaryEnabled())
        let summary = try record.emergencySummary()
        XCTAssertEqual(summary.parts.first { $0.heading == "Allergies" }?.lines, ["Penicillin: Anaphylaxis"])
        XCTAssertTrue(summary.notGiven.contains("Medications"))
        let lock = try record.emergencyLockScreenText()
        XCTAssertTrue(lock.count <= 600 && lock.contains("Penicillin"))
        let fhir = try record.emergencySummaryFhir()
        XCTAssertTrue(fhir.contains("Penicillin"))
        XCTAssertFalse(fhir.contains("Latex"))
        XCTAssertFalse(fhir.contains("Nobody else may read this."))

        XCTAssertThrowsError(try record.addMessageContact(card: "phr-contact:bm90IGEgY2FyZA")) { error in
            guard case RecordError.Invalid = error else { return XCTFail("\(error)") }
        }
        let sync = try await record.syncMessages()
        XCTAssertEqual(sync.sent + sync.delivered + sync.read + sync.received + sync.refused, 0)
        XCTAssertTrue(sync.waiting.isEmpty)
        _ = try record.closeRecord()
    }
}
