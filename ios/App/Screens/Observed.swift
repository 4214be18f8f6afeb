// A presenter's state for SwiftUI: awaits the presenter's updates and publishes each
// on the main actor, so a view redraws when the presenter shows a new state. The
// presenters stay free of SwiftUI (they build and are tested on Linux).
#if canImport(SwiftUI) && canImport(UIKit)
import Combine
import PhrPresenters
import SwiftUI
import UIKit

/// The state of one presenter, as a SwiftUI view observes it.
@MainActor
final class Observed<State: Sendable>: ObservableObject {
    /// What the screen shows now.
    @Published private(set) var state: State
    private var following: Task<Void, Never>?

    /// Follows `holder` for as long as this object lives.
    init(_ holder: StateHolder<State>) {
        state = holder.state
        let updates = holder.updates()
        following = Task { [weak self] in
            for await next in updates {
                self?.state = next
            }
        }
    }

    deinit {
        following?.cancel()
    }
}

/// A presenter made for one visit to a screen (readings of a kind, one entry's privacy,
/// one appointment's questions) with its state: made once per screen, as a SwiftUI
/// state object, followed while the screen is shown.
@MainActor
final class Presented<ScreenPresenter: StateHolder<State>, State: Sendable>: ObservableObject {
    /// The screen's presenter.
    let presenter: ScreenPresenter
    /// What the screen shows now.
    @Published private(set) var state: State
    private var following: Task<Void, Never>?

    /// Follows `presenter` for as long as this object lives.
    init(_ presenter: ScreenPresenter) {
        self.presenter = presenter
        state = presenter.state
        let updates = presenter.updates()
        following = Task { [weak self] in
            for await next in updates {
                self?.state = next
            }
        }
    }

    deinit {
        following?.cancel()
    }
}

extension Spoken {
    /// The spoken label of the control `id` in this state ("" when the state has none).
    func label(_ id: String) -> String {
        controls.first { $0.id == id }?.label ?? ""
    }

    /// Whether the control `id` can be used in this state.
    func isEnabled(_ id: String) -> Bool {
        controls.first { $0.id == id }?.enabled ?? false
    }
}

/// A line for the core's sentence for what went wrong, read out by VoiceOver when it appears.
struct ProblemText: View {
    let problem: String?

    var body: some View {
        if let problem {
            Text(problem)
                .foregroundStyle(.red)
                .accessibilityAddTraits(.updatesFrequently)
                .onAppear { UIAccessibility.post(notification: .announcement, argument: problem) }
        }
    }
}
#endif
