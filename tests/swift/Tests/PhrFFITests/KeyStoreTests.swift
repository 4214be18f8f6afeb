// The shell's KeyStore (the Keychain behind biometrics in the app; a dictionary here),
// implemented in Swift and called by the core.
import Foundation
import XCTest
import PhrCore

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
        _ = try PersonHeldRecord.createWithKeyStore(path: path("r.phr"), recordId: "me", keyStore: keys).closeRecord()
        let key = try XCTUnwrap(keys.stored("me"))
        _ = try PersonHeldRecord.openWithKeyStore(path: path("r.phr"), recordId: "me", keyStore: keys).closeRecord()
        XCTAssertGreaterThanOrEqual(keys.loads, 2)
        // The key opens the record directly too: it is the record's key.
        _ = try PersonHeldRecord.open(path: path("r.phr"), key: key).closeRecord()
    }

    func testALockedStoreIsKeyUnavailableAndAnEmptyOneNoKey() throws {
        let keys = MemoryKeyStore()
        _ = try PersonHeldRecord.createWithKeyStore(path: path("r.phr"), recordId: "me", keyStore: keys).closeRecord()
        keys.locked = true
        XCTAssertThrowsError(try PersonHeldRecord.openWithKeyStore(path: path("r.phr"), recordId: "me", keyStore: keys)) { error in
            guard let error = error as? RecordError, case .KeyUnavailable = error else { return XCTFail("\(error)") }
            XCTAssertTrue(error.message().contains("cancelled the biometric prompt"), error.message())
        }
        XCTAssertThrowsError(
            try PersonHeldRecord.openWithKeyStore(path: path("r.phr"), recordId: "someone-else", keyStore: MemoryKeyStore())
        ) { error in
            XCTAssertEqual(error as? RecordError, .NoKey)
        }
    }

    func testAStoredKeyIsNeverReplacedAndAFailedCreationForgetsItsNewKey() throws {
        let keys = MemoryKeyStore()
        _ = try PersonHeldRecord.createWithKeyStore(path: path("a.phr"), recordId: "me", keyStore: keys).closeRecord()
        let first = try XCTUnwrap(keys.stored("me"))
        // A second creation under the same id keeps the stored key (it may open a record).
        _ = try PersonHeldRecord.createWithKeyStore(path: path("b.phr"), recordId: "me", keyStore: keys).closeRecord()
        XCTAssertEqual(keys.stored("me"), first)
        _ = try PersonHeldRecord.open(path: path("a.phr"), key: first).closeRecord()
        // A record that cannot be made (one is there) leaves no new key behind.
        XCTAssertThrowsError(try PersonHeldRecord.createWithKeyStore(path: path("a.phr"), recordId: "other", keyStore: keys)) { error in
            guard case RecordError.AlreadyExists = error else { return XCTFail("\(error)") }
        }
        XCTAssertNil(keys.stored("other"))
    }

    func testAKeyFileWrapsTheKeyWithAPassphrase() throws {
        let key = generateDatabaseKey()
        try createKeyFile(path: path("record.key"), passphrase: "a long enough passphrase", key: key)
        XCTAssertEqual(try unlockKeyFile(path: path("record.key"), passphrase: "a long enough passphrase"), key)
        XCTAssertThrowsError(try unlockKeyFile(path: path("record.key"), passphrase: "not the passphrase")) { error in
            XCTAssertEqual(error as? RecordError, .WrongPassphrase)
        }
        XCTAssertThrowsError(try createKeyFile(path: path("other.key"), passphrase: "short", key: key)) { error in
            XCTAssertEqual(error as? RecordError, .PassphraseTooShort(minChars: 8))
        }
    }
}
