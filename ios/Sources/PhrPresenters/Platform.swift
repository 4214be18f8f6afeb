// What the phone provides, as small protocols. The app (ios/App/) implements them with
// Apple's services (the Keychain behind LAContext, CoreBluetooth,
// UNUserNotificationCenter, HealthKit, UserDefaults); the presenter tests implement
// them with test doubles. Every decision about the record stays in the core.
import Foundation
import PhrCore

/// The phone's clock and time zone; also the record's clock (`setTimeSource`).
public protocol AppClock: TimeSource {
    /// The phone's time zone now.
    func zone() -> TimeZone
}

extension AppClock {
    /// Today's date where the person is.
    public func today() -> DateComponents { Times.day(of: now(), in: zone()) }
}

/// The phone's own clock.
public final class SystemClock: AppClock, @unchecked Sendable {
    /// The phone's clock.
    public init() {}

    /// Now.
    public func now() -> Date { Date() }

    /// The phone's current time zone.
    public func zone() -> TimeZone { TimeZone.current }
}

/// Why a record's key is wanted: to keep a new one, or to read the stored one.
public enum KeyPurpose: Sendable, Equatable {
    /// A new record's key is to be kept.
    case create
    /// The stored key is to be read.
    case open
}

/// What came of asking the person to confirm it is them.
public enum Authorisation: Sendable, Equatable {
    /// Confirmed: the vault's key store can be used for this purpose now.
    case granted
    /// The person closed the prompt.
    case cancelled
    /// The face or fingerprint was not recognised (the prompt gave up).
    case notRecognised
    /// Too many tries: Face ID or Touch ID is locked for a while.
    case lockedOut
    /// A face or fingerprint was added or removed, so the key that opened the record is gone.
    case keyInvalidated
    /// The phone has no passcode, Face ID or Touch ID set up.
    case notSetUp
    /// The phone could not ask, for a reason of its own (in words).
    case unavailable(String)
}

/// The record's key behind biometrics: the iOS Keychain with LAContext (or, on
/// Android, the Keystore with BiometricPrompt). `authorise` shows the prompt; after
/// `.granted`, `keyStore` (the binding's foreign protocol, called by the core) can
/// keep or give the key.
public protocol KeyVault: Sendable {
    /// Asks the person to confirm it is them, for `purpose` on `recordId`'s key.
    func authorise(recordId: String, purpose: KeyPurpose) async -> Authorisation
    /// The key store the core calls, once authorised.
    var keyStore: KeyStore { get }
}

/// Where this phone keeps its record, and the recovery copy of its key.
public protocol RecordFiles: Sendable {
    /// The record's file.
    var recordPath: String { get }
    /// The record's id in the key vault.
    var recordId: String { get }
    /// The passphrase-wrapped recovery copy of the key.
    var recoveryKeyPath: String { get }
    /// Whether anything of a record is at `recordPath`.
    func recordExists() -> Bool
    /// Whether the recovery copy of the key exists.
    func recoveryKeyExists() -> Bool
    /// Removes the recovery copy (after a creation that did not finish).
    func removeRecoveryKey()
}

/// The record's files in a folder (the app's Application Support folder, or a test's).
public struct FolderFiles: RecordFiles {
    private let folder: URL

    /// The record's files in `folder`.
    public init(folder: URL) {
        self.folder = folder
    }

    /// `record.phr` in the folder.
    public var recordPath: String { folder.appendingPathComponent("record.phr").path }
    /// The record's id in the vault.
    public var recordId: String { "me" }
    /// `record.recovery-key` in the folder.
    public var recoveryKeyPath: String { folder.appendingPathComponent("record.recovery-key").path }

    /// Whether the record's file, or what a creation left of it, is there.
    public func recordExists() -> Bool {
        let files = FileManager.default
        return files.fileExists(atPath: recordPath) || files.fileExists(atPath: recordPath + "-wal")
    }

    /// Whether the recovery copy is there.
    public func recoveryKeyExists() -> Bool { FileManager.default.fileExists(atPath: recoveryKeyPath) }

    /// Removes the recovery copy.
    public func removeRecoveryKey() { try? FileManager.default.removeItem(atPath: recoveryKeyPath) }
}

/// Whether the phone can use Bluetooth for a sync now.
public enum BluetoothAvailability: Sendable, Equatable {
    /// On and allowed.
    case on
    /// Switched off.
    case off
    /// The person has not allowed the app to use Bluetooth.
    case needsPermission
    /// The phone has no Bluetooth the app can use.
    case missing
}

/// A device seen while scanning.
public struct Advertisement: Sendable, Equatable {
    /// The stack's id for it (a CBPeripheral's UUID on iOS).
    public let peripheralId: String
    /// Its advertised name, when it gives one.
    public let name: String?
    /// The service UUIDs it advertises.
    public let services: [String]

    /// A device seen while scanning.
    public init(peripheralId: String, name: String?, services: [String]) {
        self.peripheralId = peripheralId
        self.name = name
        self.services = services
    }
}

/// The phone's Bluetooth: CoreBluetooth on iOS.
public protocol BluetoothStack: Sendable {
    /// Whether Bluetooth can be used now.
    func availability() -> BluetoothAvailability
    /// Devices as they are seen, until the stream is no longer awaited.
    func scan() -> AsyncStream<Advertisement>
    /// A blocking link to one device, which the core drives through a whole sync.
    func link(peripheralId: String) -> BluetoothLink
}

/// A notification for the phone to show.
public struct PhoneNotification: Sendable, Equatable {
    /// The core's notification id (tapping it opens the alert).
    public let id: Int64
    /// Its title.
    public let title: String
    /// What to do, from the core's advice.
    public let text: String
    /// How much it matters: picks the interruption level.
    public let severity: AlertSeverity
}

/// The phone's notifications and wake-ups (UNUserNotificationCenter and background refresh).
public protocol NotificationScheduler: Sendable {
    /// Shows these now.
    func show(_ notifications: [PhoneNotification])
    /// Checks the record again at `time`; nil cancels the wake-up (nothing is due).
    func wake(at time: Date?)
}

/// Small settings the app keeps outside the record (switches, sync anchors).
public protocol PreferenceStore: Sendable {
    /// The value under `key`, or nil.
    func get(_ key: String) -> String?
    /// Sets `key` to `value`; nil removes it.
    func put(_ key: String, _ value: String?)
}
