// One unlocked record and what every screen shares: the record, its clock, a queue for
// its blocking calls, and its changes as AsyncStreams (one listener for all screens,
// registered when the record opens, cancelled when it closes).
import Foundation
import PhrCore

/// Hands each committed change to every screen that follows the record.
final class ChangeHub: RecordListener, @unchecked Sendable {
    private let lock = NSLock()
    private var followers: [UUID: AsyncStream<RecordChange>.Continuation] = [:]
    private var finished = false

    func onChange(change: RecordChange) {
        let now = lock.withLock { Array(followers.values) }
        for follower in now { follower.yield(change) }
    }

    /// A stream of every change from now on; ends when the record closes.
    func follow() -> AsyncStream<RecordChange> {
        let id = UUID()
        return AsyncStream { continuation in
            let added: Bool = lock.withLock {
                if finished { return false }
                followers[id] = continuation
                return true
            }
            guard added else {
                continuation.finish()
                return
            }
            continuation.onTermination = { [weak self] _ in
                guard let self else { return }
                _ = self.lock.withLock { self.followers.removeValue(forKey: id) }
            }
        }
    }

    /// Ends every stream.
    func finish() {
        let all: [AsyncStream<RecordChange>.Continuation] = lock.withLock {
            finished = true
            defer { followers = [:] }
            return Array(followers.values)
        }
        for follower in all { follower.finish() }
    }
}

/// An unlocked record. Its blocking calls run off the caller's thread (SQLCipher and
/// Argon2 block; never on the main thread); `close` locks it and stops the screens.
public final class RecordSession: @unchecked Sendable {
    /// The open record.
    public let record: PersonHeldRecord
    /// The phone's clock, also the record's.
    public let clock: AppClock
    private let hub = ChangeHub()
    private let handle: ListenerHandle
    private let lock = NSLock()
    private var tasks: [UUID: Task<Void, Never>] = [:]

    /// The session of `record`, whose clock becomes `clock`.
    public init(record: PersonHeldRecord, clock: AppClock) throws {
        self.record = record
        self.clock = clock
        try record.setTimeSource(timeSource: clock)
        handle = try record.observe(listener: hub)
    }

    /// Changes touching any of `areas`, until the record closes.
    public func changes(in areas: Set<ChangeArea>) -> AsyncStream<RecordChange> {
        let all = hub.follow()
        return AsyncStream { continuation in
            let task = Task {
                for await change in all where change.areas.contains(where: areas.contains) {
                    continuation.yield(change)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Runs a blocking call on the record off the caller's thread.
    public func call<T>(_ body: @escaping @Sendable (PersonHeldRecord) throws -> T) async throws -> T {
        let record = self.record
        return try await offThread { try body(record) }
    }

    /// Runs `body` while the record is open; `close` cancels it.
    @discardableResult
    public func launch(_ body: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        let id = UUID()
        let task = Task {
            await body()
            _ = self.lock.withLock { self.tasks.removeValue(forKey: id) }
        }
        lock.withLock { tasks[id] = task }
        return task
    }

    /// Closes the record (the app locks it) and stops the screens: every later call is `Closed`.
    public func close() async throws -> Saved {
        let running: [Task<Void, Never>] = lock.withLock {
            defer { tasks = [:] }
            return Array(tasks.values)
        }
        running.forEach { $0.cancel() }
        handle.cancel()
        hub.finish()
        let record = self.record
        return try await offThread { try record.closeRecord() }
    }
}

/// Runs a blocking `body` on a thread of the system's pool and awaits it.
func offThread<T>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result { try body() })
        }
    }
}
