// One unlocked record and what every screen shares: the record, its clock, the thread
// pool its blocking calls run on, and its changes as a Flow (one listener for all
// screens, registered while any screen collects).
package org.personheldrecord.phr.presenters

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.cancel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.shareIn
import kotlinx.coroutines.withContext
import org.personheldrecord.phr.ChangeArea
import org.personheldrecord.phr.PersonHeldRecord
import org.personheldrecord.phr.RecordChange
import org.personheldrecord.phr.RecordListener
import org.personheldrecord.phr.Saved

/** The record's committed changes as a cold Flow: a listener while collected. */
fun PersonHeldRecord.changes(): Flow<RecordChange> = callbackFlow {
    val handle = observe(
        object : RecordListener {
            override fun onChange(change: RecordChange) {
                trySend(change)
            }
        },
    )
    awaitClose { handle.cancel() }
}

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
    init {
        record.setTimeSource(clock)
    }

    /** Every committed change, shared by the screens. */
    val changes: SharedFlow<RecordChange> =
        record.changes().shareIn(scope, SharingStarted.WhileSubscribed())

    /** Changes touching any of `areas`. */
    fun changesIn(vararg areas: ChangeArea): Flow<RecordChange> =
        changes.filter { change -> change.areas.any { it in areas } }

    /** Runs a call on the record off the main thread. */
    suspend fun <T> call(block: (PersonHeldRecord) -> T): T = withContext(io) { block(record) }

    /** Closes the record (the app locks it) and stops the screens: every later call is `Closed`. */
    suspend fun close(): Saved = try {
        withContext(io) { record.closeRecord() }
    } finally {
        scope.cancel()
    }
}
