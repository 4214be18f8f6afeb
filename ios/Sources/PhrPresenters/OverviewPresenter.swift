// The first screen once unlocked: the record by section, what the latest readings and
// their trends are, and how many alerts are open. Every figure and sentence is the
// core's (entry summaries, `overview`, `inbox`); this only groups them.
import Foundation
import PhrCore

/// The sections in the record's order.
let allSections: [RecordSection] = [.health, .aboutMe, .appointments, .modules]

/// One section of the record as the overview lists it.
public struct SectionSummary: Equatable, Sendable {
    /// Which section.
    public let section: RecordSection
    /// Its title.
    public let title: String
    /// How many entries it holds.
    public let count: Int
    /// The core's one-line summaries of its first entries.
    public let lines: [String]

    /// What VoiceOver says for the section's row.
    public var spokenLabel: String {
        switch count {
        case 0: return "\(title): nothing added yet"
        case 1: return "\(title): 1 entry. \(lines.joined(separator: ". "))"
        default: return "\(title): \(count) entries. \(lines.joined(separator: ". "))"
        }
    }
}

/// One kind of reading as the overview shows it.
public struct ReadingSummary: Equatable, Sendable {
    /// Which kind.
    public let kind: ReadingKind
    /// Its name.
    public let title: String
    /// The latest reading as the core words it; nil when none can be trusted.
    public let latest: String?
    /// The core's sentence for the last seven days.
    public let week: String

    /// What VoiceOver says for the row.
    public var spokenLabel: String { joined([title, latest.map { "latest \($0)" }, "last 7 days: \(week)"], ", ") }
}

/// What the overview shows.
public struct OverviewState: Spoken, Equatable {
    /// The four sections, in the record's order.
    public var sections: [SectionSummary] = []
    /// Each kind of reading that has readings.
    public var readings: [ReadingSummary] = []
    /// How many alerts wait in the inbox.
    public var openAlerts = 0
    /// The core's sentence for what went wrong, if anything did.
    public var problem: String?

    /// What VoiceOver says for the screen.
    public var spokenLabel: String {
        let alerts: String
        switch openAlerts {
        case 0: alerts = "No alerts."
        case 1: alerts = "1 alert needs your attention."
        default: alerts = "\(openAlerts) alerts need your attention."
        }
        return joined(["Your record.", alerts, problem])
    }

    /// A row for each section and each kind of reading, and the alerts button.
    public var controls: [Control] {
        sections.map { Control("section-\($0.section)", $0.spokenLabel) }
            + readings.map { Control("readings-\($0.kind)", $0.spokenLabel) }
            + [Control("alerts", openAlerts == 0 ? "Alerts, none" : "Alerts, \(openAlerts) waiting")]
    }
}

/// The overview's presenter.
public final class OverviewPresenter: Presenter<OverviewState>, @unchecked Sendable {
    /// The overview of `session`'s record.
    public init(session: RecordSession) {
        super.init(session: session, initial: OverviewState(), watching: [.entries, .readings, .alerts])
    }

    override func load() async throws -> OverviewState {
        let today = session.clock.today()
        let now = session.clock.now()
        return try await session.call { record in
            let views = try record.entryViews(filter: EntryFilter(), viewer: .person)
            let sections = allSections.map { section -> SectionSummary in
                let inSection = views.filter { $0.section == section }
                return SectionSummary(section: section, title: Words.section(section), count: inSection.count,
                                      lines: inSection.prefix(3).map(\.summary))
            }
            let readings = try record.overview(today: today, viewer: .person).map {
                ReadingSummary(kind: $0.kind, title: Words.readingKind($0.kind), latest: $0.latest?.text, week: $0.week.text)
            }
            let open = try record.inbox(now: now, all: false).count
            return OverviewState(sections: sections, readings: readings, openAlerts: open)
        }
    }

    override func withProblem(_ state: OverviewState, _ problem: String?) -> OverviewState {
        var state = state
        state.problem = problem
        return state
    }
}
