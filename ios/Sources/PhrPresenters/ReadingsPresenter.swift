// Readings of one kind: the trend over days first (home devices are not calibrated, so
// the direction matters more than one value), then the readings newest first, a page at
// a time, and manual entry of what the person typed. A glucose that could be either
// unit is asked about as a question with two answers, never guessed.
import Foundation
import PhrCore

/// One day of the trend series.
public struct TrendPoint: Equatable, Sendable {
    /// The day.
    public let date: DateComponents
    /// The day's mean (or total, for steps and other counted kinds), in the kind's unit.
    public let value: Double
    /// The lowest of the day, when the kind has one.
    public let low: Double?
    /// The highest of the day.
    public let high: Double?
    /// How many readings the day had.
    public let count: Int
}

/// One reading in the list.
public struct ReadingLine: Equatable, Sendable {
    /// The reading's id.
    public let id: Int64
    /// The core's words for its value ("5.4 mmol/L", "LO (below the meter's range)").
    public let text: String
    /// When it was taken, as the phone shows times.
    public let takenAt: String
    /// The core's note when its time cannot be trusted.
    public let timeNote: String?

    /// What VoiceOver says for the row.
    public var spokenLabel: String { joined([text, "taken \(takenAt)", timeNote], ", ") }
}

/// A glucose typed without a unit that could be either: which did the person mean?
public struct UnitQuestion: Equatable, Sendable {
    /// The core's question.
    public let question: String
    /// What to store if the decimal point slipped ("5.4 mmol/L").
    public let asMmolPerL: String
    /// What to store if it was mg/dL ("54 mg/dL").
    public let asMgPerDl: String
}

/// What the readings screen shows.
public struct ReadingsState: Spoken, Equatable {
    /// Which kind.
    public let kind: ReadingKind
    /// Its name.
    public var title: String
    /// The core's sentence for the last 7 days.
    public var week = ""
    /// The core's sentence for the last 30 days.
    public var month = ""
    /// One point a day over the last 30 days, oldest first.
    public var series: [TrendPoint] = []
    /// Readings newest first, as far as loaded.
    public var readings: [ReadingLine] = []
    /// Whether older readings can be loaded.
    public var hasMore = false
    /// What the person is typing.
    public var typed = ""
    /// The question about a typed glucose, while it waits for an answer.
    public var question: UnitQuestion?
    /// The core's words for the reading just added.
    public var added: String?
    /// The core's sentence for what went wrong.
    public var problem: String?

    init(kind: ReadingKind) {
        self.kind = kind
        title = Words.readingKind(kind)
    }

    /// What VoiceOver says for the screen.
    public var spokenLabel: String {
        joined(["\(title).", week.isEmpty ? nil : "Last 7 days: \(week).", month.isEmpty ? nil : "Last 30 days: \(month).",
                added.map { "Added \($0)." }, question?.question, problem])
    }

    /// The trend, the entry field and its buttons, each reading, and "show older".
    public var controls: [Control] {
        var out = [Control("trend", "Trend over 30 days: \(series.count) days with readings"),
                   Control("typed", "New reading, \(Words.readingHint(kind))"),
                   Control("add", "Add this reading", enabled: !typed.trimmingCharacters(in: .whitespaces).isEmpty && question == nil)]
        if let question {
            out += [Control("as-mmol", "I meant \(question.asMmolPerL)"), Control("as-mg", "I meant \(question.asMgPerDl)")]
        }
        out += readings.map { Control("reading-\($0.id)", $0.spokenLabel) }
        if hasMore { out.append(Control("more", "Show older readings")) }
        return out
    }
}

/// The readings screen's presenter for one kind.
public final class ReadingsPresenter: Presenter<ReadingsState>, @unchecked Sendable {
    private let kind: ReadingKind
    private let pageSize: UInt32
    private let cursorLock = NSLock()
    private var next: ReadingsCursor?

    /// The readings of `kind`, `pageSize` at a time.
    public init(session: RecordSession, kind: ReadingKind, pageSize: UInt32 = 50) {
        self.kind = kind
        self.pageSize = pageSize
        super.init(session: session, initial: ReadingsState(kind: kind), watching: [.readings])
    }

    override func load() async throws -> ReadingsState {
        let (kind, limit) = (self.kind, pageSize)
        let today = session.clock.today()
        let zone = session.clock.zone()
        let (week, month, days, page, views) = try await session.call { r in
            let page = try r.readingsPage(request: ReadingsPageRequest(kind: kind, limit: limit), viewer: .person)
            return (try r.trendWindow(kind: kind, days: 7, today: today, viewer: .person),
                    try r.trendWindow(kind: kind, days: 30, today: today, viewer: .person),
                    try r.dailySummaries(kind: kind, from: Times.day(today, minus: 29), to: today, viewer: .person),
                    page, r.readingViews(readings: page.readings))
        }
        cursorLock.withLock { next = page.next }
        var now = state
        now.week = week.text
        now.month = month.text
        now.series = days.compactMap { d in
            (d.total ?? d.mean).map { TrendPoint(date: d.date, value: $0, low: d.min, high: d.max, count: Int(d.count)) }
        }
        now.readings = Self.lines(views, zone)
        now.hasMore = page.next != nil
        return now
    }

    private static func lines(_ views: [ReadingView], _ zone: TimeZone) -> [ReadingLine] {
        views.map { ReadingLine(id: $0.reading.id, text: $0.text, takenAt: Times.spoken($0.reading.reading.takenAt, in: zone), timeNote: $0.timeNote) }
    }

    override func withProblem(_ state: ReadingsState, _ problem: String?) -> ReadingsState {
        var state = state
        state.problem = problem
        return state
    }

    /// Loads the next page of older readings.
    public func loadMore() async {
        guard let cursor = cursorLock.withLock({ next }) else { return }
        let (kind, limit, zone) = (self.kind, pageSize, session.clock.zone())
        await attempt {
            let (page, views) = try await session.call { r in
                let page = try r.readingsPage(request: ReadingsPageRequest(kind: kind, limit: limit, cursor: cursor), viewer: .person)
                return (page, r.readingViews(readings: page.readings))
            }
            cursorLock.withLock { next = page.next }
            update {
                $0.readings += Self.lines(views, zone)
                $0.hasMore = page.next != nil
            }
        }
    }

    /// The person is typing a reading.
    public func type(_ text: String) {
        update {
            $0.typed = text
            $0.question = nil
            $0.added = nil
            $0.problem = nil
        }
    }

    /// Adds what the person typed; a glucose that could be either unit becomes a question.
    public func add() async { await addText(state.typed) }

    /// The answer to the unit question: the decimal point slipped (true) or it was mg/dL (false).
    public func answer(meantMmolPerL: Bool) async {
        guard let question = state.question else { return }
        await addText(meantMmolPerL ? question.asMmolPerL : question.asMgPerDl)
    }

    private func addText(_ text: String) async {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        let typed = TypedReading(kind: kind, text: trimmed, extras: TypedExtras(), context: ReadingContext(), visibility: .private)
        do {
            let view = try await session.call { try $0.addTypedReading(reading: typed) }
            update {
                $0.typed = ""
                $0.question = nil
                $0.added = view.text
                $0.problem = nil
            }
            await refresh()
        } catch let error as RecordError {
            if case let .GlucoseUnitQuestion(typedValue, ifMmolPerL, _) = error {
                let question = UnitQuestion(question: sentence(for: error), asMmolPerL: "\(Times.number(ifMmolPerL)) mmol/L",
                                            asMgPerDl: "\(Times.number(typedValue)) mg/dL")
                update {
                    $0.question = question
                    $0.problem = nil
                }
            } else {
                update {
                    $0.question = nil
                    $0.problem = sentence(for: error)
                }
            }
        } catch {
            update { $0.problem = sentence(for: error) }
        }
    }
}
