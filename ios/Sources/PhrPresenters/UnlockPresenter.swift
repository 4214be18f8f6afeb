// The unlock screen. The first run creates the record, with its key kept by the key
// vault behind Face ID / Touch ID and a recovery copy wrapped with a passphrase the
// person chooses; later runs unlock it. A cancelled prompt, a face or fingerprint not
// recognised, and a key invalidated by a new enrolment are each said plainly; after an
// invalidation the recovery passphrase opens the record and the key is kept again.
import Foundation
import PhrCore

/// What the unlock screen shows.
public enum UnlockState: Spoken {
    /// Looking for the record.
    case checking
    /// No record yet: the first run; `problem` says why the last try did not work.
    case welcome(problem: String?)
    /// A record is here, locked; `note` says why, when there is a reason.
    case locked(note: String?)
    /// Creating or unlocking: what is happening, in words.
    case working(String)
    /// The key was invalidated: the recovery passphrase opens the record.
    case needsRecovery(problem: String?, canRecover: Bool)
    /// Open, with a warning to show once.
    case unlocked(RecordSession, warning: String?)

    /// What VoiceOver says for the screen.
    public var spokenLabel: String {
        switch self {
        case .checking:
            return "Looking for your record."
        case let .welcome(problem):
            return joined([
                "Welcome. Your health record is kept on this phone and locked with Face ID, Touch ID or your passcode.",
                "Choose a recovery passphrase you will remember: you need it if the faces or fingerprints on this phone change.",
                problem,
            ])
        case let .locked(note):
            return joined(["Your record is locked.", note])
        case let .working(what):
            return what
        case let .needsRecovery(problem, canRecover):
            return joined([
                "A face or fingerprint was added to or removed from this phone, so for your safety the old unlock no longer opens your record. Your record is safe.",
                canRecover ? "Type your recovery passphrase to open it." : "This phone has no recovery passphrase for it: restore it from a backup.",
                problem,
            ])
        case let .unlocked(_, warning):
            return joined(["Your record is open.", warning])
        }
    }

    /// The controls in this state.
    public var controls: [Control] {
        switch self {
        case .checking, .working: return []
        case .welcome: return [Control("recovery-passphrase", "Recovery passphrase"), Control("create", "Create my record")]
        case .locked: return [Control("unlock", "Unlock my record")]
        case let .needsRecovery(_, canRecover):
            return canRecover ? [Control("recovery-passphrase", "Recovery passphrase"), Control("recover", "Open with my passphrase")] : []
        case .unlocked: return [Control("lock", "Lock my record")]
        }
    }

    /// The open record's session, when unlocked.
    public var session: RecordSession? {
        if case let .unlocked(session, _) = self { return session }
        return nil
    }
}

/// The unlock screen's presenter; `clock` becomes the clock of each record it opens.
public final class UnlockPresenter: StateHolder<UnlockState>, @unchecked Sendable {
    private let files: RecordFiles
    private let vault: KeyVault
    private let clock: AppClock

    /// The unlock screen for the record in `files`, its key in `vault`.
    public init(files: RecordFiles, vault: KeyVault, clock: AppClock) {
        self.files = files
        self.vault = vault
        self.clock = clock
        super.init(.checking)
    }

    /// Looks for the record: the first run welcomes, later runs show it locked.
    public func start() async {
        let files = self.files
        let exists = (try? await offThread { files.recordExists() }) ?? false
        show(exists ? .locked(note: nil) : .welcome(problem: nil))
    }

    /// First run: makes the record, its key in the vault and a recovery copy under `passphrase`.
    public func create(passphrase: String) async {
        show(.working("Creating your record"))
        if let refused = explain(await vault.authorise(recordId: files.recordId, purpose: .create)) {
            show(.welcome(problem: refused))
            return
        }
        let files = self.files
        let keys = RecoveringKeyStore(vault: vault.keyStore, files: files, passphrase: passphrase)
        do {
            let record = try await offThread { () throws -> PersonHeldRecord in
                // A recovery copy without a record is left by a creation that did not finish.
                if !files.recordExists() && files.recoveryKeyExists() { files.removeRecoveryKey() }
                return try PersonHeldRecord.createWithKeyStore(path: files.recordPath, recordId: files.recordId, keyStore: keys)
            }
            show(.unlocked(try RecordSession(record: record, clock: clock), warning: nil))
        } catch {
            show(.welcome(problem: keys.recoveryProblem.map { sentence(for: $0) } ?? sentence(for: error)))
        }
    }

    /// Later runs: asks for Face ID, Touch ID or the passcode, then opens the record.
    public func unlock() async {
        show(.working("Unlocking your record"))
        let outcome = await vault.authorise(recordId: files.recordId, purpose: .open)
        let files = self.files
        if outcome == .keyInvalidated {
            show(.needsRecovery(problem: nil, canRecover: files.recoveryKeyExists()))
            return
        }
        if let refused = explain(outcome) {
            show(.locked(note: refused))
            return
        }
        let keys = vault.keyStore
        do {
            let record = try await offThread {
                try PersonHeldRecord.openWithKeyStore(path: files.recordPath, recordId: files.recordId, keyStore: keys)
            }
            show(.unlocked(try RecordSession(record: record, clock: clock), warning: nil))
        } catch RecordError.NoKey {
            show(.needsRecovery(problem: nil, canRecover: files.recoveryKeyExists()))
        } catch {
            show(.locked(note: sentence(for: error)))
        }
    }

    /// After an invalidated key: opens the record with the recovery passphrase and keeps
    /// its key behind the phone's new faces or fingerprints.
    public func recover(passphrase: String) async {
        show(.working("Opening your record with your passphrase"))
        let files = self.files
        let opened: (PersonHeldRecord, Data)
        do {
            opened = try await offThread {
                let key = try unlockKeyFile(path: files.recoveryKeyPath, passphrase: passphrase)
                return (try PersonHeldRecord.open(path: files.recordPath, key: key), key)
            }
        } catch {
            show(.needsRecovery(problem: sentence(for: error), canRecover: files.recoveryKeyExists()))
            return
        }
        let (record, key) = opened
        var note: String?
        if let refused = explain(await vault.authorise(recordId: files.recordId, purpose: .create)) {
            note = "\(refused) You will need your passphrase next time."
        } else {
            let keys = vault.keyStore
            do {
                try await offThread { try keys.save(recordId: files.recordId, key: key) }
            } catch {
                note = "Unlocking with Face ID or Touch ID could not be set up again: you will need your passphrase next time."
            }
        }
        do {
            show(.unlocked(try RecordSession(record: record, clock: clock), warning: note))
        } catch {
            show(.locked(note: sentence(for: error)))
        }
    }

    /// Locks the record: closes it, and the screens stop.
    public func lock() async {
        guard let session = state.session else { return }
        do {
            let saved = try await session.close()
            show(.locked(note: saved.warning.map { saveWarningMessage(warning: $0) }))
        } catch {
            show(.locked(note: sentence(for: error)))
        }
    }

    /// The sentence for an authorisation that did not go through; nil when granted.
    private func explain(_ outcome: Authorisation) -> String? {
        switch outcome {
        case .granted: return nil
        case .cancelled: return "Unlocking was cancelled. Your record stays locked until you try again."
        case .notRecognised: return "Your face or fingerprint was not recognised. Try again, or use your passcode."
        case .lockedOut: return "There were too many tries. Use your passcode, or wait a little and try again."
        case .keyInvalidated: return "A face or fingerprint was added to or removed from this phone, so the old unlock no longer works."
        case .notSetUp: return "This phone has no passcode. Set up a passcode, Face ID or Touch ID in Settings first: your record is locked with it."
        case let .unavailable(reason): return "The phone could not check it is you: \(reason)."
        }
    }
}
