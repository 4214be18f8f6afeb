// Optional modules: plans and questionnaires the person switches on (a care plan,
// advance wishes, a hospital passport, PHQ-9, GAD-7 ...), fills in a question at a
// time, and sees how far they are, the score once complete and, the moment an answer
// needs it, the core's attention advice (PHQ-9 item 9 shows it on a half-filled form).
import Foundation
import PhrCore

/// A module that can be switched on.
public struct ModuleOffer: Equatable, Sendable {
    /// The template's id.
    public let templateId: String
    /// Its title.
    public let title: String
    /// What it is for.
    public let description: String
}

/// One question of an open module, with the answer so far.
public struct ModuleQuestion: Equatable, Sendable {
    /// The question's id.
    public let id: String
    /// What it asks.
    public let label: String
    /// The template's help, if any.
    public let help: String?
    /// What it takes.
    public let kind: FieldKind
    /// The answer given, as text: a choice's value, yes or no, a number, a date, words.
    public let answer: String?
    /// The answer as the person reads it (a choice's label).
    public let answerLabel: String?

    /// What VoiceOver says for it.
    public var spokenLabel: String {
        "\(label)\(help.map { ". \($0)" } ?? ""). \(answerLabel.map { "Answer: \($0)" } ?? "Not answered yet")"
    }
}

/// A module the person switched on.
public struct ModuleLine: Equatable, Sendable {
    /// Its entry.
    public let id: EntryId
    /// Its title.
    public let title: String
    /// How far it is filled in, in words.
    public let progress: String
    /// The score and its band, once every scored question is answered.
    public let score: String?
    /// The core's attention advice, shown first whenever present.
    public let attention: String?

    /// What VoiceOver says for it: the advice first.
    public var spokenLabel: String { joined([attention, title, progress, score], ". ") }
}

/// What the modules screen shows.
public struct ModulesState: Spoken, Equatable {
    /// Modules switched on.
    public var modules: [ModuleLine] = []
    /// Modules that can be switched on.
    public var offers: [ModuleOffer] = []
    /// The module open for filling in.
    public var open: ModuleLine?
    /// Its questions.
    public var questions: [ModuleQuestion] = []
    /// The core's sentence for what went wrong.
    public var problem: String?

    /// What VoiceOver says for the screen.
    public var spokenLabel: String {
        joined([open?.spokenLabel ?? "Plans and questionnaires. \(modules.count) switched on.", problem])
    }

    /// The open module's questions and buttons, or each module and each offer.
    public var controls: [Control] {
        if open != nil {
            return questions.map { Control("question-\($0.id)", $0.spokenLabel) }
                + [Control("finish", "I have finished"), Control("close", "Close")]
        }
        return modules.map { Control("open-\($0.id)", "Open \($0.spokenLabel)") }
            + offers.map { Control("switch-on-\($0.templateId)", "Switch on \($0.title): \($0.description)") }
    }
}

/// The modules screen's presenter.
public final class ModulesPresenter: Presenter<ModulesState>, @unchecked Sendable {
    private let lock = NSLock()
    private var templates: [ModuleTemplate] = []
    private var openId: EntryId?

    /// The modules of `session`'s record.
    public init(session: RecordSession) {
        super.init(session: session, initial: ModulesState(), watching: [.entries])
    }

    override func load() async throws -> ModulesState {
        let (templates, views) = try await session.call { r in
            (try r.moduleTemplates(), try r.entryViews(filter: EntryFilter(kind: .module), viewer: .person))
        }
        let openId = lock.withLock { () -> EntryId? in
            self.templates = templates
            return self.openId
        }
        let lines = views.compactMap { v -> ModuleLine? in
            guard let m = v.module else { return nil }
            return ModuleLine(id: v.entry.meta.id, title: m.title, progress: "\(m.answered) of \(m.questions) questions answered",
                              score: m.score.map { "Score \($0.total): \($0.band)" }, attention: m.attention ?? m.score?.attention)
        }
        var instances: [EntryId: ModuleInstance] = [:]
        for v in views {
            if case let .module(instance) = v.entry.body { instances[v.entry.meta.id] = instance }
        }
        let on = Set(instances.values.map(\.templateId))
        var now = state
        now.modules = lines
        now.offers = templates.filter { !on.contains($0.id) }.map { ModuleOffer(templateId: $0.id, title: $0.title, description: $0.description) }
        now.open = lines.first { $0.id == openId }
        now.questions = openId.flatMap { instances[$0] }.map { questions(of: $0, templates) } ?? []
        return now
    }

    private func questions(of instance: ModuleInstance, _ templates: [ModuleTemplate]) -> [ModuleQuestion] {
        guard let template = templates.first(where: { $0.id == instance.templateId && $0.version == instance.templateVersion }) else {
            return []
        }
        return template.fields.map { f in
            let text: String?
            switch instance.answers[f.id] {
            case nil: text = nil
            case let .text(words)?: text = words
            case let .yesNo(yes)?: text = yes ? "yes" : "no"
            case let .number(n)?: text = Times.number(n)
            case let .date(d)?: text = Times.text(of: d)
            }
            let label: String?
            switch f.kind {
            case let .choice(options): label = options.first { $0.value == text }?.label ?? text
            case .yesNo: label = text.map(Words.capitalised)
            default: label = text
            }
            return ModuleQuestion(id: f.id, label: f.label, help: f.help, kind: f.kind, answer: text, answerLabel: label)
        }
    }

    override func withProblem(_ state: ModulesState, _ problem: String?) -> ModulesState {
        var state = state
        state.problem = problem
        return state
    }

    /// Switches a module on (private until the person shares it) and opens it.
    public func switchOn(_ templateId: String) async {
        guard let template = lock.withLock({ templates.first { $0.id == templateId } }) else { return }
        await attempt {
            let entry = try await session.call {
                try $0.addEntry(body: .module(ModuleInstance(templateId: template.id, templateVersion: template.version, answers: [:])),
                                options: NewEntryOptions(visibility: .private, provenance: .selfEntered, author: .person))
            }
            lock.withLock { openId = entry.meta.id }
            await refresh()
        }
    }

    /// Opens a module switched on before.
    public func open(_ id: EntryId) async {
        lock.withLock { openId = id }
        await refresh()
    }

    /// Closes the open module.
    public func close() {
        lock.withLock { openId = nil }
        update {
            $0.open = nil
            $0.questions = []
        }
    }

    /// Answers a question of the open module (a choice's value, "yes"/"no", a number, a
    /// date as YYYY-MM-DD, words); empty clears it.
    public func answer(_ questionId: String, _ text: String) async {
        guard let id = lock.withLock({ openId }), let question = state.questions.first(where: { $0.id == questionId }) else { return }
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let answer = value.isEmpty ? nil : Self.answer(question.kind, value)
        if !value.isEmpty && answer == nil {
            let problem: String
            if case .date = question.kind { problem = "Choose a date." } else { problem = "Type a number." }
            update { $0.problem = problem }
            return
        }
        await attempt {
            _ = try await session.call { r in
                guard case var .module(instance) = try r.entry(id: id, viewer: .person).body else {
                    throw RecordError.NotFound(what: "questionnaire")
                }
                instance.answers[questionId] = answer
                return try r.updateEntry(id: id, body: .module(instance), author: .person)
            }
            update { $0.problem = nil }
            await refresh()
        }
    }

    /// The person says the open module is complete today.
    public func finish() async {
        guard let id = lock.withLock({ openId }) else { return }
        let today = session.clock.today()
        await attempt {
            _ = try await session.call { r in
                guard case var .module(instance) = try r.entry(id: id, viewer: .person).body else {
                    throw RecordError.NotFound(what: "questionnaire")
                }
                instance.completedOn = today
                return try r.updateEntry(id: id, body: .module(instance), author: .person)
            }
            await refresh()
        }
    }

    /// The answer for a field of `kind`, or nil when the text is no number or date; the
    /// core checks it against the template when saved.
    private static func answer(_ kind: FieldKind, _ text: String) -> AnswerValue? {
        switch kind {
        case .yesNo: return .yesNo(text.lowercased() == "yes")
        case .number:
            guard let n = Double(text), n.isFinite else { return nil }
            return .number(n)
        case .date: return Times.date(from: text).map { .date($0) }
        default: return .text(text)
        }
    }
}
