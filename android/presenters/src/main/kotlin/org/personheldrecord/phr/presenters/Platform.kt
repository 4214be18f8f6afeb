// What the phone provides, as small interfaces. The app module implements them with
// Android's services (BiometricPrompt and the Keystore, BluetoothGatt, WorkManager and
// NotificationManager, Health Connect, SharedPreferences); the presenter tests implement
// them with test doubles. Every decision about the record stays in the core.
package org.personheldrecord.phr.presenters

import java.time.Instant
import java.time.LocalDate
import java.time.ZoneId
import kotlinx.coroutines.flow.Flow
import org.personheldrecord.phr.AlertSeverity
import org.personheldrecord.phr.BluetoothLink
import org.personheldrecord.phr.KeyStore
import org.personheldrecord.phr.ReadingContext
import org.personheldrecord.phr.ReadingKind
import org.personheldrecord.phr.ReadingValue
import org.personheldrecord.phr.TimeSource
import java.time.OffsetDateTime

/** The phone's clock and time zone; also the record's clock (`setTimeSource`). */
interface AppClock : TimeSource {
    /** The phone's time zone now. */
    fun zone(): ZoneId

    /** Today's date where the person is. */
    fun today(): LocalDate = LocalDate.ofInstant(now(), zone())
}

/** Why a record's key is wanted: to keep a new one, or to read the stored one. */
enum class KeyPurpose {
    /** To keep a new record's key. */
    CREATE,

    /** To read the stored key. */
    OPEN,
}

/** What came of asking the person to confirm it is them. */
sealed interface Authorisation {
    /** Confirmed: the vault's key store can be used for this purpose now. */
    data object Granted : Authorisation

    /** The person closed the prompt. */
    data object Cancelled : Authorisation

    /** The fingerprint or face was not recognised (the prompt gave up). */
    data object NotRecognised : Authorisation

    /** Too many tries: biometrics are locked for a while. */
    data object LockedOut : Authorisation

    /** A new fingerprint or face was added, so the key that opened the record is gone. */
    data object KeyInvalidated : Authorisation

    /** The phone has no screen lock, fingerprint or face set up. */
    data object NotSetUp : Authorisation

    /** The phone could not ask, for a reason of its own (in words). */
    data class Unavailable(val reason: String) : Authorisation
}

/**
 * The record's key behind biometrics: Android Keystore with BiometricPrompt, or the iOS
 * Keychain with LAContext. `authorise` shows the prompt; after `Granted`, `keyStore`
 * (the binding's foreign trait, called by the core) can keep or give the key.
 */
interface KeyVault {
    /** Asks the person to confirm it is them, for `purpose` on `recordId`'s key. */
    suspend fun authorise(recordId: String, purpose: KeyPurpose): Authorisation

    /** The key store the core calls, once authorised. */
    val keyStore: KeyStore
}

/** Where this phone keeps its record, and the recovery copy of its key. */
interface RecordFiles {
    /** The record's file. */
    val recordPath: String

    /** The record's id in the key vault. */
    val recordId: String

    /** The passphrase-wrapped recovery copy of the key. */
    val recoveryKeyPath: String

    /** Whether anything of a record is at `recordPath`. */
    fun recordExists(): Boolean

    /** Whether the recovery copy of the key exists. */
    fun recoveryKeyExists(): Boolean

    /** Removes the recovery copy (after a creation that did not finish). */
    fun removeRecoveryKey()
}

/** Whether the phone can use Bluetooth for a sync now. */
enum class BluetoothAvailability {
    /** Ready. */
    ON,

    /** Switched off. */
    OFF,

    /** The person has not allowed the app to use it. */
    NEEDS_PERMISSION,

    /** The phone has none. */
    MISSING,
}

/** A device seen while scanning. */
data class Advertisement(
    /** The stack's id for it (an address on Android, a UUID on iOS). */
    val peripheralId: String,
    /** Its advertised name, when it gives one. */
    val name: String?,
    /** The service UUIDs it advertises. */
    val services: List<String>,
)

/** The phone's Bluetooth: BluetoothGatt on Android, CoreBluetooth on iOS. */
interface BluetoothStack {
    /** Whether Bluetooth can be used now. */
    fun availability(): BluetoothAvailability

    /** Devices as they are seen, until the collector stops. */
    fun scan(): Flow<Advertisement>

    /** A blocking link to one device, which the core drives through a whole sync. */
    fun link(peripheralId: String): BluetoothLink
}

/** A notification for the phone to show. */
data class PhoneNotification(
    /** The core's notification id (tapping it opens the alert). */
    val id: Long,
    /** Its title. */
    val title: String,
    /** What to do, from the core's advice. */
    val text: String,
    /** How much it matters: picks the channel (Android) or interruption level (iOS). */
    val severity: AlertSeverity,
)

/** The phone's notifications and wake-ups (NotificationManager and WorkManager, or UNUserNotificationCenter). */
interface NotificationScheduler {
    /** Shows these now. */
    fun show(notifications: List<PhoneNotification>)

    /** Checks the record again at `time`; `null` cancels the wake-up (nothing is due). */
    fun wakeAt(time: Instant?)
}

/** Small settings the app keeps outside the record (switches, sync tokens). */
interface PreferenceStore {
    /** The value under `key`, or null. */
    fun get(key: String): String?

    /** Sets `key` to `value`; null removes it. */
    fun put(key: String, value: String?)
}

/** Whether the phone's health store can be used. */
enum class HealthStoreAvailability {
    /** Ready. */
    AVAILABLE,

    /** It must be installed or updated first. */
    NEEDS_INSTALL,

    /** This phone cannot have it. */
    UNSUPPORTED,
}

/** A reading as the record gives it to the phone's health store. */
data class OutgoingHealthRecord(
    /** The record's id for it, which the store keeps as its client record id. */
    val clientRecordId: String,
    /** The reading's version: the store keeps the highest. */
    val clientRecordVersion: Long,
    /** The value, in the core's units. */
    val value: ReadingValue,
    /** When it was taken. */
    val takenAt: OffsetDateTime,
    /** When it ended (steps, sleep, exercise). */
    val endedAt: OffsetDateTime?,
    /** How it was taken. */
    val context: ReadingContext,
)

/** A reading another app wrote to the phone's health store. */
data class IncomingHealthRecord(
    /** The store's id of the record. */
    val id: String,
    /** Its version in the store (Health Connect's version, HealthKit's sync version). */
    val version: Long,
    /** The app or device that wrote it, in its own name. */
    val origin: String,
    /** Whether this app wrote it (then it is not read back in). */
    val writtenByThisApp: Boolean,
    /** The value, in the core's units. */
    val value: ReadingValue,
    /** When it was taken. */
    val takenAt: OffsetDateTime,
    /** When it ended. */
    val endedAt: OffsetDateTime?,
    /** How it was taken. */
    val context: ReadingContext,
)

/** What changed in the health store since a token. */
data class HealthStoreChanges(
    /** Records added or changed. */
    val upserted: List<IncomingHealthRecord>,
    /** The token to ask with next time. */
    val nextToken: String,
    /** Whether more changes wait behind this page. */
    val hasMore: Boolean,
)

/** Health Connect or HealthKit, reduced to what the bridge needs. */
interface HealthStore {
    /** Its name, as the person knows it ("Health Connect", "Apple Health"). */
    val name: String

    /** The kinds of reading it holds. */
    val kinds: Set<ReadingKind>

    /** Whether it can be used on this phone. */
    fun availability(): HealthStoreAvailability

    /** Asks the person to let the app read and write these kinds; true when allowed. */
    suspend fun requestPermission(kinds: Set<ReadingKind>): Boolean

    /** Writes (or updates) records; one with a known client record id and no higher version changes nothing. */
    suspend fun write(records: List<OutgoingHealthRecord>)

    /** Removes records this app wrote, by client record id (a reading deleted, or no longer shared). */
    suspend fun delete(clientRecordIds: List<String>)

    /** Changes after `token` (a changes token or an anchor); null, or a token the store no longer knows: everything it holds, and a new token. */
    suspend fun changesSince(token: String?, kinds: Set<ReadingKind>): HealthStoreChanges
}
