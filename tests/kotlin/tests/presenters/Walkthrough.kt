// The walk-through every presenter test in both languages shares (the Swift twin is
// tests/swift/Tests/PresenterTests/Walkthrough.swift): a person opens the app for the
// first time and creates their record with a test key vault, fills in About me, syncs
// a simulated meter through the Bluetooth link (the core's DeviceSession fed a step at a
// time with what the link reports, as BluetoothGatt callbacks feed it on a phone), sees
// and acknowledges an alert, changes
// an entry's privacy, locks the record and unlocks it again (after a cancelled prompt,
// a face not recognised, and a key invalidated by a new enrolment). Every state each
// presenter showed is kept, for the spoken-label test.
package phr.tests.presenters

import java.io.File
import java.time.Instant
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.personheldrecord.phr.*
import org.personheldrecord.phr.presenters.*

/** Waits (at most 30 s) for a state that `accept`s. */
suspend fun <S> StateFlow<S>.until(what: String, accept: (S) -> Boolean): S = try {
    withTimeout(30_000) { first(accept) }
} catch (e: kotlinx.coroutines.TimeoutCancellationException) {
    throw AssertionError("no state where $what; last: $value")
}

/** Keeps every state the presenters show. */
class StateLog(private val scope: CoroutineScope) {
    private val seen = mutableListOf<Spoken>()
    private val jobs = mutableListOf<Job>()

    /** Keeps every state of `flow` from now on. */
    fun follow(flow: StateFlow<Spoken>) {
        jobs += scope.launch(Dispatchers.Unconfined) { flow.collect { synchronized(seen) { seen += it } } }
    }

    /** Every state seen. */
    fun states(): List<Spoken> = synchronized(seen) { seen.toList() }

    /** Stops following. */
    suspend fun stop() {
        jobs.forEach { it.cancelAndJoin() }
    }
}

/** The walk-through, on a record in `folder`. */
class Walkthrough(private val folder: File, private val log: StateLog) {
    val clock = TestClock(Instant.parse("2026-03-08T18:00:00Z"))
    val vault = ScriptedVault()
    val files = FolderFiles(folder)
    val scheduler = RecordingScheduler()
    val healthStore = FakeHealthStore()
    val bluetooth = SimulatedBluetooth({ SimulatedDevice.glucoseMeter(200u, listOf(), clock.now()) })
    private val services = PhoneServices(bluetooth, scheduler, healthStore, MapPreferences())

    val unlock = UnlockPresenter(files, vault, Dispatchers.IO) { record ->
        RecordSession(record, clock, Dispatchers.IO, CoroutineScope(SupervisorJob() + Dispatchers.Default))
    }

    private fun open(): RecordScreens {
        val unlocked = unlock.state.value as UnlockState.Unlocked
        val screens = RecordScreens(unlocked.session, services)
        listOf(screens.overview, screens.aboutMe, screens.health, screens.appointments, screens.alerts, screens.devices, screens.modules, screens.healthBridge)
            .forEach { log.follow(it.state) }
        screens.start()
        return screens
    }

    /** Runs it all. */
    suspend fun run() {
        log.follow(unlock.state)

        // First run: welcome; a passphrase the core finds too short keeps nothing.
        unlock.start()
        assertTrue(unlock.state.value is UnlockState.Welcome)
        unlock.create("short")
        val refused = unlock.state.value as UnlockState.Welcome
        assertTrue(refused.spokenLabel, refused.problem!!.contains("at least 8 characters"))
        assertNull(vault.keys.stored("me"))
        assertFalse(files.recordExists() || files.recoveryKeyExists())
        unlock.create("correct horse battery staple")
        var screens = open()
        assertEquals(32, vault.keys.stored("me")?.size)
        assertTrue(files.recoveryKeyExists())
        assertEquals(listOf(KeyPurpose.CREATE, KeyPurpose.CREATE), vault.prompts)

        // About me: three things to know, counted against the core's limit as typed.
        val aboutMe = screens.aboutMe
        aboutMe.state.until("About me is listed") { it.groups.isNotEmpty() }
        aboutMe.add(EntryKind.THINGS_TO_KNOW)
        aboutMe.change("items[0]", "I am deaf in my left ear")
        var form = aboutMe.state.value.form!!
        assertEquals(140 - 24, form.fields.first { it.path == "items[0]" }.charactersLeft)
        assertNotNull("a second item opens once the first is written", form.fields.firstOrNull { it.path == "items[1]" })
        aboutMe.change("items[1]", "x".repeat(141))
        form = aboutMe.state.value.form!!
        assertEquals(-1, form.fields.first { it.path == "items[1]" }.charactersLeft)
        assertFalse(aboutMe.save())
        val tooLong = aboutMe.state.value
        assertTrue(tooLong.problem!!, tooLong.problem!!.contains("at most 140 characters"))
        assertNotNull(tooLong.form!!.fields.first { it.path == "items[1]" }.error)
        aboutMe.change("items[1]", "I care for my mother")
        aboutMe.change("items[2]", "Please explain things slowly")
        assertEquals(3, aboutMe.state.value.form!!.fields.count { it.path.startsWith("items[") })
        assertTrue(aboutMe.save())
        aboutMe.add(EntryKind.MY_HISTORY)
        aboutMe.change("text", "Type 2 diabetes since 2019, managed with metformin and walking.")
        assertTrue(aboutMe.save())
        // A choice not made is asked for before the core is.
        aboutMe.add(EntryKind.CONTACT)
        aboutMe.change("name", "Sam Morgan")
        assertFalse(aboutMe.save())
        assertTrue(aboutMe.state.value.problem!!.contains("choose one"))
        aboutMe.change("role", "next_of_kin")
        aboutMe.change("phone", "07700 900456")
        assertTrue(aboutMe.save())
        val things = aboutMe.state.until("three things are listed") { s ->
            s.groups.first { it.kind == EntryKind.THINGS_TO_KNOW }.entries.isNotEmpty()
        }.groups.first { it.kind == EntryKind.THINGS_TO_KNOW }.entries.single()
        assertTrue(things.summary, things.summary.contains("deaf"))
        screens.overview.state.until("the overview counts About me") { s ->
            s.sections.first { it.section == RecordSection.ABOUT_ME }.count == 3
        }

        // The care team asks to hear of every low in the last 90 days on the first sync.
        screens.session.call { it.changeRule("glucose.low", listOf(RuleSetting("max_age_hours", "${90 * 24}")), Author.Person, false) }

        // Sync the simulated meter through the Bluetooth link, with progress.
        val devices = screens.devices
        devices.choose(Visibility.SHARED)
        devices.scan()
        val found = devices.state.until("the meter is found") { it.found.isNotEmpty() }.found.single()
        assertEquals(DeviceKind.GLUCOSE_METER, found.kind)
        devices.sync(found).join()
        val synced = devices.state.value
        assertEquals(synced.problem, DevicePhase.DONE, synced.phase)
        assertTrue(synced.result!!, synced.result!!.startsWith("200 new readings were added"))
        assertTrue(log.states().filterIsInstance<DeviceState>().any { it.phase == DevicePhase.SYNCING && it.received > 0 })
        screens.overview.state.until("the overview shows blood sugar") { s -> s.readings.any { it.kind == ReadingKind.BLOOD_GLUCOSE } }

        // The low alerts arrive in the inbox without asking, each with its advice.
        val alerts = screens.alerts
        val lows = alerts.state.until("four low alerts are in") { s -> s.alerts.count { it.title.contains("low", ignoreCase = true) } == 4 }
            .alerts.filter { it.title.contains("low", ignoreCase = true) }
        for (low in lows) {
            assertTrue(low.advice, low.advice.contains("below 4 mmol/L"))
            assertEquals(AlertSeverity.WARNING, low.level)
        }
        alerts.acknowledge(lows[0].id)
        alerts.snooze(lows[1].id, SnoozeChoice.HOUR)
        val left = alerts.state.value.alerts.map { it.id }
        assertFalse(lows[0].id in left)
        assertFalse(lows[1].id in left)
        assertTrue(lows[2].id in left)

        // Privacy: the three things to know are for emergencies too.
        val privacy = screens.privacy(things.id)
        log.follow(privacy.state)
        privacy.refresh()
        assertEquals(Visibility.PRIVATE, privacy.state.value.visibility)
        privacy.choose(Visibility.EMERGENCY)
        assertEquals(Visibility.EMERGENCY, privacy.state.value.visibility)
        val emergency = screens.session.call { it.entryViews(EntryFilter(), Viewer.EMERGENCY) }
        assertEquals(listOf(EntryKind.THINGS_TO_KNOW), emergency.map { it.kind })

        // Lock: the record closes and the screens stop.
        val session = screens.session
        unlock.lock()
        assertTrue(unlock.state.value is UnlockState.Locked)
        assertTrue(session.record.isClosed())

        // Unlock again: a cancelled prompt and a face not recognised are said plainly.
        vault.next(Authorisation.Cancelled, Authorisation.NotRecognised)
        unlock.unlock()
        assertTrue((unlock.state.value as UnlockState.Locked).note!!.contains("cancelled"))
        unlock.unlock()
        assertTrue((unlock.state.value as UnlockState.Locked).note!!.contains("not recognised"))
        unlock.unlock()
        screens = open()
        screens.aboutMe.state.until("About me is back") { s -> s.groups.sumOf { it.entries.size } == 3 }

        // A new face enrolled: the vault's key is gone; the recovery passphrase opens it.
        unlock.lock()
        vault.next(Authorisation.KeyInvalidated)
        unlock.unlock()
        assertTrue(unlock.state.value is UnlockState.NeedsRecovery)
        unlock.recover("wrong horse battery staple")
        assertTrue((unlock.state.value as UnlockState.NeedsRecovery).problem!!.contains("passphrase is wrong"))
        unlock.recover("correct horse battery staple")
        val recovered = unlock.state.value as UnlockState.Unlocked
        assertNull(recovered.warning)
        assertEquals(32, vault.keys.stored("me")?.size)
        unlock.lock()
        unlock.unlock()
        screens = open()
        screens.overview.state.until("the record is whole") { s -> s.sections.sumOf { it.count } == 3 && s.readings.isNotEmpty() }
        unlock.lock()
    }
}
