// The alerts inbox: what the core's rules raised, in the core's order (open first,
// then the most severe, then the newest), each with its advice; the person
// acknowledges it or puts it off for a while. What fires, when, and what it says are
// the core's. ReminderService hands the same alerts to the phone's notifications.
import Foundation
import PhrCore

/// One alert in the inbox.
public struct AlertLine: Equatable, Sendable {
    /// The core's notification id.
    public let id: Int64
    /// How much it matters, in words.
    public let severity: String
    /// How much it matters, for the colour and symbol.
    public let level: AlertSeverity
    /// An alert, a reminder or a message.
    public let category: Category
    /// Its title.
    public let title: String
    /// What happened.
    public let detail: String
    /// What to do: the core's advice.
    public let advice: String
    /// Whether it still waits for the person.
    public let open: Bool

    /// What VoiceOver says for the alert.
    public var spokenLabel: String { "\(severity). \(title). \(detail) \(advice)" }
}

/// How long an alert can be put off.
public enum SnoozeChoice: CaseIterable, Sendable {
    /// An hour.
    case hour
    /// Four hours.
    case fourHours
    /// A day.
    case day

    /// How long, in seconds.
    public var seconds: TimeInterval {
        switch self {
        case .hour: return 3600
        case .fourHours: return 4 * 3600
        case .day: return 24 * 3600
        }
    }

    /// What the button says.
    public var label: String {
        switch self {
        case .hour: return "Remind me in 1 hour"
        case .fourHours: return "Remind me in 4 hours"
        case .day: return "Remind me tomorrow"
        }
    }
}

/// What the alerts screen shows.
public struct AlertsState: Spoken, Equatable {
    /// The inbox, in the core's order.
    public var alerts: [AlertLine] = []
    /// The core's sentence for what went wrong.
    public var problem: String?

    /// What VoiceOver says for the screen.
    public var spokenLabel: String {
        let count: String
        switch alerts.count {
        case 0: count = "Alerts: nothing needs your attention."
        case 1: count = "Alerts: 1 needs your attention."
        default: count = "Alerts: \(alerts.count) need your attention."
        }
        return joined([count, problem])
    }

    /// Each alert, its acknowledge button and its snooze buttons.
    public var controls: [Control] {
        alerts.flatMap { a in
            [Control("alert-\(a.id)", a.spokenLabel), Control("ack-\(a.id)", "I have dealt with this: \(a.title)")]
                + SnoozeChoice.allCases.map { Control("snooze-\(a.id)-\($0)", "\($0.label): \(a.title)") }
        }
    }
}

/// The alert line of a notification.
func alertLine(_ n: HealthNotification) -> AlertLine {
    let open: Bool
    switch n.state {
    case .new, .shown: open = true
    default: open = false
    }
    return AlertLine(id: n.id, severity: Words.severity(n.severity), level: n.severity, category: n.category,
                     title: n.title, detail: n.detail, advice: n.advice, open: open)
}

/// The alerts screen's presenter.
public final class AlertsPresenter: Presenter<AlertsState>, @unchecked Sendable {
    /// The inbox of `session`'s record.
    public init(session: RecordSession) {
        super.init(session: session, initial: AlertsState(), watching: [.alerts, .readings])
    }

    override func load() async throws -> AlertsState {
        let now = session.clock.now()
        let inbox = try await session.call { record -> [HealthNotification] in
            let open = try record.inbox(now: now, all: false)
            // They are on screen now: the phone need not notify of them again.
            let fresh = open.filter { $0.state == .new }.map(\.id)
            if !fresh.isEmpty { try record.markShown(ids: fresh) }
            return open
        }
        return AlertsState(alerts: inbox.map(alertLine))
    }

    override func withProblem(_ state: AlertsState, _ problem: String?) -> AlertsState {
        var state = state
        state.problem = problem
        return state
    }

    /// The person has seen and dealt with it.
    public func acknowledge(_ id: Int64) async {
        if await attempt({ _ = try await session.call { try $0.acknowledge(id: id) } }) { await refresh() }
    }

    /// Puts it off.
    public func snooze(_ id: Int64, _ choice: SnoozeChoice) async {
        // Whole seconds: the core keeps instants to the second.
        let until = Date(timeIntervalSince1970: (session.clock.now().timeIntervalSince1970 + choice.seconds).rounded(.down))
        if await attempt({ _ = try await session.call { try $0.snooze(id: id, until: until) } }) { await refresh() }
    }
}

/// The phone's notifications from the core: shows what is due, tells the core they
/// were shown, and asks the phone to wake the app when the next one falls due (the
/// core's `nextDueTime`). Run when the app starts, after every change to alerts, and
/// when the phone wakes the app.
public final class ReminderService: @unchecked Sendable {
    private let session: RecordSession
    private let scheduler: NotificationScheduler

    /// Notifications of `session`'s record through `scheduler`.
    public init(session: RecordSession, scheduler: NotificationScheduler) {
        self.session = session
        self.scheduler = scheduler
    }

    /// Shows what is due now and schedules the next wake-up. Returns how many were shown.
    @discardableResult
    public func check() async throws -> Int {
        let now = session.clock.now()
        let (due, next) = try await session.call { record -> ([HealthNotification], Date?) in
            let due = try record.dueNotifications(now: now)
            if !due.isEmpty { try record.markShown(ids: due.map(\.id)) }
            return (due, try record.nextDueTime(now: now))
        }
        if !due.isEmpty {
            scheduler.show(due.map { PhoneNotification(id: $0.id, title: $0.title, text: $0.advice, severity: $0.severity) })
        }
        scheduler.wake(at: next)
        return due.count
    }

    /// Checks now and after every change to alerts, readings or entries, while the record is open.
    public func follow() async {
        let changes = session.changes(in: [.alerts, .readings, .entries])
        _ = try? await check()
        for await _ in changes { _ = try? await check() }
    }
}
