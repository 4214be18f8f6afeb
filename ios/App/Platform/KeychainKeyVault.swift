// The record's key in the iOS Keychain behind Face ID / Touch ID, with the passcode
// as fallback: the core's KeyStore foreign protocol (PhrCore) and the presenters'
// KeyVault. Written from Apple's documentation (Security: SecItemAdd /
// SecItemCopyMatching / SecAccessControlCreateWithFlags; LocalAuthentication:
// LAContext.evaluatePolicy, evaluatedPolicyDomainState). Not compiled on the project's
// CI: there is no iOS SDK there (see ios/README.md).
//
// How it keeps the key:
// - A generic-password item, kSecAttrAccessibleWhenUnlockedThisDeviceOnly (never in
//   backups, never on another phone), with the access control
//   [.biometryCurrentSet, .or, .devicePasscode]: the current set of faces or
//   fingerprints, or the passcode when Face ID fails or is locked out.
// - With `.or .devicePasscode`, the Keychain keeps the item usable by passcode after a
//   new enrolment, so the vault keeps the biometric domain state it was saved under
//   (LAContext.evaluatedPolicyDomainState) beside it and treats a change as the key
//   being invalidated: it deletes the item and says `.keyInvalidated`, and the person
//   opens the record with their recovery passphrase (UnlockPresenter.recover).
// - `authorise` shows one LAContext prompt; the Keychain reads with that context
//   (kSecUseAuthenticationContext, interaction not allowed), so there is no second prompt.
#if canImport(LocalAuthentication) && canImport(Security)
import Foundation
import LocalAuthentication
import PhrCore
import PhrPresenters
import Security

/// The Keychain behind Face ID / Touch ID and the passcode.
final class KeychainKeyVault: KeyVault, KeyStore, @unchecked Sendable {
    private let service = "org.personheldrecord.phr.database-key"
    private let domainStateService = "org.personheldrecord.phr.biometry-domain-state"
    private let lock = NSLock()
    private var context: LAContext?

    var keyStore: KeyStore { self }

    // MARK: KeyVault

    func authorise(recordId: String, purpose: KeyPurpose) async -> Authorisation {
        let context = LAContext()
        context.localizedFallbackTitle = "Use passcode"
        var problem: NSError?
        guard context.canEvaluatePolicy(.deviceOwnerAuthentication, error: &problem) else {
            return Self.authorisation(for: problem)
        }
        // A new face or fingerprint since the key was kept: the key no longer opens the record.
        if purpose == .open, let saved = readDomainState(recordId), context.canEvaluatePolicy(.deviceOwnerAuthenticationWithBiometrics, error: nil),
           let current = context.evaluatedPolicyDomainState, current != saved {
            deleteItems(recordId)
            return .keyInvalidated
        }
        let reason = purpose == .create ? "Lock your new health record with Face ID, Touch ID or your passcode"
            : "Unlock your health record"
        do {
            guard try await context.evaluatePolicy(.deviceOwnerAuthentication, localizedReason: reason) else { return .notRecognised }
        } catch {
            return Self.authorisation(for: error as NSError)
        }
        // The Keychain must not prompt again: it uses this context.
        context.interactionNotAllowed = true
        lock.withLock { self.context = context }
        return .granted
    }

    private static func authorisation(for error: NSError?) -> Authorisation {
        guard let error, error.domain == LAError.errorDomain, let code = LAError.Code(rawValue: error.code) else {
            return .unavailable(error?.localizedDescription ?? "no reason was given")
        }
        switch code {
        case .userCancel, .appCancel, .systemCancel, .userFallback: return .cancelled
        case .authenticationFailed: return .notRecognised
        case .biometryLockout: return .lockedOut
        case .passcodeNotSet: return .notSetUp
        default: return .unavailable(error.localizedDescription)
        }
    }

    // MARK: KeyStore (called by the core on its own thread)

    func load(recordId: String) throws -> Data? {
        var query = baseQuery(service, recordId)
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        if let context = lock.withLock({ context }) { query[kSecUseAuthenticationContext as String] = context }
        var result: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &result)
        switch status {
        case errSecSuccess:
            guard let data = result as? Data else { throw KeyError.Failed(reason: "the Keychain gave something that is not a key") }
            return data
        case errSecItemNotFound:
            return nil
        case errSecUserCanceled, errSecAuthFailed, errSecInteractionNotAllowed:
            throw KeyError.Unavailable(reason: "unlocking was cancelled or not confirmed")
        default:
            throw KeyError.Failed(reason: Self.describe(status))
        }
    }

    func save(recordId: String, key: Data) throws {
        var problem: Unmanaged<CFError>?
        guard let access = SecAccessControlCreateWithFlags(
            nil, kSecAttrAccessibleWhenUnlockedThisDeviceOnly, [.biometryCurrentSet, .or, .devicePasscode], &problem) else {
            throw KeyError.Failed(reason: problem?.takeRetainedValue().localizedDescription ?? "the access control could not be made")
        }
        var item = baseQuery(service, recordId)
        item[kSecValueData as String] = key
        item[kSecAttrAccessControl as String] = access
        if let context = lock.withLock({ context }) { item[kSecUseAuthenticationContext as String] = context }
        let status = SecItemAdd(item as CFDictionary, nil)
        guard status == errSecSuccess else { throw KeyError.Failed(reason: Self.describe(status)) }
        // The faces or fingerprints the key was kept under.
        let context = LAContext()
        if context.canEvaluatePolicy(.deviceOwnerAuthenticationWithBiometrics, error: nil), let state = context.evaluatedPolicyDomainState {
            var stateItem = baseQuery(domainStateService, recordId)
            SecItemDelete(stateItem as CFDictionary)
            stateItem[kSecValueData as String] = state
            stateItem[kSecAttrAccessible as String] = kSecAttrAccessibleWhenUnlockedThisDeviceOnly
            SecItemAdd(stateItem as CFDictionary, nil)
        }
    }

    func delete(recordId: String) throws {
        deleteItems(recordId)
    }

    // MARK: Keychain items

    private func baseQuery(_ service: String, _ recordId: String) -> [String: Any] {
        [kSecClass as String: kSecClassGenericPassword, kSecAttrService as String: service, kSecAttrAccount as String: recordId]
    }

    private func readDomainState(_ recordId: String) -> Data? {
        var query = baseQuery(domainStateService, recordId)
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        var result: CFTypeRef?
        guard SecItemCopyMatching(query as CFDictionary, &result) == errSecSuccess else { return nil }
        return result as? Data
    }

    private func deleteItems(_ recordId: String) {
        SecItemDelete(baseQuery(service, recordId) as CFDictionary)
        SecItemDelete(baseQuery(domainStateService, recordId) as CFDictionary)
    }

    private static func describe(_ status: OSStatus) -> String {
        (SecCopyErrorMessageString(status, nil) as String?) ?? "Keychain error \(status)"
    }
}
#endif
