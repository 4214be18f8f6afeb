// The acceptance scenario on the JVM, through the generated bindings and the real
// library: create a record with the shell's key store, fill every section, set privacy,
// sync 200 simulated glucose records with a suspend call while a Flow of changes sees
// them arrive, see and acknowledge the low-glucose alerts, back up and restore with
// suspend calls, compare. tests/swift/Tests/PhrFFITests/AcceptanceTests.swift asserts
// the same.
package phr.tests

import java.io.File
import java.time.Duration
import java.time.Instant
import java.time.LocalDate
import java.time.OffsetDateTime
import java.time.temporal.ChronoUnit
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.personheldrecord.phr.*

class AcceptanceTest {
    @get:Rule
    val folder = TemporaryFolder()

    /** One entry of every kind, each filled from its typed record: no JSON anywhere. */
    private fun everySection(): List<NewEntry> {
        val private = typedIn(Visibility.PRIVATE)
        val shared = typedIn(Visibility.SHARED)
        val emergency = typedIn(Visibility.EMERGENCY)
        fun date(s: String) = LocalDate.parse(s)
        return listOf(
            NewEntry(
                EntryBody.Identity(
                    Identity(
                        name = "Alex Morgan",
                        preferredName = "Alex",
                        dateOfBirth = date("1968-04-02"),
                        nhsNumber = parseNhsNumber("943 476 5919"),
                        pronouns = "they/them",
                    ),
                ),
                emergency,
            ),
            NewEntry(
                EntryBody.Condition(
                    Condition(
                        name = "Type 2 diabetes",
                        category = ConditionKind.DIAGNOSIS,
                        status = ConditionStatus.ACTIVE,
                        code = Coding("http://snomed.info/sct", "44054006", "Diabetes mellitus type 2"),
                        since = date("2019-06-01"),
                    ),
                ),
                emergency,
            ),
            NewEntry(EntryBody.Allergy(Allergy("Penicillin", "Hives", Severity.SEVERE)), emergency),
            NewEntry(
                EntryBody.Vaccination(
                    Vaccination("Influenza (seasonal)", date("2025-10-14"), doseNumber = 1u, givenBy = "High Street Pharmacy"),
                ),
                shared,
            ),
            NewEntry(
                EntryBody.Medication(
                    Medication(
                        name = "Metformin 500 mg tablets",
                        dose = "1 tablet twice a day",
                        reason = "Type 2 diabetes",
                        origin = MedicationOrigin.PRESCRIBED,
                        status = MedicationStatus.Taking,
                    ),
                ),
                emergency,
            ),
            NewEntry(
                EntryBody.SocialPrescription(
                    SocialPrescription("Walking group", "Parkside Community Centre", "Link worker", date("2026-01-12")),
                ),
                shared,
            ),
            NewEntry(
                EntryBody.TestResult(
                    TestResult(
                        name = "HbA1c",
                        // LOINC 59261-8 is HbA1c in mmol/mol (4548-4 is the percentage).
                        loinc = "59261-8",
                        value = ResultValue.Quantity(53.0, "mmol/mol"),
                        referenceRange = ReferenceRange(low = 20.0, high = 41.0),
                        date = date("2025-12-01"),
                    ),
                ),
                shared,
            ),
            NewEntry(
                EntryBody.ThingsToKnow(
                    ThingsToKnow(listOf("I am deaf in my left ear", "I care for my mother", "Please explain things slowly")),
                ),
                emergency,
            ),
            NewEntry(EntryBody.MyHistory(MyHistory("Type 2 diabetes since 2019, managed with metformin and walking.")), private),
            NewEntry(
                EntryBody.Goal(
                    Goal(
                        goal = "Walk 8,000 steps a day",
                        barriers = listOf(Barrier("Knee pain", "Physiotherapy exercises")),
                        status = GoalStatus.ACTIVE,
                        targetDate = date("2026-06-30"),
                    ),
                ),
                private,
            ),
            NewEntry(
                EntryBody.PersonInMyLife(
                    PersonInMyLife("Biscuit", Relationship.ANIMAL, "Dog", notes = "Sam looks after Biscuit if I go into hospital"),
                ),
                private,
            ),
            NewEntry(
                EntryBody.MyContactDetails(
                    MyContactDetails(ContactPoints(phone = "07700 900123", email = "alex@example.org"), ContactMethod.TEXT),
                ),
                shared,
            ),
            NewEntry(
                EntryBody.Contact(
                    Contact(ContactRole.NEXT_OF_KIN, "Sam Morgan", "Sibling", ContactPoints(phone = "07700 900456")),
                ),
                emergency,
            ),
            NewEntry(
                EntryBody.OrganDonation(OrganDonation(OrganDonationDecision.DONATE, listOf("Kidneys", "Corneas"), registered = true)),
                emergency,
            ),
            NewEntry(
                EntryBody.OtherTreatment(
                    OtherTreatment("Physiotherapy", TreatmentKind.PHYSIOTHERAPY, "Move Well Clinic", "weekly"),
                ),
                private,
            ),
            NewEntry(
                EntryBody.Appointment(
                    Appointment(
                        title = "Diabetes review",
                        start = OffsetDateTime.parse("2026-03-20T09:30:00+00:00"),
                        durationMinutes = 20u,
                        with = "Practice nurse",
                        location = "Parkside Surgery",
                        status = AppointmentStatus.BOOKED,
                        reminderMinutesBefore = listOf(1440u, 120u),
                    ),
                ),
                shared,
            ),
            NewEntry(
                EntryBody.Module(
                    ModuleInstance(
                        templateId = "gad-7",
                        templateVersion = 1u,
                        answers = (1..7).associate { "q$it" to AnswerValue.Text("several_days") },
                        completedOn = date("2026-03-01"),
                    ),
                ),
                private,
            ),
        )
    }

    /** Everything a person can see in their record, to compare a restore with. */
    private data class Contents(
        val entries: List<Entry>,
        val readings: List<Reading>,
        val notifications: List<HealthNotification>,
    )

    private fun contents(record: PersonHeldRecord, now: Instant): Contents {
        val readings = mutableListOf<Reading>()
        var cursor: ReadingsCursor? = null
        do {
            val page = record.readingsPage(ReadingsPageRequest(limit = 100u, cursor = cursor), Viewer.PERSON)
            readings += page.readings
            cursor = page.next
        } while (cursor != null)
        return Contents(
            record.entries(EntryFilter(includeDeleted = true), Viewer.PERSON),
            readings,
            record.inbox(now, true),
        )
    }

    @Test
    fun aPersonFillsTheRecordSyncsAMeterSeesTheLowAlertAndRestoresABackup() = runBlocking<Unit> {
        val path = File(folder.root, "alex.phr").path
        val keys = MemoryKeyStore()
        // The record's day: just after the meter's last simulated record (8 March 2026).
        val clock = ClockFrom(Instant.parse("2026-03-08T18:00:00Z"))

        // Create: a fresh key goes to the shell's key store, never to disk.
        val record = PersonHeldRecord.createWithKeyStore(path, "alex", keys)
        record.setTimeSource(clock)
        assertEquals(32, keys.stored("alex")?.size)

        // Every section, every entry kind, in one transaction.
        val added = record.addEntries(everySection())
        assertEquals(everySection().map { it.body }, added.map { it.body })
        val views = record.entryViews(EntryFilter(), Viewer.PERSON)
        val byKind = views.associateBy { it.kind }
        assertEquals(RecordSection.entries.toSet(), views.map { it.section }.toSet())
        assertEquals(EntryKind.entries.toSet(), byKind.keys)
        fun id(kind: EntryKind) = byKind.getValue(kind).entry.meta.id
        val gad7 = byKind.getValue(EntryKind.MODULE).module!!
        assertEquals(7u, gad7.score?.total)
        assertEquals("Mild anxiety", gad7.score?.band)

        // Edit, with history.
        val medication = (byKind.getValue(EntryKind.MEDICATION).entry.body as EntryBody.Medication).v1
        val edited = record.updateEntry(
            id(EntryKind.MEDICATION),
            EntryBody.Medication(medication.copy(dose = "2 tablets twice a day")),
            Author.Person,
        )
        assertEquals(2u, edited.meta.version)
        assertEquals(listOf(ChangeOp.CREATE, ChangeOp.UPDATE), record.history(id(EntryKind.MEDICATION)).map { it.op })

        // Privacy: each viewer sees only what the person chose to show.
        record.setVisibility(id(EntryKind.GOAL), Visibility.SHARED, Author.Person)
        assertEquals(
            setOf(
                EntryKind.IDENTITY, EntryKind.CONDITION, EntryKind.ALLERGY, EntryKind.MEDICATION,
                EntryKind.THINGS_TO_KNOW, EntryKind.CONTACT, EntryKind.ORGAN_DONATION,
            ),
            record.entryViews(EntryFilter(), Viewer.EMERGENCY).map { it.kind }.toSet(),
        )
        val sharedView = record.entryViews(EntryFilter(), Viewer.SHARED).map { it.kind }
        assertTrue(EntryKind.GOAL in sharedView)
        assertFalse(EntryKind.MY_HISTORY in sharedView)
        assertThrows(RecordException.NotFound::class.java) { record.entry(id(EntryKind.MY_HISTORY), Viewer.SHARED) }

        // A kind held once refuses a second entry, saying which.
        val second = assertThrows(RecordException.Conflict::class.java) {
            record.addEntry(EntryBody.Identity(Identity("Someone Else")), typedIn(Visibility.PRIVATE))
        }
        assertTrue(second.message(), second.message().contains("Identity"))

        // The care team asks to hear about every low in the last 90 days when the meter
        // is first synced (the default is 48 hours): rules are data, changed by setting.
        val rule = record.changeRule("glucose.low", listOf(RuleSetting("max_age_hours", "${90 * 24}")), Author.Person, false)
        assertEquals(2u, rule.version)

        // Sync 200 records from the simulated meter with a suspend call, while a Flow of
        // the record's changes, as a screen collects it, sees the readings arrive.
        val listening = CompletableDeferred<Unit>()
        val readingsChanged = async(start = CoroutineStart.UNDISPATCHED) {
            withTimeout(30_000) { record.changes(listening).first { ChangeArea.READINGS in it.areas } }
        }
        listening.await()
        val report = record.syncSimulated(
            SimulatedDevice.glucoseMeter(200u, listOf(), clock.now()),
            SyncSettings(Visibility.SHARED, utcOffsetMinutes = 0),
            object : SyncListener {
                override fun onProgress(progress: SyncProgress) {
                    synchronized(progressLock) { seen += progress }
                }
            },
        )
        assertEquals(200u, report.added)
        assertEquals(EndReason.Complete, report.end)
        assertEquals("SIM-GLU-0001", report.device?.id)
        assertTrue(ChangeArea.ALERTS in readingsChanged.await().areas)
        assertEquals(200u, synchronized(progressLock) { seen.maxOf { it.received } })
        assertEquals(200uL, record.readingCount(ReadingKind.BLOOD_GLUCOSE, Viewer.PERSON))

        // A second sync of the same meter adds nothing.
        val again = record.syncSimulated(
            SimulatedDevice.glucoseMeter(200u, listOf(), clock.now()),
            SyncSettings(Visibility.SHARED, utcOffsetMinutes = 0),
            null,
        )
        assertEquals(0u, again.added)

        // The daily trend, from the core's per-day summaries.
        val days = record.dailySummaries(ReadingKind.BLOOD_GLUCOSE, LocalDate.parse("2026-01-01"), LocalDate.parse("2026-03-31"), Viewer.PERSON)
        assertEquals(200u, days.sumOf { it.count })
        assertEquals(LocalDate.parse("2026-01-05"), days.first().date)

        // The low-glucose alerts, with advice built from the limit in force.
        val lows = record.dueNotifications(clock.now()).filter { it.ruleId == "glucose.low" }
        assertEquals(4, lows.size)
        for (low in lows) {
            assertEquals(Category.ALERT, low.category)
            assertEquals(AlertSeverity.WARNING, low.severity)
            assertTrue(low.advice, low.advice.contains("below 4 mmol/L"))
            assertEquals(NotificationState.New, low.state)
            val value = record.reading(low.readings.single(), Viewer.PERSON).reading.reading.value as ReadingValue.BloodGlucose
            assertTrue(value.mmolPerL!! < 4.0)
        }
        assertEquals(NotificationState.Acknowledged, record.acknowledge(lows[0].id).state)
        val until = clock.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS)
        assertEquals(NotificationState.Snoozed(until), record.snooze(lows[1].id, until).state)
        record.markShown(lows.drop(2).map { it.id })
        assertTrue(record.dueNotifications(clock.now()).none { it.ruleId == "glucose.low" })
        // The inbox: a snoozed alert is not listed until it is due again.
        val inbox = record.inbox(clock.now(), false).filter { it.ruleId == "glucose.low" }
        assertEquals(lows.drop(2).map { it.id }.toSet(), inbox.map { it.id }.toSet())

        // Back up and restore, each a suspend call; compare.
        val before = contents(record, clock.now())
        val backup = File(folder.root, "alex.phrbackup").path
        record.backupTo(backup, "correct horse battery staple")
        record.closeRecord()
        assertThrows(RecordException.Closed::class.java) { record.entries(EntryFilter(), Viewer.PERSON) }

        val restoredPath = File(folder.root, "restored.phr").path
        val wrong = runCatching { restoreRecord(backup, "wrong horse battery staple", restoredPath, generateDatabaseKey()) }
        assertTrue(wrong.exceptionOrNull() is RecordException.WrongPassphrase)
        assertFalse(File(restoredPath).exists())
        val restored = restoreRecordWithKeyStore(backup, "correct horse battery staple", restoredPath, "restored", keys)
        restored.setTimeSource(clock)
        assertTrue(restored.check().whole)
        assertEquals(before, contents(restored, clock.now()))
        restored.closeRecord()

        // The original opens again with the key from the key store.
        val reopened = PersonHeldRecord.openWithKeyStore(path, "alex", keys)
        assertNotNull(reopened.entry(id(EntryKind.IDENTITY), Viewer.EMERGENCY))
        reopened.closeRecord()
    }

    private val progressLock = Any()
    private val seen = mutableListOf<SyncProgress>()
}
