// A record open for one presenter test: made with a fresh key (no vault, no prompt),
// its session on a scope of its own, and the phone's services as test doubles.
package phr.tests.presenters

import java.io.File
import java.time.Instant
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.runBlocking
import org.personheldrecord.phr.*
import org.personheldrecord.phr.presenters.*

/** An open record and its screens, closed by `close`. */
class ScreenFixture(folder: File, start: Instant = Instant.parse("2026-03-08T18:00:00Z")) : AutoCloseable {
    val clock = TestClock(start)
    val scheduler = RecordingScheduler()
    val healthStore = FakeHealthStore()
    val preferences = MapPreferences()
    val session = RecordSession(
        PersonHeldRecord.create(File(folder, "r.phr").path, generateDatabaseKey()),
        clock,
        Dispatchers.IO,
        CoroutineScope(SupervisorJob() + Dispatchers.Default),
    )

    /** The screens, with `bluetooth` as the phone's Bluetooth. */
    fun screens(bluetooth: BluetoothStack = SimulatedBluetooth({ SimulatedDevice.glucoseMeter(20u, listOf(), clock.now()) })) =
        RecordScreens(session, PhoneServices(bluetooth, scheduler, healthStore, preferences))

    override fun close() {
        runBlocking { session.close() }
    }
}
