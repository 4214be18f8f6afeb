// The bridge to Apple Health, off until the person switches it on. Readings the person
// shares are written with the record's own id and version as HealthKit's sync
// identifier and version (HKMetadataKeySyncIdentifier / HKMetadataKeySyncVersion), so
// writing again never duplicates; samples other apps wrote are read back through an
// anchored query and added with the store's id and version as their client record id
// and version, so the core adds each once. Private readings never leave the record.
import Foundation
import PhrCore

/// What the health store screen shows.
public struct HealthBridgeState: Spoken, Equatable {
    /// The store's name.
    public let storeName: String
    /// Whether the phone has it.
    public var availability: HealthStoreAvailability = .available
    /// Whether the person switched the bridge on.
    public var enabled = false
    /// What the last sync did, in words.
    public var result: String?
    /// What went wrong.
    public var problem: String?

    /// What VoiceOver says for the screen.
    public var spokenLabel: String {
        let status: String
        switch availability {
        case .available: status = enabled ? "\(storeName) is on." : "\(storeName) is off."
        case .needsInstall: status = "\(storeName) needs to be installed or updated first."
        case .unsupported: status = "This phone cannot use \(storeName)."
        }
        return joined([status, "Only readings you share are written to \(storeName); private ones stay in your record.", result, problem])
    }

    /// The switch and the sync button.
    public var controls: [Control] {
        [Control("switch", "Use \(storeName): \(enabled ? "on" : "off")", enabled: availability == .available),
         Control("sync", "Copy readings to and from \(storeName) now", enabled: enabled)]
    }
}

/// The health store bridge's presenter.
public final class HealthBridgePresenter: Presenter<HealthBridgeState>, @unchecked Sendable {
    private static let enabledKey = "health-store.enabled"
    private static let recordTokenKey = "health-store.record-token"
    private static let storeAnchorKey = "health-store.store-anchor"
    private static let page: UInt32 = 500
    private let store: HealthStore
    private let preferences: PreferenceStore

    /// The bridge between `session`'s record and `store`; its switch and anchors in `preferences`.
    public init(session: RecordSession, store: HealthStore, preferences: PreferenceStore) {
        self.store = store
        self.preferences = preferences
        super.init(session: session, initial: HealthBridgeState(storeName: store.name), watching: [.settings])
    }

    override func load() async throws -> HealthBridgeState {
        var now = state
        now.availability = store.availability()
        now.enabled = preferences.get(Self.enabledKey) == "true"
        return now
    }

    override func withProblem(_ state: HealthBridgeState, _ problem: String?) -> HealthBridgeState {
        var state = state
        state.problem = problem
        return state
    }

    /// Switches the bridge on (asking the store's permission) and syncs once.
    public func switchOn() async {
        guard store.availability() == .available else { return await refresh() }
        guard await store.requestPermission(kinds: store.kinds) else {
            let name = store.name
            update {
                $0.enabled = false
                $0.problem = "\(name) did not allow the app to use your readings. You can allow it in the Health app's settings."
            }
            return
        }
        preferences.put(Self.enabledKey, "true")
        update {
            $0.enabled = true
            $0.problem = nil
        }
        await sync()
    }

    /// Switches the bridge off: nothing more is written or read. What was copied stays.
    public func switchOff() {
        for key in [Self.enabledKey, Self.recordTokenKey, Self.storeAnchorKey] { preferences.put(key, nil) }
        update {
            $0.enabled = false
            $0.result = nil
            $0.problem = nil
        }
    }

    /// Writes the shared readings that changed, then reads in what other apps wrote.
    public func sync() async {
        guard preferences.get(Self.enabledKey) == "true" else { return }
        do {
            let written = try await writeOut()
            let (added, known) = try await readIn()
            let name = store.name
            update {
                $0.result = "\(written) \(written == 1 ? "reading" : "readings") written to \(name); \(added) new from other apps\(known > 0 ? ", \(known) already in your record" : "")."
                $0.problem = nil
            }
        } catch {
            let problem = error is RecordError ? sentence(for: error)
                : "\(store.name) could not be reached. Your record is unchanged; try again later."
            update { $0.problem = problem }
        }
    }

    /// The store's record of a reading visible to people the person shares with, made
    /// here (typed or from a device); nil for one that stays in the record.
    private func outgoing(_ r: Reading) -> OutgoingHealthRecord? {
        switch r.reading.source {
        case .app, .imported: return nil
        default: break
        }
        guard r.reading.visibility != .private, store.kinds.contains(kind(of: r.reading.value)) else { return nil }
        return OutgoingHealthRecord(clientRecordId: "phr-reading-\(r.id)", clientRecordVersion: Int64(r.version),
                                    value: r.reading.value, takenAt: r.reading.takenAt, endedAt: r.reading.endedAt,
                                    context: r.reading.context)
    }

    private func writeOut() async throws -> Int {
        var token = preferences.get(Self.recordTokenKey) ?? ""
        var written = 0
        while true {
            let from = token
            let page: ChangesPage
            do {
                page = try await session.call { try $0.changesSince(token: from, viewer: .shared, limit: Self.page) }
            } catch RecordError.TokenExpired {
                token = ""
                continue
            }
            let records = page.readingsUpserted.compactMap(outgoing)
            if !records.isEmpty { try await store.write(records) }
            // Deleted, or no longer shared: out of the store too.
            if !page.readingsRemoved.isEmpty { try await store.delete(clientRecordIds: page.readingsRemoved.map { "phr-reading-\($0)" }) }
            written += records.count
            token = page.nextToken
            preferences.put(Self.recordTokenKey, token)
            if !page.hasMore { return written }
        }
    }

    private func readIn() async throws -> (Int, Int) {
        var anchor = preferences.get(Self.storeAnchorKey)
        var added = 0
        var known = 0
        while true {
            let changes = try await store.changes(since: anchor, kinds: store.kinds)
            let readings = changes.upserted.filter { !$0.writtenByThisApp }.map(Self.incoming)
            if !readings.isEmpty {
                let report = try await session.call { try $0.addReadings(readings: readings) }
                added += Int(report.added)
                known += Int(report.duplicates)
            }
            anchor = changes.nextAnchor
            preferences.put(Self.storeAnchorKey, anchor)
            if !changes.hasMore { return (added, known) }
        }
    }

    private static func incoming(_ h: IncomingHealthRecord) -> NewReading {
        NewReading(value: h.value, takenAt: h.takenAt, endedAt: h.endedAt, source: .app(name: h.origin), device: nil,
                   sequenceNumber: nil, deviceEpoch: 0, clientRecordId: h.id, clientRecordVersion: h.version,
                   receivedAt: nil, flags: [], context: h.context, note: nil, visibility: .private)
    }
}

/// The kind of reading a value is.
public func kind(of value: ReadingValue) -> ReadingKind {
    switch value {
    case .bloodGlucose: return .bloodGlucose
    case .bloodPressure: return .bloodPressure
    case .heartRate: return .heartRate
    case .weight: return .weight
    case .steps: return .steps
    case .sleep: return .sleep
    case .mood: return .mood
    case .alcohol: return .alcohol
    case .stress: return .stress
    case .menstrualCycle: return .menstrualCycle
    case .sideEffect: return .sideEffect
    case .diet: return .diet
    case .physicalActivity: return .physicalActivity
    }
}
