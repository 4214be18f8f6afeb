// What an iOS shell provides to the core, as the tests provide it: a KeyStore (the app
// keeps keys in the Keychain behind biometrics; here, a dictionary), a time source, and
// the CoreBluetooth callbacks that feed a DeviceSession (here answered by the core's
// simulated meter instead of a CBPeripheral).
import Foundation
import XCTest
import phr_ffi

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

/// Hands one thing the platform stack reported to the session: one method per callback.
func deliver(_ session: DeviceSession, _ event: StackEvent) throws -> FeedResponse {
    switch event {
    case let .readResult(service, characteristic, value):
        return try session.readResult(service: service, characteristic: characteristic, value: value)
    case let .readFailed(service, characteristic, reason):
        return try session.readFailed(service: service, characteristic: characteristic, reason: reason)
    case let .subscribed(service, characteristic):
        return try session.subscribed(service: service, characteristic: characteristic)
    case let .subscribeFailed(service, characteristic, reason):
        return try session.subscribeFailed(service: service, characteristic: characteristic, reason: reason)
    case let .writeAcknowledged(service, characteristic):
        return try session.writeAcknowledged(service: service, characteristic: characteristic)
    case let .writeFailed(service, characteristic, reason):
        return try session.writeFailed(service: service, characteristic: characteristic, reason: reason)
    case let .value(service, characteristic, value):
        return try session.value(service: service, characteristic: characteristic, value: value)
    case .disconnected:
        return try session.disconnected()
    }
}

struct StuckSync: Error {}

/// One connection, as an app's CoreBluetooth delegate drives it: perform each command,
/// hand back what the stack reports, hand over notifications as they arrive, and call
/// tick() when the session asked for it. Returns the response that ends the transfer.
func syncOneConnection(_ session: DeviceSession, _ device: SimulatedDevice) throws -> FeedResponse {
    var response = try session.connected(characteristics: device.connect())
    var pending = response.commands
    while true {
        if !pending.isEmpty {
            let command = pending.removeFirst()
            response = try deliver(session, device.perform(command: command))
            pending.append(contentsOf: response.commands)
            continue
        }
        if response.finished { return response }
        if let notification = try device.nextNotification() {
            response = try deliver(session, notification)
        } else {
            guard let wait = response.tickAfterMs else { throw StuckSync() }
            Thread.sleep(forTimeInterval: Double(wait) / 1000)
            response = try session.tick()
        }
        pending.append(contentsOf: response.commands)
    }
}

/// A fresh directory for one test's files.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("phr-swift-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
