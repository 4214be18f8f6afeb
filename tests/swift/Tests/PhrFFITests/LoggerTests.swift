// The shell's logger (os.Logger in the app; an array here) receives the library's log
// lines, set once per process.
import Foundation
import XCTest
import PhrCore

final class LoggerTests: XCTestCase {
    private final class ArraySink: LogSink, @unchecked Sendable {
        private let lock = NSLock()
        private var records: [LogRecord] = []

        var lines: [LogRecord] { lock.withLock { records } }

        func log(record: LogRecord) {
            lock.withLock { records.append(record) }
        }
    }

    func testTheShellsLoggerGetsTheLibrarysLinesAndIsSetOnce() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sink = ArraySink()
        XCTAssertTrue(setLogger(sink: sink, maxLevel: .debug))
        XCTAssertFalse(setLogger(sink: ArraySink(), maxLevel: .trace))

        let path = folder.appendingPathComponent("r.phr").path
        _ = try PersonHeldRecord.create(path: path, key: generateDatabaseKey()).closeRecord()
        XCTAssertThrowsError(try PersonHeldRecord.open(path: path, key: generateDatabaseKey()))

        let lines = sink.lines
        XCTAssertTrue(lines.contains { $0.level == .info && $0.target == "phr_ffi::record" && $0.message == "record open" })
        XCTAssertTrue(lines.contains { $0.level == .debug && $0.message.contains("does not open the record") })
        XCTAssertTrue(lines.allSatisfy { $0.target.hasPrefix("phr") })
    }
}
