// The phone's health store (Apple Health through HealthKit), reduced to what the
// bridge needs, as a protocol: the app implements it with HKHealthStore
// (App/Platform/HealthKitStore.swift), the tests with a fake that keeps HealthKit's
// rules (a sync identifier and version per sample; an anchored query for changes).
import Foundation
import PhrCore

/// Whether the phone's health store can be used.
public enum HealthStoreAvailability: Sendable, Equatable {
    /// It can be used.
    case available
    /// It needs installing or updating first.
    case needsInstall
    /// This phone cannot have it (an iPad without Health, for one).
    case unsupported
}

/// A reading as the record gives it to the phone's health store.
public struct OutgoingHealthRecord: Sendable, Equatable {
    /// The record's id for it, which the store keeps as its sync identifier.
    public let clientRecordId: String
    /// The reading's version: the store keeps the highest.
    public let clientRecordVersion: Int64
    /// The value, in the core's units.
    public let value: ReadingValue
    /// When it was taken.
    public let takenAt: Date
    /// When it ended (steps, sleep, exercise).
    public let endedAt: Date?
    /// How it was taken.
    public let context: ReadingContext
}

/// A reading another app wrote to the phone's health store.
public struct IncomingHealthRecord: Sendable, Equatable {
    /// The store's id of the sample (a UUID in HealthKit).
    public let id: String
    /// Its version in the store (HealthKit's sync version, 1 when it has none).
    public let version: Int64
    /// The app or device that wrote it, in its own name.
    public let origin: String
    /// Whether this app wrote it (then it is not read back in).
    public let writtenByThisApp: Bool
    /// The value, in the core's units.
    public let value: ReadingValue
    /// When it was taken.
    public let takenAt: Date
    /// When it ended.
    public let endedAt: Date?
    /// How it was taken.
    public let context: ReadingContext

    /// A sample the store holds.
    public init(id: String, version: Int64, origin: String, writtenByThisApp: Bool, value: ReadingValue,
                takenAt: Date, endedAt: Date?, context: ReadingContext) {
        self.id = id
        self.version = version
        self.origin = origin
        self.writtenByThisApp = writtenByThisApp
        self.value = value
        self.takenAt = takenAt
        self.endedAt = endedAt
        self.context = context
    }
}

/// What changed in the health store since an anchor.
public struct HealthStoreChanges: Sendable {
    /// Samples added or changed.
    public let upserted: [IncomingHealthRecord]
    /// The anchor to ask with next time.
    public let nextAnchor: String
    /// Whether more changes wait behind this page.
    public let hasMore: Bool

    /// One page of changes.
    public init(upserted: [IncomingHealthRecord], nextAnchor: String, hasMore: Bool) {
        self.upserted = upserted
        self.nextAnchor = nextAnchor
        self.hasMore = hasMore
    }
}

/// Apple Health, reduced to what the bridge needs.
public protocol HealthStore: Sendable {
    /// Its name, as the person knows it ("Apple Health").
    var name: String { get }
    /// The kinds of reading it holds.
    var kinds: Set<ReadingKind> { get }
    /// Whether it can be used on this phone.
    func availability() -> HealthStoreAvailability
    /// Asks the person to let the app read and write these kinds; true when the prompt was answered.
    func requestPermission(kinds: Set<ReadingKind>) async -> Bool
    /// Writes (or updates) samples; one with a known sync identifier and no higher version changes nothing.
    func write(_ records: [OutgoingHealthRecord]) async throws
    /// Removes samples this app wrote, by sync identifier (a reading deleted, or no longer shared).
    func delete(clientRecordIds: [String]) async throws
    /// Changes after `anchor` (an anchored query); nil, or an anchor the store no longer
    /// knows: everything it holds, and a new anchor.
    func changes(since anchor: String?, kinds: Set<ReadingKind>) async throws -> HealthStoreChanges
}
