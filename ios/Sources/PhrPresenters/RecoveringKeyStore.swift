// The key store a new record is created with: the vault behind biometrics, plus a
// recovery copy of the key wrapped with the person's passphrase by the core
// (`createKeyFile`: Argon2id and AES-256-GCM), so a new face or fingerprint, which
// invalidates the Keychain item, never locks the person out of their own record.
import Foundation
import PhrCore

/// `vault` with a recovery copy: the copy is written first, so a passphrase the core
/// refuses (too short) stops the creation before the vault keeps anything;
/// `recoveryProblem` then holds the core's error, whose sentence the screen shows.
final class RecoveringKeyStore: KeyStore, @unchecked Sendable {
    private let vault: KeyStore
    private let files: RecordFiles
    private let passphrase: String
    private let lock = NSLock()
    private var problem: RecordError?

    init(vault: KeyStore, files: RecordFiles, passphrase: String) {
        self.vault = vault
        self.files = files
        self.passphrase = passphrase
    }

    /// Why the recovery copy could not be made, when it could not.
    var recoveryProblem: RecordError? { lock.withLock { problem } }

    /// A key the vault kept from a creation that did not finish is used again (the
    /// core's rule): it gets its recovery copy now.
    func load(recordId: String) throws -> Data? {
        guard let key = try vault.load(recordId: recordId) else { return nil }
        if !files.recoveryKeyExists() { try writeRecoveryCopy(key) }
        return key
    }

    func save(recordId: String, key: Data) throws {
        try writeRecoveryCopy(key)
        do {
            try vault.save(recordId: recordId, key: key)
        } catch {
            files.removeRecoveryKey()
            throw error
        }
    }

    func delete(recordId: String) throws {
        files.removeRecoveryKey()
        try vault.delete(recordId: recordId)
    }

    private func writeRecoveryCopy(_ key: Data) throws {
        do {
            try createKeyFile(path: files.recoveryKeyPath, passphrase: passphrase, key: key)
        } catch let error as RecordError {
            lock.withLock { problem = error }
            throw KeyError.Failed(reason: sentence(for: error))
        }
    }
}
