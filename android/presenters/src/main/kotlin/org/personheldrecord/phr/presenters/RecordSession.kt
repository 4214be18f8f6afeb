// One unlocked record and what every screen shares: the record, its clock, the thread
// pool its blocking calls run on, and its changes as a Flow (one listener for all
// screens, registered as the session opens and cancelled when it closes).
//
// The core's `inbox` and `dueNotifications` store reminders whose time has come before
// they answer; the core tells listeners only when that stored something, so a screen
// that reloads on alerts changes and reads the inbox settles after one more read.
package org.personheldrecord.phr.presenters

import java.time.Instant
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.cancel
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.asSharedFlow
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.onSubscription
import kotlinx.coroutines.withContext
import org.personheldrecord.phr.ChangeArea
import org.personheldrecord.phr.HealthNotification
import org.personheldrecord.phr.PersonHeldRecord
import org.personheldrecord.phr.RecordChange
import org.personheldrecord.phr.RecordListener
import org.personheldrecord.phr.Saved

/**
 * An unlocked record. `scope` lives as long as the record is open (`close` cancels it); `io` runs the
 * binding's blocking calls (SQLCipher and Argon2 block), never the main thread.
 */
class RecordSession(
    /** The open record. */
    val record: PersonHeldRecord,
    /** The phone's clock, also the record's. */
    val clock: AppClock,
    /** Where blocking calls run. */
    val io: CoroutineDispatcher,
    /** Lives while the record is open. */
    val scope: CoroutineScope,
) {
    private val feed = MutableSharedFlow<RecordChange>(
        extraBufferCapacity = 256,
        onBufferOverflow = BufferOverflow.DROP_OLDEST,
    )

    // Registered before any call is made, so that no change is missed.
    private val subscription = record.observe(
        object : RecordListener {
            override fun onChange(change: RecordChange) {
                feed.tryEmit(change)
            }
        },
    )

    init {
        record.setTimeSource(clock)
    }

    /** Every committed change, shared by the screens. */
    val changes: SharedFlow<RecordChange> = feed.asSharedFlow()

    /**
     * Changes touching any of `areas`. `first` runs once the feed is followed and before
     * any change is passed on, so a screen that loads in `first` misses no change made
     * while it loaded.
     */
    fun changesIn(vararg areas: ChangeArea, first: suspend () -> Unit = {}): Flow<RecordChange> =
        changes.onSubscription { first() }.filter { change -> change.areas.any { it in areas } }

    /** Runs a call on the record off the main thread. */
    suspend fun <T> call(block: (PersonHeldRecord) -> T): T = withContext(io) { block(record) }

    /** The core's alerts inbox at `now` (its order). Call on `io`. */
    fun inbox(now: Instant, all: Boolean): List<HealthNotification> = record.inbox(now, all)

    /** What the core says to notify of at `now`. Call on `io`. */
    fun dueNotifications(now: Instant): List<HealthNotification> = record.dueNotifications(now)

    /** Closes the record (the app locks it) and stops the screens: every later call is `Closed`. */
    suspend fun close(): Saved = try {
        withContext(io) {
            subscription.cancel()
            record.closeRecord()
        }
    } finally {
        scope.cancel()
    }
}
