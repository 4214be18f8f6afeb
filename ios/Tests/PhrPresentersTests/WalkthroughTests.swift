// The walk-through against the real library (Walkthrough.swift), and the check that
// every state it showed has a spoken label in plain words.
import Foundation
import XCTest
import PhrCore
@testable import PhrPresenters

final class WalkthroughTests: XCTestCase {
    func testAPersonCreatesFillsSyncsActsOnAnAlertSetsPrivacyAndUnlocksAgain() async throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = StateLog()
        try await Walkthrough(folder: folder, log: log).run()
        log.stop()
        let states = log.states()
        XCTAssertGreaterThan(states.count, 20)
        let problems = states.flatMap(PlainWords.problems)
        XCTAssertEqual(problems, [], problems.prefix(10).joined(separator: "\n"))
    }
}
