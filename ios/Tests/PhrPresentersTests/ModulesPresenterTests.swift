// Optional modules: switch PHQ-9 on, answer item 9 on a half-filled form and see the
// core's attention advice at once, answer every question and see the score.
import Foundation
import XCTest
import PhrCore
@testable import PhrPresenters

final class ModulesPresenterTests: XCTestCase {
    func testPhq9ItemNineShowsItsAdviceAtOnceAndAFullFormItsScore() async throws {
        try await ScreenFixture.with { f in
            let modules = ModulesPresenter(session: f.session)
            await modules.refresh()
            XCTAssertTrue(modules.state.offers.contains { $0.templateId == "phq-9" })
            await modules.switchOn("phq-9")
            var s = modules.state
            XCTAssertEqual(s.open?.progress, "0 of 9 questions answered")
            XCTAssertEqual(s.questions.count, 9)
            XCTAssertFalse(s.offers.contains { $0.templateId == "phq-9" })
            await modules.answer("q1", "several_days")
            await modules.answer("q9", "several_days")
            s = modules.state
            XCTAssertEqual(s.questions.first { $0.id == "q9" }?.answerLabel, "Several days")
            XCTAssertNil(s.open?.score, "no score on a half-filled form")
            let advice = s.open?.attention ?? ""
            XCTAssertTrue(advice.contains("Samaritans on 116 123"), advice)
            XCTAssertTrue(s.spokenLabel.hasPrefix(advice), "the advice is said first")
            for q in 2...8 { await modules.answer("q\(q)", "not_at_all") }
            s = modules.state
            XCTAssertEqual(s.open?.progress, "9 of 9 questions answered")
            XCTAssertTrue(s.open?.score?.hasPrefix("Score 2: ") == true, s.open?.score ?? "no score")
            XCTAssertTrue(s.open?.attention?.contains("116 123") == true)
            await modules.finish()
            modules.close()
            XCTAssertEqual(modules.state.modules.map(\.title), ["PHQ-9 (mood)"])
        }
    }

    func testAnAnswerTheModuleCannotTakeIsAskedAgain() async throws {
        try await ScreenFixture.with { f in
            let modules = ModulesPresenter(session: f.session)
            await modules.refresh()
            await modules.switchOn("phq-9")
            await modules.answer("q1", "sometimes")
            let s = modules.state
            XCTAssertNotNil(s.problem)
            XCTAssertNil(s.questions.first { $0.id == "q1" }?.answer)
        }
    }
}
