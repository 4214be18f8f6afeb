// The unlock screen's cases that the walk-through does not meet: a prompt cancelled on
// the first run creates nothing; too many tries, no passcode and a phone that cannot
// ask are each said plainly; a key gone with no recovery copy says to restore a backup.
import Foundation
import XCTest
import PhrCore
@testable import PhrPresenters

final class UnlockPresenterTests: XCTestCase {
    private func note(_ state: UnlockState) -> String {
        if case let .locked(note) = state { return note ?? "" }
        return "not locked: \(state.spokenLabel)"
    }

    func testACancelledFirstPromptCreatesNothingAndEachRefusalIsSaidPlainly() async throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let vault = ScriptedVault()
        let files = FolderFiles(folder: folder)
        let unlock = UnlockPresenter(files: files, vault: vault, clock: TestClock(instant("2026-03-08T18:00:00Z")))
        await unlock.start()

        vault.next(.cancelled)
        await unlock.create(passphrase: "correct horse battery staple")
        guard case let .welcome(problem) = unlock.state else { return XCTFail("\(unlock.state)") }
        XCTAssertTrue(problem?.contains("cancelled") == true, problem ?? "no problem shown")
        XCTAssertFalse(files.recordExists() || files.recoveryKeyExists())
        XCTAssertNil(vault.keys.stored("me"))

        await unlock.create(passphrase: "correct horse battery staple")
        XCTAssertNotNil(unlock.state.session)
        await unlock.lock()
        XCTAssertEqual(note(unlock.state), "")

        vault.next(.lockedOut, .notSetUp, .unavailable("the sensor is covered"))
        await unlock.unlock()
        XCTAssertTrue(note(unlock.state).contains("too many tries"), note(unlock.state))
        await unlock.unlock()
        XCTAssertTrue(note(unlock.state).contains("no passcode"), note(unlock.state))
        await unlock.unlock()
        XCTAssertTrue(note(unlock.state).contains("the sensor is covered"), note(unlock.state))
        for state in [unlock.state] { XCTAssertEqual(PlainWords.problems(state), []) }
        await unlock.unlock()
        XCTAssertNotNil(unlock.state.session)
        await unlock.lock()
    }

    func testAKeyGoneWithNoRecoveryCopySaysToRestoreABackup() async throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let vault = ScriptedVault()
        let files = FolderFiles(folder: folder)
        let unlock = UnlockPresenter(files: files, vault: vault, clock: TestClock(instant("2026-03-08T18:00:00Z")))
        await unlock.start()
        await unlock.create(passphrase: "correct horse battery staple")
        await unlock.lock()

        // The key store lost the key (granted, but nothing stored) and the recovery copy is gone.
        try vault.keys.delete(recordId: "me")
        files.removeRecoveryKey()
        await unlock.unlock()
        guard case let .needsRecovery(_, canRecover) = unlock.state else { return XCTFail("\(unlock.state)") }
        XCTAssertFalse(canRecover)
        XCTAssertTrue(unlock.state.spokenLabel.contains("restore it from a backup"), unlock.state.spokenLabel)
        XCTAssertEqual(unlock.state.controls, [])
    }
}
