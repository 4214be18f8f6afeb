// Panics never cross the FFI: uniffi catches them and Swift gets a thrown error (not a
// crash), after which the library, and the same record, still work.
import Foundation
import XCTest
import PhrCore

final class PanicTests: XCTestCase {
    func testAPanicIsACatchableErrorAndTheLibraryStillWorks() throws {
        XCTAssertThrowsError(try testSupportPanic(message: "boom from Swift")) { error in
            XCTAssertNil(error as? RecordError, "a panic is not one of the library's errors")
            XCTAssertTrue(String(describing: error).contains("boom from Swift"), "\(error)")
        }
        XCTAssertEqual(coreVersion(), try PhrTestEnv.expectedVersion())
    }

    func testAPanicWhileARecordIsLockedLeavesTheRecordUsable() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = try PersonHeldRecord.create(
            path: folder.appendingPathComponent("r.phr").path, key: generateDatabaseKey())
        XCTAssertThrowsError(try record.testSupportPanicWhileLocked(message: "boom"))
        _ = try record.addEntry(body: .myHistory(MyHistory(text: "Still here.")), options: typedIn(.private))
        XCTAssertEqual(try record.entries(filter: EntryFilter(), viewer: .person).count, 1)
        _ = try record.closeRecord()
    }
}
