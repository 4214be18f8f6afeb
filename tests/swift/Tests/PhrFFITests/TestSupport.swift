// What an iOS shell provides to the core, as the tests provide it: a KeyStore (the app
// keeps keys in the Keychain behind biometrics; here, a dictionary), a time source, and
// the CoreBluetooth callbacks that feed a DeviceSession (here answered by the core's
// simulated meter instead of a CBPeripheral).
import Foundation
import XCTest
import PhrCore

/// Keys in memory; `locked` makes every call fail as a cancelled biometric prompt does.
final class MemoryKeyStore: KeyStore, @unchecked Sendable {
    private let lock = NSLock()
    private var keys: [String: Data] = [:]
    private var isLocked = false
    private var loadCount = 0

    var locked: Bool {
        get { lock.withLock { isLocked } }
        set { lock.withLock { isLocked = newValue } }
    }

    /// How many times the core asked for a key.
    var loads: Int { lock.withLock { loadCount } }

    private func checkUnlocked() throws {
        if isLocked { throw KeyError.Unavailable(reason: "the person cancelled the biometric prompt") }
    }

    func load(recordId: String) throws -> Data? {
        try lock.withLock {
            try checkUnlocked()
            loadCount += 1
            return keys[recordId]
        }
    }

    func save(recordId: String, key: Data) throws {
        try lock.withLock {
            try checkUnlocked()
            keys[recordId] = key
        }
    }

    func delete(recordId: String) throws {
        try lock.withLock {
            try checkUnlocked()
            keys[recordId] = nil
        }
    }

    func stored(_ recordId: String) -> Data? {
        lock.withLock { keys[recordId] }
    }
}

/// A clock that starts at `start` and runs at the speed of real time.
final class ClockFrom: TimeSource, @unchecked Sendable {
    private let start: Date
    private let began = ProcessInfo.processInfo.systemUptime

    init(_ start: Date) {
        self.start = start
    }

    func now() -> Date {
        start.addingTimeInterval(ProcessInfo.processInfo.systemUptime - began)
    }
}

struct StuckSync: Error {}

/// One connection, as an app's CoreBluetooth delegate drives it: perform each command,
/// hand back what the stack reports, hand over notifications as they arrive, and tick
/// when the session asked for it. Returns the response that ends the transfer.
func syncOneConnection(_ session: DeviceSession, _ device: SimulatedDevice) throws -> FeedResponse {
    var response = try session.connected(characteristics: device.connect())
    var pending = response.commands
    while true {
        if !pending.isEmpty {
            let command = pending.removeFirst()
            response = try session.deliver(event: device.perform(command: command))
            pending.append(contentsOf: response.commands)
            continue
        }
        if response.finished { return response }
        guard let wait = response.tickAfterMs else { throw StuckSync() }
        if let event = try device.nextEvent(waitMs: wait) {
            response = try session.deliver(event: event)
        } else {
            response = try session.tick()
        }
        pending.append(contentsOf: response.commands)
    }
}

/// Options for a new entry the person typed.
func typedIn(_ visibility: Visibility) -> NewEntryOptions {
    NewEntryOptions(visibility: visibility, provenance: .selfEntered, author: .person)
}

/// A reading as the person types it.
func typed(_ kind: ReadingKind, _ text: String, at: Date? = nil) -> TypedReading {
    TypedReading(kind: kind, text: text, extras: TypedExtras(), takenAt: at, context: ReadingContext(), visibility: .private)
}

/// Hands the record's changes to an AsyncStream's continuation.
final class StreamListener: RecordListener, @unchecked Sendable {
    private let continuation: AsyncStream<RecordChange>.Continuation

    init(_ continuation: AsyncStream<RecordChange>.Continuation) {
        self.continuation = continuation
    }

    func onChange(change: RecordChange) {
        continuation.yield(change)
    }
}

/// The record's changes as an AsyncStream, as a screen's model awaits them: the listener
/// is registered before this returns, and cancelled when the stream ends.
func changes(of record: PersonHeldRecord) throws -> AsyncStream<RecordChange> {
    var made: AsyncStream<RecordChange>.Continuation?
    let stream = AsyncStream<RecordChange> { made = $0 }
    guard let continuation = made else { throw StuckSync() }
    let handle = try record.observe(listener: StreamListener(continuation))
    continuation.onTermination = { _ in handle.cancel() }
    return stream
}

/// A calendar date.
func day(_ year: Int, _ month: Int, _ day: Int) -> DateComponents {
    DateComponents(year: year, month: month, day: day)
}

/// An instant from RFC 3339 text.
func instant(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text) ?? Date(timeIntervalSince1970: 0)
}

/// A fresh directory for one test's files.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("phr-swift-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
