// Test doubles of the phone's services the presenters use: a key vault whose prompt
// answers as scripted (granted, cancelled, not recognised, key invalidated), a clock,
// Bluetooth whose only device is the core's simulated meter behind a BluetoothLink (as
// CoreBluetooth delegate callbacks would feed it), a notification scheduler that
// records, preferences in a dictionary, and a health store that keeps HealthKit's
// rules (a sync identifier and version per sample, an anchored query for changes).
import Foundation
import PhrCore
@testable import PhrPresenters

/// Keys in memory.
final class MemoryKeyStore: KeyStore, @unchecked Sendable {
    private let lock = NSLock()
    private var keys: [String: Data] = [:]

    func load(recordId: String) throws -> Data? { lock.withLock { keys[recordId] } }

    func save(recordId: String, key: Data) throws { lock.withLock { keys[recordId] = key } }

    func delete(recordId: String) throws { _ = lock.withLock { keys.removeValue(forKey: recordId) } }

    /// The key kept for `recordId`.
    func stored(_ recordId: String) -> Data? { lock.withLock { keys[recordId] } }
}

/// A vault whose prompt gives the scripted outcomes in turn, then `.granted`.
final class ScriptedVault: KeyVault, @unchecked Sendable {
    let keys = MemoryKeyStore()
    private let lock = NSLock()
    private var script: [Authorisation] = []
    private var asked: [KeyPurpose] = []

    var keyStore: KeyStore { keys }

    /// Purposes the prompt was shown for.
    var prompts: [KeyPurpose] { lock.withLock { asked } }

    /// The next prompts answer with these.
    func next(_ outcomes: Authorisation...) { lock.withLock { script += outcomes } }

    func authorise(recordId: String, purpose: KeyPurpose) async -> Authorisation {
        let outcome: Authorisation = lock.withLock {
            asked.append(purpose)
            return script.isEmpty ? .granted : script.removeFirst()
        }
        // A new enrolment invalidates the Keychain item: the database key is gone.
        if outcome == .keyInvalidated { try? keys.delete(recordId: recordId) }
        return outcome
    }
}

/// A clock at a fixed instant, in UTC, that can be moved on.
final class TestClock: AppClock, @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date

    init(_ start: Date) { instant = start }

    func now() -> Date { lock.withLock { instant } }

    func zone() -> TimeZone { TimeZone(identifier: "UTC") ?? TimeZone.current }

    /// Moves the clock on.
    func advance(_ seconds: TimeInterval) { lock.withLock { instant += seconds } }
}

/// The core's simulated device behind the binding's BluetoothLink, as a CoreBluetooth
/// delegate would feed it: every command performed, every notification handed over.
final class SimulatedLink: BluetoothLink, @unchecked Sendable {
    private let device: SimulatedDevice
    private let beforeCommand: @Sendable () -> Void
    private let lock = NSLock()
    private var count = 0

    init(_ device: SimulatedDevice, beforeCommand: @escaping @Sendable () -> Void) {
        self.device = device
        self.beforeCommand = beforeCommand
    }

    /// How many GATT commands were performed.
    var commands: Int { lock.withLock { count } }

    func connect() throws -> [GattCharacteristic] { try device.connect() }

    func perform(command: FeedCommand) -> StackEvent {
        lock.withLock { count += 1 }
        beforeCommand()
        return (try? device.perform(command: command)) ?? .disconnected
    }

    func nextEvent(waitMs: UInt64) -> StackEvent? {
        beforeCommand()
        return (try? device.nextEvent(waitMs: waitMs)) ?? .disconnected
    }
}

/// Bluetooth with one simulated device advertising.
final class SimulatedBluetooth: BluetoothStack, @unchecked Sendable {
    private let makeDevice: @Sendable () throws -> SimulatedDevice
    private let beforeCommand: @Sendable () -> Void
    private let lock = NSLock()
    private var device: SimulatedDevice
    private var radio: BluetoothAvailability = .on

    init(_ makeDevice: @escaping @Sendable () throws -> SimulatedDevice, beforeCommand: @escaping @Sendable () -> Void = {}) throws {
        self.makeDevice = makeDevice
        self.beforeCommand = beforeCommand
        device = try makeDevice()
    }

    /// Whether Bluetooth can be used, as the test sets it.
    var state: BluetoothAvailability {
        get { lock.withLock { radio } }
        set { lock.withLock { radio = newValue } }
    }

    func availability() -> BluetoothAvailability { state }

    func scan() -> AsyncStream<Advertisement> {
        let device = lock.withLock { self.device }
        return AsyncStream { continuation in
            let service = (try? device.kind()) == .glucoseMeter ? "1808" : "1810"
            if let id = try? device.peripheralId() {
                continuation.yield(Advertisement(peripheralId: id, name: try? device.advertisedName(), services: [service]))
            }
            // Then nothing more, until the scan stops.
        }
    }

    func link(peripheralId: String) -> BluetoothLink {
        lock.withLock {
            let link = SimulatedLink(device, beforeCommand: beforeCommand)
            // A simulated device syncs once; the next scan finds a fresh one.
            if let fresh = try? makeDevice() { device = fresh }
            return link
        }
    }
}

/// Records what the presenters asked the phone to show and when to wake.
final class RecordingScheduler: NotificationScheduler, @unchecked Sendable {
    private let lock = NSLock()
    private var shownSoFar: [PhoneNotification] = []
    private var wakes: [Date?] = []

    var shown: [PhoneNotification] { lock.withLock { shownSoFar } }
    var wakeUps: [Date?] { lock.withLock { wakes } }

    func show(_ notifications: [PhoneNotification]) { lock.withLock { shownSoFar += notifications } }

    func wake(at time: Date?) { lock.withLock { wakes.append(time) } }
}

/// Preferences in a dictionary.
final class MemoryPreferences: PreferenceStore, @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: String] = [:]

    func get(_ key: String) -> String? { lock.withLock { values[key] } }

    func put(_ key: String, _ value: String?) { lock.withLock { values[key] = value } }
}

/// A health store with HealthKit's rules for the bridge: a sample written with a sync
/// identifier replaces the one with the same identifier only when its sync version is
/// higher; an anchored query returns what changed after the anchor.
final class FakeHealthStore: HealthStore, @unchecked Sendable {
    /// One stored sample: what was written, by whom.
    struct Stored: Equatable {
        let id: String
        let syncIdentifier: String?
        let version: Int64
        let origin: String
        let value: ReadingValue
        let takenAt: Date
    }

    private let lock = NSLock()
    private var samples: [String: Stored] = [:]
    private var order: [String] = []
    private var changeLog: [String] = [] // ids in the order they changed
    private var allowing = true
    let name = "Apple Health"
    let kinds: Set<ReadingKind> = [.bloodGlucose, .bloodPressure, .heartRate, .weight, .steps]

    /// Whether the permission prompt allows the app.
    var allowed: Bool {
        get { lock.withLock { allowing } }
        set { lock.withLock { allowing = newValue } }
    }

    /// Every sample it holds, in the order first written.
    func all() -> [Stored] { lock.withLock { order.compactMap { samples[$0] } } }

    func availability() -> HealthStoreAvailability { .available }

    func requestPermission(kinds: Set<ReadingKind>) async -> Bool { allowed }

    func write(_ records: [OutgoingHealthRecord]) async throws {
        lock.withLock {
            for r in records {
                let existing = samples.values.first { $0.syncIdentifier == r.clientRecordId && $0.origin == "this app" }
                if let existing, existing.version >= r.clientRecordVersion { continue }
                let id = existing?.id ?? "hk-\(order.count + 1)"
                if existing == nil { order.append(id) }
                samples[id] = Stored(id: id, syncIdentifier: r.clientRecordId, version: r.clientRecordVersion,
                                     origin: "this app", value: r.value, takenAt: r.takenAt)
                changeLog.append(id)
            }
        }
    }

    func delete(clientRecordIds: [String]) async throws {
        lock.withLock {
            for (id, s) in samples where s.origin == "this app" && clientRecordIds.contains(s.syncIdentifier ?? "") {
                samples[id] = nil
            }
        }
    }

    /// Another app writes a sample; returns its id.
    @discardableResult
    func writtenByAnotherApp(_ value: ReadingValue, at takenAt: Date, version: Int64 = 1) -> String {
        lock.withLock {
            let id = "hk-\(order.count + 1)"
            order.append(id)
            samples[id] = Stored(id: id, syncIdentifier: nil, version: version, origin: "Fit Tracker", value: value, takenAt: takenAt)
            changeLog.append(id)
            return id
        }
    }

    func changes(since anchor: String?, kinds: Set<ReadingKind>) async throws -> HealthStoreChanges {
        lock.withLock {
            let from = anchor.flatMap { Int($0) } ?? 0
            var seen = Set<String>()
            let changed = changeLog.dropFirst(min(from, changeLog.count)).filter { seen.insert($0).inserted }.compactMap { samples[$0] }
            return HealthStoreChanges(
                upserted: changed.map {
                    IncomingHealthRecord(id: $0.id, version: $0.version, origin: $0.origin, writtenByThisApp: $0.origin == "this app",
                                         value: $0.value, takenAt: $0.takenAt, endedAt: nil, context: ReadingContext())
                },
                nextAnchor: String(changeLog.count), hasMore: false)
        }
    }
}

/// An instant from RFC 3339 text.
func instant(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text) ?? Date(timeIntervalSince1970: 0)
}

/// A fresh directory for one test's files.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("phr-ios-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

struct Timeout: Error, CustomStringConvertible {
    let description: String
}

/// Waits (at most 30 s) for `holder`'s state to satisfy `accept`; returns that state.
@discardableResult
func until<S>(_ holder: StateHolder<S>, _ what: String, _ accept: (S) -> Bool) async throws -> S {
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline {
        let now = holder.state
        if accept(now) { return now }
        try await Task.sleep(nanoseconds: 10_000_000)
    }
    throw Timeout(description: "no state where \(what); last: \(holder.state)")
}
