// About my health and appointments: a medicine added and stopped ("I have stopped
// taking this"), an NHS number the core refuses, an appointment with its questions.
import Foundation
import XCTest
import PhrCore
@testable import PhrPresenters

final class SectionPresenterTests: XCTestCase {
    func testAMedicineIsAddedAndStoppedAndAWrongNhsNumberIsRefusedOnItsField() async throws {
        try await ScreenFixture.with { f in
            let health = HealthPresenter(session: f.session)
            await health.refresh()
            XCTAssertEqual(health.state.groups.first { $0.kind == .testResult }?.editable, false, "results come from laboratories")
            health.add(.medication)
            health.change("name", "Metformin 500 mg tablets")
            health.change("reason", "Type 2 diabetes")
            let saved = await health.save()
            XCTAssertTrue(saved, health.state.problem ?? "")
            guard let medicine = health.state.groups.first(where: { $0.kind == .medication })?.entries.first else {
                return XCTFail("no medicine listed")
            }
            XCTAssertEqual(medicine.source, "Added by you")
            await health.stopTaking(medicine.id, reason: "made me feel sick")
            let entry = try await f.session.call { try $0.entry(id: medicine.id, viewer: .person) }
            guard case let .medication(m) = entry.body, case let .stoppedByMe(on, reason) = m.status else {
                return XCTFail("not stopped: \(entry.body)")
            }
            XCTAssertEqual(on, f.clock.today())
            XCTAssertEqual(reason, "made me feel sick")

            health.add(.identity)
            health.change("name", "Alex Morgan")
            health.change("nhs_number", "943 476 5918")
            let wrong = await health.save()
            XCTAssertFalse(wrong)
            XCTAssertFalse((health.state.problem ?? "").isEmpty)
            XCTAssertNotNil(health.state.form)
            health.change("nhs_number", "943 476 5919")
            let right = await health.save()
            XCTAssertTrue(right, health.state.problem ?? "")
        }
    }

    func testAnAppointmentIsAddedAndItsQuestionsAskedAndRemoved() async throws {
        try await ScreenFixture.with { f in
            let appointments = AppointmentsPresenter(session: f.session)
            await appointments.refresh()
            appointments.add(.appointment)
            appointments.change("title", "Diabetes review")
            appointments.change("start", "2026-03-20T09:30:00+00:00")
            appointments.change("reminder_minutes_before[0]", "1440")
            let saved = await appointments.save()
            XCTAssertTrue(saved, appointments.state.problem ?? "")
            guard let line = appointments.state.groups.first?.entries.first else { return XCTFail("no appointment listed") }
            let questions = QuestionsPresenter(session: f.session, appointment: line.id)
            await questions.refresh()
            questions.type("Can I reduce my metformin?")
            await questions.add()
            questions.type("Should I see the foot clinic?")
            await questions.add()
            var s = questions.state
            XCTAssertEqual(s.questions.count, 2)
            XCTAssertTrue(s.spokenLabel.contains("2 questions to ask"), s.spokenLabel)
            await questions.markAsked(s.questions[0].id, asked: true)
            await questions.remove(s.questions[1].id)
            s = questions.state
            XCTAssertEqual(s.questions.map(\.asked), [true])
            XCTAssertTrue(s.spokenLabel.contains("Every question has been asked"), s.spokenLabel)
        }
    }
}
