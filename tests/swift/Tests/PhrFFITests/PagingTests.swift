// The twin of tests/kotlin/tests/PagingTest.kt: 10,000 readings read a page at a time,
// newest first, none twice or missed, while new ones arrive.
import Foundation
import XCTest
import PhrCore

final class PagingTests: XCTestCase {
    func testTenThousandReadingsPageNewestFirstWithNoneTwiceOrMissed() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = try PersonHeldRecord.create(path: folder.appendingPathComponent("r.phr").path, key: generateDatabaseKey())
        let start = instant("2025-01-01T00:00:00Z")
        // A watch's heart rate, one reading every five minutes, written by another app.
        let readings = (0..<10_000).map { i in
            NewReading(
                value: .heartRate(perMin: Double(60 + i % 40)), takenAt: start.addingTimeInterval(Double(300 * i)),
                source: .app(name: "com.example.watch"), clientRecordId: "hr-\(i)", clientRecordVersion: 1,
                context: ReadingContext(), visibility: .shared)
        }
        XCTAssertEqual(try record.addReadings(readings: readings).added, 10_000)
        XCTAssertEqual(try record.addReadings(readings: Array(readings.prefix(100))).added, 0, "a re-sync adds nothing")

        var seen: [Reading] = []
        var cursor: ReadingsCursor?
        var pages = 0
        repeat {
            let page = try record.readingsPage(
                request: ReadingsPageRequest(kind: .heartRate, limit: 1_000, cursor: cursor), viewer: .shared)
            seen += page.readings
            cursor = page.next
            pages += 1
            if pages == 3 { _ = try record.addTypedReading(reading: typed(.heartRate, "72")) }
        } while cursor != nil
        XCTAssertEqual(pages, 10)
        XCTAssertEqual(seen.count, 10_000)
        XCTAssertEqual(Set(seen.map(\.id)).count, 10_000)
        let times = seen.map(\.reading.takenAt)
        XCTAssertEqual(times, times.sorted(by: >))
        _ = try record.closeRecord()
    }
}
