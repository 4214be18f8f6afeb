// The errors a screen acts on, as Swift sees them: typed, naming the field, and never a
// raw SQLite message.
import Foundation
import XCTest
import PhrCore

final class RecordErrorsTests: XCTestCase {
    private var folder: URL!
    private let privately = typedIn(.private)

    override func setUpWithError() throws {
        folder = try temporaryDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func newRecord() throws -> PersonHeldRecord {
        try PersonHeldRecord.create(path: folder.appendingPathComponent("r.phr").path, key: generateDatabaseKey())
    }

    private func field(of error: Error) -> String? {
        guard case let RecordError.Invalid(field, _) = error else { return nil }
        return field
    }

    func testAWrongKeyIsWrongKeyAndLeavesTheFileByteIdentical() throws {
        let url = folder.appendingPathComponent("record.phr")
        _ = try PersonHeldRecord.create(path: url.path, key: generateDatabaseKey()).closeRecord()
        let bytes = try Data(contentsOf: url)
        XCTAssertThrowsError(try PersonHeldRecord.open(path: url.path, key: generateDatabaseKey())) { error in
            XCTAssertEqual(error as? RecordError, .WrongKey)
        }
        XCTAssertEqual(try Data(contentsOf: url), bytes)
    }

    func testAKeyThatIsNot32BytesNamesTheKey() {
        XCTAssertThrowsError(
            try PersonHeldRecord.create(path: folder.appendingPathComponent("r.phr").path, key: Data(count: 16))
        ) { error in
            XCTAssertEqual(self.field(of: error), "key")
        }
    }

    func testValidationErrorsNameTheField() throws {
        let record = try newRecord()
        XCTAssertThrowsError(try parseNhsNumber(text: "943 476 5918")) { error in
            guard case let RecordError.Invalid(_, reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("check digit"), reason)
        }
        XCTAssertThrowsError(try record.addEntries(entries: [
            NewEntry(body: .identity(Identity(name: "Ann")), options: privately),
            NewEntry(body: .thingsToKnow(ThingsToKnow(items: ["fine", " "])), options: privately),
        ])) { error in
            XCTAssertEqual(self.field(of: error), "entries[1].items[1]")
        }
        XCTAssertEqual(try record.entries(filter: EntryFilter(), viewer: .person).count, 0)
        func glucose(_ mmol: Double, _ at: String) -> NewReading {
            NewReading(value: .bloodGlucose(mmolPerL: mmol), takenAt: instant(at), source: .manual,
                       context: ReadingContext(), visibility: .private)
        }
        XCTAssertThrowsError(try record.addReadings(readings: [
            glucose(5.4, "2026-03-08T08:00:00Z"), glucose(540, "2026-03-08T09:00:00Z"),
        ])) { error in
            XCTAssertEqual(self.field(of: error), "readings[1].mmol_per_l")
        }
        _ = try record.closeRecord()
    }

    func testAnUnknownIdIsNotFoundAndAClosedRecordIsClosed() throws {
        let record = try newRecord()
        XCTAssertThrowsError(try record.entry(id: "6f1c1b9e-58a8-4d52-9a8a-0c2f3d1e2a10", viewer: .person)) { error in
            guard case RecordError.NotFound = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try record.reading(id: 42, viewer: .person)) { error in
            guard case RecordError.NotFound = error else { return XCTFail("\(error)") }
        }
        _ = try record.closeRecord()
        _ = try record.closeRecord()
        XCTAssertTrue(record.isClosed())
        XCTAssertThrowsError(try record.entries(filter: EntryFilter(), viewer: .person)) { error in
            XCTAssertEqual(error as? RecordError, .Closed)
            XCTAssertTrue((error as? RecordError)?.message().contains("closed") == true)
        }
    }
}
