// A record open for one presenter test: made with a fresh key (no vault, no prompt),
// its session, and the phone's services as test doubles; closed when the test's body ends.
import Foundation
import PhrCore
@testable import PhrPresenters

/// An open record and its screens.
final class ScreenFixture: @unchecked Sendable {
    let clock = TestClock(instant("2026-03-08T18:00:00Z"))
    let scheduler = RecordingScheduler()
    let healthStore = FakeHealthStore()
    let preferences = MemoryPreferences()
    let session: RecordSession

    private init(folder: URL) throws {
        let record = try PersonHeldRecord.create(path: folder.appendingPathComponent("r.phr").path, key: generateDatabaseKey())
        session = try RecordSession(record: record, clock: clock)
    }

    /// The screens, with `bluetooth` as the phone's Bluetooth (a 20-reading meter unless given).
    func screens(_ bluetooth: BluetoothStack? = nil) throws -> RecordScreens {
        let clock = self.clock
        let radio = try bluetooth ?? SimulatedBluetooth { try SimulatedDevice.glucoseMeter(records: 20, quirks: [], clock: clock.now()) }
        return RecordScreens(session: session, services: PhoneServices(
            bluetooth: radio, notifications: scheduler, healthStore: healthStore, preferences: preferences))
    }

    /// A reading as the person types it.
    func typed(_ kind: ReadingKind, _ text: String, _ visibility: Visibility = .private) -> TypedReading {
        TypedReading(kind: kind, text: text, extras: TypedExtras(), context: ReadingContext(), visibility: visibility)
    }

    /// How many readings (of `kind`, or all) the person sees.
    func readingCount(_ kind: ReadingKind?) async throws -> UInt64 {
        try await session.call { try $0.readingCount(kind: kind, viewer: .person) }
    }

    /// Runs `body` with a fresh record in a temporary folder, then closes and removes it.
    static func with(_ body: (ScreenFixture) async throws -> Void) async throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixture = try ScreenFixture(folder: folder)
        do {
            try await body(fixture)
        } catch {
            _ = try? await fixture.session.close()
            throw error
        }
        _ = try await fixture.session.close()
    }
}
