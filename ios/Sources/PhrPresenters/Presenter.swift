// What every presenter shares: its state behind a lock with an AsyncStream of updates
// (a SwiftUI view model awaits it on the main actor), a refresh whenever the record
// changes in the areas the screen shows, and the core's own sentence for a failure.
import Foundation
import PhrCore

/// Plain state that changes over time, with a stream of its updates.
public class StateHolder<State: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: State
    private var watchers: [UUID: AsyncStream<State>.Continuation] = [:]

    init(_ initial: State) {
        value = initial
    }

    /// What the screen shows now.
    public var state: State { lock.withLock { value } }

    /// The state now, then every new state, until the stream is no longer awaited.
    public func updates() -> AsyncStream<State> {
        let id = UUID()
        return AsyncStream { continuation in
            let now: State = lock.withLock {
                watchers[id] = continuation
                return value
            }
            continuation.yield(now)
            continuation.onTermination = { [weak self] _ in
                guard let self else { return }
                _ = self.lock.withLock { self.watchers.removeValue(forKey: id) }
            }
        }
    }

    /// Replaces the state.
    func show(_ state: State) {
        let all: [AsyncStream<State>.Continuation] = lock.withLock {
            value = state
            return Array(watchers.values)
        }
        for watcher in all { watcher.yield(state) }
    }

    /// Changes the state in place.
    func update(_ change: (inout State) -> Void) {
        let (now, all): (State, [AsyncStream<State>.Continuation]) = lock.withLock {
            change(&value)
            return (value, Array(watchers.values))
        }
        for watcher in all { watcher.yield(now) }
    }
}

/// A screen's presenter over an unlocked record: plain state, updated from the core.
/// Subclasses give `load` (read what the screen shows) and `withProblem`.
public class Presenter<State: Spoken>: StateHolder<State>, @unchecked Sendable {
    /// The unlocked record.
    public let session: RecordSession
    private let watched: Set<ChangeArea>
    private let started = NSLock()
    private var watching: Task<Void, Never>?

    init(session: RecordSession, initial: State, watching areas: Set<ChangeArea>) {
        self.session = session
        watched = areas
        super.init(initial)
    }

    /// Reads what the screen shows from the record.
    func load() async throws -> State { state }

    /// The state with `problem` shown (the core's sentence for a failure).
    func withProblem(_ state: State, _ problem: String?) -> State { state }

    /// Loads the screen, then reloads it whenever the record changes in its areas.
    public func start() {
        started.withLock {
            guard watching == nil else { return }
            let changes = session.changes(in: watched)
            watching = session.launch { [weak self] in
                await self?.refresh()
                for await _ in changes {
                    guard let self else { return }
                    await self.refresh()
                }
            }
        }
    }

    /// Stops following the record's changes.
    public func stop() {
        started.withLock {
            watching?.cancel()
            watching = nil
        }
    }

    /// Loads the screen from the record now.
    public func refresh() async {
        await attempt { self.show(try await self.load()) }
    }

    /// Runs `body`; a failure from the core shows its sentence and returns false.
    @discardableResult
    func attempt(_ body: () async throws -> Void) async -> Bool {
        do {
            try await body()
            return true
        } catch {
            show(withProblem(state, sentence(for: error)))
            return false
        }
    }
}

/// The core's sentence for the person (`message()`), as a screen shows it: capitalised,
/// with its full stop. For a value the core refused, the reason alone: the screen shows
/// it beside the field, whose path is no word for a person.
public func sentence(for error: Error) -> String {
    switch error {
    case let RecordError.Invalid(_, reason): return sentence(reason)
    case let error as RecordError: return sentence(error.message())
    case let error as FormIncomplete: return sentence(error.reason)
    default: return "Something went wrong. Please try again."
    }
}

/// `text` with a capital letter and a full stop.
public func sentence(_ text: String) -> String {
    let trimmed = Words.capitalised(text.trimmingCharacters(in: .whitespacesAndNewlines))
    guard let last = trimmed.last else { return trimmed }
    return ".?!".contains(last) ? trimmed : trimmed + "."
}

/// A value a form cannot turn into an entry yet (a choice not made, a date mistyped).
public struct FormIncomplete: Error, Sendable {
    /// The field's path.
    public let path: String
    /// What to do, in words.
    public let reason: String
}
