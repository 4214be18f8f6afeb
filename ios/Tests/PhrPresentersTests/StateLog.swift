// Keeps every state the presenters show, for the spoken-label test: each presenter's
// updates are awaited in a task of their own until `stop`.
import Foundation
import PhrCore
@testable import PhrPresenters

/// Every state seen from the presenters it follows.
final class StateLog: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [Spoken] = []
    private var tasks: [Task<Void, Never>] = []

    /// Keeps every state of `holder` from now on.
    func follow<S: Spoken>(_ holder: StateHolder<S>) {
        let updates = holder.updates()
        let task = Task { [weak self] in
            for await state in updates {
                guard let self else { return }
                self.lock.withLock { self.seen.append(state) }
            }
        }
        lock.withLock { tasks.append(task) }
    }

    /// Every state seen.
    func states() -> [Spoken] { lock.withLock { seen } }

    /// Stops following.
    func stop() {
        lock.withLock { tasks }.forEach { $0.cancel() }
    }
}
