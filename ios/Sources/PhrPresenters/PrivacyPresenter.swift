// Who may see one entry: only the person, the people they share their record with, or
// also anyone treating them in an emergency. The core applies the choice everywhere
// (shared views, emergency summaries, exports).
import Foundation
import PhrCore

/// What the privacy screen shows for an entry.
public struct PrivacyState: Spoken, Equatable {
    /// The core's summary of the entry.
    public var summary = ""
    /// Who may see it now.
    public var visibility: Visibility?
    /// The core's sentence for what went wrong.
    public var problem: String?

    /// What VoiceOver says for the screen.
    public var spokenLabel: String {
        joined(["Who can see \(summary.isEmpty ? "this entry" : summary).",
                visibility.map { "Now: \(Words.visibility($0))." }, problem])
    }

    /// One choice for each visibility.
    public var controls: [Control] {
        allVisibilities.map { Control("visibility-\(controlName($0))", "\(Words.visibility($0))\($0 == visibility ? ", chosen" : "")") }
    }
}

/// The privacy screen's presenter for one entry.
public final class PrivacyPresenter: Presenter<PrivacyState>, @unchecked Sendable {
    private let entry: EntryId

    /// The privacy of `entry`.
    public init(session: RecordSession, entry: EntryId) {
        self.entry = entry
        super.init(session: session, initial: PrivacyState(), watching: [.entries])
    }

    override func load() async throws -> PrivacyState {
        let id = entry
        return try await session.call { r in
            let e = try r.entry(id: id, viewer: .person)
            return PrivacyState(summary: try r.entryView(entry: e).summary, visibility: e.meta.visibility)
        }
    }

    override func withProblem(_ state: PrivacyState, _ problem: String?) -> PrivacyState {
        var state = state
        state.problem = problem
        return state
    }

    /// Changes who may see the entry.
    public func choose(_ visibility: Visibility) async {
        guard visibility != state.visibility else { return }
        let id = entry
        if await attempt({ _ = try await session.call { try $0.setVisibility(id: id, visibility: visibility, author: .person) } }) {
            await refresh()
        }
    }
}
