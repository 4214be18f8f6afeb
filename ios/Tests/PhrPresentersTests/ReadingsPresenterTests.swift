// Readings: manual entry with the unit question as a question, a trend series from the
// core's day summaries, and paging newest first.
import Foundation
import XCTest
import PhrCore
@testable import PhrPresenters

final class ReadingsPresenterTests: XCTestCase {
    func testAGlucoseThatCouldBeEitherUnitIsAskedAboutAndTheAnswerIsStored() async throws {
        try await ScreenFixture.with { f in
            let readings = ReadingsPresenter(session: f.session, kind: .bloodGlucose)
            await readings.refresh()
            readings.type("54")
            await readings.add()
            let asked = readings.state
            guard let question = asked.question else { return XCTFail(asked.problem ?? "no question") }
            XCTAssertTrue(question.question.contains("did you mean 5.4 mmol/L, or 54 mg/dL?"), question.question)
            XCTAssertEqual(question.asMmolPerL, "5.4 mmol/L")
            XCTAssertEqual(question.asMgPerDl, "54 mg/dL")
            XCTAssertTrue(asked.controls.contains { $0.label == "I meant 5.4 mmol/L" })
            let total1 = try await f.readingCount(nil)
            XCTAssertEqual(total1, 0)
            await readings.answer(meantMmolPerL: true)
            let added = readings.state
            XCTAssertNil(added.question)
            XCTAssertEqual(added.added, "5.4 mmol/L")
            XCTAssertEqual(added.readings.map(\.text), ["5.4 mmol/L"])
            XCTAssertEqual(added.series.count, 1)
            XCTAssertEqual(added.series.first?.value ?? 0, 5.4, accuracy: 1e-9)
            XCTAssertFalse(added.week.isEmpty)
        }
    }

    func testAReadingTheCoreRefusesShowsItsReasonAndAddsNothing() async throws {
        try await ScreenFixture.with { f in
            let readings = ReadingsPresenter(session: f.session, kind: .bloodPressure)
            readings.type("hello")
            await readings.add()
            let problem = readings.state.problem ?? ""
            XCTAssertFalse(problem.isEmpty)
            XCTAssertTrue(problem.contains("135/85") && problem.hasSuffix("."), problem)
            let total2 = try await f.readingCount(nil)
            XCTAssertEqual(total2, 0)
        }
    }

    func testReadingsArePagedNewestFirst() async throws {
        try await ScreenFixture.with { f in
            for i in 0..<7 {
                if i > 0 { f.clock.advance(60) }
                let typed = f.typed(.heartRate, "\(60 + i)")
                _ = try await f.session.call { try $0.addTypedReading(reading: typed) }
            }
            let readings = ReadingsPresenter(session: f.session, kind: .heartRate, pageSize: 3)
            await readings.refresh()
            XCTAssertEqual(readings.state.readings.count, 3)
            XCTAssertTrue(readings.state.hasMore)
            await readings.loadMore()
            await readings.loadMore()
            let all = readings.state
            XCTAssertFalse(all.hasMore)
            XCTAssertEqual(all.readings.map { Int($0.text.prefix { $0.isNumber }) ?? -1 }, Array((60...66).reversed()))
        }
    }
}
