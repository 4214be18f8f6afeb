// The presenters with the phone's services: the health store bridge writes shared
// readings once and reads other apps' readings once; a sync stopped half-way keeps
// what arrived; a meter that drops the connection is reconnected; open screens settle
// and still follow real changes; reminders show what is due and wake the app when the
// next falls due; Bluetooth that is off or not allowed is said plainly.
package phr.tests.presenters

import java.time.Instant
import java.time.OffsetDateTime
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.personheldrecord.phr.*
import org.personheldrecord.phr.presenters.*

class PhoneServicesTest {
    @get:Rule
    val folder = TemporaryFolder()

    private fun typed(kind: ReadingKind, text: String, visibility: Visibility) =
        TypedReading(kind, text, TypedExtras(), null, null, ReadingContext(), null, visibility)

    @Test
    fun theHealthStoreGetsSharedReadingsOnceAndOtherAppsReadingsComeInOnce() = runBlocking {
        ScreenFixture(folder.root).use { f ->
            val bridge = f.screens().healthBridge
            bridge.refresh()
            assertFalse("off until switched on", bridge.state.value.enabled)
            f.session.call {
                it.addTypedReading(typed(ReadingKind.BLOOD_GLUCOSE, "5.4", Visibility.SHARED))
                it.addTypedReading(typed(ReadingKind.WEIGHT, "70.5", Visibility.EMERGENCY))
                it.addTypedReading(typed(ReadingKind.BLOOD_GLUCOSE, "6.1", Visibility.PRIVATE))
            }
            f.healthStore.writtenByAnotherApp(ReadingValue.Steps(8000u), OffsetDateTime.parse("2026-03-08T12:00:00Z"))
            bridge.switchOn()
            assertTrue(bridge.state.value.enabled)
            assertEquals(2, f.healthStore.all().count { it.origin == "this app" })
            assertTrue("a private reading never leaves the record", f.healthStore.all().none { (it.value as? ReadingValue.BloodGlucose)?.mmolPerL == 6.1 })
            assertEquals(4uL, f.session.call { it.readingCount(null, Viewer.PERSON) })
            assertTrue(bridge.state.value.result!!, bridge.state.value.result!!.startsWith("2 readings written to Health Connect; 1 new"))

            // Again: nothing new either way.
            bridge.sync()
            assertEquals(3, f.healthStore.all().size)
            assertEquals(4uL, f.session.call { it.readingCount(null, Viewer.PERSON) })

            // A reading made private leaves the store; another app's new one comes in.
            val weight = f.session.call { it.readingsPage(ReadingsPageRequest(kind = ReadingKind.WEIGHT, limit = 1u), Viewer.PERSON) }.readings.single()
            f.session.call { it.setReadingVisibility(weight.id, Visibility.PRIVATE, Author.Person) }
            f.healthStore.writtenByAnotherApp(ReadingValue.HeartRate(64.0), OffsetDateTime.parse("2026-03-08T13:00:00Z"))
            bridge.sync()
            assertEquals(1, f.healthStore.all().count { it.origin == "this app" })
            assertEquals(5uL, f.session.call { it.readingCount(null, Viewer.PERSON) })
            bridge.switchOff()
            assertFalse(bridge.state.value.enabled)
        }
    }

    @Test
    fun aSyncStoppedHalfWayKeepsWhatArrivedAndSaysSo() = runBlocking {
        ScreenFixture(folder.root).use { f ->
            val halfWay = CountDownLatch(1)
            val release = CountDownLatch(1)
            var steps = 0
            val bluetooth = SimulatedBluetooth({ SimulatedDevice.glucoseMeter(300u, listOf(), f.clock.now()) }) {
                // Hold the link after some steps, until the person has pressed stop.
                if (++steps == 60) {
                    halfWay.countDown()
                    release.await(10, TimeUnit.SECONDS)
                }
            }
            val devices = f.screens(bluetooth).devices
            devices.scan()
            val found = withTimeout(30_000) { devices.state.first { it.found.isNotEmpty() } }.found.single()
            val changed = CompletableDeferred<Unit>()
            val watcher = f.session.scope.launchWatching(f.session, changed)
            val job = devices.sync(found)
            assertTrue(halfWay.await(30, TimeUnit.SECONDS))
            devices.cancel()
            release.countDown()
            // The meter is told to stop, answers, and the session stores what arrived.
            withTimeout(30_000) { job.join() }
            val stopped = devices.state.value
            assertEquals(stopped.problem, DevicePhase.STOPPED, stopped.phase)
            withTimeout(30_000) { changed.await() }
            watcher.cancel()
            val kept = f.session.call { it.readingCount(ReadingKind.BLOOD_GLUCOSE, Viewer.PERSON) }
            assertTrue("kept $kept", kept in 2uL..299uL)
            val result = stopped.result.orEmpty()
            assertTrue(result, result.startsWith("$kept new readings were added to your record."))
            assertTrue(result, result.endsWith("Copying was stopped; what arrived is kept."))
        }
    }

    @Test
    fun aMeterThatDropsTheConnectionIsReconnectedAndEveryReadingStoredOnce() = runBlocking {
        ScreenFixture(folder.root).use { f ->
            val bluetooth = SimulatedBluetooth({ SimulatedDevice.glucoseMeter(50u, listOf("disconnect"), f.clock.now()) })
            val devices = f.screens(bluetooth).devices
            devices.scan()
            val found = devices.state.until("the meter is found") { it.found.isNotEmpty() }.found.single()
            withTimeout(60_000) { devices.sync(found).join() }
            val done = devices.state.value
            assertEquals(done.problem, DevicePhase.DONE, done.phase)
            assertEquals(50uL, f.session.call { it.readingCount(ReadingKind.BLOOD_GLUCOSE, Viewer.PERSON) })
            assertTrue(done.result.orEmpty(), done.result.orEmpty().startsWith("50 new readings were added"))
            val connections = bluetooth.lastLink?.connections?.get() ?: 0
            assertTrue("connected $connections times", connections >= 2)
            // Again: the meter's records are all known.
            devices.scan()
            val again = devices.state.until("the meter is found again") { it.found.isNotEmpty() }.found.single()
            withTimeout(60_000) { devices.sync(again).join() }
            assertEquals(50uL, f.session.call { it.readingCount(ReadingKind.BLOOD_GLUCOSE, Viewer.PERSON) })
            Unit
        }
    }

    @Test
    fun remindersShowWhatIsDueAndWakeTheAppForTheNext() = runBlocking {
        ScreenFixture(folder.root).use { f ->
            val reminders = f.screens().reminders
            // An appointment tomorrow at 09:30 with a reminder two hours before.
            f.session.call {
                it.addEntry(
                    EntryBody.Appointment(
                        Appointment("Diabetes review", OffsetDateTime.parse("2026-03-09T09:30:00Z"), null, null, null, AppointmentStatus.BOOKED, listOf(120u), null),
                    ),
                    NewEntryOptions(Visibility.PRIVATE, Provenance.SelfEntered, Author.Person),
                )
                // 3.5 is a hypo (level 1, a warning); below 3 would be urgent.
                it.addTypedReading(typed(ReadingKind.BLOOD_GLUCOSE, "3.5", Visibility.PRIVATE))
            }
            assertEquals(1, reminders.check())
            val low = f.scheduler.shown.single()
            assertEquals(AlertSeverity.WARNING, low.severity)
            assertTrue(low.text, low.text.contains("below 4 mmol/L"))
            assertEquals(Instant.parse("2026-03-09T07:30:00Z"), f.scheduler.wakeUps.last())
            // Shown once: checking again shows nothing new.
            assertEquals(0, reminders.check())
            f.clock.instant = Instant.parse("2026-03-09T07:31:00Z")
            assertEquals(1, reminders.check())
            assertEquals(2, f.scheduler.shown.size)
            assertTrue(f.scheduler.shown.last().title, f.scheduler.shown.last().title.isNotBlank())
        }
    }

    @Test
    fun openScreensSettleOnceTheRecordStopsChangingAndStillFollowRealChanges() = runBlocking {
        ScreenFixture(folder.root).use { f ->
            // Every list screen and the reminders, as the app runs them. The inbox and the
            // reminders read alerts through calls the core reports as alerts changes.
            val screens = f.screens()
            screens.start()
            f.session.call { it.addTypedReading(typed(ReadingKind.BLOOD_GLUCOSE, "3.5", Visibility.PRIVATE)) }
            screens.alerts.state.until("the low alert is in") { it.alerts.size == 1 }
            screens.overview.state.until("the overview counts it") { it.openAlerts == 1 }
            delay(1_000)
            val changes = AtomicInteger()
            val counting = f.session.scope.launch(start = CoroutineStart.UNDISPATCHED) {
                f.session.changes.collect { changes.incrementAndGet() }
            }
            delay(1_500)
            counting.cancel()
            assertEquals("changes while nobody changed anything", 0, changes.get())
            // A real change still reaches every screen.
            f.session.call { it.addTypedReading(typed(ReadingKind.BLOOD_GLUCOSE, "16.2", Visibility.PRIVATE)) }
            val both = screens.alerts.state.until("the high alert is in too") { it.alerts.size == 2 }
            assertTrue(both.alerts.map { it.title }.toString(), both.alerts.any { it.title.contains("High", ignoreCase = true) })
            screens.overview.state.until("the overview counts both") { it.openAlerts == 2 }
            Unit
        }
    }

    @Test
    fun bluetoothThatIsOffOrNotAllowedIsSaidPlainly() = runBlocking {
        ScreenFixture(folder.root).use { f ->
            val bluetooth = SimulatedBluetooth({ SimulatedDevice.glucoseMeter(1u, listOf(), f.clock.now()) })
            val devices = f.screens(bluetooth).devices
            bluetooth.availability = BluetoothAvailability.OFF
            devices.scan()
            assertEquals(DevicePhase.IDLE, devices.state.value.phase)
            assertTrue(devices.state.value.spokenLabel.contains("Bluetooth is off"))
            assertFalse(devices.state.value.controls.first { it.id == "scan" }.enabled)
            bluetooth.availability = BluetoothAvailability.NEEDS_PERMISSION
            devices.checkBluetooth()
            assertTrue(devices.state.value.controls.any { it.label == "Allow the app to find nearby devices" })
        }
    }
}

/** Completes `changed` at the first readings change. */
private fun CoroutineScope.launchWatching(session: RecordSession, changed: CompletableDeferred<Unit>) =
    launch(start = CoroutineStart.UNDISPATCHED) {
        session.changesIn(ChangeArea.READINGS).first()
        changed.complete(Unit)
    }
