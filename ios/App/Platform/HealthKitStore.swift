// Apple Health for the bridge (HealthBridgePresenter), through HealthKit. Written from
// Apple's HealthKit documentation (HKHealthStore, HKQuantitySample, HKCorrelation for
// blood pressure, HKMetadataKeySyncIdentifier / HKMetadataKeySyncVersion, and
// HKAnchoredObjectQuery); not compiled on the project's CI (no iOS SDK there).
//
// Samples this app writes carry the record's client record id as their sync
// identifier and the reading's version as their sync version: HealthKit replaces a
// sample with the same identifier only when the version is higher, so writing again
// never duplicates. Reading back uses one anchored query per type; the anchors are
// kept together, archived, as one text the presenter stores.
#if canImport(HealthKit)
import Foundation
import HealthKit
import PhrCore
import PhrPresenters

/// Apple Health.
final class HealthKitStore: HealthStore, @unchecked Sendable {
    private let store = HKHealthStore()
    let name = "Apple Health"
    let kinds: Set<ReadingKind> = [.bloodGlucose, .bloodPressure, .heartRate, .weight, .steps]

    private static let mmolPerL = HKUnit.moleUnit(with: .milli, molarMass: HKUnitMolarMassBloodGlucose).unitDivided(by: .liter())
    private static let perMinute = HKUnit.count().unitDivided(by: .minute())

    private func quantityTypes(_ kinds: Set<ReadingKind>) -> [HKQuantityType] {
        kinds.flatMap { kind -> [HKQuantityType] in
            switch kind {
            case .bloodGlucose: return [HKQuantityType(.bloodGlucose)]
            case .bloodPressure: return [HKQuantityType(.bloodPressureSystolic), HKQuantityType(.bloodPressureDiastolic)]
            case .heartRate: return [HKQuantityType(.heartRate)]
            case .weight: return [HKQuantityType(.bodyMass)]
            case .steps: return [HKQuantityType(.stepCount)]
            default: return []
            }
        }
    }

    /// The types read back: blood pressure as its correlation, the rest as quantities.
    private func readTypes(_ kinds: Set<ReadingKind>) -> [HKSampleType] {
        var types: [HKSampleType] = quantityTypes(kinds.subtracting([.bloodPressure]))
        if kinds.contains(.bloodPressure) { types.append(HKCorrelationType(.bloodPressure)) }
        return types
    }

    func availability() -> HealthStoreAvailability { HKHealthStore.isHealthDataAvailable() ? .available : .unsupported }

    func requestPermission(kinds: Set<ReadingKind>) async -> Bool {
        let share = Set(quantityTypes(kinds).map { $0 as HKSampleType })
        // Blood pressure is asked for by its two quantity types: HealthKit does not take
        // a correlation type in an authorisation request (its queries follow the parts).
        let read = Set<HKObjectType>(share.map { $0 as HKObjectType })
        do {
            try await store.requestAuthorization(toShare: share, read: read)
            // HealthKit never says whether reading was allowed; writing it does say.
            return share.contains { store.authorizationStatus(for: $0) == .sharingAuthorized }
        } catch {
            return false
        }
    }

    func write(_ records: [OutgoingHealthRecord]) async throws {
        let samples = records.compactMap(sample)
        guard !samples.isEmpty else { return }
        try await store.save(samples)
    }

    private func sample(_ r: OutgoingHealthRecord) -> HKObject? {
        let metadata: [String: Any] = [HKMetadataKeySyncIdentifier: r.clientRecordId, HKMetadataKeySyncVersion: r.clientRecordVersion]
        let end = r.endedAt ?? r.takenAt
        func quantity(_ id: HKQuantityTypeIdentifier, _ unit: HKUnit, _ value: Double) -> HKQuantitySample {
            HKQuantitySample(type: HKQuantityType(id), quantity: HKQuantity(unit: unit, doubleValue: value),
                             start: r.takenAt, end: end, metadata: metadata)
        }
        switch r.value {
        case let .bloodGlucose(mmolPerL):
            // A reading below or above the meter's range has no number to write.
            return mmolPerL.map { quantity(.bloodGlucose, Self.mmolPerL, $0) }
        case let .bloodPressure(systolic, diastolic, _, _):
            let parts: Set<HKSample> = [
                HKQuantitySample(type: HKQuantityType(.bloodPressureSystolic), quantity: HKQuantity(unit: .millimeterOfMercury(), doubleValue: systolic),
                                 start: r.takenAt, end: end),
                HKQuantitySample(type: HKQuantityType(.bloodPressureDiastolic), quantity: HKQuantity(unit: .millimeterOfMercury(), doubleValue: diastolic),
                                 start: r.takenAt, end: end),
            ]
            return HKCorrelation(type: HKCorrelationType(.bloodPressure), start: r.takenAt, end: end, objects: parts, metadata: metadata)
        case let .heartRate(perMin): return quantity(.heartRate, Self.perMinute, perMin)
        case let .weight(kg): return quantity(.bodyMass, .gramUnit(with: .kilo), kg)
        case let .steps(count): return quantity(.stepCount, .count(), Double(count))
        default: return nil
        }
    }

    func delete(clientRecordIds: [String]) async throws {
        guard !clientRecordIds.isEmpty else { return }
        let predicate = HKQuery.predicateForObjects(withMetadataKey: HKMetadataKeySyncIdentifier, allowedValues: clientRecordIds)
        for type in readTypes(kinds) {
            _ = try await store.deleteObjects(of: type, predicate: predicate)
        }
    }

    func changes(since anchor: String?, kinds: Set<ReadingKind>) async throws -> HealthStoreChanges {
        var anchors = Self.decode(anchor)
        var upserted: [IncomingHealthRecord] = []
        for type in readTypes(kinds) {
            let (samples, next) = try await anchored(type, anchors[type.identifier])
            anchors[type.identifier] = next
            upserted += samples.compactMap(incoming)
        }
        return HealthStoreChanges(upserted: upserted, nextAnchor: Self.encode(anchors), hasMore: false)
    }

    private func anchored(_ type: HKSampleType, _ anchor: HKQueryAnchor?) async throws -> ([HKSample], HKQueryAnchor?) {
        try await withCheckedThrowingContinuation { continuation in
            let query = HKAnchoredObjectQuery(type: type, predicate: nil, anchor: anchor, limit: HKObjectQueryNoLimit) { _, added, _, next, error in
                if let error { return continuation.resume(throwing: error) }
                continuation.resume(returning: (added ?? [], next))
            }
            store.execute(query)
        }
    }

    private func incoming(_ sample: HKSample) -> IncomingHealthRecord? {
        let value: ReadingValue
        if let correlation = sample as? HKCorrelation {
            let mmHg = HKUnit.millimeterOfMercury()
            func part(_ id: HKQuantityTypeIdentifier) -> Double? {
                (correlation.objects(for: HKQuantityType(id)).first as? HKQuantitySample)?.quantity.doubleValue(for: mmHg)
            }
            guard let systolic = part(.bloodPressureSystolic), let diastolic = part(.bloodPressureDiastolic) else { return nil }
            value = .bloodPressure(systolicMmhg: systolic, diastolicMmhg: diastolic, meanArterialMmhg: nil, pulsePerMin: nil)
        } else if let q = sample as? HKQuantitySample {
            switch q.quantityType {
            case HKQuantityType(.bloodGlucose): value = .bloodGlucose(mmolPerL: q.quantity.doubleValue(for: Self.mmolPerL))
            case HKQuantityType(.heartRate): value = .heartRate(perMin: q.quantity.doubleValue(for: Self.perMinute))
            case HKQuantityType(.bodyMass): value = .weight(kg: q.quantity.doubleValue(for: .gramUnit(with: .kilo)))
            case HKQuantityType(.stepCount):
                let steps = q.quantity.doubleValue(for: .count())
                guard steps >= 0, steps < Double(UInt32.max) else { return nil }
                value = .steps(count: UInt32(steps))
            default: return nil
            }
        } else {
            return nil
        }
        let source = sample.sourceRevision.source
        let version = (sample.metadata?[HKMetadataKeySyncVersion] as? NSNumber)?.int64Value ?? 1
        return IncomingHealthRecord(
            id: sample.uuid.uuidString, version: version, origin: source.name,
            writtenByThisApp: source.bundleIdentifier == Bundle.main.bundleIdentifier,
            value: value, takenAt: sample.startDate, endedAt: sample.endDate == sample.startDate ? nil : sample.endDate,
            context: ReadingContext())
    }

    // MARK: anchors as one text

    private static func decode(_ text: String?) -> [String: HKQueryAnchor] {
        guard let text, let data = Data(base64Encoded: text),
              let archived = try? JSONDecoder().decode([String: Data].self, from: data) else { return [:] }
        return archived.compactMapValues { try? NSKeyedUnarchiver.unarchivedObject(ofClass: HKQueryAnchor.self, from: $0) }
    }

    private static func encode(_ anchors: [String: HKQueryAnchor]) -> String {
        let archived = anchors.compactMapValues { anchor -> Data? in
            try? NSKeyedArchiver.archivedData(withRootObject: anchor, requiringSecureCoding: true)
        }
        return ((try? JSONEncoder().encode(archived)) ?? Data()).base64EncodedString()
    }
}
#endif
