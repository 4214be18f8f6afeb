// The shell's KeyStore (the Keychain behind biometrics in the app; a dictionary here),
// implemented in Swift and called by the core.
import Foundation
import XCTest
import phr_ffi

final class KeyStoreTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try temporaryDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func path(_ name: String) -> String {
        folder.appendingPathComponent(name).path
    }

    func testARecordIsCreatedAndOpenedWithTheKeyTheShellKeeps() throws {
        let keys = MemoryKeyStore()
        try PersonHeldRecord.createWithKeyStore(path: path("r.phr"), recordId: "me", keyStore: keys).closeRecord()
        let key = try XCTUnwrap(keys.stored("me"))
        try PersonHeldRecord.openWithKeyStore(path: path("r.phr"), recordId: "me", keyStore: keys).closeRecord()
        XCTAssertGreaterThanOrEqual(keys.loads, 2)
        // The key opens the record directly too: it is the record's key.
        try PersonHeldRecord.open(path: path("r.phr"), key: key).closeRecord()
    }

    func testALockedStoreIsKeyUnavailableAndAnEmptyOneNoKey() throws {
        let keys = MemoryKeyStore()
        try PersonHeldRecord.createWithKeyStore(path: path("r.phr"), recordId: "me", keyStore: keys).closeRecord()
        keys.locked = true
        XCTAssertThrowsError(try PersonHeldRecord.openWithKeyStore(path: path("r.phr"), recordId: "me", keyStore: keys)) { error in
            guard case let RecordError.KeyUnavailable(reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("cancelled the biometric prompt"))
        }
        XCTAssertThrowsError(
            try PersonHeldRecord.openWithKeyStore(path: path("r.phr"), recordId: "someone-else", keyStore: MemoryKeyStore())
        ) { error in
            XCTAssertEqual(error as? RecordError, .NoKey)
        }
    }

    func testAStoredKeyIsNeverReplaced() throws {
        let keys = MemoryKeyStore()
        try PersonHeldRecord.createWithKeyStore(path: path("a.phr"), recordId: "me", keyStore: keys).closeRecord()
        let first = keys.stored("me")
        XCTAssertThrowsError(try PersonHeldRecord.createWithKeyStore(path: path("b.phr"), recordId: "me", keyStore: keys)) { error in
            guard case RecordError.AlreadyExists = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(keys.stored("me"), first)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("b.phr")))
    }

    func testAKeyFileWrapsTheKeyWithAPassphrase() throws {
        let key = try generateDatabaseKey()
        try createKeyFile(path: path("record.key"), passphrase: "a long enough passphrase", key: key)
        XCTAssertEqual(try unlockKeyFile(path: path("record.key"), passphrase: "a long enough passphrase"), key)
        XCTAssertThrowsError(try unlockKeyFile(path: path("record.key"), passphrase: "not the passphrase")) { error in
            XCTAssertEqual(error as? KeyError, .WrongPassphrase)
        }
        XCTAssertThrowsError(try createKeyFile(path: path("other.key"), passphrase: "short", key: key)) { error in
            XCTAssertEqual(error as? KeyError, .PassphraseTooShort(minChars: 8))
        }
    }
}
