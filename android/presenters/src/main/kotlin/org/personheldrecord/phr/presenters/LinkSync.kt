// One device sync driven a step at a time: the core's DeviceSession says which GATT
// command to perform next, the phone's link performs it (BluetoothGatt callbacks on
// Android, CoreBluetooth on iOS) and hands back the raw characteristic values, and the
// session decides what they mean and what comes next. Nothing is decided here.
//
// Why not the binding's `syncDevice`: when its coroutine is cancelled it writes the
// meter's "abort" command and stops at once, so a glucose meter's transfer never
// reaches its end and the readings that had arrived are not stored. Here "stop" asks
// the session to cancel and then keeps feeding it the device's answers until the
// session says it has finished, which stores what arrived.
package org.personheldrecord.phr.presenters

import java.util.concurrent.atomic.AtomicBoolean
import org.personheldrecord.phr.BluetoothLink
import org.personheldrecord.phr.DeviceSession
import org.personheldrecord.phr.FeedResponse
import org.personheldrecord.phr.SyncProgress
import org.personheldrecord.phr.SyncReport

/** Drives `session` over `link` to its end; blocking, so run it off the main thread. */
class LinkSync(
    private val session: DeviceSession,
    private val link: BluetoothLink,
    /** Told of each step's progress (on the sync's thread). */
    private val onProgress: (SyncProgress) -> Unit,
) {
    private val stopRequested = AtomicBoolean(false)
    private var cancelled = false

    /** Asks the sync to stop: the device is told, and what arrived is kept. */
    fun stop() {
        stopRequested.set(true)
    }

    /** Runs the sync to its end (reconnecting while the core says the transfer can resume); `stillWanted` false stops it as `stop` does. */
    fun run(stillWanted: () -> Boolean): SyncReport {
        while (true) {
            val last = oneConnection(stillWanted)
            if (cancelled || !last.resumePossible || !session.reconnect()) return session.report()
        }
    }

    private fun oneConnection(stillWanted: () -> Boolean): FeedResponse {
        var response = session.connected(link.connect())
        val pending = ArrayDeque(response.commands)
        while (true) {
            onProgress(response.progress)
            if (!cancelled && !response.finished && (stopRequested.get() || !stillWanted())) {
                cancelled = true
                response = session.cancel()
                // Commands not yet performed belong to the transfer being stopped.
                pending.clear()
                pending.addAll(response.commands)
                continue
            }
            val command = pending.removeFirstOrNull()
            response = when {
                command != null -> session.deliver(link.perform(command))
                response.finished -> return response
                else -> link.nextEvent(response.tickAfterMs ?: DEFAULT_WAIT_MS)?.let { session.deliver(it) } ?: session.tick()
            }
            pending.addAll(response.commands)
        }
    }

    private companion object {
        /** How long to wait for the device when the session names no time. */
        const val DEFAULT_WAIT_MS: ULong = 1_000u
    }
}
