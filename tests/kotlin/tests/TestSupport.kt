// What an Android shell provides to the core, as the tests provide it: a KeyStore (the
// app keeps keys in the Android Keystore behind biometrics; here, a map), a time source,
// the record's changes as a Flow, and the Bluetooth callbacks that feed a DeviceSession
// (here answered by the core's simulated meter instead of BluetoothGatt).
package phr.tests

import java.time.Duration
import java.time.Instant
import java.time.OffsetDateTime
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow
import org.personheldrecord.phr.*

/** Keys in memory; `locked` makes every call fail as a cancelled biometric prompt does. */
class MemoryKeyStore : KeyStore {
    private val keys = HashMap<String, ByteArray>()

    @Volatile
    var locked = false

    /** How many times the core asked for a key. */
    @Volatile
    var loads = 0
        private set

    private fun checkUnlocked() {
        if (locked) throw KeyException.Unavailable("the person cancelled the biometric prompt")
    }

    @Synchronized
    override fun load(recordId: String): ByteArray? {
        checkUnlocked()
        loads++
        return keys[recordId]?.copyOf()
    }

    @Synchronized
    override fun save(recordId: String, key: ByteArray) {
        checkUnlocked()
        keys[recordId] = key.copyOf()
    }

    @Synchronized
    override fun delete(recordId: String) {
        checkUnlocked()
        keys.remove(recordId)
    }

    @Synchronized
    fun stored(recordId: String): ByteArray? = keys[recordId]?.copyOf()
}

/** A clock that starts at `start` and runs at the speed of real time. */
class ClockFrom(private val start: Instant) : TimeSource {
    private val began = System.nanoTime()

    override fun now(): Instant = start.plus(Duration.ofNanos(System.nanoTime() - began))
}

/** Options for a new entry the person typed. */
fun typedIn(visibility: Visibility) = NewEntryOptions(visibility, Provenance.SelfEntered, Author.Person)

/** A reading as the person types it. */
fun typed(kind: ReadingKind, text: String, at: String? = null) = TypedReading(
    kind = kind,
    text = text,
    extras = TypedExtras(),
    takenAt = at?.let { OffsetDateTime.parse(it) },
    context = ReadingContext(),
    visibility = Visibility.PRIVATE,
)

/**
 * The record's changes as a cold Flow, as a screen's view model collects them: the
 * listener is registered when collection starts (`ready` completes then) and
 * cancelled when it ends.
 */
fun PersonHeldRecord.changes(ready: CompletableDeferred<Unit>? = null): Flow<RecordChange> = callbackFlow {
    val handle = observe(
        object : RecordListener {
            override fun onChange(change: RecordChange) {
                trySend(change)
            }
        },
    )
    ready?.complete(Unit)
    awaitClose { handle.cancel() }
}

/**
 * One connection, as an app's Bluetooth callbacks drive it: perform each command, hand
 * back what the stack reports, hand over notifications as they arrive, and tick when
 * the session asked for it. Returns the response that says the transfer is over.
 */
fun syncOneConnection(session: DeviceSession, device: SimulatedDevice): FeedResponse {
    var response = session.connected(device.connect())
    val pending = ArrayDeque(response.commands)
    while (true) {
        val command = pending.removeFirstOrNull()
        if (command != null) {
            response = session.deliver(device.perform(command))
            pending.addAll(response.commands)
            continue
        }
        if (response.finished) return response
        val wait = checkNotNull(response.tickAfterMs) { "the session waits for nothing" }
        val event = device.nextEvent(wait)
        response = if (event != null) session.deliver(event) else session.tick()
        pending.addAll(response.commands)
    }
}
