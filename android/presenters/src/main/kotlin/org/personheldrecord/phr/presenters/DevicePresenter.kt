// Devices: find a meter or cuff nearby, copy its readings into the record with progress
// and a way to stop, and say what the sync did. The core drives the whole sync over the
// phone's Bluetooth link a step at a time (LinkSync); stopping tells the device, and
// the core keeps what had arrived.
package org.personheldrecord.phr.presenters

import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.Job
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import org.personheldrecord.phr.ChangeArea
import org.personheldrecord.phr.DeviceKind
import org.personheldrecord.phr.DeviceSession
import org.personheldrecord.phr.EndReason
import org.personheldrecord.phr.RecordException
import org.personheldrecord.phr.SyncProgress
import org.personheldrecord.phr.SyncReport
import org.personheldrecord.phr.SyncSettings
import org.personheldrecord.phr.Visibility
import org.personheldrecord.phr.deviceKindForServices

/** A device found nearby that the record can read. */
data class FoundDevice(
    /** The stack's id for it. */
    val peripheralId: String,
    /** Its advertised name. */
    val name: String?,
    /** What it is. */
    val kind: DeviceKind,
) {
    /** What a screen reader says for it. */
    val spokenLabel: String get() = listOfNotNull(Words.deviceKind(kind), name).joinToString(", ")
}

/** Where the device screen is. */
enum class DevicePhase {
    /** Nothing going on. */
    IDLE,

    /** Looking for devices. */
    SCANNING,

    /** Copying readings. */
    SYNCING,

    /** A sync finished. */
    DONE,

    /** A sync was stopped by the person; what arrived is kept. */
    STOPPED,

    /** A sync failed. */
    FAILED,
}

/** What the device screen shows. */
data class DeviceState(
    /** Where it is. */
    val phase: DevicePhase = DevicePhase.IDLE,
    /** Whether Bluetooth can be used. */
    val bluetooth: BluetoothAvailability = BluetoothAvailability.ON,
    /** Devices found while scanning. */
    val found: List<FoundDevice> = emptyList(),
    /** Devices the record has read from before, with their last sync. */
    val known: List<String> = emptyList(),
    /** Who may see the readings a sync adds. */
    val visibility: Visibility = Visibility.PRIVATE,
    /** The device being synced. */
    val syncing: FoundDevice? = null,
    /** The progress line of a sync. */
    val progress: String? = null,
    /** Readings received so far. */
    val received: Int = 0,
    /** Readings the device said it has, when it said. */
    val expected: Int? = null,
    /** What the sync did, in words. */
    val result: String? = null,
    /** The core's sentence for what went wrong. */
    val problem: String? = null,
) : Spoken {
    override val spokenLabel: String
        get() = listOfNotNull(
            when (bluetooth) {
                BluetoothAvailability.ON -> null
                BluetoothAvailability.OFF -> "Bluetooth is off. Turn it on to copy readings from your device."
                BluetoothAvailability.NEEDS_PERMISSION -> "The app needs your permission to find nearby devices."
                BluetoothAvailability.MISSING -> "This phone has no Bluetooth, so readings can only be typed in."
            },
            when (phase) {
                DevicePhase.IDLE -> "Devices. Press the button on your meter or monitor, then look for it."
                DevicePhase.SCANNING -> if (found.isEmpty()) "Looking for devices nearby." else "Found ${found.size} ${if (found.size == 1) "device" else "devices"}."
                DevicePhase.SYNCING -> "Copying readings from ${syncing?.spokenLabel}. $progress"
                DevicePhase.DONE, DevicePhase.STOPPED, DevicePhase.FAILED -> result
            },
            problem,
        ).joinToString(" ")

    override val controls: List<Control>
        get() = buildList {
            if (bluetooth == BluetoothAvailability.NEEDS_PERMISSION) add(Control("permission", "Allow the app to find nearby devices"))
            when (phase) {
                DevicePhase.SCANNING -> {
                    found.forEach { add(Control("sync-${it.peripheralId}", "Copy readings from ${it.spokenLabel}")) }
                    add(Control("stop-scan", "Stop looking"))
                }
                DevicePhase.SYNCING -> {
                    add(Control("progress", progress ?: "Copying readings"))
                    add(Control("cancel", "Stop copying readings"))
                }
                else -> add(Control("scan", "Look for devices", bluetooth == BluetoothAvailability.ON))
            }
            Visibility.entries.forEach {
                add(Control("visibility-${it.name.lowercase()}", "Who can see new readings: ${Words.visibility(it)}${if (it == visibility) ", chosen" else ""}", phase != DevicePhase.SYNCING))
            }
            known.forEach { add(Control("known-$it", it)) }
        }
}

/** The device screen's presenter. */
class DevicePresenter(
    session: RecordSession,
    private val bluetooth: BluetoothStack,
    /** How long a scan looks before it stops by itself. */
    private val scanMillis: Long = 30_000,
) : Presenter<DeviceState>(session, DeviceState(), ChangeArea.DEVICES) {
    private var scanning: Job? = null
    private var syncing: Job? = null

    @Volatile
    private var running: LinkSync? = null

    /** Stop was pressed for the sync now starting or running (even before its link was made). */
    private val stopAsked = AtomicBoolean(false)

    override suspend fun load(): DeviceState {
        val devices = session.call { it.devices() }
        val known = devices.map { d ->
            val name = listOfNotNull(d.device.manufacturer, d.device.model).joinToString(" ").ifEmpty { d.device.id }
            val last = d.lastSync?.let { "last copied ${Times.spoken(it.atZone(session.clock.zone()))}" } ?: "not copied yet"
            "$name, $last"
        }
        return current.copy(known = known, bluetooth = bluetooth.availability())
    }

    override fun withProblem(state: DeviceState, problem: String?) = state.copy(problem = problem)

    /** Asks the phone again whether Bluetooth can be used (after a permission or a switch). */
    fun checkBluetooth() {
        show(current.copy(bluetooth = bluetooth.availability()))
    }

    /** Who may see the readings the next sync adds. */
    fun choose(visibility: Visibility) {
        show(current.copy(visibility = visibility))
    }

    /** Looks for devices the record can read, until one is chosen, `stopScan`, or the scan's time is up. */
    fun scan() {
        checkBluetooth()
        if (current.bluetooth != BluetoothAvailability.ON || scanning?.isActive == true) return
        show(current.copy(phase = DevicePhase.SCANNING, found = emptyList(), result = null, problem = null))
        scanning = session.scope.launch {
            withTimeoutOrNull(scanMillis) {
                bluetooth.scan().collect { ad ->
                    val kind = deviceKindForServices(ad.services) ?: return@collect
                    if (current.found.none { it.peripheralId == ad.peripheralId }) {
                        show(current.copy(found = current.found + FoundDevice(ad.peripheralId, ad.name, kind)))
                    }
                }
            }
            if (current.phase == DevicePhase.SCANNING && current.found.isEmpty()) {
                show(current.copy(phase = DevicePhase.IDLE, problem = "No device was found. Press the button on your device so that it can be found, then look again."))
            }
        }
    }

    /** Stops looking. */
    fun stopScan() {
        scanning?.cancel()
        if (current.phase == DevicePhase.SCANNING) show(current.copy(phase = DevicePhase.IDLE))
    }

    /** Copies readings from `device`; returns the job, which ends once the sync has (`cancel` stops it early). */
    fun sync(device: FoundDevice): Job {
        scanning?.cancel()
        running?.stop()
        stopAsked.set(false)
        show(current.copy(phase = DevicePhase.SYNCING, syncing = device, progress = "Connecting", received = 0, expected = null, result = null, problem = null))
        val settings = SyncSettings(current.visibility, null)
        val job = session.scope.launch {
            try {
                val report = withContext(session.io) {
                    DeviceSession(session.record, device.kind, device.peripheralId, settings, device.name).use { feed ->
                        val sync = LinkSync(feed, bluetooth.link(device.peripheralId), ::showProgress)
                        running = sync
                        sync.run { isActive && !stopAsked.get() }
                    }
                }
                val stopped = report.end == EndReason.Aborted
                show(current.copy(phase = if (stopped) DevicePhase.STOPPED else DevicePhase.DONE, result = summary(report), progress = null))
                refresh()
            } catch (e: RecordException) {
                show(current.copy(phase = DevicePhase.FAILED, progress = null, result = "Copying did not finish. The readings that had arrived are kept in your record.", problem = e.sentence()))
            }
        }
        syncing = job
        return job
    }

    private fun showProgress(progress: SyncProgress) {
        if (current.phase != DevicePhase.SYNCING) return
        val count = progress.expected?.let { "${progress.received} of $it readings" } ?: "${progress.received} readings"
        val cuff = progress.cuffPressureMmhg?.let { ", cuff at ${Times.number(Math.round(it).toDouble())} mmHg" }.orEmpty()
        show(current.copy(progress = "${Words.syncPhase(progress.phase)}: $count$cuff", received = progress.received.toInt(), expected = progress.expected?.toInt()))
    }

    /** Stops the sync: the device is told, and what arrived is kept. */
    fun cancel() {
        stopAsked.set(true)
        running?.stop()
    }

    /** What a sync did, in words, from the core's report. */
    private fun summary(report: SyncReport): String = listOfNotNull(
        when (report.added.toInt()) {
            0 -> "No new readings."
            1 -> "1 new reading was added to your record."
            else -> "${report.added} new readings were added to your record."
        },
        report.alreadyStored.takeIf { it > 0u }?.let { "$it were already in it." },
        report.timeUntrusted.takeIf { it > 0u }?.let { "$it have a time that cannot be trusted: check the clock on your device." },
        when (val end = report.end) {
            null, EndReason.Complete -> null
            EndReason.NoRecords -> "The device had no readings."
            is EndReason.Disconnected -> "The device disconnected before the end; what arrived is kept."
            is EndReason.TimedOut -> "The device stopped answering; what arrived is kept."
            EndReason.Aborted -> "Copying was stopped; what arrived is kept."
            is EndReason.Refused -> "The device refused to send its readings. Check its manual for how to share them."
            is EndReason.MissingCharacteristic -> "This device does not offer what the app reads, so nothing could be copied."
            is EndReason.Failed -> "Copying failed: ${end.reason}."
        },
    ).joinToString(" ")
}
