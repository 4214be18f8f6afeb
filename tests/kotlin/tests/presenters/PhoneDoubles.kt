// Test doubles of the phone's services the presenters use: a key vault whose prompt
// answers as scripted (granted, cancelled, not recognised, key invalidated), a clock,
// files in a temporary folder, Bluetooth whose only device is the core's simulated
// meter behind a BluetoothLink (as BluetoothGatt callbacks would feed it), a
// notification scheduler that records, preferences in a map, and a health store with
// Health Connect's upsert-by-client-id and changes-token behaviour.
package phr.tests.presenters

import java.io.File
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import org.personheldrecord.phr.*
import org.personheldrecord.phr.presenters.*
import phr.tests.MemoryKeyStore

/** A vault whose prompt gives the scripted outcomes in turn, then `Granted`. */
class ScriptedVault : KeyVault {
    /** The keys it keeps. */
    val keys = MemoryKeyStore()
    private val script = ArrayDeque<Authorisation>()

    /** Purposes the prompt was shown for. */
    val prompts = mutableListOf<KeyPurpose>()

    /** The next prompts answer with these. */
    fun next(vararg outcomes: Authorisation) {
        synchronized(script) { script.addAll(outcomes) }
    }

    override suspend fun authorise(recordId: String, purpose: KeyPurpose): Authorisation {
        prompts += purpose
        val outcome = synchronized(script) { script.removeFirstOrNull() } ?: Authorisation.Granted
        // A new enrolment invalidates the Keystore key: the wrapped database key is gone.
        if (outcome == Authorisation.KeyInvalidated) keys.delete(recordId)
        return outcome
    }

    override val keyStore: KeyStore get() = keys
}

/**
 * A clock in UTC that starts at `start` and runs at the real rate (a device sync's
 * timeouts are the record's clock: a stopped clock would never let them pass); setting
 * `instant` moves it to a new time, from which it runs on.
 */
class TestClock(start: Instant) : AppClock {
    private class Mark(val at: Instant, val nanos: Long)

    @Volatile
    private var mark = Mark(start, System.nanoTime())

    /** The time now; set it to jump there. */
    var instant: Instant
        get() = now()
        set(value) {
            mark = Mark(value, System.nanoTime())
        }

    override fun now(): Instant {
        val m = mark
        return m.at.plusNanos(System.nanoTime() - m.nanos)
    }

    override fun zone(): ZoneId = ZoneOffset.UTC
}

/** The record's files in a folder. */
class FolderFiles(private val folder: File) : RecordFiles {
    override val recordPath: String get() = File(folder, "record.phr").path
    override val recordId = "me"
    override val recoveryKeyPath: String get() = File(folder, "record.recovery-key").path

    override fun recordExists() = File(recordPath).exists()

    override fun recoveryKeyExists() = File(recoveryKeyPath).exists()

    override fun removeRecoveryKey() {
        File(recoveryKeyPath).delete()
    }
}

/** The core's simulated device behind the binding's BluetoothLink, as a platform stack would be. */
class SimulatedLink(
    private val device: SimulatedDevice,
    /** Called before each GATT command, to slow a sync down. */
    private val beforeCommand: () -> Unit = {},
) : BluetoothLink {
    /** How many GATT commands were performed. */
    val commands = AtomicInteger()

    /** How many times the link connected. */
    val connections = AtomicInteger()

    override fun connect(): List<GattCharacteristic> {
        connections.incrementAndGet()
        return device.connect()
    }

    override fun perform(command: FeedCommand): StackEvent {
        commands.incrementAndGet()
        beforeCommand()
        return device.perform(command)
    }

    override fun nextEvent(waitMs: ULong): StackEvent? {
        beforeCommand()
        return device.nextEvent(waitMs)
    }
}

/** Bluetooth with one simulated device advertising. */
class SimulatedBluetooth(
    private val makeDevice: () -> SimulatedDevice,
    private val beforeCommand: () -> Unit = {},
) : BluetoothStack {
    @Volatile
    var availability = BluetoothAvailability.ON
    private var device: SimulatedDevice = makeDevice()

    override fun availability() = availability

    override fun scan(): Flow<Advertisement> = flow {
        val service = if (device.kind() == DeviceKind.GLUCOSE_METER) "1808" else "1810"
        emit(Advertisement(device.peripheralId(), device.advertisedName(), listOf(service)))
        kotlinx.coroutines.awaitCancellation()
    }

    /** The last link handed out. */
    @Volatile
    var lastLink: SimulatedLink? = null

    override fun link(peripheralId: String): BluetoothLink {
        val link = SimulatedLink(device, beforeCommand)
        lastLink = link
        // A simulated device syncs once; the next scan finds a fresh one.
        device = makeDevice()
        return link
    }
}

/** Records what the presenters asked the phone to show and when to wake. */
class RecordingScheduler : NotificationScheduler {
    val shown = mutableListOf<PhoneNotification>()
    val wakeUps = mutableListOf<Instant?>()

    @Synchronized
    override fun show(notifications: List<PhoneNotification>) {
        shown += notifications
    }

    @Synchronized
    override fun wakeAt(time: Instant?) {
        wakeUps += time
    }
}

/** Preferences in a map. */
class MapPreferences : PreferenceStore {
    private val map = HashMap<String, String>()

    @Synchronized
    override fun get(key: String) = map[key]

    @Synchronized
    override fun put(key: String, value: String?) {
        if (value == null) map.remove(key) else map[key] = value
    }
}

/** A health store that behaves as Health Connect does for the bridge. */
class FakeHealthStore : HealthStore {
    /** One stored record: what was written, by whom. */
    data class Stored(val id: String, val clientId: String?, val version: Long, val origin: String, val value: ReadingValue, val takenAt: java.time.OffsetDateTime)

    private val records = LinkedHashMap<String, Stored>()
    private val log = mutableListOf<String>() // ids in the order they changed
    var allowed = true
    override val name = "Health Connect"
    override val kinds = setOf(ReadingKind.BLOOD_GLUCOSE, ReadingKind.BLOOD_PRESSURE, ReadingKind.HEART_RATE, ReadingKind.WEIGHT, ReadingKind.STEPS)

    /** Every record it holds. */
    @Synchronized
    fun all(): List<Stored> = records.values.toList()

    override fun availability() = HealthStoreAvailability.AVAILABLE

    override suspend fun requestPermission(kinds: Set<ReadingKind>) = allowed

    override suspend fun write(records: List<OutgoingHealthRecord>) = synchronized(this) {
        for (r in records) {
            val existing = this.records.values.firstOrNull { it.clientId == r.clientRecordId && it.origin == "this app" }
            // Health Connect keeps the record with the highest client record version.
            if (existing != null && existing.version >= r.clientRecordVersion) continue
            val id = existing?.id ?: "hc-${this.records.size + 1}"
            this.records[id] = Stored(id, r.clientRecordId, r.clientRecordVersion, "this app", r.value, r.takenAt)
            log += id
        }
    }

    override suspend fun delete(clientRecordIds: List<String>) = synchronized(this) {
        records.values.removeAll { it.origin == "this app" && it.clientId in clientRecordIds }
        Unit
    }

    /** Another app writes a record. */
    @Synchronized
    fun writtenByAnotherApp(value: ReadingValue, takenAt: java.time.OffsetDateTime, version: Long = 1): String {
        val id = "hc-${records.size + 1}"
        records[id] = Stored(id, null, version, "Fit Tracker", value, takenAt)
        log += id
        return id
    }

    override suspend fun changesSince(token: String?, kinds: Set<ReadingKind>): HealthStoreChanges = synchronized(this) {
        val from = token?.toIntOrNull() ?: 0
        val changed = log.drop(from).distinct().mapNotNull { records[it] }
        HealthStoreChanges(
            changed.map { IncomingHealthRecord(it.id, it.version, it.origin, it.origin == "this app", it.value, it.takenAt, null, ReadingContext()) },
            log.size.toString(),
            false,
        )
    }
}
