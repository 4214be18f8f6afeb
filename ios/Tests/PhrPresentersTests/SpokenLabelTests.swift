// Every state a screen can be in has something for VoiceOver to say, and every control
// a label, in plain words: each case and each phase, with and without a problem,
// checked by PlainWords. (The walk-through checks the states the real library produced.)
import Foundation
import XCTest
import PhrCore
@testable import PhrPresenters

final class SpokenLabelTests: XCTestCase {
    private let problem = "The passphrase is wrong (nothing was changed)."

    private func check(_ states: [Spoken], file: StaticString = #filePath, line: UInt = #line) {
        let problems = states.flatMap(PlainWords.problems)
        XCTAssertEqual(problems, [], problems.joined(separator: "\n"), file: file, line: line)
        for s in states {
            XCTAssertTrue(s.controls.allSatisfy { !$0.label.isEmpty }, "\(type(of: s)) has a control with no label", file: file, line: line)
        }
    }

    func testEveryUnlockStateIsSpoken() {
        check([
            UnlockState.checking, .welcome(problem: nil), .welcome(problem: problem), .locked(note: nil),
            .locked(note: "Unlocking was cancelled."), .working("Unlocking your record"),
            .needsRecovery(problem: nil, canRecover: true), .needsRecovery(problem: problem, canRecover: true),
            .needsRecovery(problem: nil, canRecover: false),
        ])
    }

    func testEveryDeviceStateIsSpoken() {
        let meter = FoundDevice(peripheralId: "6F9A0B52-1C3D-4E5F-8A9B-0C1D2E3F4A5B", name: "Meter 1", kind: .glucoseMeter)
        var states: [Spoken] = []
        for phase in [DevicePhase.idle, .scanning, .syncing, .done, .stopped, .failed] {
            for radio in [BluetoothAvailability.on, .off, .needsPermission, .missing] {
                var s = DeviceState()
                s.phase = phase
                s.bluetooth = radio
                s.found = [meter]
                s.syncing = meter
                s.known = ["Roche Accu-Chek Instant, last copied Sunday 8 March 2026 at 18:00"]
                s.progress = "Copying readings: 3 of 20 readings"
                s.result = "No new readings."
                s.problem = phase == .failed ? problem : nil
                states.append(s)
            }
        }
        var scanning = DeviceState()
        scanning.phase = .scanning
        check(states + [scanning])
    }

    func testEveryListScreenIsSpokenEmptyAndFull() {
        let line = EntryLine(id: "e1", kind: .allergy, summary: "Penicillin (severe): hives", visibility: "Only me", source: "Added by you")
        let alert = AlertLine(id: 1, severity: "Needs your attention", level: .warning, category: .alert, title: "Low blood sugar",
                              detail: "2.9 mmol/L at 08:00.", advice: "Eat or drink something sugary.", open: true)
        let form = EntryForm(kind: .thingsToKnow, editing: nil, fields: FormBuilder.fields(.thingsToKnow, ["items[0]": "I am deaf in my left ear"]))
        var readings = ReadingsState(kind: .bloodGlucose)
        readings.week = "mean 5.6 mmol/L"
        readings.month = "mean 5.8 mmol/L"
        readings.readings = [ReadingLine(id: 4, text: "5.4 mmol/L", takenAt: "Sunday 8 March 2026 at 18:00", timeNote: nil)]
        readings.hasMore = true
        readings.typed = "54"
        readings.question = UnitQuestion(question: "54 is higher than any meter reads in mmol/L: did you mean 5.4 mmol/L, or 54 mg/dL?",
                                         asMmolPerL: "5.4 mmol/L", asMgPerDl: "54 mg/dL")
        var enabled = HealthBridgeState(storeName: "Apple Health")
        enabled.enabled = true
        enabled.result = "2 readings written to Apple Health; 1 new from other apps."
        var needsInstall = HealthBridgeState(storeName: "Apple Health")
        needsInstall.availability = .needsInstall
        var unsupported = HealthBridgeState(storeName: "Apple Health")
        unsupported.availability = .unsupported
        unsupported.problem = problem
        let phq9 = ModuleLine(id: "m1", title: "PHQ-9 (mood)", progress: "2 of 9 questions answered", score: nil,
                              attention: "If you have thoughts of harming yourself, call Samaritans on 116 123.")
        var openModule = ModulesState(modules: [phq9], offers: [])
        openModule.open = phq9
        openModule.questions = [ModuleQuestion(id: "q9", label: "Thoughts that you would be better off dead", help: nil,
                                               kind: .yesNo, answer: "yes", answerLabel: "Yes")]
        check([
            OverviewState(),
            OverviewState(sections: [SectionSummary(section: .health, title: "About my health", count: 1, lines: [line.summary])],
                          readings: [ReadingSummary(kind: .bloodGlucose, title: "Blood sugar", latest: "5.4 mmol/L", week: "mean 5.6 mmol/L over 7 days")],
                          openAlerts: 3, problem: problem),
            SectionState(title: "About me", purpose: "what you want people to know."),
            SectionState(title: "About me", purpose: "what you want people to know.",
                         groups: [KindGroup(kind: .allergy, title: "Allergy", entries: [line], editable: true)]),
            SectionState(title: "About me", purpose: "what you want people to know.", form: form, problem: problem),
            AlertsState(), AlertsState(alerts: [alert, alert]), AlertsState(alerts: [alert], problem: problem),
            ReadingsState(kind: .bloodGlucose), readings,
            QuestionsState(),
            QuestionsState(appointment: "Diabetes review, 20 March", questions: [QuestionLine(id: 1, text: "Can I stop a tablet?", asked: false)],
                           typed: "More", problem: problem),
            PrivacyState(), PrivacyState(summary: "Penicillin (severe)", visibility: .shared),
            ModulesState(),
            ModulesState(modules: [phq9], offers: [ModuleOffer(templateId: "gad-7", title: "GAD-7 (anxiety)", description: "Seven questions about anxiety.")]),
            openModule,
            HealthBridgeState(storeName: "Apple Health"), needsInstall, unsupported, enabled,
        ])
    }

    func testEveryFormFieldOfEveryKindIsSpokenWithItsLimit() {
        let kinds: [EntryKind] = [.identity, .condition, .allergy, .vaccination, .medication, .socialPrescription, .testResult,
                                  .thingsToKnow, .myHistory, .goal, .personInMyLife, .myContactDetails, .contact, .organDonation,
                                  .otherTreatment, .appointment]
        let forms = kinds.map { EntryForm(kind: $0, editing: nil, fields: FormBuilder.fields($0, [:])) }
        for form in forms {
            XCTAssertFalse(form.fields.isEmpty, "\(form.kind) has no fields")
            for field in form.fields where field.maxChars != nil {
                XCTAssertTrue(field.spokenLabel.contains("characters left"), field.spokenLabel)
            }
        }
        check(forms.map { SectionState(title: "A section", purpose: "what it is for.", form: $0) })
    }

    func testTheCoresErrorsAreShownAsSentences() {
        XCTAssertEqual(sentence("the passphrase is wrong"), "The passphrase is wrong.")
        XCTAssertEqual(sentence(for: RecordError.Invalid(field: "items[1]", reason: "must be at most 140 characters")),
                       "Must be at most 140 characters.")
        XCTAssertEqual(sentence(for: CancellationError()), "Something went wrong. Please try again.")
    }
}
