// The bridge to the phone's health store (Health Connect, Apple Health), off until the
// person switches it on. Readings the person shares are written with the record's own
// id and version as the store's client record id and version, so writing again never
// duplicates; readings other apps wrote are read back through the store's changes
// token or anchor and added with the store's id and version as their client record id,
// so the core adds each once. Private readings never leave the record.
package org.personheldrecord.phr.presenters

import org.personheldrecord.phr.ChangeArea
import org.personheldrecord.phr.NewReading
import org.personheldrecord.phr.Reading
import org.personheldrecord.phr.ReadingSource
import org.personheldrecord.phr.ReadingValue
import org.personheldrecord.phr.RecordException
import org.personheldrecord.phr.Viewer
import org.personheldrecord.phr.Visibility

/** What the health store screen shows. */
data class HealthBridgeState(
    /** The store's name. */
    val storeName: String,
    /** Whether the phone has it. */
    val availability: HealthStoreAvailability = HealthStoreAvailability.AVAILABLE,
    /** Whether the person switched the bridge on. */
    val enabled: Boolean = false,
    /** What the last sync did, in words. */
    val result: String? = null,
    /** What went wrong. */
    val problem: String? = null,
) : Spoken {
    override val spokenLabel: String
        get() = listOfNotNull(
            when (availability) {
                HealthStoreAvailability.AVAILABLE -> if (enabled) "$storeName is on." else "$storeName is off."
                HealthStoreAvailability.NEEDS_INSTALL -> "$storeName needs to be installed or updated first."
                HealthStoreAvailability.UNSUPPORTED -> "This phone cannot use $storeName."
            },
            "Only readings you share are written to $storeName; private ones stay in your record.",
            result,
            problem,
        ).joinToString(" ")

    override val controls: List<Control>
        get() = listOf(
            Control("switch", "Use $storeName: ${if (enabled) "on" else "off"}", availability == HealthStoreAvailability.AVAILABLE),
            Control("sync", "Copy readings to and from $storeName now", enabled),
        )
}

/** The health store bridge's presenter. */
class HealthBridgePresenter(
    session: RecordSession,
    private val store: HealthStore,
    private val preferences: PreferenceStore,
) : Presenter<HealthBridgeState>(session, HealthBridgeState(store.name), ChangeArea.SETTINGS) {
    private companion object {
        const val ENABLED = "health-store.enabled"
        const val RECORD_TOKEN = "health-store.record-token"
        const val STORE_TOKEN = "health-store.store-token"
        const val PAGE = 500u
    }

    override suspend fun load() = current.copy(
        availability = store.availability(),
        enabled = preferences.get(ENABLED) == "true",
    )

    override fun withProblem(state: HealthBridgeState, problem: String?) = state.copy(problem = problem)

    /** Switches the bridge on (asking the store's permission) and syncs once. */
    suspend fun switchOn() {
        if (store.availability() != HealthStoreAvailability.AVAILABLE) return refresh()
        if (!store.requestPermission(store.kinds)) {
            show(current.copy(enabled = false, problem = "${store.name} did not allow the app to use your readings. You can allow it in ${store.name}'s settings."))
            return
        }
        preferences.put(ENABLED, "true")
        show(current.copy(enabled = true, problem = null))
        sync()
    }

    /** Switches the bridge off: nothing more is written or read. What was copied stays. */
    fun switchOff() {
        preferences.put(ENABLED, null)
        preferences.put(RECORD_TOKEN, null)
        preferences.put(STORE_TOKEN, null)
        show(current.copy(enabled = false, result = null, problem = null))
    }

    /** Writes the shared readings that changed, then reads in what other apps wrote. */
    suspend fun sync() {
        if (preferences.get(ENABLED) != "true") return
        try {
            val written = writeOut()
            val (added, known) = readIn()
            show(current.copy(result = "$written ${plural(written, "reading")} written to ${store.name}; $added new from other apps${if (known > 0) ", $known already in your record" else ""}.", problem = null))
        } catch (e: RecordException) {
            show(current.copy(problem = e.sentence()))
        }
    }

    private fun plural(n: Int, word: String) = if (n == 1) word else "${word}s"

    /** Readings visible to people the person shares with, made here (typed or from a device). */
    private fun outgoing(r: Reading): OutgoingHealthRecord? {
        val source = r.reading.source
        if (source is ReadingSource.App || source is ReadingSource.Imported) return null
        if (r.reading.visibility == Visibility.PRIVATE) return null
        if (kindOf(r.reading.value) !in store.kinds) return null
        return OutgoingHealthRecord(
            "phr-reading-${r.id}", r.version.toLong(), r.reading.value, r.reading.takenAt, r.reading.endedAt, r.reading.context,
        )
    }

    private suspend fun writeOut(): Int {
        var token = preferences.get(RECORD_TOKEN).orEmpty()
        var written = 0
        while (true) {
            val page = try {
                session.call { it.changesSince(token, Viewer.SHARED, PAGE) }
            } catch (e: RecordException.TokenExpired) {
                token = ""
                continue
            }
            val records = page.readingsUpserted.mapNotNull(::outgoing)
            if (records.isNotEmpty()) store.write(records)
            // Deleted, or no longer shared: out of the store too.
            if (page.readingsRemoved.isNotEmpty()) store.delete(page.readingsRemoved.map { "phr-reading-$it" })
            written += records.size
            token = page.nextToken
            preferences.put(RECORD_TOKEN, token)
            if (!page.hasMore) return written
        }
    }

    private suspend fun readIn(): Pair<Int, Int> {
        var token = preferences.get(STORE_TOKEN)
        var added = 0
        var known = 0
        while (true) {
            val changes = store.changesSince(token, store.kinds)
            val readings = changes.upserted.filter { !it.writtenByThisApp }.map(::incoming)
            if (readings.isNotEmpty()) {
                val report = session.call { it.addReadings(readings) }
                added += report.added.toInt()
                known += report.duplicates.toInt()
            }
            token = changes.nextToken
            preferences.put(STORE_TOKEN, token)
            if (!changes.hasMore) return added to known
        }
    }

    private fun incoming(h: IncomingHealthRecord) = NewReading(
        value = h.value,
        takenAt = h.takenAt,
        endedAt = h.endedAt,
        source = ReadingSource.App(h.origin),
        device = null,
        sequenceNumber = null,
        deviceEpoch = 0u,
        clientRecordId = h.id,
        clientRecordVersion = h.version,
        receivedAt = null,
        flags = emptyList(),
        context = h.context,
        note = null,
        visibility = Visibility.PRIVATE,
    )
}

/** The kind of reading a value is. */
fun kindOf(value: ReadingValue): org.personheldrecord.phr.ReadingKind = when (value) {
    is ReadingValue.BloodGlucose -> org.personheldrecord.phr.ReadingKind.BLOOD_GLUCOSE
    is ReadingValue.BloodPressure -> org.personheldrecord.phr.ReadingKind.BLOOD_PRESSURE
    is ReadingValue.HeartRate -> org.personheldrecord.phr.ReadingKind.HEART_RATE
    is ReadingValue.Weight -> org.personheldrecord.phr.ReadingKind.WEIGHT
    is ReadingValue.Steps -> org.personheldrecord.phr.ReadingKind.STEPS
    is ReadingValue.Sleep -> org.personheldrecord.phr.ReadingKind.SLEEP
    is ReadingValue.Mood -> org.personheldrecord.phr.ReadingKind.MOOD
    is ReadingValue.Alcohol -> org.personheldrecord.phr.ReadingKind.ALCOHOL
    is ReadingValue.Stress -> org.personheldrecord.phr.ReadingKind.STRESS
    is ReadingValue.MenstrualCycle -> org.personheldrecord.phr.ReadingKind.MENSTRUAL_CYCLE
    is ReadingValue.SideEffect -> org.personheldrecord.phr.ReadingKind.SIDE_EFFECT
    is ReadingValue.Diet -> org.personheldrecord.phr.ReadingKind.DIET
    is ReadingValue.PhysicalActivity -> org.personheldrecord.phr.ReadingKind.PHYSICAL_ACTIVITY
}
