// What an Android shell provides to the core, as the tests provide it: a KeyStore (the
// app keeps keys in the Android Keystore behind biometrics; here, a map), a time source,
// and the Bluetooth callbacks that feed a DeviceSession (here answered by the core's
// simulated meter instead of BluetoothGatt).
package phr.tests

import java.time.Duration
import java.time.Instant
import uniffi.phr_ffi.DeviceSession
import uniffi.phr_ffi.FeedResponse
import uniffi.phr_ffi.KeyException
import uniffi.phr_ffi.KeyStore
import uniffi.phr_ffi.SimulatedDevice
import uniffi.phr_ffi.StackEvent
import uniffi.phr_ffi.TimeSource

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

/** Hands one thing the platform stack reported to the session: one method per callback. */
fun deliver(session: DeviceSession, event: StackEvent): FeedResponse = when (event) {
    is StackEvent.ReadResult -> session.readResult(event.service, event.characteristic, event.value)
    is StackEvent.ReadFailed -> session.readFailed(event.service, event.characteristic, event.reason)
    is StackEvent.Subscribed -> session.subscribed(event.service, event.characteristic)
    is StackEvent.SubscribeFailed ->
        session.subscribeFailed(event.service, event.characteristic, event.reason)
    is StackEvent.WriteAcknowledged -> session.writeAcknowledged(event.service, event.characteristic)
    is StackEvent.WriteFailed -> session.writeFailed(event.service, event.characteristic, event.reason)
    is StackEvent.Value -> session.value(event.service, event.characteristic, event.value)
    is StackEvent.Disconnected -> session.disconnected()
}

/**
 * One connection, as an app's Bluetooth callbacks drive it: perform each command, hand
 * back what the stack reports, hand over notifications as they arrive, and call tick()
 * when the session asked for it. Returns the response that says the transfer is over.
 */
fun syncOneConnection(session: DeviceSession, device: SimulatedDevice): FeedResponse {
    var response = session.connected(device.connect())
    val pending = ArrayDeque(response.commands)
    while (true) {
        val command = pending.removeFirstOrNull()
        if (command != null) {
            response = deliver(session, device.perform(command))
            pending.addAll(response.commands)
            continue
        }
        if (response.finished) return response
        val notification = device.nextNotification()
        response = if (notification != null) {
            deliver(session, notification)
        } else {
            val wait = checkNotNull(response.tickAfterMs) { "the session waits for nothing" }
            Thread.sleep(wait.toLong())
            session.tick()
        }
        pending.addAll(response.commands)
    }
}
