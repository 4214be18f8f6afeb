// Appointments: listed and added like any section, each with the questions the person
// wants to ask there. The reminders before each appointment are the core's rule; the
// app shows them through the alerts inbox and the phone's notifications.
import Foundation
import PhrCore

/// Turns appointments into form values and back.
struct AppointmentCodec: EntryCodec {
    let editableKinds: Set<EntryKind> = [.appointment]

    func values(_ body: EntryBody) -> [String: String] {
        guard case let .appointment(a) = body else { return [:] }
        var v = FormValues()
        v.put("title", a.title)
        v.put("start", Times.text(of: a.start))
        v.put("duration_minutes", a.durationMinutes.map { String($0) })
        v.put("with", a.with)
        v.put("location", a.location)
        v.put("status", coreWord(a.status))
        for (i, m) in a.reminderMinutesBefore.enumerated() { v.put("reminder_minutes_before[\(i)]", String(m)) }
        v.put("notes", a.notes)
        return v.values
    }

    func body(_ form: EntryForm) throws -> EntryBody {
        let r = FormReader(form: form)
        func minutes(_ path: String, _ text: String) throws -> UInt32 {
            guard let m = UInt32(text) else { throw FormIncomplete(path: path, reason: "type a number of minutes") }
            return m
        }
        guard let typed = r.optional("start"), let start = Times.dateTime(from: typed) else {
            throw FormIncomplete(path: "start", reason: "choose the day and time")
        }
        return .appointment(Appointment(
            title: r.text("title"), start: start,
            durationMinutes: try r.optional("duration_minutes").map { try minutes("duration_minutes", $0) },
            with: r.optional("with"), location: r.optional("location"),
            status: try r.optional("status").map {
                try parseWord($0, [AppointmentStatus.proposed, .booked, .attended, .missed, .cancelled], path: "status")
            } ?? .booked,
            reminderMinutesBefore: try form.items("reminder_minutes_before").map { try minutes("reminder_minutes_before", $0) },
            notes: r.optional("notes")))
    }
}

/// The list of appointments, and the form to add or change one.
public final class AppointmentsPresenter: SectionPresenter, @unchecked Sendable {
    /// The appointments screen of `session`'s record.
    public init(session: RecordSession) {
        super.init(session: session, section: .appointments, kinds: [.appointment], codec: AppointmentCodec(),
                   purpose: "appointments you have, with the questions you want to ask.")
    }
}

/// One question for an appointment.
public struct QuestionLine: Equatable, Sendable {
    /// Its id.
    public let id: Int64
    /// The question.
    public let text: String
    /// Whether it was asked.
    public let asked: Bool
}

/// What an appointment's screen shows.
public struct QuestionsState: Spoken, Equatable {
    /// The core's summary of the appointment.
    public var appointment = ""
    /// The questions, in the order written.
    public var questions: [QuestionLine] = []
    /// A question being typed.
    public var typed = ""
    /// The core's sentence for what went wrong.
    public var problem: String?

    /// What VoiceOver says for the screen.
    public var spokenLabel: String {
        let open = questions.filter { !$0.asked }.count
        let count: String
        switch open {
        case 0: count = questions.isEmpty ? "No questions to ask yet." : "Every question has been asked."
        case 1: count = "1 question to ask."
        default: count = "\(open) questions to ask."
        }
        return joined([appointment.isEmpty ? nil : appointment, count, problem])
    }

    /// Each question's buttons, then the new question's field and button.
    public var controls: [Control] {
        questions.flatMap { q in
            [Control("asked-\(q.id)", "\(q.text): \(q.asked ? "asked" : "not asked yet"). Mark as \(q.asked ? "not asked" : "asked")"),
             Control("remove-\(q.id)", "Remove the question \(q.text)")]
        } + [Control("typed", "New question"),
             Control("add", "Add this question", enabled: !typed.trimmingCharacters(in: .whitespaces).isEmpty)]
    }
}

/// One appointment's questions.
public final class QuestionsPresenter: Presenter<QuestionsState>, @unchecked Sendable {
    private let appointment: EntryId

    /// The questions for `appointment`.
    public init(session: RecordSession, appointment: EntryId) {
        self.appointment = appointment
        super.init(session: session, initial: QuestionsState(), watching: [.entries, .messages])
    }

    override func load() async throws -> QuestionsState {
        let id = appointment
        let (summary, questions) = try await session.call { r in
            (try r.entryView(entry: try r.entry(id: id, viewer: .person)).summary, try r.questions(appointment: id))
        }
        var now = state
        now.appointment = summary
        now.questions = questions.map { QuestionLine(id: $0.id, text: $0.text, asked: $0.askedAt != nil) }
        return now
    }

    override func withProblem(_ state: QuestionsState, _ problem: String?) -> QuestionsState {
        var state = state
        state.problem = problem
        return state
    }

    /// The person is typing a question.
    public func type(_ text: String) {
        update {
            $0.typed = text
            $0.problem = nil
        }
    }

    /// Adds the typed question.
    public func add() async {
        let text = state.typed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return }
        let id = appointment
        if await attempt({ _ = try await session.call { try $0.addQuestion(appointment: id, text: text) } }) {
            update { $0.typed = "" }
            await refresh()
        }
    }

    /// Marks a question asked, or not.
    public func markAsked(_ id: Int64, asked: Bool) async {
        if await attempt({ _ = try await session.call { try $0.markQuestionAsked(id: id, asked: asked) } }) { await refresh() }
    }

    /// Removes a question.
    public func remove(_ id: Int64) async {
        if await attempt({ try await session.call { try $0.removeQuestion(id: id) } }) { await refresh() }
    }
}
